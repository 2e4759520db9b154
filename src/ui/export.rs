//! Downloads without a server: text files (CSV, SVG), an SVG drawn onto a canvas at a scale as
//! PNG, a canvas as PNG, and scrolling an element into view. Calls the few DOM methods web-sys
//! features do not cover here (`Image`, `drawImage`, `scrollIntoView` options) through
//! `js_sys::Reflect`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Starts a download of `url` (a `data:` URL) as `filename`.
pub fn download_url(filename: &str, url: &str) {
    let Some(doc) = document() else { return };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", url);
    let _ = a.set_attribute("download", filename);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        if let Some(el) = a.dyn_ref::<web_sys::HtmlElement>() {
            el.click();
        }
        a.remove();
    }
}

/// Downloads `text` as a file.
pub fn download_text(filename: &str, mime: &str, text: &str) {
    let data = String::from(js_sys::encode_uri_component(text));
    download_url(filename, &format!("data:{mime};charset=utf-8,{data}"));
}

/// Draws the SVG text on a white canvas at `scale` and downloads it as PNG.
pub fn download_svg_as_png(svg: String, width: f64, height: f64, scale: f64, filename: String) {
    let Some(doc) = document() else { return };
    let Ok(img) = doc.create_element("img") else {
        return;
    };
    let img2 = img.clone();
    let onload = Closure::once(move || {
        let Some(doc) = document() else { return };
        let Some(canvas) = doc
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((width * scale).ceil() as u32);
        canvas.set_height((height * scale).ceil() as u32);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, width * scale, height * scale);
        let _ = ctx.scale(scale, scale);
        if let Ok(draw) = js_sys::Reflect::get(&ctx, &"drawImage".into()) {
            if let Some(f) = draw.dyn_ref::<js_sys::Function>() {
                // drawImage(img, 0, 0, w, h): the SVG's viewBox scales to the given size,
                // whatever zoom its width/height attributes were serialised at.
                let args = js_sys::Array::of5(
                    &img2,
                    &0.0.into(),
                    &0.0.into(),
                    &width.into(),
                    &height.into(),
                );
                let _ = js_sys::Reflect::apply(f, &ctx, &args);
            }
        }
        if let Ok(url) = canvas.to_data_url() {
            download_url(&filename, &url);
        }
    });
    let _ = img.add_event_listener_with_callback("load", onload.as_ref().unchecked_ref());
    onload.forget();
    let data = String::from(js_sys::encode_uri_component(&svg));
    let _ = img.set_attribute("width", &width.to_string());
    let _ = img.set_attribute("height", &height.to_string());
    let _ = img.set_attribute("src", &format!("data:image/svg+xml;charset=utf-8,{data}"));
}

/// `el.scrollIntoView({block: "nearest", inline: "nearest", behavior})`: scrolls its
/// scrolling container (and the page, only as much as needed).
pub fn scroll_into_view(id: &str) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    let smooth = !web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false);
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"block".into(), &"nearest".into());
    let _ = js_sys::Reflect::set(&opts, &"inline".into(), &"nearest".into());
    let behavior = if smooth { "smooth" } else { "auto" };
    let _ = js_sys::Reflect::set(&opts, &"behavior".into(), &behavior.into());
    if let Ok(f) = js_sys::Reflect::get(&el, &"scrollIntoView".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(&el, &opts);
        }
    }
}

//! Shared by `/pooling`, `/conv-layer` and `/seagull`: drawing a map on a `<canvas>`, with
//! changed cells marked by a shape as well as a colour.

use leptos::prelude::*;
use ndarray::Array2;
use wasm_bindgen::{Clamped, JsCast};

/// How values map to grey levels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// 0 -> black, 1 -> white (images in 0..1).
    Unit,
    /// 0 -> black, the map's max -> white (ReLU maps).
    ToMax,
    /// Signed: the largest |v| -> white (positive) or black (negative), 0 -> mid grey.
    Signed,
}

fn grey_levels(map: &Array2<f32>, scale: Scale) -> Vec<u8> {
    let max_abs = map.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-6);
    let max = map.iter().fold(0.0f32, |m, &v| m.max(v)).max(1e-6);
    map.iter()
        .map(|&v| {
            let t = match scale {
                Scale::Unit => v,
                Scale::ToMax => v / max,
                Scale::Signed => 0.5 + 0.5 * v / max_abs,
            };
            (t.clamp(0.0, 1.0) * 255.0).round() as u8
        })
        .collect()
}

/// Draws `map` on `canvas` at its own resolution (the CSS scales it up, pixelated).
pub fn draw_map(canvas: &web_sys::HtmlCanvasElement, map: &Array2<f32>, scale: Scale) {
    let (h, w) = map.dim();
    if h == 0 || w == 0 {
        return;
    }
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let Some(ctx) = context(canvas) else { return };
    let mut rgba = Vec::with_capacity(w * h * 4);
    for g in grey_levels(map, scale) {
        rgba.extend_from_slice(&[g, g, g, 255]);
    }
    if let Ok(data) =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32)
    {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// Draws a small map cell by cell, `cell` canvas pixels each, and marks each `true` flag with an
/// outlined dot (a shape, so the mark does not rely on colour).
pub fn draw_map_marked(
    canvas: &web_sys::HtmlCanvasElement,
    map: &Array2<f32>,
    scale: Scale,
    flags: Option<&Array2<bool>>,
    cell: f64,
) {
    let (h, w) = map.dim();
    canvas.set_width((w as f64 * cell) as u32);
    canvas.set_height((h as f64 * cell) as u32);
    let Some(ctx) = context(canvas) else { return };
    let levels = grey_levels(map, scale);
    for (i, g) in levels.iter().enumerate() {
        let (r, c) = (i / w, i % w);
        ctx.set_fill_style_str(&format!("rgb({g},{g},{g})"));
        ctx.fill_rect(c as f64 * cell, r as f64 * cell, cell, cell);
    }
    let Some(flags) = flags else { return };
    let rad = (cell * 0.22).max(1.5);
    ctx.set_line_width((cell * 0.08).max(1.0));
    for ((r, c), &f) in flags.indexed_iter() {
        if !f {
            continue;
        }
        let (x, y) = ((c as f64 + 0.5) * cell, (r as f64 + 0.5) * cell);
        ctx.begin_path();
        let _ = ctx.arc(x, y, rad, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str("#e69f00");
        ctx.fill();
        ctx.set_stroke_style_str("#000");
        ctx.stroke();
    }
}

pub fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
}

/// An `<img>`-like canvas figure with a caption; `draw` runs whenever its inputs change.
#[component]
pub fn MapCanvas(
    /// Accessible description of the picture.
    #[prop(into)]
    label: Signal<String>,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// Draws into the canvas (tracked: re-runs on the signals it reads).
    draw: impl Fn(&web_sys::HtmlCanvasElement) + 'static,
    /// Extra class, e.g. `"map-small"`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = node.get() {
            draw(&c);
        }
    });
    view! {
        <canvas
            node_ref=node
            class=format!("map-canvas {class}")
            role="img"
            aria-label=move || label.get()
            data-testid=testid
        ></canvas>
    }
}

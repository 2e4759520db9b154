//! The frame of every SVG diagram: the diagram, then its export control. The export is the
//! diagram as drawn (each element's computed colours, lines and fonts written into it, so it
//! stands alone without the page's stylesheet), on white, under a title naming the lesson, the
//! figure and its settings, over a one-line credit; as SVG, or as PNG at 2x.

use crate::figure::export::{Caption, CREDIT};
use crate::ui::export::{download_svg_as_png, download_text};
use crate::ui::viz::chart::export::{caption, ExportButtons};
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// The properties written into each element of an exported diagram.
const PROPS: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "display",
    "visibility",
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Copies the computed style of `from` (and of every descendant) onto `to` (a deep clone).
fn inline_styles(from: &web_sys::Element, to: &web_sys::Element) {
    let Some(w) = web_sys::window() else { return };
    let pairs = std::iter::once((from.clone(), to.clone())).chain({
        let a = from.query_selector_all("*").ok();
        let b = to.query_selector_all("*").ok();
        let n = a.as_ref().map_or(0, |l| l.length());
        (0..n).filter_map(move |i| {
            let x = a.as_ref()?.item(i)?.dyn_into::<web_sys::Element>().ok()?;
            let y = b.as_ref()?.item(i)?.dyn_into::<web_sys::Element>().ok()?;
            Some((x, y))
        })
    });
    for (src, dst) in pairs {
        let Ok(Some(cs)) = w.get_computed_style(&src) else {
            continue;
        };
        let style: String = PROPS
            .iter()
            .filter_map(|p| {
                let v = cs.get_property_value(p).ok()?;
                (!v.is_empty()).then(|| format!("{p}:{v};"))
            })
            .collect();
        let _ = dst.set_attribute("style", &style);
        let _ = dst.remove_attribute("class");
    }
}

/// The diagram as a standalone SVG document with title and credit, and its size in CSS pixels.
fn standalone(svg: &web_sys::Element, cap: &Caption) -> Option<(String, f64, f64)> {
    let rect = svg.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    let clone: web_sys::Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    inline_styles(svg, &clone);
    // The diagram keeps its own coordinates; title and credit go into a frame around it.
    let _ = clone.set_attribute("width", &format!("{w:.0}"));
    let _ = clone.set_attribute("height", &format!("{h:.0}"));
    let _ = clone.set_attribute("x", "0");
    let _ = clone.set_attribute("y", "0");
    let _ = clone.remove_attribute("style");
    let inner = clone.outer_html();
    // Title words wrapped at about 8 px a character of 16 px text.
    let per_line =
        ((w.max(20.0 + 7.5 * CREDIT.chars().count() as f64) - 20.0) / 8.5).max(20.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    for word in cap.title().split(' ') {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= per_line => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    let head = 12.0 + 22.0 * lines.len() as f64;
    let foot = 30.0;
    let total = head + h + foot;
    // As wide as the credit line needs (about 7.5 px a character of 14 px text), the diagram
    // centred.
    let width = w.max(20.0 + 7.5 * CREDIT.chars().count() as f64);
    let dx = (width - w) / 2.0;
    let title: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "<text x=\"10\" y=\"{:.0}\" font-family=\"sans-serif\" font-size=\"16\" fill=\"#111418\">{}</text>",
                26.0 + 22.0 * i as f64,
                escape(l)
            )
        })
        .collect();
    let doc = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{total:.0}\" \
         viewBox=\"0 0 {width:.0} {total:.0}\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\
         {title}<g transform=\"translate({dx:.0} {head:.0})\">{inner}</g>\
         <text x=\"10\" y=\"{:.0}\" font-family=\"sans-serif\" font-size=\"14\" fill=\"#3d4450\">{}</text></svg>",
        head + h + 20.0,
        escape(CREDIT)
    );
    Some((doc, width, total))
}

/// Downloads the diagram `svg` as a standalone SVG, or as PNG at 2x.
pub fn download(svg: &web_sys::Element, cap: &Caption, png: bool) -> Result<(), String> {
    let (doc, w, h) = standalone(svg, cap).ok_or("the drawing could not be copied")?;
    if png {
        download_svg_as_png(doc, w, h, 2.0, cap.file_name("png"));
    } else {
        download_text(&cap.file_name("svg"), "image/svg+xml", &doc);
    }
    Ok(())
}

/// An SVG diagram (the first `<svg>` among `children`) with its export control.
#[component]
pub fn Figure(
    /// Short, lower case: "the layer stack, unrolled".
    #[prop(into)]
    name: String,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let loc = use_location();
    let failed = RwSignal::new(None::<String>);
    let svg = move || -> Result<web_sys::Element, String> {
        let div = node
            .get_untracked()
            .ok_or("the figure is not on the page")?;
        div.query_selector("svg")
            .ok()
            .flatten()
            .ok_or_else(|| "the figure has no drawing".to_string())
    };
    let stored = StoredValue::new(name.clone());
    let cap = move || {
        caption(
            &stored.get_value(),
            &loc.pathname.get_untracked(),
            &loc.search.get_untracked(),
        )
    };
    let run = move |png: bool| failed.set(svg().and_then(|s| download(&s, &cap(), png)).err());
    let on_svg = move |_| run(false);
    let on_png = move |_| run(true);
    view! {
        <div class="figure" node_ref=node data-figure=name>
            {children()}
            <ExportButtons on_svg on_png failed />
        </div>
    }
}

//! Images and feature maps as SVG grids of cells (crisp at any zoom, no canvas scaling).

use crate::ui::viz::figure::Figure;
use leptos::prelude::*;

/// How values map to colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Palette {
    /// 0 = paper, 1 = ink (an image).
    Ink,
    /// Signed values: blue below zero, white at zero, vermillion above; `max` is full colour.
    Signed { max: f32 },
}

fn mix(a: (f32, f32, f32), t: f32) -> String {
    let t = t.clamp(0.0, 1.0);
    let c = |v: f32| (255.0 + (v - 255.0) * t).round() as u8;
    format!("rgb({},{},{})", c(a.0), c(a.1), c(a.2))
}

/// The fill colour of one value.
pub fn colour(v: f32, palette: Palette) -> String {
    match palette {
        Palette::Ink => mix((17.0, 20.0, 24.0), v),
        Palette::Signed { max } => {
            let t = if max > 0.0 { v / max } else { 0.0 };
            if t >= 0.0 {
                mix((213.0, 94.0, 0.0), t)
            } else {
                mix((0.0, 114.0, 178.0), -t)
            }
        }
    }
}

/// `h x w` cells of side `cell` (row-major `data`), as SVG rects starting at (0, 0).
pub fn cells(data: &[f32], h: usize, w: usize, cell: f64, palette: Palette) -> impl IntoView {
    (0..h * w)
        .map(|i| {
            let (r, c) = (i / w, i % w);
            let v = data.get(i).copied().unwrap_or(0.0);
            view! {
                <rect x=c as f64 * cell y=r as f64 * cell width=cell + 0.02 height=cell + 0.02
                    style=format!("fill:{}", colour(v, palette)) />
            }
        })
        .collect_view()
}

/// A whole heat map: an SVG of `h x w` cells with a frame and an accessible label.
#[component]
pub fn HeatMap(
    data: Vec<f32>,
    h: usize,
    w: usize,
    palette: Palette,
    #[prop(into)] label: String,
    /// Rows and columns `[start, end)` to outline (e.g. where a property must hold).
    #[prop(optional)]
    outline: Option<((usize, usize), (usize, usize))>,
    /// The figure's name in export titles.
    #[prop(optional)]
    name: Option<&'static str>,
) -> impl IntoView {
    let cell = 10.0;
    let frame = outline.map(|((r0, r1), (c0, c1))| {
        view! {
            <rect class="heat-outline" x=c0 as f64 * cell y=r0 as f64 * cell
                width=(c1.saturating_sub(c0)) as f64 * cell
                height=(r1.saturating_sub(r0)) as f64 * cell />
        }
    });
    view! {
            <Figure name=name.unwrap_or("heat map")>
    <svg class="heat" role="img" aria-label=label
                viewBox=format!("-1 -1 {} {}", w as f64 * cell + 2.0, h as f64 * cell + 2.0)>
                {cells(&data, h, w, cell, palette)}
                <rect class="heat-frame" x="0" y="0" width=w as f64 * cell height=h as f64 * cell />
                {frame}
            </svg>
    </Figure>
        }
}

//! Drawing helpers shared by lesson pages: SVG network diagrams, heat maps, signal plots,
//! plotters charts, and the count animation. They take data and signals; none knows its lesson.

pub mod canvas;
pub mod chart;
pub mod grad_charts;
pub mod heat;
pub mod layer_views;
pub mod maps;
pub mod net_charts;
pub mod network;
pub mod palette;
pub mod plot;
pub mod tween;

pub use palette::{tone, TONES};

/// Whether the reader asked for reduced motion (`prefers-reduced-motion: reduce`).
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// `1234567` -> `"1,234,567"`.
pub fn thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

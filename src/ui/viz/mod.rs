//! Drawing helpers shared by lesson pages: SVG network diagrams, heat maps, signal plots,
//! plotters charts, and the count animation. They take data and signals; none knows its lesson.

pub mod chart;
pub mod figure;
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
    crate::figure::units::grouped(i64::try_from(v).unwrap_or(i64::MAX))
}

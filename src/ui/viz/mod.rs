//! Drawing helpers shared by lesson pages: SVG network diagrams, heat maps, signal plots,
//! plotters charts, and the count animation. They take data and signals; none knows its lesson.

pub mod canvas;
pub mod heat;
pub mod network;
pub mod plot;
pub mod tween;

/// Okabe & Ito (2008) colour-blind-safe palette, in the order weights are coloured: blue,
/// vermillion, bluish green, reddish purple, orange, sky blue, yellow; the eighth is the text
/// colour (black in light mode).
pub const TONES: [&str; 8] = [
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#f0e442",
    "currentColor",
];

/// The tone of weight `t` (0-based); colours repeat after eight.
pub fn tone(t: usize) -> &'static str {
    TONES[t % TONES.len()]
}

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

//! The one palette: Okabe & Ito (2008), colour-blind safe, as in `style/base.css`. Charts use
//! the `RGBColor`s, SVG and CSS the hex strings of [`TONES`].

use plotters::style::RGBColor;

pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const SKY: RGBColor = RGBColor(86, 180, 233);
pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
/// Axis text and guides that must read on light and dark backgrounds alike.
pub const GREY: RGBColor = RGBColor(138, 144, 153);

/// The palette in the order weights are coloured (blue, vermillion, bluish green, reddish purple,
/// orange, sky blue, yellow); the eighth is the text colour (black in light mode).
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

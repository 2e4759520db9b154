//! The one palette (`crate::figure::palette`: Okabe & Ito 2008, colour-blind safe, as in
//! `style/base.css`) as plotters colours for charts and as hex strings for SVG and CSS.

use crate::figure::palette as p;
use plotters::style::RGBColor;

use super::chart::rgb;

pub const BLUE: RGBColor = rgb(p::BLUE);
pub const VERMILLION: RGBColor = rgb(p::VERMILLION);
pub const GREEN: RGBColor = rgb(p::GREEN);
pub const PURPLE: RGBColor = rgb(p::PURPLE);
pub const ORANGE: RGBColor = rgb(p::ORANGE);
pub const SKY: RGBColor = rgb(p::SKY);

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

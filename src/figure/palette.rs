//! The one palette of every chart and figure: Okabe & Ito's (2008) colour-blind-safe colours, in
//! an order whose neighbours also differ in greyscale, and the text colours of the light and dark
//! themes (as in `style/base.css`), which must keep a contrast of at least 4.5:1 (WCAG AA) against
//! the chart background, so a projector does not wash them out.

/// An sRGB colour.
pub type Rgb = [u8; 3];

pub const BLUE: Rgb = [0, 114, 178];
pub const VERMILLION: Rgb = [213, 94, 0];
pub const GREEN: Rgb = [0, 158, 115];
pub const PURPLE: Rgb = [204, 121, 167];
pub const ORANGE: Rgb = [230, 159, 0];
pub const SKY: Rgb = [86, 180, 233];
pub const YELLOW: Rgb = [240, 228, 66];

/// Series colours in the order charts use them: dark, light, dark, ... (greyscale-distinct
/// neighbours); charts that draw several runs of one kind take them in this order, and tell
/// related series apart by dash as well (a shortcut run is dashed).
pub const SERIES: [Rgb; 5] = [BLUE, ORANGE, VERMILLION, SKY, GREEN];

/// The colours a chart draws its frame and text with, per theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub background: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
}

pub const LIGHT: Theme = Theme {
    background: [255, 255, 255],
    text: [17, 20, 24],
    muted: [61, 68, 80],
    grid: [220, 224, 230],
};

pub const DARK: Theme = Theme {
    background: [15, 18, 22],
    text: [242, 244, 247],
    muted: [195, 202, 212],
    grid: [58, 66, 78],
};

/// WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `#rrggbb`.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// A diverging colour for `t` in -1..1: blue below 0, white at 0, vermillion above (colour-blind
/// safe; the sign stays readable in greyscale as darker on both sides).
pub fn diverging(t: f32) -> Rgb {
    let t = if t.is_finite() {
        t.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let end = if t < 0.0 { BLUE } else { VERMILLION };
    let a = t.abs();
    std::array::from_fn(|i| (255.0 + (f32::from(end[i]) - 255.0) * a).round() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_text_survives_a_projector_in_both_themes() {
        for t in [LIGHT, DARK] {
            assert!(contrast(t.text, t.background) >= 4.5, "{t:?}");
            assert!(contrast(t.muted, t.background) >= 4.5, "{t:?}");
        }
    }

    #[test]
    fn neighbouring_series_differ_in_greyscale() {
        for w in SERIES.windows(2) {
            let (a, b) = (luminance(w[0]), luminance(w[1]));
            assert!(
                (a - b).abs() >= 0.14,
                "{} and {}: {a:.2} vs {b:.2}",
                hex(w[0]),
                hex(w[1])
            );
        }
    }

    #[test]
    fn contrast_is_symmetric_and_bounded() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert_eq!(contrast(BLUE, VERMILLION), contrast(VERMILLION, BLUE));
        assert_eq!(hex(BLUE), "#0072b2");
    }

    #[test]
    fn diverging_ends_and_middle() {
        assert_eq!(diverging(0.0), [255, 255, 255]);
        assert_eq!(diverging(-1.0), BLUE);
        assert_eq!(diverging(1.0), VERMILLION);
        assert_eq!(diverging(f32::NAN), [255, 255, 255]);
        assert!(luminance(diverging(-0.5)) < luminance(diverging(0.0)));
    }
}

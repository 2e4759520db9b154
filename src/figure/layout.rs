//! Where a drawing's texts, legend and data points are, and the checks on them: no two texts
//! overlap, none leaves the canvas, no legend box covers a data point. The chart component
//! records a [`Layout`] as it draws (in the canvas's own pixels) and publishes it on the page, so
//! the end-to-end tests check every chart of every route with the same rules as [`problems`].

use serde::Serialize;

/// An axis-aligned box: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Self { x, y, w, h }
    }
    /// Whether the two boxes share more than `tol` pixels in both directions.
    pub fn overlaps(&self, o: &Rect, tol: f64) -> bool {
        let dx = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        let dy = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        dx > tol && dy > tol
    }
    /// Whether the box lies within a `w` x `h` canvas, give or take `tol` pixels.
    pub fn inside(&self, w: f64, h: f64, tol: f64) -> bool {
        self.x >= -tol && self.y >= -tol && self.x + self.w <= w + tol && self.y + self.h <= h + tol
    }
    pub fn contains(&self, (px, py): (f64, f64)) -> bool {
        px > self.x && px < self.x + self.w && py > self.y && py < self.y + self.h
    }
}

/// Horizontal anchor of a text at its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// Vertical anchor of a text at its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Center,
    Bottom,
}

/// The box of a `w` x `h` text drawn at `(x, y)` with that anchor; `quarter_turns` clockwise
/// rotations (0..=3) about the anchor point, as a canvas draws rotated axis titles and names.
pub fn text_box(
    (x, y): (f64, f64),
    (w, h): (f64, f64),
    ha: HAlign,
    va: VAlign,
    quarter_turns: u8,
) -> Rect {
    // Unrotated: offsets of the box's left and top from the anchor.
    let dx = match ha {
        HAlign::Left => 0.0,
        HAlign::Center => -w / 2.0,
        HAlign::Right => -w,
    };
    let dy = match va {
        VAlign::Top => 0.0,
        VAlign::Center => -h / 2.0,
        VAlign::Bottom => -h,
    };
    match quarter_turns % 4 {
        0 => Rect::new(x + dx, y + dy, w, h),
        // 90 degrees clockwise: (u, v) -> (-v, u).
        1 => Rect::new(x - (dy + h), y + dx, h, w),
        2 => Rect::new(x - (dx + w), y - (dy + h), w, h),
        // 270 degrees clockwise: (u, v) -> (v, -u).
        _ => Rect::new(x + dy, y - (dx + w), h, w),
    }
}

/// One text drawn: its content, its box and its font size (canvas pixels).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextBox {
    pub text: String,
    pub rect: Rect,
    pub px: f64,
}

/// What a drawing put where, in canvas pixels.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Every text drawn, with its box and size.
    pub texts: Vec<TextBox>,
    /// Every legend box drawn.
    pub legends: Vec<Rect>,
    /// Every data point drawn (markers and the vertices of data lines; bars' tops).
    pub points: Vec<(f64, f64)>,
}

/// Every rule the layout breaks, in words (empty: none). Boxes may touch within `tol` pixels.
pub fn problems(l: &Layout, tol: f64) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in l.texts.iter().enumerate() {
        if !a.rect.inside(l.width, l.height, tol) {
            out.push(format!(
                "text {:?} at {:?} leaves the {}x{} canvas",
                a.text, a.rect, l.width, l.height
            ));
        }
        for b in &l.texts[i + 1..] {
            if a.rect.overlaps(&b.rect, tol) {
                out.push(format!("texts {:?} and {:?} overlap", a.text, b.text));
            }
        }
    }
    for g in &l.legends {
        if let Some(p) = l.points.iter().find(|p| g.contains(**p)) {
            out.push(format!("the legend at {g:?} covers the data point {p:?}"));
        }
    }
    out
}

/// Legend entries of these widths, `gap` apart, flowed into rows no wider than `avail`: the
/// indices of each row (an entry wider than a row gets a row of its own).
pub fn flow(widths: &[f64], avail: f64, gap: f64) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0.0;
    for (i, &w) in widths.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if used + gap + w <= avail => {
                row.push(i);
                used += gap + w;
            }
            _ => {
                rows.push(vec![i]);
                used = w;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_overlap_only_when_they_share_area() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!(a.overlaps(&Rect::new(5.0, 5.0, 10.0, 10.0), 0.5));
        assert!(
            !a.overlaps(&Rect::new(10.0, 0.0, 10.0, 10.0), 0.5),
            "touching"
        );
        assert!(!a.overlaps(&Rect::new(0.0, 10.2, 10.0, 10.0), 0.5));
        assert!(a.inside(10.0, 10.0, 0.0));
        assert!(!Rect::new(-2.0, 0.0, 5.0, 5.0).inside(10.0, 10.0, 1.0));
    }

    #[test]
    fn anchored_boxes_sit_where_the_anchor_says() {
        let r = text_box((100.0, 50.0), (40.0, 10.0), HAlign::Center, VAlign::Top, 0);
        assert_eq!(r, Rect::new(80.0, 50.0, 40.0, 10.0));
        let r = text_box(
            (100.0, 50.0),
            (40.0, 10.0),
            HAlign::Right,
            VAlign::Center,
            0,
        );
        assert_eq!(r, Rect::new(60.0, 45.0, 40.0, 10.0));
    }

    #[test]
    fn rotated_boxes_swap_width_and_height() {
        // A y-axis title: rotated a quarter turn counter-clockwise (three clockwise), centred.
        let r = text_box(
            (20.0, 100.0),
            (60.0, 14.0),
            HAlign::Center,
            VAlign::Center,
            3,
        );
        assert_eq!(r, Rect::new(13.0, 70.0, 14.0, 60.0));
        // A name under a bar, a quarter turn clockwise, starting at the anchor.
        let r = text_box((50.0, 200.0), (30.0, 10.0), HAlign::Left, VAlign::Center, 1);
        assert_eq!(r, Rect::new(45.0, 200.0, 10.0, 30.0));
    }

    #[test]
    fn problems_name_overlaps_overflow_and_covered_points() {
        let mut l = Layout {
            width: 100.0,
            height: 50.0,
            ..Layout::default()
        };
        let text = |t: &str, rect| TextBox {
            text: t.into(),
            rect,
            px: 14.0,
        };
        l.texts.push(text("a", Rect::new(0.0, 0.0, 20.0, 10.0)));
        l.texts.push(text("b", Rect::new(30.0, 0.0, 20.0, 10.0)));
        assert!(problems(&l, 0.5).is_empty());
        l.texts.push(text("c", Rect::new(15.0, 5.0, 20.0, 10.0)));
        l.texts.push(text("d", Rect::new(90.0, 45.0, 20.0, 10.0)));
        l.legends.push(Rect::new(60.0, 20.0, 30.0, 20.0));
        l.points.push((70.0, 30.0));
        l.points.push((10.0, 40.0));
        let p = problems(&l, 0.5);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p.iter().any(|s| s.contains("\"a\" and \"c\"")));
        assert!(p.iter().any(|s| s.contains("\"b\" and \"c\"")));
        assert!(p
            .iter()
            .any(|s| s.contains("\"d\"") && s.contains("leaves")));
        assert!(p
            .iter()
            .any(|s| s.contains("covers the data point (70.0, 30.0)")));
    }

    #[test]
    fn legends_flow_into_rows() {
        assert_eq!(
            flow(&[30.0, 30.0, 30.0], 100.0, 10.0),
            vec![vec![0, 1], vec![2]]
        );
        assert_eq!(flow(&[30.0, 30.0, 30.0], 110.0, 10.0), vec![vec![0, 1, 2]]);
        assert_eq!(flow(&[150.0, 20.0], 100.0, 10.0), vec![vec![0], vec![1]]);
        assert!(flow(&[], 100.0, 10.0).is_empty());
    }
}

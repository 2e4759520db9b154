//! Series styles that differ in colour, dash and marker (so two series differ in greyscale
//! too), drawing a series while recording its points, and the legend: drawn above the plot,
//! outside the data, only for series that have data.

use super::axes::{text_h, text_w, Chart2d, Res};
use super::{Area, Ctx};
use crate::figure::layout::flow;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a series' line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

/// A series' look: colour, line width (CSS px), dash, and marker radius (CSS px, 0: none).
#[derive(Clone, Copy, Debug)]
pub struct Look {
    pub colour: RGBColor,
    pub width: f64,
    pub dash: Dash,
    pub marker: f64,
}

impl Look {
    pub fn colour(colour: RGBColor) -> Self {
        Self {
            colour,
            width: 3.0,
            dash: Dash::Solid,
            marker: 0.0,
        }
    }
    pub fn width(mut self, w: f64) -> Self {
        self.width = w;
        self
    }
    pub fn dash(mut self, d: Dash) -> Self {
        self.dash = d;
        self
    }
    pub fn marker(mut self, r: f64) -> Self {
        self.marker = r;
        self
    }
}

/// Draws `points` as a line (and markers) in `look`, and records them as data points.
pub fn line(chart: &mut Chart2d<'_, '_>, c: &Ctx, points: &[(f64, f64)], look: Look) -> Res<()> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let style = look.colour.stroke_width(c.px(look.width).max(1));
    match look.dash {
        Dash::Solid => {
            chart.draw_series(LineSeries::new(pts.clone(), style))?;
        }
        Dash::Dashed => {
            chart.draw_series(DashedLineSeries::new(
                pts.clone(),
                c.px(10.0),
                c.px(6.0),
                style,
            ))?;
        }
        Dash::Dotted => {
            chart.draw_series(DashedLineSeries::new(
                pts.clone(),
                c.px(3.0),
                c.px(5.0),
                style,
            ))?;
        }
    }
    if look.marker > 0.0 {
        let r = c.px(look.marker).max(1);
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, r, look.colour.filled())))?;
    }
    c.mark(pts.iter().map(|p| chart.backend_coord(p)));
    Ok(())
}

/// Records the tops of bars (or any data drawn by the caller) as data points.
pub fn mark(chart: &Chart2d<'_, '_>, c: &Ctx, points: impl IntoIterator<Item = (f64, f64)>) {
    c.mark(points.into_iter().map(|p| chart.backend_coord(&p)));
}

/// A legend entry: the series' label and look.
#[derive(Clone, Debug)]
pub struct Entry {
    pub label: String,
    pub look: Look,
}

impl Entry {
    pub fn new(label: impl Into<String>, look: Look) -> Self {
        Self {
            label: label.into(),
            look,
        }
    }
}

/// Reserves a strip above the plot for the legend of `entries` (flowed into rows) and draws
/// those of them that have data (`shown`); returns the rest of the area. The strip is reserved
/// even before any series has data, so the plot does not jump when the first one arrives; no
/// legend box is drawn until then.
pub fn legend<'a>(area: &Area<'a>, c: &Ctx, entries: &[Entry], shown: &[bool]) -> Res<Area<'a>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let font = c.font(14.0).pos(Pos::new(HPos::Left, VPos::Center));
    let fh = text_h(area, &font);
    let sample = f64::from(c.px(26.0));
    let gap = f64::from(c.px(18.0));
    let pad = f64::from(c.px(6.0));
    let widths: Vec<f64> = entries
        .iter()
        .map(|e| sample + pad + text_w(area, &e.label, &font))
        .collect();
    let avail = f64::from(area.dim_in_pixel().0) - 2.0 * pad;
    let rows = flow(&widths, avail, gap);
    let row_h = fh + pad;
    let strip_h = rows.len() as f64 * row_h + pad;
    let (strip, rest) = area.split_vertically(strip_h.ceil() as u32);
    let any = shown.iter().any(|s| *s);
    if !any {
        return Ok(rest);
    }
    let (bx, by) = strip.get_base_pixel();
    let mut right = 0.0f64;
    for (r, row) in rows.iter().enumerate() {
        let y = pad / 2.0 + row_h * (r as f64 + 0.5);
        let mut x = pad;
        for &i in row {
            if shown.get(i).copied().unwrap_or(false) {
                let e = &entries[i];
                let style = e.look.colour.stroke_width(c.px(e.look.width).max(1));
                let (x0, x1) = (x.round() as i32, (x + sample).round() as i32);
                let yy = y.round() as i32;
                match e.look.dash {
                    Dash::Solid => {
                        strip.draw(&PathElement::new(vec![(x0, yy), (x1, yy)], style))?
                    }
                    _ => {
                        let (on, off) = if e.look.dash == Dash::Dashed {
                            (8.0, 5.0)
                        } else {
                            (3.0, 4.0)
                        };
                        let mut s = x;
                        while s < x + sample {
                            let t = (s + f64::from(c.px(on))).min(x + sample);
                            strip.draw(&PathElement::new(
                                vec![(s.round() as i32, yy), (t.round() as i32, yy)],
                                style,
                            ))?;
                            s = t + f64::from(c.px(off));
                        }
                    }
                }
                if e.look.marker > 0.0 {
                    let mid = ((x0 + x1) / 2, yy);
                    strip.draw(&Circle::new(
                        mid,
                        c.px(e.look.marker).max(1),
                        e.look.colour.filled(),
                    ))?;
                }
                strip.draw(&Text::new(
                    e.label.clone(),
                    ((x + sample + pad).round() as i32, yy),
                    font.clone(),
                ))?;
            }
            x += widths[i] + gap;
            right = right.max(x - gap);
        }
    }
    c.mark_legend(
        (bx, by),
        (bx + (right + pad).ceil() as i32, by + strip_h.ceil() as i32),
    );
    Ok(rest)
}

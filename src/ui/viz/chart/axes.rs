//! Axes in the data's own units with label areas sized from the measured tick labels (so axis
//! titles never touch them, and x labels thin out before they collide), and the measuring
//! helpers bar charts use for their own labels.

use super::{Area, Ctx};
use crate::figure::units::{label, Units};
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use std::ops::Range;

pub type Chart2d<'b, 'a> =
    ChartContext<'b, super::backend::Backend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
pub(super) type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// One axis: its title, its units, its range and the most ticks it may have.
#[derive(Clone)]
pub struct Axis<'t> {
    pub title: &'t str,
    pub units: Units,
    pub range: Range<f64>,
    pub ticks: usize,
}

impl<'t> Axis<'t> {
    pub fn new(title: &'t str, units: Units, range: Range<f64>) -> Self {
        let range = if range.end > range.start && range.start.is_finite() && range.end.is_finite() {
            range
        } else {
            0.0..1.0
        };
        Self {
            title,
            units,
            range,
            ticks: 8,
        }
    }
    pub fn ticks(mut self, n: usize) -> Self {
        self.ticks = n.max(2);
        self
    }
}

/// The tick values plotters draws for `range` with at most `n` labels, and their step.
fn keys(range: &Range<f64>, n: usize) -> (Vec<f64>, f64) {
    let coord: RangedCoordf64 = range.clone().into();
    let k = coord.key_points(n);
    let step = if k.len() > 1 {
        k[1] - k[0]
    } else {
        range.end - range.start
    };
    (k, step)
}

pub(super) fn text_w(area: &Area<'_>, text: &str, style: &TextStyle<'_>) -> f64 {
    area.estimate_text_size(text, style)
        .map_or(0.0, |(w, _)| f64::from(w))
}

pub(super) fn text_h(area: &Area<'_>, style: &TextStyle<'_>) -> f64 {
    area.estimate_text_size("Ag", style)
        .map_or(0.0, |(_, h)| f64::from(h))
}

/// The title above a panel (its own line, never over the data).
pub fn caption<'a>(area: &Area<'a>, c: &Ctx, text: &str) -> Res<Area<'a>> {
    let style = c.font(16.0).pos(Pos::new(HPos::Left, VPos::Top));
    let h = text_h(area, &style) + f64::from(c.px(6.0));
    let (top, rest) = area.split_vertically(h.ceil() as u32);
    top.draw(&Text::new(
        text.to_string(),
        (c.px(4.0) as i32, c.px(2.0) as i32),
        style,
    ))?;
    Ok(rest)
}

/// A cartesian chart over `area` with both axes in their units: tick counts chosen so labels fit,
/// label areas as wide as the widest label plus the axis title, the page's colours.
pub fn cartesian<'b, 'a>(
    area: &'b Area<'a>,
    c: &Ctx,
    x: Axis<'_>,
    y: Axis<'_>,
) -> Res<Chart2d<'b, 'a>> {
    let font = c.font(14.0);
    let fh = text_h(area, &font);
    let gap = f64::from(c.px(6.0));
    let tick = f64::from(c.px(5.0));
    let (yk, ystep) = keys(&y.range, y.ticks);
    let yw = yk
        .iter()
        .map(|v| text_w(area, &label(*v, y.units, ystep), &font))
        .fold(0.0, f64::max);
    let y_area = tick + gap + yw + gap + if y.title.is_empty() { 0.0 } else { fh + gap };
    let margin = f64::from(c.px(10.0));
    let plot_w = f64::from(area.dim_in_pixel().0) - y_area - 2.0 * margin;
    // The most x labels that fit side by side with a gap of two characters.
    let mut nx = x.ticks.max(2);
    let (mut xk, mut xstep) = keys(&x.range, nx);
    while nx > 2 {
        let widest = xk
            .iter()
            .map(|v| text_w(area, &label(*v, x.units, xstep), &font))
            .fold(0.0, f64::max);
        if (xk.len() as f64) * (widest + 2.0 * fh) <= plot_w {
            break;
        }
        nx -= 1;
        (xk, xstep) = keys(&x.range, nx);
    }
    let x_area = tick + gap + fh + gap + if x.title.is_empty() { 0.0 } else { fh + gap };
    let mut chart = ChartBuilder::on(area)
        .margin(margin.round() as u32)
        .margin_right((margin + fh).round() as u32)
        .x_label_area_size(x_area.ceil() as u32)
        .y_label_area_size(y_area.ceil() as u32)
        .build_cartesian_2d(x.range.clone(), y.range.clone())?;
    let (xu, yu) = (x.units, y.units);
    let fx = move |v: &f64| label(*v, xu, xstep);
    let fy = move |v: &f64| label(*v, yu, ystep);
    chart
        .configure_mesh()
        .x_labels(nx)
        .y_labels(y.ticks)
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .x_desc(x.title)
        .y_desc(y.title)
        .label_style(font.clone())
        .axis_desc_style(font)
        .axis_style(c.muted)
        .bold_line_style(c.grid)
        .light_line_style(TRANSPARENT)
        .set_all_tick_mark_size(tick.round() as u32)
        .draw()?;
    Ok(chart)
}

/// The y range `lo..hi` widened so it is not empty and has a little room above the data.
pub fn padded(lo: f64, hi: f64) -> Range<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-12 {
        return (lo - 0.5)..(hi + 0.5);
    }
    lo..(hi + (hi - lo) * 0.06)
}

/// The step between the ticks plotters draws for `range` with at most `n` labels.
pub fn step(range: &Range<f64>, n: usize) -> f64 {
    keys(range, n).1
}

/// The widest of `labels` in `style`, in device pixels.
pub fn widest(
    area: &Area<'_>,
    labels: impl IntoIterator<Item = String>,
    style: &TextStyle<'_>,
) -> f64 {
    labels
        .into_iter()
        .map(|l| text_w(area, &l, style))
        .fold(0.0, f64::max)
}

/// The height of a line of text in `style`, in device pixels.
pub fn line_height(area: &Area<'_>, style: &TextStyle<'_>) -> f64 {
    text_h(area, style)
}

/// One variant level for a whole row of labels: the first level (longest first) at which every
/// label fits `max` device pixels, so neighbours read alike; the last level if none does.
pub fn fit_all(
    area: &Area<'_>,
    variants: &[Vec<String>],
    style: &TextStyle<'_>,
    max: f64,
) -> Vec<String> {
    let levels = variants.iter().map(Vec::len).max().unwrap_or(0);
    let at = |v: &Vec<String>, l: usize| v.get(l).or(v.last()).cloned().unwrap_or_default();
    let level = (0..levels)
        .find(|&l| {
            variants
                .iter()
                .all(|v| text_w(area, &at(v, l), style) <= max)
        })
        .unwrap_or(levels.saturating_sub(1));
    variants.iter().map(|v| at(v, level)).collect()
}

/// The label area a value axis needs: tick mark, gap, the widest of its labels, gap.
pub fn value_area(
    area: &Area<'_>,
    c: &Ctx,
    range: &Range<f64>,
    n: usize,
    fmt: impl Fn(f64, f64) -> String,
) -> u32 {
    let (k, step) = keys(range, n);
    let w = widest(area, k.iter().map(|v| fmt(*v, step)), &c.font(14.0));
    (f64::from(c.px(5.0)) + 2.0 * f64::from(c.px(6.0)) + w).ceil() as u32
}

/// The mesh of a bar chart: `n` categories along x (no vertical grid lines), values up y, in the
/// page's colours and text.
pub fn bar_mesh(
    chart: &mut Chart2d<'_, '_>,
    c: &Ctx,
    n: usize,
    x_label: &dyn Fn(&f64) -> String,
    y_label: &dyn Fn(&f64) -> String,
    x_desc: &str,
) -> Res<()> {
    let font = c.font(14.0);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(x_label)
        .x_label_style(font.clone())
        .y_labels(5)
        .y_label_formatter(y_label)
        .y_label_style(font.clone())
        .axis_desc_style(font)
        .axis_style(c.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(c.grid);
    if !x_desc.is_empty() {
        mesh.x_desc(x_desc);
    }
    mesh.draw()?;
    Ok(())
}

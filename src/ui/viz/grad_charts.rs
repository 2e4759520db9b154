//! The charts of the gradient pages, drawn by the one chart component: an activation and its
//! derivative, per-layer values on a log scale, the layers x steps heat map, and error curves.
//! The callers keep NaN and infinities out (they are filtered here again, never drawn).

use super::chart::axes::{cartesian, padded, Axis};
use super::chart::series::{legend, line, Dash, Entry, Look};
use super::chart::{Area, Ctx, DrawResult};
use super::palette::{BLUE, VERMILLION};
use crate::figure::Units;
use crate::lessons::gradients::Act;
use plotters::prelude::*;

/// One curve of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub color: RGBColor,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

impl Line {
    fn look(&self) -> Look {
        Look::colour(self.color).dash(if self.dashed {
            Dash::Dashed
        } else {
            Dash::Solid
        })
    }
}

fn entries(lines: &[Line]) -> (Vec<Entry>, Vec<bool>) {
    let e = lines
        .iter()
        .map(|l| Entry::new(l.label.clone(), l.look()))
        .collect();
    let shown = lines.iter().map(|l| !l.points.is_empty()).collect();
    (e, shown)
}

/// `f` and `f'` of `act`, with the derivative's maximum marked.
pub fn activation(area: &Area<'_>, c: &Ctx, act: Act) -> DrawResult {
    let (x0, x1, y0, y1) = match act {
        Act::Sigmoid => (-6.0, 6.0, -0.05, 1.05),
        Act::Tanh => (-3.0, 3.0, -1.1, 1.1),
        Act::Relu => (-2.0, 2.0, -0.2, 2.05),
    };
    let pts = crate::lessons::gradients::curve(act, x0, x1, 241);
    let f_look = Look::colour(BLUE).width(3.5);
    let df_look = Look::colour(VERMILLION).width(3.5).dash(Dash::Dashed);
    let m = act.max_derivative();
    let max_look = Look::colour(VERMILLION)
        .width(1.5)
        .dash(Dash::Dotted)
        .marker(5.0);
    let items = [
        Entry::new(format!("f(x) = {}(x)", act.name()), f_look),
        Entry::new("f'(x)", df_look),
        Entry::new(format!("max f' = {m}"), max_look),
    ];
    let rest = legend(area, c, &items, &[true, true, true])?;
    let mut chart = cartesian(
        &rest,
        c,
        Axis::new("x", Units::Real, x0..x1),
        Axis::new("", Units::Real, y0..y1).ticks(6),
    )?;
    let f: Vec<_> = pts.iter().map(|p| (p.0, p.1)).collect();
    let df: Vec<_> = pts.iter().map(|p| (p.0, p.2)).collect();
    line(&mut chart, c, &f, f_look)?;
    line(&mut chart, c, &df, df_look)?;
    line(&mut chart, c, &[(x0, m), (x1, m)], max_look.marker(0.0))?;
    let at = if act == Act::Relu { 1.0 } else { 0.0 };
    line(&mut chart, c, &[(at, m)], max_look)?;
    Ok(())
}

/// Values per layer (x = 1..=`x_max`) on a log y axis. Non-finite or non-positive values are
/// dropped (a zero has no place on a log axis).
pub fn log_layers(
    area: &Area<'_>,
    c: &Ctx,
    x_max: usize,
    lines: &[Line],
    x_desc: &str,
    y_desc: &str,
) -> DrawResult {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let logs = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .filter(|&v| ok(v))
        .map(f64::log10);
    let (lo, hi) = logs.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    // Whole decades, at least two, with room above and below the data.
    let (lo, hi) = if lo > hi {
        (-3.0, 0.0)
    } else {
        let (l, h) = ((lo - 0.3).floor(), (hi + 0.3).ceil());
        (l, h.max(l + 2.0))
    };
    let (items, shown) = entries(lines);
    let rest = legend(area, c, &items, &shown)?;
    let mut chart = cartesian(
        &rest,
        c,
        Axis::new(x_desc, Units::Int, 0.5..x_max.max(1) as f64 + 0.5).ticks(x_max.clamp(1, 10) + 1),
        Axis::new(y_desc, Units::Pow10, lo..hi).ticks(((hi - lo) as usize + 1).min(8)),
    )?;
    for l in lines {
        let pts: Vec<(f64, f64)> = l
            .points
            .iter()
            .filter(|p| ok(p.1))
            .map(|&(x, y)| (x, y.log10()))
            .collect();
        let r = if pts.len() > 25 { 2.5 } else { 4.0 };
        line(&mut chart, c, &pts, l.look().marker(r))?;
    }
    Ok(())
}

/// A perceptual ramp from dark blue (small) to yellow (large), `t` in 0..1.
pub fn ramp(t: f64) -> RGBColor {
    let stops = [
        (0x2d, 0x1e, 0x5e),
        (0x21, 0x66, 0x8c),
        (0x22, 0xa8, 0x84),
        (0x9a, 0xd9, 0x3c),
        (0xfd, 0xe7, 0x25),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    } * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Layers (y, 1 at the bottom) x steps (x) heat map of log10 gradient norms; `steps` columns.
pub fn heat(
    area: &Area<'_>,
    c: &Ctx,
    rows: &[Vec<f64>],
    layers: usize,
    steps: usize,
) -> DrawResult {
    let logs = rows
        .iter()
        .flatten()
        .filter(|v| v.is_finite() && **v > 0.0)
        .map(|v| v.log10());
    let (lo, hi) = logs.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let span = (hi - lo).max(1e-9);
    let layers = layers.max(1);
    let chart = cartesian(
        area,
        c,
        Axis::new("training step", Units::Int, 0.0..steps.max(1) as f64),
        Axis::new("layer", Units::Int, 0.5..layers as f64 + 0.5).ticks(layers.min(10) + 1),
    )?;
    let cells = rows.iter().enumerate().flat_map(|(s, row)| {
        row.iter().enumerate().map(move |(l, &v)| {
            let t = if v.is_finite() && v > 0.0 {
                (v.log10() - lo) / span
            } else {
                0.0
            };
            Rectangle::new(
                [(s as f64, l as f64 + 0.5), (s as f64 + 1.0, l as f64 + 1.5)],
                ramp(t).filled(),
            )
        })
    });
    let mut chart = chart;
    chart.draw_series(cells)?;
    Ok(())
}

/// Error curves (x = training step, y = error 0..y_max), one look per line.
pub fn curves(
    area: &Area<'_>,
    c: &Ctx,
    steps: usize,
    y_max: f64,
    lines: &[Line],
    y_desc: &str,
) -> DrawResult {
    let (items, shown) = entries(lines);
    let rest = legend(area, c, &items, &shown)?;
    let mut chart = cartesian(
        &rest,
        c,
        Axis::new(
            "training step (mini-batches of 32)",
            Units::Int,
            0.0..steps.max(1) as f64,
        ),
        Axis::new(y_desc, Units::Percent, padded(0.0, y_max)),
    )?;
    for l in lines {
        let pts: Vec<(f64, f64)> = l
            .points
            .iter()
            .copied()
            .filter(|p| p.1.is_finite())
            .map(|(x, y)| (x, y.min(y_max)))
            .collect();
        line(&mut chart, c, &pts, l.look())?;
    }
    Ok(())
}

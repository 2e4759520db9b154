//! The charts of the architecture pages, drawn with plotters from calculator output only:
//! multiply-adds and parameters per weight layer (here), multiply-adds by resolution side by side
//! ([`resolution`]), and the ILSVRC winners by year ([`imagenet`]). Every label is measured
//! before it is placed: names under bars turn (or shorten) before they collide, values above bars
//! shorten to fit their bar's slot.

mod imagenet;
mod resolution;

pub use imagenet::imagenet;
pub use resolution::{by_resolution, SERIES};

use super::chart::axes::{bar_mesh, caption, line_height, step, value_area, widest};
use super::chart::series::mark;
use super::chart::{Area, Ctx, DrawResult};
use super::palette::{BLUE, GREEN, ORANGE, PURPLE};
use crate::figure::units::{label, Units};
use crate::lessons::arch::fmt::si;
use crate::lessons::arch::{LayerKind, LayerReport};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Bar colour of a weight layer: conv blue, projection shortcut green, fc orange, RBF purple.
fn layer_colour(r: &LayerReport) -> RGBColor {
    match r.kind {
        LayerKind::Dense => ORANGE,
        LayerKind::Rbf => PURPLE,
        _ if r.branch.as_deref() == Some("shortcut") => GREEN,
        _ => BLUE,
    }
}

/// Two panels, multiply-adds (top) and parameters (bottom) of every weight layer in order.
pub fn per_layer(area: &Area<'_>, c: &Ctx, rows: &[LayerReport]) -> DrawResult {
    let h = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(h / 2);
    bars(&top, c, "multiply-adds per weight layer", rows, |r| r.macs)?;
    bars(&bottom, c, "parameters per weight layer", rows, |r| {
        r.params + r.fixed_params
    })?;
    Ok(())
}

pub(super) fn si_label(v: f64, step: f64) -> String {
    label(v, Units::Si, step)
}

fn bars(
    area: &Area<'_>,
    c: &Ctx,
    title: &str,
    rows: &[LayerReport],
    value: impl Fn(&LayerReport) -> u64,
) -> DrawResult {
    let area = caption(area, c, title)?;
    let n = rows.len().max(1);
    let max = rows.iter().map(&value).max().unwrap_or(1).max(1) as f64;
    let font = c.font(14.0);
    let fh = line_height(&area, &font);
    let y_range = 0f64..max * 1.15;
    let y_step = step(&y_range, 5);
    let y_area = value_area(&area, c, &y_range, 5, si_label);
    let slot =
        (f64::from(area.dim_in_pixel().0) - f64::from(y_area) - f64::from(c.px(20.0))) / n as f64;
    // Layer names, turned a quarter, under the bars when each bar's slot holds a line of text
    // and the longest name takes at most a third of the panel; else layer numbers.
    let name_w = widest(&area, rows.iter().map(|r| r.path.clone()), &font);
    let named = slot >= fh * 1.15 && name_w <= f64::from(area.dim_in_pixel().1) / 3.0;
    let number_w = widest(&area, [format!("{n}")], &font);
    // Numbers every k-th layer, so they never touch.
    let every = (1..=n)
        .find(|k| slot * (*k as f64) >= number_w + fh)
        .unwrap_or(n);
    let x_area = if named {
        name_w + f64::from(c.px(12.0))
    } else {
        fh + f64::from(c.px(12.0))
    };
    let mut chart = ChartBuilder::on(&area)
        .margin(c.px(8.0))
        // Room for half the last layer's number, centred on the last bar.
        .margin_right((f64::from(c.px(8.0)) + number_w / 2.0).ceil() as u32)
        .x_label_area_size(x_area.ceil() as u32)
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y_range)?;
    // Numbers through the mesh; turned names are drawn below (plotters centres turned labels on
    // the axis, over the bars).
    let label = |x: &f64| -> String {
        let i = x.round();
        if named || (x - i).abs() > 0.01 || i < 0.0 {
            return String::new();
        }
        let i = i as usize;
        match rows.get(i) {
            Some(_) if (i + 1).is_multiple_of(every) || i == 0 => format!("{}", i + 1),
            _ => String::new(),
        }
    };
    bar_mesh(&mut chart, c, n, &label, &|y| si_label(*y, y_step), "")?;
    if named {
        let (bx, by) = area.get_base_pixel();
        let turned = font
            .clone()
            .transform(FontTransform::Rotate90)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (i, r) in rows.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64, 0.0));
            area.draw(&Text::new(
                r.path.clone(),
                (x - bx, y - by + c.px(6.0) as i32),
                turned.clone(),
            ))?;
        }
    }
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let x = i as f64;
        Rectangle::new(
            [(x - 0.4, 0.0), (x + 0.4, value(r) as f64)],
            layer_colour(r).filled(),
        )
    }))?;
    mark(
        &chart,
        c,
        rows.iter()
            .enumerate()
            .map(|(i, r)| (i as f64, value(r) as f64)),
    );
    // Name the largest bar, so the answer is readable without hovering.
    // The first of equal maxima (max_by_key keeps the last).
    if let Some((i, r)) = rows.iter().enumerate().rev().max_by_key(|(_, r)| value(r)) {
        let v = value(r);
        let left = (i as f64) < n as f64 * 0.6;
        let (anchor, dx) = if left {
            (Pos::new(HPos::Left, VPos::Center), 0.6)
        } else {
            (Pos::new(HPos::Right, VPos::Center), -0.6)
        };
        chart.draw_series(std::iter::once(Text::new(
            format!("{} {}", r.path, si(v)),
            (i as f64 + dx, max * 1.075),
            font.clone().pos(anchor),
        )))?;
    }
    Ok(())
}

//! The charts of the architecture pages, drawn with plotters from calculator output only:
//! multiply-adds and parameters per weight layer, multiply-adds by resolution side by side, and
//! the ILSVRC winners by year.

use super::chart::{Area, Ctx, DrawResult};
use super::palette::{BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION};
use crate::lessons::arch::flops::ResolutionRow;
use crate::lessons::arch::fmt::si;
use crate::lessons::arch::imagenet::{IlsvrcEntry, Reference};
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
pub fn per_layer(area: &Area, c: &Ctx, rows: &[LayerReport]) -> DrawResult {
    let h = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(h / 2);
    bars(&top, c, "multiply-adds per weight layer", rows, |r| r.macs)?;
    bars(&bottom, c, "parameters per weight layer", rows, |r| {
        r.params + r.fixed_params
    })?;
    Ok(())
}

fn bars(
    area: &Area,
    c: &Ctx,
    title: &str,
    rows: &[LayerReport],
    value: impl Fn(&LayerReport) -> u64,
) -> DrawResult {
    let n = rows.len().max(1);
    let max = rows.iter().map(&value).max().unwrap_or(1).max(1) as f64;
    // Layer names under the bars when each bar gets at least 16 CSS pixels.
    let named = n <= 24 && f64::from(area.dim_in_pixel().0) / c.s / (n as f64) >= 16.0;
    let mut chart = ChartBuilder::on(area)
        .caption(title, c.font(15.0))
        .margin(c.px(8.0))
        .x_label_area_size(c.px(if named { 78.0 } else { 26.0 }))
        .y_label_area_size(c.px(58.0))
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..max * 1.15)?;
    let label = |x: &f64| -> String {
        let i = x.round();
        if (x - i).abs() > 0.01 || i < 0.0 {
            return String::new();
        }
        match rows.get(i as usize) {
            // Leading spaces keep the rotated name off the axis line.
            Some(r) if named => format!("  {}", r.path),
            Some(_) => format!("{}", i as usize + 1),
            None => String::new(),
        }
    };
    let x_style = if named {
        c.font(11.0).transform(FontTransform::Rotate90)
    } else {
        c.font(11.0)
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(if named { n } else { 12 })
        .x_label_formatter(&label)
        .x_label_style(x_style)
        .y_labels(5)
        .y_label_formatter(&|y| si(*y as u64))
        .y_label_style(c.font(11.0))
        .axis_style(c.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(c.grid)
        .draw()?;
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let x = i as f64;
        Rectangle::new(
            [(x - 0.4, 0.0), (x + 0.4, value(r) as f64)],
            layer_colour(r).filled(),
        )
    }))?;
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
            (i as f64 + dx, max * 1.08),
            c.font(12.0).pos(anchor),
        )))?;
    }
    Ok(())
}

/// Colours of the networks in [`by_resolution`], in order (the page draws the legend).
pub const SERIES: [RGBColor; 3] = [VERMILLION, SKY, BLUE];

/// Grouped bars: multiply-adds at each output resolution, one colour per network
/// ([`SERIES`]).
pub fn by_resolution(area: &Area, c: &Ctx, nets: usize, rows: &[ResolutionRow]) -> DrawResult {
    let k = nets.max(1) as f64;
    let n = rows.len().max(1);
    let max = rows
        .iter()
        .flat_map(|r| r.macs.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    // On a phone "224x224" does not fit under a group: the height alone does.
    let narrow = f64::from(area.dim_in_pixel().0) / c.s / (n as f64) < 64.0;
    let mut chart = ChartBuilder::on(area)
        .caption("multiply-adds by output resolution", c.font(15.0))
        .margin(c.px(8.0))
        .x_label_area_size(c.px(40.0))
        .y_label_area_size(c.px(58.0))
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..max * 1.1)?;
    let label = |x: &f64| -> String {
        let i = x.round();
        match rows.get(i as usize) {
            Some(r) if (x - i).abs() < 0.01 && i >= 0.0 => {
                if narrow {
                    r.h.to_string()
                } else {
                    format!("{}x{}", r.h, r.w)
                }
            }
            _ => String::new(),
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&label)
        .x_label_style(c.font(11.0))
        .x_desc(if narrow {
            "output height (= width)"
        } else {
            "output height x width"
        })
        .y_labels(5)
        .y_label_formatter(&|y| si(*y as u64))
        .y_label_style(c.font(11.0))
        .axis_desc_style(c.font(12.0))
        .axis_style(c.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(c.grid)
        .draw()?;
    let w = 0.8 / k;
    for j in 0..nets {
        let colour = SERIES[j % SERIES.len()];
        chart.draw_series(rows.iter().enumerate().map(move |(i, r)| {
            let x0 = i as f64 - 0.4 + j as f64 * w;
            Rectangle::new(
                [(x0, 0.0), (x0 + w * 0.92, r.macs[j] as f64)],
                colour.filled(),
            )
        }))?;
    }
    Ok(())
}

/// ILSVRC classification, year by year: the top-5 error (upper panel) and the depth of the
/// entry in weight layers (lower panel); 2014's runner-up VGG included.
pub fn imagenet(area: &Area, c: &Ctx, entries: &[IlsvrcEntry], human: &Reference) -> DrawResult {
    let h = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(h * 11 / 20);
    let n = entries.len().max(1);
    let names: Vec<String> = entries
        .iter()
        .map(|e| format!("{} {}", e.year, e.team))
        .collect();
    let colour = |e: &IlsvrcEntry| if e.place == 1 { BLUE } else { SKY };
    let max_err = entries.iter().map(|e| e.top5_error).fold(0.0, f64::max) * 1.18;
    let values: Vec<f64> = entries.iter().map(|e| e.top5_error).collect();
    let texts: Vec<String> = entries
        .iter()
        .map(|e| format!("{}%", e.top5_error))
        .collect();
    let colours: Vec<RGBColor> = entries.iter().map(colour).collect();
    labelled_bars(
        &top,
        c,
        "ILSVRC winners: top-5 error (%)",
        &names,
        &values,
        &texts,
        &colours,
        max_err,
        false,
        Some((human.top5_error, format!("human {}%", human.top5_error))),
    )?;
    let depth: Vec<f64> = entries
        .iter()
        .map(|e| e.layers.unwrap_or(0) as f64)
        .collect();
    let texts: Vec<String> = entries
        .iter()
        .map(|e| e.layers.map_or("shallow".into(), |l| format!("{l} layers")))
        .collect();
    let max_depth = depth.iter().copied().fold(1.0, f64::max) * 1.25;
    let colours = vec![VERMILLION; n];
    labelled_bars(
        &bottom,
        c,
        "depth (weight layers)",
        &names,
        &depth,
        &texts,
        &colours,
        max_depth,
        true,
        None,
    )?;
    Ok(())
}

/// Bars with their value written above each; category names under the axis if `names_below`.
#[allow(clippy::too_many_arguments)]
fn labelled_bars(
    area: &Area,
    c: &Ctx,
    title: &str,
    names: &[String],
    values: &[f64],
    texts: &[String],
    colours: &[RGBColor],
    max: f64,
    names_below: bool,
    reference: Option<(f64, String)>,
) -> DrawResult {
    let n = values.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(title, c.font(15.0))
        .margin(c.px(8.0))
        .x_label_area_size(c.px(if names_below { 40.0 } else { 6.0 }))
        .y_label_area_size(c.px(44.0))
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..max)?;
    let narrow = f64::from(area.dim_in_pixel().0) / c.s / (n as f64) < 110.0;
    let label = |x: &f64| -> String {
        let i = x.round();
        match names.get(i as usize) {
            // On a phone only the year fits under each bar.
            Some(t) if (x - i).abs() < 0.01 && i >= 0.0 && names_below => {
                if narrow {
                    t.split(' ').next().unwrap_or("").to_string()
                } else {
                    t.clone()
                }
            }
            _ => String::new(),
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&label)
        .x_label_style(c.font(11.0))
        .y_labels(5)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_label_style(c.font(11.0))
        .axis_style(c.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(c.grid)
        .draw()?;
    chart.draw_series(values.iter().enumerate().map(|(i, v)| {
        let x = i as f64;
        Rectangle::new([(x - 0.35, 0.0), (x + 0.35, *v)], colours[i].filled())
    }))?;
    // Narrow bars (a phone): numbers only, smaller.
    let size = if narrow { 10.0 } else { 12.0 };
    // A value label that would sit on the reference line goes just above it.
    let ref_y = reference.as_ref().map(|(y, _)| *y);
    let label_y = |v: f64| {
        let y = v + max * 0.02;
        match ref_y {
            Some(r) if y <= r + max * 0.01 && y + max * 0.07 >= r => r + max * 0.02,
            _ => y,
        }
    };
    chart.draw_series(values.iter().enumerate().map(|(i, v)| {
        let t = if narrow {
            texts[i].trim_end_matches(" layers")
        } else {
            texts[i].as_str()
        };
        Text::new(
            t.to_string(),
            (i as f64, label_y(*v)),
            c.font(size).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )
    }))?;
    // A reference value (ImageNet's human error): a dashed line across, labelled at its left.
    if let Some((y, text)) = reference {
        let right = n as f64 - 0.5;
        chart.draw_series(DashedLineSeries::new(
            [(-0.5, y), (right, y)],
            c.px(6.0),
            c.px(4.0),
            c.fg.stroke_width(c.px(1.5)),
        ))?;
        // Its label sits inside the first bar, in white (the caption names the line too);
        // on a phone the bars are too narrow for it.
        if !narrow && values.first().is_some_and(|v| *v > y + max * 0.1) {
            chart.draw_series(std::iter::once(Text::new(
                text,
                (-0.31, y + max * 0.015),
                ("sans-serif", 11.0 * c.s)
                    .into_font()
                    .color(&WHITE)
                    .pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))?;
        }
    }
    Ok(())
}

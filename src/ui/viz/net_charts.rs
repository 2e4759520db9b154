//! The charts of the architecture pages, drawn with plotters from calculator output only:
//! multiply-adds and parameters per weight layer, multiply-adds by resolution side by side, and
//! the ILSVRC winners by year. Every label is measured before it is placed: names under bars turn
//! (or shorten) before they collide, values above bars shorten to fit their bar's slot.

use super::chart::axes::{caption, fit_all, line_height, mark, step, value_area, widest};
use super::chart::{Area, Ctx, DrawResult};
use super::palette::{BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION};
use crate::figure::units::{label, Units};
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
pub fn per_layer(area: &Area<'_>, c: &Ctx, rows: &[LayerReport]) -> DrawResult {
    let h = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(h / 2);
    bars(&top, c, "multiply-adds per weight layer", rows, |r| r.macs)?;
    bars(&bottom, c, "parameters per weight layer", rows, |r| {
        r.params + r.fixed_params
    })?;
    Ok(())
}

fn si_label(v: f64, step: f64) -> String {
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
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&label)
        .x_label_style(font.clone())
        .y_labels(5)
        .y_label_formatter(&|y| si_label(*y, y_step))
        .y_label_style(font.clone())
        .axis_style(c.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(c.grid)
        .draw()?;
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

/// Colours of the networks in [`by_resolution`], in order (the page draws the legend).
pub const SERIES: [RGBColor; 3] = [VERMILLION, SKY, BLUE];

/// Grouped bars: multiply-adds at each output resolution, one colour per network
/// ([`SERIES`]).
pub fn by_resolution(area: &Area<'_>, c: &Ctx, nets: usize, rows: &[ResolutionRow]) -> DrawResult {
    let area = caption(area, c, "multiply-adds by output resolution")?;
    let k = nets.max(1) as f64;
    let n = rows.len().max(1);
    let max = rows
        .iter()
        .flat_map(|r| r.macs.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let font = c.font(14.0);
    let fh = line_height(&area, &font);
    let y_range = 0f64..max * 1.1;
    let y_step = step(&y_range, 5);
    let y_area = value_area(&area, c, &y_range, 5, si_label);
    let slot =
        (f64::from(area.dim_in_pixel().0) - f64::from(y_area) - f64::from(c.px(20.0))) / n as f64;
    // "224x224" under each group when it fits, else the height alone (a phone).
    let full = widest(
        &area,
        rows.iter().map(|r| format!("{}x{}", r.h, r.w)),
        &font,
    );
    let narrow = full + fh > slot;
    let mut chart = ChartBuilder::on(&area)
        .margin(c.px(8.0))
        .x_label_area_size((f64::from(c.px(16.0)) + 2.0 * fh).ceil() as u32)
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y_range)?;
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
        .x_label_style(font.clone())
        .x_desc(if narrow {
            "output height (= width)"
        } else {
            "output height x width"
        })
        .y_labels(5)
        .y_label_formatter(&|y| si_label(*y, y_step))
        .y_label_style(font.clone())
        .axis_desc_style(font)
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
        mark(
            &chart,
            c,
            rows.iter()
                .enumerate()
                .map(|(i, r)| (i as f64 - 0.4 + (j as f64 + 0.46) * w, r.macs[j] as f64)),
        );
    }
    Ok(())
}

/// ILSVRC classification, year by year: the top-5 error (upper panel) and the depth of the
/// entry in weight layers (lower panel); 2014's runner-up VGG included.
pub fn imagenet(
    area: &Area<'_>,
    c: &Ctx,
    entries: &[IlsvrcEntry],
    human: &Reference,
) -> DrawResult {
    let h = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(h * 11 / 20);
    let n = entries.len().max(1);
    let names: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                format!("{} {}", e.year, e.team),
                e.year.to_string(),
                format!("'{:02}", e.year % 100),
            ]
        })
        .collect();
    let colour = |e: &IlsvrcEntry| if e.place == 1 { BLUE } else { SKY };
    let max_err = entries.iter().map(|e| e.top5_error).fold(0.0, f64::max) * 1.22;
    let values: Vec<f64> = entries.iter().map(|e| e.top5_error).collect();
    let texts: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                format!("{}%", e.top5_error),
                format!("{}", e.top5_error),
                format!("{:.0}", e.top5_error),
            ]
        })
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
    let texts: Vec<Vec<String>> = entries
        .iter()
        .map(|e| match e.layers {
            Some(l) => vec![format!("{l} layers"), l.to_string()],
            None => vec!["shallow".into(), "–".into()],
        })
        .collect();
    let max_depth = depth.iter().copied().fold(1.0, f64::max) * 1.3;
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

/// Bars with their value written above each (the first of `texts[i]`'s variants that fits the
/// bar's slot); category names (likewise the first variant that fits) under the axis if
/// `names_below`.
#[allow(clippy::too_many_arguments)]
fn labelled_bars(
    area: &Area<'_>,
    c: &Ctx,
    title: &str,
    names: &[Vec<String>],
    values: &[f64],
    texts: &[Vec<String>],
    colours: &[RGBColor],
    max: f64,
    names_below: bool,
    reference: Option<(f64, String)>,
) -> DrawResult {
    let area = caption(area, c, title)?;
    let n = values.len().max(1);
    let font = c.font(14.0);
    let fh = line_height(&area, &font);
    let y_range = 0f64..max;
    let y_area = value_area(&area, c, &y_range, 5, |v, _| format!("{v:.0}"));
    let slot =
        (f64::from(area.dim_in_pixel().0) - f64::from(y_area) - f64::from(c.px(20.0))) / n as f64;
    let room = slot - f64::from(c.px(6.0));
    let mut chart = ChartBuilder::on(&area)
        .margin(c.px(8.0))
        .x_label_area_size(if names_below {
            (fh + f64::from(c.px(14.0))).ceil() as u32
        } else {
            c.px(6.0)
        })
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y_range)?;
    let shown_names = fit_all(&area, names, &font, room);
    let shown_texts = fit_all(&area, texts, &font, room);
    let label = |x: &f64| -> String {
        let i = x.round();
        match shown_names.get(i as usize) {
            Some(t) if (x - i).abs() < 0.01 && i >= 0.0 && names_below => t.clone(),
            _ => String::new(),
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&label)
        .x_label_style(font.clone())
        .y_labels(5)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_label_style(font.clone())
        .axis_style(c.muted)
        .light_line_style(TRANSPARENT)
        .bold_line_style(c.grid)
        .draw()?;
    chart.draw_series(values.iter().enumerate().map(|(i, v)| {
        let x = i as f64;
        Rectangle::new([(x - 0.35, 0.0), (x + 0.35, *v)], colours[i].filled())
    }))?;
    mark(
        &chart,
        c,
        values.iter().enumerate().map(|(i, v)| (i as f64, *v)),
    );
    // A value label that would sit on the reference line goes just above it.
    let (_, y_px) = chart.plotting_area().dim_in_pixel();
    let text_units = (fh / f64::from(y_px.max(1))) * max;
    let ref_y = reference.as_ref().map(|(y, _)| *y);
    let label_y = |v: f64| {
        let y = v + max * 0.02;
        match ref_y {
            Some(r) if y <= r + text_units * 0.3 && y + text_units >= r => r + max * 0.02,
            _ => y,
        }
    };
    chart.draw_series(values.iter().enumerate().map(|(i, v)| {
        Text::new(
            shown_texts[i].clone(),
            (i as f64, label_y(*v)),
            font.clone().pos(Pos::new(HPos::Center, VPos::Bottom)),
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
        // Its label sits inside the first bar, in white (the caption names the line too), when
        // the bar is wide and tall enough for it.
        let fits = widest(&area, [text.clone()], &font) <= slot * 0.7 - f64::from(c.px(4.0));
        if fits && values.first().is_some_and(|v| *v > y + text_units * 1.6) {
            chart.draw_series(std::iter::once(Text::new(
                text,
                (-0.31, y + max * 0.015),
                font.clone()
                    .color(&WHITE)
                    .pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))?;
        }
    }
    Ok(())
}

//! ILSVRC winners by year: top-5 error and depth, each bar labelled with its value.

use crate::lessons::arch::imagenet::{IlsvrcEntry, Reference};
use crate::ui::viz::chart::axes::{bar_mesh, caption, fit_all, line_height, value_area, widest};
use crate::ui::viz::chart::series::mark;
use crate::ui::viz::chart::{Area, Ctx, DrawResult};
use crate::ui::viz::palette::{BLUE, SKY, VERMILLION};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
    bar_mesh(&mut chart, c, n, &label, &|y| format!("{y:.0}"), "")?;
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

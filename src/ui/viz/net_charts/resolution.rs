//! Grouped bars: multiply-adds at each output resolution, one colour per compared network.

use super::si_label;
use crate::lessons::arch::flops::ResolutionRow;
use crate::ui::viz::chart::axes::{bar_mesh, caption, line_height, step, value_area, widest};
use crate::ui::viz::chart::series::mark;
use crate::ui::viz::chart::{Area, Ctx, DrawResult};
use crate::ui::viz::palette::{BLUE, SKY, VERMILLION};
use plotters::prelude::*;

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
    bar_mesh(
        &mut chart,
        c,
        n,
        &label,
        &|y| si_label(*y, y_step),
        if narrow {
            "output height (= width)"
        } else {
            "output height x width"
        },
    )?;
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

//! Plotters charts of the gradient pages: an activation and its derivative, per-layer values on a
//! log scale, the layers x steps heat map, and error curves. Each takes data and a canvas; the
//! callers keep NaN and infinities out (they are filtered here again, never drawn).

use crate::lessons::gradients::Act;
use crate::ui::viz::canvas::ChartCanvas;
use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::viz::palette::{BLUE, GREY, VERMILLION};

type Area = DrawingArea<ChartCanvas, Shift>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

fn area(canvas: web_sys::HtmlCanvasElement) -> Result<Area, String> {
    if let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        ctx.clear_rect(0.0, 0.0, canvas.width().into(), canvas.height().into());
    }
    Ok(ChartCanvas::with_canvas_object(canvas)
        .ok_or("no 2-D canvas context")?
        .into_drawing_area())
}

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&GREY)
}

/// One curve of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub color: RGBColor,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

/// `f` and `f'` of `act`, with the derivative's maximum marked.
pub fn draw_activation(canvas: web_sys::HtmlCanvasElement, act: Act) -> Result<(), String> {
    let root = area(canvas)?;
    let (x0, x1, y0, y1) = match act {
        Act::Sigmoid => (-6.0, 6.0, -0.05, 1.05),
        Act::Tanh => (-3.0, 3.0, -1.1, 1.1),
        Act::Relu => (-2.0, 2.0, -0.2, 2.05),
    };
    let pts = crate::lessons::gradients::curve(act, x0, x1, 241);
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("x")
        .label_style(font(18))
        .axis_desc_style(font(18))
        .axis_style(GREY)
        .bold_line_style(GREY.mix(0.2))
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(err)?;
    let f: Vec<_> = pts.iter().map(|p| (p.0, p.1)).collect();
    let df: Vec<_> = pts.iter().map(|p| (p.0, p.2)).collect();
    chart
        .draw_series(LineSeries::new(f, BLUE.stroke_width(4)))
        .map_err(err)?
        .label(format!("f(x) = {}(x)", act.name()))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], BLUE.stroke_width(4)));
    chart
        .draw_series(LineSeries::new(df, VERMILLION.stroke_width(4)))
        .map_err(err)?
        .label("f'(x)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], VERMILLION.stroke_width(4)));
    let m = act.max_derivative();
    chart
        .draw_series(DashedLineSeries::new(
            vec![(x0, m), (x1, m)],
            8,
            6,
            VERMILLION.mix(0.6).stroke_width(2),
        ))
        .map_err(err)?;
    let at = if act == Act::Relu { 1.0 } else { 0.0 };
    chart
        .draw_series([Circle::new((at, m), 7, VERMILLION.filled())])
        .map_err(err)?;
    chart
        .draw_series([Text::new(
            format!("max f' = {m}"),
            (at + (x1 - x0) * 0.03, m + (y1 - y0) * 0.06),
            ("sans-serif", 20).into_font().color(&VERMILLION),
        )])
        .map_err(err)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(font(18))
        .background_style(WHITE.mix(0.0))
        .border_style(GREY)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}

/// Values per layer (x = 1..=`x_max`) on a log y axis. Non-finite or non-positive values are
/// dropped (a zero has no place on a log axis).
pub fn draw_log_layers(
    canvas: web_sys::HtmlCanvasElement,
    x_max: usize,
    lines: &[Line],
    x_desc: &str,
    y_desc: &str,
) -> Result<(), String> {
    let root = area(canvas)?;
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let ys = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .filter(|&v| ok(v));
    let (lo, hi) = ys.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo > hi {
        (1e-3, 1.0)
    } else {
        (lo / 3.0, (hi * 3.0).max(lo * 10.0))
    };
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(0.5..x_max as f64 + 0.5, (lo..hi).log_scale())
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(x_max.min(10) + 1)
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .label_style(font(18))
        .axis_desc_style(font(18))
        .axis_style(GREY)
        .bold_line_style(GREY.mix(0.2))
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(err)?;
    for l in lines {
        let pts: Vec<(f64, f64)> = l.points.iter().copied().filter(|p| ok(p.1)).collect();
        let c = l.color;
        let style = c.stroke_width(if l.dashed { 3 } else { 4 });
        let series = if l.dashed {
            chart.draw_series(DashedLineSeries::new(pts.clone(), 9, 6, style))
        } else {
            chart.draw_series(LineSeries::new(pts.clone(), style))
        };
        series
            .map_err(err)?
            .label(l.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], c.stroke_width(4)));
        let r = if pts.len() > 25 { 3 } else { 5 };
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, r, c.filled())))
            .map_err(err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(font(18))
        .background_style(WHITE.mix(0.75))
        .border_style(GREY)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
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
pub fn draw_heat(
    canvas: web_sys::HtmlCanvasElement,
    rows: &[Vec<f64>],
    layers: usize,
    steps: usize,
) -> Result<(), String> {
    let root = area(canvas)?;
    let logs = rows
        .iter()
        .flatten()
        .filter(|v| v.is_finite() && **v > 0.0)
        .map(|v| v.log10());
    let (lo, hi) = logs.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let span = (hi - lo).max(1e-9);
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(0.0..steps.max(1) as f64, 0.5..layers as f64 + 0.5)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("training step")
        .y_desc("layer")
        .y_labels(layers.min(10) + 1)
        .y_label_formatter(&|v| format!("{}", v.round() as i64))
        .label_style(font(18))
        .axis_desc_style(font(18))
        .axis_style(GREY)
        .disable_mesh()
        .draw()
        .map_err(err)?;
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
    chart.draw_series(cells).map_err(err)?;
    root.present().map_err(err)
}

/// Error curves (x = training step, y = error 0..y_max), solid per run; `dashed` ones too.
pub fn draw_curves(
    canvas: web_sys::HtmlCanvasElement,
    steps: usize,
    y_max: f64,
    lines: &[Line],
    y_desc: &str,
) -> Result<(), String> {
    let root = area(canvas)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..steps.max(1) as f64, 0.0..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("training step (mini-batches of 32)")
        .y_desc(y_desc)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style(font(18))
        .axis_desc_style(font(18))
        .axis_style(GREY)
        .bold_line_style(GREY.mix(0.2))
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(err)?;
    for l in lines {
        let pts: Vec<(f64, f64)> = l
            .points
            .iter()
            .copied()
            .filter(|p| p.1.is_finite())
            .map(|(x, y)| (x, y.min(y_max)))
            .collect();
        let c = l.color;
        let series = if l.dashed {
            chart.draw_series(DashedLineSeries::new(pts, 9, 6, c.stroke_width(3)))
        } else {
            chart.draw_series(LineSeries::new(pts, c.stroke_width(4)))
        };
        series
            .map_err(err)?
            .label(l.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], c.stroke_width(4)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(font(18))
        .background_style(WHITE.mix(0.75))
        .border_style(GREY)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}

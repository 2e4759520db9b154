//! 1-D signals as small SVG plots, and the receptive-field-against-depth chart (plotters).

use leptos::prelude::*;
use std::ops::Range;

/// One curve of a [`SignalPlot`]; `class` picks its colour and dash in the stylesheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub values: Vec<f32>,
    pub class: &'static str,
}

const DX: f64 = 16.0;
const PLOT_H: f64 = 104.0;

/// Curves over positions 0..len with a zero line; `shade` marks a range of positions (e.g.
/// where equivariance must hold exactly). `y_max` is the value at the top edge.
#[component]
pub fn SignalPlot(
    series: Vec<Series>,
    y_max: f32,
    #[prop(into)] label: String,
    #[prop(optional)] shade: Option<Range<usize>>,
    /// A short name shown above the plot.
    #[prop(optional)]
    title: Option<&'static str>,
) -> impl IntoView {
    let len = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let width = len as f64 * DX;
    let mid = PLOT_H / 2.0;
    let scale = (mid - 6.0) / f64::from(y_max.max(1e-6));
    let x = |i: usize| (i as f64 + 0.5) * DX;
    let y = move |v: f32| mid - f64::from(v) * scale;
    let band = shade.filter(|r| r.end > r.start).map(|r| {
        view! {
            <rect class="plot-band" x=r.start as f64 * DX y="0"
                width=(r.end - r.start) as f64 * DX height=PLOT_H />
        }
    });
    let curves = series
        .into_iter()
        .map(|s| {
            let points: String = s
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| format!("{:.1},{:.1} ", x(i), y(v)))
                .collect();
            let dots = s
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| view! { <circle cx=x(i) cy=y(v) r="2.6" /> })
                .collect_view();
            view! {
                <g class=format!("curve {}", s.class)>
                    <polyline points=points />
                    {dots}
                </g>
            }
        })
        .collect_view();
    view! {
        {title.map(|t| view! { <div class="plot-title">{t}</div> })}
        <svg class="signal" role="img" aria-label=label
            viewBox=format!("0 0 {width:.0} {PLOT_H:.0}") preserveAspectRatio="none">
            {band}
            <line class="zero" x1="0" x2=width y1=mid y2=mid />
            {curves}
        </svg>
    }
}

/// Draws r (receptive-field size) against depth for the current strides and for stride 1.
pub fn draw_rf_chart(
    canvas: web_sys::HtmlCanvasElement,
    current: &[usize],
    stride1: &[usize],
) -> Result<(), String> {
    use crate::ui::viz::canvas::ChartCanvas;
    use plotters::prelude::*;
    use wasm_bindgen::JsCast;

    if let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        ctx.clear_rect(0.0, 0.0, canvas.width().into(), canvas.height().into());
    }
    let backend = ChartCanvas::with_canvas_object(canvas).ok_or("no 2-D canvas context")?;
    let root = backend.into_drawing_area();
    let e = |e: DrawingAreaErrorKind<_>| e.to_string();
    let depth = current.len().saturating_sub(1).max(1);
    let top = current.iter().chain(stride1).copied().max().unwrap_or(1);
    let y_top = top + top / 8 + 1;
    use super::palette::{BLUE as blue, GREY as grey, VERMILLION as orange};
    let text = ("sans-serif", 24).into_font().color(&grey);
    let mut chart = ChartBuilder::on(&root)
        .margin(16)
        .x_label_area_size(54)
        .y_label_area_size(64)
        .build_cartesian_2d(0..depth, 0..y_top)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("layer l")
        .y_desc("receptive field r_l")
        .x_labels(depth + 1)
        .label_style(text.clone())
        .axis_desc_style(text.clone())
        .axis_style(grey)
        .bold_line_style(grey.mix(0.25))
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(e)?;
    let points = |v: &[usize]| v.iter().copied().enumerate().collect::<Vec<_>>();
    chart
        .draw_series(LineSeries::new(points(current), blue.stroke_width(4)))
        .map_err(e)?
        .label("these strides")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], blue.stroke_width(4)));
    chart
        .draw_series(
            points(current)
                .into_iter()
                .map(|p| Circle::new(p, 6, blue.filled())),
        )
        .map_err(e)?;
    chart
        .draw_series(DashedLineSeries::new(
            points(stride1),
            10,
            7,
            orange.stroke_width(3),
        ))
        .map_err(e)?
        .label("same stack, stride 1")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], orange.stroke_width(3)));
    chart
        .draw_series(
            points(stride1)
                .into_iter()
                .map(|p| Circle::new(p, 4, orange.filled())),
        )
        .map_err(e)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(text)
        .background_style(WHITE.mix(0.0))
        .border_style(grey)
        .draw()
        .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

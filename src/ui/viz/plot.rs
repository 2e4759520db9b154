//! 1-D signals as small SVG plots, and the receptive-field-against-depth chart (plotters).

use crate::ui::viz::figure::Figure;
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
            <Figure name=title.unwrap_or("signal")>
    <svg class="signal" role="img" aria-label=label
                viewBox=format!("0 0 {width:.0} {PLOT_H:.0}") preserveAspectRatio="none">
                {band}
                <line class="zero" x1="0" x2=width y1=mid y2=mid />
                {curves}
            </svg>
    </Figure>
        }
}

/// r (receptive-field size) against depth for the current strides and for stride 1.
pub fn rf_chart(
    area: &super::chart::Area<'_>,
    c: &super::chart::Ctx,
    current: &[usize],
    stride1: &[usize],
) -> super::chart::DrawResult {
    use super::chart::axes::{cartesian, Axis};
    use super::chart::series::{legend, line, Dash, Entry, Look};
    use super::palette::{BLUE, VERMILLION};
    use crate::figure::Units;

    let depth = current.len().saturating_sub(1).max(1);
    let top = current.iter().chain(stride1).copied().max().unwrap_or(1) as f64;
    let these = Look::colour(BLUE).width(3.5).marker(5.0);
    let flat = Look::colour(VERMILLION)
        .width(3.0)
        .dash(Dash::Dashed)
        .marker(3.5);
    let rest = legend(
        area,
        c,
        &[
            Entry::new("these strides", these),
            Entry::new("same stack, stride 1", flat),
        ],
        &[!current.is_empty(), !stride1.is_empty()],
    )?;
    let mut chart = cartesian(
        &rest,
        c,
        Axis::new("layer l", Units::Int, 0.0..depth as f64).ticks(depth + 1),
        Axis::new("receptive field r_l", Units::Int, 0.0..top * 1.1 + 1.0).ticks(6),
    )?;
    let points = |v: &[usize]| {
        v.iter()
            .enumerate()
            .map(|(i, &r)| (i as f64, r as f64))
            .collect::<Vec<_>>()
    };
    line(&mut chart, c, &points(current), these)?;
    line(&mut chart, c, &points(stride1), flat)?;
    Ok(())
}

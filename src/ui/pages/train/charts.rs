//! Live loss and accuracy curves (plotters on a canvas): training (per ~200 ms report) and test
//! (each full evaluation), against epochs.

use super::{CurvePoint, Store};
use crate::ui::viz::canvas::ChartCanvas;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use crate::ui::viz::palette::{BLUE as TRAIN, VERMILLION as TEST};

/// Which value of a curve point to plot.
#[derive(Clone, Copy)]
enum Metric {
    Loss,
    Accuracy,
}

fn pick(c: &[CurvePoint], m: Metric) -> Vec<(f64, f64)> {
    c.iter()
        .map(|&(e, l, a)| (e, if matches!(m, Metric::Loss) { l } else { a }))
        .collect()
}

fn draw(
    canvas: web_sys::HtmlCanvasElement,
    metric: Metric,
    train: &[(f64, f64)],
    test: &[(f64, f64)],
) -> Result<(), Box<dyn std::error::Error>> {
    let backend = ChartCanvas::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let x_max = train
        .iter()
        .chain(test)
        .map(|p| p.0)
        .fold(0.0f64, f64::max)
        .max(0.05)
        * 1.02;
    let (y0, y1, caption) = match metric {
        Metric::Loss => {
            let m = train
                .iter()
                .chain(test)
                .map(|p| p.1)
                .filter(|v| v.is_finite())
                .fold(0.0f64, f64::max);
            (0.0, m.clamp(0.1, 3.0) * 1.05, "Loss (cross-entropy)")
        }
        Metric::Accuracy => {
            let lo = train.iter().chain(test).map(|p| p.1).fold(1.0f64, f64::min);
            let lo = if lo > 0.9 {
                0.9
            } else if lo > 0.5 {
                0.5
            } else {
                0.0
            };
            (lo, 1.0, "Accuracy")
        }
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(38)
        .y_label_area_size(44)
        .build_cartesian_2d(0.0..x_max, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc("epochs")
        .x_labels(6)
        .y_labels(6)
        .label_style(("sans-serif", 12))
        .light_line_style(RGBColor(235, 238, 242))
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            train.iter().copied(),
            TRAIN.stroke_width(2),
        ))?
        .label("training (running)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], TRAIN.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(test.iter().copied(), TEST.stroke_width(2)))?
        .label("test (all 10,000)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], TEST.stroke_width(2)));
    chart.draw_series(test.iter().map(|&p| Circle::new(p, 3, TEST.filled())))?;
    chart
        .configure_series_labels()
        .position(match metric {
            Metric::Loss => SeriesLabelPosition::UpperRight,
            Metric::Accuracy => SeriesLabelPosition::LowerRight,
        })
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 12))
        .draw()?;
    root.present()?;
    Ok(())
}

#[component]
fn Chart(store: Store, metric: Metric, testid: &'static str) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let train = pick(&store.train_curve.get(), metric);
        let test = pick(&store.test_curve.get(), metric);
        if let Some(c) = node.get() {
            if let Err(e) = draw(c, metric, &train, &test) {
                web_sys::console::warn_1(&format!("chart: {e}").into());
            }
        }
    });
    let label = match metric {
        Metric::Loss => "Loss against epochs: training (blue) and test (orange)",
        Metric::Accuracy => "Accuracy against epochs: training (blue) and test (orange)",
    };
    view! {
        <canvas node_ref=node class="train-chart" data-testid=testid width="560" height="280"
            role="img" aria-label=label />
    }
}

#[component]
pub fn Charts(store: Store) -> impl IntoView {
    view! {
        <section class="train-charts" aria-label="Training curves">
            <Chart store=store metric=Metric::Loss testid="chart-loss" />
            <Chart store=store metric=Metric::Accuracy testid="chart-accuracy" />
        </section>
    }
}

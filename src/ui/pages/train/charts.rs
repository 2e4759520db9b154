//! Live loss and accuracy curves: training (per ~200 ms report) and test (each full evaluation),
//! against epochs, drawn by the one chart component.

use super::{CurvePoint, Store};
use crate::figure::Units;
use crate::ui::viz::chart::axes::{cartesian, Axis};
use crate::ui::viz::chart::series::{legend, line, Dash, Entry, Look};
use crate::ui::viz::chart::{plot, Area, Ctx, DrawResult, Fig};
use crate::ui::viz::palette::{BLUE as TRAIN, VERMILLION as TEST};
use leptos::prelude::*;

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
    area: &Area<'_>,
    c: &Ctx,
    metric: Metric,
    train: &[(f64, f64)],
    test: &[(f64, f64)],
) -> DrawResult {
    let x_max = train
        .iter()
        .chain(test)
        .map(|p| p.0)
        .fold(0.0f64, f64::max)
        .max(0.05)
        * 1.02;
    let y = match metric {
        Metric::Loss => {
            let m = train
                .iter()
                .chain(test)
                .map(|p| p.1)
                .filter(|v| v.is_finite())
                .fold(0.0f64, f64::max);
            Axis::new(
                "loss (cross-entropy)",
                Units::Real,
                0.0..m.clamp(0.1, 3.0) * 1.05,
            )
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
            Axis::new("accuracy", Units::Percent, lo..1.0)
        }
    };
    let train_look = Look::colour(TRAIN).width(2.5);
    let test_look = Look::colour(TEST).width(2.5).dash(Dash::Dashed).marker(3.5);
    let rest = legend(
        area,
        c,
        &[
            Entry::new("training (running)", train_look),
            Entry::new("test (all 10,000)", test_look),
        ],
        &[!train.is_empty(), !test.is_empty()],
    )?;
    let epochs = Axis::new(
        "epochs",
        if x_max > 2.0 { Units::Int } else { Units::Real },
        0.0..x_max,
    )
    .ticks(6);
    let mut chart = cartesian(&rest, c, epochs, y.ticks(6))?;
    line(&mut chart, c, train, train_look)?;
    line(&mut chart, c, test, test_look)?;
    Ok(())
}

fn chart(store: Store, metric: Metric) -> impl IntoView {
    let (name, testid, alt) = match metric {
        Metric::Loss => (
            "loss against epochs",
            "chart-loss",
            "Loss against epochs: training (blue, solid) and test (orange, dashed)",
        ),
        Metric::Accuracy => (
            "accuracy against epochs",
            "chart-accuracy",
            "Accuracy against epochs: training (blue, solid) and test (orange, dashed)",
        ),
    };
    plot(
        Fig::new(name, testid, alt.to_string()),
        300.0,
        move |area, c| {
            let train = pick(&store.train_curve.get(), metric);
            let test = pick(&store.test_curve.get(), metric);
            draw(area, c, metric, &train, &test)
        },
    )
}

#[component]
pub fn Charts(store: Store) -> impl IntoView {
    view! {
        <section class="train-charts" aria-label="Training curves">
            {chart(store, Metric::Loss)}
            {chart(store, Metric::Accuracy)}
        </section>
    }
}

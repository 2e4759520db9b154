//! A section of `/resnet`: the residual block's gradient, measured.
//! `y = F(x) + x` gives `∂y/∂x = ∂F/∂x + I`, so the backward pass has a path around every
//! block's product. The same MLP on real MNIST digits, plain and with shortcuts, backpropagated
//! once by the engine; per-layer gradient norms on a log scale and both `grad-ratio`s.

use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::engine::nn::Init;
use crate::lessons::gradients::GRAD_BATCH;
use crate::lessons::gradients::{measure, short, Act, Digits, NetSpec};
use crate::ui::components::{Choice, ErrorNote, IntSlider};
use crate::ui::loaders::first_shard;
use crate::ui::owned::spawn_owned;
use crate::ui::viz::chart::{plot, Fig};
use crate::ui::viz::grad_charts::{log_layers, Line};
use crate::ui::viz::palette::{BLUE, GREEN};
use leptos::prelude::*;
use std::sync::Arc;

const ACTS: &[(&str, &str)] = &[("sigmoid", "sigmoid"), ("relu", "ReLU")];

/// Plain vs residual gradient norms per layer of a deep MLP, measured by backprop.
#[component]
pub fn ResidualBlockGradients() -> impl IntoView {
    let act = RwSignal::new("sigmoid".to_string());
    let depth = RwSignal::new(20i64);
    let data: RwSignal<Option<Result<Arc<Digits>, String>>> = RwSignal::new(None);
    spawn_owned(async move {
        // A fixed measurement (gradients of one backward pass), made on MNIST's digits.
        let r = first_shard(Dataset::Mnist, Split::Test)
            .await
            .and_then(|s| Digits::first(Dataset::Mnist, &s, GRAD_BATCH))
            .map(Arc::new);
        data.set(Some(r));
    });
    let runs = Memo::new(move |_| {
        let d = match data.get()? {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        let a = Act::parse(&act.get()).unwrap_or(Act::Sigmoid);
        let spec = |residual| NetSpec {
            depth: depth.get() as usize,
            width: 32,
            act: a,
            init: if a == Act::Relu {
                Init::He
            } else {
                Init::Xavier
            },
            residual,
        };
        Some(measure(&spec(false), 1, &d).and_then(|p| Ok((p, measure(&spec(true), 1, &d)?))))
    });
    let chart = plot(
        Fig::new(
            "gradient norm per layer, plain and residual",
            "block-chart",
            "Gradient norm per layer, plain and residual, log scale".to_string(),
        ),
        340.0,
        move |area, c| {
            let (plain, res) = match runs.get() {
                Some(Ok((p, r))) => (p.norms, r.norms),
                _ => (Vec::new(), Vec::new()),
            };
            let pts = |v: &[f64]| {
                v.iter()
                    .enumerate()
                    .map(|(i, &y)| ((i + 1) as f64, y))
                    .collect::<Vec<_>>()
            };
            let lines = [
                Line {
                    label: "plain: y = f(Wx)".into(),
                    color: BLUE,
                    dashed: false,
                    points: pts(&plain),
                },
                Line {
                    label: "residual: y = f(Wx) + x".into(),
                    color: GREEN,
                    dashed: true,
                    points: pts(&res),
                },
            ];
            log_layers(
                area,
                c,
                depth.get_untracked() as usize,
                &lines,
                "layer",
                "‖∂L/∂W‖",
            )
        },
    );
    let ratios = move || {
        match runs.get() {
        Some(Ok((p, r))) => view! {
            <p>
                "grad-ratio (first layer / last layer): plain "
                <strong data-testid="block-grad-ratio-plain" data-value=p.ratio.to_string()>{short(p.ratio)}</strong>
                ", with shortcuts "
                <strong data-testid="block-grad-ratio-residual" data-value=r.ratio.to_string()>{short(r.ratio)}</strong>
                "."
            </p>
        }
        .into_any(),
        Some(Err(e)) => view! { <ErrorNote message=e /> }.into_any(),
        None => view! { <p>"Measuring…"</p> }.into_any(),
    }
    };
    view! {
        <section class="grad-section" data-testid="residual-block-gradients">
            <h2>"The shortcut's gradient, measured"</h2>
            <p class="formula">"y = F(x) + x   ⇒   ∂y/∂x = ∂F/∂x + I"</p>
            <div class="button-row">
                <Choice label="Activation" options=ACTS value=Signal::derive(move || act.get())
                    on_change=Callback::new(move |v| act.set(v)) name="block-act" />
            </div>
            <IntSlider label="Layers" name="block-depth" value=Signal::derive(move || depth.get())
                min=2 max=50 on_change=Callback::new(move |v| depth.set(v)) />
            {chart}
            {ratios}
            <p class="caption">
                "An MLP of width 32 on 64 MNIST test digits, seed 1; the engine backpropagates once. "
                "With the identity added, the gradient reaching the first layer does not have to pass "
                "through every layer's factor, so it stays within a small factor of the last layer's."
            </p>
        </section>
    }
}

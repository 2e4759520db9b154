//! The gradient lessons' slide questions as predict-then-reveal cards. `/vanishing-gradients`:
//! "why not more layers?" (beat 1) and "why will the product not be very small with a shortcut?"
//! (beat 2); `/degradation`: why the deep plain net trains worse. The answers quote the page's
//! own numbers: the sigmoid chain at the chosen depth, the measured gradient ratio of the real
//! network, the training errors of the run.

use crate::lessons::gradients::short;
use crate::lessons::gradients::text::{why_deep_trains_worse, why_not_deeper};
use crate::ui::components::RevealCard;
use crate::ui::env;
use leptos::prelude::*;

/// "Q: why they did not develop some architecture with more layers?" (hint: gradient vanishing).
/// `sigmoid_ratio`: the measured first/last gradient ratio of the plain sigmoid net at `depth`.
#[component]
pub fn WhyNotDeeper(depth: Signal<i64>, sigmoid_ratio: Signal<Option<f64>>) -> impl IntoView {
    let n = move || depth.get().max(1) as usize;
    let part = move |i: usize| move || why_not_deeper(n())[i].clone();
    let measured_text = move || match sigmoid_ratio.get() {
        Some(r) => format!(
            "Measured below on a real plain sigmoid network of depth {} (the table under chart \
             3): the first layer's gradient is {} times the last layer's, so the first layers \
             hardly learn while the last ones do.",
            n(),
            short(r)
        ),
        None => "The measurement on a real network follows below once the digits are loaded."
            .to_string(),
    };
    view! {
        <RevealCard question="Q: why did they not develop architectures with more layers?" beat=1>
            <p data-testid="why-not-deeper">{part(0)}</p>
            <p>{measured_text}</p>
            <p data-testid="why-not-deeper-relu">{part(1)}</p>
            <p data-testid="why-not-deeper-init">{part(2)}</p>
            <p>
                "And even where the gradient survives, a deeper plain net optimises worse: "
                <a href=env::href("/degradation")>"the degradation problem"</a>
                "."
            </p>
        </RevealCard>
    }
}

/// "With a shortcut, why will the product not be very small?" (the slide's answer to the above).
#[component]
pub fn WhyShortcutHelps() -> impl IntoView {
    view! {
        <RevealCard question="With a shortcut, x_{k+1} = f(x_k) + x_k. Why will the product not be very small?" beat=2>
            <p>
                "d(f(x) + x)/dx = f'(x) + 1. Every factor of the chain is now at least 1, so "
                "the product cannot shrink; in a layer of a network the backward step is "
                "(I + Wᵀ diag f'), and the identity carries the gradient from the loss to the "
                "first layer without passing through the long product."
            </p>
            <p>
                "Compare the two lines in charts 2 and 3: the shortcut keeps the first "
                "layer's gradient within a small factor of the last one's."
            </p>
        </RevealCard>
    }
}

/// "Why does the deep plain net train worse?" (`/degradation`, the slides' 56-layer figure).
/// The three signals are the run's final training errors (0..1 as text, empty until it ends).
#[component]
pub fn WhyDeepTrainsWorse(
    shallow: Signal<String>,
    deep: Signal<String>,
    residual: Signal<String>,
    depths: Signal<(i64, i64)>,
) -> impl IntoView {
    let run_text = move || {
        let pct = |s: Signal<String>| s.get().parse::<f64>().ok().map(|v| v * 100.0);
        let (d1, d2) = depths.get();
        match (pct(shallow), pct(deep), pct(residual)) {
            (Some(a), Some(b), Some(c)) => format!(
                "In this run, on the training digits themselves: {d1} plain layers {a:.1}% \
                 error, {d2} plain layers {b:.1}%, {d2} layers with shortcuts {c:.1}%."
            ),
            _ => "Train the three nets above: their final training errors land here.".to_string(),
        }
    };
    let part = move |i: usize| {
        move || {
            let (d1, d2) = depths.get();
            why_deep_trains_worse(d1.max(0) as usize, d2.max(0) as usize)[i].clone()
        }
    };
    view! {
        <RevealCard question="The deep plain net can represent everything the shallow one can (extra layers could be the identity). Why does it train worse?">
            <p data-testid="degradation-answer-run">{run_text}</p>
            <p data-testid="degradation-answer">{part(0)}</p>
            <p data-testid="degradation-differs">{part(1)}</p>
            <p>{part(2)}</p>
        </RevealCard>
    }
}

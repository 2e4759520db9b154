//! The two slide questions of `/vanishing-gradients`, as predict-then-reveal cards: "why not more
//! layers?" (beat 1) and "why will the product not be very small with a shortcut?" (beat 2).
//! The answers quote the page's own numbers: the sigmoid chain at the chosen depth and the
//! measured gradient ratio of the real network.

use crate::lessons::gradients::{chain, short, Act, CHAIN_X0};
use crate::ui::components::RevealCard;
use crate::ui::env;
use leptos::prelude::*;

/// `dx_n/dx_0` of the slide's sigmoid chain (unit weights) at depth `n`.
fn sigmoid_product(n: usize) -> f64 {
    chain(Act::Sigmoid, n, CHAIN_X0, false)
        .last()
        .map(|l| l.product)
        .unwrap_or(1.0)
}

/// "Q: why they did not develop some architecture with more layers?" (hint: gradient vanishing).
/// `sigmoid_ratio`: the measured first/last gradient ratio of the plain sigmoid net at `depth`.
#[component]
pub fn WhyNotDeeper(depth: Signal<i64>, sigmoid_ratio: Signal<Option<f64>>) -> impl IntoView {
    let n = move || depth.get().max(1) as usize;
    let chain_text = move || {
        format!(
            "Gradient vanishing. Every sigmoid layer multiplies the gradient by σ' ≤ 1/4, so \
             through n = {} layers the slide's chain gives dx_n/dx_0 = {}, and doubling the \
             depth to {} layers makes it {}.",
            n(),
            short(sigmoid_product(n())),
            2 * n(),
            short(sigmoid_product(2 * n()))
        )
    };
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
            <p data-testid="why-not-deeper">{chain_text}</p>
            <p>{measured_text}</p>
            <p>
                "And even where the gradient survives, a deeper plain net optimises worse: "
                <a rel="external" href=env::href("/degradation")>"the degradation problem"</a>
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

//! `/vanishing-gradients`, sections 1 and 2: the activation with its derivative, and the slide's
//! scalar chain `x_n = f_n(... f_1(x_0))` whose derivative is the product of the per-layer
//! factors, plain and with shortcuts (computed by `lessons::gradients::chain`).

use crate::lessons::gradients::text::{chain_caption, DERIVATIVES};
use crate::lessons::gradients::{chain, short, Act, CHAIN_X0};
use crate::ui::viz::chart::{plot, Fig};
use crate::ui::viz::grad_charts::{activation, log_layers, Line};
use crate::ui::viz::palette::{BLUE, GREEN};
use leptos::prelude::*;

#[component]
pub fn ChainSections(act: Signal<Act>, depth: Signal<i64>) -> impl IntoView {
    let act_chart = plot(
        Fig::new(
            "activation and its derivative",
            "activation-chart",
            "The activation and its derivative, with the derivative's maximum marked".to_string(),
        ),
        340.0,
        move |area, c| activation(area, c, act.get()),
    );

    let chains = Memo::new(move |_| {
        let (a, n) = (act.get(), depth.get() as usize);
        (chain(a, n, CHAIN_X0, false), chain(a, n, CHAIN_X0, true))
    });
    let chain_chart = plot(
        Fig::new(
            "chain-rule product against depth",
            "chain-chart",
            "The product of the per-layer derivatives against depth, log scale".to_string(),
        ),
        340.0,
        move |area, c| {
            let (plain, short_cut) = chains.get();
            let pts = |c: &[crate::lessons::gradients::ChainLink]| {
                c.iter()
                    .map(|l| (l.layer as f64, l.product))
                    .collect::<Vec<_>>()
            };
            let name = act.get().name();
            let lines = [
                Line {
                    label: format!("plain: Π {name}'"),
                    color: BLUE,
                    dashed: false,
                    points: pts(&plain),
                },
                Line {
                    label: format!("shortcut: Π ({name}' + 1)"),
                    color: GREEN,
                    dashed: true,
                    points: pts(&short_cut),
                },
            ];
            log_layers(
                area,
                c,
                depth.get() as usize,
                &lines,
                "layer n",
                "dx_n / dx_0",
            )
        },
    );
    let chain_text = move || {
        let (plain, sc) = chains.get();
        let (Some(p), Some(s)) = (plain.last(), sc.last()) else {
            return String::new();
        };
        let factors: Vec<String> = plain
            .iter()
            .take(4)
            .map(|l| format!("{:.3}", l.factor))
            .collect();
        format!(
            "dx_{n}/dx_0 = {}{} = {}   (with shortcuts: {})",
            factors.join(" × "),
            if plain.len() > 4 { " × …" } else { "" },
            short(p.product),
            short(s.product),
            n = p.layer
        )
    };

    view! {
        <section class="grad-section">
            <h2>"1. The derivative of one layer"</h2>
            {act_chart}
            <p class="caption">
                {DERIVATIVES}
            </p>
        </section>
        <section class="grad-section">
            <h2>"2. The chain rule through n layers"</h2>
            <p class="formula">"x_n = f_n(… f_2(f_1(x_0)))   ⇒   dx_n/dx_0 = f'(x_{n−1}) · … · f'(x_1) · f'(x_0)"</p>
            {chain_chart}
            <p class="formula" data-testid="chain-product">{chain_text}</p>
            <p class="caption">
                "Unit weights, x_0 = 1, as on the slide. "
                {move || chain_caption(act.get())}
            </p>
        </section>
    }
}

//! Pieces shared by `/connectivity` and `/parameter-sharing`: the layer's sliders, animated
//! counts, and the diagram models of a dense and a convolutional layer.

use crate::lessons::connectivity::{Arrow, Connectivity};
use crate::lessons::sparse_pages::{output_centre, ConnectivityState};
use crate::ui::components::IntSlider;
use crate::ui::viz::network::{Lit, NetArrow, NetModel};
use crate::ui::viz::thousands;
use crate::ui::viz::tween::use_rolling_count;
use leptos::prelude::*;

/// The four sliders: n (2..32), k (1..n+2p), s (1..k+2), p (0..k-1).
#[component]
pub fn LayerSliders(
    layer: Signal<ConnectivityState>,
    on_move: Callback<(&'static str, usize)>,
) -> impl IntoView {
    let value = move |f: fn(&ConnectivityState) -> usize| {
        Signal::derive(move || layer.with(|l| f(l) as i64))
    };
    let max = move |i: usize| Signal::derive(move || layer.with(|l| l.ranges()[i] as i64));
    let set =
        move |name: &'static str| Callback::new(move |v: i64| on_move.run((name, v as usize)));
    view! {
        <IntSlider label="n: inputs" name="n" value=value(|l| l.n) min=2 max=32 on_change=set("n") />
        <IntSlider label="k: kernel size" name="k" value=value(|l| l.k) min=1 max=max(0)
            on_change=set("k") />
        <IntSlider label="s: stride" name="s" value=value(|l| l.s) min=1 max=max(1)
            on_change=set("s") />
        <IntSlider label="p: zero padding per side" name="p" value=value(|l| l.p) min=0 max=max(2)
            on_change=set("p") />
    }
}

/// A key figure whose visible number rolls to its new value. Same markup as `KeyFigure`, but
/// the rolling text is hidden from screen readers, which hear only the final value.
#[component]
pub fn Count(testid: &'static str, label: &'static str, value: Signal<u64>) -> impl IntoView {
    let text = use_rolling_count(value);
    let exact = move || value.get().to_string();
    let spoken = move || format!("{label}: {}", thousands(value.get()));
    view! {
        <div class="key-figure">
            <span class="key-figure-label">{label}</span>
            <span class="key-figure-value" data-testid=testid data-value=exact>
                <span aria-hidden="true">{text}</span>
                <span class="visually-hidden" aria-live="polite">{spoken}</span>
            </span>
        </div>
    }
}

/// The convolutional layer: real arrows only, padding as ghost units.
pub fn conv_model(c: &Connectivity, tone: impl Fn(usize, &Arrow) -> Option<usize>) -> NetModel {
    let (n, p) = (c.params.n, c.params.p as f64);
    NetModel {
        inputs: (0..n).map(|i| i as f64).collect(),
        ghosts: c.padding_positions().iter().map(|&g| g as f64).collect(),
        outputs: (0..c.outputs).map(|j| output_centre(c.params, j)).collect(),
        arrows: c
            .arrows
            .iter()
            .enumerate()
            .map(|(i, a)| NetArrow {
                input: a.input,
                output: a.output,
                tone: tone(i, a),
            })
            .collect(),
        extent: (-p, n as f64 - 1.0 + p),
    }
}

/// A dense layer with the same inputs and the same number of outputs, drawn at the same places.
pub fn dense_model(c: &Connectivity) -> NetModel {
    let conv = conv_model(c, |_, _| None);
    let arrows = (0..c.params.n)
        .flat_map(|input| {
            (0..c.outputs).map(move |output| NetArrow {
                input,
                output,
                tone: None,
            })
        })
        .collect();
    NetModel {
        ghosts: Vec::new(),
        arrows,
        ..conv
    }
}

/// Lights input `i` (`xi`, 1-based) or output `j` (`sj`) in `model` and everything connected.
pub fn light(model: &NetModel, xi: usize, sj: usize) -> Lit {
    use crate::ui::viz::network::{Pick, Row};
    let mut lit = Lit {
        active: xi > 0 || sj > 0,
        inputs: vec![false; model.inputs.len()],
        ghosts: vec![false; model.ghosts.len()],
        outputs: vec![false; model.outputs.len()],
        arrows: vec![false; model.arrows.len()],
        selected: None,
    };
    for (a, arrow) in model.arrows.iter().enumerate() {
        if (xi > 0 && arrow.input + 1 == xi) || (sj > 0 && arrow.output + 1 == sj) {
            lit.arrows[a] = true;
            lit.inputs[arrow.input] = true;
            lit.outputs[arrow.output] = true;
        }
    }
    if xi > 0 && xi <= model.inputs.len() {
        lit.inputs[xi - 1] = true;
        lit.selected = Some(Pick {
            row: Row::Input,
            index: xi - 1,
        });
    }
    if sj > 0 && sj <= model.outputs.len() {
        lit.outputs[sj - 1] = true;
        lit.selected = Some(Pick {
            row: Row::Output,
            index: sj - 1,
        });
    }
    lit
}

/// Lists `x_2, x_3, x_4` (1-based labels from 0-based indices).
pub fn names(prefix: &str, items: impl IntoIterator<Item = usize>) -> String {
    items
        .into_iter()
        .map(|i| format!("{prefix}{}", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

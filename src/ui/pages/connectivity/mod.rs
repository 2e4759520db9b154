//! `/connectivity` (lecture section 3): "Q: how many arrows?" A dense and a convolutional layer
//! side by side; n, k, s, p as sliders; counts live; click a unit to see what it reaches.

use crate::catalog::Lesson;
use crate::lessons::connectivity::{Connectivity, ConnectivityError};
use crate::lessons::sparse_pages::ConnectivityState;
use crate::ui::components::{ErrorNote, LessonFrame, RevealCard};
use crate::ui::env;
use crate::ui::url_state::use_url_state;
use crate::ui::viz::layer_views::{conv_model, dense_model, light, names, Count, LayerSliders};
use crate::ui::viz::network::{NetDiagram, Pick, Row};
use leptos::prelude::*;

#[component]
pub fn ConnectivityPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<ConnectivityState>();
    let layer = Memo::new(move |_| Connectivity::new(state.get().params()));
    let conv = Memo::new(move |_| {
        layer.with(|l| {
            l.as_ref()
                .map(|c| conv_model(c, |_, _| None))
                .unwrap_or_default()
        })
    });
    let dense = Memo::new(move |_| layer.with(|l| l.as_ref().map(dense_model).unwrap_or_default()));
    let counts = Memo::new(move |_| layer.with(|l| l.as_ref().ok().map(|c| c.counts())));
    let count = move |f: fn(&crate::lessons::connectivity::Counts) -> usize| {
        Signal::derive(move || counts.get().map_or(0, |c| f(&c)) as u64)
    };
    let shared = Signal::derive(move || state.get().k as u64);
    let conv_lit = Signal::derive(move || {
        let s = state.get();
        let mut lit = conv.with(|m| light(m, s.xi, s.sj));
        if s.sj > 0 {
            // The padding positions s_j reads are part of its window (they hold zeros).
            if let Ok(c) = layer.get() {
                let pads = c.ghosts_of(s.sj - 1);
                for (g, pos) in c.padding_positions().iter().enumerate() {
                    lit.ghosts[g] = pads.contains(pos);
                }
            }
        }
        lit
    });
    let dense_lit = Signal::derive(move || {
        let s = state.get();
        dense.with(|m| light(m, s.xi, s.sj))
    });
    let on_pick = Callback::new(move |(pick, toggle): (Pick, bool)| {
        state.update(|s| {
            let picked = match pick.row {
                Row::Input => s.xi == pick.index + 1,
                Row::Output => s.sj == pick.index + 1,
            };
            if !toggle && picked {
                return;
            }
            *s = match pick.row {
                Row::Input => s.toggle_input(pick.index),
                Row::Output => s.toggle_output(pick.index),
            };
        })
    });
    let on_move = Callback::new(move |(name, v): (&'static str, usize)| {
        state.update(|s| *s = s.with_slider(name, v))
    });
    let formula = Memo::new(move |_| layer.with(|l| l.as_ref().ok().map(|c| c.formula())));
    let error = move || layer.with(|l| l.as_ref().err().map(explain));
    let selection = move || summary(&state.get(), &layer.get());
    let dense_label = Signal::derive(move || {
        let c = counts.get();
        let (n, m) = (state.get().n, c.map_or(0, |c| c.outputs));
        format!(
            "Fully connected layer: {n} inputs, {m} outputs, {} arrows",
            n * m
        )
    });
    let conv_label = Signal::derive(move || {
        let s = state.get();
        let a = counts.get().map_or(0, |c| c.conv_arrows);
        format!(
            "Convolutional layer, kernel {}, stride {}, padding {}: {a} arrows",
            s.k, s.s, s.p
        )
    });
    let conv_title = move || {
        let s = state.get();
        format!("Convolution: k = {}, s = {}, p = {}", s.k, s.s, s.p)
    };
    let formula_text = move |f: fn(&crate::lessons::connectivity::ArrowFormula) -> String| {
        move || {
            formula
                .get()
                .map(|x| f(&x))
                .unwrap_or_else(|| "no outputs".into())
        }
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <div class="lesson-grid layer-grid">
                <div class="sparse-main">
                    <div class="figures">
                        <Count testid="outputs" label="outputs" value=count(|c| c.outputs) />
                        <Count testid="dense-arrows" label="dense arrows" value=count(|c| c.dense_arrows) />
                        <Count testid="conv-arrows" label="conv arrows" value=count(|c| c.conv_arrows) />
                        <Count testid="dense-weights" label="dense weights" value=count(|c| c.dense_weights) />
                        <Count testid="unshared-weights" label="unshared weights"
                            value=count(|c| c.unshared_weights) />
                        <Count testid="shared-weights" label="shared weights" value=shared />
                    </div>
                    {move || error().map(|m| view! { <ErrorNote message=m /> })}
                    <Show when=move || error().is_none()>
                        <div class="sparse-panels">
                            <figure class="figure-box">
                                <figcaption>
                                    <strong>"Fully connected"</strong>
                                    <span class="formula-inline">{formula_text(|f| f.dense.clone())}" arrows"</span>
                                </figcaption>
                                <NetDiagram model=dense.into() lit=dense_lit label=dense_label
                                    on_pick=on_pick name="dense" />
                            </figure>
                            <figure class="figure-box">
                                <figcaption>
                                    <strong>{conv_title}</strong>
                                    <span class="formula-inline">{formula_text(|f| f.closed.clone())}" arrows"</span>
                                </figcaption>
                                <NetDiagram model=conv.into() lit=conv_lit label=conv_label
                                    on_pick=on_pick name="conv" />
                            </figure>
                        </div>
                    </Show>
                    <p class="selection-note" aria-live="polite" data-testid="selection">{selection}</p>
                    <p class="caption">
                        "Dashed circles are zero padding: they hold 0, so their taps are not "
                        "arrows and carry no information. Keyboard: Tab to a row, arrows to move, "
                        "Enter to select."
                    </p>
                </div>
                <aside class="controls" aria-label="Layer settings">
                    <LayerSliders layer=state.into() on_move=on_move />
                    <div class="button-row">
                        <button class="small secondary" on:click=move |_| {
                            state.update(|s| { s.xi = 0; s.sj = 0; })
                        }>"Clear selection"</button>
                        <button class="small secondary" data-testid="slide-defaults" on:click=move |_| {
                            state.set(crate::state::defaults())
                        }>"Slide settings"</button>
                    </div>
                    <p class="caption">
                        <a href=move || env::href(&format!("/parameter-sharing?{}", crate::state::encode(&state.get())))>
                            "Same layer, weights coloured: parameter sharing"
                        </a>
                    </p>
                </aside>
            </div>
            <div class="reveal-row">
                <RevealCard question="Q: how many arrows?" beat=1>
                    <p>"Fully connected: every input reaches every output,"</p>
                    <p class="formula">"n x m = "{formula_text(|f| f.dense.clone())}</p>
                    <p data-testid="from-inputs-words">"Convolution, counted from the inputs as the slide does: "
                       {formula_text(|f| f.from_inputs_words.clone())} ":"</p>
                    <p class="formula" data-testid="from-inputs">{formula_text(|f| f.from_inputs.clone())}</p>
                    <p class="formula">{formula_text(|f| f.inputs_sum.clone())}</p>
                    <p>"In general, from the outputs: k arrows into each of the m outputs, minus the "
                       "window taps that land on padding (they are not arrows):"</p>
                    <p class="formula">"k x m - padding taps = "{formula_text(|f| f.closed.clone())}</p>
                    <p class="formula">{formula_text(|f| f.sum.clone())}</p>
                </RevealCard>
                <RevealCard question="Q: filter size and stride?" beat=2>
                    <p>{move || {
                        let s = state.get();
                        format!("Filter size k = {}, stride s = {}, zero padding p = {} on each side.", s.k, s.s, s.p)
                    }}</p>
                    <p class="formula">{move || outputs_formula(&state.get())}</p>
                </RevealCard>
                <RevealCard question="Q: how many weights?" beat=3>
                    <p class="formula">{move || weights_text(&state.get(), counts.get())}</p>
                    <p>"A sparse layer needs one weight per arrow unless the weights are shared: "
                       "a convolution uses the same k weights at every position."</p>
                </RevealCard>
            </div>
        </LessonFrame>
    }
}

fn explain(e: &ConnectivityError) -> String {
    match e {
        ConnectivityError::KernelTooLarge { .. } => format!(
            "No drawing: {e}. Make the kernel smaller, or add inputs or padding, and the layer \
             comes back."
        ),
        other => format!("No drawing: {other}."),
    }
}

fn outputs_formula(s: &ConnectivityState) -> String {
    let padded = s.n + 2 * s.p;
    match padded.checked_sub(s.k) {
        Some(d) => format!(
            "m = floor((n + 2p - k) / s) + 1 = floor(({} + 2 x {} - {}) / {}) + 1 = {}",
            s.n,
            s.p,
            s.k,
            s.s,
            d / s.s + 1
        ),
        None => format!("n + 2p = {padded} < k = {}: no outputs", s.k),
    }
}

fn weights_text(s: &ConnectivityState, c: Option<crate::lessons::connectivity::Counts>) -> String {
    let c = c.unwrap_or(crate::lessons::connectivity::Counts {
        outputs: 0,
        conv_arrows: 0,
        dense_arrows: 0,
        dense_weights: 0,
        unshared_weights: 0,
        shared_weights: s.k,
        padding_taps: 0,
    });
    format!(
        "dense {} / sparse, not shared {} / shared {} (= k)",
        c.dense_weights, c.unshared_weights, s.k
    )
}

fn summary(s: &ConnectivityState, layer: &Result<Connectivity, ConnectivityError>) -> String {
    let Ok(c) = layer else {
        return String::new();
    };
    if s.xi > 0 {
        let reached = c.outputs_reached_by(s.xi - 1);
        return format!(
            "x{} reaches {} in the convolution ({} of {} outputs); in the dense layer it reaches \
             all {}.",
            s.xi,
            if reached.is_empty() {
                "no output".to_string()
            } else {
                names("s", reached.iter().copied())
            },
            reached.len(),
            c.outputs,
            c.outputs
        );
    }
    if s.sj > 0 {
        let seen = c.inputs_seen_by(s.sj - 1);
        let pads = c.ghosts_of(s.sj - 1).len();
        let pad_text = match pads {
            0 => String::new(),
            1 => " plus 1 padding zero".to_string(),
            p => format!(" plus {p} padding zeros"),
        };
        return format!(
            "s{} sees {} (its receptive field: {} inputs{pad_text}); in the dense layer it sees \
             all {} inputs.",
            s.sj,
            names("x", seen.iter().copied()),
            seen.len(),
            c.params.n
        );
    }
    "Click an input x_i to see the outputs it reaches, or an output s_j to see the inputs it \
     sees (its receptive field)."
        .to_string()
}

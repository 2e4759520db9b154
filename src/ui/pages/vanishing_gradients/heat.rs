//! The animated heat map of `/vanishing-gradients`: the measured net trains with SGD, one step
//! per frame, and every step's per-layer gradient norms become one column (layers x steps).

use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::lessons::gradients::{short, Digits, GradWatch, VanishingState};
use crate::ui::components::ErrorNote;
use crate::ui::loaders::first_shard;
use crate::ui::owned::{frame_loop, spawn_owned};
use crate::ui::viz::chart::{plot, Fig};
use crate::ui::viz::grad_charts::heat;
use leptos::prelude::*;
use std::rc::Rc;

/// Steps shown (columns).
pub const STEPS: usize = 80;
/// Training digits cycled through (the first of the training set).
const TRAIN_DIGITS: usize = 2048;

#[component]
pub fn GradHeat(state: RwSignal<VanishingState>) -> impl IntoView {
    let watch: StoredValue<Option<GradWatch>, LocalStorage> = StoredValue::new_local(None);
    // The training images of the data set they came from (another choice loads its own).
    let digits: StoredValue<Option<(Dataset, Rc<Digits>)>, LocalStorage> =
        StoredValue::new_local(None);
    let running = RwSignal::new(false);
    let version = RwSignal::new(0u32);
    let status = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<String>);
    let gen = StoredValue::new(0u32);

    // Any change of the settings starts over.
    let reset = {
        move || {
            gen.update_value(|g| *g += 1);
            running.set(false);
            watch.set_value(None);
            failed.set(None);
            status.set(String::new());
            version.update(|v| *v += 1);
        }
    };
    {
        Effect::new(move |prev: Option<()>| {
            state.track();
            if prev.is_some() {
                reset();
            }
        });
    }

    let start = move || {
        if running.get_untracked() {
            running.set(false);
            return;
        }
        if failed.get_untracked().is_some() {
            return;
        }
        running.set(true);
        let my_gen = gen.get_value();
        spawn_owned(async move {
            let ds = state.get_untracked().dataset();
            if digits.with_value(|d| d.as_ref().map(|(k, _)| *k) != Some(ds)) {
                status.set(format!("Loading {} training images…", ds.name()));
                match first_shard(ds, Split::Train).await {
                    Ok(s) => match Digits::first(ds, &s, TRAIN_DIGITS) {
                        Ok(d) => digits.set_value(Some((ds, Rc::new(d)))),
                        Err(e) => failed.set(Some(e)),
                    },
                    Err(e) => failed.set(Some(format!("{} could not be loaded: {e}", ds.name()))),
                }
            }
            if gen.get_value() != my_gen || failed.get_untracked().is_some() {
                running.set(false);
                return;
            }
            frame_loop(move |_| {
                if gen.get_value() != my_gen || !running.get_untracked() {
                    return false;
                }
                if watch.with_value(|w| w.is_none()) {
                    let s = state.get_untracked();
                    let Some((_, d)) = digits.get_value() else {
                        return false;
                    };
                    let spec = s.spec(s.act(), s.residual);
                    match GradWatch::new(spec, u64::from(s.seed), (*d).clone(), 32, s.lr()) {
                        Ok(w) => watch.set_value(Some(w)),
                        Err(e) => {
                            failed.set(Some(e));
                            running.set(false);
                            return false;
                        }
                    }
                }
                let mut result = Ok(());
                let mut done = 0;
                watch.update_value(|w| {
                    if let Some(w) = w {
                        if w.rows.len() < STEPS {
                            result = w.step();
                        }
                        done = w.rows.len();
                    }
                });
                version.update(|v| *v += 1);
                status.set(format!("step {done} of {STEPS}"));
                if let Err(e) = result {
                    failed.set(Some(format!(
                        "{e}. This learning rate is too large: the training diverged. \
                             Reset, or pick a smaller learning rate."
                    )));
                    running.set(false);
                    return false;
                }
                if done >= STEPS {
                    running.set(false);
                    return false;
                }
                true
            });
        });
    };

    let chart = plot(
        Fig::new(
            "gradient norms, layers x steps",
            "heat-chart",
            "Heat map of per-layer gradient norms over training steps".to_string(),
        ),
        320.0,
        move |area, c| {
            version.get();
            let depth = state.with_untracked(|s| s.depth());
            let rows = watch.with_value(|w| w.as_ref().map(|w| w.rows.clone()).unwrap_or_default());
            heat(area, c, &rows, depth, STEPS)
        },
    );
    let summary = move || {
        version.get();
        watch.with_value(|w| {
            let w = w.as_ref()?;
            let (first, last) = (w.rows.first()?, w.rows.last()?);
            let loss = w.losses.last()?;
            Some(format!(
                "After {} steps: loss {loss:.3}; first layer {} (started {}), last layer {} (started {}).",
                w.rows.len(),
                short(last[0]),
                short(first[0]),
                short(*last.last()?),
                short(*first.last()?),
            ))
        })
    };

    view! {
        <section class="grad-section">
            <h2>"4. While it trains: gradient norms, layers x steps"</h2>
            <div class="button-row">
                <button data-testid="heat-start" on:click=move |_| start()>
                    {move || if running.get() { "Pause" } else { "Train 80 steps" }}
                </button>
                <button data-testid="heat-reset" on:click={
                                        move |_| reset()
                }>"Reset"</button>
                <span class="caption" data-testid="heat-status">{move || status.get()}</span>
            </div>
            {move || failed.get().map(|e| view! { <ErrorNote message=e /> })}
            {chart}
            <p class="caption">
                "Colour = log10 ‖∂L/∂W‖ of each hidden layer (row, layer 1 at the bottom) at each SGD "
                "step (column), dark = small, yellow = large. Batches of 32 training images."
            </p>
            <p class="caption" data-testid="heat-summary">{summary}</p>
        </section>
    }
}

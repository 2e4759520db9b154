//! `/degradation` (lecture section 11): "56-layer plain network: higher training error than
//! 20-layer" (He et al. 2016, Fig. 1), reproduced in the browser at a small scale. A shallow plain
//! MLP, a deep plain MLP and the same deep MLP with identity shortcuts train side by side from one
//! seed on the same mini-batches; training and test error are drawn live. Time-sliced on the main
//! thread: each animation frame spends a few milliseconds on training steps, so the page stays
//! smooth.

use super::grad_cards::WhyDeepTrainsWorse;
use super::grad_charts::{draw_curves, Line, BLUE, GREEN, ORANGE};
use super::grad_frames::{now_ms, run_frames};
use crate::catalog::Lesson;
use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::lessons::gradients::degradation::{EVAL_DIGITS, TRAIN_DIGITS};
use crate::lessons::gradients::{Degradation, DegradationConfig, DegradationState, Digits};
use crate::ui::components::{DataChoice, DataCredit, ErrorNote, IntSlider, KeyFigure, LessonFrame};
use crate::ui::loaders::first_shard;
use crate::ui::url_state::use_url_state;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Milliseconds of training per animation frame (a 60 Hz frame has 16.7 ms).
const BUDGET_MS: f64 = 9.0;

const COLORS: [plotters::style::RGBColor; 3] = [BLUE, ORANGE, GREEN];

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Loading,
    Running,
    Paused,
    Done,
}

#[component]
pub fn DegradationPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<DegradationState>();
    let sim: StoredValue<Option<Degradation>, LocalStorage> = StoredValue::new_local(None);
    // Training, training-evaluation and test images, with the data set they came from.
    #[allow(clippy::type_complexity)]
    let data: StoredValue<Option<(Dataset, Digits, Digits, Digits)>, LocalStorage> =
        StoredValue::new_local(None);
    let phase = RwSignal::new(Phase::Idle);
    let version = RwSignal::new(0u32);
    let failed = RwSignal::new(None::<String>);
    let speed = RwSignal::new(0.0f64);
    let alive = Arc::new(AtomicBool::new(true));
    let gen = StoredValue::new(0u32);

    let config = move || {
        let s = state.get_untracked();
        DegradationConfig::lesson(u64::from(s.seed), s.shallow as usize, s.deep as usize)
    };

    let reset = {
        move || {
            gen.update_value(|g| *g += 1);
            sim.set_value(None);
            phase.set(Phase::Idle);
            failed.set(None);
            speed.set(0.0);
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

    let start = {
        let alive = alive.clone();
        move || {
            match phase.get_untracked() {
                Phase::Running => {
                    phase.set(Phase::Paused);
                    return;
                }
                Phase::Loading | Phase::Done => return,
                Phase::Idle | Phase::Paused => {}
            }
            let my_gen = gen.get_value();
            let alive = alive.clone();
            phase.set(Phase::Loading);
            leptos::task::spawn_local(async move {
                let ds = state.get_untracked().dataset();
                if data.with_value(|d| d.as_ref().map(|d| d.0) != Some(ds)) {
                    let loaded = async {
                        let tr = first_shard(ds, Split::Train).await?;
                        let te = first_shard(ds, Split::Test).await?;
                        Ok::<_, String>((
                            ds,
                            Digits::first(ds, &tr, TRAIN_DIGITS)?,
                            Digits::first(ds, &tr, EVAL_DIGITS)?,
                            Digits::first(ds, &te, EVAL_DIGITS)?,
                        ))
                    }
                    .await;
                    match loaded {
                        Ok(d) => data.set_value(Some(d)),
                        Err(e) => {
                            failed.set(Some(format!("{} could not be loaded: {e}", ds.name())));
                            phase.set(Phase::Idle);
                            return;
                        }
                    }
                }
                if gen.get_value() != my_gen {
                    return;
                }
                if sim.with_value(|s| s.is_none()) {
                    let Some((_, train, ev_tr, ev_te)) = data.get_value() else {
                        return;
                    };
                    match Degradation::new(config(), train, ev_tr, ev_te) {
                        Ok(d) => sim.set_value(Some(d)),
                        Err(e) => {
                            failed.set(Some(e));
                            phase.set(Phase::Idle);
                            return;
                        }
                    }
                    version.update(|v| *v += 1);
                }
                phase.set(Phase::Running);
                let window_start = Rc::new(Cell::new((now_ms(), 0usize)));
                let tick: Rc<RefCell<dyn FnMut() -> bool>> = Rc::new(RefCell::new(move || {
                    if gen.get_value() != my_gen || phase.get_untracked() != Phase::Running {
                        return false;
                    }
                    let t0 = now_ms();
                    let mut taken = 0;
                    let mut finished = false;
                    sim.update_value(|s| {
                        if let Some(s) = s {
                            // At least one step per frame; then more while the budget lasts.
                            while now_ms() - t0 < BUDGET_MS {
                                let n = s.step(1);
                                taken += n;
                                if n == 0 {
                                    break;
                                }
                            }
                            finished = s.finished();
                        }
                    });
                    let (w0, steps0) = window_start.get();
                    let elapsed = now_ms() - w0;
                    let steps = steps0 + taken;
                    if elapsed > 1000.0 {
                        speed.set(steps as f64 * 1000.0 / elapsed);
                        window_start.set((now_ms(), 0));
                    } else {
                        window_start.set((w0, steps));
                    }
                    version.update(|v| *v += 1);
                    if finished {
                        phase.set(Phase::Done);
                        return false;
                    }
                    true
                }));
                run_frames(alive, tick);
            });
        }
    };
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });

    let train_canvas = NodeRef::<Canvas>::new();
    let test_canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        version.get();
        let steps = config().steps;
        let lines = |train: bool| -> Vec<Line> {
            sim.with_value(|s| {
                let Some(s) = s else { return Vec::new() };
                s.curves()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Line {
                        label: run_label(c.name, c.depth),
                        color: COLORS[i % 3],
                        dashed: c.residual,
                        points: c
                            .points
                            .iter()
                            .map(|p| {
                                let v = if train { p.train_error } else { p.test_error };
                                (p.step as f64, v)
                            })
                            .collect(),
                    })
                    .collect()
            })
        };
        for (canvas, train) in [(train_canvas, true), (test_canvas, false)] {
            if let Some(c) = canvas.get() {
                let desc = if train {
                    "training error"
                } else {
                    "test error"
                };
                if let Err(e) = draw_curves(c, steps, 0.4, &lines(train), desc) {
                    leptos::logging::warn!("degradation chart: {e}");
                }
            }
        }
    });

    let final_err = move |name: &'static str| {
        Signal::derive(move || {
            version.get();
            sim.with_value(|s| {
                s.as_ref()
                    .filter(|s| s.finished())
                    .and_then(|s| s.final_train_error(name))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
        })
    };
    let shown_err = move |name: &'static str| {
        Signal::derive(move || {
            version.get();
            sim.with_value(|s| {
                let s = s.as_ref()?;
                let c = s.curves().into_iter().find(|c| c.name == name)?.clone();
                if c.diverged {
                    return Some("diverged".to_string());
                }
                c.points
                    .last()
                    .map(|p| format!("{:.1}%", p.train_error * 100.0))
            })
            .unwrap_or_else(|| "–".into())
        })
    };
    let diverged = move || {
        version.get();
        sim.with_value(|s| {
            let names: Vec<&str> = s
                .as_ref()?
                .curves()
                .iter()
                .filter(|c| c.diverged)
                .map(|c| c.name)
                .collect();
            (!names.is_empty()).then(|| {
                format!(
                    "Diverged: {} (a non-finite loss); that run stopped. Reset to start over.",
                    names.join(", ")
                )
            })
        })
    };
    let progress = move || {
        version.get();
        let total = config().steps;
        let done = sim.with_value(|s| s.as_ref().map_or(0, |s| s.steps_done()));
        let p = phase.get();
        let what = match p {
            Phase::Idle => "ready",
            Phase::Loading => "loading images…",
            Phase::Running => "training",
            Phase::Paused => "paused",
            Phase::Done => "done",
        };
        format!("{what}: step {done} of {total}")
    };
    let speed_text = move || {
        let v = speed.get();
        if v > 0.0 {
            format!(
                "{v:.0} steps/s (x3 nets, {} images per step each)",
                config().batch
            )
        } else {
            String::new()
        }
    };
    let button_text = move || match phase.get() {
        Phase::Running => "Pause",
        Phase::Paused => "Resume",
        Phase::Loading => "Loading…",
        Phase::Done => "Done",
        Phase::Idle => "Start training",
    };
    let set_int = move |f: fn(&mut DegradationState, i64)| {
        Callback::new(move |v: i64| state.update(|s| f(s, v)))
    };
    let cfg = DegradationConfig::lesson(1, 3, 20);

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <div class="lesson-grid grad-grid">
                <div>
                    <div class="button-row">
                        <button data-testid="degradation-start" on:click={
                            let start = start.clone();
                            move |_| start()
                        }>{button_text}</button>
                        <button data-testid="degradation-reset" on:click={
                                                        move |_| reset()
                        }>"Reset"</button>
                        <span data-testid="degradation-progress">{progress}</span>
                        <span class="caption" data-testid="degradation-speed">{speed_text}</span>
                    </div>
                    {move || failed.get().map(|e| view! { <ErrorNote message=e /> })}
                    {move || diverged().map(|e| view! { <ErrorNote message=e /> })}
                    <div class="figures">
                        <KeyFigure testid="final-train-error-shallow" label="shallow plain: train error"
                            value=final_err("shallow") text=shown_err("shallow") />
                        <KeyFigure testid="final-train-error-deep" label="deep plain: train error"
                            value=final_err("deep") text=shown_err("deep") />
                        <KeyFigure testid="final-train-error-residual" label="deep + shortcuts: train error"
                            value=final_err("residual") text=shown_err("residual") />
                    </div>
                    <section class="grad-section">
                        <h2>"Training error"</h2>
                        <div class="figure-box">
                            <canvas node_ref=train_canvas width="720" height="360" role="img"
                                data-testid="train-curves"
                                aria-label="Training error of the three nets against training steps"></canvas>
                        </div>
                    </section>
                    <section class="grad-section">
                        <h2>"Test error"</h2>
                        <div class="figure-box">
                            <canvas node_ref=test_canvas width="720" height="360" role="img"
                                data-testid="test-curves"
                                aria-label="Test error of the three nets against training steps"></canvas>
                        </div>
                    </section>
                    <p class="caption">"Both axes are cut at 40% error (every net starts near 90%, chance for 10 classes). Errors are measured every 50 steps."</p>
                    <WhyDeepTrainsWorse shallow=final_err("shallow") deep=final_err("deep")
                        residual=final_err("residual")
                        depths=Signal::derive(move || { let s = state.get(); (s.shallow, s.deep) }) />
                    <section class="grad-section">
                        <h2>"Scaled down from He et al. (2016), Fig. 1"</h2>
                        <table class="scaled-down">
                            <thead><tr><th></th><th>"Paper"</th><th>"Here"</th></tr></thead>
                            <tbody>
                                <tr><th>"Data"</th><td>"CIFAR-10, 50k 32x32 colour images"</td>
                                    <td>{move || { let d = state.get().dataset(); format!("{}, the first {} training {}s, averaged to 14x14; errors on {EVAL_DIGITS} of them and on {EVAL_DIGITS} test {}s", d.name(), crate::ui::viz::thousands(TRAIN_DIGITS as u64), d.item(), d.item()) }}</td></tr>
                                <tr><th>"Nets"</th><td>"20- and 56-layer plain conv nets (3x3 convs, batch norm)"</td>
                                    <td>{move || { let s = state.get(); format!("Fully connected nets (MLPs) of width {}: {} and {} hidden ReLU layers; the deep one again with x + relu(Wx + b) blocks. No batch norm; shortcut blocks start scaled by 1/√depth", cfg.width, s.shallow, s.deep) }}</td></tr>
                                <tr><th>"Training"</th><td>"SGD, momentum 0.9, batch 128, 64k iterations, weight decay"</td>
                                    <td>{format!("SGD, momentum 0.9, lr {}, batch {}, {} steps, no weight decay, He init", cfg.lr, cfg.batch, cfg.steps)}</td></tr>
                                <tr><th>"Time"</th><td>"hours on GPUs"</td><td>"a few seconds in this tab (WebAssembly, one thread)"</td></tr>
                            </tbody>
                        </table>
                        <p class="caption">
                            "The ordering (deep plain worse than shallow, deep with shortcuts better than "
                            "deep plain) is checked for seeds 1, 2 and 3 by a native test on the same "
                            "MNIST digits and configuration (Fashion-MNIST is not part of that check)."
                        </p>
                        <DataCredit data=Signal::derive(move || state.get().dataset()) />
                    </section>
                </div>
                <aside class="controls" aria-label="Settings">
                    <DataChoice value=Signal::derive(move || state.with(|s| s.data.clone()))
                        on_change=Callback::new(move |v: String| state.update(|s| s.data = v)) />
                    <IntSlider label="Shallow net: hidden layers" name="shallow"
                        value=Signal::derive(move || state.get().shallow) min=1 max=10
                        on_change=set_int(|s, v| { s.shallow = v; if s.deep <= v { s.deep = v + 1; } }) />
                    <IntSlider label="Deep net: hidden layers" name="deep"
                        value=Signal::derive(move || state.get().deep) min=2 max=40
                        on_change=set_int(|s, v| { s.deep = v; if s.shallow >= v { s.shallow = v - 1; } }) />
                    <div class="seed-row">
                        <span class="slider-label">"Seed "<span data-testid="seed">{move || state.get().seed}</span></span>
                        <button data-testid="new-seed" on:click=move |_| state.update(|s| s.seed = s.seed % 9 + 1)>
                            "Next seed"
                        </button>
                    </div>
                    <div class="run-legend">
                        <span><span class="swatch" style="background:#0072b2"></span>"shallow plain"</span>
                        <span><span class="swatch" style="background:#d55e00"></span>"deep plain"</span>
                        <span><span class="swatch" style="background:#009e73"></span>"deep + shortcuts (dashed)"</span>
                    </div>
                    <p class="caption">
                        "Changing a setting resets the runs. Training runs in short slices between "
                        "frames, so the page stays responsive; switching tabs pauses it."
                    </p>
                </aside>
            </div>
        </LessonFrame>
    }
}

fn run_label(name: &str, depth: usize) -> String {
    match name {
        "shallow" => format!("plain-{depth}"),
        "deep" => format!("plain-{depth}"),
        _ => format!("residual-{depth}"),
    }
}

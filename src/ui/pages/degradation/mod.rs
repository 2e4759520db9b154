//! `/degradation` (lecture section 11): "56-layer plain network: higher training error than
//! 20-layer" (He et al. 2016, Fig. 1), reproduced in the browser at a small scale. A shallow plain
//! MLP, a deep plain MLP and the same deep MLP with identity shortcuts train side by side from one
//! seed on the same mini-batches; training and test error are drawn live. The runs and their
//! time-sliced training loop are in `degradation_run`; this is the page around them.

mod run;

use crate::catalog::Lesson;
use crate::data::Dataset;
use crate::figure::palette::SERIES;
use crate::lessons::gradients::degradation::{EVAL_DIGITS, TRAIN_DIGITS};
use crate::lessons::gradients::{DegradationConfig, DegradationState};
use crate::ui::components::grad_cards::WhyDeepTrainsWorse;
use crate::ui::components::{DataChoice, DataCredit, ErrorNote, IntSlider, KeyFigure, LessonFrame};
use crate::ui::url_state::use_url_state;
use crate::ui::viz::chart::rgb;
use crate::ui::viz::chart::{plot, Fig};
use crate::ui::viz::grad_charts::{curves, Line};
use leptos::prelude::*;
use run::{Phase, Runs};

/// The runs' colours: the palette's series order (blue, orange, vermillion), whose neighbours
/// differ in greyscale too; the residual run is also dashed.
const COLORS: [plotters::style::RGBColor; 3] = [rgb(SERIES[0]), rgb(SERIES[1]), rgb(SERIES[2])];

#[component]
pub fn DegradationPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<DegradationState>();
    let runs = Runs::new(state);
    let Runs {
        sim,
        phase,
        version,
        failed,
        speed,
        ..
    } = runs;
    let config = move || runs.config();

    let lines = move |train: bool| -> Vec<Line> {
        sim.with_value(|s| {
            // Before a run: the three runs' names, without points (the legend's place is kept,
            // the legend itself waits for data).
            let Some(s) = s else {
                let c = config();
                return [
                    ("shallow", c.shallow, false),
                    ("deep", c.deep, false),
                    ("residual", c.deep, true),
                ]
                .into_iter()
                .enumerate()
                .map(|(i, (name, depth, residual))| Line {
                    label: run_label(name, depth),
                    color: COLORS[i % 3],
                    dashed: residual,
                    points: Vec::new(),
                })
                .collect();
            };
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
    let chart = move |train: bool| {
        let (name, testid, alt, desc) = if train {
            (
                "training error against steps",
                "train-curves",
                "Training error of the three nets against training steps",
                "training error",
            )
        } else {
            (
                "test error against steps",
                "test-curves",
                "Test error of the three nets against training steps",
                "test error",
            )
        };
        plot(
            Fig::new(name, testid, alt.to_string()),
            360.0,
            move |area, c| {
                version.get();
                curves(area, c, config().steps, 0.4, &lines(train), desc)
            },
        )
    };
    let train_chart = chart(true);
    let test_chart = chart(false);

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
                        <button data-testid="degradation-start" on:click=move |_| runs.start()>{button_text}</button>
                        <button data-testid="degradation-reset" on:click=move |_| runs.reset()>
                            "Reset"
                        </button>
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
                        {train_chart}
                    </section>
                    <section class="grad-section">
                        <h2>"Test error"</h2>
                        {test_chart}
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
                    <DataChoice value=Signal::derive(move || state.with(|s| s.data))
                        on_change=Callback::new(move |d: Dataset| state.update(|s| s.data = d)) />
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

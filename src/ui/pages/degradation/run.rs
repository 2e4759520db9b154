//! The three training runs of `/degradation` and their loop: the first start loads the images and
//! builds the nets, then training is time-sliced on the main thread (each animation frame spends a
//! few milliseconds on training steps, so the page stays smooth) until it is paused, reset or
//! done.

use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::lessons::gradients::degradation::{EVAL_DIGITS, TRAIN_DIGITS};
use crate::lessons::gradients::{Degradation, DegradationConfig, DegradationState, Digits};
use crate::ui::loaders::first_shard;
use crate::ui::owned::{frame_loop, now_ms, spawn_owned};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Milliseconds of training per animation frame (a 60 Hz frame has 16.7 ms).
const BUDGET_MS: f64 = 9.0;

#[derive(Clone, Copy, PartialEq)]
pub enum Phase {
    Idle,
    Loading,
    Running,
    Paused,
    Done,
}

/// Training, training-evaluation and test images, with the data set they came from.
type Images = (Dataset, Digits, Digits, Digits);

/// The runs and what the page shows about them. Every field is a reactive handle, so this is
/// `Copy` and can be moved into any closure of the page.
#[derive(Clone, Copy)]
pub struct Runs {
    state: RwSignal<DegradationState>,
    /// The three nets and their curves; `None` until the first start and after a reset.
    pub sim: StoredValue<Option<Degradation>, LocalStorage>,
    data: StoredValue<Option<Images>, LocalStorage>,
    pub phase: RwSignal<Phase>,
    /// Bumped whenever `sim` changes, so whatever reads it redraws.
    pub version: RwSignal<u32>,
    pub failed: RwSignal<Option<String>>,
    /// Training steps per second, measured over about a second (0 until then).
    pub speed: RwSignal<f64>,
    /// Bumped by every reset: a load or frame loop started before it stops.
    gen: StoredValue<u32>,
}

impl Runs {
    /// No runs yet; any later change of `state` resets them.
    pub fn new(state: RwSignal<DegradationState>) -> Self {
        let runs = Self {
            state,
            sim: StoredValue::new_local(None),
            data: StoredValue::new_local(None),
            phase: RwSignal::new(Phase::Idle),
            version: RwSignal::new(0u32),
            failed: RwSignal::new(None::<String>),
            speed: RwSignal::new(0.0f64),
            gen: StoredValue::new(0u32),
        };
        Effect::new(move |prev: Option<()>| {
            state.track();
            if prev.is_some() {
                runs.reset();
            }
        });
        runs
    }

    /// The configuration of the page's current settings.
    pub fn config(&self) -> DegradationConfig {
        let s = self.state.get_untracked();
        DegradationConfig::lesson(u64::from(s.seed), s.shallow as usize, s.deep as usize)
    }

    /// Drops the runs and stops any load or frame loop under way.
    pub fn reset(&self) {
        self.gen.update_value(|g| *g += 1);
        self.sim.set_value(None);
        self.phase.set(Phase::Idle);
        self.failed.set(None);
        self.speed.set(0.0);
        self.version.update(|v| *v += 1);
    }

    /// The start button: pauses a running training; otherwise loads the images if needed, builds
    /// the nets if needed and trains frame by frame while the page lives.
    pub fn start(&self) {
        let Self {
            state,
            sim,
            data,
            phase,
            version,
            failed,
            speed,
            gen,
        } = *self;
        let runs = *self;
        match phase.get_untracked() {
            Phase::Running => {
                phase.set(Phase::Paused);
                return;
            }
            Phase::Loading | Phase::Done => return,
            Phase::Idle | Phase::Paused => {}
        }
        let my_gen = gen.get_value();
        phase.set(Phase::Loading);
        spawn_owned(async move {
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
                match Degradation::new(runs.config(), train, ev_tr, ev_te) {
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
            frame_loop(move |_| {
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
            });
        });
    }
}

//! `/train`: LeNet-5 learns the real MNIST digits (or Fashion-MNIST's clothing, `data=fashion`)
//! in a Web Worker while the page shows the curves, the key figures, the filters and feature
//! maps, the confusion matrix, the misclassified images, and a canvas to draw a digit for it (a
//! test image to pick, for Fashion-MNIST). The logic is in
//! `crate::lessons::train` (pure, tested natively); this module only wires signals and draws.

mod charts;
mod controls;
mod download;
mod draw;
mod engine;
mod inside;
mod mistakes;
mod pick;
mod pool;
mod probs;
mod text;
mod tiles;
mod weights;
mod worker_client;

use crate::catalog::Lesson;
use crate::data::Dataset;
use crate::lessons::train::inside::InsideParams;
use crate::lessons::train::protocol::{
    CellImages, Divergence, Explanation, FromWorker, Inspection, ProgressReport, TestReport,
    ToWorker, UnitReport,
};
use crate::lessons::train::settings::trained_network;
use crate::lessons::train::TrainParams;
use crate::ui::components::{ErrorNote, KeyFigure, LessonFrame};
use crate::ui::owned::spawn_owned;
use crate::ui::url_state::use_url_state;
use leptos::prelude::*;
use text::{intro, percent, worker_speeds};

/// Where the data download stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Loading,
    Ready,
    Failed(String),
}

/// One point of the training curves: (epoch, loss, accuracy).
pub type CurvePoint = (f64, f64, f64);

/// Everything the page shows, as signals (`Copy`, passed to the sub-views).
#[derive(Clone, Copy)]
pub struct Store {
    pub params: RwSignal<TrainParams>,
    pub phase: RwSignal<Phase>,
    /// Initial download: bytes received, bytes expected.
    pub download: RwSignal<(u64, u64)>,
    pub train_loaded: RwSignal<usize>,
    pub train_total: RwSignal<usize>,
    pub running: RwSignal<bool>,
    pub progress: RwSignal<ProgressReport>,
    pub train_curve: RwSignal<Vec<CurvePoint>>,
    pub test_curve: RwSignal<Vec<CurvePoint>>,
    pub test: RwSignal<Option<TestReport>>,
    pub inspection: RwSignal<Option<Inspection>>,
    /// What the look inside shows (image, layer, unit, class, occluder): the URL's state.
    pub inside: RwSignal<InsideParams>,
    /// The opened unit's weights and top patches, and the image's saliency and occlusion maps.
    pub unit: RwSignal<Option<UnitReport>>,
    pub explained: RwSignal<Option<Explanation>>,
    pub diverged: RwSignal<Option<Divergence>>,
    pub error: RwSignal<Option<String>>,
    pub probs: RwSignal<Option<Vec<f32>>>,
    /// The outcome of the last weights load: (ok, message).
    pub weights_note: RwSignal<Option<(bool, String)>>,
    /// The last preprocessed drawing (28x28), re-classified after every evaluation.
    pub drawn: StoredValue<Option<Vec<f32>>>,
    /// The confusion-matrix cell opened (true class, predicted) and its images.
    pub cell: RwSignal<Option<(usize, usize)>>,
    pub cell_images: RwSignal<Option<CellImages>>,
    /// Bumped when another data set is chosen: the older download stops.
    pub data_generation: RwSignal<u64>,
    /// How many workers train, and each one's images/s (worker 0 first).
    pub workers: RwSignal<usize>,
    pub speeds: RwSignal<Vec<f64>>,
    pool: StoredValue<pool::Pool>,
}

impl Store {
    /// The chosen data set (tracked).
    pub fn dataset(&self) -> Dataset {
        self.params.with(|p| p.data)
    }

    pub fn dataset_untracked(&self) -> Dataset {
        self.params.with_untracked(|p| p.data)
    }

    /// Another data set: a fresh model, every read-out cleared, and the new data downloaded
    /// (the worker drops the old data when the new manifest arrives).
    pub fn switch_data(&self) {
        self.data_generation.update(|g| *g += 1);
        self.phase.set(Phase::Loading);
        self.download.set((0, 0));
        self.train_loaded.set(0);
        self.inspection.set(None);
        self.unit.set(None);
        self.explained.set(None);
        self.probs.set(None);
        self.drawn.set_value(None);
        self.weights_note.set(None);
        self.cell.set(None);
        self.clear_run();
        self.send(&ToWorker::Pause);
        spawn_owned(download::load_data(*self));
    }

    /// Clears what a run of training showed (curves, figures, evaluation, messages).
    fn clear_run(&self) {
        self.running.set(false);
        self.progress.set(ProgressReport::default());
        self.train_curve.set(Vec::new());
        self.test_curve.set(Vec::new());
        self.test.set(None);
        self.diverged.set(None);
        self.error.set(None);
        self.cell_images.set(None);
    }

    /// Sends `msg` to the leader (worker 0): training control and every read-out.
    pub fn send(&self, msg: &ToWorker) {
        self.pool.with_value(|p| p.send_leader(msg));
    }

    /// Sends `msg` to every worker: what changes the replicas' state (data, model, weights).
    pub fn send_all(&self, msg: &ToWorker) {
        self.pool.with_value(|p| p.send_all(msg));
    }

    /// A fresh model from the current parameters (data kept); clears every read-out.
    pub fn reset(&self) {
        let settings = self.params.get_untracked().settings();
        self.clear_run();
        self.send(&ToWorker::Pause);
        self.send_all(&ToWorker::Reset { settings });
        self.repredict();
        self.refresh_inside();
    }

    pub fn repredict(&self) {
        if let Some(pixels) = self.drawn.get_value() {
            self.send(&ToWorker::Predict { pixels });
        }
    }

    fn on_message(&self, m: FromWorker) {
        match m {
            FromWorker::Speed {
                worker,
                images_per_sec,
            } => self.speeds.update(|v| {
                if worker < v.len() {
                    v[worker] = images_per_sec;
                }
            }),
            FromWorker::Ready => {}
            FromWorker::Loaded { train_images, .. } => {
                self.train_loaded.set(train_images);
            }
            FromWorker::DataError { message } => {
                let data = self.dataset_untracked();
                self.phase.set(Phase::Failed(format!(
                    "The {} data could not be used: {message}. Regenerate the assets with \
                     `node scripts/mnist/convert.mjs --dataset {}` and rebuild.",
                    data.name(),
                    data.id()
                )));
            }
            FromWorker::Progress(p) => {
                if let (Some(l), Some(a)) = (p.train_loss, p.train_accuracy) {
                    self.train_curve.update(|c| {
                        c.push((p.epoch, f64::from(l), f64::from(a)));
                        if c.len() > 1500 {
                            // Keep the chart cheap: halve the resolution of the older half.
                            let keep: Vec<_> = c
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| i % 2 == 0 || *i >= 750)
                                .map(|(_, v)| *v)
                                .collect();
                            *c = keep;
                        }
                    });
                }
                self.running.set(p.running);
                self.progress.set(p);
            }
            FromWorker::Evaluated(r) => {
                self.test_curve
                    .update(|c| c.push((r.epoch, r.loss, r.accuracy)));
                self.test.set(Some(r));
                self.repredict();
                // The open cell, unit and explanation follow the newest evaluation.
                if let Some((truth, predicted)) = self.cell.get_untracked() {
                    self.send(&ToWorker::Cell { truth, predicted });
                }
                self.refresh_inside();
            }
            FromWorker::Inspected(i) => self.inspection.set(Some(i)),
            FromWorker::Unit(u) => self.unit.set(Some(u)),
            FromWorker::Explained(e) => self.explained.set(Some(e)),
            FromWorker::Prediction { probs } => self.probs.set(Some(probs)),
            FromWorker::Cell(c) => {
                if self.cell.get_untracked() == Some((c.truth, c.predicted)) {
                    self.cell_images.set(Some(c));
                }
            }
            FromWorker::Diverged(d) => {
                self.running.set(false);
                self.diverged.set(Some(d));
            }
            FromWorker::Weights { json } => weights::download(
                &json,
                &format!("lenet5-{}-weights.json", self.dataset_untracked().id()),
            ),
            FromWorker::WeightsLoaded { ok, message } => {
                let text = if ok {
                    format!(
                        "{message} The test accuracy above is measured again on all 10,000 test {}s.",
                        self.dataset_untracked().item()
                    )
                } else {
                    format!("Refused: {message}. The current model is kept.")
                };
                if ok {
                    self.diverged.set(None);
                    self.cell_images.set(None);
                    self.repredict();
                    self.refresh_inside();
                }
                self.weights_note.set(Some((ok, text)));
            }
            FromWorker::Error { message } => self.error.set(Some(message)),
        }
    }
}

impl Store {
    /// A shard's bytes, to every worker.
    pub(super) fn send_bytes(&self, msg: &ToWorker, bytes: &[u8]) {
        self.pool.with_value(|p| p.send_bytes_all(msg, bytes));
    }
}

#[component]
pub fn TrainPage(lesson: &'static Lesson) -> impl IntoView {
    let (params, notes) = use_url_state::<TrainParams>();
    let (inside, inside_notes) = use_url_state::<InsideParams>();
    notes.update(|v| v.extend(inside_notes.get_untracked()));
    let store = Store {
        params,
        phase: RwSignal::new(Phase::Loading),
        download: RwSignal::new((0, 0)),
        train_loaded: RwSignal::new(0),
        train_total: RwSignal::new(60_000),
        running: RwSignal::new(false),
        progress: RwSignal::new(ProgressReport::default()),
        train_curve: RwSignal::new(Vec::new()),
        test_curve: RwSignal::new(Vec::new()),
        test: RwSignal::new(None),
        inspection: RwSignal::new(None),
        inside,
        unit: RwSignal::new(None),
        explained: RwSignal::new(None),
        diverged: RwSignal::new(None),
        error: RwSignal::new(None),
        probs: RwSignal::new(None),
        weights_note: RwSignal::new(None),
        drawn: StoredValue::new(None),
        cell: RwSignal::new(None),
        cell_images: RwSignal::new(None),
        data_generation: RwSignal::new(0),
        workers: RwSignal::new(0),
        speeds: RwSignal::new(Vec::new()),
        pool: StoredValue::new(pool::Pool::default()),
    };
    match store.start_pool() {
        Ok(note) => {
            if let Some(n) = note {
                notes.update(|v| v.push(crate::state::Note::new("workers", n)));
            }
            spawn_owned(download::load_data(store));
        }
        Err(e) => store.phase.set(Phase::Failed(e)),
    }
    // Every worker ends with the page.
    on_cleanup(move || store.pool.set_value(pool::Pool::default()));

    let phase_note = move || match store.phase.get() {
        Phase::Failed(e) => Some(view! { <ErrorNote message=e /> }),
        _ => None,
    };
    let (done, total) = (
        move || store.download.get().0,
        move || store.download.get().1,
    );
    let figures = view! {
        <div class="figures">
            <KeyFigure testid="epoch" label="Epochs"
                value=Signal::derive(move || store.progress.get().epoch.to_string())
                text=Signal::derive(move || format!("{:.2}", store.progress.get().epoch)) />
            <KeyFigure testid="train-ips" label="Images/s (training)"
                value=Signal::derive(move || store.progress.get().mean_images_per_sec.to_string())
                text=Signal::derive(move || format!("{:.0}", store.progress.get().mean_images_per_sec)) />
            <KeyFigure testid="dataset" label="Data set"
                value=Signal::derive(move || store.dataset().id().to_string())
                text=Signal::derive(move || store.dataset().name().to_string()) />
            <KeyFigure testid="test-accuracy" label="Test accuracy (10,000 test images)"
                value=Signal::derive(move || store.test.get().map(|t| t.accuracy.to_string()).unwrap_or_default())
                text=Signal::derive(move || store.test.get().map(|t| percent(t.accuracy)).unwrap_or_else(|| "–".into())) />
            <KeyFigure testid="images-seen" label="Images seen"
                value=Signal::derive(move || store.progress.get().images_seen.to_string()) />
            <KeyFigure testid="workers" label="Workers training"
                value=Signal::derive(move || store.workers.get().to_string()) />
        </div>
        <p class="caption" data-testid="worker-ips"
            data-value=move || serde_json::to_string(&store.speeds.get()).unwrap_or_default()>
            {move || worker_speeds(&store.speeds.get())}
        </p>
    };
    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p class="train-intro" data-testid="train-intro">{move || intro(store.dataset())}</p>
            <p class="train-intro" data-testid="trained-network">
                {move || trained_network(&store.params.get().settings())}
            </p>
            {phase_note}
            <Show when=move || store.phase.get() == Phase::Loading>
                <div class="train-download" role="status">
                    <label for="train-download-bar">
                        {move || format!("Downloading {}: {:.1} of {:.1} MB",
                            store.dataset().name(), done() as f64 / 1e6, total() as f64 / 1e6)}
                    </label>
                    <progress id="train-download-bar" data-testid="train-download"
                        max=move || total().max(1).to_string() value=move || done().to_string() />
                </div>
            </Show>
            <controls::Controls store=store />
            {move || store.diverged.get().map(|d| {
                let loss = if d.loss >= f32::MAX || !d.loss.is_finite() { "NaN or infinite".to_string() } else { format!("{}", d.loss) };
                view! {
                    <div class="train-diverged" data-testid="train-diverged">
                        <ErrorNote message=format!(
                            "Training diverged at batch {} ({} images): the loss became {loss}. \
                             A learning rate of {} is too large for this optimiser, so the weights blew up. \
                             Training has stopped; reset to start again, perhaps with a smaller lr.",
                            d.batch, d.images_seen, d.lr) />
                        <button data-testid="train-reset-diverged" on:click=move |_| store.reset()>"Reset the model"</button>
                    </div>
                }
            })}
            {move || store.error.get().map(|e| view! { <ErrorNote message=e /> })}
            {figures}
            <charts::Charts store=store />
            <inside::Inside store=store />
            {move || if store.dataset().can_draw() {
                view! { <draw::DrawDigit store=store /> }.into_any()
            } else {
                view! { <pick::PickImage store=store /> }.into_any()
            }}
            <weights::Weights store=store />
            <crate::ui::components::KeepOffline place="train" />
            <engine::EngineNote store=store />
        </LessonFrame>
    }
}

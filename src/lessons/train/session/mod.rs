//! The training session the worker drives: the model and optimiser, the data set's shards as they
//! stream in, the mini-batch schedule, the training step (data-parallel in parts:
//! [`parallel`]), divergence detection, and the read-outs the page shows ([`readouts`]: test-set
//! evaluation in chunks, feature maps, prediction, weights files).
//!
//! Schedule: each pass over the training set is a seeded Fisher-Yates permutation of the images
//! loaded so far; a shard that arrives mid-pass is shuffled into the rest of the pass. Batches
//! are taken from the permutation's end. The same seed and arrival order give the same run.

use super::protocol::{Divergence, ProgressReport};
use super::settings::TrainSettings;
use crate::data::mnist::{shuffle, Manifest, MnistShard, Normalization, Split, SplitMix64};
use crate::engine::nn::{Model, Optimizer};
use crate::engine::tensor;

/// Running sums of the current reporting window.
#[derive(Debug, Clone, Default)]
struct Window {
    batches: u64,
    images: u64,
    loss_sum: f64,
    correct: u64,
    ms: f64,
}

pub struct Session {
    pub settings: TrainSettings,
    manifest: Manifest,
    model: Model,
    opt: Optimizer,
    train: Option<MnistShard>,
    test: Option<MnistShard>,
    order: Vec<usize>,
    rng: SplitMix64,
    images_seen: u64,
    batches: u64,
    diverged: Option<Divergence>,
    window: Window,
    total_ms: f64,
    total_timed_images: u64,
    inputs: Vec<f32>,
    labels8: Vec<u8>,
    labels: Vec<usize>,
    /// Every test image's predicted class and its probability, from the last full evaluation
    /// of the current weights (empty until there is one).
    outcomes: Vec<(u8, f32)>,
    /// Training images seen when `outcomes` were measured.
    outcomes_seen: u64,
    /// Training shards added so far.
    train_shards: usize,
}

pub mod explain;
pub mod inside;
pub mod mistakes;
mod parallel;
mod readouts;

pub use parallel::{combine, part_range, Combined, PartGrads};
pub use readouts::{Evaluator, EVAL_CHUNK, MAX_MISCLASSIFIED, MAX_WEIGHTS_BYTES};

impl Session {
    /// A fresh model for `settings`; the manifest says which shards to expect.
    pub fn new(manifest_json: &str, settings: TrainSettings) -> Result<Self, String> {
        let manifest = Manifest::parse(manifest_json).map_err(|e| e.to_string())?;
        Self::build(manifest, settings)
    }

    fn build(manifest: Manifest, settings: TrainSettings) -> Result<Self, String> {
        let config = settings.model_config();
        let model = Model::from_config(config, settings.seed).map_err(|e| e.to_string())?;
        Ok(Session {
            settings,
            manifest,
            model,
            opt: Optimizer::new(settings.optimizer()),
            train: None,
            test: None,
            order: Vec::new(),
            rng: SplitMix64::new(settings.seed ^ 0x5eed_da7a),
            images_seen: 0,
            batches: 0,
            diverged: None,
            window: Window::default(),
            total_ms: 0.0,
            total_timed_images: 0,
            inputs: Vec::new(),
            labels8: Vec::new(),
            labels: Vec::new(),
            outcomes: Vec::new(),
            outcomes_seen: 0,
            train_shards: 0,
        })
    }

    /// A new model and schedule from `settings`, keeping the loaded data (and so its data set:
    /// another data set needs a new session).
    pub fn reset(&mut self, settings: TrainSettings) -> Result<(), String> {
        let settings = TrainSettings {
            dataset: self.settings.dataset,
            ..settings
        };
        let mut fresh = Self::build(self.manifest.clone(), settings)?;
        fresh.train = self.train.take();
        fresh.test = self.test.take();
        fresh.train_shards = self.train_shards;
        if fresh.train_len() > 0 {
            fresh.order = (0..fresh.train_len()).collect();
            shuffle(&mut fresh.order, &mut fresh.rng);
        }
        *self = fresh;
        Ok(())
    }

    /// Inputs are standardised with the training set's pixel mean and standard deviation.
    fn norm(&self) -> Normalization {
        self.settings.dataset.normalization()
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
    pub fn model(&self) -> &Model {
        &self.model
    }
    pub fn train_len(&self) -> usize {
        self.train.as_ref().map_or(0, |s| s.len())
    }
    pub fn test_len(&self) -> usize {
        self.test.as_ref().map_or(0, |s| s.len())
    }
    /// Training can start once some training images and the whole test set are in.
    pub fn ready(&self) -> bool {
        self.train_len() > 0 && self.test_len() > 0
    }
    pub fn diverged(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }
    /// The learning rate of the last batch (the schedule's value).
    pub fn current_lr(&self) -> f32 {
        self.opt.lr()
    }
    pub fn images_seen(&self) -> u64 {
        self.images_seen
    }
    pub fn epoch(&self) -> f64 {
        self.images_seen as f64 / f64::from(self.manifest.train_count.max(1))
    }

    /// Decodes and adds the shard file `file` (checked against the manifest).
    pub fn add_shard(&mut self, file: &str, bytes: &[u8]) -> Result<(), String> {
        let info = self
            .manifest
            .shards
            .iter()
            .find(|s| s.file == file)
            .ok_or_else(|| format!("{file} is not in the MNIST manifest"))?
            .clone();
        let shard = self
            .manifest
            .decode_shard(&info, bytes)
            .map_err(|e| format!("{file}: {e}"))?;
        match info.split {
            Split::Test => self.test = Some(shard),
            Split::Train => {
                let start = self.train_len();
                match &mut self.train {
                    None => self.train = Some(shard),
                    Some(t) => t.append(&shard).map_err(|e| format!("{file}: {e}"))?,
                }
                // Mix the new images into the rest of the current pass.
                self.order.extend(start..self.train_len());
                shuffle(&mut self.order, &mut self.rng);
                self.train_shards += 1;
            }
        }
        Ok(())
    }

    /// Restarts the pass over the training set in the order a fresh session with the images
    /// loaded now would use (the seed's permutation), keeping the model. Replicas of a pool do
    /// this together when they start a new generation, so their schedules agree whatever
    /// happened before.
    pub fn resync_schedule(&mut self) {
        self.rng = SplitMix64::new(self.settings.seed ^ 0x5eed_da7a);
        self.order = (0..self.train_len()).collect();
        shuffle(&mut self.order, &mut self.rng);
    }

    /// Training shards added so far.
    pub fn train_shards(&self) -> usize {
        self.train_shards
    }

    /// Whether `file` is a training shard of this session's manifest.
    pub fn is_train_shard(&self, file: &str) -> bool {
        self.manifest
            .shards
            .iter()
            .any(|s| s.file == file && s.split == Split::Train)
    }

    /// Batches trained so far (the pool's step counter).
    pub fn batches(&self) -> u64 {
        self.batches
    }

    fn next_indices(&mut self, b: usize) -> Vec<usize> {
        let n = self.train_len();
        while self.order.len() < b {
            let mut pass: Vec<usize> = (0..n).collect();
            shuffle(&mut pass, &mut self.rng);
            // New pass goes below the leftovers (which are taken first, from the end).
            pass.extend_from_slice(&self.order);
            self.order = pass;
        }
        self.order.split_off(self.order.len() - b)
    }

    fn params_finite(&self) -> bool {
        self.model
            .params()
            .iter()
            .all(|p| tensor::data(p.value()).iter().all(|v| v.is_finite()))
    }

    /// Trains one mini-batch. `Ok(Some(d))` when the loss or a weight became NaN/inf in this
    /// batch: the session refuses further steps until [`Session::reset`].
    pub fn step(&mut self) -> Result<Option<Divergence>, String> {
        if let Some(d) = &self.diverged {
            return Ok(Some(d.clone()));
        }
        // The data-parallel path with a single part, its gradient left where it is.
        let (images, loss_sum, correct) = self.backprop_part(0, 1)?;
        Ok(self.finish_step(images, loss_sum, correct))
    }

    /// Adds measured training time (for images per second; evaluation time excluded).
    pub fn add_train_ms(&mut self, ms: f64) {
        self.window.ms += ms.max(0.0);
    }

    /// The progress since the last report; starts a new window.
    pub fn take_report(&mut self, running: bool) -> ProgressReport {
        let w = std::mem::take(&mut self.window);
        let some = w.images > 0;
        if w.ms > 0.0 {
            self.total_ms += w.ms;
            self.total_timed_images += w.images;
        }
        ProgressReport {
            running,
            batches: self.batches,
            images_seen: self.images_seen,
            epoch: self.epoch(),
            images_per_sec: if w.ms > 0.0 {
                w.images as f64 / (w.ms / 1000.0)
            } else {
                0.0
            },
            mean_images_per_sec: if self.total_ms > 0.0 {
                self.total_timed_images as f64 / (self.total_ms / 1000.0)
            } else {
                0.0
            },
            train_loss: some.then(|| (w.loss_sum / w.images as f64) as f32),
            train_accuracy: some.then(|| w.correct as f32 / w.images as f32),
            train_images_loaded: self.train_len(),
            wasm_memory_bytes: 0,
        }
    }
}

#[cfg(test)]
mod tests;

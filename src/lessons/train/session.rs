//! The training session the worker drives: the model and optimiser, the MNIST shards as they
//! stream in, the mini-batch schedule, divergence detection, full test-set evaluation (in chunks,
//! so the worker can answer messages between them), and the read-outs the page shows.
//!
//! Schedule: each pass over the training set is a seeded Fisher-Yates permutation of the images
//! loaded so far; a shard that arrives mid-pass is shuffled into the rest of the pass. Batches
//! are taken from the permutation's end. The same seed and arrival order give the same run.

use super::protocol::{
    Divergence, Inspection, MapStack, Misclassified, ProgressReport, TestReport,
};
use super::settings::TrainSettings;
use crate::data::mnist::batch::lenet_input;
use crate::data::mnist::{
    fill_batch, shuffle, Manifest, MnistShard, Normalization, Split, SplitMix64, LENET_SIDE,
    MNIST_SIDE, NUM_CLASSES,
};
use crate::engine::nn::{LayerConfig, Model, Optimizer};
use crate::engine::tensor;

/// Test images per forward pass during evaluation (bounds the activation memory: ~20 MB).
pub const EVAL_CHUNK: usize = 500;
/// Misclassified test digits kept for the gallery.
pub const MAX_MISCLASSIFIED: usize = 24;

/// Running sums of the current reporting window.
#[derive(Debug, Clone, Default)]
struct Window {
    batches: u64,
    images: u64,
    loss_sum: f64,
    correct: u64,
    ms: f64,
}

/// A full test-set evaluation in progress.
#[derive(Debug, Clone)]
pub struct Evaluator {
    next: usize,
    correct: usize,
    loss_sum: f64,
    confusion: Vec<Vec<usize>>,
    misclassified: Vec<Misclassified>,
    images_seen: u64,
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
    /// Top-level layer indices whose outputs are C1, S2, C3, S4.
    stages: Vec<(String, usize)>,
}

/// The indices of the layers whose outputs are C1, S2, C3 and S4: the last layer before each
/// pooling layer (conv + activation) and the last layer of each pooling stage.
pub fn stage_layers(layers: &[LayerConfig]) -> Vec<(String, usize)> {
    let is_pool = |l: &LayerConfig| {
        matches!(
            l,
            LayerConfig::MaxPool { .. }
                | LayerConfig::AvgPool { .. }
                | LayerConfig::Subsample { .. }
        )
    };
    let mut out = Vec::new();
    let mut i = 0;
    let names = [("C1", "S2"), ("C3", "S4")];
    for (conv_name, pool_name) in names {
        let Some(p) = (i..layers.len()).find(|&j| is_pool(&layers[j])) else {
            break;
        };
        if p == 0 {
            break;
        }
        out.push((conv_name.to_string(), p - 1));
        // The pooling stage ends before the next conv / flatten / dense layer.
        let end = (p + 1..layers.len())
            .find(|&j| {
                matches!(
                    layers[j],
                    LayerConfig::Conv2d { .. } | LayerConfig::Flatten | LayerConfig::Dense { .. }
                )
            })
            .unwrap_or(layers.len());
        out.push((pool_name.to_string(), end - 1));
        i = end;
    }
    out
}

fn argmax(row: &[f32]) -> usize {
    row.iter()
        .enumerate()
        .fold(0, |best, (j, &v)| if v > row[best] { j } else { best })
}

impl Session {
    /// A fresh model for `settings`; the manifest says which shards to expect.
    pub fn new(manifest_json: &str, settings: TrainSettings) -> Result<Self, String> {
        let manifest = Manifest::parse(manifest_json).map_err(|e| e.to_string())?;
        Self::build(manifest, settings)
    }

    fn build(manifest: Manifest, settings: TrainSettings) -> Result<Self, String> {
        let config = settings.model_config();
        let stages = stage_layers(&config.layers);
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
            stages,
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
            }
        }
        Ok(())
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
        if self.train_len() == 0 {
            return Err("no training images loaded yet".into());
        }
        let b = self.settings.batch.max(1);
        self.opt.set_lr(self.settings.lr_at(self.epoch()));
        let idx = self.next_indices(b);
        let norm = self.norm();
        let train = self.train.as_ref().expect("checked");
        fill_batch(train, &idx, norm, &mut self.inputs, &mut self.labels8)
            .map_err(|e| e.to_string())?;
        self.labels.clear();
        self.labels
            .extend(self.labels8.iter().map(|&l| usize::from(l)));
        let x = tensor::from_vec(
            &[b, LENET_SIDE, LENET_SIDE, 1],
            std::mem::take(&mut self.inputs),
        )
        .map_err(|e| e.to_string())?;
        let out = self
            .model
            .train_step(&x, &self.labels, &mut self.opt)
            .map_err(|e| e.to_string());
        self.inputs = x.into_raw_vec_and_offset().0;
        let out = out?;
        self.batches += 1;
        self.images_seen += b as u64;
        if !out.loss.is_finite() || !self.params_finite() {
            let d = Divergence {
                batch: self.batches,
                images_seen: self.images_seen,
                loss: out.loss,
                lr: self.opt.lr(),
            };
            self.diverged = Some(d.clone());
            return Ok(Some(d));
        }
        self.window.batches += 1;
        self.window.images += b as u64;
        self.window.loss_sum += f64::from(out.loss) * b as f64;
        self.window.correct += out.correct as u64;
        Ok(None)
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

    pub fn start_evaluation(&self) -> Evaluator {
        Evaluator {
            next: 0,
            correct: 0,
            loss_sum: 0.0,
            confusion: vec![vec![0; NUM_CLASSES]; NUM_CLASSES],
            misclassified: Vec::new(),
            images_seen: self.images_seen,
        }
    }

    /// Evaluates up to `max` more test images; `Ok(Some(report))` once all are done.
    pub fn evaluate_some(
        &mut self,
        ev: &mut Evaluator,
        max: usize,
    ) -> Result<Option<TestReport>, String> {
        let test = self.test.as_ref().ok_or("the test set is not loaded yet")?;
        let n = test.len();
        let end = (ev.next + max.max(1)).min(n);
        let mut inputs = Vec::new();
        let mut labels = Vec::new();
        while ev.next < end {
            let b1 = (ev.next + EVAL_CHUNK).min(end);
            let idx: Vec<usize> = (ev.next..b1).collect();
            fill_batch(test, &idx, self.norm(), &mut inputs, &mut labels)
                .map_err(|e| e.to_string())?;
            let x = tensor::from_vec(
                &[idx.len(), LENET_SIDE, LENET_SIDE, 1],
                std::mem::take(&mut inputs),
            )
            .map_err(|e| e.to_string())?;
            let z = self.model.forward(&x).map_err(|e| e.to_string())?;
            let zd = tensor::data(z);
            for ((row, &l), &i) in zd.chunks_exact(NUM_CLASSES).zip(&labels).zip(&idx) {
                let l = usize::from(l);
                let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let sum: f64 = row.iter().map(|&v| f64::from(v - m).exp()).sum();
                let log_p = f64::from(row[l] - m) - sum.ln();
                ev.loss_sum -= log_p;
                let pred = argmax(row);
                ev.confusion[l][pred] += 1;
                if pred == l {
                    ev.correct += 1;
                } else if ev.misclassified.len() < MAX_MISCLASSIFIED {
                    ev.misclassified.push(Misclassified {
                        index: i,
                        label: l as u8,
                        predicted: pred as u8,
                        confidence: (f64::from(row[pred] - m).exp() / sum) as f32,
                        pixels: test.image(i).unwrap_or_default().to_vec(),
                    });
                }
            }
            inputs = x.into_raw_vec_and_offset().0;
            ev.next = b1;
        }
        if ev.next < n {
            return Ok(None);
        }
        Ok(Some(TestReport {
            images_seen: ev.images_seen,
            epoch: ev.images_seen as f64 / f64::from(self.manifest.train_count.max(1)),
            accuracy: ev.correct as f64 / n.max(1) as f64,
            correct: ev.correct,
            evaluated: n,
            loss: ev.loss_sum / n.max(1) as f64,
            confusion: std::mem::take(&mut ev.confusion),
            misclassified: std::mem::take(&mut ev.misclassified),
        }))
    }

    /// The whole test set at once (tests and the native tools).
    pub fn evaluate(&mut self) -> Result<TestReport, String> {
        let mut ev = self.start_evaluation();
        loop {
            if let Some(r) = self.evaluate_some(&mut ev, usize::MAX)? {
                return Ok(r);
            }
        }
    }

    /// conv1's filters and the C1/S2/C3/S4 maps of test digit `index`.
    pub fn inspect(&mut self, index: usize) -> Result<Inspection, String> {
        let test = self.test.as_ref().ok_or("the test set is not loaded yet")?;
        let index = index.min(test.len().saturating_sub(1));
        let (mut inputs, mut labels) = (Vec::new(), Vec::new());
        fill_batch(test, &[index], self.norm(), &mut inputs, &mut labels)
            .map_err(|e| e.to_string())?;
        let pixels = test.image(index).unwrap_or_default().to_vec();
        let x =
            tensor::from_vec(&[1, LENET_SIDE, LENET_SIDE, 1], inputs).map_err(|e| e.to_string())?;
        let predicted = argmax(&tensor::data(
            self.model.forward(&x).map_err(|e| e.to_string())?,
        ));
        let maps = self
            .stages
            .iter()
            .filter_map(|(name, i)| {
                let a = self.model.activation(*i)?;
                let s = a.shape();
                (s.len() == 4).then(|| MapStack {
                    name: name.clone(),
                    h: s[1],
                    w: s[2],
                    c: s[3],
                    data: tensor::data(a).into_owned(),
                })
            })
            .collect();
        let w = self.model.params()[0].value();
        let s = w.shape().to_vec();
        let filters = MapStack {
            name: "conv1".into(),
            h: s[0],
            w: s[1],
            c: s[2] * s[3],
            data: tensor::data(w).into_owned(),
        };
        Ok(Inspection {
            index,
            label: labels[0],
            predicted: predicted as u8,
            pixels,
            filters,
            maps,
        })
    }

    /// Class probabilities of a preprocessed 28x28 digit (0..1, ink = 1).
    pub fn predict(&mut self, pixels: &[f32]) -> Result<Vec<f32>, String> {
        let input =
            lenet_input(pixels, MNIST_SIDE, MNIST_SIDE, self.norm()).map_err(|e| e.to_string())?;
        let x =
            tensor::from_vec(&[1, LENET_SIDE, LENET_SIDE, 1], input).map_err(|e| e.to_string())?;
        let p = self.model.predict(&x).map_err(|e| e.to_string())?;
        Ok(tensor::data(&p).into_owned())
    }
}

/// Largest weights file the page accepts (a LeNet-5 file is ~0.8 MB of JSON).
pub const MAX_WEIGHTS_BYTES: usize = 4 << 20;

impl Session {
    /// The current weights in the engine's versioned format.
    pub fn save_weights(&self) -> String {
        self.model.save_weights()
    }

    /// Replaces the weights from a file; all-or-nothing: an oversized, truncated, corrupt or
    /// wrong-architecture file is refused with a message and the current model is kept. The
    /// optimiser starts afresh and a previous divergence is cleared.
    pub fn load_weights(&mut self, json: &str) -> Result<(), String> {
        if json.len() > MAX_WEIGHTS_BYTES {
            return Err(format!(
                "the file is {:.1} MB; a LeNet-5 weights file is under {} MB",
                json.len() as f64 / 1e6,
                MAX_WEIGHTS_BYTES >> 20
            ));
        }
        let backup = self.model.clone();
        self.model.load_weights(json).map_err(|e| match e {
            crate::engine::EngineError::Mismatch(m) => {
                format!("the file is for a different network ({m}); choose the matching settings")
            }
            other => format!("not a usable weights file ({other})"),
        })?;
        if !self.params_finite() {
            self.model = backup;
            return Err("the file holds NaN or infinite weights".into());
        }
        self.opt = Optimizer::new(self.settings.optimizer());
        self.diverged = None;
        Ok(())
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

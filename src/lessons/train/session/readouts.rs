//! What the page reads from a session besides training: full test-set evaluation (in chunks, so
//! the worker answers messages between them), the confusion matrix and the misclassified test
//! images, the feature maps of one test image, the class probabilities of any 28x28 image, and
//! the weights as a file.

use super::Session;
use crate::data::mnist::batch::lenet_input;
use crate::data::mnist::{fill_batch, LENET_SIDE, MNIST_SIDE, NUM_CLASSES};
use crate::engine::nn::Optimizer;
use crate::engine::tensor;
use crate::lessons::train::protocol::{Inspection, MapStack, Misclassified, TestReport};

/// Test images per forward pass during evaluation (bounds the activation memory: ~20 MB).
pub const EVAL_CHUNK: usize = 500;
/// Misclassified test digits kept for the gallery.
pub const MAX_MISCLASSIFIED: usize = 24;

/// A full test-set evaluation in progress.
#[derive(Debug, Clone)]
pub struct Evaluator {
    next: usize,
    correct: usize,
    loss_sum: f64,
    confusion: Vec<Vec<usize>>,
    misclassified: Vec<Misclassified>,
    images_seen: u64,
    outcomes: Vec<(u8, f32)>,
}

pub(super) fn argmax(row: &[f32]) -> usize {
    row.iter()
        .enumerate()
        .fold(0, |best, (j, &v)| if v > row[best] { j } else { best })
}

impl Session {
    pub fn start_evaluation(&self) -> Evaluator {
        Evaluator {
            next: 0,
            correct: 0,
            loss_sum: 0.0,
            confusion: vec![vec![0; NUM_CLASSES]; NUM_CLASSES],
            misclassified: Vec::new(),
            images_seen: self.images_seen,
            outcomes: Vec::new(),
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
                let confidence = (f64::from(row[pred] - m).exp() / sum) as f32;
                ev.outcomes.push((pred as u8, confidence));
                ev.confusion[l][pred] += 1;
                if pred == l {
                    ev.correct += 1;
                } else if ev.misclassified.len() < MAX_MISCLASSIFIED {
                    ev.misclassified.push(Misclassified {
                        index: i,
                        label: l as u8,
                        predicted: pred as u8,
                        confidence,
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
        // Kept only if the weights are still the ones evaluated (no step or load since).
        if ev.images_seen == self.images_seen && ev.outcomes.len() == n {
            self.outcomes = std::mem::take(&mut ev.outcomes);
            self.outcomes_seen = ev.images_seen;
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

    /// conv1's filters and every layer's maps of test digit `index` (C1 to the output).
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
        // Every layer the look inside opens; a fully connected layer as 1x1 maps, one a unit.
        let layers = self.net_field().map(|n| n.layers).unwrap_or_default();
        let maps = layers
            .iter()
            .filter_map(|l| {
                let a = self.model.activation(l.shown_at)?;
                let (h, w, c) = l.shape;
                (a.len() == h * w * c).then(|| MapStack {
                    name: l.name.clone(),
                    h,
                    w,
                    c,
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
        self.outcomes.clear();
        Ok(())
    }
}

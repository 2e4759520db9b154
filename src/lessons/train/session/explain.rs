//! Why the network gave one test image its answer: a saliency map (Simonyan, Vedaldi & Zisserman
//! 2014: the gradient of the class score with respect to the input, from the engine's backward
//! pass, its largest entries checked against central finite differences) and an occlusion map
//! (Zeiler & Fergus 2014: the class probability with a grey square over each place).

use super::readouts::{argmax, EVAL_CHUNK};
use super::Session;
use crate::data::mnist::{fill_batch, LENET_SIDE, MNIST_SIDE, NUM_CLASSES};
use crate::engine::tensor;
use crate::lessons::train::protocol::{Explanation, GradCheck, Occlusion};

/// Pixels whose gradient is checked against finite differences.
pub const CHECKED_PIXELS: usize = 4;
/// The finite-difference step, in normalised input units (a pixel's standard deviation is 1).
pub const FD_STEP: f32 = 1e-2;
/// Pixels (largest gradients first) tried for [`CHECKED_PIXELS`] smooth ones.
pub const CHECK_CANDIDATES: usize = 64;
/// One-sided slopes agreeing within this fraction of the largest gradient: the score is smooth
/// there.
pub const SMOOTH: f32 = 0.01;
/// The occluding square's grey level, on the 0..1 pixel scale.
pub const OCCLUDER_GREY: f32 = 0.5;

/// Where a 28x28 pixel sits in the padded input (row-major index).
fn padded_index(pixel: usize) -> usize {
    let off = (LENET_SIDE - MNIST_SIDE) / 2;
    (pixel / MNIST_SIDE + off) * LENET_SIDE + pixel % MNIST_SIDE + off
}

/// The patch's top-left offsets along one axis: every `stride` pixels, and the last place that
/// reaches the edge.
pub fn occlusion_offsets(side: usize, patch: usize, stride: usize) -> Vec<usize> {
    let last = side.saturating_sub(patch);
    let mut v: Vec<usize> = (0..=last).step_by(stride.max(1)).collect();
    if v.last() != Some(&last) {
        v.push(last);
    }
    v
}

impl Session {
    /// The normalised, padded input of test image `index`.
    pub(crate) fn test_input(&self, index: usize) -> Result<Vec<f32>, String> {
        let test = self.test.as_ref().ok_or("the test set is not loaded yet")?;
        if index >= test.len() {
            return Err(format!(
                "there are {} test images; no image {index}",
                test.len()
            ));
        }
        let (mut x, mut labels) = (Vec::new(), Vec::new());
        fill_batch(test, &[index], self.norm(), &mut x, &mut labels).map_err(|e| e.to_string())?;
        Ok(x)
    }

    /// Saliency and occlusion maps of test image `index` for `class` (`None`: the predicted one).
    pub fn explain(
        &mut self,
        index: usize,
        class: Option<usize>,
        patch: usize,
        stride: usize,
    ) -> Result<Explanation, String> {
        if class.is_some_and(|c| c >= NUM_CLASSES)
            || !(1..=MNIST_SIDE).contains(&patch)
            || stride == 0
        {
            return Err(format!(
                "cannot explain class {class:?} with a {patch}-pixel patch moved {stride} at a time"
            ));
        }
        let x = self.test_input(index)?;
        let side = LENET_SIDE;
        let probs = self.probs_of(std::slice::from_ref(&x))?;
        let predicted = argmax(&probs[0]);
        let class = class.unwrap_or(predicted);
        // A copy: the backward pass overwrites the gradients the optimiser may be about to use.
        let mut model = self.model.clone();
        let xt = tensor::from_vec(&[1, side, side, 1], x.clone()).map_err(|e| e.to_string())?;
        let grad = model
            .score_input_grad(&xt, class)
            .map_err(|e| e.to_string())?;
        let g = tensor::data(&grad);
        let saliency: Vec<f32> = (0..MNIST_SIDE * MNIST_SIDE)
            .map(|p| g[padded_index(p)])
            .collect();
        let checks = self.check_gradients(&x, class, &saliency)?;
        let occlusion = self.occlude(&x, class, patch, stride.min(patch))?;
        Ok(Explanation {
            index,
            class,
            probability: probs[0][class],
            predicted,
            images_seen: self.images_seen,
            saliency,
            checks,
            occlusion,
        })
    }

    /// The largest gradients where the score is smooth, against central differences. A ReLU
    /// network's score is piecewise linear; where a pixel sits on a kink (a unit at exactly 0, or
    /// a tie inside a max-pooling window, common on a flat background) the backward pass returns
    /// one of the one-sided slopes and no finite difference can agree. Such pixels are skipped:
    /// a pixel is checked when its two one-sided differences agree.
    fn check_gradients(
        &mut self,
        x: &[f32],
        class: usize,
        saliency: &[f32],
    ) -> Result<Vec<GradCheck>, String> {
        let mut order: Vec<usize> = (0..saliency.len()).collect();
        order.sort_by(|&a, &b| saliency[b].abs().total_cmp(&saliency[a].abs()));
        order.truncate(CHECK_CANDIDATES);
        let mut batch = vec![x.to_vec()];
        for &p in &order {
            for sign in [1.0, -1.0] {
                let mut xp = x.to_vec();
                xp[padded_index(p)] += sign * FD_STEP;
                batch.push(xp);
            }
        }
        let scores: Vec<f32> = self.scores_of(&batch)?.iter().map(|s| s[class]).collect();
        let scale = saliency.iter().fold(0f32, |m, g| m.max(g.abs()));
        let mut checks = Vec::new();
        for (i, &p) in order.iter().enumerate() {
            let (up, down) = (scores[1 + 2 * i], scores[2 + 2 * i]);
            let forward = (up - scores[0]) / FD_STEP;
            let backward = (scores[0] - down) / FD_STEP;
            if (forward - backward).abs() <= SMOOTH * scale {
                checks.push(GradCheck {
                    pixel: p,
                    grad: saliency[p],
                    finite_difference: (up - down) / (2.0 * FD_STEP),
                });
                if checks.len() == CHECKED_PIXELS {
                    break;
                }
            }
        }
        Ok(checks)
    }

    fn occlude(
        &mut self,
        x: &[f32],
        class: usize,
        patch: usize,
        stride: usize,
    ) -> Result<Occlusion, String> {
        let offsets = occlusion_offsets(MNIST_SIDE, patch, stride);
        let grey = self.norm().apply(OCCLUDER_GREY);
        let mut batch = Vec::new();
        for &r in &offsets {
            for &c in &offsets {
                let mut xo = x.to_vec();
                for y in r..r + patch {
                    for xx in c..c + patch {
                        xo[padded_index(y * MNIST_SIDE + xx)] = grey;
                    }
                }
                batch.push(xo);
            }
        }
        let base = self.probs_of(&[x.to_vec()])?[0][class];
        let probs: Vec<f32> = self.probs_of(&batch)?.iter().map(|p| p[class]).collect();
        let mut sum = vec![0f32; MNIST_SIDE * MNIST_SIDE];
        let mut count = vec![0u32; MNIST_SIDE * MNIST_SIDE];
        for (i, &r) in offsets.iter().enumerate() {
            for (j, &c) in offsets.iter().enumerate() {
                let drop = base - probs[i * offsets.len() + j];
                for y in r..r + patch {
                    for xx in c..c + patch {
                        sum[y * MNIST_SIDE + xx] += drop;
                        count[y * MNIST_SIDE + xx] += 1;
                    }
                }
            }
        }
        let drop_map = sum
            .iter()
            .zip(&count)
            .map(|(s, &n)| if n > 0 { s / n as f32 } else { 0.0 })
            .collect();
        Ok(Occlusion {
            patch,
            stride,
            offsets,
            probs,
            drop_map,
        })
    }

    /// Class scores (logits) of padded, normalised inputs, in chunks.
    fn scores_of(&mut self, inputs: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, String> {
        self.run_chunks(inputs, false)
    }

    /// Class probabilities of padded, normalised inputs, in chunks.
    fn probs_of(&mut self, inputs: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, String> {
        self.run_chunks(inputs, true)
    }

    fn run_chunks(&mut self, inputs: &[Vec<f32>], softmax: bool) -> Result<Vec<Vec<f32>>, String> {
        let side = LENET_SIDE;
        let mut out = Vec::with_capacity(inputs.len());
        for chunk in inputs.chunks(EVAL_CHUNK) {
            let flat: Vec<f32> = chunk.iter().flatten().copied().collect();
            let x =
                tensor::from_vec(&[chunk.len(), side, side, 1], flat).map_err(|e| e.to_string())?;
            let z = if softmax {
                self.model.predict(&x).map_err(|e| e.to_string())?
            } else {
                self.model.forward(&x).map_err(|e| e.to_string())?.clone()
            };
            out.extend(
                tensor::data(&z)
                    .chunks_exact(NUM_CLASSES)
                    .map(|r| r.to_vec()),
            );
        }
        Ok(out)
    }
}

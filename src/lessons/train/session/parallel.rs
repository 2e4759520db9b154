//! Data-parallel training of one network: every mini-batch is split into `parts` slices, each
//! replica of the session (one per worker: same settings, seed and data, in the same order)
//! backpropagates its slice ([`Session::part_gradients`]), the slices' gradients are combined into
//! the whole batch's mean gradient ([`combine`]), and every replica applies that same gradient
//! ([`Session::apply_combined`]), so the weights stay identical everywhere. [`Session::step`] is
//! the one-part case without the copies (the gradient stays in the model); more parts give the
//! same weights up to the order of float summation.

use super::Session;
use crate::data::mnist::{fill_batch, LENET_SIDE};
use crate::engine::tensor;
use crate::lessons::train::protocol::Divergence;
use serde::{Deserialize, Serialize};

/// One replica's share of a mini-batch, after its backward pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartGrads {
    /// Images in this part.
    pub images: usize,
    /// Sum of the per-image losses over the part.
    pub loss_sum: f64,
    /// Images of the part classified correctly (before the update).
    pub correct: usize,
    /// The mean gradient over the part's images, flat ([`crate::engine::nn::Model::grads_flat`]).
    pub grads: Vec<f32>,
}

/// A whole mini-batch's mean gradient and statistics, combined from its parts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Combined {
    pub images: usize,
    pub loss_sum: f64,
    pub correct: usize,
    pub grads: Vec<f32>,
}

/// The slice of a batch of `batch` images that part `part` of `parts` trains on: the first
/// `batch % parts` parts take one image more. `None` for a part that does not exist.
pub fn part_range(batch: usize, part: usize, parts: usize) -> Option<std::ops::Range<usize>> {
    if parts == 0 || part >= parts {
        return None;
    }
    let (q, r) = (batch / parts, batch % parts);
    let start = part * q + part.min(r);
    Some(start..start + q + usize::from(part < r))
}

/// The batch's mean gradient: each part's mean weighted by its share of the images, summed in
/// part order (so the same parts always give the same bits). Parts of different lengths, or no
/// images at all, are refused.
pub fn combine(parts: &[PartGrads]) -> Result<Combined, String> {
    let images: usize = parts.iter().map(|p| p.images).sum();
    let len = parts.first().map_or(0, |p| p.grads.len());
    if images == 0 || parts.iter().any(|p| p.grads.len() != len) {
        return Err("the parts of a batch do not fit together".into());
    }
    let mut grads = vec![0.0f32; len];
    for p in parts.iter().filter(|p| p.images > 0) {
        let w = p.images as f32 / images as f32;
        for (g, &v) in grads.iter_mut().zip(&p.grads) {
            *g += w * v;
        }
    }
    Ok(Combined {
        images,
        loss_sum: parts.iter().map(|p| p.loss_sum).sum(),
        correct: parts.iter().map(|p| p.correct).sum(),
        grads,
    })
}

impl Session {
    /// Draws the next mini-batch (advancing the schedule exactly as [`Session::step`] does) and
    /// backpropagates part `part` of `parts` of it. Every replica must call this once per batch
    /// with the same `parts`, whichever part it computes.
    pub fn part_gradients(&mut self, part: usize, parts: usize) -> Result<PartGrads, String> {
        let (images, loss_sum, correct) = self.backprop_part(part, parts)?;
        let mut grads = Vec::new();
        self.model.grads_flat(&mut grads);
        if images == 0 {
            grads.iter_mut().for_each(|g| *g = 0.0);
        }
        Ok(PartGrads {
            images,
            loss_sum,
            correct,
            grads,
        })
    }

    /// Applies a batch's combined gradient: the optimiser step (learning rate from the schedule)
    /// and the bookkeeping of [`Session::step`] (images seen, the report window, divergence).
    pub fn apply_combined(&mut self, c: &Combined) -> Result<Option<Divergence>, String> {
        if let Some(d) = &self.diverged {
            return Ok(Some(d.clone()));
        }
        self.model
            .set_grads_flat(&c.grads)
            .map_err(|e| e.to_string())?;
        Ok(self.finish_step(c.images, c.loss_sum, c.correct))
    }

    /// Draws the next mini-batch and backpropagates part `part` of `parts` of it, leaving the
    /// gradient in the model: `(images, loss summed over them, correct)`. No images for an
    /// empty part (the gradient left in the model is then stale).
    pub(super) fn backprop_part(
        &mut self,
        part: usize,
        parts: usize,
    ) -> Result<(usize, f64, usize), String> {
        if self.train_len() == 0 {
            return Err("no training images loaded yet".into());
        }
        let b = self.settings.batch.max(1);
        let range = part_range(b, part, parts)
            .ok_or_else(|| format!("part {part} of {parts} does not exist"))?;
        let idx = self.next_indices(b);
        if range.is_empty() {
            return Ok((0, 0.0, 0));
        }
        let idx = &idx[range];
        let n = idx.len();
        let norm = self.norm();
        let train = self.train.as_ref().expect("checked");
        fill_batch(train, idx, norm, &mut self.inputs, &mut self.labels8)
            .map_err(|e| e.to_string())?;
        self.labels.clear();
        self.labels
            .extend(self.labels8.iter().map(|&l| usize::from(l)));
        let x = tensor::from_vec(
            &[n, LENET_SIDE, LENET_SIDE, 1],
            std::mem::take(&mut self.inputs),
        )
        .map_err(|e| e.to_string())?;
        let out = self
            .model
            .loss_and_grads(&x, &self.labels, false)
            .map_err(|e| e.to_string());
        self.inputs = x.into_raw_vec_and_offset().0;
        let out = out?;
        Ok((n, f64::from(out.loss) * n as f64, out.correct))
    }

    /// The optimiser step with the gradient in the model (learning rate from the schedule), then
    /// the bookkeeping: images seen, the report window, divergence.
    pub(super) fn finish_step(
        &mut self,
        images: usize,
        loss_sum: f64,
        correct: usize,
    ) -> Option<Divergence> {
        self.opt.set_lr(self.settings.lr_at(self.epoch()));
        self.model.apply_gradients(&mut self.opt);
        self.batches += 1;
        self.images_seen += images as u64;
        let loss = (loss_sum / images.max(1) as f64) as f32;
        if !loss.is_finite() || !self.params_finite() {
            let d = Divergence {
                batch: self.batches,
                images_seen: self.images_seen,
                loss,
                lr: self.opt.lr(),
            };
            self.diverged = Some(d.clone());
            return Some(d);
        }
        self.window.batches += 1;
        self.window.images += images as u64;
        self.window.loss_sum += loss_sum;
        self.window.correct += correct as u64;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_batch_once() {
        for batch in [1, 7, 32, 33, 64] {
            for parts in 1..=5 {
                let ranges: Vec<_> = (0..parts)
                    .map(|p| part_range(batch, p, parts).unwrap())
                    .collect();
                assert_eq!(ranges[0].start, 0);
                assert_eq!(ranges.last().unwrap().end, batch);
                assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
                let lens: Vec<_> = ranges.iter().map(|r| r.len()).collect();
                assert!(lens.iter().max().unwrap() - lens.iter().min().unwrap() <= 1);
            }
        }
        assert_eq!(part_range(32, 2, 2), None);
        assert_eq!(part_range(32, 0, 0), None);
    }

    #[test]
    fn combine_weights_parts_by_images() {
        let p = |images, g: f32| PartGrads {
            images,
            loss_sum: images as f64,
            correct: images / 2,
            grads: vec![g; 3],
        };
        let c = combine(&[p(3, 1.0), p(1, 5.0)]).unwrap();
        assert_eq!((c.images, c.correct), (4, 1));
        assert_eq!(c.grads, vec![0.75 + 1.25; 3]);
        let one = combine(&[p(4, 0.3)]).unwrap();
        assert_eq!(one.grads, vec![0.3; 3], "one part is the part itself");
        assert!(combine(&[]).is_err());
        let mut bad = p(1, 1.0);
        bad.grads.pop();
        assert!(combine(&[p(1, 1.0), bad]).is_err());
    }
}

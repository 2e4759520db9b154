//! A model: a validated config, its layers, the softmax cross-entropy head, training, evaluation
//! and the read-outs lessons need (feature maps, per-layer gradient norms).

use super::config::ModelConfig;
use super::layer::{Layer, Sequential};
use super::optim::Optimizer;
use super::param::Param;
use crate::engine::error::{EngineError, Result};
use crate::engine::ops::loss::{softmax_ce_slice, LossOut};
use crate::engine::rng::Rng;
use crate::engine::tensor::{self, ensure, fmt_shape, norm, Tensor};
use serde::{Deserialize, Serialize};

/// A trainable classifier.
#[derive(Debug, Clone)]
pub struct Model {
    pub config: ModelConfig,
    pub net: Sequential,
    out_shape: Vec<usize>,
    dlogits: Tensor,
    eval_x: Tensor,
}

/// Gradient read-out of one top-level layer after a backward pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerGradNorm {
    pub index: usize,
    pub label: String,
    /// L2 norm of all this layer's parameter gradients (0 for parameter-free layers).
    pub param_grad_norm: f64,
    /// L2 norm of ∂L/∂(this layer's output), over the batch.
    pub output_grad_norm: f64,
}

/// Accuracy, mean loss and confusion matrix (`confusion[true][predicted]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub accuracy: f32,
    pub loss: f32,
    pub confusion: Vec<Vec<usize>>,
}

impl Model {
    /// Builds and validates a model; weights drawn from `seed`.
    pub fn from_config(config: ModelConfig, seed: u64) -> Result<Self> {
        let mut rng = Rng::new(seed);
        let (net, out_shape) = Sequential::build(&config.layers, &config.input, "", &mut rng)?;
        if out_shape.len() != 1 {
            return Err(EngineError::Config(format!(
                "the last layer must output class scores [classes], got {out_shape:?}"
            )));
        }
        Ok(Model {
            config,
            net,
            out_shape,
            dlogits: Tensor::zeros(vec![0]),
            eval_x: Tensor::zeros(vec![0]),
        })
    }

    pub fn classes(&self) -> usize {
        self.out_shape[0]
    }

    fn check_input(&self, x: &Tensor) -> Result<usize> {
        if x.ndim() != self.config.input.len() + 1 || x.shape()[1..] != self.config.input[..] {
            return Err(EngineError::shape(
                "model",
                format!("input must be [n, {:?}]", self.config.input),
                fmt_shape(x.shape()),
            ));
        }
        Ok(x.shape()[0])
    }

    /// Logits `[n, classes]`, evaluation mode (running batch-norm statistics, no dropout).
    pub fn forward(&mut self, x: &Tensor) -> Result<&Tensor> {
        self.check_input(x)?;
        self.net.set_training(false);
        self.net.forward(x)
    }

    /// Logits `[n, classes]` in training mode (batch statistics, dropout; batch-norm running
    /// statistics are updated), as inside [`Model::loss_and_grads`].
    pub fn forward_train(&mut self, x: &Tensor) -> Result<&Tensor> {
        self.check_input(x)?;
        self.net.set_training(true);
        self.net.forward(x)
    }

    /// Softmax probabilities `[n, classes]`.
    pub fn predict(&mut self, x: &Tensor) -> Result<Tensor> {
        let z = self.forward(x)?.clone();
        crate::engine::ops::softmax(&z)
    }

    /// Forward (training mode) + loss + backward (parameter gradients filled). `need_dx` also computes the
    /// gradient w.r.t. the input (saliency), readable with `input_grad`.
    pub fn loss_and_grads(
        &mut self,
        x: &Tensor,
        labels: &[usize],
        need_dx: bool,
    ) -> Result<LossOut> {
        let n = self.check_input(x)?;
        let k = self.classes();
        if labels.len() != n || labels.iter().any(|&l| l >= k) {
            return Err(EngineError::shape(
                "model",
                format!("need {n} labels < {k}"),
                format!("{} labels", labels.len()),
            ));
        }
        self.net.set_training(true);
        self.net.forward(x)?;
        ensure(&mut self.dlogits, &[n, k]);
        let out = softmax_ce_slice(
            &tensor::data(self.net.output()),
            n,
            k,
            labels,
            tensor::data_mut(&mut self.dlogits),
        );
        self.net.backward(&self.dlogits, need_dx)?;
        Ok(out)
    }

    /// The gradient of class `class`'s score (the logit, before the softmax) with respect to
    /// the input, per sample of `x`, in evaluation mode (saliency). It overwrites the
    /// parameters' gradients: call it between training steps or on a copy.
    pub fn score_input_grad(&mut self, x: &Tensor, class: usize) -> Result<Tensor> {
        let n = self.check_input(x)?;
        let k = self.classes();
        if class >= k {
            return Err(EngineError::shape(
                "model",
                format!("a class < {k}"),
                format!("class {class}"),
            ));
        }
        self.net.set_training(true);
        self.net.forward(x)?;
        ensure(&mut self.dlogits, &[n, k]);
        let d = tensor::data_mut(&mut self.dlogits);
        d.fill(0.0);
        d.iter_mut().skip(class).step_by(k).for_each(|v| *v = 1.0);
        self.net.backward(&self.dlogits, true)?;
        Ok(self.net.input_grad().clone())
    }

    /// One mini-batch step: forward, loss, backward, optimiser update.
    pub fn train_step(
        &mut self,
        x: &Tensor,
        labels: &[usize],
        opt: &mut Optimizer,
    ) -> Result<LossOut> {
        let out = self.loss_and_grads(x, labels, false)?;
        opt.step(&mut self.params_mut());
        Ok(out)
    }

    /// Accuracy, loss and confusion over `x` in batches of `batch`.
    pub fn evaluate(&mut self, x: &Tensor, labels: &[usize], batch: usize) -> Result<Evaluation> {
        let n = self.check_input(x)?;
        if labels.len() != n || batch == 0 {
            return Err(EngineError::shape(
                "evaluate",
                "one label per sample and batch >= 1",
                format!("x {} labels {}", fmt_shape(x.shape()), labels.len()),
            ));
        }
        let k = self.classes();
        self.net.set_training(false);
        let mut confusion = vec![vec![0usize; k]; k];
        let (mut loss, mut correct) = (0.0f64, 0);
        let mut dz = vec![0.0; batch * k];
        // One input buffer for every batch (no per-batch allocation).
        let per: usize = self.config.input.iter().product();
        let xd = tensor::data(x);
        let mut xb = std::mem::take(&mut self.eval_x);
        for b0 in (0..n).step_by(batch) {
            let b1 = (b0 + batch).min(n);
            let mut shape = vec![b1 - b0];
            shape.extend_from_slice(&self.config.input);
            ensure(&mut xb, &shape);
            tensor::data_mut(&mut xb).copy_from_slice(&xd[b0 * per..b1 * per]);
            let z = self.net.forward(&xb)?;
            let zd = tensor::data(z);
            let out = softmax_ce_slice(&zd, b1 - b0, k, &labels[b0..b1], &mut dz[..(b1 - b0) * k]);
            loss += out.loss as f64 * (b1 - b0) as f64;
            correct += out.correct;
            for (row, &l) in zd.chunks_exact(k).zip(&labels[b0..b1]) {
                let pred = row
                    .iter()
                    .enumerate()
                    .fold(0, |best, (j, &v)| if v > row[best] { j } else { best });
                confusion[l][pred] += 1;
            }
        }
        self.eval_x = xb;
        Ok(Evaluation {
            accuracy: correct as f32 / n.max(1) as f32,
            loss: (loss / n.max(1) as f64) as f32,
            confusion,
        })
    }

    pub fn params(&self) -> Vec<&Param> {
        self.net.layers.iter().flat_map(|l| l.params()).collect()
    }
    pub fn params_mut(&mut self) -> Vec<&mut Param> {
        self.net
            .layers
            .iter_mut()
            .flat_map(|l| l.params_mut())
            .collect()
    }
    /// Non-trained state saved with the weights (batch-norm running mean and variance).
    pub fn buffers(&self) -> Vec<&Param> {
        self.net.layers.iter().flat_map(|l| l.buffers()).collect()
    }
    pub fn buffers_mut(&mut self) -> Vec<&mut Param> {
        self.net
            .layers
            .iter_mut()
            .flat_map(|l| l.buffers_mut())
            .collect()
    }
    /// Training mode of [`Model::forward`]-style calls is chosen per call; this sets it for
    /// direct use of `net`.
    pub fn set_training(&mut self, on: bool) {
        self.net.set_training(on);
    }
    /// Total number of stored parameters (trained ones; buffers excluded).
    pub fn param_count(&self) -> usize {
        self.params().iter().map(|p| p.len()).sum()
    }
    /// Parameters that are trained (connection-table zeros excluded).
    pub fn trainable_count(&self) -> usize {
        self.params().iter().map(|p| p.trainable()).sum()
    }

    /// Output of top-level layer `i` (feature maps `[n, h, w, c]` or vectors) after the last
    /// forward pass. A conv/dense layer followed by ReLU reports its post-ReLU output while fusion
    /// is on (the default, see [`Model::set_fuse_relu`]).
    pub fn activation(&self, i: usize) -> Option<&Tensor> {
        self.net.activation(i)
    }
    /// See [`Sequential::set_fuse_relu`]: off = `activation(i)` of a conv/dense layer followed
    /// by ReLU is its pre-activation.
    pub fn set_fuse_relu(&mut self, on: bool) {
        self.net.set_fuse_relu(on);
    }
    /// ∂L/∂input after `loss_and_grads(.., need_dx = true)`.
    pub fn input_grad(&self) -> &Tensor {
        self.net.input_grad()
    }
    /// Layer labels, one per top-level layer.
    pub fn layer_labels(&self) -> Vec<String> {
        self.config.layers.iter().map(|l| l.label()).collect()
    }

    /// Per-layer gradient norms after the last backward pass (vanishing-gradient lesson).
    pub fn grad_norms(&self) -> Vec<LayerGradNorm> {
        self.net
            .layers
            .iter()
            .enumerate()
            .map(|(i, l): (usize, &Layer)| LayerGradNorm {
                index: i,
                label: self.config.layers[i].label(),
                param_grad_norm: l
                    .params()
                    .iter()
                    .map(|p| norm(&tensor::data(&p.grad)).powi(2))
                    .sum::<f64>()
                    .sqrt(),
                output_grad_norm: self
                    .net
                    .activation_grad(i)
                    .map_or(0.0, |g| norm(&tensor::data(g))),
            })
            .collect()
    }
}

//! The layer enum and the sequential container (which also forms the body of residual blocks).
//! A `Sequential` keeps every activation and every activation gradient of the last pass, so the
//! UI can read feature maps and per-layer gradient norms by index.

mod block;
mod build;

use super::config::LayerConfig;
use super::layers::{ConvLayer, DenseLayer, SubsampleLayer};
use super::norm::{self, BatchNormLayer, DropoutLayer, LrnLayer};
use super::param::Param;
use crate::engine::error::Result;
use crate::engine::ops::activation::{self, Activation};
use crate::engine::ops::pool::{self, PoolGeom, PoolMode};
use crate::engine::rng::Rng;
use crate::engine::tensor::{self, ensure, Tensor};
pub use block::{Concat, Residual};
pub(crate) use build::build;

/// One built layer.
#[derive(Debug, Clone)]
pub enum Layer {
    Conv(ConvLayer),
    Dense(DenseLayer),
    Pool {
        mode: PoolMode,
        window: usize,
        stride: usize,
    },
    Subsample(SubsampleLayer),
    Act(Activation),
    Flatten,
    BatchNorm(Box<BatchNormLayer>),
    Dropout(DropoutLayer),
    GlobalAvgPool,
    Lrn(LrnLayer),
    Residual(Box<Residual>),
    Concat(Box<Concat>),
}

impl Layer {
    /// `y = layer(x)`; `relu` fuses a following ReLU (conv/dense only).
    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor, relu: bool) -> Result<()> {
        match self {
            Layer::Conv(l) => l.forward(x, y, relu),
            Layer::Dense(l) => l.forward(x, y, relu),
            Layer::Subsample(l) => l.forward(x, y),
            Layer::Pool {
                mode,
                window,
                stride,
            } => {
                let g = PoolGeom::new(x.shape(), *window, *stride)?;
                ensure(y, &g.y_shape());
                let xd = tensor::data(x);
                match mode {
                    PoolMode::Max => pool::simd128::max_forward(&g, &xd, tensor::data_mut(y)),
                    PoolMode::Avg => pool::simd128::avg_forward(&g, &xd, tensor::data_mut(y)),
                }
                Ok(())
            }
            Layer::Act(a) => {
                ensure(y, x.shape());
                activation::forward_slice(*a, &tensor::data(x), tensor::data_mut(y));
                Ok(())
            }
            Layer::Flatten => {
                let n = x.shape().first().copied().unwrap_or(0);
                ensure(y, &[n, x.len() / n.max(1)]);
                tensor::data_mut(y).copy_from_slice(&tensor::data(x));
                Ok(())
            }
            Layer::BatchNorm(l) => l.forward(x, y),
            Layer::Dropout(l) => {
                l.forward(x, y);
                Ok(())
            }
            Layer::GlobalAvgPool => {
                norm::gap_forward(x, y);
                Ok(())
            }
            Layer::Lrn(l) => {
                l.forward(x, y);
                Ok(())
            }
            Layer::Residual(r) => r.forward(x, y),
            Layer::Concat(c) => c.forward(x, y),
        }
    }

    /// Parameter gradients from `dy`, and `dx` when asked. `x`, `y` are this layer's last input
    /// and output.
    pub fn backward(
        &mut self,
        x: &Tensor,
        y: &Tensor,
        dy: &Tensor,
        dx: Option<&mut Tensor>,
    ) -> Result<()> {
        match self {
            Layer::Conv(l) => l.backward(x, dy, dx),
            Layer::Dense(l) => l.backward(x, dy, dx),
            Layer::Subsample(l) => l.backward(x, dy, dx),
            Layer::Pool {
                mode,
                window,
                stride,
            } => {
                let Some(dx) = dx else { return Ok(()) };
                let g = PoolGeom::new(x.shape(), *window, *stride)?;
                ensure(dx, x.shape());
                match mode {
                    PoolMode::Max => pool::simd128::max_backward(
                        &g,
                        &tensor::data(x),
                        &tensor::data(y),
                        &tensor::data(dy),
                        tensor::data_mut(dx),
                    ),
                    PoolMode::Avg => {
                        pool::simd128::avg_backward(&g, &tensor::data(dy), tensor::data_mut(dx))
                    }
                }
                Ok(())
            }
            Layer::Act(a) => {
                if let Some(dx) = dx {
                    ensure(dx, x.shape());
                    activation::backward_slice(
                        *a,
                        &tensor::data(y),
                        &tensor::data(dy),
                        tensor::data_mut(dx),
                    );
                }
                Ok(())
            }
            Layer::Flatten => {
                if let Some(dx) = dx {
                    ensure(dx, x.shape());
                    tensor::data_mut(dx).copy_from_slice(&tensor::data(dy));
                }
                Ok(())
            }
            Layer::BatchNorm(l) => l.backward(x, dy, dx),
            Layer::Dropout(l) => {
                if let Some(dx) = dx {
                    l.backward(dy, dx);
                }
                Ok(())
            }
            Layer::GlobalAvgPool => {
                if let Some(dx) = dx {
                    norm::gap_backward(x.shape(), dy, dx);
                }
                Ok(())
            }
            Layer::Lrn(l) => {
                if let Some(dx) = dx {
                    l.backward(x, dy, dx);
                }
                Ok(())
            }
            Layer::Residual(r) => r.backward(x, dy, dx),
            Layer::Concat(c) => c.backward(x, dy, dx),
        }
    }

    /// Parameters (recursively for residual blocks).
    pub fn params(&self) -> Vec<&Param> {
        match self {
            Layer::Conv(l) => std::iter::once(&l.weight).chain(l.bias.as_ref()).collect(),
            Layer::Dense(l) => std::iter::once(&l.weight).chain(l.bias.as_ref()).collect(),
            Layer::Subsample(l) => vec![&l.coef, &l.bias],
            Layer::BatchNorm(l) => vec![&l.gamma, &l.beta],
            Layer::Residual(r) => r.params(),
            Layer::Concat(c) => c.layers().flat_map(|l| l.params()).collect(),
            _ => Vec::new(),
        }
    }

    /// Mutable parameters (recursively).
    pub fn params_mut(&mut self) -> Vec<&mut Param> {
        match self {
            Layer::Conv(l) => std::iter::once(&mut l.weight)
                .chain(l.bias.as_mut())
                .collect(),
            Layer::Dense(l) => std::iter::once(&mut l.weight)
                .chain(l.bias.as_mut())
                .collect(),
            Layer::Subsample(l) => vec![&mut l.coef, &mut l.bias],
            Layer::BatchNorm(l) => vec![&mut l.gamma, &mut l.beta],
            Layer::Residual(r) => r.layers_mut().flat_map(|l| l.params_mut()).collect(),
            Layer::Concat(c) => c.layers_mut().flat_map(|l| l.params_mut()).collect(),
            _ => Vec::new(),
        }
    }

    /// Non-trained state saved with the weights (batch-norm running statistics), recursively.
    pub fn buffers(&self) -> Vec<&Param> {
        match self {
            Layer::BatchNorm(l) => vec![&l.running_mean, &l.running_var],
            Layer::Residual(r) => r.layers().flat_map(|l| l.buffers()).collect(),
            Layer::Concat(c) => c.layers().flat_map(|l| l.buffers()).collect(),
            _ => Vec::new(),
        }
    }

    pub fn buffers_mut(&mut self) -> Vec<&mut Param> {
        match self {
            Layer::BatchNorm(l) => vec![&mut l.running_mean, &mut l.running_var],
            Layer::Residual(r) => r.layers_mut().flat_map(|l| l.buffers_mut()).collect(),
            Layer::Concat(c) => c.layers_mut().flat_map(|l| l.buffers_mut()).collect(),
            _ => Vec::new(),
        }
    }

    /// Training mode (batch statistics, dropout masks) or evaluation mode, recursively.
    pub fn set_training(&mut self, on: bool) {
        match self {
            Layer::BatchNorm(l) => l.training = on,
            Layer::Dropout(l) => l.training = on,
            Layer::Residual(r) => r.layers_mut().for_each(|l| l.set_training(on)),
            Layer::Concat(c) => c.layers_mut().for_each(|l| l.set_training(on)),
            _ => {}
        }
    }
}

/// Layers applied in order, with the activations and gradients of the last pass.
#[derive(Debug, Clone)]
pub struct Sequential {
    pub layers: Vec<Layer>,
    /// Whether layer `i` (conv/dense) runs with the following ReLU fused in (then layer `i+1`'s
    /// output is a copy-free alias: it is skipped and shares the activation).
    fused: Vec<bool>,
    acts: Vec<Tensor>,
    grads: Vec<Tensor>,
}

impl Sequential {
    pub(crate) fn build(
        cfgs: &[LayerConfig],
        input: &[usize],
        prefix: &str,
        rng: &mut Rng,
    ) -> Result<(Self, Vec<usize>)> {
        let mut shape = input.to_vec();
        let mut layers = Vec::with_capacity(cfgs.len());
        for (i, c) in cfgs.iter().enumerate() {
            let name = if prefix.is_empty() {
                format!("{i}")
            } else {
                format!("{prefix}.{i}")
            };
            let (l, s) = build(c, &shape, &name, rng)?;
            layers.push(l);
            shape = s;
        }
        let n = layers.len();
        let fused = (0..n)
            .map(|i| {
                matches!(layers[i], Layer::Conv(_) | Layer::Dense(_))
                    && matches!(layers.get(i + 1), Some(Layer::Act(Activation::Relu)))
            })
            .collect();
        let empty = || (0..=n).map(|_| Tensor::zeros(vec![0])).collect::<Vec<_>>();
        Ok((
            Sequential {
                layers,
                fused,
                acts: empty(),
                grads: empty(),
            },
            shape,
        ))
    }

    /// Fuse each ReLU into the preceding conv/dense (default on; faster). Off makes
    /// [`Sequential::activation`] of a conv/dense layer its pre-ReLU output (for lessons that
    /// show both); gradients are identical either way. Applies to residual bodies too.
    pub fn set_fuse_relu(&mut self, on: bool) {
        for i in 0..self.layers.len() {
            self.fused[i] = on
                && matches!(self.layers[i], Layer::Conv(_) | Layer::Dense(_))
                && matches!(self.layers.get(i + 1), Some(Layer::Act(Activation::Relu)));
            if let Layer::Residual(r) = &mut self.layers[i] {
                r.body.set_fuse_relu(on);
                if let Some(s) = &mut r.shortcut {
                    s.set_fuse_relu(on);
                }
            }
            if let Layer::Concat(c) = &mut self.layers[i] {
                c.branches.iter_mut().for_each(|b| b.set_fuse_relu(on));
            }
        }
    }

    /// Training or evaluation mode for every layer (see [`Layer::set_training`]).
    pub fn set_training(&mut self, on: bool) {
        self.layers.iter_mut().for_each(|l| l.set_training(on));
    }

    /// Runs every layer; returns the output.
    pub fn forward(&mut self, x: &Tensor) -> Result<&Tensor> {
        ensure(&mut self.acts[0], x.shape());
        tensor::data_mut(&mut self.acts[0]).copy_from_slice(&tensor::data(x));
        let mut i = 0;
        while i < self.layers.len() {
            let (a, b) = self.acts.split_at_mut(i + 1);
            self.layers[i].forward(&a[i], &mut b[0], self.fused[i])?;
            if self.fused[i] {
                // The ReLU layer's output equals the fused output: copy it (cheap, keeps indices).
                let (a, b) = self.acts.split_at_mut(i + 2);
                ensure(&mut b[0], a[i + 1].shape());
                tensor::data_mut(&mut b[0]).copy_from_slice(&tensor::data(&a[i + 1]));
                i += 1;
            }
            i += 1;
        }
        Ok(self.output())
    }

    /// Backpropagates `dy` (gradient of the output); fills parameter gradients and, if
    /// `need_dx`, the input gradient.
    pub fn backward(&mut self, dy: &Tensor, need_dx: bool) -> Result<()> {
        let n = self.layers.len();
        ensure(&mut self.grads[n], dy.shape());
        tensor::data_mut(&mut self.grads[n]).copy_from_slice(&tensor::data(dy));
        for i in (0..n).rev() {
            let (lo, hi) = self.grads.split_at_mut(i + 1);
            let dx = (i > 0 || need_dx).then_some(&mut lo[i]);
            self.layers[i].backward(&self.acts[i], &self.acts[i + 1], &hi[0], dx)?;
        }
        Ok(())
    }

    pub fn output(&self) -> &Tensor {
        &self.acts[self.layers.len()]
    }
    /// Output of layer `i` (`i < len`) after the last forward pass; `None` if out of range.
    pub fn activation(&self, i: usize) -> Option<&Tensor> {
        self.acts.get(i + 1).filter(|_| i < self.layers.len())
    }
    /// Gradient of the loss w.r.t. the output of layer `i` after the last backward pass.
    pub fn activation_grad(&self, i: usize) -> Option<&Tensor> {
        self.grads.get(i + 1).filter(|_| i < self.layers.len())
    }
    pub fn input_grad(&self) -> &Tensor {
        &self.grads[0]
    }
}

//! Layers whose forward differs between training and evaluation: batch normalisation (batch vs
//! running statistics) and dropout (random mask vs identity); plus global average pooling and
//! local response normalisation.

use super::param::Param;
use crate::engine::error::Result;
use crate::engine::ops::batchnorm::{self, BnState};
use crate::engine::ops::lrn::{self, LrnParams};
use crate::engine::rng::Rng;
use crate::engine::tensor::{self, ensure, from_vec, Tensor};

/// Batch normalisation over the last axis (channels of NHWC maps, features of vectors).
/// `gamma`, `beta` are trained; `running_mean`, `running_var` are state saved with the weights.
#[derive(Debug, Clone)]
pub struct BatchNormLayer {
    pub gamma: Param,
    pub beta: Param,
    pub running_mean: Param,
    pub running_var: Param,
    pub momentum: f32,
    pub eps: f32,
    /// Batch statistics (training) or running statistics (evaluation).
    pub training: bool,
    state: BnState,
    /// Whether the last forward used batch statistics (backward follows the forward).
    last_training: bool,
}

impl BatchNormLayer {
    pub fn new(name: &str, c: usize, momentum: f32, eps: f32) -> Result<Self> {
        let p = |what: &str, v: f32| -> Result<Param> {
            Ok(Param::new(
                format!("{name}.{what}"),
                from_vec(&[c], vec![v; c])?,
                false,
            ))
        };
        Ok(BatchNormLayer {
            gamma: p("gamma", 1.0)?,
            beta: p("beta", 0.0)?,
            running_mean: p("running_mean", 0.0)?,
            running_var: p("running_var", 1.0)?,
            momentum,
            eps,
            training: false,
            state: BnState::default(),
            last_training: false,
        })
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor) -> Result<()> {
        let c = batchnorm::channels(x.shape(), self.gamma.len())?;
        ensure(y, x.shape());
        let xd = tensor::data(x);
        let (g, b) = (
            tensor::data(self.gamma.value()),
            tensor::data(self.beta.value()),
        );
        if self.training {
            self.state
                .forward_train(&xd, &g, &b, self.eps, tensor::data_mut(y));
            let mom = self.momentum;
            let m = self.state.mean.clone();
            let v = self.state.var.clone();
            for (r, s) in tensor::data_mut(self.running_mean.value_mut())
                .iter_mut()
                .zip(&m)
                .chain(
                    tensor::data_mut(self.running_var.value_mut())
                        .iter_mut()
                        .zip(&v),
                )
            {
                *r = mom * *r + (1.0 - mom) * s;
            }
        } else {
            self.state.forward_eval(
                &xd,
                &g,
                &b,
                &tensor::data(self.running_mean.value())[..c],
                &tensor::data(self.running_var.value())[..c],
                self.eps,
                tensor::data_mut(y),
            );
        }
        self.last_training = self.training;
        Ok(())
    }

    pub fn backward(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        batchnorm::channels(x.shape(), self.gamma.len())?;
        let dx = dx.map(|d| {
            ensure(d, x.shape());
            tensor::data_mut(d)
        });
        self.state.backward(
            &tensor::data(x),
            &tensor::data(dy),
            self.last_training,
            tensor::data_mut(&mut self.gamma.grad),
            tensor::data_mut(&mut self.beta.grad),
            dx,
        );
        Ok(())
    }
}

/// Inverted dropout: in training each value is zeroed with probability `rate` and the others
/// scaled by `1 / (1 - rate)`, so evaluation is the identity. The mask comes from the layer's own
/// seeded generator (drawn from the model's seed at build time).
#[derive(Debug, Clone)]
pub struct DropoutLayer {
    pub rate: f32,
    pub training: bool,
    rng: Rng,
    /// `0` or `1 / (1 - rate)` per value of the last training forward.
    mask: Vec<f32>,
    last_training: bool,
}

impl DropoutLayer {
    pub fn new(rate: f32, seed: u64) -> Self {
        DropoutLayer {
            rate,
            training: false,
            rng: Rng::new(seed),
            mask: Vec::new(),
            last_training: false,
        }
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor) {
        ensure(y, x.shape());
        let (xd, yd) = (tensor::data(x), tensor::data_mut(y));
        self.last_training = self.training && self.rate > 0.0;
        if !self.last_training {
            yd.copy_from_slice(&xd);
            return;
        }
        let keep = 1.0 / (1.0 - self.rate);
        self.mask.resize(xd.len(), 0.0);
        for ((m, o), &v) in self.mask.iter_mut().zip(yd.iter_mut()).zip(xd.iter()) {
            *m = if self.rng.uniform() < self.rate {
                0.0
            } else {
                keep
            };
            *o = v * *m;
        }
    }

    pub fn backward(&mut self, dy: &Tensor, dx: &mut Tensor) {
        ensure(dx, dy.shape());
        let (dyd, dxd) = (tensor::data(dy), tensor::data_mut(dx));
        if self.last_training {
            for ((o, &d), &m) in dxd.iter_mut().zip(dyd.iter()).zip(&self.mask) {
                *o = d * m;
            }
        } else {
            dxd.copy_from_slice(&dyd);
        }
    }
}

/// Global average pooling `[n, h, w, c] -> [n, c]`.
pub fn gap_forward(x: &Tensor, y: &mut Tensor) {
    let s = x.shape();
    let (n, c) = (s[0], s[3]);
    let hw = s[1] * s[2];
    ensure(y, &[n, c]);
    let (xd, yd) = (tensor::data(x), tensor::data_mut(y));
    let inv = 1.0 / hw as f32;
    for (img, out) in xd.chunks_exact(hw * c).zip(yd.chunks_exact_mut(c)) {
        out.iter_mut().for_each(|v| *v = 0.0);
        for px in img.chunks_exact(c) {
            for (o, &v) in out.iter_mut().zip(px) {
                *o += v;
            }
        }
        out.iter_mut().for_each(|v| *v *= inv);
    }
}

/// Gradient of global average pooling: every pixel gets `dy / (h·w)`.
pub fn gap_backward(x_shape: &[usize], dy: &Tensor, dx: &mut Tensor) {
    let (c, hw) = (x_shape[3], x_shape[1] * x_shape[2]);
    ensure(dx, x_shape);
    let (dyd, dxd) = (tensor::data(dy), tensor::data_mut(dx));
    let inv = 1.0 / hw as f32;
    for (img, g) in dxd.chunks_exact_mut(hw * c).zip(dyd.chunks_exact(c)) {
        for px in img.chunks_exact_mut(c) {
            for (o, &v) in px.iter_mut().zip(g) {
                *o = v * inv;
            }
        }
    }
}

/// Local response normalisation across channels (see [`crate::engine::ops::lrn`]).
#[derive(Debug, Clone)]
pub struct LrnLayer {
    pub p: LrnParams,
    scale: Vec<f32>,
}

impl LrnLayer {
    pub fn new(p: LrnParams) -> Self {
        LrnLayer {
            p,
            scale: Vec::new(),
        }
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor) {
        ensure(y, x.shape());
        let c = x.shape().last().copied().unwrap_or(1).max(1);
        self.scale.resize(x.len(), 0.0);
        lrn::reference::forward(
            &self.p,
            &tensor::data(x),
            c,
            &mut self.scale,
            tensor::data_mut(y),
        );
    }

    pub fn backward(&self, x: &Tensor, dy: &Tensor, dx: &mut Tensor) {
        ensure(dx, x.shape());
        let c = x.shape().last().copied().unwrap_or(1).max(1);
        lrn::reference::backward(
            &self.p,
            &tensor::data(x),
            &self.scale,
            &tensor::data(dy),
            c,
            tensor::data_mut(dx),
        );
    }
}

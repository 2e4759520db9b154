//! Batch normalisation (Ioffe & Szegedy 2015) over the last axis: channels of NHWC images
//! (`m = n·h·w` values per channel) or features of `[n, f]` vectors (`m = n`).
//!
//! Training: `μ, σ²` = batch mean and biased variance per channel, `x̂ = (x - μ) / √(σ² + ε)`,
//! `y = γ·x̂ + β`. Evaluation uses the running `μ, σ²` instead (updated in training as
//! `r ← momentum·r + (1 - momentum)·batch`, the Keras/TF.js rule). Backward (training mode),
//! with `s = γ/√(σ²+ε)`: `dγ = Σ dy·x̂`, `dβ = Σ dy`,
//! `dx = s·(dy - dβ/m - x̂·dγ/m)`, computed as `dx = dy·s + x·p + q` with per-channel
//! `p = -s·dγ/(m·√(σ²+ε))`, `q = -s·dβ/m - p·μ`, so one fused pass writes `dx`.
//! In evaluation mode the op is affine: `dx = dy·s` with the running statistics.

pub mod reference;
pub mod simd128;

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};

/// Per-channel statistics of the last forward pass and scratch for backward.
#[derive(Debug, Clone, Default)]
pub struct BnState {
    /// Mean used by the last forward (batch mean in training, running mean in evaluation).
    pub mean: Vec<f32>,
    /// Biased variance used by the last forward.
    pub var: Vec<f32>,
    /// `1 / √(var + ε)`.
    pub invstd: Vec<f32>,
    scale: Vec<f32>,
    shift: Vec<f32>,
    p: Vec<f32>,
    q: Vec<f32>,
}

/// Channel count of an input with at least 2 axes (`[n, .., c]`), checked against `gamma`.
pub fn channels(shape: &[usize], gamma_len: usize) -> Result<usize> {
    match shape.last() {
        Some(&c) if shape.len() >= 2 && c == gamma_len && c > 0 => Ok(c),
        _ => Err(EngineError::shape(
            "batchnorm",
            format!("input must be [n, .., {gamma_len}]"),
            fmt_shape(shape),
        )),
    }
}

impl BnState {
    fn resize(&mut self, c: usize) {
        for v in [
            &mut self.mean,
            &mut self.var,
            &mut self.invstd,
            &mut self.scale,
            &mut self.shift,
            &mut self.p,
            &mut self.q,
        ] {
            v.resize(c, 0.0);
        }
    }

    /// Training-mode forward: batch statistics (kept in `mean`/`var`/`invstd`).
    pub fn forward_train(
        &mut self,
        x: &[f32],
        gamma: &[f32],
        beta: &[f32],
        eps: f32,
        y: &mut [f32],
    ) {
        let c = gamma.len();
        self.resize(c);
        simd128::mean_var(x, c, &mut self.mean, &mut self.var);
        self.apply(x, gamma, beta, eps, y);
    }

    /// Evaluation-mode forward with the given (running) statistics.
    #[allow(clippy::too_many_arguments)]
    pub fn forward_eval(
        &mut self,
        x: &[f32],
        gamma: &[f32],
        beta: &[f32],
        mean: &[f32],
        var: &[f32],
        eps: f32,
        y: &mut [f32],
    ) {
        self.resize(gamma.len());
        self.mean.copy_from_slice(mean);
        self.var.copy_from_slice(var);
        self.apply(x, gamma, beta, eps, y);
    }

    fn apply(&mut self, x: &[f32], gamma: &[f32], beta: &[f32], eps: f32, y: &mut [f32]) {
        for ch in 0..gamma.len() {
            self.invstd[ch] = 1.0 / (self.var[ch] + eps).sqrt();
            self.scale[ch] = gamma[ch] * self.invstd[ch];
            self.shift[ch] = beta[ch] - self.mean[ch] * self.scale[ch];
        }
        simd128::affine(x, &self.scale, &self.shift, y);
    }

    /// Gradients after a forward with the same `x`: `dgamma`, `dbeta` overwritten, `dx` written
    /// when given. `training` selects the formula (batch statistics or fixed ones).
    pub fn backward(
        &mut self,
        x: &[f32],
        dy: &[f32],
        training: bool,
        dgamma: &mut [f32],
        dbeta: &mut [f32],
        dx: Option<&mut [f32]>,
    ) {
        let c = self.mean.len();
        let m = (x.len() / c.max(1)).max(1) as f32;
        simd128::grad_sums(x, dy, &self.mean, dbeta, dgamma);
        for (g, &s) in dgamma.iter_mut().zip(&self.invstd) {
            *g *= s;
        }
        let Some(dx) = dx else { return };
        for ch in 0..c {
            if training {
                self.p[ch] = -self.scale[ch] * self.invstd[ch] * dgamma[ch] / m;
                self.q[ch] = -self.scale[ch] * dbeta[ch] / m - self.p[ch] * self.mean[ch];
            } else {
                self.p[ch] = 0.0;
                self.q[ch] = 0.0;
            }
        }
        simd128::affine2(dy, x, &self.scale, &self.p, &self.q, dx);
    }
}

/// Training-mode batch norm of a tensor: `(y, batch mean, batch variance)`.
pub fn batchnorm(
    x: &Tensor,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
) -> Result<(Tensor, Vec<f32>, Vec<f32>)> {
    channels(x.shape(), gamma.len())?;
    if beta.len() != gamma.len() || !eps.is_finite() || eps <= 0.0 {
        return Err(EngineError::param(
            "batchnorm",
            format!(
                "beta [{}] must match gamma [{}], eps > 0",
                beta.len(),
                gamma.len()
            ),
        ));
    }
    let mut st = BnState::default();
    let mut y = tensor::zeros(x.shape());
    st.forward_train(&tensor::data(x), gamma, beta, eps, tensor::data_mut(&mut y));
    Ok((y, st.mean, st.var))
}

/// Training-mode gradients `(dx, dgamma, dbeta)` given the upstream `dy`.
pub fn batchnorm_backward(
    x: &Tensor,
    dy: &Tensor,
    gamma: &[f32],
    eps: f32,
) -> Result<(Tensor, Vec<f32>, Vec<f32>)> {
    let c = channels(x.shape(), gamma.len())?;
    if dy.shape() != x.shape() || !eps.is_finite() || eps <= 0.0 {
        return Err(EngineError::shape(
            "batchnorm_backward",
            "dy must have the shape of x, eps > 0",
            format!("x {} dy {}", fmt_shape(x.shape()), fmt_shape(dy.shape())),
        ));
    }
    let mut st = BnState::default();
    let xd = tensor::data(x);
    let mut y = vec![0.0; xd.len()];
    st.forward_train(&xd, gamma, &vec![0.0; c], eps, &mut y);
    let (mut dg, mut db) = (vec![0.0; c], vec![0.0; c]);
    let mut dx = tensor::zeros(x.shape());
    st.backward(
        &xd,
        &tensor::data(dy),
        true,
        &mut dg,
        &mut db,
        Some(tensor::data_mut(&mut dx)),
    );
    Ok((dx, dg, db))
}

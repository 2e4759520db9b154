//! Local response normalisation across channels (Krizhevsky, Sutskever & Hinton 2012, §3.3):
//!
//! `y[.., c] = x[.., c] / (k + α Σ_{c' = max(0, c - n/2)}^{min(C-1, c + n/2)} x[.., c']²)^β`
//!
//! with AlexNet's `k = 2, n = 5, α = 1e-4, β = 0.75` (α not divided by `n`, as in the paper and
//! TF's `local_response_normalization`). Backward, with `s` the bracket:
//! `dx[i] = dy[i]·s[i]^-β - 2αβ·x[i]·Σ_{c: |c - i| <= n/2} dy[c]·x[c]·s[c]^(-β-1)`.
//! Only a reference kernel: LRN appears in AlexNet-era networks, not on the benchmark's path.

pub mod reference;

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};
use serde::{Deserialize, Serialize};

/// LRN hyper-parameters (missing fields take AlexNet's values).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LrnParams {
    pub k: f32,
    pub n: usize,
    pub alpha: f32,
    pub beta: f32,
}

impl Default for LrnParams {
    /// AlexNet's values.
    fn default() -> Self {
        LrnParams {
            k: 2.0,
            n: 5,
            alpha: 1e-4,
            beta: 0.75,
        }
    }
}

impl LrnParams {
    /// `n` odd and >= 1, `k > 0`, `α, β >= 0`.
    pub fn check(&self) -> Result<()> {
        let finite = self.k.is_finite() && self.alpha.is_finite() && self.beta.is_finite();
        if !finite
            || self.n.is_multiple_of(2)
            || self.k <= 0.0
            || self.alpha < 0.0
            || self.beta < 0.0
        {
            return Err(EngineError::param(
                "lrn",
                format!("need odd n >= 1, k > 0, alpha >= 0, beta >= 0 ({self:?})"),
            ));
        }
        Ok(())
    }
}

fn channels(x: &[usize]) -> Result<usize> {
    match x.last() {
        Some(&c) if x.len() >= 2 && c > 0 => Ok(c),
        _ => Err(EngineError::shape(
            "lrn",
            "input must be [n, .., c]",
            fmt_shape(x),
        )),
    }
}

/// Forward LRN over the last axis.
pub fn lrn(x: &Tensor, p: LrnParams) -> Result<Tensor> {
    p.check()?;
    let c = channels(x.shape())?;
    let mut y = tensor::zeros(x.shape());
    let mut s = vec![0.0; x.len()];
    reference::forward(&p, &tensor::data(x), c, &mut s, tensor::data_mut(&mut y));
    Ok(y)
}

/// `dx` given the upstream `dy`.
pub fn lrn_backward(x: &Tensor, dy: &Tensor, p: LrnParams) -> Result<Tensor> {
    p.check()?;
    let c = channels(x.shape())?;
    if dy.shape() != x.shape() {
        return Err(EngineError::shape(
            "lrn_backward",
            "dy must have the shape of x",
            format!("x {} dy {}", fmt_shape(x.shape()), fmt_shape(dy.shape())),
        ));
    }
    let xd = tensor::data(x);
    let (mut s, mut y) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    reference::forward(&p, &xd, c, &mut s, &mut y);
    let mut dx = tensor::zeros(x.shape());
    reference::backward(&p, &xd, &s, &tensor::data(dy), c, tensor::data_mut(&mut dx));
    Ok(dx)
}

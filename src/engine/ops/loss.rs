//! Softmax cross-entropy, the loss of every classifier in the app.
//!
//! `p[b, j] = exp(z[b, j] - max_j z) / Σ_j exp(z[b, j] - max_j z)`,
//! `L = -(1/n) Σ_b ln p[b, label_b]`, `∂L/∂z[b, j] = (p[b, j] - [j = label_b]) / n`.
//!
//! # Shapes
//! `logits`: `[n, classes]`, `labels`: `n` values `< classes`.

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};

/// Mean loss, gradient w.r.t. the logits and the number of correct arg-max predictions.
#[derive(Debug, Clone)]
pub struct LossOut {
    pub loss: f32,
    pub correct: usize,
}

fn check(shape: &[usize], labels: &[usize]) -> Result<(usize, usize)> {
    if shape.len() != 2 || shape[0] != labels.len() || shape[1] == 0 {
        return Err(EngineError::shape(
            "softmax_cross_entropy",
            "logits must be [n, classes] with n labels",
            format!("logits {} labels {}", fmt_shape(shape), labels.len()),
        ));
    }
    if let Some(&l) = labels.iter().find(|&&l| l >= shape[1]) {
        return Err(EngineError::shape(
            "softmax_cross_entropy",
            format!("label {l} out of range"),
            format!("classes {}", shape[1]),
        ));
    }
    Ok((shape[0], shape[1]))
}

/// Slice version writing the gradient into `dz` (same length as `z`).
pub fn softmax_ce_slice(
    z: &[f32],
    n: usize,
    k: usize,
    labels: &[usize],
    dz: &mut [f32],
) -> LossOut {
    let mut loss = 0.0f64;
    let mut correct = 0;
    for b in 0..n {
        let row = &z[b * k..(b + 1) * k];
        let (mut arg, mut m) = (0, f32::NEG_INFINITY);
        for (j, &v) in row.iter().enumerate() {
            if v > m {
                m = v;
                arg = j;
            }
        }
        if arg == labels[b] {
            correct += 1;
        }
        let d = &mut dz[b * k..(b + 1) * k];
        let mut sum = 0.0f32;
        for (o, &v) in d.iter_mut().zip(row) {
            *o = (v - m).exp();
            sum += *o;
        }
        loss += (sum.ln() - (row[labels[b]] - m)) as f64;
        let inv = 1.0 / (sum * n as f32);
        for o in d.iter_mut() {
            *o *= inv;
        }
        d[labels[b]] -= 1.0 / n as f32;
    }
    LossOut {
        loss: (loss / n.max(1) as f64) as f32,
        correct,
    }
}

/// Mean loss and `∂L/∂logits`.
pub fn softmax_cross_entropy(logits: &Tensor, labels: &[usize]) -> Result<(LossOut, Tensor)> {
    let (n, k) = check(logits.shape(), labels)?;
    let mut dz = tensor::zeros(logits.shape());
    let out = softmax_ce_slice(
        &tensor::data(logits),
        n,
        k,
        labels,
        tensor::data_mut(&mut dz),
    );
    Ok((out, dz))
}

/// Row-wise softmax probabilities.
pub fn softmax(logits: &Tensor) -> Result<Tensor> {
    let s = logits.shape();
    if s.len() != 2 || s[1] == 0 {
        return Err(EngineError::shape(
            "softmax",
            "logits must be [n, classes]",
            fmt_shape(s),
        ));
    }
    let mut p = logits.as_standard_layout().into_owned();
    for mut row in p.rows_mut() {
        let m = row.fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        row.mapv_inplace(|v| (v - m).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
    Ok(p)
}

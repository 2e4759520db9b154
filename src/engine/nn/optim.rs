//! Optimisers, applied to a model's parameter list after each backward pass.
//!
//! SGD with momentum μ and weight decay λ (decay on weights only, not biases):
//! `g ← ∇ + λ·w;  v ← μ·v + g;  w ← w - η·v` (PyTorch's convention; μ = 0 is plain SGD).
//! Adam (Kingma & Ba 2015): `m ← β1·m + (1-β1)·g;  s ← β2·s + (1-β2)·g²;
//! w ← w - η·m̂ / (sqrt(ŝ) + ε)` with bias-corrected `m̂, ŝ`.

use super::param::Param;
use serde::{Deserialize, Serialize};

/// Optimiser and its hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OptimizerConfig {
    Sgd {
        lr: f32,
        momentum: f32,
        weight_decay: f32,
    },
    Adam {
        lr: f32,
        beta1: f32,
        beta2: f32,
        eps: f32,
        weight_decay: f32,
    },
}

impl OptimizerConfig {
    /// Plain SGD.
    pub fn sgd(lr: f32) -> Self {
        OptimizerConfig::Sgd {
            lr,
            momentum: 0.0,
            weight_decay: 0.0,
        }
    }
    /// Adam with the paper's defaults.
    pub fn adam(lr: f32) -> Self {
        OptimizerConfig::Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// An optimiser with its per-parameter state.
#[derive(Debug, Clone)]
pub struct Optimizer {
    pub config: OptimizerConfig,
    m: Vec<Vec<f32>>,
    s: Vec<Vec<f32>>,
    t: u32,
}

impl Optimizer {
    pub fn new(config: OptimizerConfig) -> Self {
        Optimizer {
            config,
            m: Vec::new(),
            s: Vec::new(),
            t: 0,
        }
    }

    /// Current learning rate (for schedules: `set_lr`).
    pub fn lr(&self) -> f32 {
        match self.config {
            OptimizerConfig::Sgd { lr, .. } | OptimizerConfig::Adam { lr, .. } => lr,
        }
    }
    pub fn set_lr(&mut self, new: f32) {
        match &mut self.config {
            OptimizerConfig::Sgd { lr, .. } | OptimizerConfig::Adam { lr, .. } => *lr = new,
        }
    }

    /// One update of every parameter from its `grad`.
    pub fn step(&mut self, params: &mut [&mut Param]) {
        if self.m.len() != params.len()
            || self
                .m
                .iter()
                .zip(params.iter())
                .any(|(m, p)| m.len() != p.len())
        {
            self.m = params.iter().map(|p| vec![0.0; p.len()]).collect();
            self.s = params.iter().map(|p| vec![0.0; p.len()]).collect();
            self.t = 0;
        }
        self.t += 1;
        for (k, p) in params.iter_mut().enumerate() {
            let decay = p.decay;
            let (m, s) = (&mut self.m[k], &mut self.s[k]);
            let (w, grad, mask) = p.parts();
            match self.config {
                OptimizerConfig::Sgd {
                    lr,
                    momentum,
                    weight_decay,
                } => {
                    let wd = if decay { weight_decay } else { 0.0 };
                    if momentum == 0.0 {
                        for (w, &g) in w.iter_mut().zip(grad) {
                            *w -= lr * (g + wd * *w);
                        }
                    } else {
                        for ((w, &g), v) in w.iter_mut().zip(grad).zip(m.iter_mut()) {
                            *v = momentum * *v + g + wd * *w;
                            *w -= lr * *v;
                        }
                    }
                }
                OptimizerConfig::Adam {
                    lr,
                    beta1,
                    beta2,
                    eps,
                    weight_decay,
                } => {
                    let wd = if decay { weight_decay } else { 0.0 };
                    let c1 = 1.0 - beta1.powi(self.t as i32);
                    let c2 = 1.0 - beta2.powi(self.t as i32);
                    for (((w, &g), m), s) in
                        w.iter_mut().zip(grad).zip(m.iter_mut()).zip(s.iter_mut())
                    {
                        let g = g + wd * *w;
                        *m = beta1 * *m + (1.0 - beta1) * g;
                        *s = beta2 * *s + (1.0 - beta2) * g * g;
                        *w -= lr * (*m / c1) / ((*s / c2).sqrt() + eps);
                    }
                }
            }
            if let Some(mask) = mask {
                for (w, k) in w.iter_mut().zip(mask) {
                    *w *= k;
                }
            }
        }
    }
}

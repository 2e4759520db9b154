//! Measured, not drawn from a formula: a real deep MLP on real digits, one backward pass through
//! the engine, and the gradient norm of every hidden layer's weights.
//!
//! `grad-ratio` = `‖∂L/∂W_1‖ / ‖∂L/∂W_depth‖`: the first hidden layer's weight (and bias)
//! gradient norm over the last hidden layer's. With plain sigmoid layers each step back multiplies
//! the signal by `W^T diag(σ')` with `σ' <= 1/4`, so the ratio falls geometrically with depth; with
//! shortcuts `x + f(Wx)` the backward step is `(I + W^T diag(f'))`, and the identity carries the
//! gradient down unshrunk.

use super::{Act, Digits, DIGIT_INPUTS};
use crate::engine::nn::layer::Layer;
use crate::engine::nn::{Init, LayerConfig as L, Model, ModelConfig, Optimizer, OptimizerConfig};
use crate::engine::{tensor, EngineError};

/// A deep MLP: `depth` hidden layers of `width` units, then 10 outputs. With `residual`, every
/// hidden layer after the first is a block `x + f(W x + b)` (the first changes 196 -> width).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetSpec {
    pub depth: usize,
    pub width: usize,
    pub act: Act,
    pub init: Init,
    pub residual: bool,
}

/// Classes of the digit nets.
pub const CLASSES: usize = 10;

/// The engine config of `spec` (inputs: 196 digit pixels). The output layer is Xavier-initialised
/// whatever `spec.init` is, so only the hidden layers differ between initialisers.
pub fn net_config(spec: &NetSpec) -> ModelConfig {
    let dense = |units, init| L::Dense {
        units,
        bias: true,
        init,
    };
    let act = L::Activation {
        f: spec.act.engine(),
    };
    let mut layers = vec![dense(spec.width, spec.init), act.clone()];
    for _ in 1..spec.depth.max(1) {
        let block = vec![dense(spec.width, spec.init), act.clone()];
        if spec.residual {
            layers.push(L::Residual {
                body: block,
                shortcut: None,
            });
        } else {
            layers.extend(block);
        }
    }
    layers.push(dense(CLASSES, Init::Xavier));
    ModelConfig {
        name: format!(
            "{}{}-mlp-{}x{}",
            if spec.residual { "res-" } else { "" },
            spec.act.name(),
            spec.depth,
            spec.width
        ),
        input: vec![DIGIT_INPUTS],
        layers,
    }
}

/// Builds the model; weights from `seed`. In a residual net every block's weights start scaled
/// by [`branch_scale`]: without batch norm, `depth` unscaled branches would add up and blow the
/// signal up (with He init its second moment doubles per block: 2^20 after 20 blocks), which is
/// why ResNets use batch norm and why Fixup / SkipInit (Zhang et al. 2019, De & Smith 2020) scale
/// or zero the branches at init.
pub fn build(spec: &NetSpec, seed: u64) -> Result<Model, EngineError> {
    let mut model = Model::from_config(net_config(spec), seed)?;
    if spec.residual {
        let s = branch_scale(spec.depth);
        for layer in model.net.layers.iter_mut() {
            if let Layer::Residual(block) = layer {
                for p in block.body.layers.iter_mut().flat_map(|l| l.params_mut()) {
                    if p.decay {
                        p.value_mut().mapv_inplace(|w| w * s);
                    }
                }
            }
        }
    }
    Ok(model)
}

/// `1/√depth`: the initial weight scale of every residual branch.
pub fn branch_scale(depth: usize) -> f32 {
    1.0 / (depth.max(1) as f32).sqrt()
}

/// The weight-gradient norm of every hidden layer (index 0 = the first, nearest the input) after
/// the model's last backward pass. A residual block's norm is its body's dense layer's.
pub fn hidden_norms(model: &Model, depth: usize) -> Vec<f64> {
    model
        .grad_norms()
        .into_iter()
        .filter(|g| g.label.starts_with("dense") || g.label.starts_with("residual"))
        .take(depth.max(1))
        .map(|g| g.param_grad_norm)
        .collect()
}

/// One measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// Per hidden layer, first to last.
    pub norms: Vec<f64>,
    /// Mean cross-entropy of the batch.
    pub loss: f32,
    /// `norms[0] / norms[last]`.
    pub ratio: f64,
}

/// `first / last`, or `None` when it is not a finite positive number (a dead or diverged net).
pub fn ratio(norms: &[f64]) -> Option<f64> {
    let (first, last) = (*norms.first()?, *norms.last()?);
    let r = first / last;
    (r.is_finite() && r > 0.0).then_some(r)
}

fn batch_tensor(x: &[f32], n: usize) -> Result<crate::engine::Tensor, EngineError> {
    tensor::from_vec(&[n, DIGIT_INPUTS], x.to_vec())
}

/// Builds the net from `seed`, backprops once on `batch` and reads the per-layer norms.
pub fn measure(spec: &NetSpec, seed: u64, batch: &Digits) -> Result<Measured, String> {
    let mut model = build(spec, seed).map_err(|e| e.to_string())?;
    measure_model(&mut model, spec.depth, batch)
}

/// One backward pass of an existing model on `batch`.
pub fn measure_model(model: &mut Model, depth: usize, batch: &Digits) -> Result<Measured, String> {
    let x = batch_tensor(&batch.x, batch.len()).map_err(|e| e.to_string())?;
    let out = model
        .loss_and_grads(&x, &batch.labels, false)
        .map_err(|e| e.to_string())?;
    let norms = hidden_norms(model, depth);
    if !out.loss.is_finite() || norms.iter().any(|v| !v.is_finite()) {
        return Err("diverged: the loss or a gradient is not a finite number".into());
    }
    let r = ratio(&norms).ok_or_else(|| {
        "the last layer's gradient is exactly 0 (every unit is dead), so the ratio is undefined"
            .to_string()
    })?;
    Ok(Measured {
        norms,
        loss: out.loss,
        ratio: r,
    })
}

/// A loss above this counts as diverged (see [`GradWatch::step`]).
pub const DIVERGED_LOSS: f32 = 50.0;

/// A net trained step by step with SGD, recording every step's per-layer gradient norms (the
/// heat map: layers x steps). Deterministic from the seed.
#[derive(Debug, Clone)]
pub struct GradWatch {
    pub spec: NetSpec,
    model: Model,
    opt: Optimizer,
    data: Digits,
    batch: usize,
    cursor: usize,
    /// One row per step taken: the norms, first layer first.
    pub rows: Vec<Vec<f64>>,
    pub losses: Vec<f32>,
    /// Set when a step produced a non-finite loss or gradient; no further steps run.
    pub diverged: bool,
}

impl GradWatch {
    /// `data` is cycled in order in batches of `batch`; learning rate `lr`.
    pub fn new(
        spec: NetSpec,
        seed: u64,
        data: Digits,
        batch: usize,
        lr: f32,
    ) -> Result<Self, String> {
        if data.len() < batch || batch == 0 {
            return Err(format!("need at least {batch} digits, have {}", data.len()));
        }
        Ok(GradWatch {
            model: build(&spec, seed).map_err(|e| e.to_string())?,
            spec,
            opt: Optimizer::new(OptimizerConfig::sgd(lr)),
            data,
            batch,
            cursor: 0,
            rows: Vec::new(),
            losses: Vec::new(),
            diverged: false,
        })
    }

    /// One SGD step; records the norms measured in its backward pass (before the update).
    pub fn step(&mut self) -> Result<(), String> {
        if self.diverged {
            return Err("diverged".into());
        }
        let n = self.data.len();
        let idx: Vec<usize> = (0..self.batch).map(|k| (self.cursor + k) % n).collect();
        self.cursor = (self.cursor + self.batch) % n;
        let (x, labels) = self.data.batch(&idx);
        let xb = Digits { x, labels };
        match measure_model(&mut self.model, self.spec.depth, &xb) {
            // Cross-entropy over 10 classes starts near ln 10 = 2.3; above 50 the net gives the
            // right digit a probability below e^-50: the step size threw it off, call it diverged.
            Ok(m) if m.loss > DIVERGED_LOSS => {
                self.diverged = true;
                Err(format!("diverged: the loss reached {:.3e}", m.loss))
            }
            Ok(m) => {
                self.rows.push(m.norms);
                self.losses.push(m.loss);
                self.opt.step(&mut self.model.params_mut());
                Ok(())
            }
            Err(e) => {
                self.diverged = true;
                Err(e)
            }
        }
    }
}

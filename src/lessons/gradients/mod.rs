//! Sections 11-12 of the lecture: vanishing gradients, the shortcut's `+1`, and the degradation
//! problem. Pure (no UI imports), tested natively.
//!
//! - this file: the three activations with `f` and `f'`, the scalar chain `f_n(...f_1(x))` whose
//!   derivative `dx_n/dx_1` is a product of per-layer factors (with and without `+x` shortcuts),
//!   and MNIST digits prepared as small vectors for the MLPs;
//! - [`measure`]: real deep MLPs built from a spec, backprop once on a real batch, per-layer
//!   gradient norms and `grad-ratio`; and a few training steps recording the norms (heat map);
//! - [`degradation`]: He et al. (2016) Fig. 1 at browser scale, a deterministic time-sliced
//!   scheduler training a shallow plain, a deep plain and a deep residual net side by side.

pub mod degradation;
pub mod measure;
pub mod state;
pub mod text;

use crate::data::mnist::MnistShard;
use crate::engine::ops::Activation;

pub use degradation::{Degradation, DegradationConfig, RunCurve, RunPoint};
pub use measure::{measure, net_config, GradWatch, Measured, NetSpec};
pub use state::{DegradationState, VanishingState};

crate::choice_enum! {
    /// The activations the lesson compares.
    pub enum Act { Sigmoid = "sigmoid", Tanh = "tanh", Relu = "relu" }
}

impl Act {
    /// From the URL name (`sigmoid`, `tanh`, `relu`).
    pub fn parse(name: &str) -> Option<Act> {
        Act::from_id(name)
    }
    pub fn name(self) -> &'static str {
        self.id()
    }
    /// The engine's activation (the measured nets use exactly this `f` and `f'`).
    pub fn engine(self) -> Activation {
        match self {
            Act::Sigmoid => Activation::Sigmoid,
            Act::Tanh => Activation::Tanh,
            Act::Relu => Activation::Relu,
        }
    }
    /// `f(x)`.
    pub fn f(self, x: f64) -> f64 {
        f64::from(self.engine().f(x as f32))
    }
    /// `f'(x)` (the engine's `df` takes `y = f(x)`).
    pub fn df(self, x: f64) -> f64 {
        let e = self.engine();
        f64::from(e.df(e.f(x as f32)))
    }
    /// `max_x f'(x)`: 0.25 for the sigmoid (at 0, since σ' = σ(1-σ) <= 1/4), 1 for tanh (at 0)
    /// and for ReLU (for every x > 0).
    pub fn max_derivative(self) -> f64 {
        match self {
            Act::Sigmoid => 0.25,
            Act::Tanh | Act::Relu => 1.0,
        }
    }
}

/// `(x, f(x), f'(x))` at `n` points evenly spaced over `lo..=hi` (for the plot).
pub fn curve(act: Act, lo: f64, hi: f64, n: usize) -> Vec<(f64, f64, f64)> {
    let n = n.max(2);
    (0..n)
        .map(|i| {
            let x = lo + (hi - lo) * i as f64 / (n - 1) as f64;
            (x, act.f(x), act.df(x))
        })
        .collect()
}

/// One layer of the scalar chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainLink {
    /// Layer number, 1-based.
    pub layer: usize,
    /// `x_k`.
    pub x: f64,
    /// `dx_k / dx_{k-1}`: `f'(x_{k-1})`, plus 1 with a shortcut.
    pub factor: f64,
    /// `dx_k / dx_0`: the product of the factors so far.
    pub product: f64,
}

/// The chain `x_k = f(x_{k-1})` (or `f(x_{k-1}) + x_{k-1}` with a shortcut) from `x0`, `depth`
/// layers, unit weights as on the slide. By the chain rule `dx_n/dx_0 = Π_k f'(x_{k-1})`; with
/// the shortcut each factor is `f'(x_{k-1}) + 1`, which is never below 1.
pub fn chain(act: Act, depth: usize, x0: f64, shortcut: bool) -> Vec<ChainLink> {
    let mut x = x0;
    let mut product = 1.0;
    (1..=depth)
        .map(|layer| {
            let skip = if shortcut { 1.0 } else { 0.0 };
            let factor = act.df(x) + skip;
            x = act.f(x) + skip * x;
            product *= factor;
            ChainLink {
                layer,
                x,
                factor,
                product,
            }
        })
        .collect()
}

/// Digits in the measured batch.
pub const GRAD_BATCH: usize = 64;

/// The chain's starting value: 1, a typical normalised input.
pub const CHAIN_X0: f64 = 1.0;

/// Side of the digits the lesson nets see: MNIST 28x28 averaged over 2x2 blocks.
pub const DIGIT_SIDE: usize = 14;
/// Inputs per digit (14 x 14).
pub const DIGIT_INPUTS: usize = DIGIT_SIDE * DIGIT_SIDE;

/// MNIST digits (or Fashion-MNIST images) as `n x 196` vectors (2x2-averaged, then mean 0 /
/// std 1 over the pixels with the data set's own constants) and their labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Digits {
    pub x: Vec<f32>,
    pub labels: Vec<usize>,
}

impl Digits {
    /// The images `indices` of `shard`, a shard of `data` (28x28 images; other sizes are
    /// rejected).
    pub fn from_shard(
        data: crate::data::Dataset,
        shard: &MnistShard,
        indices: &[usize],
    ) -> Result<Digits, String> {
        let norm = data.normalization();
        if shard.rows != 2 * DIGIT_SIDE || shard.cols != 2 * DIGIT_SIDE {
            return Err(format!(
                "expected 28x28 {} images, got {}x{}",
                data.name(),
                shard.rows,
                shard.cols
            ));
        }
        let mut out = Digits {
            x: Vec::with_capacity(indices.len() * DIGIT_INPUTS),
            labels: Vec::with_capacity(indices.len()),
        };
        for &i in indices {
            let img = shard
                .image(i)
                .ok_or_else(|| format!("image {i} is outside the shard of {}", shard.len()))?;
            for r in 0..DIGIT_SIDE {
                for c in 0..DIGIT_SIDE {
                    let at = |dr: usize, dc: usize| {
                        f32::from(img[(2 * r + dr) * 2 * DIGIT_SIDE + 2 * c + dc])
                    };
                    let v = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / (4.0 * 255.0);
                    out.x.push(norm.apply(v));
                }
            }
            out.labels.push(usize::from(shard.labels[i]));
        }
        Ok(out)
    }

    /// The first `n` images of `shard`, a shard of `data`.
    pub fn first(
        data: crate::data::Dataset,
        shard: &MnistShard,
        n: usize,
    ) -> Result<Digits, String> {
        let idx: Vec<usize> = (0..n.min(shard.len())).collect();
        Digits::from_shard(data, shard, &idx)
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Rows `idx` as a `[k, 196]` batch and their labels.
    pub fn batch(&self, idx: &[usize]) -> (Vec<f32>, Vec<usize>) {
        let mut x = Vec::with_capacity(idx.len() * DIGIT_INPUTS);
        for &i in idx {
            x.extend_from_slice(&self.x[i * DIGIT_INPUTS..(i + 1) * DIGIT_INPUTS]);
        }
        (x, idx.iter().map(|&i| self.labels[i]).collect())
    }

    /// Seeded random "digits" (Gaussian pixels, labels 0..9) for tests without the MNIST files.
    pub fn synthetic(n: usize, seed: u64) -> Digits {
        let mut rng = crate::engine::Rng::new(seed);
        Digits {
            x: (0..n * DIGIT_INPUTS).map(|_| rng.normal()).collect(),
            labels: (0..n).map(|_| rng.below(10)).collect(),
        }
    }
}

/// Formats a positive number for labels: `3.2e-7`, `0.045`, `12.5`.
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e4).contains(&a) {
        format!("{v:.1e}")
    } else if a < 1.0 {
        format!("{v:.3}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests;

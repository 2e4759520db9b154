//! Trainable parameters and initialisers.

use super::config::Init;
use crate::engine::rng::Rng;
use crate::engine::tensor::{self, Tensor};

/// A trainable tensor with its gradient. `version` changes whenever the value changes, so layers
/// can cache packed copies of their weights (inference does not repack per call).
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    value: Tensor,
    pub grad: Tensor,
    /// 0/1 mask (connection table): masked entries stay 0 and get no gradient.
    pub mask: Option<Vec<f32>>,
    /// Weight decay applies (weights yes, biases and LeNet coefficients no).
    pub decay: bool,
    version: u64,
}

impl Param {
    pub fn new(name: impl Into<String>, value: Tensor, decay: bool) -> Self {
        let grad = tensor::zeros(value.shape());
        Param {
            name: name.into(),
            value,
            grad,
            mask: None,
            decay,
            version: 0,
        }
    }
    pub fn value(&self) -> &Tensor {
        &self.value
    }
    /// Mutable access; bumps the version (invalidating cached packed weights).
    pub fn value_mut(&mut self) -> &mut Tensor {
        self.version += 1;
        &mut self.value
    }
    pub fn version(&self) -> u64 {
        self.version
    }
    pub fn len(&self) -> usize {
        self.value.len()
    }
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
    /// Entries that are trained (mask ones).
    pub fn trainable(&self) -> usize {
        self.mask
            .as_ref()
            .map_or(self.len(), |m| m.iter().filter(|&&v| v != 0.0).count())
    }
    /// `(value, grad, mask)` for optimisers, in one borrow; bumps the version.
    pub(crate) fn parts(&mut self) -> (&mut [f32], &[f32], Option<&[f32]>) {
        self.version += 1;
        let grad = self.grad.as_slice().expect("standard layout");
        (
            tensor::data_mut(&mut self.value),
            grad,
            self.mask.as_deref(),
        )
    }
    /// Zero the masked entries of the gradient.
    pub(crate) fn mask_grad(&mut self) {
        if let Some(m) = &self.mask {
            for (g, &k) in tensor::data_mut(&mut self.grad).iter_mut().zip(m) {
                *g *= k;
            }
        }
    }
    pub(crate) fn set_mask(&mut self, mask: Vec<f32>) {
        for (v, &k) in tensor::data_mut(&mut self.value).iter_mut().zip(&mask) {
            *v *= k;
        }
        self.mask = Some(mask);
        self.version += 1;
    }
}

/// Draw `n` initial weights; `fan_in(i)` gives the fan-in of entry `i` (per-map for tables).
pub fn init_values(
    init: Init,
    n: usize,
    fan_in: impl Fn(usize) -> usize,
    fan_out: usize,
    rng: &mut Rng,
) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let fi = fan_in(i).max(1) as f32;
            match init {
                Init::Lecun => rng.normal() * (1.0 / fi).sqrt(),
                Init::He => rng.normal() * (2.0 / fi).sqrt(),
                Init::Xavier => {
                    let l = (6.0 / (fi + fan_out as f32)).sqrt();
                    rng.uniform_range(-l, l)
                }
                Init::Lenet98 => rng.uniform_range(-2.4 / fi, 2.4 / fi),
            }
        })
        .collect()
}

//! The contrast: a seeded dense layer, whose output does not move with its input.

use super::{EquivarianceError, SplitMix64};
use ndarray::Array2;

/// A dense layer `y = W x` with seeded weights uniform in [-1, 1) / sqrt(n_in).
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    /// `n_out x n_in`.
    pub weights: Array2<f32>,
}

impl Dense {
    pub fn random(seed: u64, n_in: usize, n_out: usize) -> Self {
        let mut rng = SplitMix64::new(seed ^ 0xDE45_E000);
        let scale = 1.0 / (n_in.max(1) as f32).sqrt();
        Self {
            weights: Array2::from_shape_fn((n_out, n_in), |_| rng.uniform_range(-1.0, 1.0) * scale),
        }
    }

    /// `y_i = sum_j W_ij x_j`; an error if `x` has the wrong length.
    pub fn apply(&self, x: &[f32]) -> Result<Vec<f32>, EquivarianceError> {
        let (n_out, n_in) = self.weights.dim();
        if x.len() != n_in {
            let (got, expected) = (x.len(), n_in);
            let msg = format!("the dense layer takes {expected} inputs, got {got}");
            return Err(EquivarianceError::Op(msg));
        }
        Ok((0..n_out)
            .map(|i| (0..n_in).map(|j| self.weights[(i, j)] * x[j]).sum())
            .collect())
    }
}

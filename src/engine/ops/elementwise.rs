//! Trivial ops: residual add and flatten.
//!
//! - `add(a, b) = a + b` (same shape; the residual connection). Backward: both get `dy`.
//! - `flatten`: `[n, d1, d2, ...]` -> `[n, d1·d2·...]` in row-major (NHWC: h, w, c) order.
//!   Backward: reshape `dy` back.

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};

/// `a + b`, a typed error if the shapes differ.
pub fn add(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.shape() != b.shape() {
        return Err(EngineError::shape(
            "residual_add",
            "operands differ in shape (use a 1x1 projection)",
            format!("{} + {}", fmt_shape(a.shape()), fmt_shape(b.shape())),
        ));
    }
    Ok(a + b)
}

/// `[n, ...]` -> `[n, features]`.
pub fn flatten(x: &Tensor) -> Result<Tensor> {
    if x.ndim() == 0 {
        return Err(EngineError::shape(
            "flatten",
            "needs a batch dimension",
            fmt_shape(x.shape()),
        ));
    }
    let n = x.shape()[0];
    let f: usize = x.shape()[1..].iter().product();
    tensor::from_vec(&[n, f], tensor::data(x).into_owned())
}

/// Reshape the gradient of `flatten` back to `x_shape`.
pub fn flatten_backward(dy: &Tensor, x_shape: &[usize]) -> Result<Tensor> {
    tensor::from_vec(x_shape, tensor::data(dy).into_owned())
}

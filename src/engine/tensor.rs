//! Tensors are `ndarray::ArrayD<f32>` in standard (row-major) layout. Images are NHWC
//! (batch, height, width, channels); conv weights are HWIO (kh, kw, in, out); dense weights are
//! (in, out). See the module docs of [`crate::engine`] for why NHWC.

use super::error::{EngineError, Result};
use ndarray::{ArrayD, IxDyn};
use std::borrow::Cow;

/// The engine's tensor: a dynamic-rank, row-major `f32` array.
pub type Tensor = ArrayD<f32>;

/// A zero tensor of the given shape.
pub fn zeros(shape: &[usize]) -> Tensor {
    ArrayD::zeros(IxDyn(shape))
}

/// A tensor from a shape and its row-major data; a typed error if the lengths disagree.
pub fn from_vec(shape: &[usize], data: Vec<f32>) -> Result<Tensor> {
    let n: usize = shape.iter().product();
    if n != data.len() {
        return Err(EngineError::shape(
            "tensor",
            format!("{} values for {} elements", data.len(), n),
            format!("{shape:?}"),
        ));
    }
    ArrayD::from_shape_vec(IxDyn(shape), data)
        .map_err(|e| EngineError::shape("tensor", e.to_string(), format!("{shape:?}")))
}

/// The row-major contents of `t`, borrowed when `t` is already in standard layout.
pub fn data(t: &Tensor) -> Cow<'_, [f32]> {
    match t.as_slice() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(t.iter().copied().collect()),
    }
}

/// Mutable row-major contents. Tensors made by the engine are always standard layout.
pub(crate) fn data_mut(t: &mut Tensor) -> &mut [f32] {
    if t.as_slice().is_none() {
        *t = t.as_standard_layout().into_owned();
    }
    t.as_slice_mut().expect("standard layout")
}

/// Reshape `t` to `shape`, reusing its allocation when the element count already fits.
/// Contents are unspecified afterwards (callers overwrite them).
pub(crate) fn ensure(t: &mut Tensor, shape: &[usize]) {
    if t.shape() == shape {
        return;
    }
    let n: usize = shape.iter().product();
    let mut v = std::mem::take(t).into_raw_vec_and_offset().0;
    v.resize(n, 0.0);
    *t = ArrayD::from_shape_vec(IxDyn(shape), v).expect("length checked");
}

/// "[2, 3, 4]" style rendering for error messages.
pub(crate) fn fmt_shape(s: &[usize]) -> String {
    format!("{s:?}")
}

/// Squared L2 norm of a slice (f64 accumulation for stable lesson figures).
pub fn norm(xs: &[f32]) -> f64 {
    xs.iter()
        .map(|&x| (x as f64) * (x as f64))
        .sum::<f64>()
        .sqrt()
}

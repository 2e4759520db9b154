//! The 2-D comparison: a square-kernel convolution on an image against a shift along both axes.

use super::{interior, shift_2d, EquivarianceError};
use ndarray::Array2;
use std::fmt::Display;
use std::ops::Range;

/// `op(shift(x))` next to `shift(op(x))` for a 2-D operation (an image in, a map out).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison2d {
    pub shifted_input: Array2<f32>,
    pub op_of_shifted: Array2<f32>,
    pub shifted_op: Array2<f32>,
    pub difference: Array2<f32>,
    /// Rows and columns of the interior ([`super::interior`], once per axis), clipped to the
    /// output.
    pub interior: (Range<usize>, Range<usize>),
    pub max_abs_interior: f32,
    pub max_abs_all: f32,
}

/// 2-D version of [`super::conv_equivariance_1d`]: square kernel `k`, padding `p`, stride 1, shift
/// (dx, dy). `conv` maps an image to its feature map.
pub fn conv_equivariance_2d<E: Display>(
    x: &Array2<f32>,
    k: usize,
    p: usize,
    dx: i64,
    dy: i64,
    conv: impl Fn(&Array2<f32>) -> Result<Array2<f32>, E>,
) -> Result<Comparison2d, EquivarianceError> {
    let (h, w) = x.dim();
    if h == 0 || w == 0 {
        return Err(EquivarianceError::EmptyInput);
    }
    let n = h.min(w);
    if k == 0 || k > n + 2 * p {
        return Err(EquivarianceError::KernelTooLarge { n, k, p });
    }
    let err = |e: E| EquivarianceError::Op(e.to_string());
    let shifted_input = shift_2d(x, dx, dy);
    let op_of_shifted = conv(&shifted_input).map_err(err)?;
    let shifted_op = shift_2d(&conv(x).map_err(err)?, dx, dy);
    let expected = (h + 2 * p + 1 - k, w + 2 * p + 1 - k);
    if op_of_shifted.dim() != expected || shifted_op.dim() != expected {
        let (got, expected) = (op_of_shifted.len(), expected.0 * expected.1);
        return Err(EquivarianceError::OutputLength {
            got,
            expected,
            n,
            k,
            p,
        });
    }
    let difference = &op_of_shifted - &shifted_op;
    let clip = |r: Range<usize>, len: usize| r.start.min(len)..r.end.min(len);
    let rows = clip(interior(h, k, p, dy), expected.0);
    let cols = clip(interior(w, k, p, dx), expected.1);
    let max_abs = |d: ndarray::ArrayView2<f32>| d.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let inner = difference.slice(ndarray::s![rows.clone(), cols.clone()]);
    Ok(Comparison2d {
        max_abs_interior: max_abs(inner),
        max_abs_all: max_abs(difference.view()),
        interior: (rows, cols),
        shifted_input,
        op_of_shifted,
        shifted_op,
        difference,
    })
}

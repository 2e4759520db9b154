//! The 1-D comparison: a reference cross-correlation, and `op(shift(x))` against `shift(op(x))`
//! for any position-to-position operation, with the conv case checked for its output length.

use super::{interior, shift_1d, EquivarianceError};
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::ops::Range;

/// Plain cross-correlation, stride 1, `p` zeros each side: `y_j = sum_t w_t x_(j - p + t)`.
pub fn conv1d(x: &[f32], w: &[f32], p: usize) -> Result<Vec<f32>, EquivarianceError> {
    let (n, k) = (x.len(), w.len());
    if n == 0 {
        return Err(EquivarianceError::EmptyInput);
    }
    if k == 0 || k > n + 2 * p {
        return Err(EquivarianceError::KernelTooLarge { n, k, p });
    }
    let at = |i: i64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| x.get(i))
            .copied()
            .unwrap_or(0.0)
    };
    Ok((0..n + 2 * p + 1 - k)
        .map(|j| (0..k).map(|t| w[t] * at((j + t) as i64 - p as i64)).sum())
        .collect())
}

/// `op(shift(x))` next to `shift(op(x))` for a 1-D operation that maps position to position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison1d {
    pub shifted_input: Vec<f32>,
    /// op(shift(x)).
    pub op_of_shifted: Vec<f32>,
    /// shift(op(x)).
    pub shifted_op: Vec<f32>,
    /// op_of_shifted - shifted_op.
    pub difference: Vec<f32>,
    /// Output positions where equivariance must hold exactly (for a conv); clipped to the output.
    pub interior: Range<usize>,
    /// figure `equivariance-error` max |difference| over the interior (0 if it is empty).
    pub max_abs_interior: f32,
    pub max_abs_all: f32,
}

/// Runs `op` on `x` and on `shift(x, t)` and compares, over `interior`.
pub fn compare_1d<E: Display>(
    x: &[f32],
    t: i64,
    interior: Range<usize>,
    op: impl Fn(&[f32]) -> Result<Vec<f32>, E>,
) -> Result<Comparison1d, EquivarianceError> {
    let err = |e: E| EquivarianceError::Op(e.to_string());
    let shifted_input = shift_1d(x, t);
    let op_of_shifted = op(&shifted_input).map_err(err)?;
    let shifted_op = shift_1d(&op(x).map_err(err)?, t);
    let difference: Vec<f32> = op_of_shifted
        .iter()
        .zip(&shifted_op)
        .map(|(a, b)| a - b)
        .collect();
    let len = difference.len();
    let interior = interior.start.min(len)..interior.end.min(len);
    let max_abs = |d: &[f32]| d.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    Ok(Comparison1d {
        max_abs_interior: max_abs(&difference[interior.clone()]),
        max_abs_all: max_abs(&difference),
        shifted_input,
        op_of_shifted,
        shifted_op,
        difference,
        interior,
    })
}

/// The conv side of the page: `conv` is any stride-1 convolution with kernel size `k` and
/// padding `p` (the engine's, or [`conv1d`]); its output length is checked.
pub fn conv_equivariance_1d<E: Display>(
    x: &[f32],
    k: usize,
    p: usize,
    t: i64,
    conv: impl Fn(&[f32]) -> Result<Vec<f32>, E>,
) -> Result<Comparison1d, EquivarianceError> {
    let n = x.len();
    if n == 0 {
        return Err(EquivarianceError::EmptyInput);
    }
    if k == 0 || k > n + 2 * p {
        return Err(EquivarianceError::KernelTooLarge { n, k, p });
    }
    let expected = n + 2 * p + 1 - k;
    let c = compare_1d(x, t, interior(n, k, p, t), conv)?;
    if c.op_of_shifted.len() != expected {
        let got = c.op_of_shifted.len();
        return Err(EquivarianceError::OutputLength {
            got,
            expected,
            n,
            k,
            p,
        });
    }
    Ok(c)
}

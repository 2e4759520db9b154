//! Equivariance to translation (lecture section 2, page `/equivariance`): shifting the input of a
//! convolution shifts its output, `conv(shift(x)) = shift(conv(x))`; a dense layer has no such
//! property (Goodfellow et al., *Deep Learning*, 2016, section 9.2).
//!
//! # What "away from the borders" means, exactly
//! `shift(x, t)[i] = x[i - t]`, zero where `i - t` falls outside the signal (`t > 0` moves right).
//! With kernel `k`, zero padding `p` and stride 1, output `j` reads input positions
//! `j - p .. j - p + k - 1`. On the shifted signal, only positions in
//! `max(t, 0) .. min(n, n + t) - 1` hold moved data; the rest is the zero fill or padding. The
//! *interior* is every output whose window lies entirely inside that range:
//!
//! ```text
//! interior = [p + max(t, 0),  min(n, n + t) - k + p + 1)      (empty if |t| is too large)
//! ```
//!
//! There both sides compute the same products of the same numbers in the same order, so the
//! difference is exactly 0 (not merely small). Outside it, values that were shifted out of the
//! frame are missing on one side, and the difference need not be 0.
//!
//! All convolutions here are cross-correlations, as in deep-learning frameworks. The operation
//! under test is passed in as a closure, so the page can hand over the engine's kernels.

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::ops::Range;
use thiserror::Error;

/// Length of the demo signal and side of the demo image.
pub const SIGNAL_LEN: usize = 32;
pub const IMAGE_SIZE: usize = 16;
/// The demo's 1-D kernel: a centred difference, `y_j = x_(j+1) - x_(j-1)` (padding 1).
pub const KERNEL_1D: [f32; 3] = [-1.0, 0.0, 1.0];
/// The demo's 2-D kernel: a Laplacian-style blob/edge detector (padding 1).
pub const KERNEL_2D: [f32; 9] = [0.0, -1.0, 0.0, -1.0, 4.0, -1.0, 0.0, -1.0, 0.0];

/// Page state of `/equivariance`: `shift` (columns, positive = right), `dy` (rows of the 2-D
/// shift, positive = down), `seed` for the signal, image and dense weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EquivarianceParams {
    pub shift: i64,
    pub dy: i64,
    pub seed: u64,
}

impl Default for EquivarianceParams {
    fn default() -> Self {
        Self {
            shift: 2,
            dy: 1,
            seed: 10,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EquivarianceError {
    #[error("the input is empty")]
    EmptyInput,
    #[error("the kernel (k = {k}) is longer than the padded input (n + 2p = {n} + 2 x {p})")]
    KernelTooLarge { n: usize, k: usize, p: usize },
    #[error(
        "the convolution returned {got} values; with n = {n}, k = {k}, p = {p} and stride 1 it \
         should return n + 2p - k + 1 = {expected}"
    )]
    OutputLength {
        got: usize,
        expected: usize,
        n: usize,
        k: usize,
        p: usize,
    },
    #[error("the operation failed: {0}")]
    Op(String),
}

/// The engine's seeded SplitMix64 (`engine::Rng`): one generator, so a seed means the same
/// stream in every lesson.
pub use crate::engine::Rng as SplitMix64;

/// A bump of height `h` and half-width `w` at `c`: `h / (1 + ((i - c) / w)^2)`. Rational on
/// purpose: no `exp`, whose last bit may differ between native and wasm libm.
fn bump(i: f32, c: f32, w: f32, h: f32) -> f32 {
    let z = (i - c) / w;
    h / (1.0 + z * z)
}

/// A seeded 1-D signal of `n` values: three bumps of random position, width and sign.
pub fn signal_1d(seed: u64, n: usize) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    let bumps: Vec<(f32, f32, f32)> = (0..3)
        .map(|_| {
            let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            let (c, w) = (
                rng.uniform_range(0.0, n as f32),
                rng.uniform_range(1.0, 3.0),
            );
            (c, w, sign * rng.uniform_range(0.4, 1.0))
        })
        .collect();
    (0..n)
        .map(|i| bumps.iter().map(|&(c, w, h)| bump(i as f32, c, w, h)).sum())
        .collect()
}

/// A seeded `h x w` image: three bright blobs on a zero background (so the zero fill of a
/// shift looks like more background).
pub fn image_2d(seed: u64, h: usize, w: usize) -> Array2<f32> {
    let mut rng = SplitMix64::new(seed ^ 0x5EED_1A6E);
    let blobs: Vec<(f32, f32, f32, f32)> = (0..3)
        .map(|_| {
            let (r, c) = (
                rng.uniform_range(2.0, h as f32 - 2.0),
                rng.uniform_range(2.0, w as f32 - 2.0),
            );
            (
                r,
                c,
                rng.uniform_range(1.0, 2.5),
                rng.uniform_range(0.5, 1.0),
            )
        })
        .collect();
    Array2::from_shape_fn((h, w), |(i, j)| {
        let v: f32 = blobs
            .iter()
            .map(|&(r, c, s, a)| bump(i as f32, r, s, a) * bump(j as f32, c, s, 1.0))
            .sum();
        // Clear the faint tails so the background really is 0.
        if v < 0.05 {
            0.0
        } else {
            v.min(1.0)
        }
    })
}

/// `y[i] = x[i - t]`, zero where `i - t` is outside (t > 0: right).
pub fn shift_1d(x: &[f32], t: i64) -> Vec<f32> {
    (0..x.len() as i64)
        .map(|i| {
            i.checked_sub(t)
                .and_then(|j| usize::try_from(j).ok())
                .and_then(|j| x.get(j))
                .copied()
                .unwrap_or(0.0)
        })
        .collect()
}

/// `y[r, c] = x[r - dy, c - dx]`, zero-filled (dx > 0: right, dy > 0: down).
pub fn shift_2d(x: &Array2<f32>, dx: i64, dy: i64) -> Array2<f32> {
    Array2::from_shape_fn(x.dim(), |(r, c)| {
        let from = |i: usize, t: i64| {
            (i as i64)
                .checked_sub(t)
                .and_then(|v| usize::try_from(v).ok())
        };
        match (from(r, dy), from(c, dx)) {
            (Some(sr), Some(sc)) => x.get((sr, sc)).copied().unwrap_or(0.0),
            _ => 0.0,
        }
    })
}

/// The interior for `n` inputs, kernel `k`, padding `p`, shift `t` (see the module docs).
/// Empty (`start == end`) when no window escapes the fill.
pub fn interior(n: usize, k: usize, p: usize, t: i64) -> Range<usize> {
    let lo = (p as i64).saturating_add(t.max(0));
    let hi = (n as i64)
        .saturating_add(t.min(0))
        .saturating_sub(k as i64)
        .saturating_add(p as i64 + 1);
    let lo = lo.clamp(0, i64::from(u32::MAX)) as usize;
    lo..(hi.max(lo as i64) as usize)
}

/// Which outputs of conv(shift(x)) and shift(conv(x)) differ, exactly, for a kernel whose
/// weights are all non-zero and a signal without zeros: output `j` differs when one of its `k`
/// products reads moved data on one side and a zero (shift fill or padding) on the other.
/// Both sides read `x[j - p + tau - t]` or 0, so this is decided term by term, without numbers.
pub fn changed_outputs(n: usize, k: usize, p: usize, t: i64) -> Vec<usize> {
    let m = (n + 2 * p + 1).saturating_sub(k);
    let (n, p) = (n as i64, p as i64);
    let inside = |i: i64| (0..n).contains(&i);
    (0..m)
        .filter(|&j| {
            let j = j as i64;
            (0..k as i64).any(|tau| {
                let i = j - p + tau;
                // conv(shift(x)): shifted position i holds x[i - t] if both are in the frame.
                let a = inside(i) && inside(i - t);
                // shift(conv(x)): output j - t of conv(x) (fill if outside), which reads x[i - t].
                let b = (0..m as i64).contains(&(j - t)) && inside(i - t);
                a != b
            })
        })
        .collect()
}

/// Consecutive runs of sorted indices, as inclusive `(first, last)` pairs.
pub fn runs(v: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in v {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == i => *last = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// The answer's sentence on which outputs change, for the page's kernel, padding and shift
/// (computed by [`changed_outputs`]), and the general rule.
pub fn border_sentence(n: usize, k: usize, p: usize, t: i64) -> String {
    let m = (n + 2 * p + 1).saturating_sub(k);
    let changed = changed_outputs(n, k, p, t);
    let list: Vec<String> = runs(&changed)
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                format!("{a}")
            } else {
                format!("{a} to {b}")
            }
        })
        .collect();
    let here = if changed.is_empty() {
        format!("With k = {k}, p = {p} and a shift of {t}, none of the {m} outputs changes.")
    } else {
        format!(
            "With k = {k}, p = {p} and a shift of {t}, {} of the {m} outputs (numbered 0 to {}) \
             differ: {}; all others agree exactly.",
            changed.len(),
            m.saturating_sub(1),
            list.join(" and ")
        )
    };
    format!(
        "{here} The band depends on the shift and the padding: for a shift t > 0 (right), the \
         outputs that differ are the min(t, k - 1 - p) just before position t, whose window \
         already reaches moved data while shift(conv(x)) is still zero fill, and the last p, \
         where the padding stands in for data that moved out of the frame; a shift to the left is \
         the mirror image (the first p, and min(|t|, k - 1 - p) at the right end)."
    )
}

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

/// `op(shift(x))` next to `shift(op(x))` for a 2-D operation (an image in, a map out).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison2d {
    pub shifted_input: Array2<f32>,
    pub op_of_shifted: Array2<f32>,
    pub shifted_op: Array2<f32>,
    pub difference: Array2<f32>,
    /// Rows and columns of the interior (module docs, once per axis), clipped to the output.
    pub interior: (Range<usize>, Range<usize>),
    pub max_abs_interior: f32,
    pub max_abs_all: f32,
}

/// 2-D version of [`conv_equivariance_1d`]: square kernel `k`, padding `p`, stride 1, shift
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

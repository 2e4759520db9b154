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
//!
//! # Where things are
//! - `demo`: the seeded signal and image; `shift`: the zero-filled shifts.
//! - `border`: which outputs may differ ([`interior`]) and which do ([`changed_outputs`]).
//! - `one_d`, `two_d`: `op(shift(x))` against `shift(op(x))` ([`Comparison1d`], [`Comparison2d`]).
//! - `dense`: the contrast, a dense layer ([`Dense`]).

mod border;
mod demo;
mod dense;
mod one_d;
mod shift;
mod two_d;

pub use border::{border_sentence, changed_outputs, interior, runs};
pub use demo::{image_2d, signal_1d};
pub use dense::Dense;
pub use one_d::{compare_1d, conv1d, conv_equivariance_1d, Comparison1d};
pub use shift::{shift_1d, shift_2d};
pub use two_d::{conv_equivariance_2d, Comparison2d};

use serde::{Deserialize, Serialize};
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

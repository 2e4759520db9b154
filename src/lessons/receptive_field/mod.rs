//! Receptive fields grow with depth (lecture section 4, page `/receptive-field`).
//!
//! A 1-D stack of layers over an input row of width `n`; layer `l` (1-based) has kernel `k_l`,
//! stride `s_l`, dilation `d_l` and `p_l` zeros of padding per side.
//!
//! # Formulas
//! Width of layer `l` (Dumoulin & Visin 2016, relationship 15, with dilation):
//! `w_l = floor((w_(l-1) + 2 p_l - d_l (k_l - 1) - 1) / s_l) + 1`, `w_0 = n`.
//!
//! Unit `j` of layer `l` reads positions `j s_l - p_l + t d_l` (`t = 0..k_l-1`) of layer `l-1`,
//! so an interval `[a, b]` of layer `l` back-projects to
//! `[a s_l - p_l, b s_l - p_l + d_l (k_l - 1)]`.
//! Its size, counting positions in padding, obeys the recurrence (Araujo, Norris & Sim,
//! "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019, eq. 2, with the
//! dilated kernel `d (k - 1) + 1` of Yu & Koltun 2016):
//!
//! ```text
//! r_0 = 1,  r_l = r_(l-1) + (k_l - 1) d_l prod(s_1 .. s_(l-1))
//! ```
//!
//! `rf-start`/`rf-end` are that span clipped to `0..n-1`. The span is a hull: dilation, a stride
//! larger than the kernel, or padding can leave inputs inside it that no path reaches, so the
//! exact set of connected inputs ([`LayerField::exact`]) is given as well.
//!
//! # Where things are
//! - [`Stack`] (`stack`): a validated stack of [`Layer`]s and its widths.
//! - `field`: the field of one unit, per layer ([`Field`], [`LayerField`]) and on an image
//!   ([`Field2d`]).
//! - `sizes`: the recurrence, `r_l` per layer and written out with numbers.
//! - `vgg`: a stack of small kernels against one large kernel ([`StackVsOne`]).
//! - `lists`: the URL's comma lists; [`RfError`] (`error`): every refusal, in words.

mod error;
mod field;
mod lists;
mod sizes;
mod stack;
mod vgg;

pub use error::RfError;
pub use field::{Field, Field2d, LayerField};
pub use lists::{format_list, parse_list};
pub use stack::Stack;
pub use vgg::{vgg_design_text, StackVsOne};

use serde::{Deserialize, Serialize};

pub const MAX_LAYERS: usize = 8;
pub const MAX_INPUT: usize = 64;
/// Upper bound for any per-layer value (k, s, d, p): keeps a hand-edited URL from allocating.
pub const MAX_VALUE: usize = 64;
/// The recurrence, in symbols.
pub const RECURRENCE: &str = "r_l = r_(l-1) + (k_l - 1) * d_l * prod(s_1..s_(l-1))";

/// Page state of `/receptive-field`. Defaults: 16 inputs, three layers of kernel 3, stride 1,
/// dilation 1, padding 1; the selected top unit is 8 (centre).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RfParams {
    pub n: usize,
    pub k: Vec<usize>,
    pub s: Vec<usize>,
    pub d: Vec<usize>,
    pub p: Vec<usize>,
    /// Index of the selected unit in the top layer.
    pub unit: usize,
}

impl Default for RfParams {
    fn default() -> Self {
        Self {
            n: 16,
            k: vec![3; 3],
            s: vec![1; 3],
            d: vec![1; 3],
            p: vec![1; 3],
            unit: 8,
        }
    }
}

/// One layer's hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub k: usize,
    pub s: usize,
    pub d: usize,
    pub p: usize,
}

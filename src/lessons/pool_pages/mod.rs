//! URL state of `/pooling`, `/conv-layer` and `/seagull` (public URL contract: parameter names and the
//! slide's defaults), their cross-field rules, and the two free-text parameters (`values=`,
//! `kernel=`) that the generic [`Field`] kinds cannot express. Pure: tested natively.
//!
//! One submodule per page: `pooling` ([`PoolingState`], [`read_values`], [`active_changes`]),
//! `conv_layer` ([`ConvLayerState`], [`read_kernel`]) and `seagull` ([`SeagullState`]); the
//! field helpers they share stay here.

mod conv_layer;
mod pooling;
mod seagull;

pub use conv_layer::{read_kernel, ConvLayerState, DEFAULT_KERNEL, IMAGES};
pub use pooling::{active_changes, read_values, PoolingState, DIGIT_MAX, SHIFT_2D_MAX};
pub use seagull::SeagullState;

use super::pooling::PoolMode;
use crate::state::{Field, Kind};

const fn int(name: &'static str, default: i64, min: i64, max: i64) -> Field {
    Field::new(name, Kind::Int { default, min, max })
}

const MODES: &[&str] = &["max", "avg"];

/// The URL values of [`PoolMode`] (its serde names), as a choice field needs them.
const _: () = assert!(MODES.len() == PoolMode::ALL.len());

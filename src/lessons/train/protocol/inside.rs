//! What the worker reports about one unit (its weights and the test patches that excite it most)
//! and about one image's answer (saliency and occlusion maps).

use super::MapStack;
use crate::lessons::train::inside::UnitField;
use serde::{Deserialize, Serialize};

/// One unit of one layer: what feeds it and what excites it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitReport {
    /// The layer's name (`C3`) and the unit: map (or unit) index, row and column.
    pub layer: String,
    pub unit: usize,
    pub row: usize,
    pub col: usize,
    /// Training images seen by the weights it was computed from.
    pub images_seen: u64,
    /// The weights feeding the unit: a convolution's `kh x kw x in-channels` kernel, a fully
    /// connected unit's `1 x 1 x inputs` row; `None` for pooling (no weights).
    pub weights: Option<MapStack>,
    pub bias: Option<f32>,
    /// The test images where this unit's map responds most (at most one patch per image), the
    /// strongest first.
    pub top: Vec<TopPatch>,
}

/// A test patch: where in which image the unit's map responded how strongly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopPatch {
    pub index: usize,
    pub label: u8,
    pub value: f32,
    /// The strongest position in the map.
    pub row: usize,
    pub col: usize,
    /// Its receptive field on the network's input.
    pub field: UnitField,
    /// The field's grey levels from the padded input, `rows x cols`, row-major.
    pub pixels: Vec<u8>,
}

/// Why the network gave one image its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub index: usize,
    /// The class explained and the network's probability for it.
    pub class: usize,
    pub probability: f32,
    pub predicted: usize,
    pub images_seen: u64,
    /// ∂(class score)/∂(input pixel) over the 28x28 image (scores are the logits before the
    /// softmax; inputs the normalised pixels the network reads).
    pub saliency: Vec<f32>,
    /// The largest gradients checked against central finite differences of the score.
    pub checks: Vec<GradCheck>,
    pub occlusion: Occlusion,
}

/// One pixel's gradient and its finite-difference estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GradCheck {
    /// Row-major index in the 28x28 image.
    pub pixel: usize,
    pub grad: f32,
    pub finite_difference: f32,
}

/// The class probability with a grey patch over each place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occlusion {
    pub patch: usize,
    pub stride: usize,
    /// The patch's top-left offsets along each axis.
    pub offsets: Vec<usize>,
    /// The probability with the patch at `(offsets[i], offsets[j])`, row-major.
    pub probs: Vec<f32>,
    /// Per pixel of the 28x28 image: the mean drop in probability over the patches covering it.
    pub drop_map: Vec<f32>,
}

//! Inside the trained network: which layers the page opens, the receptive field of any unit on
//! the network's input (the receptive-field lesson's own math, run on the real layer stack), and
//! where a click on a tiled feature-map canvas lands. Pure: tested natively. The session computes
//! the figures that need the weights (`session::inside`: a unit's weights and its top test
//! patches; `session::explain`: saliency and occlusion).
//!
//! URL state ([`InsideParams`]): `image` (test image index), `layer` (`c1` ... `out`), `unit`
//! (the map or unit index in that layer), `row` and `col` (the unit's place in its map), `class`
//! (the class the saliency and occlusion maps explain; -1 = the predicted class), `occ` and
//! `occ_stride` (the occluding patch's side and step, in pixels).

mod grid;
mod layers;

pub use grid::TileGrid;
pub use layers::{inside_layers, InsideLayer, LayerKind, NetField, UnitField};

use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

crate::choice_enum! {
    /// The layer opened, by LeNet-5's names (C convolution, S subsampling / pooling, F fully
    /// connected; the 1998 paper's fifth layer is the convolution C5, the modern one's the fully
    /// connected F5), `out` for the class scores.
    pub enum LayerId { C1 = "c1", S2 = "s2", C3 = "c3", S4 = "s4", F5 = "f5", C5 = "c5", F6 = "f6", Out = "out" }
}

impl LayerId {
    /// Position in the network's layer list (`C1` = 0; C5 and F5 are both the fifth).
    pub fn position(self) -> usize {
        match self {
            LayerId::C1 => 0,
            LayerId::S2 => 1,
            LayerId::C3 => 2,
            LayerId::S4 => 3,
            LayerId::F5 | LayerId::C5 => 4,
            LayerId::F6 => 5,
            LayerId::Out => 6,
        }
    }
    /// The id of a layer of the network by its name (`C3` -> `c3`, `output` -> `out`).
    pub fn of_name(name: &str) -> Option<Self> {
        match name {
            "output" => Some(LayerId::Out),
            n => Self::from_id(&n.to_lowercase()),
        }
    }
}

/// Test images there are (both data sets).
pub const TEST_IMAGES: i64 = 10_000;
/// Patches the "what excites a unit" gallery shows (Zeiler & Fergus showed nine).
pub const TOP_PATCHES: usize = 9;
/// Side of the image the saliency and occlusion maps cover.
pub const IMAGE_SIDE: usize = 28;

/// The page state of the look inside `/train`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsideParams {
    pub image: i64,
    pub layer: LayerId,
    pub unit: i64,
    pub row: i64,
    pub col: i64,
    /// -1: the class the network predicts.
    pub class: i64,
    pub occ: i64,
    pub occ_stride: i64,
}

impl UrlState for InsideParams {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "image",
            Kind::Int {
                default: 0,
                min: 0,
                max: TEST_IMAGES - 1,
            },
        ),
        Field::new(
            "layer",
            Kind::Choice {
                default: "c1",
                options: LayerId::IDS,
            },
        ),
        Field::new(
            "unit",
            Kind::Int {
                default: 0,
                min: 0,
                max: 511,
            },
        ),
        Field::new(
            "row",
            Kind::Int {
                default: 12,
                min: 0,
                max: 63,
            },
        ),
        Field::new(
            "col",
            Kind::Int {
                default: 12,
                min: 0,
                max: 63,
            },
        ),
        Field::new(
            "class",
            Kind::Int {
                default: -1,
                min: -1,
                max: 9,
            },
        ),
        Field::new(
            "occ",
            Kind::Int {
                default: 6,
                min: 2,
                max: 14,
            },
        ),
        Field::new(
            "occ_stride",
            Kind::Int {
                default: 2,
                min: 1,
                max: 14,
            },
        ),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        if self.occ_stride > self.occ {
            notes.push(Note::new(
                "occ_stride",
                format!(
                    "a step of {} would skip pixels between {}-pixel patches; using {}",
                    self.occ_stride, self.occ, self.occ
                ),
            ));
            self.occ_stride = self.occ;
        }
    }
}

/// The chosen unit, its index and place clamped to the layer's shape (a hand-edited URL may
/// name a unit the layer does not have): `(unit, row, col)` and whether anything was clamped.
pub fn clamp_unit(
    layer: &InsideLayer,
    unit: i64,
    row: i64,
    col: i64,
) -> ((usize, usize, usize), bool) {
    let fit = |v: i64, n: usize| (v.max(0) as usize).min(n.saturating_sub(1));
    let (h, w, c) = layer.shape;
    let got = (fit(unit, c), fit(row, h), fit(col, w));
    let asked = (unit, row, col);
    let changed = (got.0 as i64, got.1 as i64, got.2 as i64) != asked;
    (got, changed)
}

#[cfg(test)]
mod tests;

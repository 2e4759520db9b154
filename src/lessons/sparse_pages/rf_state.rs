//! URL state of `/receptive-field` (public URL contract: `n`, per-layer `k s d p` comma lists, `unit`),
//! plus the selected layer, the 2-D view's data set, image and unit; list lengths follow `k`.

use crate::data::dataset::{Dataset, DATA_FIELD};
use crate::lessons::receptive_field::{RfError, RfParams, Stack};
use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

const fn int(name: &'static str, default: i64, min: i64, max: i64) -> Field {
    Field::int(name, default, min, max)
}

const fn list(name: &'static str, default: &'static [i64], min: i64, max: i64) -> Field {
    let kind = Kind::IntList {
        default,
        min,
        max,
        min_len: 1,
        max_len: crate::lessons::receptive_field::MAX_LAYERS,
    };
    Field::new(name, kind)
}

/// Side of the image the receptive-field page draws fields on (an MNIST or Fashion-MNIST image).
pub const RF_IMAGE_SIDE: usize = 28;

/// `/receptive-field`: the stack (public URL contract), the selected unit (`layer` = -1: the top layer,
/// where `unit` counts as in the contract), the test image `img` of the 2-D view (from the data
/// set `data`) and the selected unit `(ur, uc)` there (-1: the centre unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfState {
    pub n: usize,
    pub k: Vec<usize>,
    pub s: Vec<usize>,
    pub d: Vec<usize>,
    pub p: Vec<usize>,
    pub unit: usize,
    pub layer: i64,
    pub img: usize,
    pub ur: i64,
    pub uc: i64,
    pub data: Dataset,
}

/// Per-layer caps of the receptive-field page: kernel, stride, dilation, padding.
pub const RF_CAPS: [(&str, usize, usize); 4] =
    [("k", 1, 15), ("s", 1, 4), ("d", 1, 4), ("p", 0, 8)];

impl RfState {
    /// The 2-D view's data set.
    pub fn dataset(&self) -> Dataset {
        self.data
    }

    pub fn depth(&self) -> usize {
        self.k.len()
    }

    pub fn params(&self) -> RfParams {
        RfParams {
            n: self.n,
            k: self.k.clone(),
            s: self.s.clone(),
            d: self.d.clone(),
            p: self.p.clone(),
            unit: self.unit,
        }
    }

    pub fn stack(&self) -> Result<Stack, RfError> {
        Stack::from_params(&self.params())
    }

    /// The same layers over the `RF_IMAGE_SIDE`-wide image of the 2-D view.
    pub fn stack_2d(&self) -> Result<Stack, RfError> {
        let mut params = self.params();
        params.n = RF_IMAGE_SIDE;
        Stack::from_params(&params)
    }

    /// The layer of the selected unit (0 = input, `depth()` = top).
    pub fn selected_layer(&self) -> usize {
        usize::try_from(self.layer)
            .ok()
            .filter(|&l| l <= self.depth())
            .unwrap_or(self.depth())
    }

    /// Selects unit `index` of layer `layer` (the top layer is written `layer=-1`).
    pub fn select(mut self, layer: usize, index: usize) -> Self {
        self.layer = if layer >= self.depth() {
            -1
        } else {
            layer as i64
        };
        self.unit = index;
        self
    }

    /// The per-layer values of `name` (`"k" "s" "d" "p"`).
    pub fn values(&self, name: &str) -> &[usize] {
        match name {
            "k" => &self.k,
            "s" => &self.s,
            "d" => &self.d,
            _ => &self.p,
        }
    }

    fn values_mut(&mut self, name: &str) -> &mut Vec<usize> {
        match name {
            "k" => &mut self.k,
            "s" => &mut self.s,
            "d" => &mut self.d,
            _ => &mut self.p,
        }
    }

    /// Sets `name` of layer `layer` (1-based) to `value`, within its cap.
    pub fn with_value(mut self, layer: usize, name: &str, value: usize) -> Self {
        if let Some(&(_, lo, hi)) = RF_CAPS.iter().find(|c| c.0 == name) {
            if let Some(v) = self.values_mut(name).get_mut(layer.wrapping_sub(1)) {
                *v = value.clamp(lo, hi);
            }
        }
        self.keep_selection();
        self
    }

    /// Sets the input width.
    pub fn with_n(mut self, n: usize) -> Self {
        self.n = n.clamp(2, crate::lessons::receptive_field::MAX_INPUT);
        self.keep_selection();
        self
    }

    /// Sets the number of layers: new layers copy the current top layer.
    pub fn with_depth(mut self, depth: usize) -> Self {
        let depth = depth.clamp(1, crate::lessons::receptive_field::MAX_LAYERS);
        for name in ["k", "s", "d", "p"] {
            let v = self.values_mut(name);
            let last = *v.last().unwrap_or(&1);
            v.resize(depth, last);
        }
        if self.layer > depth as i64 {
            self.layer = -1;
        }
        self.keep_selection();
        self
    }

    /// After an edit: a selected unit past the end of its layer moves to the layer's centre.
    fn keep_selection(&mut self) {
        if let Ok(stack) = self.stack() {
            let width = stack.widths[self.selected_layer()];
            if self.unit >= width {
                self.unit = width / 2;
            }
        }
    }
}

impl UrlState for RfState {
    const FIELDS: &'static [Field] = &[
        int(
            "n",
            16,
            2,
            crate::lessons::receptive_field::MAX_INPUT as i64,
        ),
        list("k", &[3, 3, 3], 1, 15),
        list("s", &[1, 1, 1], 1, 4),
        list("d", &[1, 1, 1], 1, 4),
        list("p", &[1, 1, 1], 0, 8),
        int("unit", 8, 0, 63),
        int(
            "layer",
            -1,
            -1,
            crate::lessons::receptive_field::MAX_LAYERS as i64,
        ),
        int("img", 0, 0, 9999),
        int("ur", -1, -1, RF_IMAGE_SIDE as i64 - 1),
        int("uc", -1, -1, RF_IMAGE_SIDE as i64 - 1),
        DATA_FIELD,
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        let depth = self.depth();
        for (name, fill) in [("s", 1), ("d", 1), ("p", 1)] {
            let v = self.values_mut(name);
            // A list left at its default (1,1,1) follows k's length without a note: the link
            // most likely did not mention it.
            if v.len() != depth && *v == [1, 1, 1] {
                v.resize(depth, fill);
            } else if v.len() != depth {
                let msg = format!(
                    "has {} entries for {depth} layers (k has {depth}); {}",
                    v.len(),
                    if v.len() > depth {
                        "dropped the extra ones".to_string()
                    } else {
                        format!("filled in {fill}")
                    }
                );
                notes.push(Note::new(name, msg));
                v.resize(depth, fill);
            }
        }
        if self.layer > depth as i64 {
            let msg = format!("the stack has layers 0 to {depth}; selecting in the top layer");
            notes.push(Note::new("layer", msg));
            self.layer = -1;
        }
        if let Ok(stack) = self.stack() {
            let width = stack.widths[self.selected_layer()];
            if self.unit >= width {
                let msg = format!(
                    "that layer has units 0 to {}; using {}",
                    width - 1,
                    width / 2
                );
                notes.push(Note::new("unit", msg));
                self.unit = width / 2;
            }
        }
        if let Ok(stack) = self.stack_2d() {
            let width = stack.widths[self.selected_layer()] as i64;
            for (name, v) in [("ur", &mut self.ur), ("uc", &mut self.uc)] {
                if *v >= width {
                    let msg = format!("the 2-D layer has {width} units a side; using the centre");
                    notes.push(Note::new(name, msg));
                    *v = -1;
                }
            }
        }
    }
}

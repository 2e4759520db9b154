//! What the calculator returns: one row per layer, totals, layer counts.
//!
//! # Conventions (the ones the published figures use)
//! - `macs`: multiply-accumulates for one image, weights only: a conv output costs
//!   (kernel area x input channels it sees), a dense output costs its fan-in. Biases, activations,
//!   pooling, LRN, batch norm (foldable into the conv) and additions are not counted. He et al.
//!   2016 call these "FLOPs (multiply-adds)"; 1 MAC = 2 FLOPs in the stricter sense.
//!   Padding positions are counted as if real (every output does the full kernel).
//! - `params`: trainable parameters, biases and batch-norm gamma/beta included (torchvision's
//!   `sum(p.numel() for p in model.parameters())`). `fixed_params`: parameters set by hand and
//!   not trained (LeNet-5's RBF output codes).
//! - `connections`: LeCun et al. 1998's "connections": weighted links into units, a bias counting
//!   as a link from a constant unit; with weight sharing many connections share one parameter.
//!   Layers without weights (pooling, LRN, ...) have none.
//! - `rf` / `jump`: theoretical receptive field along the height axis, in input pixels, and the
//!   distance in input pixels between neighbouring units (the cumulative stride):
//!   rf_out = rf_in + (k - 1) * jump_in, jump_out = jump_in * s. A dense or global-pooling layer
//!   counts as a kernel spanning the whole remaining map. It may exceed the image (padding).

use super::kind::LayerKind;
use super::layer::Shape;
use serde::Serialize;

/// One row of the layer table. Container layers (inception modules, residual blocks) get a
/// `group` row whose figures are the sums of their children; totals only add leaf rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerReport {
    /// Row index in [`NetReport::layers`].
    pub index: usize,
    pub name: String,
    /// Unique path: `inception_3a/3x3/reduce`, `conv3_1/shortcut/proj`.
    pub path: String,
    /// Serialised as `conv`, `pool`, `grid_pool`, `global_avg_pool`, `subsample`, `dense`,
    /// `rbf`, `batch_norm`, `lrn`, `dropout`, `flatten`, `softmax`, `concat`, `residual`.
    pub kind: LayerKind,
    /// Short description in the papers' style: `3x3 conv, 64, /2, pad 1`.
    pub detail: String,
    /// Index of the container row this row belongs to.
    pub parent: Option<usize>,
    /// Branch name inside the container (`3x3`, `pool`, `body`, `shortcut`).
    pub branch: Option<String>,
    /// Nesting level (0 = top level).
    pub nest: usize,
    pub input: Shape,
    pub output: Shape,
    pub params: u64,
    pub fixed_params: u64,
    pub macs: u64,
    pub connections: u64,
    pub rf: usize,
    pub jump: usize,
    /// Conv, dense or RBF: counts towards "weight layers".
    pub weight_layer: bool,
    /// Container row (sum of its children).
    pub group: bool,
}

/// Sums over leaf rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub params: u64,
    pub fixed_params: u64,
    pub macs: u64,
    pub connections: u64,
}

impl Totals {
    pub(crate) fn of(rows: &[LayerReport]) -> Totals {
        rows.iter()
            .filter(|r| !r.group)
            .fold(Totals::default(), |t, r| Totals {
                params: t.params + r.params,
                fixed_params: t.fixed_params + r.fixed_params,
                macs: t.macs + r.macs,
                connections: t.connections + r.connections,
            })
    }
}

/// Layer counts, both ways lecturers and papers count.
///
/// The slide of section 11 says "LeNet-5: 3 conv + 2 fc; AlexNet: 5 conv + 2 fc; VGG-16: 13
/// conv and 2 fc": for LeNet it counts the output layer as fc, for AlexNet and VGG only the
/// hidden fc layers. The papers count every weight layer: AlexNet 8, i.e. 5 conv and 3 fc
/// (Krizhevsky et al. 2012, Sec. 3), VGG-16 16 (Simonyan & Zisserman 2015, Table 1), GoogLeNet
/// 22 (Szegedy et al. 2015, Sec. 5, "counting only layers with parameters"), ResNet-34 34 (He
/// et al. 2016).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LayerCount {
    /// Conv layers on the deepest path (what "depth" counts).
    pub conv: usize,
    /// Every conv layer, in all branches and projection shortcuts.
    pub conv_total: usize,
    /// Dense (and RBF) layers on the deepest path, the output layer included.
    pub fc: usize,
    /// `fc` without the output layer.
    pub fc_hidden: usize,
    /// conv + fc on the deepest path: the papers' depth.
    pub weight_layers: usize,
}

impl LayerCount {
    /// "5 conv + 3 fc = 8 weight layers (2 hidden fc + output)".
    pub fn describe(&self) -> String {
        let out = self.fc - self.fc_hidden;
        let tail = match (self.fc_hidden, out) {
            (0, 0) => String::new(),
            (h, 0) => format!(" ({h} hidden fc)"),
            (h, _) => format!(" ({h} hidden fc + output)"),
        };
        format!(
            "{} conv + {} fc = {} weight layers{tail}",
            self.conv, self.fc, self.weight_layers
        )
    }
}

/// An auxiliary head, computed from the output of the layer it attaches to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuxReport {
    pub name: String,
    pub attach_after: String,
    pub layers: Vec<LayerReport>,
    pub output: Shape,
    pub totals: Totals,
}

/// The whole network: rows, totals of the main path, auxiliary heads apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetReport {
    pub id: String,
    pub name: String,
    pub source: String,
    pub input: Shape,
    pub output: Shape,
    pub layers: Vec<LayerReport>,
    pub aux: Vec<AuxReport>,
    /// Main path only (auxiliary heads excluded).
    pub totals: Totals,
    pub counts: LayerCount,
}

impl NetReport {
    pub fn total_params(&self) -> u64 {
        self.totals.params
    }
    pub fn total_macs(&self) -> u64 {
        self.totals.macs
    }
    pub fn weight_layers(&self) -> usize {
        self.counts.weight_layers
    }
    /// The row with this path (or, failing that, the first with this name).
    pub fn row(&self, path: &str) -> Option<&LayerReport> {
        self.layers
            .iter()
            .find(|r| r.path == path)
            .or_else(|| self.layers.iter().find(|r| r.name == path))
    }
    /// The layer table as CSV (header + one line per row, container rows included and marked).
    pub fn to_csv(&self) -> String {
        let mut s = String::from(
            "path,kind,detail,group,input,output,params,fixed_params,macs,connections,rf,jump\n",
        );
        for r in &self.layers {
            s.push_str(&format!(
                "{},{},\"{}\",{},{},{},{},{},{},{},{},{}\n",
                r.path,
                r.kind,
                r.detail.replace('"', "\"\""),
                r.group,
                r.input,
                r.output,
                r.params,
                r.fixed_params,
                r.macs,
                r.connections,
                r.rf,
                r.jump
            ));
        }
        s
    }
}

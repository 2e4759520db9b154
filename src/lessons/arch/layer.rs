//! Networks as data: the layer kinds, their serde form and small builders.
//!
//! A [`Network`] is an input [`Shape`] and a list of named [`Layer`]s; containers
//! ([`Op::Concat`] for inception modules, [`Op::Residual`] for ResNet blocks) hold nested
//! layer lists. All kernels are square and all paddings symmetric, as in every network of the
//! lecture; inputs may be non-square.
//!
//! JSON form (what the builder page edits), e.g.
//! `{"name": "conv1", "kind": "conv", "out": 64, "kernel": 3, "padding": "same", "act": "relu"}`.

use serde::{Deserialize, Serialize};

/// A feature-map volume: channels x height x width (one image, no batch axis).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shape {
    pub c: usize,
    pub h: usize,
    pub w: usize,
}

impl Shape {
    pub const fn new(c: usize, h: usize, w: usize) -> Self {
        Shape { c, h, w }
    }
    /// Number of scalar units in the volume.
    pub const fn elems(&self) -> u64 {
        (self.c as u64) * (self.h as u64) * (self.w as u64)
    }
}

impl std::fmt::Display for Shape {
    /// `HxWxC`, the order the slides and Fig. 9.11 use (e.g. `256x256x64`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}x{}x{}", self.h, self.w, self.c)
    }
}

/// Named padding modes; see [`Padding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PadMode {
    /// TensorFlow's rule: output = ceil(input / stride), padding split with the extra pixel at
    /// the bottom/right.
    Same,
    /// No padding.
    Valid,
}

/// Zero padding: a number of pixels on every side (`2`), or `"same"` / `"valid"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Padding {
    Px(usize),
    Mode(PadMode),
}

impl Default for Padding {
    fn default() -> Self {
        Padding::Px(0)
    }
}

/// Max or average pooling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolMode {
    Max,
    Avg,
}

/// Nonlinearity applied after a layer's op (no parameters, no multiply-adds counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Relu,
    Tanh,
    Sigmoid,
    /// LeNet-5's squashing function f(a) = A tanh(S a), A = 1.7159, S = 2/3 (LeCun et al. 1998,
    /// Appendix A).
    ScaledTanh,
}

fn one() -> usize {
    1
}
fn yes() -> bool {
    true
}
fn is_one(v: &usize) -> bool {
    *v == 1
}
fn is_true(v: &bool) -> bool {
    *v
}
fn is_false(v: &bool) -> bool {
    !*v
}

/// 2-D convolution with `out` filters of `kernel` x `kernel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conv {
    pub out: usize,
    pub kernel: usize,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub stride: usize,
    #[serde(default)]
    pub padding: Padding,
    /// Grouped convolution: AlexNet's two towers are `groups: 2` (each filter sees half the input
    /// channels).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub groups: usize,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub bias: bool,
    /// Partial connection table: `table[j]` lists the input channels output map `j` sees
    /// (LeNet-5's C3, Table I of LeCun et al. 1998). `None` = every input channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Vec<Vec<usize>>>,
}

/// Max/average pooling with a `window` x `window` window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    pub mode: PoolMode,
    pub window: usize,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub stride: usize,
    #[serde(default)]
    pub padding: Padding,
    /// Caffe's rounding: output = ceil((in + 2p - k) / s) + 1 (GoogLeNet's pools need it:
    /// 112 -> 56 with a 3x3/2 window and no padding).
    #[serde(default, skip_serializing_if = "is_false")]
    pub ceil_mode: bool,
}

/// Pooling to a fixed `out_h` x `out_w` grid whatever the input size (Fig. 9.11 (b): "pool to a
/// 3x3 grid"; PyTorch's adaptive pooling: bin i covers floor(i*in/out) .. ceil((i+1)*in/out)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridPool {
    pub mode: PoolMode,
    pub out_h: usize,
    pub out_w: usize,
}

/// LeNet-5's subsampling (S2, S4): per channel, the sum of a `window` x `window` block times
/// one trainable coefficient plus one trainable bias (2 parameters per channel).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subsample {
    pub window: usize,
    pub stride: usize,
}

/// Fully connected layer on a flat (C x 1 x 1) input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dense {
    pub units: usize,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub bias: bool,
}

/// Euclidean radial-basis-function output units (LeNet-5's output layer): y_i = sum_j (x_j -
/// w_ij)^2. In the paper the parameter vectors are "chosen by hand and kept fixed", so
/// `trainable: false` moves them from `params` to `fixed_params`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rbf {
    pub units: usize,
    #[serde(default)]
    pub trainable: bool,
}

/// Local response normalisation across `size` adjacent channels (AlexNet, GoogLeNet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lrn {
    pub size: usize,
}

/// Dropout with drop probability `rate` (0..1); identity at inference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropout {
    pub rate: f64,
}

/// One path of a [`Concat`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    pub name: String,
    pub layers: Vec<Layer>,
}

/// Parallel branches on the same input, concatenated along channels (inception module).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Concat {
    pub branches: Vec<Branch>,
}

/// How the input reaches the addition of a residual block (He et al. 2016, Sec. 3.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Shortcut {
    /// x itself; shapes must already match.
    Identity,
    /// Option A: subsample x by the block's stride and pad the new channels with zeros (no
    /// parameters).
    ZeroPad,
    /// Option B: a projection (1x1 conv with stride, + BN) where dimensions change.
    Projection { layers: Vec<Layer> },
}

/// F(x) + shortcut(x) (He et al. 2016).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Residual {
    pub body: Vec<Layer>,
    pub shortcut: Shortcut,
}

/// What a layer computes. Serialised with a `kind` tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Op {
    Conv(Conv),
    Pool(Pool),
    GridPool(GridPool),
    GlobalAvgPool,
    Subsample(Subsample),
    Dense(Dense),
    Rbf(Rbf),
    /// Batch normalisation: 2 trainable parameters per channel (gamma, beta); the running mean
    /// and variance are buffers, not parameters (the torchvision convention).
    BatchNorm,
    Lrn(Lrn),
    Dropout(Dropout),
    Flatten,
    Softmax,
    Concat(Concat),
    Residual(Residual),
}

/// A named layer: an op, then an optional activation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    pub name: String,
    #[serde(flatten)]
    pub op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Activation>,
}

/// An auxiliary head (GoogLeNet's side classifiers): reported, but counted separately from the
/// main path's totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuxHead {
    pub name: String,
    /// Name of the top-level layer whose output feeds the head.
    pub attach_after: String,
    pub layers: Vec<Layer>,
}

/// A whole network at the input size of its paper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    /// Where the architecture comes from, and which variant this is.
    pub source: String,
    pub input: Shape,
    pub layers: Vec<Layer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aux: Vec<AuxHead>,
}

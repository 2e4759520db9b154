//! Models as data: a serde config the UI edits, URLs carry and weight files embed.
//! `Model::from_config` validates it eagerly (shape inference through every layer).

use crate::engine::ops::{Activation, ConnectionTable, LrnParams};
use serde::{Deserialize, Serialize};

fn one() -> usize {
    1
}
fn yes() -> bool {
    true
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn bn_momentum() -> f32 {
    0.99
}
fn bn_eps() -> f32 {
    1e-3
}

/// Weight initialiser (biases start at 0). `fan_in` counts connected inputs only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// Normal, variance 1 / fan_in (LeCun, Efficient BackProp 1998).
    Lecun,
    /// Uniform ±sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio 2010); TF.js's default.
    #[default]
    Xavier,
    /// Normal, variance 2 / fan_in (He et al. 2015), for ReLU nets.
    He,
    /// Uniform ±2.4 / fan_in, as in the LeNet-5 paper (LeCun et al. 1998, Appendix A).
    Lenet98,
}

/// One layer of a sequential model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LayerConfig {
    /// 2-D convolution (`kernel x kernel`), NHWC.
    Conv2d {
        out_channels: usize,
        kernel: usize,
        #[serde(default = "one")]
        stride: usize,
        #[serde(default)]
        pad: usize,
        #[serde(default = "one")]
        dilation: usize,
        #[serde(default = "yes")]
        bias: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        table: Option<ConnectionTable>,
        #[serde(default)]
        init: Init,
        /// TF "same" padding: output `ceil(in / stride)`, the odd padding row/column at the
        /// bottom/right; `pad` is then ignored.
        #[serde(default, skip_serializing_if = "is_false")]
        same: bool,
    },
    /// Fully connected layer; flattens its input.
    Dense {
        units: usize,
        #[serde(default = "yes")]
        bias: bool,
        #[serde(default)]
        init: Init,
    },
    MaxPool {
        window: usize,
        stride: usize,
    },
    AvgPool {
        window: usize,
        stride: usize,
    },
    /// LeNet-5's S2/S4: average pool, times a trainable coefficient, plus a trainable bias, per map.
    Subsample {
        window: usize,
        stride: usize,
    },
    Activation {
        f: Activation,
    },
    Flatten,
    /// Batch normalisation over the last axis (channels / features): batch statistics in
    /// training, running statistics (`r ← momentum·r + (1 - momentum)·batch`) in evaluation.
    /// Defaults are Keras's: momentum 0.99, eps 1e-3.
    BatchNorm {
        #[serde(default = "bn_momentum")]
        momentum: f32,
        #[serde(default = "bn_eps")]
        eps: f32,
    },
    /// Inverted dropout with drop probability `rate` (identity in evaluation).
    Dropout {
        rate: f32,
    },
    /// Global average pooling `[h, w, c] -> [c]`.
    GlobalAvgPool,
    /// Local response normalisation across channels (AlexNet); defaults k 2, n 5, α 1e-4, β 0.75.
    Lrn {
        #[serde(flatten)]
        params: LrnParams,
    },
    /// Parallel paths on the same input, concatenated on the last axis (an Inception module).
    Concat {
        branches: Vec<Vec<LayerConfig>>,
    },
    /// `y = body(x) + shortcut(x)`. With `shortcut` given, that path (e.g. 1x1 stride-2 conv +
    /// batch norm); else the identity when shapes agree, else a learned projection (1x1 conv
    /// with the needed stride for images, dense for vectors).
    Residual {
        body: Vec<LayerConfig>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shortcut: Option<Vec<LayerConfig>>,
    },
}

/// A whole model: input shape per sample (`[h, w, c]` or `[features]`) and layers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    pub name: String,
    pub input: Vec<usize>,
    pub layers: Vec<LayerConfig>,
}

impl LayerConfig {
    /// Short human-readable kind, e.g. "conv2d 5x5x6".
    pub fn label(&self) -> String {
        match self {
            LayerConfig::Conv2d {
                out_channels,
                kernel,
                table,
                ..
            } => {
                format!(
                    "conv2d {kernel}x{kernel}x{out_channels}{}",
                    if table.is_some() { " (table)" } else { "" }
                )
            }
            LayerConfig::Dense { units, .. } => format!("dense {units}"),
            LayerConfig::MaxPool { window, stride } => format!("maxpool {window}/{stride}"),
            LayerConfig::AvgPool { window, stride } => format!("avgpool {window}/{stride}"),
            LayerConfig::Subsample { window, stride } => format!("subsample {window}/{stride}"),
            LayerConfig::Activation { f } => format!("{f:?}").to_lowercase(),
            LayerConfig::Flatten => "flatten".into(),
            LayerConfig::BatchNorm { .. } => "batchnorm".into(),
            LayerConfig::Dropout { rate } => format!("dropout {rate}"),
            LayerConfig::GlobalAvgPool => "global avgpool".into(),
            LayerConfig::Lrn { params } => format!("lrn n{}", params.n),
            LayerConfig::Concat { branches } => format!("concat ({} branches)", branches.len()),
            LayerConfig::Residual { body, shortcut } => format!(
                "residual ({} layers{})",
                body.len(),
                if shortcut.is_some() {
                    ", projection"
                } else {
                    ""
                }
            ),
        }
    }
}

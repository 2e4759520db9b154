//! The layers a trained network's look inside opens, read from its config, and the receptive
//! field of any of their units on the network's input.
//!
//! Every convolution, pooling and fully connected layer is one entry; what it shows is the
//! output of the last layer of its run (its activation, batch norm, dropout...), so C1 is
//! conv + ReLU. The spatial layers (convolution and pooling) form a receptive-field
//! [`Stack`] over the input's side, and a unit's field is that stack's `field_2d`: the same
//! recurrence, back-projection and clipping as the receptive-field lesson, so the two agree. A
//! fully connected unit reads every unit of the layer below, so its field is the union of all
//! of them.

use crate::engine::nn::layers::same_padding;
use crate::engine::nn::{LayerConfig, ModelConfig};
use crate::lessons::receptive_field::{Layer as RfLayer, RfError, Stack};
use serde::{Deserialize, Serialize};

/// What kind of layer an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LayerKind {
    Conv,
    Pool,
    Dense,
}

/// One layer the page opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsideLayer {
    /// `C1`, `S2`, ... in LeNet-5's naming (position 1-based: C convolution, S pooling, F fully
    /// connected), `output` for the last layer.
    pub name: String,
    pub kind: LayerKind,
    /// The top-level layer whose weights it has (conv and dense; `None` for pooling).
    pub weights_at: Option<usize>,
    /// The top-level layer whose output it shows (the end of its run).
    pub shown_at: usize,
    /// Output `(h, w, channels)`; a fully connected layer is `(1, 1, units)`.
    pub shape: (usize, usize, usize),
    /// Its depth in the spatial [`Stack`] (conv and pooling), `None` for fully connected.
    pub depth: Option<usize>,
}

/// A network's receptive-field geometry: its spatial stack over the input side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetField {
    pub stack: Stack,
    pub layers: Vec<InsideLayer>,
}

/// A unit's receptive field on the network's input: the clipped row and column ranges
/// (inclusive) and the side counting padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitField {
    pub rows: (usize, usize),
    pub cols: (usize, usize),
    pub size: usize,
}

fn is_follower(l: &LayerConfig) -> bool {
    matches!(
        l,
        LayerConfig::Activation { .. }
            | LayerConfig::BatchNorm { .. }
            | LayerConfig::Dropout { .. }
            | LayerConfig::Lrn { .. }
    )
}

/// The layers of a square-input, sequential network of convolutions, pooling and fully
/// connected layers (LeNet-5 and its variants), with their receptive-field stack. Branching
/// layers (inception modules, residual blocks) are refused with a message.
pub fn inside_layers(config: &ModelConfig) -> Result<NetField, String> {
    let side = match config.input.as_slice() {
        [h, w, _] if h == w => *h,
        other => {
            return Err(format!(
                "the look inside needs a square image input, not {other:?}"
            ))
        }
    };
    let mut rf = Vec::new();
    let mut layers = Vec::new();
    let (mut width, mut channels) = (side, config.input[2]);
    let mut dense_seen = false;
    let n = config.layers.len();
    for (i, l) in config.layers.iter().enumerate() {
        let spatial = match l {
            LayerConfig::Conv2d {
                out_channels,
                kernel,
                stride,
                pad,
                dilation,
                same,
                ..
            } => {
                let p = if *same {
                    same_padding(width, *kernel, *stride).0
                } else {
                    *pad
                };
                channels = *out_channels;
                Some((
                    LayerKind::Conv,
                    RfLayer {
                        k: *kernel,
                        s: *stride,
                        d: *dilation,
                        p,
                    },
                ))
            }
            LayerConfig::MaxPool { window, stride }
            | LayerConfig::AvgPool { window, stride }
            | LayerConfig::Subsample { window, stride } => Some((
                LayerKind::Pool,
                RfLayer {
                    k: *window,
                    s: *stride,
                    d: 1,
                    p: 0,
                },
            )),
            LayerConfig::Dense { .. } | LayerConfig::Flatten => None,
            l if is_follower(l) => continue,
            other => {
                return Err(format!(
                    "the look inside handles plain stacks only; {} is not one",
                    other.label()
                ))
            }
        };
        let shown_at = (i + 1..n)
            .take_while(|&j| is_follower(&config.layers[j]))
            .last()
            .unwrap_or(i);
        let (kind, shape, depth) = match (spatial, l) {
            (Some((kind, layer)), _) => {
                if dense_seen {
                    return Err("a convolution after a fully connected layer".into());
                }
                rf.push(layer);
                let stack = Stack::new(side, rf.clone()).map_err(|e: RfError| e.to_string())?;
                width = stack.widths[stack.depth()];
                (kind, (width, width, channels), Some(stack.depth()))
            }
            (None, LayerConfig::Dense { units, .. }) => {
                dense_seen = true;
                (LayerKind::Dense, (1, 1, *units), None)
            }
            _ => continue,
        };
        let position = layers.len() + 1;
        let letter = match kind {
            LayerKind::Conv => "C",
            LayerKind::Pool => "S",
            LayerKind::Dense => "F",
        };
        layers.push(InsideLayer {
            name: format!("{letter}{position}"),
            kind,
            weights_at: (kind != LayerKind::Pool).then_some(i),
            shown_at,
            shape,
            depth,
        });
    }
    match layers.last_mut() {
        Some(last) if last.kind == LayerKind::Dense => last.name = "output".into(),
        _ => return Err("the network must end in a fully connected layer".into()),
    }
    if rf.is_empty() {
        return Err("the network has no convolution".into());
    }
    let stack = Stack::new(side, rf).map_err(|e| e.to_string())?;
    Ok(NetField { stack, layers })
}

impl NetField {
    /// The receptive field on the input of unit `(row, col)` of `layer` (any channel: all of a
    /// layer's maps see the same window). A fully connected unit sees the union of every field of
    /// the last spatial layer.
    pub fn unit_field(
        &self,
        layer: &InsideLayer,
        row: usize,
        col: usize,
    ) -> Result<UnitField, String> {
        let (depth, rows, cols) = match layer.depth {
            Some(d) => (d, (row, row), (col, col)),
            None => {
                let d = self.stack.depth();
                let w = self.stack.widths[d];
                (d, (0, w - 1), (0, w - 1))
            }
        };
        let span = |a: usize, b: usize| -> Result<((usize, usize), usize), String> {
            let fa = self.stack.field(depth, a).map_err(|e| e.to_string())?;
            let fb = self.stack.field(depth, b).map_err(|e| e.to_string())?;
            let start = fa.start.ok_or("the field lies entirely in padding")?;
            let end = fb.end.ok_or("the field lies entirely in padding")?;
            let full = fb.per_layer[0].span.1 - fa.per_layer[0].span.0 + 1;
            Ok(((start, end), full as usize))
        };
        let (rows, size) = span(rows.0, rows.1)?;
        let (cols, _) = span(cols.0, cols.1)?;
        Ok(UnitField { rows, cols, size })
    }
}

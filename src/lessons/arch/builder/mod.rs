//! The `/three-networks` builder: "try to build these three networks" (lecture, section 8).
//!
//! A network the student edits is a list of [`Block`]s (simpler to edit than [`Layer`]s: no
//! names, every conv followed by ReLU), turned into layers with generated unique names and
//! analysed by the same calculator. It travels in the URL as short text, e.g.
//! `in-256-256-3_conv-64-3-1-same_max-4-4_flat_fc-1000_softmax` ([`encode`] / [`decode`]).
//! [`analyze_prefix`] keeps the shapes of the layers before the first one that does not fit, so
//! the page can show them and point at the culprit.

use super::build::SAME;
use super::calc::analyze_layers;
use super::error::ArchError;
use super::layer::{Layer, Padding, PoolMode, Shape};
use super::report::LayerReport;

/// One layer of the builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// `out` filters of `k` x `k`, stride `s`, `pad` pixels per side (`None` = "same"), ReLU.
    Conv {
        out: usize,
        k: usize,
        s: usize,
        pad: Option<usize>,
    },
    /// Max pooling, window `k`, stride `s`.
    MaxPool {
        k: usize,
        s: usize,
    },
    AvgPool {
        k: usize,
        s: usize,
    },
    /// Max pooling to a fixed `h` x `w` grid (Fig. 9.11 (b)).
    Grid {
        h: usize,
        w: usize,
    },
    /// Global average pooling (Fig. 9.11 (c)).
    Gap,
    /// Reshape to a vector.
    Flatten,
    /// Fully connected ("matrix multiply") to `units`.
    Fc {
        units: usize,
    },
    Softmax,
}

/// The kinds, as the page's menu lists them: (token, label).
pub const KINDS: &[(&str, &str)] = &[
    ("conv", "conv + ReLU"),
    ("max", "max pool"),
    ("avg", "avg pool"),
    ("grid", "pool to grid"),
    ("gap", "global avg pool"),
    ("flat", "reshape (flatten)"),
    ("fc", "fc (matrix multiply)"),
    ("softmax", "softmax"),
];

pub const MAX_LAYERS: usize = 40;
pub const MAX_NUMBER: usize = 4096;

impl Block {
    /// A block of the given kind token with sensible numbers (the menu's "add").
    pub fn of_kind(token: &str) -> Option<Block> {
        Some(match token {
            "conv" => Block::Conv {
                out: 64,
                k: 3,
                s: 1,
                pad: None,
            },
            "max" => Block::MaxPool { k: 2, s: 2 },
            "avg" => Block::AvgPool { k: 2, s: 2 },
            "grid" => Block::Grid { h: 3, w: 3 },
            "gap" => Block::Gap,
            "flat" => Block::Flatten,
            "fc" => Block::Fc { units: 1000 },
            "softmax" => Block::Softmax,
            _ => return None,
        })
    }

    pub fn token(&self) -> &'static str {
        match self {
            Block::Conv { .. } => "conv",
            Block::MaxPool { .. } => "max",
            Block::AvgPool { .. } => "avg",
            Block::Grid { .. } => "grid",
            Block::Gap => "gap",
            Block::Flatten => "flat",
            Block::Fc { .. } => "fc",
            Block::Softmax => "softmax",
        }
    }

    /// The editable numbers: (name, value). Conv padding is edited as text (`same` or pixels).
    pub fn numbers(&self) -> Vec<(&'static str, usize)> {
        match *self {
            Block::Conv { out, k, s, .. } => vec![("filters", out), ("kernel", k), ("stride", s)],
            Block::MaxPool { k, s } | Block::AvgPool { k, s } => {
                vec![("window", k), ("stride", s)]
            }
            Block::Grid { h, w } => vec![("rows", h), ("cols", w)],
            Block::Fc { units } => vec![("units", units)],
            _ => Vec::new(),
        }
    }

    /// Sets the `i`-th number of [`Block::numbers`] (clamped to 0..=[`MAX_NUMBER`]).
    pub fn set_number(&mut self, i: usize, v: usize) {
        let v = v.min(MAX_NUMBER);
        match (self, i) {
            (Block::Conv { out, .. }, 0) => *out = v,
            (Block::Conv { k, .. }, 1) => *k = v,
            (Block::Conv { s, .. }, 2) => *s = v,
            (Block::MaxPool { k, .. } | Block::AvgPool { k, .. }, 0) => *k = v,
            (Block::MaxPool { s, .. } | Block::AvgPool { s, .. }, 1) => *s = v,
            (Block::Grid { h, .. }, 0) => *h = v,
            (Block::Grid { w, .. }, 1) => *w = v,
            (Block::Fc { units }, 0) => *units = v,
            _ => {}
        }
    }
}

/// The menu label of `token` on row `i`: a conv row just before global average pooling has no
/// ReLU ([`to_layers`]; the book's (c): "output of convolution"), and says so.
pub fn option_label(blocks: &[Block], i: usize, token: &str) -> &'static str {
    let before_gap =
        matches!(blocks.get(i), Some(Block::Conv { .. })) && blocks.get(i + 1) == Some(&Block::Gap);
    if token == "conv" && before_gap {
        return "conv, no ReLU (before global avg pool)";
    }
    KINDS
        .iter()
        .find(|(t, _)| *t == token)
        .map_or("", |(_, label)| label)
}

/// Fig. 9.11's three networks as blocks (the same layers as [`super::zoo::fig911`]).
pub fn preset(variant: char) -> Vec<Block> {
    let conv = Block::Conv {
        out: 64,
        k: 3,
        s: 1,
        pad: None,
    };
    let pool = Block::MaxPool { k: 4, s: 4 };
    let mut v = vec![conv, pool, conv, pool];
    match variant {
        'b' => v.extend([
            Block::Grid { h: 3, w: 3 },
            Block::Flatten,
            Block::Fc { units: 1000 },
        ]),
        'c' => v.extend([
            Block::Conv {
                out: 1000,
                k: 3,
                s: 1,
                pad: None,
            },
            Block::Gap,
        ]),
        _ => v.extend([Block::Flatten, Block::Fc { units: 1000 }]),
    }
    v.push(Block::Softmax);
    v
}

/// The input of Fig. 9.11: a 256x256 RGB image.
pub const FIG911_INPUT: Shape = Shape::new(3, 256, 256);

/// Layers with generated names (`conv1`, `pool2`, `fc1`, ...); the last conv of an all-conv
/// head (followed by global pooling) has no ReLU, as in [`super::zoo::fig911`] (c).
pub fn to_layers(blocks: &[Block]) -> Vec<Layer> {
    let mut count = std::collections::HashMap::<&str, usize>::new();
    let mut name = |base: &'static str| {
        let n = count.entry(base).or_insert(0);
        *n += 1;
        format!("{base}{n}")
    };
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| match *b {
            Block::Conv { out, k, s, pad } => {
                let p = pad.map_or(SAME, Padding::Px);
                let l = Layer::conv(name("conv"), out, k, s, p);
                if blocks.get(i + 1) == Some(&Block::Gap) {
                    l
                } else {
                    l.relu()
                }
            }
            Block::MaxPool { k, s } => Layer::pool(name("pool"), PoolMode::Max, k, s, 0),
            Block::AvgPool { k, s } => Layer::pool(name("pool"), PoolMode::Avg, k, s, 0),
            Block::Grid { h, w } => Layer::grid_pool(name("pool"), PoolMode::Max, h, w),
            Block::Gap => Layer::global_avg_pool(name("avgpool")),
            Block::Flatten => Layer::flatten(name("reshape")),
            Block::Fc { units } => Layer::dense(name("fc"), units),
            Block::Softmax => Layer::softmax(name("softmax")),
        })
        .collect()
}

/// Rows for every layer that fits, and the error of the first that does not (its index).
pub fn analyze_prefix(
    input: Shape,
    blocks: &[Block],
) -> (Vec<LayerReport>, Option<(usize, ArchError)>) {
    let layers = to_layers(blocks);
    if layers.is_empty() {
        return (Vec::new(), Some((0, ArchError::Empty)));
    }
    if let Ok(r) = analyze_layers(input, &layers) {
        return (r.layers, None);
    }
    let mut good = Vec::new();
    for n in 1..=layers.len() {
        match analyze_layers(input, &layers[..n]) {
            Ok(r) => good = r.layers,
            Err(e) => return (good, Some((n - 1, e))),
        }
    }
    (good, None)
}

/// `in-256-256-3_conv-64-3-1-same_max-4-4_...`.
pub fn encode(input: Shape, blocks: &[Block]) -> String {
    let mut parts = vec![format!("in-{}-{}-{}", input.h, input.w, input.c)];
    for b in blocks {
        parts.push(match *b {
            Block::Conv { out, k, s, pad } => format!(
                "conv-{out}-{k}-{s}-{}",
                pad.map_or("same".to_string(), |p| p.to_string())
            ),
            Block::MaxPool { k, s } => format!("max-{k}-{s}"),
            Block::AvgPool { k, s } => format!("avg-{k}-{s}"),
            Block::Grid { h, w } => format!("grid-{h}-{w}"),
            Block::Fc { units } => format!("fc-{units}"),
            other => other.token().to_string(),
        });
    }
    parts.join("_")
}

/// Reads [`encode`]'s text; anything it cannot read is skipped or clamped with a note.
pub fn decode(text: &str) -> (Shape, Vec<Block>, Vec<String>) {
    let mut notes = Vec::new();
    let mut input = FIG911_INPUT;
    let mut blocks = Vec::new();
    for token in text.split('_').map(str::trim).filter(|t| !t.is_empty()) {
        let mut it = token.split('-');
        let kind = it.next().unwrap_or("");
        let args: Vec<&str> = it.collect();
        let mut num = |i: usize, default: usize, max: usize| -> usize {
            match args.get(i).map(|a| a.parse::<usize>()) {
                None => default,
                Some(Ok(v)) if v <= max => v,
                Some(Ok(_)) => {
                    notes.push(format!(
                        "`{token}`: {} is above {max}; using {max}",
                        args[i]
                    ));
                    max
                }
                Some(Err(_)) => {
                    notes.push(format!(
                        "`{token}`: \"{}\" is not a number; using {default}",
                        args[i]
                    ));
                    default
                }
            }
        };
        let b = match kind {
            "in" => {
                input = Shape::new(num(2, 3, 64), num(0, 256, 1024), num(1, 256, 1024));
                continue;
            }
            "conv" => {
                let (out, k, s) = (num(0, 64, MAX_NUMBER), num(1, 3, 64), num(2, 1, 64));
                let pad = match args.get(3) {
                    None | Some(&"same") => None,
                    Some(_) => Some(num(3, 0, 64)),
                };
                Block::Conv { out, k, s, pad }
            }
            "max" => Block::MaxPool {
                k: num(0, 2, 256),
                s: num(1, 2, 256),
            },
            "avg" => Block::AvgPool {
                k: num(0, 2, 256),
                s: num(1, 2, 256),
            },
            "grid" => Block::Grid {
                h: num(0, 3, 256),
                w: num(1, 3, 256),
            },
            "fc" => Block::Fc {
                units: num(0, 1000, MAX_NUMBER),
            },
            other => match Block::of_kind(other) {
                Some(b) if b.numbers().is_empty() => b,
                _ => {
                    notes.push(format!(
                        "`{token}` is not a layer this builder knows; skipped"
                    ));
                    continue;
                }
            },
        };
        if blocks.len() == MAX_LAYERS {
            notes.push(format!(
                "at most {MAX_LAYERS} layers; the rest were dropped"
            ));
            break;
        }
        blocks.push(b);
    }
    (input, blocks, notes)
}

#[cfg(test)]
mod tests;

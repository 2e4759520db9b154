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

use serde::{Deserialize, Serialize};
use thiserror::Error;

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

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RfError {
    #[error("{name}: entry {entry} ('{token}') is not a whole number")]
    Parse {
        name: &'static str,
        entry: usize,
        token: String,
    },
    #[error("{name}: the list is empty; give one value per layer, e.g. 3,3,3")]
    EmptyList { name: &'static str },
    #[error("one value per layer is needed: k has {k}, s has {s}, d has {d}, p has {p} entries")]
    ListLengths {
        k: usize,
        s: usize,
        d: usize,
        p: usize,
    },
    #[error("the stack needs 1 to {max} layers (got {layers})")]
    LayerCount { layers: usize, max: usize },
    #[error("the input width n must be 1 to {max} (got {n})")]
    InputWidth { n: usize, max: usize },
    #[error("layer {layer}: {name} must be at least 1 (got 0)")]
    Zero { name: &'static str, layer: usize },
    #[error("layer {layer}: {name} = {value} is larger than the maximum {max}")]
    TooLarge {
        name: &'static str,
        layer: usize,
        value: usize,
        max: usize,
    },
    #[error(
        "layer {layer}: the dilated kernel covers d(k-1)+1 = {d} x ({k} - 1) + 1 = {span} \
         positions, more than its padded input w + 2p = {width} + 2 x {p} = {padded}"
    )]
    KernelTooLarge {
        layer: usize,
        k: usize,
        d: usize,
        span: usize,
        width: usize,
        p: usize,
        padded: usize,
    },
    #[error("there is no layer {layer}: the stack has layers 0 (input) to {depth}")]
    NoSuchLayer { layer: usize, depth: usize },
    #[error("layer {layer} has units 0 to {last}; there is no unit {index}", last = width - 1)]
    NoSuchUnit {
        layer: usize,
        index: usize,
        width: usize,
    },
}

/// Parses a comma list such as `"3, 3,3"`; `name` is the URL parameter, used in messages.
pub fn parse_list(name: &'static str, text: &str) -> Result<Vec<usize>, RfError> {
    if text.trim().is_empty() {
        return Err(RfError::EmptyList { name });
    }
    text.split(',')
        .enumerate()
        .map(|(i, tok)| {
            tok.trim().parse::<usize>().map_err(|_| RfError::Parse {
                name,
                entry: i + 1,
                token: tok.trim().to_string(),
            })
        })
        .collect()
}

/// Writes a list the way [`parse_list`] reads it: `"3,3,3"`.
pub fn format_list(values: &[usize]) -> String {
    values
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The receptive field of one unit in one layer of the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerField {
    pub layer: usize,
    /// Hull `[first, last]` in this layer's coordinates, padding positions included (may be
    /// negative or past the end).
    pub span: (i64, i64),
    /// The hull clipped to the layer's real units `0..width-1` (`None`: all padding).
    pub clipped: Option<(usize, usize)>,
    /// Exactly the real units connected to the selected unit by a path through real units.
    pub exact: Vec<usize>,
}

/// The receptive field of unit `index` of layer `layer`, in every layer at or below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub layer: usize,
    pub index: usize,
    /// figure `rf-size` r, counting positions in padding: `span.1 - span.0 + 1` in the input.
    pub size: usize,
    /// Figures `rf-start`, `rf-end`: the input span clipped to `0..n-1`.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// `per_layer[l]` for `l = 0 (input) ..= layer`; the last entry is the unit itself.
    pub per_layer: Vec<LayerField>,
}

/// The field of a deep unit over an `n x n` image, the same stack running along both axes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field2d {
    /// Side of the square field, r (padding included).
    pub size: usize,
    /// Clipped row and column ranges of the square on the image (`None`: entirely padding).
    pub rows: Option<(usize, usize)>,
    pub cols: Option<(usize, usize)>,
    /// Exact rows and columns reached; the exact 2-D set is their product.
    pub exact_rows: Vec<usize>,
    pub exact_cols: Vec<usize>,
}

/// A validated stack with its per-layer widths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stack {
    pub layers: Vec<Layer>,
    /// `widths[0] = n`, `widths[l]` = width of layer `l`.
    pub widths: Vec<usize>,
}

impl Stack {
    /// Builds and checks a stack over `n` inputs.
    pub fn new(n: usize, layers: Vec<Layer>) -> Result<Self, RfError> {
        if n == 0 || n > MAX_INPUT {
            return Err(RfError::InputWidth { n, max: MAX_INPUT });
        }
        if layers.is_empty() || layers.len() > MAX_LAYERS {
            let layers = layers.len();
            return Err(RfError::LayerCount {
                layers,
                max: MAX_LAYERS,
            });
        }
        let mut widths = vec![n];
        for (i, l) in layers.iter().enumerate() {
            let layer = i + 1;
            for (name, value) in [("k", l.k), ("s", l.s), ("d", l.d), ("p", l.p)] {
                if value == 0 && name != "p" {
                    return Err(RfError::Zero { name, layer });
                }
                if value > MAX_VALUE {
                    let max = MAX_VALUE;
                    return Err(RfError::TooLarge {
                        name,
                        layer,
                        value,
                        max,
                    });
                }
            }
            let width = widths[i];
            let span = l.d * (l.k - 1) + 1;
            let padded = width + 2 * l.p;
            if span > padded {
                let (k, d, p) = (l.k, l.d, l.p);
                return Err(RfError::KernelTooLarge {
                    layer,
                    k,
                    d,
                    span,
                    width,
                    p,
                    padded,
                });
            }
            widths.push((padded - span) / l.s + 1);
        }
        Ok(Self { layers, widths })
    }

    /// Builds the stack from the page state (the unit is not checked here; see [`Self::field`]).
    pub fn from_params(params: &RfParams) -> Result<Self, RfError> {
        let (k, s, d, p) = (&params.k, &params.s, &params.d, &params.p);
        if [s.len(), d.len(), p.len()]
            .iter()
            .any(|&len| len != k.len())
        {
            let (k, s, d, p) = (k.len(), s.len(), d.len(), p.len());
            return Err(RfError::ListLengths { k, s, d, p });
        }
        let layers = (0..k.len())
            .map(|i| Layer {
                k: k[i],
                s: s[i],
                d: d[i],
                p: p[i],
            })
            .collect();
        Self::new(params.n, layers)
    }

    /// Number of layers L (the input is layer 0).
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// The field of unit `index` of layer `layer` (0 = the input itself) in every layer below.
    pub fn field(&self, layer: usize, index: usize) -> Result<Field, RfError> {
        let depth = self.depth();
        if layer > depth {
            return Err(RfError::NoSuchLayer { layer, depth });
        }
        let width = self.widths[layer];
        if index >= width {
            return Err(RfError::NoSuchUnit {
                layer,
                index,
                width,
            });
        }
        let mut span = (index as i64, index as i64);
        let mut mask = vec![false; width];
        mask[index] = true;
        let mut per_layer = vec![layer_field(layer, span, &mask)];
        for l in (1..=layer).rev() {
            let Layer { k, s, d, p } = self.layers[l - 1];
            let (s, d, p) = (s as i64, d as i64, p as i64);
            span = (span.0 * s - p, span.1 * s - p + d * (k as i64 - 1));
            let mut below = vec![false; self.widths[l - 1]];
            for q in (0..mask.len()).filter(|&q| mask[q]) {
                for t in 0..k as i64 {
                    let pos = q as i64 * s - p + t * d;
                    if let Some(m) = usize::try_from(pos).ok().and_then(|i| below.get_mut(i)) {
                        *m = true;
                    }
                }
            }
            mask = below;
            per_layer.push(layer_field(l - 1, span, &mask));
        }
        per_layer.reverse();
        let input = &per_layer[0];
        Ok(Field {
            layer,
            index,
            size: (input.span.1 - input.span.0 + 1) as usize,
            start: input.clipped.map(|c| c.0),
            end: input.clipped.map(|c| c.1),
            per_layer,
        })
    }

    /// The field of unit `(row, col)` of layer `layer` on an `n x n` image.
    pub fn field_2d(&self, layer: usize, row: usize, col: usize) -> Result<Field2d, RfError> {
        let (fr, fc) = (self.field(layer, row)?, self.field(layer, col)?);
        Ok(Field2d {
            size: fr.size,
            rows: fr.per_layer[0].clipped,
            cols: fc.per_layer[0].clipped,
            exact_rows: fr.per_layer[0].exact.clone(),
            exact_cols: fc.per_layer[0].exact.clone(),
        })
    }

    /// `jumps[l-1]` = prod(s_1..s_(l-1)): input positions between neighbours of layer `l-1`.
    pub fn jumps(&self) -> Vec<usize> {
        let mut j = 1;
        self.layers
            .iter()
            .map(|l| {
                let out = j;
                j *= l.s;
                out
            })
            .collect()
    }

    /// Receptive-field size of a unit of each layer: `[r_0 = 1, r_1, ..., r_L]`.
    pub fn rf_sizes(&self) -> Vec<usize> {
        sizes(&self.layers, &self.jumps())
    }

    /// The same curve for the same stack with every stride set to 1.
    pub fn rf_sizes_stride1(&self) -> Vec<usize> {
        sizes(&self.layers, &vec![1; self.depth()])
    }

    /// The recurrence written out with the numbers, one line per layer, e.g.
    /// `r_2 = r_1 + (k_2 - 1) x d_2 x s_1 = 3 + (3 - 1) x 1 x 1 = 5`.
    pub fn recurrence_text(&self) -> Vec<String> {
        let r = self.rf_sizes();
        let jumps = self.jumps();
        let mut lines = vec!["r_0 = 1".to_string()];
        for (i, l) in self.layers.iter().enumerate() {
            let n = i + 1;
            let strides: Vec<String> = (1..n).map(|m| format!("s_{m}")).collect();
            let values: Vec<String> = self.layers[..i].iter().map(|l| l.s.to_string()).collect();
            let (sym, val) = match i {
                0 => ("1".to_string(), "1".to_string()),
                1 => (strides.join(" x "), values.join(" x ")),
                _ => (strides.join(" x "), format!("({})", values.join(" x "))),
            };
            lines.push(format!(
                "r_{n} = r_{i} + (k_{n} - 1) x d_{n} x {sym} = {} + ({} - 1) x {} x {val} = {}",
                r[i], l.k, l.d, r[n]
            ));
            debug_assert_eq!(r[n], r[i] + (l.k - 1) * l.d * jumps[i]);
        }
        lines
    }
}

/// A stack of the first `layers` layers against one convolution with the same field (VGG's
/// design reason, Simonyan & Zisserman 2015, Sec. 2.3). Weights are per C^2 (C channels in and
/// out, biases left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackVsOne {
    pub layers: usize,
    /// The receptive field of the stack's top unit (= the single kernel's size).
    pub field: usize,
    /// Sum of k_i^2 over the stack.
    pub stack_weights: usize,
    /// field^2.
    pub single_weights: usize,
}

impl Stack {
    /// For every depth l >= 2 whose layers below all have stride 1 (so the field is one
    /// kernel's), the stack's weights against one kernel of the same field.
    pub fn stack_vs_one(&self) -> Vec<StackVsOne> {
        let r = self.rf_sizes();
        let mut out = Vec::new();
        let mut weights = 0;
        for (i, l) in self.layers.iter().enumerate() {
            weights += l.k * l.k;
            if i >= 1 {
                out.push(StackVsOne {
                    layers: i + 1,
                    field: r[i + 1],
                    stack_weights: weights,
                    single_weights: r[i + 1] * r[i + 1],
                });
            }
            if l.s != 1 {
                break;
            }
        }
        out
    }
}

/// VGG's reason for stacks of 3x3 convolutions, computed from `stack`.
pub fn vgg_design_text(stack: &Stack) -> String {
    let rows = stack.stack_vs_one();
    if rows.is_empty() {
        return "Add a second layer (stride 1 below it) to compare a stack with one large \
                convolution."
            .into();
    }
    let parts: Vec<String> = rows
        .iter()
        .map(|v| {
            format!(
                "{} layers see {f}x{f} with {} C² weights, one {f}x{f} layer needs {} C² (the \
                 stack has {:.0}% fewer)",
                v.layers,
                v.stack_weights,
                v.single_weights,
                100.0 - 100.0 * v.stack_weights as f64 / v.single_weights.max(1) as f64,
                f = v.field
            )
        })
        .collect();
    let n = rows.last().map_or(1, |v| v.layers);
    format!(
        "A stack of small kernels has the field of one large kernel with fewer weights \
         (Simonyan & Zisserman 2015, Sec. 2.3). In this page's stack (C \
         channels in and out, stride 1): {}. And each layer has its own ReLU, so {n} layers \
         apply {n} non-linearities where one large layer applies 1, which makes the decision \
         function more discriminative. VGG's stacks are the default one here: 3x3 kernels, \
         stride 1, padding 1.",
        parts.join("; ")
    )
}

fn sizes(layers: &[Layer], jumps: &[usize]) -> Vec<usize> {
    let mut r = vec![1];
    for (l, j) in layers.iter().zip(jumps) {
        r.push(r[r.len() - 1] + (l.k - 1) * l.d * j);
    }
    r
}

fn layer_field(layer: usize, span: (i64, i64), mask: &[bool]) -> LayerField {
    let last = mask.len() as i64 - 1;
    let clipped = (span.1 >= 0 && span.0 <= last)
        .then(|| (span.0.max(0) as usize, span.1.min(last) as usize));
    LayerField {
        layer,
        span,
        clipped,
        exact: (0..mask.len()).filter(|&i| mask[i]).collect(),
    }
}

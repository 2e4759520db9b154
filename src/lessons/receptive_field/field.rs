//! The receptive field of one unit: back-projected layer by layer to the input, as a hull
//! (padding included) and as the exact set of connected units, in 1-D and on a square image.

use super::{Layer, RfError, Stack};
use serde::{Deserialize, Serialize};

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

impl Stack {
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

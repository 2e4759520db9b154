//! Where the diagrams put their units, in input coordinates (input x_(i+1) sits at `i`).
//!
//! A unit is drawn above the centre of the window it reads, so a stride visibly spreads the
//! units of a layer and a deep unit sits over the middle of its receptive field.

use crate::lessons::connectivity::ConnectivityParams;
use crate::lessons::receptive_field::Stack;

/// Centre of output `j`'s window, `j s - p + (k - 1) / 2`.
pub fn output_centre(params: ConnectivityParams, j: usize) -> f64 {
    let ConnectivityParams { k, s, p, .. } = params;
    (j * s) as f64 - p as f64 + (k as f64 - 1.0) / 2.0
}

/// Unit positions of a receptive-field stack: unit `q` of layer `l` is at
/// `offsets[l] + q * jumps[l]`. Unit q of layer l reads positions `q s - p + t d` (t < k) of
/// layer l-1, whose centre is `q s - p + d (k - 1) / 2` there, so
/// `offsets[l] = offsets[l-1] + (d (k - 1) / 2 - p) jumps[l-1]` and `jumps[l] = s jumps[l-1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RfLayout {
    pub offsets: Vec<f64>,
    pub jumps: Vec<f64>,
}

impl RfLayout {
    pub fn new(stack: &Stack) -> Self {
        let (mut offsets, mut jumps) = (vec![0.0], vec![1.0]);
        for l in &stack.layers {
            let (a, j) = (offsets[offsets.len() - 1], jumps[jumps.len() - 1]);
            let half = (l.d * (l.k - 1)) as f64 / 2.0;
            offsets.push(a + (half - l.p as f64) * j);
            jumps.push(l.s as f64 * j);
        }
        Self { offsets, jumps }
    }

    /// Position of unit `q` of layer `layer` (q may be negative or past the end: padding).
    pub fn centre(&self, layer: usize, q: i64) -> f64 {
        self.offsets[layer] + q as f64 * self.jumps[layer]
    }

    /// The leftmost and rightmost positions drawn: every unit and every padding position.
    pub fn extent(&self, stack: &Stack) -> (f64, f64) {
        let (mut lo, mut hi) = (0.0f64, stack.widths[0] as f64 - 1.0);
        for (l, &w) in stack.widths.iter().enumerate() {
            let pad = stack.layers.get(l).map_or(0, |layer| layer.p) as i64;
            lo = lo.min(self.centre(l, -pad));
            hi = hi.max(self.centre(l, w as i64 - 1 + pad));
        }
        (lo, hi)
    }
}

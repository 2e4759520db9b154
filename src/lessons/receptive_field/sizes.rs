//! Receptive-field size per layer by the recurrence
//! `r_l = r_(l-1) + (k_l - 1) d_l prod(s_1 .. s_(l-1))`, and the recurrence written out with the
//! stack's numbers.

use super::{Layer, Stack};

impl Stack {
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

fn sizes(layers: &[Layer], jumps: &[usize]) -> Vec<usize> {
    let mut r = vec![1];
    for (l, j) in layers.iter().zip(jumps) {
        r.push(r[r.len() - 1] + (l.k - 1) * l.d * j);
    }
    r
}

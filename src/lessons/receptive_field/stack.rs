//! A validated stack of layers: the bounds and kernel-fits checks, and each layer's width
//! `w_l = floor((w_(l-1) + 2 p_l - d_l (k_l - 1) - 1) / s_l) + 1`.

use super::{Layer, RfError, RfParams, MAX_INPUT, MAX_LAYERS, MAX_VALUE};
use serde::{Deserialize, Serialize};

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
}

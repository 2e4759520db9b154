//! `Model::summary`: per top-level layer its name, output shape, trained parameters and
//! multiply-adds per image. Conventions (those of the architecture calculator and the papers):
//! a conv output costs kernel area x connected input channels (padded taps counted), a dense
//! output its fan-in, LeNet-5 subsampling its window; batch norm, activations, pooling, LRN,
//! dropout and additions cost none. Parameters exclude batch-norm running statistics and
//! connection-table zeros.

use super::layer::Layer;
use super::model::Model;
use crate::engine::ops::pool::PoolGeom;
use serde::Serialize;

/// One row of [`Model::summary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerSummary {
    pub index: usize,
    /// The config's label, e.g. `conv2d 3x3x16`.
    pub name: String,
    /// Per-image output shape (`[h, w, c]` or `[features]`).
    pub output: Vec<usize>,
    /// Trained parameters (a container sums its paths).
    pub params: usize,
    /// Multiply-adds per image, forward (a container sums its paths).
    pub macs: u64,
}

/// Output shape and multiply-adds of `l` on a per-image input `x`.
pub(crate) fn cost(l: &Layer, x: &[usize]) -> (Vec<usize>, u64) {
    let img = |x: &[usize]| -> [usize; 3] {
        match x {
            [h, w, c] => [*h, *w, *c],
            _ => [1, 1, x.iter().product()],
        }
    };
    match l {
        Layer::Conv(c) => {
            let [h, w, ci] = img(x);
            match c.geom(&[1, h, w, ci]) {
                Ok(g) => (
                    vec![g.oh, g.ow, g.cout],
                    (g.oh * g.ow * c.weight.trainable()) as u64,
                ),
                Err(_) => (x.to_vec(), 0),
            }
        }
        Layer::Dense(d) => {
            let s = d.weight.value().shape();
            (vec![s[1]], (s[0] * s[1]) as u64)
        }
        Layer::Pool { window, stride, .. } => {
            let [h, w, c] = img(x);
            match PoolGeom::new(&[1, h, w, c], *window, *stride) {
                Ok(g) => (vec![g.oh, g.ow, c], 0),
                Err(_) => (x.to_vec(), 0),
            }
        }
        Layer::Subsample(s) => {
            let [h, w, c] = img(x);
            match PoolGeom::new(&[1, h, w, c], s.window, s.stride) {
                Ok(g) => (
                    vec![g.oh, g.ow, c],
                    (g.oh * g.ow * c * s.window * s.window) as u64,
                ),
                Err(_) => (x.to_vec(), 0),
            }
        }
        Layer::Flatten => (vec![x.iter().product()], 0),
        Layer::GlobalAvgPool => (vec![img(x)[2]], 0),
        Layer::Act(_) | Layer::BatchNorm(_) | Layer::Dropout(_) | Layer::Lrn(_) => (x.to_vec(), 0),
        Layer::Residual(r) => {
            let (out, mut macs) = seq_cost(&r.body.layers, x);
            if let Some(s) = &r.shortcut {
                macs += seq_cost(&s.layers, x).1;
            }
            if let Some(p) = &r.projection {
                macs += cost(p, x).1;
            }
            (out, macs)
        }
        Layer::Concat(c) => {
            let (mut out, mut macs) = (Vec::new(), 0);
            for b in &c.branches {
                let (o, m) = seq_cost(&b.layers, x);
                macs += m;
                if out.is_empty() {
                    out = o;
                } else if let (Some(a), Some(b)) = (out.last_mut(), o.last()) {
                    *a += b;
                }
            }
            (out, macs)
        }
    }
}

fn seq_cost(layers: &[Layer], x: &[usize]) -> (Vec<usize>, u64) {
    layers.iter().fold((x.to_vec(), 0), |(s, m), l| {
        let (o, c) = cost(l, &s);
        (o, m + c)
    })
}

impl Model {
    /// One row per top-level layer; see the module docs for the counting conventions.
    pub fn summary(&self) -> Vec<LayerSummary> {
        let mut shape = self.config.input.clone();
        self.net
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (out, macs) = cost(l, &shape);
                shape = out.clone();
                LayerSummary {
                    index: i,
                    name: self.config.layers[i].label(),
                    output: out,
                    params: l.params().iter().map(|p| p.trainable()).sum(),
                    macs,
                }
            })
            .collect()
    }

    /// Multiply-adds per image of one forward pass.
    pub fn macs(&self) -> u64 {
        self.summary().iter().map(|r| r.macs).sum()
    }
}

//! One unit of the trained network, opened: the weights that feed it, and the test patches that
//! excite it most (as Zeiler & Fergus showed for their network: for each test image the
//! strongest response anywhere in the unit's map, whose receptive field is the patch; the nine
//! strongest images).

use super::Session;
use crate::data::mnist::{fill_batch, LENET_SIDE, MNIST_SIDE};
use crate::engine::tensor;
use crate::lessons::train::inside::{inside_layers, InsideLayer, NetField, TOP_PATCHES};
use crate::lessons::train::protocol::{MapStack, TopPatch, UnitReport};

use super::readouts::EVAL_CHUNK;

/// A test image's strongest response in one map: `(value, row, col)`, the first place in
/// row-major order on ties.
pub fn strongest(map: &[f32], c: usize, unit: usize, w: usize) -> (f32, usize, usize) {
    let mut best = (f32::NEG_INFINITY, 0);
    for (p, v) in map.iter().skip(unit).step_by(c.max(1)).enumerate() {
        if *v > best.0 {
            best = (*v, p);
        }
    }
    (best.0, best.1 / w.max(1), best.1 % w.max(1))
}

/// Keeps the `k` best `(value, index, ...)` entries: higher value first, lower index on ties.
fn keep_best(
    best: &mut Vec<(f32, usize, usize, usize)>,
    entry: (f32, usize, usize, usize),
    k: usize,
) {
    let at = best.partition_point(|b| b.0 > entry.0 || (b.0 == entry.0 && b.1 < entry.1));
    if at < k {
        best.insert(at, entry);
        best.truncate(k);
    }
}

impl Session {
    /// The network's layers as the look inside opens them.
    pub fn net_field(&self) -> Result<NetField, String> {
        inside_layers(&self.model.config)
    }

    /// Layer `position` of [`Session::net_field`], checked.
    pub(super) fn inside_layer(
        &self,
        net: &NetField,
        position: usize,
    ) -> Result<InsideLayer, String> {
        net.layers.get(position).cloned().ok_or_else(|| {
            format!(
                "this network has {} layers to open; there is no layer {}",
                net.layers.len(),
                position + 1
            )
        })
    }

    /// Unit `unit` at `(row, col)` of layer `position`: its weights and its top test patches.
    pub fn unit_report(
        &mut self,
        position: usize,
        unit: usize,
        row: usize,
        col: usize,
    ) -> Result<UnitReport, String> {
        let net = self.net_field()?;
        let layer = self.inside_layer(&net, position)?;
        let (h, w, c) = layer.shape;
        if unit >= c || row >= h || col >= w {
            return Err(format!(
                "{} is {h}x{w} with {c} maps; it has no unit {unit} at ({row}, {col})",
                layer.name
            ));
        }
        let (weights, bias) = self.unit_weights(&layer, unit);
        let top = self.top_patches(&net, &layer, unit)?;
        Ok(UnitReport {
            layer: layer.name.clone(),
            unit,
            row,
            col,
            images_seen: self.images_seen,
            weights,
            bias,
            top,
        })
    }

    fn unit_weights(&self, layer: &InsideLayer, unit: usize) -> (Option<MapStack>, Option<f32>) {
        let Some(at) = layer.weights_at else {
            return (None, None);
        };
        let Some(l) = self.model.net.layers.get(at) else {
            return (None, None);
        };
        let params = l.params();
        let Some(wp) = params.first() else {
            return (None, None);
        };
        let w = wp.value();
        let shape = w.shape().to_vec();
        let data = tensor::data(w);
        let bias = params
            .get(1)
            .and_then(|b| tensor::data(b.value()).get(unit).copied());
        let stack = match shape.as_slice() {
            // Convolution kernels are [kh, kw, in, out]: this unit's is every in-channel's kh x kw.
            [kh, kw, cin, cout] => MapStack {
                name: format!("{} map {unit}", layer.name),
                h: *kh,
                w: *kw,
                c: *cin,
                data: data.iter().skip(unit).step_by(*cout).copied().collect(),
            },
            // Dense weights are [in, out].
            [fin, fout] => MapStack {
                name: format!("{} unit {unit}", layer.name),
                h: 1,
                w: 1,
                c: *fin,
                data: data
                    .iter()
                    .skip(unit)
                    .step_by(*fout)
                    .copied()
                    .take(*fin)
                    .collect(),
            },
            _ => return (None, bias),
        };
        (Some(stack), bias)
    }

    /// The [`TOP_PATCHES`] test images where map `unit` of `layer` responds most, strongest
    /// first (ties: the lower test index), each with its strongest place's field.
    pub fn top_patches(
        &mut self,
        net: &NetField,
        layer: &InsideLayer,
        unit: usize,
    ) -> Result<Vec<TopPatch>, String> {
        let test = self.test.as_ref().ok_or("the test set is not loaded yet")?;
        let n = test.len();
        let (_, w, c) = layer.shape;
        let norm = self.norm();
        let mut best: Vec<(f32, usize, usize, usize)> = Vec::new();
        let (mut inputs, mut labels) = (Vec::new(), Vec::new());
        let mut start = 0;
        while start < n {
            let end = (start + EVAL_CHUNK).min(n);
            let idx: Vec<usize> = (start..end).collect();
            fill_batch(test, &idx, norm, &mut inputs, &mut labels).map_err(|e| e.to_string())?;
            let x = tensor::from_vec(
                &[idx.len(), LENET_SIDE, LENET_SIDE, 1],
                std::mem::take(&mut inputs),
            )
            .map_err(|e| e.to_string())?;
            self.model.forward(&x).map_err(|e| e.to_string())?;
            let a = self
                .model
                .activation(layer.shown_at)
                .ok_or("the layer has no output yet")?;
            let per = a.len() / idx.len().max(1);
            let data = tensor::data(a);
            for (k, map) in data.chunks_exact(per.max(1)).enumerate() {
                let (v, r, col) = strongest(map, c, unit, w);
                keep_best(&mut best, (v, start + k, r, col), TOP_PATCHES);
            }
            inputs = x.into_raw_vec_and_offset().0;
            start = end;
        }
        best.into_iter()
            .map(|(value, index, row, col)| {
                let field = net.unit_field(layer, row, col)?;
                Ok(TopPatch {
                    index,
                    label: test.label(index).unwrap_or(0),
                    value,
                    row,
                    col,
                    field,
                    pixels: padded_patch(
                        test.image(index).unwrap_or_default(),
                        field.rows,
                        field.cols,
                    ),
                })
            })
            .collect()
    }
}

/// The grey levels of rows `r0..=r1` and columns `c0..=c1` of a 28x28 image padded (with
/// background) to the network's 32x32 input.
pub fn padded_patch(image: &[u8], (r0, r1): (usize, usize), (c0, c1): (usize, usize)) -> Vec<u8> {
    let off = (LENET_SIDE - MNIST_SIDE) / 2;
    let mut out = Vec::with_capacity((r1 + 1 - r0) * (c1 + 1 - c0));
    for r in r0..=r1 {
        for c in c0..=c1 {
            let (y, x) = (r.wrapping_sub(off), c.wrapping_sub(off));
            out.push(if y < MNIST_SIDE && x < MNIST_SIDE {
                image.get(y * MNIST_SIDE + x).copied().unwrap_or(0)
            } else {
                0
            });
        }
    }
    out
}

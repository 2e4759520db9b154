//! Multi-path layers: the residual block `y = body(x) + shortcut(x)` (identity, automatic 1x1
//! projection, or an explicit shortcut path such as 1x1 stride-2 conv + batch norm).

use super::{Layer, Sequential};
use crate::engine::error::Result;
use crate::engine::nn::param::Param;
use crate::engine::tensor::{self, ensure, Tensor};

/// `y = body(x) + shortcut(x)`.
#[derive(Debug, Clone)]
pub struct Residual {
    pub body: Sequential,
    /// Automatic projection; `None` with `shortcut` also `None` = identity shortcut.
    pub projection: Option<Layer>,
    /// Explicit shortcut path from the config.
    pub shortcut: Option<Sequential>,
    proj_out: Tensor,
    proj_dx: Tensor,
}

impl Residual {
    pub(crate) fn new(
        body: Sequential,
        projection: Option<Layer>,
        shortcut: Option<Sequential>,
    ) -> Self {
        Residual {
            body,
            projection,
            shortcut,
            proj_out: Tensor::zeros(vec![0]),
            proj_dx: Tensor::zeros(vec![0]),
        }
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor) -> Result<()> {
        let out = self.body.forward(x)?;
        ensure(y, out.shape());
        let yd = tensor::data_mut(y);
        if let Some(s) = &mut self.shortcut {
            yd.copy_from_slice(&tensor::data(s.forward(x)?));
        } else if let Some(p) = &mut self.projection {
            p.forward(x, &mut self.proj_out, false)?;
            yd.copy_from_slice(&tensor::data(&self.proj_out));
        } else {
            yd.copy_from_slice(&tensor::data(x));
        }
        for (o, &b) in yd.iter_mut().zip(tensor::data(self.body.output()).iter()) {
            *o += b;
        }
        Ok(())
    }

    pub fn backward(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        let want = dx.is_some();
        self.body.backward(dy, want)?;
        if let Some(s) = &mut self.shortcut {
            s.backward(dy, want)?;
        } else if let Some(p) = &mut self.projection {
            let out = std::mem::take(&mut self.proj_out);
            p.backward(x, &out, dy, want.then_some(&mut self.proj_dx))?;
            self.proj_out = out;
        }
        if let Some(dx) = dx {
            ensure(dx, x.shape());
            let d = tensor::data_mut(dx);
            d.copy_from_slice(&tensor::data(self.body.input_grad()));
            let short = match (&self.shortcut, &self.projection) {
                (Some(s), _) => tensor::data(s.input_grad()),
                (None, Some(_)) => tensor::data(&self.proj_dx),
                (None, None) => tensor::data(dy),
            };
            for (o, &s) in d.iter_mut().zip(short.iter()) {
                *o += s;
            }
        }
        Ok(())
    }

    /// Every layer of the block (body, then shortcut / projection).
    pub fn layers(&self) -> impl Iterator<Item = &Layer> {
        self.body
            .layers
            .iter()
            .chain(self.shortcut.iter().flat_map(|s| s.layers.iter()))
            .chain(self.projection.as_ref())
    }

    pub fn layers_mut(&mut self) -> impl Iterator<Item = &mut Layer> {
        self.body
            .layers
            .iter_mut()
            .chain(self.shortcut.iter_mut().flat_map(|s| s.layers.iter_mut()))
            .chain(self.projection.as_mut())
    }

    pub fn params(&self) -> Vec<&Param> {
        self.layers().flat_map(|l| l.params()).collect()
    }
}

/// Parallel paths on the same input, outputs concatenated along the last axis (channels): an
/// Inception module is one `Concat`. The output gradient is split by channel ranges back to
/// each path; the input gradient is the sum of the paths' input gradients.
#[derive(Debug, Clone)]
pub struct Concat {
    pub branches: Vec<Sequential>,
    /// Per-branch slices of the output gradient.
    dys: Vec<Tensor>,
}

impl Concat {
    pub(crate) fn new(branches: Vec<Sequential>) -> Self {
        let dys = branches.iter().map(|_| Tensor::zeros(vec![0])).collect();
        Concat { branches, dys }
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor) -> Result<()> {
        let mut shape: Option<Vec<usize>> = None;
        for b in &mut self.branches {
            let o = b.forward(x)?;
            let s = shape.get_or_insert_with(|| {
                let mut s = o.shape().to_vec();
                *s.last_mut().expect("rank >= 2") = 0;
                s
            });
            *s.last_mut().expect("rank >= 2") += o.shape().last().copied().unwrap_or(0);
        }
        let shape = shape.unwrap_or_default();
        ensure(y, &shape);
        let ctot = *shape.last().unwrap_or(&1);
        let yd = tensor::data_mut(y);
        let mut off = 0;
        for b in &self.branches {
            let o = tensor::data(b.output());
            let c = *b.output().shape().last().unwrap_or(&1);
            for (row, src) in yd.chunks_exact_mut(ctot).zip(o.chunks_exact(c)) {
                row[off..off + c].copy_from_slice(src);
            }
            off += c;
        }
        Ok(())
    }

    pub fn backward(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        let ctot = *dy.shape().last().unwrap_or(&1);
        let dyd = tensor::data(dy);
        let mut off = 0;
        let want = dx.is_some();
        for (b, d) in self.branches.iter_mut().zip(&mut self.dys) {
            let shape = b.output().shape().to_vec();
            let c = *shape.last().unwrap_or(&1);
            ensure(d, &shape);
            for (dst, row) in tensor::data_mut(d)
                .chunks_exact_mut(c)
                .zip(dyd.chunks_exact(ctot))
            {
                dst.copy_from_slice(&row[off..off + c]);
            }
            off += c;
            b.backward(d, want)?;
        }
        if let Some(dx) = dx {
            ensure(dx, x.shape());
            let d = tensor::data_mut(dx);
            d.iter_mut().for_each(|v| *v = 0.0);
            for b in &self.branches {
                for (o, &g) in d.iter_mut().zip(tensor::data(b.input_grad()).iter()) {
                    *o += g;
                }
            }
        }
        Ok(())
    }

    pub fn layers(&self) -> impl Iterator<Item = &Layer> {
        self.branches.iter().flat_map(|b| b.layers.iter())
    }

    pub fn layers_mut(&mut self) -> impl Iterator<Item = &mut Layer> {
        self.branches.iter_mut().flat_map(|b| b.layers.iter_mut())
    }
}

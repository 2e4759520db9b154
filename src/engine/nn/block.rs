//! Multi-path layers: the residual block `y = body(x) + shortcut(x)` (identity, automatic 1x1
//! projection, or an explicit shortcut path such as 1x1 stride-2 conv + batch norm).

use super::layer::{Layer, Sequential};
use super::param::Param;
use crate::engine::error::Result;
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

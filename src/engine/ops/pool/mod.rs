//! Max and average pooling over square windows, NHWC, no padding ("valid").
//!
//! `max: y[n, oy, ox, c] = max_{ky, kx < k} x[n, oy·s + ky, ox·s + kx, c]`
//! `avg: y[n, oy, ox, c] = (1 / k²) Σ_{ky, kx < k} x[n, oy·s + ky, ox·s + kx, c]`
//!
//! Backward: max routes each `dy` to the first maximum of its window in scan order (ties go to
//! the earliest, as in PyTorch); avg spreads `dy / k²` over the window. Overlapping windows
//! (`s < k`) accumulate.
//!
//! # Shapes
//! `x`: `[n, h, w, c]` -> `y`: `[n, (h - k) / s + 1, (w - k) / s + 1, c]`

pub mod reference;
pub mod simd128;

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};
use serde::{Deserialize, Serialize};

/// Max or average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolMode {
    Max,
    Avg,
}

/// Validated pooling geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolGeom {
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub k: usize,
    pub stride: usize,
    pub oh: usize,
    pub ow: usize,
}

impl PoolGeom {
    pub fn new(x: &[usize], window: usize, stride: usize) -> Result<Self> {
        if x.len() != 4 {
            return Err(EngineError::shape(
                "pool",
                "x must be [n,h,w,c]",
                fmt_shape(x),
            ));
        }
        if window == 0 || stride == 0 {
            return Err(EngineError::param(
                "pool",
                format!("window {window} and stride {stride} must be >= 1"),
            ));
        }
        if x.contains(&0) {
            return Err(EngineError::shape(
                "pool",
                "zero-sized dimension",
                fmt_shape(x),
            ));
        }
        if window > x[1] || window > x[2] {
            return Err(EngineError::shape(
                "pool",
                format!("window {window} larger than the input"),
                fmt_shape(x),
            ));
        }
        Ok(PoolGeom {
            n: x[0],
            h: x[1],
            w: x[2],
            c: x[3],
            k: window,
            stride,
            oh: (x[1] - window) / stride + 1,
            ow: (x[2] - window) / stride + 1,
        })
    }
    pub fn x_shape(&self) -> [usize; 4] {
        [self.n, self.h, self.w, self.c]
    }
    pub fn y_shape(&self) -> [usize; 4] {
        [self.n, self.oh, self.ow, self.c]
    }
}

/// Forward pooling (fast kernel).
pub fn pool(x: &Tensor, window: usize, stride: usize, mode: PoolMode) -> Result<Tensor> {
    let g = PoolGeom::new(x.shape(), window, stride)?;
    let mut y = tensor::zeros(&g.y_shape());
    let xd = tensor::data(x);
    match mode {
        PoolMode::Max => simd128::max_forward(&g, &xd, tensor::data_mut(&mut y)),
        PoolMode::Avg => simd128::avg_forward(&g, &xd, tensor::data_mut(&mut y)),
    }
    Ok(y)
}

/// Backward pooling (fast kernel): `dx` from `x`, `y` (max only) and `dy`.
pub fn pool_backward(
    x: &Tensor,
    y: &Tensor,
    dy: &Tensor,
    window: usize,
    stride: usize,
    mode: PoolMode,
) -> Result<Tensor> {
    let g = PoolGeom::new(x.shape(), window, stride)?;
    if y.shape() != g.y_shape() || dy.shape() != g.y_shape() {
        return Err(EngineError::shape(
            "pool_backward",
            "y and dy must have the output shape",
            format!(
                "y {} dy {} expected {}",
                fmt_shape(y.shape()),
                fmt_shape(dy.shape()),
                fmt_shape(&g.y_shape())
            ),
        ));
    }
    let mut dx = tensor::zeros(&g.x_shape());
    let (xd, yd, dyd) = (tensor::data(x), tensor::data(y), tensor::data(dy));
    match mode {
        PoolMode::Max => simd128::max_backward(&g, &xd, &yd, &dyd, tensor::data_mut(&mut dx)),
        PoolMode::Avg => simd128::avg_backward(&g, &dyd, tensor::data_mut(&mut dx)),
    }
    Ok(dx)
}

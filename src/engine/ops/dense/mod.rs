//! Fully connected layer: `y[b, o] = bias[o] + Σ_i x[b, i] · w[i, o]`.
//! Backward: `dx = dy · wᵀ`, `dw = xᵀ · dy`, `db = Σ_b dy`. All three are the shared GEMM.
//!
//! # Shapes
//! `x`: `[n, in]` (any `[n, ...]` is read as `[n, in]` flattened), `w`: `[in, out]`,
//! `bias`: `[out]`, `y`: `[n, out]`.

pub mod reference;
pub mod simd128;

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};

/// Validated dense geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DenseGeom {
    pub n: usize,
    pub fin: usize,
    pub fout: usize,
}

impl DenseGeom {
    pub fn new(x: &[usize], w: &[usize]) -> Result<Self> {
        let shapes = || format!("x {} w {}", fmt_shape(x), fmt_shape(w));
        if x.is_empty() || w.len() != 2 {
            return Err(EngineError::shape(
                "dense",
                "x must be [n, ...] and w [in, out]",
                shapes(),
            ));
        }
        let fin: usize = x[1..].iter().product();
        if fin != w[0] {
            return Err(EngineError::shape(
                "dense",
                "input features of x and w differ",
                shapes(),
            ));
        }
        if w[1] == 0 || fin == 0 {
            return Err(EngineError::shape(
                "dense",
                "zero-sized dimension",
                shapes(),
            ));
        }
        Ok(DenseGeom {
            n: x[0],
            fin,
            fout: w[1],
        })
    }
}

/// Forward pass (fast kernel).
pub fn dense(x: &Tensor, w: &Tensor, bias: Option<&[f32]>) -> Result<Tensor> {
    let g = DenseGeom::new(x.shape(), w.shape())?;
    if let Some(b) = bias {
        if b.len() != g.fout {
            return Err(EngineError::shape(
                "dense",
                "bias length must equal out",
                format!("bias [{}] out {}", b.len(), g.fout),
            ));
        }
    }
    let mut y = tensor::zeros(&[g.n, g.fout]);
    let mut s = simd128::Scratch::default();
    let mut packed = Vec::new();
    simd128::pack_weights(&g, &tensor::data(w), &mut packed);
    simd128::forward(
        &g,
        &tensor::data(x),
        &packed,
        bias,
        false,
        tensor::data_mut(&mut y),
        &mut s,
    );
    Ok(y)
}

/// Gradients of a dense layer.
#[derive(Debug, Clone)]
pub struct DenseGrads {
    pub dx: Tensor,
    pub dw: Tensor,
    pub db: Vec<f32>,
}

/// Backward pass (fast kernels); `dx` has the shape of `x`.
pub fn dense_backward(x: &Tensor, w: &Tensor, dy: &Tensor) -> Result<DenseGrads> {
    let g = DenseGeom::new(x.shape(), w.shape())?;
    if dy.shape() != [g.n, g.fout] {
        return Err(EngineError::shape(
            "dense_backward",
            "dy must be [n, out]",
            format!(
                "dy {} expected [{}, {}]",
                fmt_shape(dy.shape()),
                g.n,
                g.fout
            ),
        ));
    }
    let mut s = simd128::Scratch::default();
    let (xd, wd, dyd) = (tensor::data(x), tensor::data(w), tensor::data(dy));
    let mut dx = tensor::zeros(x.shape());
    simd128::backward_input(&g, &wd, &dyd, tensor::data_mut(&mut dx), &mut s);
    let mut dw = tensor::zeros(w.shape());
    simd128::backward_weight(&g, &xd, &dyd, tensor::data_mut(&mut dw), &mut s);
    let mut db = vec![0.0; g.fout];
    simd128::backward_bias(&dyd, g.fout, &mut db);
    Ok(DenseGrads { dx, dw, db })
}

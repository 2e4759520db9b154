//! 2-D convolution (cross-correlation, as in every deep-learning framework), NHWC / HWIO.
//!
//! `y[n, oy, ox, co] = b[co] + Σ_{ky, kx, ci} xp[n, oy·s + ky·d, ox·s + kx·d, ci] · w[ky, kx, ci, co]`
//!
//! where `xp` is `x` zero-padded by `pad` on every side, `s` the stride and `d` the dilation.
//! Backward: `dw = Σ xp ⊗ dy` (a GEMM over all output pixels), `db = Σ dy`, and `dx` is the
//! "full" correlation of `dy` (zero-inserted by the stride) with the flipped, transposed kernel.
//! An optional connection table (LeNet-5 C3, LeCun et al. 1998, Table I) zeroes the weights of
//! unconnected (input map, output map) pairs and their gradients.
//!
//! # Shapes
//! - `x`: `[n, h, w, c_in]`, `w`: `[kh, kw, c_in, c_out]`, `bias`: `[c_out]`
//! - `y`: `[n, oh, ow, c_out]`, `oh = (h + 2·pad - d·(kh-1) - 1) / s + 1` (same for `ow`)

pub mod reference;
pub mod simd128;
pub mod winograd;
pub mod winograd_grad;

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};
use serde::{Deserialize, Serialize};

/// Stride, zero padding and dilation (the same along both axes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conv2dParams {
    pub stride: usize,
    pub pad: usize,
    pub dilation: usize,
}

impl Default for Conv2dParams {
    fn default() -> Self {
        Conv2dParams {
            stride: 1,
            pad: 0,
            dilation: 1,
        }
    }
}

/// Validated geometry of one convolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvGeom {
    pub n: usize,
    pub h: usize,
    pub w: usize,
    pub cin: usize,
    pub kh: usize,
    pub kw: usize,
    pub cout: usize,
    pub stride: usize,
    pub pad: usize,
    pub dil: usize,
    pub oh: usize,
    pub ow: usize,
}

impl ConvGeom {
    /// Checks shapes and parameters; the error names the op and both shapes.
    pub fn new(x: &[usize], w: &[usize], p: Conv2dParams) -> Result<Self> {
        let shapes = || format!("x {} w {} {:?}", fmt_shape(x), fmt_shape(w), p);
        if x.len() != 4 || w.len() != 4 {
            return Err(EngineError::shape(
                "conv2d",
                "x must be [n,h,w,c_in] and w [kh,kw,c_in,c_out]",
                shapes(),
            ));
        }
        if x[3] != w[2] {
            return Err(EngineError::shape(
                "conv2d",
                "input channels of x and w differ",
                shapes(),
            ));
        }
        if p.stride == 0 || p.dilation == 0 {
            return Err(EngineError::param(
                "conv2d",
                format!("stride and dilation must be >= 1 ({p:?})"),
            ));
        }
        if w.contains(&0) || x.contains(&0) {
            return Err(EngineError::shape(
                "conv2d",
                "zero-sized dimension",
                shapes(),
            ));
        }
        let ekh = p.dilation * (w[0] - 1) + 1;
        let ekw = p.dilation * (w[1] - 1) + 1;
        if ekh > x[1] + 2 * p.pad || ekw > x[2] + 2 * p.pad {
            return Err(EngineError::shape(
                "conv2d",
                "kernel larger than the padded input",
                shapes(),
            ));
        }
        Ok(ConvGeom {
            n: x[0],
            h: x[1],
            w: x[2],
            cin: x[3],
            kh: w[0],
            kw: w[1],
            cout: w[3],
            stride: p.stride,
            pad: p.pad,
            dil: p.dilation,
            oh: (x[1] + 2 * p.pad - ekh) / p.stride + 1,
            ow: (x[2] + 2 * p.pad - ekw) / p.stride + 1,
        })
    }
    pub fn hp(&self) -> usize {
        self.h + 2 * self.pad
    }
    pub fn wp(&self) -> usize {
        self.w + 2 * self.pad
    }
    pub fn x_shape(&self) -> [usize; 4] {
        [self.n, self.h, self.w, self.cin]
    }
    pub fn w_shape(&self) -> [usize; 4] {
        [self.kh, self.kw, self.cin, self.cout]
    }
    pub fn y_shape(&self) -> [usize; 4] {
        [self.n, self.oh, self.ow, self.cout]
    }
    /// Multiply-adds of one forward pass.
    pub fn macs(&self) -> usize {
        self.n * self.oh * self.ow * self.cout * self.kh * self.kw * self.cin
    }
}

/// Which (input map, output map) pairs are connected: `connected[ci][co]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionTable {
    pub connected: Vec<Vec<bool>>,
}

impl ConnectionTable {
    /// LeNet-5's C3 table (LeCun, Bottou, Bengio, Haffner 1998, Table I): maps 0-5 see 3
    /// contiguous S2 maps, 6-11 see 4 contiguous, 12-14 see 4 non-contiguous, 15 sees all 6.
    pub fn lenet5_c3() -> Self {
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for i in 0..6 {
            sets.push((0..3).map(|j| (i + j) % 6).collect());
        }
        for i in 0..6 {
            sets.push((0..4).map(|j| (i + j) % 6).collect());
        }
        sets.push(vec![0, 1, 3, 4]);
        sets.push(vec![1, 2, 4, 5]);
        sets.push(vec![0, 2, 3, 5]);
        sets.push((0..6).collect());
        let mut connected = vec![vec![false; 16]; 6];
        for (co, s) in sets.iter().enumerate() {
            for &ci in s {
                connected[ci][co] = true;
            }
        }
        ConnectionTable { connected }
    }

    /// Checks the table against `c_in x c_out`.
    pub fn check(&self, cin: usize, cout: usize) -> Result<()> {
        if self.connected.len() != cin || self.connected.iter().any(|r| r.len() != cout) {
            return Err(EngineError::shape(
                "conv2d",
                "connection table must be c_in x c_out",
                format!(
                    "table {}x{}, conv {cin}x{cout}",
                    self.connected.len(),
                    self.connected.first().map_or(0, |r| r.len())
                ),
            ));
        }
        Ok(())
    }

    /// A `[kh, kw, c_in, c_out]` 0/1 mask, flattened.
    pub fn mask(&self, kh: usize, kw: usize) -> Vec<f32> {
        let (cin, cout) = (
            self.connected.len(),
            self.connected.first().map_or(0, |r| r.len()),
        );
        let mut m = Vec::with_capacity(kh * kw * cin * cout);
        for _ in 0..kh * kw {
            for row in &self.connected {
                m.extend(row.iter().map(|&c| if c { 1.0 } else { 0.0 }));
            }
        }
        m
    }

    /// Number of connected pairs.
    pub fn count(&self) -> usize {
        self.connected.iter().flatten().filter(|&&c| c).count()
    }
}

fn masked(w: &[f32], g: &ConvGeom, table: Option<&ConnectionTable>) -> Result<Vec<f32>> {
    let mut w = w.to_vec();
    if let Some(t) = table {
        t.check(g.cin, g.cout)?;
        for (v, m) in w.iter_mut().zip(t.mask(g.kh, g.kw)) {
            *v *= m;
        }
    }
    Ok(w)
}

fn check_bias(g: &ConvGeom, bias: Option<&[f32]>) -> Result<()> {
    match bias {
        Some(b) if b.len() != g.cout => Err(EngineError::shape(
            "conv2d",
            "bias length must equal c_out",
            format!("bias [{}], c_out {}", b.len(), g.cout),
        )),
        _ => Ok(()),
    }
}

/// Forward pass (fast kernel). See the module docs for the formula and shapes.
pub fn conv2d(
    x: &Tensor,
    w: &Tensor,
    bias: Option<&[f32]>,
    p: Conv2dParams,
    table: Option<&ConnectionTable>,
) -> Result<Tensor> {
    let g = ConvGeom::new(x.shape(), w.shape(), p)?;
    check_bias(&g, bias)?;
    let wm = masked(&tensor::data(w), &g, table)?;
    let mut s = simd128::Scratch::default();
    let mut xp = Vec::new();
    let xd = tensor::data(x);
    let src = simd128::pad_input(&g, &xd, &mut xp);
    let mut packed = Vec::new();
    simd128::pack_weights(&g, &wm, &mut packed);
    let mut y = tensor::zeros(&g.y_shape());
    simd128::forward(
        &g,
        src,
        &packed,
        bias,
        false,
        tensor::data_mut(&mut y),
        &mut s,
    );
    Ok(y)
}

/// Gradients of a convolution.
#[derive(Debug, Clone)]
pub struct Conv2dGrads {
    pub dx: Tensor,
    pub dw: Tensor,
    pub db: Vec<f32>,
}

/// Backward pass (fast kernels) given the upstream gradient `dy` (shape of `y`).
pub fn conv2d_backward(
    x: &Tensor,
    w: &Tensor,
    dy: &Tensor,
    p: Conv2dParams,
    table: Option<&ConnectionTable>,
) -> Result<Conv2dGrads> {
    let g = ConvGeom::new(x.shape(), w.shape(), p)?;
    if dy.shape() != g.y_shape() {
        return Err(EngineError::shape(
            "conv2d_backward",
            "dy must have the output shape",
            format!(
                "dy {} expected {}",
                fmt_shape(dy.shape()),
                fmt_shape(&g.y_shape())
            ),
        ));
    }
    let wm = masked(&tensor::data(w), &g, table)?;
    let (xd, dyd) = (tensor::data(x), tensor::data(dy));
    let mut s = simd128::Scratch::default();
    let mut dx = tensor::zeros(&g.x_shape());
    simd128::backward_input(&g, &wm, &dyd, tensor::data_mut(&mut dx), &mut s);
    let mut xp = Vec::new();
    let src = simd128::pad_input(&g, &xd, &mut xp);
    let mut dw = tensor::zeros(&g.w_shape());
    simd128::backward_weight(&g, src, &dyd, tensor::data_mut(&mut dw), &mut s);
    if let Some(t) = table {
        for (v, m) in tensor::data_mut(&mut dw).iter_mut().zip(t.mask(g.kh, g.kw)) {
            *v *= m;
        }
    }
    let mut db = vec![0.0; g.cout];
    simd128::backward_bias(&dyd, g.cout, &mut db);
    Ok(Conv2dGrads { dx, dw, db })
}

//! Layers with parameters: convolution, dense, LeNet-5 subsampling. Each keeps its scratch
//! buffers and a packed copy of its weights (repacked only when the weights' version changes), so
//! a warm training step or inference call does not allocate.

use super::config::Init;
use super::param::{init_values, Param};
use crate::engine::error::Result;
use crate::engine::ops::conv2d::{self, ConnectionTable, Conv2dParams, ConvGeom};
use crate::engine::ops::dense::{self, DenseGeom};
use crate::engine::ops::pool::{self, PoolGeom};
use crate::engine::rng::Rng;
use crate::engine::tensor::{self, ensure, from_vec, Tensor};

/// Convolution layer (weights `[k, k, c_in, c_out]`).
#[derive(Debug, Clone)]
pub struct ConvLayer {
    pub params: Conv2dParams,
    pub weight: Param,
    pub bias: Option<Param>,
    /// TF-"same" padding that is not symmetric (`[top, bottom, left, right]`): the input is
    /// padded explicitly into `xsame` and the kernels run unpadded on it.
    pub same_pad: Option<[usize; 4]>,
    scratch: Box<conv2d::simd128::Scratch>,
    xpad: Vec<f32>,
    packed: Vec<f32>,
    packed_version: Option<u64>,
    xsame: Box<Tensor>,
    dxsame: Box<Tensor>,
}

/// TF-"same" padding of one axis: `(before, after)` for output `ceil(size / stride)`.
pub fn same_padding(size: usize, k: usize, stride: usize) -> (usize, usize) {
    let out = size.div_ceil(stride.max(1));
    let total = ((out.max(1) - 1) * stride + k).saturating_sub(size);
    (total / 2, total - total / 2)
}

impl ConvLayer {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: &str,
        cin: usize,
        cout: usize,
        k: usize,
        params: Conv2dParams,
        bias: bool,
        table: Option<&ConnectionTable>,
        init: Init,
        rng: &mut Rng,
    ) -> Result<Self> {
        let fan_in = |i: usize| match table {
            Some(t) => k * k * (0..cin).filter(|&ci| t.connected[ci][i % cout]).count(),
            None => k * k * cin,
        };
        let vals = init_values(init, k * k * cin * cout, fan_in, k * k * cout, rng);
        let mut weight = Param::new(
            format!("{name}.weight"),
            from_vec(&[k, k, cin, cout], vals)?,
            true,
        );
        if let Some(t) = table {
            t.check(cin, cout)?;
            weight.set_mask(t.mask(k, k));
        }
        let bias = bias.then(|| Param::new(format!("{name}.bias"), tensor::zeros(&[cout]), false));
        Ok(ConvLayer {
            params,
            weight,
            bias,
            same_pad: None,
            scratch: Default::default(),
            xpad: Vec::new(),
            packed: Vec::new(),
            packed_version: None,
            xsame: Box::new(Tensor::zeros(vec![0])),
            dxsame: Box::new(Tensor::zeros(vec![0])),
        })
    }

    /// Switches to TF-"same" padding for inputs of `h x w` (symmetric cases use `pad`).
    pub fn set_same(&mut self, h: usize, w: usize) {
        let k = self.weight.value().shape()[0];
        let s = self.params.stride;
        let (t, b) = same_padding(h, k, s);
        let (l, r) = same_padding(w, k, s);
        if t == b && l == r && t == l {
            self.params.pad = t;
            self.same_pad = None;
        } else {
            self.params.pad = 0;
            self.same_pad = Some([t, b, l, r]);
        }
    }

    /// Geometry of the kernels for an input of shape `x` (the padded shape when "same" padding
    /// is explicit).
    pub fn geom(&self, x: &[usize]) -> Result<ConvGeom> {
        let mut xs = x.to_vec();
        if let (Some([t, b, l, r]), 4) = (self.same_pad, x.len()) {
            xs[1] += t + b;
            xs[2] += l + r;
        }
        ConvGeom::new(&xs, self.weight.value().shape(), self.params)
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor, relu: bool) -> Result<()> {
        let Some(p) = self.same_pad else {
            return self.forward_on(x, y, relu);
        };
        let mut xs = std::mem::take(&mut self.xsame);
        pad_nhwc(x, p, &mut xs);
        let r = self.forward_on(&xs, y, relu);
        self.xsame = xs;
        r
    }

    fn forward_on(&mut self, x: &Tensor, y: &mut Tensor, relu: bool) -> Result<()> {
        let g = ConvGeom::new(x.shape(), self.weight.value().shape(), self.params)?;
        ensure(y, &g.y_shape());
        if self.packed_version != Some(self.weight.version()) {
            conv2d::simd128::pack_weights(&g, &tensor::data(self.weight.value()), &mut self.packed);
            self.packed_version = Some(self.weight.version());
        }
        let xd = tensor::data(x);
        let src = conv2d::simd128::pad_input(&g, &xd, &mut self.xpad);
        let bias = self
            .bias
            .as_ref()
            .map(|b| b.value().as_slice().expect("standard"));
        conv2d::simd128::forward(
            &g,
            src,
            &self.packed,
            bias,
            relu,
            tensor::data_mut(y),
            &mut self.scratch,
        );
        Ok(())
    }

    /// Needs the `x` of the preceding `forward`.
    pub fn backward(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        let Some([t, _, l, _]) = self.same_pad else {
            return self.backward_on(x, dy, dx);
        };
        let xs = std::mem::take(&mut self.xsame);
        let mut dxs = std::mem::take(&mut self.dxsame);
        let want = dx.is_some();
        let r = self.backward_on(&xs, dy, want.then_some(&mut *dxs));
        if let (Some(dx), true) = (dx, r.is_ok()) {
            ensure(dx, x.shape());
            crop_nhwc(&dxs, t, l, dx);
        }
        self.xsame = xs;
        self.dxsame = dxs;
        r
    }

    fn backward_on(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        let g = ConvGeom::new(x.shape(), self.weight.value().shape(), self.params)?;
        let (xd, dyd) = (tensor::data(x), tensor::data(dy));
        let src: &[f32] = if g.pad == 0 { &xd } else { &self.xpad };
        conv2d::simd128::backward_weight(
            &g,
            src,
            &dyd,
            tensor::data_mut(&mut self.weight.grad),
            &mut self.scratch,
        );
        self.weight.mask_grad();
        if let Some(b) = &mut self.bias {
            conv2d::simd128::backward_bias(&dyd, g.cout, tensor::data_mut(&mut b.grad));
        }
        if let Some(dx) = dx {
            ensure(dx, &g.x_shape());
            let w = tensor::data(self.weight.value());
            conv2d::simd128::backward_input(&g, &w, &dyd, tensor::data_mut(dx), &mut self.scratch);
        }
        Ok(())
    }
}

/// `out = x` zero-padded by `[top, bottom, left, right]` (NHWC).
fn pad_nhwc(x: &Tensor, [t, b, l, r]: [usize; 4], out: &mut Tensor) {
    let s = x.shape();
    let (n, h, w, c) = (s[0], s[1], s[2], s[3]);
    let (hp, wp) = (h + t + b, w + l + r);
    ensure(out, &[n, hp, wp, c]);
    let (xd, od) = (tensor::data(x), tensor::data_mut(out));
    od.iter_mut().for_each(|v| *v = 0.0);
    for i in 0..n {
        for y in 0..h {
            let src = ((i * h + y) * w) * c;
            let dst = ((i * hp + y + t) * wp + l) * c;
            od[dst..dst + w * c].copy_from_slice(&xd[src..src + w * c]);
        }
    }
}

/// `out` (shape set by the caller) = the window of `xp` starting at row `t`, column `l`.
fn crop_nhwc(xp: &Tensor, t: usize, l: usize, out: &mut Tensor) {
    let (s, hp, wp) = (out.shape().to_vec(), xp.shape()[1], xp.shape()[2]);
    let (n, h, w, c) = (s[0], s[1], s[2], s[3]);
    let (xd, od) = (tensor::data(xp), tensor::data_mut(out));
    for i in 0..n {
        for y in 0..h {
            let dst = ((i * h + y) * w) * c;
            let src = ((i * hp + y + t) * wp + l) * c;
            od[dst..dst + w * c].copy_from_slice(&xd[src..src + w * c]);
        }
    }
}

/// Dense layer (weights `[in, out]`).
#[derive(Debug, Clone)]
pub struct DenseLayer {
    pub weight: Param,
    pub bias: Option<Param>,
    scratch: dense::simd128::Scratch,
    packed: Vec<f32>,
    packed_version: Option<u64>,
}

impl DenseLayer {
    pub fn new(
        name: &str,
        fin: usize,
        fout: usize,
        bias: bool,
        init: Init,
        rng: &mut Rng,
    ) -> Result<Self> {
        let vals = init_values(init, fin * fout, |_| fin, fout, rng);
        let weight = Param::new(
            format!("{name}.weight"),
            from_vec(&[fin, fout], vals)?,
            true,
        );
        let bias = bias.then(|| Param::new(format!("{name}.bias"), tensor::zeros(&[fout]), false));
        Ok(DenseLayer {
            weight,
            bias,
            scratch: Default::default(),
            packed: Vec::new(),
            packed_version: None,
        })
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor, relu: bool) -> Result<()> {
        let g = DenseGeom::new(x.shape(), self.weight.value().shape())?;
        ensure(y, &[g.n, g.fout]);
        if self.packed_version != Some(self.weight.version()) {
            dense::simd128::pack_weights(&g, &tensor::data(self.weight.value()), &mut self.packed);
            self.packed_version = Some(self.weight.version());
        }
        let bias = self
            .bias
            .as_ref()
            .map(|b| b.value().as_slice().expect("standard"));
        dense::simd128::forward(
            &g,
            &tensor::data(x),
            &self.packed,
            bias,
            relu,
            tensor::data_mut(y),
            &mut self.scratch,
        );
        Ok(())
    }

    pub fn backward(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        let g = DenseGeom::new(x.shape(), self.weight.value().shape())?;
        let (xd, dyd) = (tensor::data(x), tensor::data(dy));
        dense::simd128::backward_weight(
            &g,
            &xd,
            &dyd,
            tensor::data_mut(&mut self.weight.grad),
            &mut self.scratch,
        );
        if let Some(b) = &mut self.bias {
            dense::simd128::backward_bias(&dyd, g.fout, tensor::data_mut(&mut b.grad));
        }
        if let Some(dx) = dx {
            ensure(dx, x.shape());
            let w = tensor::data(self.weight.value());
            dense::simd128::backward_input(&g, &w, &dyd, tensor::data_mut(dx), &mut self.scratch);
        }
        Ok(())
    }
}

/// LeNet-5 subsampling (S2, S4): `y[c] = coef[c] · avgpool(x)[c] + bias[c]`. The paper sums the
/// four inputs; averaging only rescales the coefficient (initialised so both agree: coef 4·1/4).
#[derive(Debug, Clone)]
pub struct SubsampleLayer {
    pub window: usize,
    pub stride: usize,
    pub coef: Param,
    pub bias: Param,
    avg: Vec<f32>,
    tmp: Vec<f32>,
}

impl SubsampleLayer {
    pub fn new(name: &str, c: usize, window: usize, stride: usize) -> Result<Self> {
        Ok(SubsampleLayer {
            window,
            stride,
            coef: Param::new(format!("{name}.coef"), from_vec(&[c], vec![1.0; c])?, false),
            bias: Param::new(format!("{name}.bias"), tensor::zeros(&[c]), false),
            avg: Vec::new(),
            tmp: Vec::new(),
        })
    }

    pub fn forward(&mut self, x: &Tensor, y: &mut Tensor) -> Result<()> {
        let g = PoolGeom::new(x.shape(), self.window, self.stride)?;
        ensure(y, &g.y_shape());
        self.avg.resize(g.n * g.oh * g.ow * g.c, 0.0);
        pool::simd128::avg_forward(&g, &tensor::data(x), &mut self.avg);
        let (coef, bias) = (
            tensor::data(self.coef.value()),
            tensor::data(self.bias.value()),
        );
        for (o, a) in tensor::data_mut(y)
            .chunks_exact_mut(g.c)
            .zip(self.avg.chunks_exact(g.c))
        {
            for c in 0..g.c {
                o[c] = coef[c] * a[c] + bias[c];
            }
        }
        Ok(())
    }

    pub fn backward(&mut self, x: &Tensor, dy: &Tensor, dx: Option<&mut Tensor>) -> Result<()> {
        let g = PoolGeom::new(x.shape(), self.window, self.stride)?;
        let dyd = tensor::data(dy);
        let coef = tensor::data(self.coef.value()).into_owned();
        let (dc, db) = (
            tensor::data_mut(&mut self.coef.grad),
            tensor::data_mut(&mut self.bias.grad),
        );
        dc.iter_mut().chain(db.iter_mut()).for_each(|v| *v = 0.0);
        self.tmp.resize(dyd.len(), 0.0);
        for ((d, a), t) in dyd
            .chunks_exact(g.c)
            .zip(self.avg.chunks_exact(g.c))
            .zip(self.tmp.chunks_exact_mut(g.c))
        {
            for c in 0..g.c {
                dc[c] += d[c] * a[c];
                db[c] += d[c];
                t[c] = d[c] * coef[c];
            }
        }
        if let Some(dx) = dx {
            ensure(dx, x.shape());
            pool::simd128::avg_backward(&g, &self.tmp, tensor::data_mut(dx));
        }
        Ok(())
    }
}

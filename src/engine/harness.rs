//! One harness that checks every fast kernel against its reference over many shapes: tails
//! (sizes not a multiple of 4 or of the 6x8 tile), 1x1 kernels, stride > kernel, dilation,
//! padding wider than the kernel, single rows/pixels. It is plain Rust returning a report, so the
//! same function runs natively (`tests/engine_harness.rs`, portable vectors) and in the browser
//! (`tests/wasm_engine.rs`, SIMD128 intrinsics).

use super::ops::activation::{self, Activation};
use super::ops::batchnorm;
use super::ops::conv2d::{self, Conv2dParams, ConvGeom};
use super::ops::dense::{self, DenseGeom};
use super::ops::gemm::{self, AIndex, Epilogue};
use super::ops::pool::{self, PoolGeom};
use super::rng::Rng;

/// Number of cases checked per kernel family.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub gemm: usize,
    pub conv2d: usize,
    pub pool: usize,
    pub dense: usize,
    pub relu: usize,
    pub batchnorm: usize,
}

fn close(what: &str, fast: &[f32], reference: &[f32], k: usize) -> Result<(), String> {
    if fast.len() != reference.len() {
        return Err(format!(
            "{what}: length {} vs {}",
            fast.len(),
            reference.len()
        ));
    }
    let atol = 1e-5 + 2e-6 * k as f32;
    for (i, (&a, &b)) in fast.iter().zip(reference).enumerate() {
        if (a - b).abs() > atol + 1e-4 * b.abs() || a.is_nan() != b.is_nan() {
            return Err(format!("{what}: element {i}: fast {a} vs reference {b}"));
        }
    }
    Ok(())
}

/// Runs every check; `Err` describes the first mismatch.
pub fn run_all() -> Result<Report, String> {
    let mut rep = Report::default();
    let mut rng = Rng::new(2024);
    check_gemm(&mut rng, &mut rep)?;
    check_conv(&mut rng, &mut rep)?;
    check_pool(&mut rng, &mut rep)?;
    check_dense(&mut rng, &mut rep)?;
    check_relu(&mut rng, &mut rep)?;
    check_batchnorm(&mut rng, &mut rep)?;
    Ok(rep)
}

fn check_gemm(rng: &mut Rng, rep: &mut Report) -> Result<(), String> {
    for &(m, n, segs, seg_len, cs) in &[
        (1, 1, 1, 1, 1),
        (6, 8, 1, 4, 1),
        (7, 9, 2, 3, 1),
        (13, 17, 3, 5, 2),
        (5, 3, 1, 11, 3),
        (12, 16, 4, 4, 1),
        (1, 33, 1, 7, 1),
        (19, 1, 2, 2, 5),
    ] {
        for variant in 0..4 {
            let k = segs * seg_len;
            let rows: Vec<usize> = (0..m).map(|i| i * 3 + (i % 2)).collect();
            let seg: Vec<usize> = (0..segs).map(|s| s * (seg_len * cs + 2)).collect();
            let a = AIndex {
                rows: &rows,
                segs: &seg,
                seg_len,
                cs,
            };
            let src = rng.uniform_vec(a.extent(), -1.0, 1.0);
            let b = rng.uniform_vec(k * n, -1.0, 1.0);
            let bias = rng.uniform_vec(n, -1.0, 1.0);
            let ep = Epilogue {
                accumulate: variant & 1 == 1,
                bias: (variant & 2 == 2).then_some(&bias[..]),
                relu: variant == 3,
            };
            let ldc = n + variant;
            let init = rng.uniform_vec(m * ldc, -1.0, 1.0);
            let (mut c_fast, mut c_ref) = (init.clone(), init);
            let mut packed = Vec::new();
            gemm::pack_b(k, n, &b, n, 1, &mut packed);
            gemm::gemm(&src, &a, &packed, n, &mut c_fast, ldc, &ep);
            gemm::reference::gemm(&src, &a, &b, n, 1, n, &mut c_ref, ldc, &ep);
            close(
                &format!("gemm m{m} n{n} k{k} cs{cs} v{variant}"),
                &c_fast,
                &c_ref,
                k,
            )?;
            rep.gemm += 1;
        }
    }
    Ok(())
}

/// (n, h, w, cin, kh, kw, cout, stride, pad, dilation)
const CONV_CASES: &[[usize; 10]] = &[
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1],
    [1, 5, 5, 1, 3, 3, 1, 1, 0, 1],
    [2, 7, 6, 3, 3, 3, 5, 1, 1, 1],
    [1, 8, 8, 4, 1, 1, 8, 1, 0, 1],
    [3, 6, 5, 5, 1, 1, 7, 2, 0, 1],
    [1, 9, 9, 2, 2, 2, 3, 3, 0, 1],
    [2, 10, 9, 3, 3, 2, 9, 2, 1, 1],
    [1, 9, 10, 2, 3, 3, 4, 1, 2, 2],
    [1, 7, 7, 1, 2, 2, 2, 1, 3, 1],
    [2, 12, 12, 1, 5, 5, 6, 1, 0, 1],
    [2, 14, 14, 6, 5, 5, 16, 1, 0, 1],
    [1, 11, 13, 16, 3, 3, 13, 1, 1, 1],
    [1, 6, 6, 17, 3, 3, 6, 2, 1, 2],
    [2, 5, 5, 16, 5, 5, 12, 1, 0, 1],
    // One input channel (LeNet-5's C1 and the lessons' grey images): dilation, several weight
    // panels, padding, row tails, 1x1.
    [4, 32, 32, 1, 5, 5, 6, 1, 0, 1],
    [2, 9, 11, 1, 3, 3, 13, 1, 1, 2],
    [1, 6, 19, 1, 4, 2, 7, 1, 2, 1],
    [3, 8, 5, 1, 1, 1, 3, 1, 0, 1],
    [1, 3, 30, 1, 3, 7, 17, 1, 1, 1],
    // 3x3 stride 1: odd output sizes, channel tails, padding 0/1/2.
    [1, 9, 7, 5, 3, 3, 9, 1, 0, 1],
    [2, 6, 6, 8, 3, 3, 8, 1, 1, 1],
    [3, 13, 11, 7, 3, 3, 19, 1, 2, 1],
    // Winograd F(4x4, 3x3) (8+ channels in and out): tile-aligned and ragged outputs, channel
    // tails in and out, several blocks of tiles, padding 0/1/2, outputs smaller than a tile.
    [1, 10, 10, 8, 3, 3, 8, 1, 0, 1],
    // ResNet-8-mini shapes: Winograd input gradients, weight gradients over several pixel blocks,
    // a stride-2 3x3 on an explicitly padded input, a 1x1 stride-2 shortcut.
    [2, 28, 28, 16, 3, 3, 16, 1, 1, 1],
    [2, 15, 15, 32, 3, 3, 24, 2, 0, 1],
    [3, 14, 14, 32, 1, 1, 16, 2, 0, 1],
    [2, 17, 14, 9, 3, 3, 10, 1, 1, 1],
    [1, 3, 3, 12, 3, 3, 17, 1, 2, 1],
    [1, 2, 5, 8, 3, 3, 8, 1, 1, 1],
    [3, 23, 21, 13, 3, 3, 9, 1, 1, 1],
    [1, 32, 32, 16, 3, 3, 32, 1, 1, 1],
];

fn check_conv(rng: &mut Rng, rep: &mut Report) -> Result<(), String> {
    for c in CONV_CASES {
        let p = Conv2dParams {
            stride: c[7],
            pad: c[8],
            dilation: c[9],
        };
        let g = ConvGeom::new(&[c[0], c[1], c[2], c[3]], &[c[4], c[5], c[3], c[6]], p)
            .map_err(|e| e.to_string())?;
        let x = rng.uniform_vec(g.n * g.h * g.w * g.cin, -1.0, 1.0);
        let w = rng.uniform_vec(g.kh * g.kw * g.cin * g.cout, -1.0, 1.0);
        let bias = rng.uniform_vec(g.cout, -1.0, 1.0);
        let dy = rng.uniform_vec(g.n * g.oh * g.ow * g.cout, -1.0, 1.0);
        let k = g.kh * g.kw * g.cin;
        let what = format!("conv2d {c:?}");
        let mut s = conv2d::simd128::Scratch::default();
        let mut xp = Vec::new();
        let src = conv2d::simd128::pad_input(&g, &x, &mut xp);
        let mut packed = Vec::new();
        conv2d::simd128::pack_weights(&g, &w, &mut packed);
        let (mut yf, mut yr) = (vec![0.0; dy.len()], vec![0.0; dy.len()]);
        conv2d::simd128::forward(&g, src, &packed, Some(&bias), false, &mut yf, &mut s);
        conv2d::reference::forward(&g, &x, &w, Some(&bias), &mut yr);
        close(&format!("{what} forward"), &yf, &yr, k)?;
        conv2d::simd128::forward(&g, src, &packed, Some(&bias), true, &mut yf, &mut s);
        yr.iter_mut().for_each(|v| *v = v.max(0.0));
        close(&format!("{what} forward+relu"), &yf, &yr, k)?;
        if conv2d::winograd::eligible(&g) {
            // The direct GEMM path too, which the dispatcher does not take for this shape.
            conv2d::simd128::pack_weights_direct(&g, &w, &mut packed);
            conv2d::simd128::forward_direct(&g, src, &packed, Some(&bias), true, &mut yf, &mut s);
            close(&format!("{what} forward+relu (GEMM)"), &yf, &yr, k)?;
        }
        let (mut dxf, mut dxr) = (vec![1.0; x.len()], vec![0.0; x.len()]);
        conv2d::reference::backward_input(&g, &w, &dy, &mut dxr);
        let kk = g.kh * g.kw * g.cout;
        conv2d::simd128::backward_input_direct(&g, &w, &dy, &mut dxf, &mut s);
        close(&format!("{what} input grad (direct)"), &dxf, &dxr, kk)?;
        dxf.iter_mut().for_each(|v| *v = 1.0);
        conv2d::simd128::backward_input_col(&g, &w, &dy, &mut dxf, &mut s);
        close(&format!("{what} input grad (col2im)"), &dxf, &dxr, kk)?;
        let (mut dwf, mut dwr) = (vec![1.0; w.len()], vec![0.0; w.len()]);
        conv2d::simd128::backward_weight(&g, src, &dy, &mut dwf, &mut s);
        conv2d::reference::backward_weight(&g, &x, &dy, &mut dwr);
        close(
            &format!("{what} weight grad"),
            &dwf,
            &dwr,
            g.n * g.oh * g.ow,
        )?;
        let (mut dbf, mut dbr) = (vec![1.0; g.cout], vec![0.0; g.cout]);
        conv2d::simd128::backward_bias(&dy, g.cout, &mut dbf);
        conv2d::reference::backward_bias(&dy, g.cout, &mut dbr);
        close(&format!("{what} bias grad"), &dbf, &dbr, g.n * g.oh * g.ow)?;
        rep.conv2d += 1;
    }
    Ok(())
}

fn check_pool(rng: &mut Rng, rep: &mut Report) -> Result<(), String> {
    for &(n, h, w, c) in &[
        (1, 1, 1, 1),
        (1, 4, 4, 4),
        (2, 7, 5, 3),
        (1, 8, 8, 9),
        (2, 6, 9, 6),
        (1, 9, 9, 16),
        (1, 5, 7, 32),
    ] {
        for &(k, s) in &[(1, 1), (2, 2), (2, 1), (3, 2), (2, 3), (3, 3), (1, 2)] {
            let Ok(g) = PoolGeom::new(&[n, h, w, c], k, s) else {
                continue;
            };
            let x = rng.uniform_vec(n * h * w * c, -1.0, 1.0);
            let ny = g.n * g.oh * g.ow * g.c;
            let dy = rng.uniform_vec(ny, -1.0, 1.0);
            let what = format!("pool {:?} k{k} s{s}", [n, h, w, c]);
            let (mut yf, mut yr) = (vec![0.0; ny], vec![0.0; ny]);
            pool::simd128::max_forward(&g, &x, &mut yf);
            pool::reference::max_forward(&g, &x, &mut yr);
            close(&format!("{what} max"), &yf, &yr, 1)?;
            let (mut dxf, mut dxr) = (vec![1.0; x.len()], vec![0.0; x.len()]);
            pool::simd128::max_backward(&g, &x, &yr, &dy, &mut dxf);
            pool::reference::max_backward(&g, &x, &dy, &mut dxr);
            close(&format!("{what} max backward"), &dxf, &dxr, k * k)?;
            pool::simd128::avg_forward(&g, &x, &mut yf);
            pool::reference::avg_forward(&g, &x, &mut yr);
            close(&format!("{what} avg"), &yf, &yr, k * k)?;
            pool::simd128::avg_backward(&g, &dy, &mut dxf);
            pool::reference::avg_backward(&g, &dy, &mut dxr);
            close(&format!("{what} avg backward"), &dxf, &dxr, k * k)?;
            rep.pool += 1;
        }
    }
    Ok(())
}

fn check_dense(rng: &mut Rng, rep: &mut Report) -> Result<(), String> {
    for &(n, fin, fout) in &[
        (1, 1, 1),
        (1, 400, 120),
        (2, 5, 3),
        (7, 13, 10),
        (32, 120, 84),
        (5, 84, 10),
        (6, 9, 17),
        (33, 4, 8),
    ] {
        let g = DenseGeom { n, fin, fout };
        let x = rng.uniform_vec(n * fin, -1.0, 1.0);
        let w = rng.uniform_vec(fin * fout, -1.0, 1.0);
        let bias = rng.uniform_vec(fout, -1.0, 1.0);
        let dy = rng.uniform_vec(n * fout, -1.0, 1.0);
        let what = format!("dense n{n} in{fin} out{fout}");
        let mut s = dense::simd128::Scratch::default();
        let mut packed = Vec::new();
        dense::simd128::pack_weights(&g, &w, &mut packed);
        let (mut yf, mut yr) = (vec![0.0; n * fout], vec![0.0; n * fout]);
        dense::simd128::forward(&g, &x, &packed, Some(&bias), false, &mut yf, &mut s);
        dense::reference::forward(&g, &x, &w, Some(&bias), &mut yr);
        close(&format!("{what} forward"), &yf, &yr, fin)?;
        let (mut dxf, mut dxr) = (vec![1.0; x.len()], vec![0.0; x.len()]);
        dense::simd128::backward_input(&g, &w, &dy, &mut dxf, &mut s);
        dense::reference::backward_input(&g, &w, &dy, &mut dxr);
        close(&format!("{what} input grad"), &dxf, &dxr, fout)?;
        let (mut dwf, mut dwr) = (vec![1.0; w.len()], vec![0.0; w.len()]);
        dense::simd128::backward_weight(&g, &x, &dy, &mut dwf, &mut s);
        dense::reference::backward_weight(&g, &x, &dy, &mut dwr);
        close(&format!("{what} weight grad"), &dwf, &dwr, n)?;
        rep.dense += 1;
    }
    Ok(())
}

fn check_relu(rng: &mut Rng, rep: &mut Report) -> Result<(), String> {
    for len in [0usize, 1, 3, 4, 5, 8, 15, 17, 64, 131] {
        let x = rng.uniform_vec(len, -1.0, 1.0);
        let dy = rng.uniform_vec(len, -1.0, 1.0);
        let (mut yf, mut yr) = (vec![0.0; len], vec![0.0; len]);
        activation::simd128::relu_forward(&x, &mut yf);
        activation::reference::forward(Activation::Relu, &x, &mut yr);
        close(&format!("relu {len}"), &yf, &yr, 1)?;
        let mut inplace = x.clone();
        activation::simd128::relu_inplace(&mut inplace);
        close(&format!("relu inplace {len}"), &inplace, &yr, 1)?;
        let (mut df, mut dr) = (vec![1.0; len], vec![0.0; len]);
        activation::simd128::relu_backward(&yr, &dy, &mut df);
        activation::reference::backward(Activation::Relu, &yr, &dy, &mut dr);
        close(&format!("relu backward {len}"), &df, &dr, 1)?;
        rep.relu += 1;
    }
    Ok(())
}

fn check_batchnorm(rng: &mut Rng, rep: &mut Report) -> Result<(), String> {
    for &(m, c) in &[(1, 1), (2, 3), (7, 4), (5, 6), (33, 16), (130, 9), (64, 32)] {
        let x = rng.uniform_vec(m * c, -2.0, 3.0);
        let dy = rng.uniform_vec(m * c, -1.0, 1.0);
        let mean_in = rng.uniform_vec(c, -0.5, 0.5);
        let (scale, shift) = (rng.uniform_vec(c, 0.5, 1.5), rng.uniform_vec(c, -1.0, 1.0));
        let what = format!("batchnorm {m}x{c}");
        let (mut mf, mut vf, mut mr, mut vr) =
            (vec![0.0; c], vec![0.0; c], vec![0.0; c], vec![0.0; c]);
        batchnorm::simd128::mean_var(&x, c, &mut mf, &mut vf);
        batchnorm::reference::mean_var(&x, c, &mut mr, &mut vr);
        close(&format!("{what} mean"), &mf, &mr, m)?;
        close(&format!("{what} var"), &vf, &vr, m)?;
        let (mut yf, mut yr) = (vec![0.0; m * c], vec![1.0; m * c]);
        batchnorm::simd128::affine(&x, &scale, &shift, &mut yf);
        batchnorm::reference::affine(&x, &scale, &shift, &mut yr);
        close(&format!("{what} affine"), &yf, &yr, 1)?;
        let (mut af, mut bf, mut ar, mut br) =
            (vec![0.0; c], vec![0.0; c], vec![0.0; c], vec![0.0; c]);
        batchnorm::simd128::grad_sums(&x, &dy, &mean_in, &mut af, &mut bf);
        batchnorm::reference::grad_sums(&x, &dy, &mean_in, &mut ar, &mut br);
        close(&format!("{what} sum dy"), &af, &ar, m)?;
        close(&format!("{what} sum dy·x"), &bf, &br, m)?;
        let q = rng.uniform_vec(c, -1.0, 1.0);
        batchnorm::simd128::affine2(&dy, &x, &scale, &shift, &q, &mut yf);
        batchnorm::reference::affine2(&dy, &x, &scale, &shift, &q, &mut yr);
        close(&format!("{what} dx"), &yf, &yr, 2)?;
        rep.batchnorm += 1;
    }
    Ok(())
}

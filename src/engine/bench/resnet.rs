//! Workload 5 of the benchmark suite: ResNet-8-mini training (`resnet_train_ips`). Momentum SGD
//! lr 0.05, momentum 0.9, batch 32, softmax cross-entropy; data = the LeNet batches' pixels
//! unpadded (`mnistLike28Batch`, seeds 100+i) and labels (seeds 200+i), 8 batches cycled; at
//! least 5 warm-up batches and 300 ms untimed, then 512 images (16 batches), stopping after
//! 20 s once at least 4 batches are done. Also the per-phase profile of one training step.

use super::{labels, median};
use crate::engine::nn::layers::same_padding;
use crate::engine::nn::{resnet8_mini, Model, Optimizer, OptimizerConfig};
use crate::engine::ops::batchnorm::BnState;
use crate::engine::ops::conv2d::{self, Conv2dParams, ConvGeom};
use crate::engine::rng::Mulberry32;
use crate::engine::tensor::{self, Tensor};
use serde::Serialize;

/// Batch size of the workload.
pub const BATCH: usize = 32;

/// `mnistLike28Batch(n, seed)`: the same pixel stream as the LeNet batches, `[n, 28, 28, 1]`.
pub fn mnist_like28_batch(n: usize, seed: u32) -> Tensor {
    let mut r = Mulberry32::new(seed);
    let a = (0..n * 784).map(|_| r.next_f64() as f32).collect();
    tensor::from_vec(&[n, 28, 28, 1], a).expect("shape")
}

/// The workload's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ResnetTrainFigures {
    pub ips: f64,
    pub images: usize,
    /// Loss of the first warm-up batch and of the last timed batch.
    pub loss_first: f32,
    pub loss_last: f32,
}

/// ResNet-8-mini training throughput (images/s).
pub fn run_resnet_train(clock: &dyn Fn() -> f64) -> ResnetTrainFigures {
    let mut model = Model::from_config(resnet8_mini(), super::MODEL_SEED).expect("resnet");
    let mut opt = Optimizer::new(OptimizerConfig::Sgd {
        lr: 0.05,
        momentum: 0.9,
        weight_decay: 0.0,
    });
    let batches: Vec<(Tensor, Vec<usize>)> = (0..8)
        .map(|i| (mnist_like28_batch(BATCH, 100 + i), labels(BATCH, 200 + i)))
        .collect();
    let mut step = |i: usize| {
        let (x, y) = &batches[i % 8];
        model.train_step(x, y, &mut opt).expect("train").loss
    };
    let w0 = clock();
    let loss_first = step(0);
    let mut i = 1;
    while i < 5 || clock() - w0 < 300.0 {
        step(i);
        i += 1;
    }
    let (t0, mut nb, mut loss_last) = (clock(), 0, 0.0);
    while nb < 512 / BATCH && !(nb >= 4 && clock() - t0 > 20_000.0) {
        loss_last = step(nb);
        nb += 1;
    }
    let images = nb * BATCH;
    ResnetTrainFigures {
        ips: images as f64 / ((clock() - t0) / 1000.0),
        images,
        loss_first,
        loss_last,
    }
}

/// The convolutions of ResNet-8-mini: (name, input h = w, c_in, kernel, c_out, stride).
const CONVS: [(&str, usize, usize, usize, usize, usize); 9] = [
    ("stem", 28, 1, 3, 16, 1),
    ("s1.conv1", 28, 16, 3, 16, 1),
    ("s1.conv2", 28, 16, 3, 16, 1),
    ("s2.conv1", 28, 16, 3, 32, 2),
    ("s2.conv2", 14, 32, 3, 32, 1),
    ("s2.short", 28, 16, 1, 32, 2),
    ("s3.conv1", 14, 32, 3, 64, 2),
    ("s3.conv2", 7, 64, 3, 64, 1),
    ("s3.short", 14, 32, 1, 64, 2),
];

/// Kernel geometry of a TF-"same" conv as the layer runs it: symmetric padding through `pad`,
/// asymmetric by an explicitly padded input.
fn same_geom(n: usize, h: usize, cin: usize, k: usize, cout: usize, s: usize) -> ConvGeom {
    let (a, b) = same_padding(h, k, s);
    let (hh, pad) = if a == b { (h, a) } else { (h + a + b, 0) };
    let p = Conv2dParams {
        stride: s,
        pad,
        dilation: 1,
    };
    ConvGeom::new(&[n, hh, hh, cin], &[k, k, cin, cout], p).expect("geom")
}

/// Milliseconds per batch-32 training step by phase: conv forwards, conv weight gradients,
/// conv input gradients, batch norm (forward + backward, all 9), the rest (ReLU, adds, pooling,
/// dense, loss, optimiser, copies: the whole step minus the others), and the whole step.
pub fn profile_resnet(clock: &dyn Fn() -> f64) -> Vec<(String, f64)> {
    let time = |f: &mut dyn FnMut()| {
        let t = clock();
        while clock() - t < 100.0 {
            f();
        }
        let mut per = Vec::new();
        for _ in 0..5 {
            let (a, mut k) = (clock(), 0);
            while clock() - a < 30.0 {
                f();
                k += 1;
            }
            per.push((clock() - a) / k as f64);
        }
        median(&mut per)
    };
    let (mut fwd, mut wgrad, mut igrad, mut bn) = (0.0, 0.0, 0.0, 0.0);
    let mut rows = Vec::new();
    for (i, &(name, h, cin, k, cout, s)) in CONVS.iter().enumerate() {
        let g = same_geom(BATCH, h, cin, k, cout, s);
        let x = super::rand_array(g.n * g.h * g.w * g.cin, i as u32, -1.0, 1.0);
        let w = super::rand_array(k * k * cin * cout, 50 + i as u32, -1.0, 1.0);
        let dy = super::rand_array(g.n * g.oh * g.ow * cout, 90 + i as u32, -1.0, 1.0);
        let (mut packed, mut sc, mut xp) =
            (Vec::new(), conv2d::simd128::Scratch::default(), Vec::new());
        conv2d::simd128::pack_weights(&g, &w, &mut packed);
        let src = conv2d::simd128::pad_input(&g, &x, &mut xp).to_vec();
        let (mut y, mut dx, mut dw) = (vec![0.0; dy.len()], vec![0.0; x.len()], vec![0.0; w.len()]);
        let f =
            time(&mut || conv2d::simd128::forward(&g, &src, &packed, None, false, &mut y, &mut sc));
        let wg = time(&mut || conv2d::simd128::backward_weight(&g, &src, &dy, &mut dw, &mut sc));
        let ig = if i == 0 {
            0.0
        } else {
            time(&mut || conv2d::simd128::backward_input(&g, &w, &dy, &mut dx, &mut sc))
        };
        rows.push((format!("{name} fwd"), f));
        rows.push((format!("{name} wgrad"), wg));
        rows.push((format!("{name} igrad"), ig));
        fwd += f;
        wgrad += wg;
        igrad += ig;
        // The batch norm after this conv, on its output.
        let c = cout;
        let (gamma, beta) = (vec![1.0; c], vec![0.0; c]);
        let mut st = BnState::default();
        let (mut by, mut bdx) = (vec![0.0; y.len()], vec![0.0; y.len()]);
        let (mut dg, mut db) = (vec![0.0; c], vec![0.0; c]);
        bn += time(&mut || {
            st.forward_train(&y, &gamma, &beta, 1e-3, &mut by);
            st.backward(&y, &dy, true, &mut dg, &mut db, Some(&mut bdx));
        });
    }
    let mut model = Model::from_config(resnet8_mini(), super::MODEL_SEED).expect("resnet");
    let mut opt = Optimizer::new(OptimizerConfig::Sgd {
        lr: 0.05,
        momentum: 0.9,
        weight_decay: 0.0,
    });
    let (x, l) = (mnist_like28_batch(BATCH, 100), labels(BATCH, 200));
    let whole = time(&mut || {
        model.train_step(&x, &l, &mut opt).expect("train");
    });
    let mut out = vec![
        ("conv forwards".to_string(), fwd),
        ("conv weight grads".to_string(), wgrad),
        ("conv input grads".to_string(), igrad),
        ("batch norm fwd+bwd".to_string(), bn),
        ("rest".to_string(), whole - fwd - wgrad - igrad - bn),
        ("whole train step".to_string(), whole),
    ];
    out.extend(rows);
    out
}

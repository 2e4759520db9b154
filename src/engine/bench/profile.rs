//! Per-kernel profile of one LeNet-5 training step (`engine_bench --profile`, and the browser).

use super::{labels, median, mnist_like_batch, rand_array};
use crate::engine::nn::{lenet5_modern, Model, Optimizer, OptimizerConfig};
use crate::engine::ops::conv2d::{self, Conv2dParams, ConvGeom};
use crate::engine::ops::pool::{self, PoolGeom};

/// Per-kernel times (ms per batch-32 call) of one LeNet-5 training step, for the report's
/// "what the profile shows": `(name, ms)`.
pub fn profile_train(clock: &dyn Fn() -> f64) -> Vec<(String, f64)> {
    use crate::engine::ops::dense::{self, DenseGeom};
    let mut out = Vec::new();
    // Lighter than `time_loop` (whole profile ~5 s, under the webdriver's 20 s script limit):
    // 100 ms warm-up, then the median of 5 groups of >= 20 ms.
    let mut time = |name: &str, f: &mut dyn FnMut()| {
        let t = clock();
        while clock() - t < 100.0 {
            f();
        }
        let mut per = Vec::new();
        for _ in 0..5 {
            let (a, mut k) = (clock(), 0);
            while clock() - a < 20.0 {
                f();
                k += 1;
            }
            per.push((clock() - a) / k as f64);
        }
        out.push((name.to_string(), median(&mut per)));
    };
    let p = Conv2dParams::default();
    for (name, xs, ws) in [
        ("conv1", [32, 32, 32, 1], [5, 5, 1, 6]),
        ("conv2", [32, 14, 14, 6], [5, 5, 6, 16]),
    ] {
        let g = ConvGeom::new(&xs, &ws, p).expect("geom");
        let x = rand_array(xs.iter().product(), 1, -1.0, 1.0);
        let w = rand_array(ws.iter().product(), 2, -1.0, 1.0);
        let dy = rand_array(g.n * g.oh * g.ow * g.cout, 3, -1.0, 1.0);
        let (mut packed, mut s) = (Vec::new(), conv2d::simd128::Scratch::default());
        conv2d::simd128::pack_weights(&g, &w, &mut packed);
        let mut y = vec![0.0; dy.len()];
        let mut dx = vec![0.0; x.len()];
        let mut dw = vec![0.0; w.len()];
        time(&format!("{name} forward"), &mut || {
            conv2d::simd128::forward(&g, &x, &packed, None, true, &mut y, &mut s)
        });
        time(&format!("{name} weight grad"), &mut || {
            conv2d::simd128::backward_weight(&g, &x, &dy, &mut dw, &mut s)
        });
        time(&format!("{name} input grad"), &mut || {
            conv2d::simd128::backward_input(&g, &w, &dy, &mut dx, &mut s)
        });
        time(&format!("{name} input grad direct"), &mut || {
            conv2d::simd128::backward_input_direct(&g, &w, &dy, &mut dx, &mut s)
        });
        time(&format!("{name} input grad col2im"), &mut || {
            conv2d::simd128::backward_input_col(&g, &w, &dy, &mut dx, &mut s)
        });
    }
    for (name, fin, fout) in [("fc1", 400, 120), ("fc2", 120, 84), ("fc3", 84, 10)] {
        let g = DenseGeom { n: 32, fin, fout };
        let x = rand_array(32 * fin, 1, -1.0, 1.0);
        let w = rand_array(fin * fout, 2, -1.0, 1.0);
        let dy = rand_array(32 * fout, 3, -1.0, 1.0);
        let (mut packed, mut s) = (Vec::new(), dense::simd128::Scratch::default());
        let (mut y, mut dx, mut dw) = (
            vec![0.0; 32 * fout],
            vec![0.0; 32 * fin],
            vec![0.0; fin * fout],
        );
        time(&format!("{name} pack+forward"), &mut || {
            dense::simd128::pack_weights(&g, &w, &mut packed);
            dense::simd128::forward(&g, &x, &packed, None, true, &mut y, &mut s)
        });
        time(&format!("{name} weight grad"), &mut || {
            dense::simd128::backward_weight(&g, &x, &dy, &mut dw, &mut s)
        });
        time(&format!("{name} input grad"), &mut || {
            dense::simd128::backward_input(&g, &w, &dy, &mut dx, &mut s)
        });
    }
    for (name, xs) in [("pool1", [32, 28, 28, 6]), ("pool2", [32, 10, 10, 16])] {
        let g = PoolGeom::new(&xs, 2, 2).expect("geom");
        let x = rand_array(xs.iter().product(), 1, -1.0, 1.0);
        let mut y = vec![0.0; g.n * g.oh * g.ow * g.c];
        pool::simd128::max_forward(&g, &x, &mut y);
        let dy = y.clone();
        let mut dx = vec![0.0; x.len()];
        time(&format!("{name} forward"), &mut || {
            pool::simd128::max_forward(&g, &x, &mut y)
        });
        time(&format!("{name} backward"), &mut || {
            pool::simd128::max_backward(&g, &x, &y, &dy, &mut dx)
        });
    }
    {
        // The bench conv with 4-, 5- and 6-row GEMM tiles (register pressure in V8).
        use crate::engine::ops::gemm::{self, AIndex, Epilogue};
        let g = ConvGeom::new(
            &[1, 64, 64, 16],
            &[3, 3, 16, 32],
            Conv2dParams {
                stride: 1,
                pad: 1,
                dilation: 1,
            },
        )
        .expect("geom");
        let x = rand_array(64 * 64 * 16, 400, -1.0, 1.0);
        let w = rand_array(3 * 3 * 16 * 32, 401, -1.0, 1.0);
        let mut xp = Vec::new();
        let src = conv2d::simd128::pad_input(&g, &x, &mut xp).to_vec();
        let mut packed = Vec::new();
        conv2d::simd128::pack_weights(&g, &w, &mut packed);
        let rows: Vec<usize> = (0..64)
            .flat_map(|oy| (0..64).map(move |ox| (oy * 66 + ox) * 16))
            .collect();
        let segs: Vec<usize> = (0..3).map(|ky| ky * 66 * 16).collect();
        let a = AIndex {
            rows: &rows,
            segs: &segs,
            seg_len: 48,
            cs: 1,
        };
        let mut y = vec![0.0f32; 64 * 64 * 32];
        let ep = Epilogue::default();
        type F = crate::engine::simd::Fast;
        time("conv gemm 4x8", &mut || {
            gemm::simd128::gemm_mr::<F, 4>(&src, &a, &packed, 32, &mut y, 32, &ep)
        });
        time("conv gemm 5x8", &mut || {
            gemm::simd128::gemm_mr::<F, 5>(&src, &a, &packed, 32, &mut y, 32, &ep)
        });
        time("conv gemm 6x8", &mut || {
            gemm::simd128::gemm_mr::<F, 6>(&src, &a, &packed, 32, &mut y, 32, &ep)
        });
    }
    let mut model = Model::from_config(lenet5_modern(), super::MODEL_SEED).expect("lenet5");
    let mut opt = Optimizer::new(OptimizerConfig::sgd(0.01));
    let (x, y) = (mnist_like_batch(32, 100), labels(32, 200));
    time("whole train step", &mut || {
        model.train_step(&x, &y, &mut opt).expect("train");
    });
    out
}

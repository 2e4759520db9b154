//! Golden conv2d / pool values from an independent source: `tests/fixtures/engine/golden.py`
//! (numpy, float64, sliding windows + scatter-add, PyTorch semantics in NHWC) and its committed
//! output `golden.json`; plus a few cases derived by hand.

use cnn_lab::engine::ops::{self, Conv2dParams, PoolMode};
use cnn_lab::engine::{tensor, Tensor};
use serde_json::Value;

fn arr(v: &Value, key: &str) -> Vec<f32> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect()
}
fn shape(v: &Value, key: &str) -> Vec<usize> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}
fn close(what: &str, got: &Tensor, want: &[f32]) {
    let g = got.as_slice().unwrap();
    assert_eq!(g.len(), want.len(), "{what}");
    for (i, (a, b)) in g.iter().zip(want).enumerate() {
        assert!(
            (a - b).abs() <= 1e-4 * (1.0 + b.abs()),
            "{what}[{i}]: engine {a} golden {b}"
        );
    }
}

#[test]
fn numpy_golden_values() {
    let doc: Value = serde_json::from_str(include_str!("../fixtures/engine/golden.json")).unwrap();
    let mut n = 0;
    for c in doc["cases"].as_array().unwrap() {
        let op = c["op"].as_str().unwrap();
        let x = tensor::from_vec(&shape(c, "x_shape"), arr(c, "x")).unwrap();
        let dy = tensor::from_vec(&shape(c, "y_shape"), arr(c, "dy")).unwrap();
        if op == "conv2d" {
            let w = tensor::from_vec(&shape(c, "w_shape"), arr(c, "w")).unwrap();
            let b = arr(c, "b");
            let u = |k: &str| c[k].as_u64().unwrap() as usize;
            let p = Conv2dParams {
                stride: u("stride"),
                pad: u("pad"),
                dilation: u("dilation"),
            };
            let y = ops::conv2d(&x, &w, Some(&b), p, None).unwrap();
            close(&format!("{op} {p:?} y"), &y, &arr(c, "y"));
            let g = ops::conv2d_backward(&x, &w, &dy, p, None).unwrap();
            close(&format!("{op} {p:?} dx"), &g.dx, &arr(c, "dx"));
            close(&format!("{op} {p:?} dw"), &g.dw, &arr(c, "dw"));
            close(
                &format!("{op} {p:?} db"),
                &tensor::from_vec(&[b.len()], g.db).unwrap(),
                &arr(c, "db"),
            );
        } else {
            let mode = if op == "maxpool" {
                PoolMode::Max
            } else {
                PoolMode::Avg
            };
            let (k, s) = (
                c["window"].as_u64().unwrap() as usize,
                c["stride"].as_u64().unwrap() as usize,
            );
            let y = ops::pool(&x, k, s, mode).unwrap();
            close(&format!("{op} y"), &y, &arr(c, "y"));
            let dx = ops::pool_backward(&x, &y, &dy, k, s, mode).unwrap();
            close(&format!("{op} dx"), &dx, &arr(c, "dx"));
        }
        n += 1;
    }
    assert_eq!(n, 8);
}

#[test]
fn hand_derived_cases() {
    // 3x3 image 1..9, 2x2 kernel [[1, 0], [0, -1]], stride 1, no padding:
    // y = [1-5, 2-6; 4-8, 5-9] = [-4, -4; -4, -4].
    let x = tensor::from_vec(&[1, 3, 3, 1], (1..=9).map(|v| v as f32).collect()).unwrap();
    let w = tensor::from_vec(&[2, 2, 1, 1], vec![1., 0., 0., -1.]).unwrap();
    let y = ops::conv2d(&x, &w, None, Conv2dParams::default(), None).unwrap();
    assert_eq!(y.as_slice().unwrap(), &[-4., -4., -4., -4.]);
    // dy = 1 everywhere: dw[ky,kx] = sum of the 2x2 block at (ky,kx): [1+2+4+5, 2+3+5+6; 4+5+7+8, 5+6+8+9].
    let g = ops::conv2d_backward(
        &x,
        &w,
        &tensor::from_vec(&[1, 2, 2, 1], vec![1.; 4]).unwrap(),
        Conv2dParams::default(),
        None,
    )
    .unwrap();
    assert_eq!(g.dw.as_slice().unwrap(), &[12., 16., 24., 28.]);
    // dx: each pixel gets w[ky,kx] for every window covering it: corners 1 / -1, centre 1 - 1 = 0.
    assert_eq!(
        g.dx.as_slice().unwrap(),
        &[1., 1., 0., 1., 0., -1., 0., -1., -1.]
    );
    assert_eq!(g.db, vec![4.0]);
    // Padding 1 + stride 2 on the same image with a 3x3 ones kernel: the 4 corner sums.
    let ones = tensor::from_vec(&[3, 3, 1, 1], vec![1.; 9]).unwrap();
    let y = ops::conv2d(
        &x,
        &ones,
        None,
        Conv2dParams {
            stride: 2,
            pad: 1,
            dilation: 1,
        },
        None,
    )
    .unwrap();
    assert_eq!(y.as_slice().unwrap(), &[12., 16., 24., 28.]);
    // Max pool 2/2 on a 4x4 ramp picks the bottom-right of each block; backward routes there.
    let x = tensor::from_vec(&[1, 4, 4, 1], (0..16).map(|v| v as f32).collect()).unwrap();
    let y = ops::pool(&x, 2, 2, PoolMode::Max).unwrap();
    assert_eq!(y.as_slice().unwrap(), &[5., 7., 13., 15.]);
    let dx = ops::pool_backward(
        &x,
        &y,
        &tensor::from_vec(&[1, 2, 2, 1], vec![1., 2., 3., 4.]).unwrap(),
        2,
        2,
        PoolMode::Max,
    )
    .unwrap();
    let mut want = [0.0; 16];
    want[5] = 1.;
    want[7] = 2.;
    want[13] = 3.;
    want[15] = 4.;
    assert_eq!(dx.as_slice().unwrap(), &want[..]);
    let y = ops::pool(&x, 2, 2, PoolMode::Avg).unwrap();
    assert_eq!(y.as_slice().unwrap(), &[2.5, 4.5, 10.5, 12.5]);
}

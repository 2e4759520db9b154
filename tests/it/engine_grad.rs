//! Finite-difference gradient checks for every op and for whole LeNet-5s. The upstream gradient
//! is non-uniform (`L = Σ r_i · exp(0.3 · y_i)` with random `r`), so a wrong transpose, flip or
//! index cannot hide behind a plain sum.

use cnn_lab::engine::nn::{self, Model};
use cnn_lab::engine::ops::{self, Activation, ConnectionTable, Conv2dParams, PoolMode};
use cnn_lab::engine::{tensor, Rng, Tensor};

pub(crate) fn t(shape: &[usize], v: Vec<f32>) -> Tensor {
    tensor::from_vec(shape, v).unwrap()
}
pub(crate) fn loss(y: &Tensor, r: &[f32]) -> f64 {
    y.iter()
        .zip(r)
        .map(|(&y, &r)| r as f64 * (0.3 * y as f64).exp())
        .sum()
}
pub(crate) fn upstream(y: &Tensor, r: &[f32]) -> Tensor {
    let g: Vec<f32> = y
        .iter()
        .zip(r)
        .map(|(&y, &r)| (r as f64 * 0.3 * (0.3 * y as f64).exp()) as f32)
        .collect();
    t(y.shape(), g)
}

/// Central differences of `f` (input -> loss) at up to 48 entries of `x` vs `analytic`.
pub(crate) fn fd(name: &str, x: &Tensor, analytic: &Tensor, h: f32, f: &dyn Fn(&Tensor) -> f64) {
    assert_eq!(x.shape(), analytic.shape(), "{name}");
    let n = x.len();
    let step = (n / 48).max(1);
    let mut checked = 0;
    for i in (0..n).step_by(step) {
        let mut xp = x.clone();
        xp.as_slice_mut().unwrap()[i] += h;
        let mut xm = x.clone();
        xm.as_slice_mut().unwrap()[i] -= h;
        let num = (f(&xp) - f(&xm)) / (2.0 * h as f64);
        let ana = analytic.as_slice().unwrap()[i] as f64;
        assert!(
            (num - ana).abs() <= 2e-3 + 1e-2 * num.abs().max(ana.abs()),
            "{name}[{i}]: numeric {num} analytic {ana}"
        );
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn conv2d_gradients() {
    let mut rng = Rng::new(11);
    let table = ConnectionTable::lenet5_c3();
    // (x shape, kernel, c_out, stride, pad, dilation, table)
    type Case<'a> = (
        [usize; 4],
        usize,
        usize,
        usize,
        usize,
        usize,
        Option<&'a ConnectionTable>,
    );
    let cases: Vec<Case> = vec![
        ([2, 6, 7, 3], 3, 5, 1, 1, 1, None),
        ([1, 7, 7, 2], 3, 4, 2, 1, 1, None),
        ([1, 9, 8, 2], 3, 3, 1, 2, 2, None),
        ([2, 5, 5, 4], 1, 6, 1, 0, 1, None),
        ([1, 8, 8, 2], 2, 3, 3, 0, 1, None),
        ([1, 7, 7, 6], 3, 16, 1, 0, 1, Some(&table)),
    ];
    for (xs, k, co, s, p, d, tab) in cases {
        let name = format!(
            "conv2d {xs:?} k{k} co{co} s{s} p{p} d{d} table {}",
            tab.is_some()
        );
        let prm = Conv2dParams {
            stride: s,
            pad: p,
            dilation: d,
        };
        let x = t(&xs, rng.uniform_vec(xs.iter().product(), -1.0, 1.0));
        let w = t(
            &[k, k, xs[3], co],
            rng.uniform_vec(k * k * xs[3] * co, -1.0, 1.0),
        );
        let b = rng.uniform_vec(co, -1.0, 1.0);
        let y = ops::conv2d(&x, &w, Some(&b), prm, tab).unwrap();
        let r = rng.uniform_vec(y.len(), 0.5, 1.5);
        let g = ops::conv2d_backward(&x, &w, &upstream(&y, &r), prm, tab).unwrap();
        fd(&format!("{name} dx"), &x, &g.dx, 1e-2, &|x| {
            loss(&ops::conv2d(x, &w, Some(&b), prm, tab).unwrap(), &r)
        });
        let mut dw_checked = g.dw.clone();
        if let Some(tb) = tab {
            // Masked weights have no effect: their numeric gradient is 0, like the analytic one.
            for (v, m) in dw_checked.iter_mut().zip(tb.mask(k, k)) {
                assert!(m == 1.0 || *v == 0.0);
            }
        }
        fd(&format!("{name} dw"), &w, &dw_checked, 1e-2, &|w| {
            loss(&ops::conv2d(&x, w, Some(&b), prm, tab).unwrap(), &r)
        });
        let bt = t(&[co], b.clone());
        fd(
            &format!("{name} db"),
            &bt,
            &t(&[co], g.db.clone()),
            1e-2,
            &|bb| {
                loss(
                    &ops::conv2d(&x, &w, Some(bb.as_slice().unwrap()), prm, tab).unwrap(),
                    &r,
                )
            },
        );
    }
}

#[test]
fn pool_gradients() {
    let mut rng = Rng::new(12);
    for (xs, k, s) in [
        ([2, 6, 6, 5], 2, 2),
        ([1, 7, 7, 3], 3, 2),
        ([1, 6, 7, 4], 2, 1),
        ([1, 8, 8, 2], 2, 3),
    ] {
        for mode in [PoolMode::Max, PoolMode::Avg] {
            // Distinct values 0.05 apart so a ±0.01 nudge never changes which entry is the max.
            let n: usize = xs.iter().product();
            let mut v: Vec<f32> = (0..n).map(|i| i as f32 * 0.05 - 1.0).collect();
            rng.shuffle(&mut v);
            let x = t(&xs, v);
            let y = ops::pool(&x, k, s, mode).unwrap();
            let r = rng.uniform_vec(y.len(), 0.5, 1.5);
            let dx = ops::pool_backward(&x, &y, &upstream(&y, &r), k, s, mode).unwrap();
            fd(
                &format!("pool {mode:?} {xs:?} k{k} s{s}"),
                &x,
                &dx,
                1e-2,
                &|x| loss(&ops::pool(x, k, s, mode).unwrap(), &r),
            );
        }
    }
}

#[test]
fn activation_gradients() {
    let mut rng = Rng::new(13);
    for a in [
        Activation::Identity,
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::ScaledTanh,
    ] {
        // Keep |x| >= 0.05 so the ReLU kink is never inside the difference interval.
        let v: Vec<f32> = rng
            .uniform_vec(37, 0.05, 2.0)
            .into_iter()
            .enumerate()
            .map(|(i, x)| if i % 2 == 0 { -x } else { x })
            .collect();
        let x = t(&[37], v);
        let y = ops::activate(a, &x);
        let r = rng.uniform_vec(37, 0.5, 1.5);
        let dx = ops::activate_backward(a, &y, &upstream(&y, &r)).unwrap();
        fd(&format!("{a:?}"), &x, &dx, 1e-2, &|x| {
            loss(&ops::activate(a, x), &r)
        });
    }
}

#[test]
fn dense_softmax_and_flatten_gradients() {
    let mut rng = Rng::new(14);
    for (n, fin, fout) in [(1, 5, 3), (4, 13, 10), (7, 9, 17)] {
        let x = t(&[n, fin], rng.uniform_vec(n * fin, -1.0, 1.0));
        let w = t(&[fin, fout], rng.uniform_vec(fin * fout, -1.0, 1.0));
        let b = rng.uniform_vec(fout, -1.0, 1.0);
        let y = ops::dense(&x, &w, Some(&b)).unwrap();
        let r = rng.uniform_vec(y.len(), 0.5, 1.5);
        let g = ops::dense_backward(&x, &w, &upstream(&y, &r)).unwrap();
        let name = format!("dense {n}x{fin}->{fout}");
        fd(&format!("{name} dx"), &x, &g.dx, 1e-2, &|x| {
            loss(&ops::dense(x, &w, Some(&b)).unwrap(), &r)
        });
        fd(&format!("{name} dw"), &w, &g.dw, 1e-2, &|w| {
            loss(&ops::dense(&x, w, Some(&b)).unwrap(), &r)
        });
        fd(
            &format!("{name} db"),
            &t(&[fout], b.clone()),
            &t(&[fout], g.db.clone()),
            1e-2,
            &|bb| {
                loss(
                    &ops::dense(&x, &w, Some(bb.as_slice().unwrap())).unwrap(),
                    &r,
                )
            },
        );
    }
    let z = t(&[3, 5], rng.uniform_vec(15, -2.0, 2.0));
    let labels = [4, 0, 2];
    let (_, dz) = ops::softmax_cross_entropy(&z, &labels).unwrap();
    let ce = |z: &Tensor| -> f64 {
        z.rows()
            .into_iter()
            .zip(labels)
            .map(|(row, l)| {
                let m = row.iter().fold(f64::MIN, |a, &b| a.max(b as f64));
                let lse = m + row.iter().map(|&v| (v as f64 - m).exp()).sum::<f64>().ln();
                lse - row[l] as f64
            })
            .sum::<f64>()
            / 3.0
    };
    fd("softmax_ce", &z, &dz, 1e-2, &ce);
    let x = t(&[2, 3, 2, 2], rng.uniform_vec(24, -1.0, 1.0));
    let y = ops::flatten(&x).unwrap();
    assert_eq!(y.shape(), &[2, 12]);
    let r = rng.uniform_vec(24, 0.5, 1.5);
    let dx = ops::flatten_backward(&upstream(&y, &r), x.shape()).unwrap();
    fd("flatten", &x, &dx, 1e-2, &|x| {
        loss(&ops::flatten(x).unwrap(), &r)
    });
    let a = t(&[2, 3], rng.uniform_vec(6, -1.0, 1.0));
    let s = ops::add(&a, &a).unwrap();
    assert_eq!(s[[1, 2]], 2.0 * a[[1, 2]]);
    assert!(ops::add(&a, &x).is_err());
}

/// Mean cross-entropy in f64 from the model's logits (training-mode forward: batch norm uses
/// batch statistics, as in `loss_and_grads`; identical to evaluation for models without it).
fn model_loss(m: &mut Model, x: &Tensor, labels: &[usize]) -> f64 {
    let z = m.forward_train(x).unwrap().clone();
    z.rows()
        .into_iter()
        .zip(labels)
        .map(|(row, &l)| {
            let mx = row.iter().fold(f64::MIN, |a, &b| a.max(b as f64));
            mx + row.iter().map(|&v| (v as f64 - mx).exp()).sum::<f64>().ln() - row[l] as f64
        })
        .sum::<f64>()
        / labels.len() as f64
}

/// FD of the loss w.r.t. sampled parameters of every tensor and w.r.t. the input.
/// Relative error `|num - ana| / (floor + max(|num|, |ana|))`; `floor` absorbs f32 rounding of
/// the loss divided by `2h`.
pub(crate) fn model_check(
    name: &str,
    mut m: Model,
    x: Tensor,
    labels: &[usize],
    h: f32,
    floor: f64,
) {
    let tol = 0.05;
    m.loss_and_grads(&x, labels, true).unwrap();
    let dx = m.input_grad().clone();
    let grads: Vec<Tensor> = m.params().iter().map(|p| p.grad.clone()).collect();
    let mut worst = 0.0f64;
    for (pi, g) in grads.iter().enumerate() {
        let n = g.len();
        for j in (0..n).step_by((n / 6).max(1)) {
            if m.params()[pi].mask.as_ref().is_some_and(|mk| mk[j] == 0.0) {
                continue;
            }
            let orig = m.params()[pi].value().as_slice().unwrap()[j];
            let mut set = |v: f32| m.params_mut()[pi].value_mut().as_slice_mut().unwrap()[j] = v;
            set(orig + h);
            let lp = model_loss(&mut m, &x, labels);
            let mut set = |v: f32| m.params_mut()[pi].value_mut().as_slice_mut().unwrap()[j] = v;
            set(orig - h);
            let lm = model_loss(&mut m, &x, labels);
            m.params_mut()[pi].value_mut().as_slice_mut().unwrap()[j] = orig;
            let num = (lp - lm) / (2.0 * h as f64);
            let ana = g.as_slice().unwrap()[j] as f64;
            let err = (num - ana).abs() / (floor + num.abs().max(ana.abs()));
            worst = worst.max(err);
            assert!(
                err < tol,
                "{name} {}[{j}]: numeric {num} analytic {ana}",
                m.params()[pi].name
            );
        }
    }
    for i in (0..x.len()).step_by(x.len() / 20) {
        let mut xp = x.clone();
        xp.as_slice_mut().unwrap()[i] += h;
        let mut xm = x.clone();
        xm.as_slice_mut().unwrap()[i] -= h;
        let num =
            (model_loss(&mut m, &xp, labels) - model_loss(&mut m, &xm, labels)) / (2.0 * h as f64);
        let ana = dx.as_slice().unwrap()[i] as f64;
        assert!(
            (num - ana).abs() / (floor + num.abs().max(ana.abs())) < tol,
            "{name} input[{i}]: numeric {num} analytic {ana}"
        );
    }
    eprintln!("{name}: worst relative error {worst:.2e}");
}

fn images(n: usize, seed: u64) -> Tensor {
    t(
        &[n, 32, 32, 1],
        Rng::new(seed).uniform_vec(n * 1024, -1.0, 1.0),
    )
}

#[test]
fn whole_lenet5_paper_gradient() {
    model_check(
        "lenet5-paper",
        Model::from_config(nn::lenet5_paper(), 21).unwrap(),
        images(2, 1),
        &[3, 7],
        1e-2,
        1e-3,
    );
}

#[test]
fn whole_lenet5_modern_gradient() {
    // ReLU kinks: a small step keeps each nudge on one linear piece.
    model_check(
        "lenet5-modern",
        Model::from_config(nn::lenet5_modern(), 22).unwrap(),
        images(2, 2),
        &[1, 8],
        2e-4,
        5e-3,
    );
}

#[test]
fn residual_models_gradient() {
    let cnn = nn::small_cnn([6, 6, 2], 2, 3, Activation::Tanh, true, 3);
    let x = t(&[2, 6, 6, 2], Rng::new(3).uniform_vec(144, -1.0, 1.0));
    model_check(
        "residual cnn (1x1 projection)",
        Model::from_config(cnn, 5).unwrap(),
        x,
        &[0, 2],
        1e-2,
        1e-3,
    );
    let mlp = nn::mlp(7, 4, 5, Activation::Sigmoid, true, 3);
    let x = t(&[3, 7], Rng::new(4).uniform_vec(21, -1.0, 1.0));
    model_check(
        "residual mlp",
        Model::from_config(mlp, 6).unwrap(),
        x,
        &[0, 1, 2],
        1e-2,
        1e-3,
    );
}

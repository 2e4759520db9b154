use super::measure::{build, hidden_norms, ratio};
use super::*;
use crate::engine::nn::Init;
use crate::engine::tensor;

fn spec(depth: usize, act: Act, residual: bool) -> NetSpec {
    NetSpec {
        depth,
        width: 16,
        act,
        init: if act == Act::Relu {
            Init::He
        } else {
            Init::Xavier
        },
        residual,
    }
}

#[test]
fn derivative_maxima() {
    // σ'(x) = σ(x)(1 - σ(x)) peaks at x = 0 with 1/4; tanh' = 1 - tanh² peaks at 0 with 1.
    assert!((Act::Sigmoid.df(0.0) - 0.25).abs() < 1e-7);
    assert!((Act::Tanh.df(0.0) - 1.0).abs() < 1e-7);
    assert_eq!(Act::Relu.df(2.0), 1.0);
    assert_eq!(Act::Relu.df(-2.0), 0.0);
    for act in [Act::Sigmoid, Act::Tanh, Act::Relu] {
        let top = curve(act, -6.0, 6.0, 241)
            .iter()
            .map(|p| p.2)
            .fold(0.0, f64::max);
        assert!((top - act.max_derivative()).abs() < 1e-6, "{act:?} {top}");
        assert_eq!(Act::parse(act.name()), Some(act));
    }
    assert_eq!(Act::parse("gelu"), None);
}

#[test]
fn sigmoid_chain_falls_monotonically() {
    let c = chain(Act::Sigmoid, 50, CHAIN_X0, false);
    assert_eq!(c.len(), 50);
    for w in c.windows(2) {
        assert!(
            w[1].product < w[0].product,
            "product must fall at every layer"
        );
        assert!(w[1].factor <= 0.25);
    }
    // Each factor is at most 1/4, so 10 layers give at most 4^-10 ≈ 9.5e-7.
    assert!(c[9].product <= 0.25f64.powi(10));
    assert!(c[49].product < 1e-30);
    // The product is the product of the factors.
    let p: f64 = c.iter().take(10).map(|l| l.factor).product();
    assert!((p / c[9].product - 1.0).abs() < 1e-12);
}

#[test]
fn shortcut_keeps_the_chain_from_vanishing() {
    for act in [Act::Sigmoid, Act::Tanh, Act::Relu] {
        let c = chain(act, 50, CHAIN_X0, true);
        assert!(c.iter().all(|l| l.factor >= 1.0), "{act:?}: f' + 1 >= 1");
        assert!(c[49].product >= 1.0);
    }
    // ReLU on a positive input: every factor exactly 1, no vanishing either way.
    assert!(chain(Act::Relu, 50, CHAIN_X0, false)
        .iter()
        .all(|l| l.product == 1.0));
}

/// Measured per-layer norms are the norms of the true gradient: compare every hidden weight's
/// gradient with a central finite difference of the loss, on a small net.
#[test]
fn measured_norms_match_finite_differences() {
    let batch = Digits::synthetic(6, 3);
    for (act, residual) in [
        (Act::Sigmoid, false),
        (Act::Tanh, true),
        (Act::Sigmoid, true),
    ] {
        let s = NetSpec {
            width: 5,
            ..spec(3, act, residual)
        };
        let mut model = build(&s, 11).unwrap();
        let x = tensor::from_vec(&[6, DIGIT_INPUTS], batch.x.clone()).unwrap();
        model.loss_and_grads(&x, &batch.labels, false).unwrap();
        let norms = hidden_norms(&model, 3);
        assert_eq!(norms.len(), 3);
        // Hidden layer k's parameters: the k-th and (k+1)-th parameter tensors (weight, bias).
        let mut fd_norms = Vec::new();
        let nparams = model.params().len();
        for layer in 0..3 {
            let mut sq = 0.0f64;
            for pi in [2 * layer, 2 * layer + 1] {
                assert!(pi < nparams);
                let len = model.params()[pi].len();
                // Every bias entry and a stride of the weights (all of them is slow in debug).
                let step = if len > 40 { 7 } else { 1 };
                let mut sampled = 0.0f64;
                let mut sampled_analytic = 0.0f64;
                for j in (0..len).step_by(step) {
                    let h = 1e-2f32;
                    let loss_at = |delta: f32| {
                        let mut m = model.clone();
                        {
                            let mut ps = m.params_mut();
                            let v = ps[pi].value_mut();
                            v.as_slice_mut().unwrap()[j] += delta;
                        }
                        f64::from(m.loss_and_grads(&x, &batch.labels, false).unwrap().loss)
                    };
                    let fd = (loss_at(h) - loss_at(-h)) / (2.0 * f64::from(h));
                    let an = f64::from(model.params()[pi].grad.as_slice().unwrap()[j]);
                    assert!(
                        (fd - an).abs() <= 2e-3 * an.abs().max(1e-2),
                        "{act:?} residual={residual} layer {layer} param {pi}[{j}]: fd {fd} vs {an}"
                    );
                    sampled += fd * fd;
                    sampled_analytic += an * an;
                }
                assert!((sampled.sqrt() - sampled_analytic.sqrt()).abs() < 1e-3);
                sq += model.params()[pi]
                    .grad
                    .iter()
                    .map(|&g| f64::from(g) * f64::from(g))
                    .sum::<f64>();
            }
            fd_norms.push(sq.sqrt());
        }
        for (a, b) in norms.iter().zip(&fd_norms) {
            assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{a} vs {b}");
        }
    }
}

#[test]
fn grad_ratio_sigmoid_vanishes_and_shortcut_restores() {
    let batch = Digits::synthetic(32, 5);
    let plain = measure(&spec(10, Act::Sigmoid, false), 1, &batch).unwrap();
    let res = measure(&spec(10, Act::Sigmoid, true), 1, &batch).unwrap();
    assert_eq!(plain.norms.len(), 10);
    assert!(plain.ratio < 1e-2, "sigmoid depth 10 ratio {}", plain.ratio);
    assert!(
        res.ratio > 100.0 * plain.ratio,
        "{} vs {}",
        res.ratio,
        plain.ratio
    );
    // Deeper plain sigmoid nets vanish more.
    let deeper = measure(&spec(20, Act::Sigmoid, false), 1, &batch).unwrap();
    assert!(deeper.ratio < plain.ratio);
    let relu = measure(&spec(10, Act::Relu, false), 1, &batch).unwrap();
    assert!(relu.ratio > 100.0 * plain.ratio);
    assert_eq!(ratio(&[2.0, 4.0]), Some(0.5));
    assert_eq!(ratio(&[2.0, 0.0]), None);
}

#[test]
fn grad_watch_records_layers_by_steps() {
    let data = Digits::synthetic(64, 9);
    let mut w = GradWatch::new(spec(6, Act::Sigmoid, false), 2, data, 16, 0.1).unwrap();
    for _ in 0..5 {
        w.step().unwrap();
    }
    assert_eq!(w.rows.len(), 5);
    assert!(w.rows.iter().all(|r| r.len() == 6));
    // A huge learning rate diverges and says so instead of producing NaN rows.
    let mut bad = GradWatch::new(
        spec(6, Act::Relu, false),
        2,
        Digits::synthetic(64, 9),
        16,
        1e6,
    )
    .unwrap();
    let mut failed = false;
    for _ in 0..20 {
        if bad.step().is_err() {
            failed = true;
            break;
        }
    }
    assert!(failed && bad.diverged);
    assert!(bad.rows.iter().flatten().all(|v| v.is_finite()));
}

#[test]
fn degradation_scheduler_is_deterministic_and_time_sliced() {
    let train = Digits::synthetic(200, 1);
    let ev = Digits::synthetic(50, 2);
    let cfg = DegradationConfig {
        steps: 12,
        eval_every: 4,
        ..DegradationConfig::lesson(7, 1, 3)
    };
    let mut a = Degradation::new(cfg.clone(), train.clone(), ev.clone(), ev.clone()).unwrap();
    let mut b = Degradation::new(cfg, train, ev.clone(), ev).unwrap();
    // 12 steps in slices of 5 or all at once: the same curves.
    assert_eq!(a.step(5), 5);
    assert_eq!(a.step(5), 5);
    assert_eq!(a.step(5), 2);
    assert_eq!(a.step(5), 0);
    assert_eq!(b.step(100), 12);
    assert!(a.finished());
    assert_eq!(a.curves(), b.curves());
    let names: Vec<_> = a.curves().iter().map(|c| c.name).collect();
    assert_eq!(names, ["shallow", "deep", "residual"]);
    // Points at steps 0, 4, 8, 12.
    assert_eq!(a.curves()[0].points.len(), 4);
    assert!(a.final_train_error("deep").is_some());
    let bad = DegradationConfig::lesson(1, 5, 5);
    assert!(Degradation::new(
        bad,
        Digits::synthetic(64, 1),
        Digits::synthetic(8, 1),
        Digits::synthetic(8, 1)
    )
    .is_err());
}

#[test]
fn short_numbers() {
    assert_eq!(short(3.2e-7), "3.2e-7");
    assert_eq!(short(0.0451), "0.045");
    assert_eq!(short(12.54), "12.5");
    assert_eq!(short(f64::NAN), "—");
}

#[test]
fn url_state_round_trip_and_notes() {
    use crate::state::{decode, encode};
    let (s, notes) = decode::<VanishingState>("depth=20&act=relu&residual=1&seed=7");
    assert!(notes.is_empty());
    assert_eq!(
        (s.depth(), s.act(), s.residual, s.seed),
        (20, Act::Relu, true, 7)
    );
    assert_eq!(decode::<VanishingState>(&encode(&s)).0, s);
    assert_eq!(s.init_for(Act::Relu), Init::He);
    let (bad, notes) = decode::<VanishingState>("depth=999&act=gelu");
    assert_eq!((bad.depth(), bad.act()), (50, Act::Sigmoid));
    assert_eq!(notes.len(), 2);
    let (d, notes) = decode::<DegradationState>("shallow=8&deep=4");
    assert_eq!((d.shallow, d.deep), (8, 9));
    assert_eq!(notes.len(), 1);
}

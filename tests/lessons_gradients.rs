//! The gradient lessons on the real MNIST digits (skipped with a note when the assets are absent):
//! measured grad-ratio for sigmoid / tanh / ReLU with and without shortcuts, and the degradation
//! ordering across seeds.

use cnn_lab::data::mnist::{Manifest, MnistShard, Split};
use cnn_lab::engine::nn::Init;
use cnn_lab::lessons::gradients::{measure, Act, Degradation, DegradationConfig, Digits, NetSpec};
use std::path::PathBuf;

fn shard(split: Split) -> Option<MnistShard> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/mnist");
    let Ok(json) = std::fs::read_to_string(dir.join("manifest.json")) else {
        eprintln!("note: assets/mnist not found (make test generates it); skipped");
        return None;
    };
    let m = Manifest::parse(&json).ok()?;
    let info = m.shards_of(split).next()?;
    let bytes = std::fs::read(dir.join(&info.file)).ok()?;
    m.decode_shard(info, &bytes).ok()
}

fn spec(depth: usize, act: Act, residual: bool) -> NetSpec {
    NetSpec {
        depth,
        width: 32,
        act,
        init: if act == Act::Relu {
            Init::He
        } else {
            Init::Xavier
        },
        residual,
    }
}

/// The page's defaults on 64 real test digits: sigmoid depth 10 vanishes by orders of magnitude,
/// shortcuts and ReLU do not.
#[test]
fn grad_ratio_on_real_digits() {
    let Some(te) = shard(Split::Test) else { return };
    let batch = Digits::first(&te, 64).unwrap();
    for seed in [1, 2, 3] {
        let r = |act, residual| {
            measure(&spec(10, act, residual), seed, &batch)
                .unwrap()
                .ratio
        };
        let (sig, sig_res) = (r(Act::Sigmoid, false), r(Act::Sigmoid, true));
        let (relu, tanh) = (r(Act::Relu, false), r(Act::Tanh, false));
        println!(
            "seed {seed}: sigmoid {sig:.3e} residual {sig_res:.3e} tanh {tanh:.3e} relu {relu:.3e}"
        );
        assert!(sig < 1e-2, "sigmoid depth 10: {sig}");
        assert!(sig_res > 100.0 * sig);
        assert!(relu > 100.0 * sig);
        assert!(tanh > sig);
    }
}

/// He et al. Fig. 1 at the page's scale, for three seeds: the deep plain net ends with a higher
/// training error than the shallow one, and the same deep net with shortcuts a lower one than the
/// deep plain net.
#[test]
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: run with --release")]
fn degradation_ordering_reproduces() {
    let (Some(tr), Some(te)) = (shard(Split::Train), shard(Split::Test)) else {
        return;
    };
    let train = Digits::first(&tr, 10_000).unwrap();
    let eval_train = Digits::first(&tr, 1000).unwrap();
    let eval_test = Digits::first(&te, 1000).unwrap();
    for seed in [1, 2, 3] {
        let cfg = DegradationConfig::lesson(seed, 3, 20);
        let mut d =
            Degradation::new(cfg, train.clone(), eval_train.clone(), eval_test.clone()).unwrap();
        while d.step(100) > 0 {}
        let f = |n| d.final_train_error(n).unwrap();
        let (s, p, r) = (f("shallow"), f("deep"), f("residual"));
        println!("seed {seed}: shallow {s:.3} deep {p:.3} residual {r:.3}");
        assert!(p > s + 0.02, "seed {seed}: deep {p} vs shallow {s}");
        assert!(r < p - 0.01, "seed {seed}: residual {r} vs deep {p}");
    }
}

#[test]
#[ignore]
fn sweep() {
    let (Some(tr), Some(te)) = (shard(Split::Train), shard(Split::Test)) else {
        return;
    };
    let train = Digits::first(&tr, 10_000).unwrap();
    let shallow: usize = std::env::var("SH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let deep: usize = std::env::var("DEEP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let steps: usize = std::env::var("STEPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let lr: f32 = std::env::var("LR")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.02);
    let act = std::env::var("ACT").unwrap_or("relu".into());
    let width: usize = std::env::var("W")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let ne: usize = std::env::var("NE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let eval_train = Digits::first(&tr, ne).unwrap();
    let eval_test = Digits::first(&te, ne).unwrap();
    for seed in 1..=3u64 {
        let mut cfg = DegradationConfig::lesson(seed, shallow, deep);
        cfg.steps = steps;
        cfg.lr = lr;
        cfg.width = width;
        cfg.act = cnn_lab::lessons::gradients::Act::parse(&act).unwrap();
        if act != "relu" {
            cfg.init = cnn_lab::engine::nn::Init::Xavier;
        }
        let t = std::time::Instant::now();
        let mut d =
            Degradation::new(cfg, train.clone(), eval_train.clone(), eval_test.clone()).unwrap();
        while d.step(100) > 0 {}
        let f = |n| d.final_train_error(n).unwrap_or(f64::NAN);
        println!(
            "seed {seed}: shallow {:.3} deep {:.3} residual {:.3}  ({:.1}s)",
            f("shallow"),
            f("deep"),
            f("residual"),
            t.elapsed().as_secs_f64()
        );
        for c in d.curves() {
            println!(
                "  {} {:?}",
                c.name,
                c.points
                    .iter()
                    .map(|p| (p.train_error * 1000.0).round() / 1000.0)
                    .collect::<Vec<_>>()
            );
        }
    }
}

//! Session tests on small synthetic MNIST-format shards (the real set is exercised by the
//! browser test and `src/bin/train_mnist.rs`).

use super::*;
use crate::data::mnist::crc32::crc32;
use crate::data::mnist::encode_shard;

mod inside;
mod mistakes;
mod parallel;

/// `n` 28x28 digits whose class `k` is a bright 6x6 square at a class-specific place, with a
/// little seeded noise: learnable in a few dozen batches.
fn synthetic(n: usize, seed: u64) -> MnistShard {
    let mut rng = SplitMix64::new(seed);
    let mut labels = Vec::new();
    let mut pixels = vec![0u8; n * 784];
    for i in 0..n {
        let k = rng.below(10);
        labels.push(k as u8);
        let (y0, x0) = (2 + (k / 5) * 12, 1 + (k % 5) * 5);
        for y in y0..y0 + 6 {
            for x in x0..x0 + 6 {
                pixels[i * 784 + y * 28 + x] = 200 + rng.below(56) as u8;
            }
        }
    }
    MnistShard {
        labels,
        pixels,
        rows: 28,
        cols: 28,
    }
}

pub(super) struct Files {
    manifest: String,
    files: Vec<(String, Vec<u8>)>,
}

pub(super) fn files(train: &[usize], test: usize) -> Files {
    let mut entries = Vec::new();
    let mut files = Vec::new();
    let mut add = |name: String, split: &str, index: usize, shard: MnistShard| {
        let bytes = encode_shard(&shard, 6).unwrap();
        entries.push(format!(
            r#"{{"file":"{name}","split":"{split}","index":{index},"count":{},"bytes":{},"raw_bytes":{},"crc32":{}}}"#,
            shard.len(),
            bytes.len(),
            24 + shard.len() * 785,
            crc32(&bytes)
        ));
        files.push((name, bytes));
    };
    for (i, &n) in train.iter().enumerate() {
        add(
            format!("train-{i}.shard"),
            "train",
            i,
            synthetic(n, i as u64 + 1),
        );
    }
    add("test-0.shard".into(), "test", 0, synthetic(test, 99));
    let manifest = format!(
        r#"{{"format":"cnn-lab-mnist","version":1,"shard_version":1,"rows":28,"cols":28,
        "train_count":{},"test_count":{test},"attribution":"MNIST","source":{{"synthetic":true}},
        "shards":[{}]}}"#,
        train.iter().sum::<usize>(),
        entries.join(",")
    );
    Files { manifest, files }
}

pub(super) fn loaded(f: &Files, settings: TrainSettings) -> Session {
    let mut s = Session::new(&f.manifest, settings).unwrap();
    for (name, bytes) in &f.files {
        s.add_shard(name, bytes).unwrap();
    }
    s
}

#[test]
fn learns_streams_and_evaluates() {
    let f = files(&[300, 200], 100);
    // Small batches: the debug-build engine is slow.
    let settings = TrainSettings {
        batch: 10,
        lr: 0.003,
        ..TrainSettings::default()
    };
    let mut s = Session::new(&f.manifest, settings).unwrap();
    assert!(s.step().is_err(), "no data yet");
    s.add_shard("train-0.shard", &f.files[0].1).unwrap();
    assert!(!s.ready());
    s.add_shard("test-0.shard", &f.files[2].1).unwrap();
    assert!(s.ready());
    for _ in 0..5 {
        assert_eq!(s.step().unwrap(), None);
    }
    s.add_shard("train-1.shard", &f.files[1].1).unwrap();
    assert_eq!(s.train_len(), 500);
    for _ in 0..45 {
        assert_eq!(s.step().unwrap(), None);
    }
    // The learning rate follows lr · decay^epoch (set before each batch: 490 images seen).
    let want = settings.lr * settings.decay.powf(490.0 / 500.0);
    assert!(
        (s.current_lr() - want).abs() < 1e-9,
        "{} vs {want}",
        s.current_lr()
    );
    assert!(s.current_lr() < settings.lr);
    s.add_train_ms(100.0);
    let r = s.take_report(true);
    assert_eq!(r.images_seen, 500);
    assert!((r.epoch - 1.0).abs() < 1e-9);
    assert!(
        (r.images_per_sec - 5000.0).abs() < 1e-6,
        "{}",
        r.images_per_sec
    );
    assert!(r.train_loss.unwrap().is_finite());
    let e = s.evaluate().unwrap();
    assert_eq!(e.evaluated, 100);
    assert_eq!(e.confusion.iter().flatten().sum::<usize>(), 100);
    assert_eq!(e.correct, (0..10).map(|k| e.confusion[k][k]).sum::<usize>());
    assert!(e.accuracy > 0.5, "synthetic accuracy {}", e.accuracy);
    assert_eq!(
        e.misclassified.len(),
        (100 - e.correct).min(MAX_MISCLASSIFIED)
    );
    for m in &e.misclassified {
        assert_ne!(m.label, m.predicted);
        assert_eq!(m.pixels.len(), 784);
    }
    // Chunked evaluation gives the same report.
    let mut ev = s.start_evaluation();
    let mut chunks = 0;
    let chunked = loop {
        chunks += 1;
        if let Some(r) = s.evaluate_some(&mut ev, 30).unwrap() {
            break r;
        }
    };
    assert_eq!(chunks, 4);
    assert_eq!(chunked, e);
}

#[test]
fn same_seed_same_run() {
    let f = files(&[200], 50);
    let run = || {
        let mut s = loaded(
            &f,
            TrainSettings {
                batch: 8,
                ..TrainSettings::default()
            },
        );
        for _ in 0..5 {
            s.step().unwrap();
        }
        s.evaluate().unwrap()
    };
    assert_eq!(run(), run());
}

#[test]
fn divergence_is_caught_in_the_batch_and_reset_recovers() {
    let f = files(&[200], 50);
    let settings = TrainSettings {
        adam: false,
        lr: 10.0,
        ..TrainSettings::default()
    };
    let mut s = loaded(&f, settings);
    let mut hit = None;
    for _ in 0..50 {
        if let Some(d) = s.step().unwrap() {
            hit = Some(d);
            break;
        }
    }
    let d = hit.expect("lr 10 SGD diverges");
    assert_eq!(d.batch, s.diverged().unwrap().batch);
    // No further training happens after a divergence.
    let seen = s.images_seen();
    assert_eq!(s.step().unwrap().map(|d| d.batch), Some(d.batch));
    assert_eq!(s.images_seen(), seen);
    s.reset(TrainSettings::default()).unwrap();
    assert!(s.diverged().is_none() && s.ready());
    assert_eq!(s.step().unwrap(), None);
}

#[test]
fn corrupt_or_unknown_shards_are_refused() {
    let f = files(&[100], 50);
    let mut s = Session::new(&f.manifest, TrainSettings::default()).unwrap();
    let mut bad = f.files[0].1.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0xff;
    let e = s.add_shard("train-0.shard", &bad).unwrap_err();
    assert!(e.contains("train-0.shard") && e.contains("CRC"), "{e}");
    let e = s.add_shard("train-0.shard", &bad[..10]).unwrap_err();
    assert!(e.contains("truncated"), "{e}");
    assert!(s.add_shard("nope.shard", &bad).is_err());
    assert_eq!(s.train_len(), 0);
    assert!(Session::new("{", TrainSettings::default()).is_err());
}

#[test]
fn inspection_and_prediction_shapes() {
    let f = files(&[100], 50);
    for paper in [false, true] {
        let mut s = loaded(
            &f,
            TrainSettings {
                paper,
                ..TrainSettings::default()
            },
        );
        let i = s.inspect(7).unwrap();
        // The 1998 paper's fifth layer is a convolution (C5), the modern one's fully connected.
        let fifth = if s.model().config.name.contains("paper") {
            "C5"
        } else {
            "F5"
        };
        assert_eq!((i.index, i.pixels.len()), (7, 784));
        assert_eq!((i.filters.h, i.filters.w, i.filters.c), (5, 5, 6));
        let shapes: Vec<_> = i
            .maps
            .iter()
            .map(|m| (m.name.as_str(), m.h, m.w, m.c))
            .collect();
        assert_eq!(
            shapes,
            [
                ("C1", 28, 28, 6),
                ("S2", 14, 14, 6),
                ("C3", 10, 10, 16),
                ("S4", 5, 5, 16),
                (fifth, 1, 1, 120),
                ("F6", 1, 1, 84),
                ("output", 1, 1, 10)
            ]
        );
        assert_eq!(s.inspect(10_000).unwrap().index, 49);
        let p = s.predict(&vec![0.2; 784]).unwrap();
        assert_eq!(p.len(), 10);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(s.predict(&[0.0; 5]).is_err());
    }
}

#[test]
fn weights_round_trip_and_every_refusal_keeps_the_model() {
    let f = files(&[100], 50);
    let mut a = loaded(&f, TrainSettings::default());
    for _ in 0..2 {
        a.step().unwrap();
    }
    let saved = a.save_weights();
    let mut b = loaded(
        &f,
        TrainSettings {
            seed: 9,
            ..TrainSettings::default()
        },
    );
    let before = b.save_weights();
    let refusals = [
        (saved[..saved.len() / 2].to_string(), "not a usable"),
        (saved.replace("cnn-lab-weights", "other"), "not a usable"),
        ("x".repeat(MAX_WEIGHTS_BYTES + 1), "MB"),
        (
            loaded(
                &f,
                TrainSettings {
                    paper: true,
                    ..TrainSettings::default()
                },
            )
            .save_weights(),
            "different network",
        ),
        (
            {
                let mut v: serde_json::Value = serde_json::from_str(&saved).unwrap();
                v["params"][0]["data"][0] = serde_json::json!(1e39);
                v.to_string()
            },
            "infinite",
        ),
    ];
    for (file, why) in refusals {
        let e = b.load_weights(&file).unwrap_err();
        assert!(e.contains(why), "{e}");
        assert_eq!(
            b.save_weights(),
            before,
            "model changed after refusing: {e}"
        );
    }
    b.load_weights(&saved).unwrap();
    assert_eq!(b.save_weights(), saved);
    let (ra, rb) = (a.evaluate().unwrap(), b.evaluate().unwrap());
    assert_eq!((ra.correct, ra.confusion), (rb.correct, rb.confusion));
    assert_eq!(ra.loss, rb.loss);
}

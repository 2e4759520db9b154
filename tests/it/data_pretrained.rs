//! The shipped pretrained weights (`assets/pretrained/`, made by `make train-mnist`): for each
//! file, the test accuracy recorded in `accuracy.json` when it was trained is what the page's own
//! session code measures for the same weights on the same data set, natively here and in the
//! browser (tests/e2e/specs/train.spec.js). Skipped (with a note) when a data set's assets are
//! absent.

use std::path::PathBuf;

use cnn_lab::data::Dataset;
use cnn_lab::lessons::train::{Session, TrainParams};
use cnn_lab::state;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(weights file, data set, recorded test accuracy)` from `assets/pretrained/accuracy.json`.
fn recorded() -> Vec<(String, Dataset, f64)> {
    let text = std::fs::read_to_string(root().join("assets/pretrained/accuracy.json"))
        .expect("assets/pretrained/accuracy.json is committed");
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("accuracy.json is a JSON object");
    all.into_iter()
        .map(|(file, v)| {
            let data = v["data"].as_str().and_then(Dataset::from_id);
            let acc = v["test_accuracy"].as_f64();
            match (data, acc) {
                (Some(d), Some(a)) => (file, d, a),
                _ => panic!("accuracy.json: entry {file} needs a data set and a test_accuracy"),
            }
        })
        .collect()
}

#[test]
fn every_shipped_data_set_has_recorded_pretrained_weights() {
    let rec = recorded();
    for d in Dataset::ALL {
        let entry = rec.iter().find(|(f, dd, _)| {
            *dd == d
                && f == {
                    std::path::Path::new(d.pretrained_file())
                        .file_name()
                        .and_then(|f| f.to_str())
                        .unwrap()
                }
        });
        let Some((file, _, acc)) = entry else {
            panic!("no recorded accuracy for {}", d.pretrained_file())
        };
        assert!(root().join("assets/pretrained").join(file).is_file());
        // The published ranges: LeNet-5 reads MNIST at about 99 %, Fashion-MNIST near 89-91 %.
        let (lo, hi) = match d {
            Dataset::Mnist => (0.985, 1.0),
            Dataset::Fashion => (0.87, 0.93),
        };
        assert!((lo..hi).contains(acc), "{file}: {acc}");
    }
}

#[test]
fn pretrained_accuracy_is_what_the_session_measures() {
    for (file, data, acc) in recorded() {
        let dir = super::real_assets::dir(data);
        let Ok(manifest) = std::fs::read_to_string(dir.join("manifest.json")) else {
            eprintln!(
                "note: {} absent; run `node scripts/mnist/convert.mjs --dataset {}` (skipped {file})",
                dir.display(),
                data.id()
            );
            continue;
        };
        let (params, _) = state::decode::<TrainParams>(&format!("data={}", data.id()));
        let mut s = Session::new(&manifest, params.settings()).expect("manifest");
        let tests: Vec<_> = s
            .manifest()
            .shards
            .iter()
            .filter(|x| x.split == cnn_lab::data::mnist::Split::Test)
            .map(|x| x.file.clone())
            .collect();
        for f in tests {
            let bytes = std::fs::read(dir.join(&f)).expect("shard");
            s.add_shard(&f, &bytes).expect("valid shard");
        }
        let weights = std::fs::read_to_string(root().join("assets/pretrained").join(&file))
            .expect("weights file");
        s.load_weights(&weights).expect("the shipped weights load");
        let r = s.evaluate().expect("evaluate");
        assert_eq!(r.evaluated, 10_000);
        assert_eq!(
            r.accuracy,
            acc,
            "{file}: the session measures {} on {}, accuracy.json records {acc}",
            r.accuracy,
            data.name()
        );
    }
}

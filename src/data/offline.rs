//! What "keep this lecture offline" saves on the device: both data sets (each manifest and every
//! shard, sizes from the manifest) and the pretrained weights, and the words for its progress.
//! Pure: the page does the fetching and caching.

use super::mnist::Manifest;
use super::Dataset;

/// The name of the browser cache the lecture's data live in (kept across app versions: the data
/// do not change with a build; the service worker serves from it).
pub const DATA_CACHE: &str = "cnn-lab-data";

/// One file to save: its path under the app's base (`/assets/...`) and its size if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveItem {
    pub path: String,
    pub bytes: Option<u64>,
}

/// Every file the lecture needs offline besides the app itself, given each data set's manifest:
/// the pretrained weights first (small, and what a lecturer shows first), then per data set its
/// manifest and shards (the test shard and first training shard first, as `/train` loads them).
pub fn save_list(manifests: &[(Dataset, Manifest)]) -> Vec<SaveItem> {
    let mut items: Vec<SaveItem> = Dataset::ALL
        .iter()
        .map(|d| SaveItem {
            path: format!("/assets/{}", d.pretrained_file()),
            bytes: None,
        })
        .collect();
    for (d, m) in manifests {
        let dir = d.asset_dir();
        items.push(SaveItem {
            path: format!("/assets/{dir}/manifest.json"),
            bytes: None,
        });
        for s in &m.shards {
            items.push(SaveItem {
                path: format!("/assets/{dir}/{}", s.file),
                bytes: Some(s.bytes),
            });
        }
    }
    items
}

/// The known total size of a list.
pub fn known_bytes(items: &[SaveItem]) -> u64 {
    items.iter().filter_map(|i| i.bytes).sum()
}

/// "12.3 MB" (decimal megabytes, as the download bars say).
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A size for people: MB below a gigabyte, GB above.
pub fn size_text(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.1} GB", bytes / 1e9)
    } else {
        format!("{:.1} MB", bytes / 1e6)
    }
}

/// The words for a browser's storage estimate: used and available.
pub fn storage_text(usage: f64, quota: f64) -> String {
    if quota <= 0.0 || !usage.is_finite() || !quota.is_finite() {
        return String::new();
    }
    format!(
        "This site uses {} of the {} this browser allows it.",
        size_text(usage),
        size_text(quota)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid manifest: one test shard, then training shards, of the given stored sizes.
    fn manifest(files: &[(&str, u64)]) -> Manifest {
        let shards: Vec<String> = files
            .iter()
            .enumerate()
            .map(|(i, (f, b))| {
                let (split, index) = if i == 0 { ("test", 0) } else { ("train", i - 1) };
                format!(
                    r#"{{"file":"{f}","split":"{split}","index":{index},"count":1,"bytes":{b},"raw_bytes":809,"crc32":0}}"#
                )
            })
            .collect();
        Manifest::parse(&format!(
            r#"{{"format":"cnn-lab-mnist","version":1,"shard_version":1,"rows":28,"cols":28,
            "train_count":{},"test_count":1,"attribution":"x","source":{{}},"shards":[{}]}}"#,
            files.len() - 1,
            shards.join(",")
        ))
        .unwrap()
    }

    #[test]
    fn lists_weights_then_each_data_set() {
        let list = save_list(&[
            (
                Dataset::Mnist,
                manifest(&[("test-0.shard", 10), ("train-0.shard", 20)]),
            ),
            (
                Dataset::Fashion,
                manifest(&[("test-0.shard", 5), ("train-0.shard", 1)]),
            ),
        ]);
        let paths: Vec<_> = list.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/assets/pretrained/lenet5-modern.json",
                "/assets/pretrained/lenet5-modern-fashion.json",
                "/assets/mnist/manifest.json",
                "/assets/mnist/test-0.shard",
                "/assets/mnist/train-0.shard",
                "/assets/fashion-mnist/manifest.json",
                "/assets/fashion-mnist/test-0.shard",
                "/assets/fashion-mnist/train-0.shard",
            ]
        );
        assert_eq!(known_bytes(&list), 36);
        assert_eq!(megabytes(12_345_678), "12.3 MB");
        assert_eq!(
            storage_text(2e6, 1.079e10),
            "This site uses 2.0 MB of the 10.8 GB this browser allows it."
        );
        assert_eq!(storage_text(1.0, 0.0), "");
    }
}

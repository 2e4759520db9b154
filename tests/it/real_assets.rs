//! The real data sets' assets as the converter writes them (`assets/mnist/`,
//! `assets/fashion-mnist/`), for the tests that read them.

use std::path::PathBuf;

use cnn_lab::data::mnist::{Manifest, MnistShard, Split};
use cnn_lab::data::Dataset;

/// The folder of `data`'s manifest and shards.
pub fn dir(data: Dataset) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(data.asset_dir())
}

/// Every shard of `split`, decoded against the manifest and appended in order.
pub fn load(data: Dataset, manifest: &Manifest, split: Split) -> MnistShard {
    let mut all = MnistShard::default();
    for info in manifest.shards_of(split) {
        let bytes = std::fs::read(dir(data).join(&info.file)).expect("shard listed in manifest");
        let shard = manifest
            .decode_shard(info, &bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", info.file));
        assert_eq!(shard.len(), info.count as usize);
        all.append(&shard).unwrap();
    }
    all
}

//! `assets/mnist/manifest.json`: what shards exist, how big they are and their checksums. The page
//! fetches it first, so it is validated eagerly: a manifest that passes [`Manifest::parse`] has
//! safe file names, consistent counts and sizes, and bounded allocations.

use serde::{Deserialize, Serialize};

use super::shard::{decode_shard, raw_len, Expected, MnistShard, MAX_SHARD_IMAGES, MAX_SIDE};
use super::MnistError;

/// The `format` string the converter writes.
pub const MANIFEST_FORMAT: &str = "cnn-lab-mnist";
/// The manifest version this code reads.
pub const MANIFEST_VERSION: u32 = 1;
/// Largest stored shard file accepted (a 10,000-image shard is ~1.6 MB; raw it is 7.85 MB).
pub const MAX_SHARD_FILE_BYTES: u64 = 64 << 20;

/// Which half of MNIST a shard belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Train,
    Test,
}

/// One shard file as the manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// File name relative to the manifest (letters, digits, `.`, `-`, `_` only).
    pub file: String,
    pub split: Split,
    /// Position within its split (0-based, contiguous).
    pub index: u32,
    /// Images in the shard.
    pub count: u32,
    /// Size of the stored (compressed) file.
    pub bytes: u64,
    /// Size once inflated: 24 + count * (1 + rows * cols).
    pub raw_bytes: u64,
    /// CRC-32 of the stored file.
    pub crc32: u32,
}

impl ShardInfo {
    /// What this entry promises about its file, for [`decode_shard`].
    pub fn expected(&self) -> Expected {
        Expected {
            bytes: self.bytes,
            crc32: self.crc32,
            raw_bytes: self.raw_bytes,
            count: self.count,
        }
    }
}

/// The parsed manifest. Unknown fields (`source`, `shard_images`, ...) are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub rows: u32,
    pub cols: u32,
    pub train_count: u32,
    pub test_count: u32,
    /// Credit line to show with the images.
    #[serde(default)]
    pub attribution: String,
    pub shards: Vec<ShardInfo>,
}

impl Manifest {
    /// Parses and validates `manifest.json`.
    pub fn parse(json: &str) -> Result<Self, MnistError> {
        let m: Manifest =
            serde_json::from_str(json).map_err(|e| MnistError::Manifest(e.to_string()))?;
        m.validate()?;
        Ok(m)
    }

    /// Checks format and version, dims, file names, per-split indices and totals, sizes.
    pub fn validate(&self) -> Result<(), MnistError> {
        if self.format != MANIFEST_FORMAT || self.version != MANIFEST_VERSION {
            return Err(MnistError::UnsupportedManifest {
                found_format: self.format.clone(),
                found_version: self.version,
                expected_format: MANIFEST_FORMAT,
                expected_version: MANIFEST_VERSION,
            });
        }
        let bad = |msg: String| Err(MnistError::Manifest(msg));
        let side_ok = |s: u32| (1..=MAX_SIDE).contains(&s);
        if !side_ok(self.rows) || !side_ok(self.cols) {
            return bad(format!("images of {}x{}", self.rows, self.cols));
        }
        for split in [Split::Train, Split::Test] {
            let shards: Vec<&ShardInfo> = self.shards_of(split).collect();
            let total: u64 = shards.iter().map(|s| u64::from(s.count)).sum();
            let declared = u64::from(self.count(split));
            if shards.is_empty() || total != declared {
                return bad(format!(
                    "{split:?}: {} shards holding {total} images, header says {declared}",
                    shards.len()
                ));
            }
            let mut seen = vec![false; shards.len()];
            for s in &shards {
                match seen.get_mut(s.index as usize) {
                    Some(slot) if !*slot => *slot = true,
                    _ => {
                        return bad(format!(
                            "{split:?} shard index {} repeated or skipped",
                            s.index
                        ))
                    }
                }
            }
        }
        for s in &self.shards {
            let name_ok = !s.file.is_empty()
                && s.file.len() <= 64
                && !s.file.starts_with('.')
                && s.file
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
            if !name_ok {
                return bad(format!("unsafe shard file name {:?}", s.file));
            }
            if s.count == 0 || s.count > MAX_SHARD_IMAGES {
                return bad(format!("{}: {} images", s.file, s.count));
            }
            let raw = raw_len(s.count, self.rows, self.cols);
            if raw != Some(s.raw_bytes) {
                return bad(format!(
                    "{}: raw_bytes {} for {} images",
                    s.file, s.raw_bytes, s.count
                ));
            }
            if s.bytes == 0 || s.bytes > MAX_SHARD_FILE_BYTES {
                return bad(format!("{}: {} bytes", s.file, s.bytes));
            }
        }
        Ok(())
    }

    /// Number of images in a split.
    pub fn count(&self, split: Split) -> u32 {
        match split {
            Split::Train => self.train_count,
            Split::Test => self.test_count,
        }
    }

    /// The shards of a split, in index order.
    pub fn shards_of(&self, split: Split) -> impl Iterator<Item = &ShardInfo> {
        let mut v: Vec<&ShardInfo> = self.shards.iter().filter(|s| s.split == split).collect();
        v.sort_by_key(|s| s.index);
        v.into_iter()
    }

    /// What the page fetches before training can start: the first training shard and the
    /// whole test set (the rest of the training set streams in while it trains).
    pub fn initial_shards(&self) -> Vec<&ShardInfo> {
        let mut v: Vec<&ShardInfo> = self.shards_of(Split::Train).take(1).collect();
        v.extend(self.shards_of(Split::Test));
        v
    }

    /// Decodes a downloaded shard file, checking it against this manifest (size, CRC-32, header
    /// count and dims, length, labels).
    pub fn decode_shard(&self, shard: &ShardInfo, bytes: &[u8]) -> Result<MnistShard, MnistError> {
        decode_shard(bytes, &shard.expected(), self.rows, self.cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample_json() -> String {
        let shard = |file: &str, split: &str, index: u32, count: u64| {
            format!(
                r#"{{"file":"{file}","split":"{split}","index":{index},"count":{count},
                "bytes":100,"raw_bytes":{},"crc32":1}}"#,
                24 + count * 785
            )
        };
        format!(
            r#"{{"format":"cnn-lab-mnist","version":1,"shard_version":1,"rows":28,"cols":28,
            "train_count":15,"test_count":4,"attribution":"MNIST","source":{{"synthetic":true}},
            "shards":[{},{},{}]}}"#,
            shard("train-1.shard", "train", 1, 5),
            shard("train-0.shard", "train", 0, 10),
            shard("test-0.shard", "test", 0, 4)
        )
    }

    #[test]
    fn parses_and_orders_shards() {
        let m = Manifest::parse(&sample_json()).unwrap();
        let train: Vec<_> = m.shards_of(Split::Train).map(|s| s.file.as_str()).collect();
        assert_eq!(train, ["train-0.shard", "train-1.shard"]);
        let first: Vec<_> = m.initial_shards().iter().map(|s| s.file.as_str()).collect();
        assert_eq!(first, ["train-0.shard", "test-0.shard"]);
        assert_eq!(m.count(Split::Test), 4);
    }

    #[test]
    fn refuses_inconsistent_manifests() {
        let base = sample_json();
        let cases = [
            ("\"version\":1", "\"version\":2"),
            ("cnn-lab-mnist", "other"),
            ("\"train_count\":15", "\"train_count\":16"),
            ("\"rows\":28", "\"rows\":0"),
            ("\"rows\":28", "\"rows\":9999"),
            ("train-1.shard", "../etc.shard"),
            ("train-1.shard", ".hidden"),
            ("\"index\":1", "\"index\":0"),
            ("\"index\":1", "\"index\":7"),
            ("\"raw_bytes\":7874", "\"raw_bytes\":7875"),
            ("\"split\":\"test\"", "\"split\":\"valid\""),
            ("\"crc32\":1", "\"crc32\":-1"),
        ];
        for (from, to) in cases {
            assert!(base.contains(from), "{from}");
            let json = base.replacen(from, to, 1);
            assert!(Manifest::parse(&json).is_err(), "accepted {from} -> {to}");
        }
        assert!(matches!(
            Manifest::parse(&base.replace("\"version\":1", "\"version\":2")),
            Err(MnistError::UnsupportedManifest {
                found_version: 2,
                ..
            })
        ));
        assert!(matches!(Manifest::parse("{"), Err(MnistError::Manifest(_))));
        assert!(matches!(Manifest::parse(""), Err(MnistError::Manifest(_))));
    }
}

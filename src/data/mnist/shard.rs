//! One shard: decode (checked against the manifest, or standalone) and encode.

use miniz_oxide::inflate::{decompress_to_vec_zlib_with_limit, TINFLStatus};

use super::crc32::crc32;
use super::{MnistError, NUM_CLASSES};

/// First 8 bytes of every raw shard.
pub const SHARD_MAGIC: [u8; 8] = *b"CNNLMNST";
/// The shard format version this code reads and writes.
pub const SHARD_VERSION: u32 = 1;
/// Magic + version + count + rows + cols.
pub const SHARD_HEADER_BYTES: usize = 24;
/// Most images one shard may hold (the whole training set).
pub const MAX_SHARD_IMAGES: u32 = 60_000;
/// Largest image side accepted.
pub const MAX_SIDE: u32 = 64;
/// Inflate limit when no manifest says how big the shard is (10,000 MNIST images are 7.85 MB).
pub const MAX_UNCHECKED_RAW_BYTES: usize = 64 << 20;

/// Decoded images and labels of one shard (or several, appended).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MnistShard {
    /// One label 0..=9 per image.
    pub labels: Vec<u8>,
    /// `labels.len() * rows * cols` grey levels, image after image, row-major; 0 = background.
    pub pixels: Vec<u8>,
    pub rows: usize,
    pub cols: usize,
}

impl MnistShard {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image.
    pub fn image_len(&self) -> usize {
        self.rows * self.cols
    }

    /// The pixels of image `i`, or `None` past the end.
    pub fn image(&self, i: usize) -> Option<&[u8]> {
        let n = self.image_len();
        self.pixels
            .get(i.checked_mul(n)?..i.checked_add(1)?.checked_mul(n)?)
    }

    /// The label of image `i`, or `None` past the end.
    pub fn label(&self, i: usize) -> Option<u8> {
        self.labels.get(i).copied()
    }

    /// How many images of each digit.
    pub fn histogram(&self) -> [usize; NUM_CLASSES] {
        let mut h = [0; NUM_CLASSES];
        for &l in &self.labels {
            if let Some(slot) = h.get_mut(usize::from(l)) {
                *slot += 1;
            }
        }
        h
    }

    /// Appends another shard's images (the training set grows as shards stream in). An empty
    /// `self` takes `other`'s dims.
    pub fn append(&mut self, other: &MnistShard) -> Result<(), MnistError> {
        if self.is_empty() && self.pixels.is_empty() {
            self.rows = other.rows;
            self.cols = other.cols;
        }
        if (self.rows, self.cols) != (other.rows, other.cols) {
            return Err(MnistError::HeaderMismatch {
                field: "rows*cols",
                expected: (self.rows * self.cols) as u64,
                found: (other.rows * other.cols) as u64,
            });
        }
        self.labels.extend_from_slice(&other.labels);
        self.pixels.extend_from_slice(&other.pixels);
        Ok(())
    }
}

/// Raw (inflated) size of a shard: header + labels + pixels; `None` on overflow.
pub fn raw_len(count: u32, rows: u32, cols: u32) -> Option<u64> {
    let per_image = u64::from(rows)
        .checked_mul(u64::from(cols))?
        .checked_add(1)?;
    u64::from(count)
        .checked_mul(per_image)?
        .checked_add(SHARD_HEADER_BYTES as u64)
}

/// What the manifest promises about one stored shard file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// Size of the stored (compressed) file.
    pub bytes: u64,
    pub crc32: u32,
    /// Size once inflated.
    pub raw_bytes: u64,
    /// Images in the shard.
    pub count: u32,
}

/// Decodes a stored shard file as the manifest lists it: checks its size and CRC-32, inflates no
/// more than `info.raw_bytes`, then checks header (count, `rows`, `cols`), length and labels.
pub fn decode_shard(
    bytes: &[u8],
    info: &Expected,
    rows: u32,
    cols: u32,
) -> Result<MnistShard, MnistError> {
    let found = bytes.len() as u64;
    if found != info.bytes {
        return Err(MnistError::SizeMismatch {
            expected: info.bytes,
            found,
        });
    }
    let crc = crc32(bytes);
    if crc != info.crc32 {
        return Err(MnistError::ChecksumMismatch {
            expected: info.crc32,
            found: crc,
        });
    }
    // The manifest's raw size caps the inflated output, so a hostile stream cannot balloon.
    let limit = usize::try_from(info.raw_bytes).map_err(|_| MnistError::TooLarge {
        limit: info.raw_bytes,
    })?;
    let raw = inflate(bytes, limit)?;
    parse_raw(&raw, Some((info.count, rows, cols)))
}

/// Decodes a stored shard without a manifest (tests, tools): inflates at most
/// [`MAX_UNCHECKED_RAW_BYTES`], then [`parse_raw_shard`].
pub fn decode_shard_bytes(bytes: &[u8]) -> Result<MnistShard, MnistError> {
    parse_raw(&inflate(bytes, MAX_UNCHECKED_RAW_BYTES)?, None)
}

/// Parses an inflated shard: magic, version, dims, exact length, labels.
pub fn parse_raw_shard(raw: &[u8]) -> Result<MnistShard, MnistError> {
    parse_raw(raw, None)
}

fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, MnistError> {
    decompress_to_vec_zlib_with_limit(bytes, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => MnistError::TooLarge {
            limit: limit as u64,
        },
        _ => MnistError::Inflate(e.to_string()),
    })
}

fn read_u32(raw: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    if let Some(s) = raw.get(at..at + 4) {
        b.copy_from_slice(s);
    }
    u32::from_le_bytes(b)
}

fn parse_raw(raw: &[u8], expect: Option<(u32, u32, u32)>) -> Result<MnistShard, MnistError> {
    let found = raw.len() as u64;
    if raw.len() >= SHARD_MAGIC.len() && raw[..SHARD_MAGIC.len()] != SHARD_MAGIC {
        return Err(MnistError::WrongMagic);
    }
    if raw.len() < SHARD_HEADER_BYTES {
        return Err(MnistError::Truncated {
            needed: SHARD_HEADER_BYTES as u64,
            found,
        });
    }
    let version = read_u32(raw, 8);
    if version != SHARD_VERSION {
        return Err(MnistError::WrongVersion {
            found: version,
            supported: SHARD_VERSION,
        });
    }
    let (count, rows, cols) = (read_u32(raw, 12), read_u32(raw, 16), read_u32(raw, 20));
    let side_ok = |s: u32| (1..=MAX_SIDE).contains(&s);
    if count == 0 || count > MAX_SHARD_IMAGES || !side_ok(rows) || !side_ok(cols) {
        return Err(MnistError::BadDims { count, rows, cols });
    }
    if let Some((e_count, e_rows, e_cols)) = expect {
        for (field, expected, got) in [
            ("count", e_count, count),
            ("rows", e_rows, rows),
            ("cols", e_cols, cols),
        ] {
            if expected != got {
                return Err(MnistError::HeaderMismatch {
                    field,
                    expected: expected.into(),
                    found: got.into(),
                });
            }
        }
    }
    // Bounded by the checks above: 60,000 * (64 * 64 + 1) + 24 fits easily in u64 and usize.
    let needed = raw_len(count, rows, cols).ok_or(MnistError::BadDims { count, rows, cols })?;
    if found < needed {
        return Err(MnistError::Truncated { needed, found });
    }
    if found > needed {
        return Err(MnistError::TrailingBytes {
            expected: needed,
            extra: found - needed,
        });
    }
    let n = count as usize;
    let labels = raw[SHARD_HEADER_BYTES..SHARD_HEADER_BYTES + n].to_vec();
    if let Some(index) = labels.iter().position(|&l| usize::from(l) >= NUM_CLASSES) {
        return Err(MnistError::BadLabel {
            index,
            label: labels[index],
        });
    }
    Ok(MnistShard {
        labels,
        pixels: raw[SHARD_HEADER_BYTES + n..].to_vec(),
        rows: rows as usize,
        cols: cols as usize,
    })
}

/// Encodes a shard the way `scripts/mnist/convert.mjs` does (zlib at `level` 0..=10), for tests
/// and tools. Refuses shards the decoder would refuse.
pub fn encode_shard(shard: &MnistShard, level: u8) -> Result<Vec<u8>, MnistError> {
    let raw = encode_raw(shard)?;
    Ok(miniz_oxide::deflate::compress_to_vec_zlib(&raw, level))
}

/// The raw (uncompressed) shard bytes.
pub fn encode_raw(shard: &MnistShard) -> Result<Vec<u8>, MnistError> {
    let as_u32 = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let (count, rows, cols) = (as_u32(shard.len()), as_u32(shard.rows), as_u32(shard.cols));
    let side_ok = |s: u32| (1..=MAX_SIDE).contains(&s);
    if count == 0 || count > MAX_SHARD_IMAGES || !side_ok(rows) || !side_ok(cols) {
        return Err(MnistError::BadDims { count, rows, cols });
    }
    if shard.pixels.len() != shard.len() * shard.image_len() {
        return Err(MnistError::BadImageSize {
            len: shard.pixels.len(),
            rows: shard.rows,
            cols: shard.cols,
        });
    }
    if let Some(index) = shard
        .labels
        .iter()
        .position(|&l| usize::from(l) >= NUM_CLASSES)
    {
        return Err(MnistError::BadLabel {
            index,
            label: shard.labels[index],
        });
    }
    let mut raw = Vec::with_capacity(SHARD_HEADER_BYTES + shard.labels.len() + shard.pixels.len());
    raw.extend_from_slice(&SHARD_MAGIC);
    for v in [SHARD_VERSION, count, rows, cols] {
        raw.extend_from_slice(&v.to_le_bytes());
    }
    raw.extend_from_slice(&shard.labels);
    raw.extend_from_slice(&shard.pixels);
    Ok(raw)
}

#[cfg(test)]
#[path = "shard_tests.rs"]
mod tests;

//! The real MNIST set in CNN Lab's compact shard format, and MNIST-style preprocessing of a
//! hand-drawn digit. Pure: no UI imports; the page fetches bytes and hands them here.
//!
//! # Assets (made at set-up by `scripts/mnist/convert.mjs`, see its header)
//! `assets/mnist/manifest.json` lists the shards (6 x 10,000 training images, 1 x 10,000 test
//! images). Each shard file is zlib (RFC 1950) of
//!
//! ```text
//! "CNNLMNST" | version u32 | count u32 | rows u32 | cols u32    (little-endian, 24 bytes)
//! count label bytes (0..=9) | count*rows*cols pixel bytes (row-major, 0 = background, 255 = ink)
//! ```
//!
//! Decoding checks, in order: stored size and CRC-32 against the manifest, the zlib stream and its
//! Adler-32 (inflating at most the size the manifest announces), the header, the exact length and
//! every label. Any failure is a [`MnistError`]; no input makes it panic (fuzzed in the tests).
//!
//! # Modules
//! - [`manifest`]: `manifest.json` (serde) and its validation.
//! - [`shard`]: decode (and encode, for tests and tools) one shard.
//! - [`batch`]: pixels to `f32` (0..1 or MNIST mean/std), 28x28 -> 32x32 padding, NCHW batches.
//! - [`shuffle`]: seeded SplitMix64 and Fisher-Yates, for reproducible epochs.
//! - [`draw`]: a drawn digit -> bounding box, 20x20 fit, centre of mass at the 28x28 centre.

pub mod batch;
pub mod crc32;
pub mod draw;
pub mod manifest;
pub mod shard;
pub mod shuffle;

pub use batch::{assemble_batch, fill_batch, image_f32, pad_image, Batch, Normalization};
pub use draw::{preprocess_drawn_digit, BoundingBox, DrawnDigit};
pub use manifest::{Manifest, ShardInfo, Split};
pub use shard::{decode_shard, decode_shard_bytes, encode_shard, parse_raw_shard, MnistShard};
pub use shuffle::{shuffle, shuffled_indices, SplitMix64};

/// Attribution the page shows wherever MNIST images appear (the data set's licence asks for it).
pub const MNIST_CREDIT: &str =
    "MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, licensed CC BY-SA 3.0";

/// Side of an MNIST image.
pub const MNIST_SIDE: usize = 28;
/// Side of LeNet-5's input: MNIST padded by 2 on every side (LeCun et al. 1998, section II.A).
pub const LENET_SIDE: usize = 32;
/// Number of classes.
pub const NUM_CLASSES: usize = 10;

/// Everything that can be wrong with MNIST assets, batches or a drawn digit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MnistError {
    #[error("MNIST manifest is invalid: {0}")]
    Manifest(String),
    #[error("MNIST manifest is {found_format:?} version {found_version}; this app reads {expected_format:?} version {expected_version}")]
    UnsupportedManifest {
        found_format: String,
        found_version: u32,
        expected_format: &'static str,
        expected_version: u32,
    },
    #[error("MNIST shard has {found} bytes, the manifest says {expected} (truncated download?)")]
    SizeMismatch { expected: u64, found: u64 },
    #[error("MNIST shard is corrupt: CRC-32 {found:08x}, the manifest says {expected:08x}")]
    ChecksumMismatch { expected: u32, found: u32 },
    #[error("MNIST shard is not a valid zlib stream ({0})")]
    Inflate(String),
    #[error("MNIST shard inflates to more than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("MNIST shard is truncated: {needed} bytes needed, {found} present")]
    Truncated { needed: u64, found: u64 },
    #[error("MNIST shard has {extra} unexpected bytes after its {expected} bytes")]
    TrailingBytes { expected: u64, extra: u64 },
    #[error("not an MNIST shard (wrong magic; expected \"CNNLMNST\")")]
    WrongMagic,
    #[error(
        "MNIST shard format version {found} is not supported (this app reads version {supported})"
    )]
    WrongVersion { found: u32, supported: u32 },
    #[error("MNIST shard has impossible dimensions: {count} images of {rows}x{cols}")]
    BadDims { count: u32, rows: u32, cols: u32 },
    #[error("MNIST shard header says {field} = {found}, the manifest says {expected}")]
    HeaderMismatch {
        field: &'static str,
        expected: u64,
        found: u64,
    },
    #[error("MNIST label {label} at image {index} is not a digit 0..9")]
    BadLabel { index: usize, label: u8 },
    #[error("image index {index} out of range for a set of {len}")]
    IndexOutOfRange { index: usize, len: usize },
    #[error("image buffer of {len} values is not {rows}x{cols}")]
    BadImageSize {
        len: usize,
        rows: usize,
        cols: usize,
    },
    #[error("cannot pad a {rows}x{cols} image to {side}x{side}")]
    TooBigToPad {
        rows: usize,
        cols: usize,
        side: usize,
    },
    #[error("canvas of {len} values is not {width}x{height}")]
    BadCanvas {
        width: usize,
        height: usize,
        len: usize,
    },
    #[error("the canvas is empty: draw a digit first")]
    EmptyCanvas,
}

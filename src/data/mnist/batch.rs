//! From stored grey levels to network inputs: `f32` normalisation, padding 28x28 to LeNet's 32x32,
//! and mini-batches in NCHW layout.

use super::shard::MnistShard;
use super::{MnistError, LENET_SIDE};

/// Mean of the MNIST training pixels scaled to 0..1 (0.13066; checked against the real data in
/// `tests/data_mnist_real.rs`), the value PyTorch's MNIST example uses.
pub const MNIST_MEAN: f32 = 0.1307;
/// Standard deviation of the same pixels (0.30811).
pub const MNIST_STD: f32 = 0.3081;
/// Mean of the Fashion-MNIST training pixels scaled to 0..1 (0.28604; checked against the real
/// data in the tests).
pub const FASHION_MEAN: f32 = 0.2860;
/// Standard deviation of the same pixels (0.35302).
pub const FASHION_STD: f32 = 0.3530;

/// How a grey level `g` in 0..=255 becomes a network input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Normalization {
    /// `g / 255`: background 0, ink 1.
    #[default]
    UnitRange,
    /// `(g / 255 - MNIST_MEAN) / MNIST_STD`: zero mean, unit variance over the training set.
    MeanStd,
    /// `(g / 255 - FASHION_MEAN) / FASHION_STD`: the same for Fashion-MNIST.
    FashionMeanStd,
}

impl Normalization {
    /// Normalises a value already in 0..1 (a drawn digit, or `g / 255`).
    pub fn apply(self, v01: f32) -> f32 {
        match self {
            Normalization::UnitRange => v01,
            Normalization::MeanStd => (v01 - MNIST_MEAN) / MNIST_STD,
            Normalization::FashionMeanStd => (v01 - FASHION_MEAN) / FASHION_STD,
        }
    }

    /// Normalises a stored grey level.
    pub fn from_byte(self, g: u8) -> f32 {
        self.apply(f32::from(g) / 255.0)
    }

    /// The value of an empty pixel (what padding must use so it looks like background).
    pub fn background(self) -> f32 {
        self.apply(0.0)
    }

    fn table(self) -> [f32; 256] {
        std::array::from_fn(|g| self.from_byte(g as u8))
    }
}

/// A mini-batch: `inputs` is `(n, 1, side, side)` in NCHW order, `labels` has `n` digits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    pub n: usize,
    pub side: usize,
    pub inputs: Vec<f32>,
    pub labels: Vec<u8>,
}

/// Image `i` of `shard` as `rows * cols` normalised values.
pub fn image_f32(
    shard: &MnistShard,
    i: usize,
    norm: Normalization,
) -> Result<Vec<f32>, MnistError> {
    let img = shard.image(i).ok_or(MnistError::IndexOutOfRange {
        index: i,
        len: shard.len(),
    })?;
    Ok(img.iter().map(|&g| norm.from_byte(g)).collect())
}

/// Centres a `rows x cols` image in a `side x side` one filled with `fill` (an odd margin puts the
/// extra row/column at the bottom/right). MNIST 28x28 -> LeNet 32x32 adds 2 on every side.
pub fn pad_image(
    src: &[f32],
    rows: usize,
    cols: usize,
    side: usize,
    fill: f32,
) -> Result<Vec<f32>, MnistError> {
    if rows.checked_mul(cols) != Some(src.len()) {
        return Err(MnistError::BadImageSize {
            len: src.len(),
            rows,
            cols,
        });
    }
    if rows > side || cols > side {
        return Err(MnistError::TooBigToPad { rows, cols, side });
    }
    let mut out = vec![fill; side * side];
    let (top, left) = ((side - rows) / 2, (side - cols) / 2);
    for (r, row) in src.chunks_exact(cols.max(1)).enumerate() {
        let at = (top + r) * side + left;
        out[at..at + cols].copy_from_slice(row);
    }
    Ok(out)
}

/// A 0..1 image (e.g. a preprocessed drawn digit) as one LeNet input: normalised, padded to
/// 32x32 with the normalised background.
pub fn lenet_input(
    image01: &[f32],
    rows: usize,
    cols: usize,
    norm: Normalization,
) -> Result<Vec<f32>, MnistError> {
    let normalised: Vec<f32> = image01.iter().map(|&v| norm.apply(v)).collect();
    pad_image(&normalised, rows, cols, LENET_SIDE, norm.background())
}

/// Writes the images `indices` of `shard` into `inputs` as `(n, 1, 32, 32)` NCHW and their labels
/// into `labels`, reusing the buffers' allocations (the training loop calls this every step).
/// Everything is checked before anything is written.
pub fn fill_batch(
    shard: &MnistShard,
    indices: &[usize],
    norm: Normalization,
    inputs: &mut Vec<f32>,
    labels: &mut Vec<u8>,
) -> Result<(), MnistError> {
    let (rows, cols, side) = (shard.rows, shard.cols, LENET_SIDE);
    if rows > side || cols > side {
        return Err(MnistError::TooBigToPad { rows, cols, side });
    }
    if shard.pixels.len() != shard.len() * rows * cols {
        return Err(MnistError::BadImageSize {
            len: shard.pixels.len(),
            rows,
            cols,
        });
    }
    if let Some(&index) = indices.iter().find(|&&i| i >= shard.len()) {
        return Err(MnistError::IndexOutOfRange {
            index,
            len: shard.len(),
        });
    }
    let table = norm.table();
    let plane = side * side;
    inputs.clear();
    inputs.resize(indices.len() * plane, norm.background());
    labels.clear();
    let (top, left) = ((side - rows) / 2, (side - cols) / 2);
    for (b, &i) in indices.iter().enumerate() {
        labels.push(shard.labels[i]);
        let img = &shard.pixels[i * rows * cols..(i + 1) * rows * cols];
        let dst = &mut inputs[b * plane..(b + 1) * plane];
        for (r, row) in img.chunks_exact(cols.max(1)).enumerate() {
            let at = (top + r) * side + left;
            for (d, &g) in dst[at..at + cols].iter_mut().zip(row) {
                *d = table[usize::from(g)];
            }
        }
    }
    Ok(())
}

/// [`fill_batch`] into fresh buffers.
pub fn assemble_batch(
    shard: &MnistShard,
    indices: &[usize],
    norm: Normalization,
) -> Result<Batch, MnistError> {
    let mut batch = Batch {
        n: indices.len(),
        side: LENET_SIDE,
        ..Batch::default()
    };
    fill_batch(shard, indices, norm, &mut batch.inputs, &mut batch.labels)?;
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_images() -> MnistShard {
        let mut pixels = vec![0u8; 2 * 784];
        pixels[0] = 255; // image 0, top-left
        pixels[784 + 783] = 51; // image 1, bottom-right
        MnistShard {
            labels: vec![3, 8],
            pixels,
            rows: 28,
            cols: 28,
        }
    }

    #[test]
    fn normalisations() {
        assert_eq!(Normalization::UnitRange.from_byte(255), 1.0);
        assert_eq!(Normalization::UnitRange.background(), 0.0);
        let m = Normalization::MeanStd;
        assert!((m.background() - (-0.1307 / 0.3081)).abs() < 1e-6);
        assert!((m.from_byte(255) - (1.0 - 0.1307) / 0.3081).abs() < 1e-5);
        let img = image_f32(&two_images(), 1, Normalization::UnitRange).unwrap();
        assert!((img[783] - 0.2).abs() < 1e-6);
        assert!(image_f32(&two_images(), 2, m).is_err());
    }

    #[test]
    fn padding_centres_the_image() {
        let src: Vec<f32> = (0..784).map(|k| k as f32).collect();
        let out = pad_image(&src, 28, 28, 32, -1.0).unwrap();
        assert_eq!(out.len(), 1024);
        assert_eq!(out[2 * 32 + 2], 0.0);
        assert_eq!(out[29 * 32 + 29], 783.0);
        assert_eq!(out[0], -1.0);
        assert_eq!(out[30 * 32 + 30], -1.0);
        assert_eq!(out.iter().filter(|&&v| v == -1.0).count(), 1024 - 784);
        // Odd margin: extra at the bottom/right.
        let out = pad_image(&[5.0], 1, 1, 2, 0.0).unwrap();
        assert_eq!(out, [5.0, 0.0, 0.0, 0.0]);
        assert!(matches!(
            pad_image(&src, 28, 27, 32, 0.0),
            Err(MnistError::BadImageSize { .. })
        ));
        assert!(matches!(
            pad_image(&[0.0; 33], 1, 33, 32, 0.0),
            Err(MnistError::TooBigToPad { .. })
        ));
        assert!(pad_image(&[], usize::MAX, 2, 32, 0.0).is_err());
    }

    #[test]
    fn batch_is_nchw_with_labels() {
        let shard = two_images();
        let b = assemble_batch(&shard, &[1, 0, 1], Normalization::UnitRange).unwrap();
        assert_eq!((b.n, b.side, b.inputs.len()), (3, 32, 3 * 1024));
        assert_eq!(b.labels, [8, 3, 8]);
        assert!((b.inputs[29 * 32 + 29] - 0.2).abs() < 1e-6);
        assert_eq!(b.inputs[1024 + 2 * 32 + 2], 1.0);
        assert_eq!(b.inputs.iter().filter(|&&v| v != 0.0).count(), 3);
        let m = assemble_batch(&shard, &[0], Normalization::MeanStd).unwrap();
        assert_eq!(m.inputs[0], Normalization::MeanStd.background());
        // Same as image_f32 + lenet_input.
        let one = image_f32(&shard, 0, Normalization::UnitRange).unwrap();
        let direct = lenet_input(&one, 28, 28, Normalization::MeanStd).unwrap();
        assert_eq!(direct, m.inputs);
    }

    #[test]
    fn batch_refusals_leave_buffers_alone() {
        let shard = two_images();
        let (mut x, mut y) = (vec![9.0], vec![9]);
        let err = fill_batch(&shard, &[0, 2], Normalization::UnitRange, &mut x, &mut y);
        assert_eq!(err, Err(MnistError::IndexOutOfRange { index: 2, len: 2 }));
        assert_eq!((x, y), (vec![9.0], vec![9]));
        let big = MnistShard {
            labels: vec![0],
            pixels: vec![0; 33 * 33],
            rows: 33,
            cols: 33,
        };
        assert!(assemble_batch(&big, &[0], Normalization::UnitRange).is_err());
        let empty = assemble_batch(&shard, &[], Normalization::UnitRange).unwrap();
        assert!(empty.inputs.is_empty() && empty.labels.is_empty());
    }
}

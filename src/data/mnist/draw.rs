//! A hand-drawn digit, preprocessed the way MNIST's digits were (LeCun, Cortes and Burges, the
//! MNIST page: "size normalized to fit in a 20x20 pixel box while preserving their aspect ratio
//! ... anti-aliasing ... centered in a 28x28 image by computing the center of mass of the pixels,
//! and translating the image so as to position this point at the center of the 28x28 field").
//!
//! Coordinates: pixel `(x, y)` covers `[x, x+1) x [y, y+1)`, so its centre is `(x+0.5, y+0.5)`
//! and the centre of the 28x28 field is `(14, 14)`.

use super::{MnistError, MNIST_SIDE};

/// Canvas values above this count as ink when finding the bounding box (ignores faint
/// anti-aliasing fringes and stray specks of the brush).
pub const INK_THRESHOLD: f32 = 0.05;
/// The box the digit is scaled to fit, preserving aspect ratio.
pub const FIT_SIDE: usize = 20;

/// Half-open pixel rectangle `[x0, x1) x [y0, y1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundingBox {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl BoundingBox {
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// What the network sees, and how it got there (the page can draw the steps).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnDigit {
    /// 28x28 row-major values in 0..1, ink = 1 (MNIST's grey level / 255).
    pub pixels: Vec<f32>,
    /// The ink's bounding box on the canvas.
    pub bbox: BoundingBox,
    /// Width and height of the digit after the fit (the larger is 20).
    pub fitted: (usize, usize),
    /// Where the fitted digit's top-left corner landed in the 28x28 field, `(x, y)`.
    pub offset: (usize, usize),
    /// Centre of mass of `pixels`: within half a pixel of (14, 14) unless the digit is so lopsided
    /// that centring it would push ink out of the field (then the shift is clamped).
    pub centre_of_mass: (f32, f32),
}

/// Preprocesses a grey canvas (`width x height` row-major, 0 = paper, 1 = ink; NaN counts as 0 and
/// values are clamped to 0..1): bounding box of the ink, area-resampled to fit 20x20 keeping the
/// aspect ratio, placed in 28x28 with its centre of mass at the centre (nearest whole pixel, so
/// the 20x20 box stays pixel-aligned and sharp, as in MNIST).
pub fn preprocess_drawn_digit(
    canvas: &[f32],
    width: usize,
    height: usize,
) -> Result<DrawnDigit, MnistError> {
    if width == 0 || height == 0 || width.checked_mul(height) != Some(canvas.len()) {
        return Err(MnistError::BadCanvas {
            width,
            height,
            len: canvas.len(),
        });
    }
    let value = |x: usize, y: usize| {
        let v = canvas[y * width + x];
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let bbox = ink_bbox(canvas, width, height).ok_or(MnistError::EmptyCanvas)?;
    let (w, h) = (bbox.width(), bbox.height());
    let scale = FIT_SIDE as f64 / w.max(h) as f64;
    let fit = |n: usize| ((n as f64 * scale).round() as usize).clamp(1, FIT_SIDE);
    let (nw, nh) = (fit(w), fit(h));

    // Area (box-filter) resampling, separable: each output pixel is the mean of the source area
    // it covers, which keeps strokes' grey levels and the digit's mass distribution.
    let wx = area_weights(w, nw);
    let wy = area_weights(h, nh);
    let mut rows_resampled = vec![0f32; h * nw];
    for y in 0..h {
        for (j, taps) in wx.iter().enumerate() {
            rows_resampled[y * nw + j] = taps
                .iter()
                .map(|&(i, wt)| wt * value(bbox.x0 + i, bbox.y0 + y))
                .sum();
        }
    }
    let mut fitted = vec![0f32; nh * nw];
    for (k, taps) in wy.iter().enumerate() {
        for j in 0..nw {
            fitted[k * nw + j] = taps
                .iter()
                .map(|&(i, wt)| wt * rows_resampled[i * nw + j])
                .sum::<f32>()
                .clamp(0.0, 1.0);
        }
    }

    let (cx, cy) = centre_of_mass(&fitted, nw, nh).ok_or(MnistError::EmptyCanvas)?;
    let centre = MNIST_SIDE as f32 / 2.0;
    let place = |c: f32, n: usize| ((centre - c).round().max(0.0) as usize).min(MNIST_SIDE - n);
    let offset = (place(cx, nw), place(cy, nh));
    let mut pixels = vec![0f32; MNIST_SIDE * MNIST_SIDE];
    for (k, row) in fitted.chunks_exact(nw).enumerate() {
        let at = (offset.1 + k) * MNIST_SIDE + offset.0;
        pixels[at..at + nw].copy_from_slice(row);
    }
    let centre_of_mass =
        centre_of_mass(&pixels, MNIST_SIDE, MNIST_SIDE).ok_or(MnistError::EmptyCanvas)?;
    Ok(DrawnDigit {
        pixels,
        bbox,
        fitted: (nw, nh),
        offset,
        centre_of_mass,
    })
}

/// Bounding box of the values above [`INK_THRESHOLD`], or `None` if there are none.
pub fn ink_bbox(img: &[f32], width: usize, height: usize) -> Option<BoundingBox> {
    let mut b: Option<BoundingBox> = None;
    for (y, row) in img.chunks_exact(width.max(1)).take(height).enumerate() {
        for (x, &v) in row.iter().enumerate() {
            if v.is_finite() && v > INK_THRESHOLD {
                let bb = b.get_or_insert(BoundingBox {
                    x0: x,
                    y0: y,
                    x1: x + 1,
                    y1: y + 1,
                });
                bb.x0 = bb.x0.min(x);
                bb.x1 = bb.x1.max(x + 1);
                bb.y1 = y + 1;
            }
        }
    }
    b
}

/// Intensity-weighted centre `(x, y)` with pixel centres at `i + 0.5`; `None` if there is no
/// positive mass.
pub fn centre_of_mass(img: &[f32], width: usize, height: usize) -> Option<(f32, f32)> {
    let (mut m, mut sx, mut sy) = (0f64, 0f64, 0f64);
    for (y, row) in img.chunks_exact(width.max(1)).take(height).enumerate() {
        for (x, &v) in row.iter().enumerate() {
            if v.is_finite() && v > 0.0 {
                let v = f64::from(v);
                m += v;
                sx += v * (x as f64 + 0.5);
                sy += v * (y as f64 + 0.5);
            }
        }
    }
    (m > 0.0).then(|| ((sx / m) as f32, (sy / m) as f32))
}

/// For each of `dst` output cells, the source cells it overlaps and their weights (overlap over
/// the cell's footprint, summing to 1), mapping `[0, src)` onto `[0, dst)`.
fn area_weights(src: usize, dst: usize) -> Vec<Vec<(usize, f32)>> {
    let step = src as f64 / dst as f64;
    (0..dst)
        .map(|j| {
            let (a, b) = (j as f64 * step, (j + 1) as f64 * step);
            let last = (b.ceil() as usize).min(src);
            (a.floor() as usize..last)
                .filter_map(|i| {
                    let overlap = b.min(i as f64 + 1.0) - a.max(i as f64);
                    (overlap > 1e-9).then_some((i, (overlap / step) as f32))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
#[path = "draw_tests.rs"]
mod tests;

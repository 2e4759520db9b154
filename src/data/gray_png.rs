//! Decodes the 8-bit grayscale, non-interlaced PNGs shipped in `assets/images/` (what Pillow
//! writes for mode `L`) into `f32` pixels in 0..1. Pure, so the photographs the `/conv-layer` page
//! shows are decoded by tested code rather than by a canvas (PNG spec: W3C, 2003, sections 5-9).

use ndarray::Array2;
use thiserror::Error;

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
/// Largest side accepted (bounds the allocation whatever the file says).
pub const MAX_SIDE: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PngError {
    #[error("not a PNG file")]
    Signature,
    #[error("the PNG is truncated")]
    Truncated,
    #[error("unsupported PNG: {0} (expected 8-bit grayscale, not interlaced)")]
    Unsupported(String),
    #[error("the PNG's image data is corrupt: {0}")]
    Corrupt(String),
}

/// Decodes `bytes` into an `h x w` array of brightness values in 0..1.
pub fn decode_gray_png(bytes: &[u8]) -> Result<Array2<f32>, PngError> {
    if bytes.len() < 8 || bytes[..8] != SIGNATURE {
        return Err(PngError::Signature);
    }
    let mut pos = 8;
    let mut header: Option<(usize, usize)> = None;
    let mut idat = Vec::new();
    while pos + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap_or_default()) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let end = pos
            .checked_add(12)
            .and_then(|p| p.checked_add(len))
            .ok_or(PngError::Truncated)?;
        if end > bytes.len() {
            return Err(PngError::Truncated);
        }
        let data = &bytes[pos + 8..pos + 8 + len];
        match kind {
            b"IHDR" => header = Some(read_header(data)?),
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        pos = end;
    }
    let (w, h) = header.ok_or(PngError::Truncated)?;
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&idat, h * (w + 1))
        .map_err(|e| PngError::Corrupt(format!("{:?}", e.status)))?;
    if raw.len() != h * (w + 1) {
        return Err(PngError::Corrupt(format!(
            "{} bytes of pixels, expected {}",
            raw.len(),
            h * (w + 1)
        )));
    }
    let pixels = unfilter(&raw, w, h)?;
    Array2::from_shape_vec(
        (h, w),
        pixels.iter().map(|&b| f32::from(b) / 255.0).collect(),
    )
    .map_err(|e| PngError::Corrupt(e.to_string()))
}

fn read_header(d: &[u8]) -> Result<(usize, usize), PngError> {
    if d.len() != 13 {
        return Err(PngError::Truncated);
    }
    let w = u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as usize;
    let h = u32::from_be_bytes([d[4], d[5], d[6], d[7]]) as usize;
    let (depth, colour, interlace) = (d[8], d[9], d[12]);
    if depth != 8 || colour != 0 || interlace != 0 {
        return Err(PngError::Unsupported(format!(
            "bit depth {depth}, colour type {colour}, interlace {interlace}"
        )));
    }
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(PngError::Unsupported(format!("size {w}x{h}")));
    }
    Ok((w, h))
}

/// Undoes the per-row filters (one byte per pixel, so the left neighbour is 1 byte back).
fn unfilter(raw: &[u8], w: usize, h: usize) -> Result<Vec<u8>, PngError> {
    let mut out = vec![0u8; w * h];
    for r in 0..h {
        let filter = raw[r * (w + 1)];
        let line = &raw[r * (w + 1) + 1..(r + 1) * (w + 1)];
        for c in 0..w {
            let a = if c > 0 { out[r * w + c - 1] } else { 0 };
            let b = if r > 0 { out[(r - 1) * w + c] } else { 0 };
            let cc = if r > 0 && c > 0 {
                out[(r - 1) * w + c - 1]
            } else {
                0
            };
            let pred = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, cc),
                f => return Err(PngError::Corrupt(format!("row {r} has filter type {f}"))),
            };
            out[r * w + c] = line[c].wrapping_add(pred);
        }
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_shipped_photographs() {
        for (name, bytes) in [
            (
                "camera",
                &include_bytes!("../../assets/images/camera.png")[..],
            ),
            (
                "astronaut",
                &include_bytes!("../../assets/images/astronaut.png")[..],
            ),
            (
                "brick",
                &include_bytes!("../../assets/images/brick.png")[..],
            ),
        ] {
            let img = decode_gray_png(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(img.dim(), (128, 128), "{name}");
            let mean = img.mean().unwrap();
            assert!(mean > 0.1 && mean < 0.9, "{name}: mean {mean}");
            // A photograph, not a flat field.
            let var = img.mapv(|v| (v - mean).powi(2)).mean().unwrap();
            assert!(var > 0.005, "{name}: variance {var}");
        }
    }

    #[test]
    fn refuses_garbage_without_panicking() {
        let good = include_bytes!("../../assets/images/camera.png");
        assert_eq!(decode_gray_png(b"hello"), Err(PngError::Signature));
        for cut in [8, 20, 40, good.len() / 2, good.len() - 13] {
            assert!(decode_gray_png(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = good.to_vec();
        let n = flipped.len();
        flipped[n / 2] ^= 0xFF;
        let _ = decode_gray_png(&flipped);
    }

    #[test]
    fn paeth_matches_the_spec() {
        assert_eq!(paeth(10, 20, 10), 20);
        assert_eq!(paeth(20, 10, 10), 20);
        assert_eq!(paeth(10, 10, 20), 10);
    }
}

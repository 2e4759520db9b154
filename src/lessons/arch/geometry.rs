//! Output sizes of sliding windows (conv, pool, subsample) along one axis.

use super::error::ArchError;
use super::layer::{PadMode, Padding, Shape};

/// One axis of a window op: output length and the padding actually applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AxisOut {
    pub out: usize,
    pub pad_before: usize,
    pub pad_after: usize,
}

/// Output length of a `k`-window with stride `s` over `len` positions.
///
/// - `Px(p)`: floor((len + 2p - k) / s) + 1, or with `ceil_mode` ceil(...) + 1 minus one if the
///   last window would start in the right padding (PyTorch's and Caffe's rule).
/// - `same`: ceil(len / s), total padding max((out - 1) s + k - len, 0), the odd pixel after
///   (TensorFlow).
/// - `valid`: `Px(0)`.
pub fn axis_out(
    layer: &str,
    input: Shape,
    len: usize,
    k: usize,
    s: usize,
    padding: Padding,
    ceil_mode: bool,
) -> Result<AxisOut, ArchError> {
    if k == 0 {
        return Err(zero(layer, "kernel/window size"));
    }
    if s == 0 {
        return Err(zero(layer, "stride"));
    }
    let p = match padding {
        Padding::Mode(PadMode::Same) => {
            let out = len.div_ceil(s);
            let total = ((out - 1) * s + k).saturating_sub(len);
            return Ok(AxisOut {
                out,
                pad_before: total / 2,
                pad_after: total - total / 2,
            });
        }
        Padding::Mode(PadMode::Valid) => 0,
        Padding::Px(p) => p,
    };
    let padded = len + 2 * p;
    if k > padded {
        return Err(ArchError::WindowTooLarge {
            layer: layer.to_string(),
            window: k,
            padded,
            input,
            pad_before: p,
            pad_after: p,
        });
    }
    let span = padded - k;
    let mut out = if ceil_mode {
        span.div_ceil(s) + 1
    } else {
        span / s + 1
    };
    if ceil_mode && (out - 1) * s >= len + p {
        out -= 1;
    }
    Ok(AxisOut {
        out,
        pad_before: p,
        pad_after: p,
    })
}

/// Both axes: (height, width).
pub fn window_out(
    layer: &str,
    input: Shape,
    k: usize,
    s: usize,
    padding: Padding,
    ceil_mode: bool,
) -> Result<(AxisOut, AxisOut), ArchError> {
    Ok((
        axis_out(layer, input, input.h, k, s, padding, ceil_mode)?,
        axis_out(layer, input, input.w, k, s, padding, ceil_mode)?,
    ))
}

/// Largest bin of an adaptive pool from `len` to `out` (bin i: floor(i len / out) ..
/// ceil((i + 1) len / out)).
pub fn grid_bin(len: usize, out: usize) -> usize {
    (0..out)
        .map(|i| ((i + 1) * len).div_ceil(out) - i * len / out)
        .max()
        .unwrap_or(len)
}

pub(crate) fn zero(layer: &str, what: &'static str) -> ArchError {
    ArchError::Zero {
        layer: layer.to_string(),
        what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const X: Shape = Shape::new(1, 0, 0);

    #[test]
    fn floor_and_ceil() {
        // AlexNet pool 55 -> 27; GoogLeNet pool 112 -> 56 only with ceil.
        assert_eq!(
            axis_out("p", X, 55, 3, 2, Padding::Px(0), false)
                .unwrap()
                .out,
            27
        );
        assert_eq!(
            axis_out("p", X, 112, 3, 2, Padding::Px(0), false)
                .unwrap()
                .out,
            55
        );
        assert_eq!(
            axis_out("p", X, 112, 3, 2, Padding::Px(0), true)
                .unwrap()
                .out,
            56
        );
        // Ceil mode never starts a window in the right padding: 4 -> window 2 stride 2 -> 2.
        assert_eq!(
            axis_out("p", X, 4, 2, 2, Padding::Px(0), true).unwrap().out,
            2
        );
        assert_eq!(
            axis_out("p", X, 5, 2, 2, Padding::Px(0), true).unwrap().out,
            3
        );
    }

    #[test]
    fn same_padding() {
        let a = axis_out("c", X, 224, 7, 2, Padding::Mode(PadMode::Same), false).unwrap();
        assert_eq!((a.out, a.pad_before, a.pad_after), (112, 2, 3));
        let b = axis_out("c", X, 256, 3, 1, Padding::Mode(PadMode::Same), false).unwrap();
        assert_eq!((b.out, b.pad_before, b.pad_after), (256, 1, 1));
        // A window larger than the input is fine with "same": padding covers it.
        assert_eq!(
            axis_out("c", X, 2, 5, 1, Padding::Mode(PadMode::Same), false)
                .unwrap()
                .out,
            2
        );
    }

    #[test]
    fn errors_name_the_layer() {
        let e = axis_out("conv9", X, 4, 7, 1, Padding::Px(1), false).unwrap_err();
        assert!(e.to_string().contains("`conv9`"), "{e}");
        assert!(matches!(
            axis_out("s", X, 4, 3, 0, Padding::Px(0), false),
            Err(ArchError::Zero { .. })
        ));
    }

    #[test]
    fn grid_bins() {
        // 16 -> 3: bins [0,6), [5,11), [10,16).
        assert_eq!(grid_bin(16, 3), 6);
        assert_eq!(grid_bin(16, 1), 16);
        assert_eq!(grid_bin(6, 6), 1);
    }
}

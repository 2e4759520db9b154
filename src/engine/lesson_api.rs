//! Small single-image helpers for lesson pages, built on the real ops (so what a lesson shows is
//! what the engine computes). All are cross-correlations, as in deep-learning frameworks.

use super::error::{EngineError, Result};
use super::ops::{self, activation, Conv2dParams};
use super::tensor;

pub use super::ops::PoolMode;

/// 1-D convolution of `x` with kernel `w`, zero padding `pad` on both ends.
/// Output length `(len + 2·pad - w.len()) / stride + 1`.
pub fn conv1d(x: &[f32], w: &[f32], stride: usize, pad: usize) -> Result<Vec<f32>> {
    // Pad along the signal only (the 2-D op would pad the height-1 axis too).
    let mut xp = vec![0.0; x.len() + 2 * pad];
    xp[pad..pad + x.len()].copy_from_slice(x);
    let xt = tensor::from_vec(&[1, 1, xp.len(), 1], xp)?;
    let wt = tensor::from_vec(&[1, w.len(), 1, 1], w.to_vec())?;
    let y = ops::conv2d(
        &xt,
        &wt,
        None,
        Conv2dParams {
            stride,
            pad: 0,
            dilation: 1,
        },
        None,
    )
    .map_err(rename("conv1d"))?;
    Ok(tensor::data(&y).into_owned())
}

/// 1-D pooling with window `width`.
pub fn pool1d(x: &[f32], width: usize, stride: usize, mode: PoolMode) -> Result<Vec<f32>> {
    if width == 0 || stride == 0 {
        return Err(EngineError::param(
            "pool1d",
            format!("width {width} and stride {stride} must be >= 1"),
        ));
    }
    if width > x.len() {
        return Err(EngineError::shape(
            "pool1d",
            format!("window {width} longer than the input"),
            format!("[{}]", x.len()),
        ));
    }
    // The square pool op over `width` stacked copies of the signal ([1, width, len, 1]) has one
    // output row, and each window's max / mean is exactly the 1-D window's.
    let rows: Vec<f32> = (0..width).flat_map(|_| x.iter().copied()).collect();
    let xt = tensor::from_vec(&[1, width, x.len(), 1], rows)?;
    let y = ops::pool(&xt, width, stride, mode).map_err(rename("pool1d"))?;
    Ok(tensor::data(&y).into_owned())
}

/// 2-D convolution of one single-channel `h x w` image with one `kh x kw` kernel.
/// Returns `(output, oh, ow)`.
#[allow(clippy::too_many_arguments)]
pub fn conv2d_single(
    image: &[f32],
    h: usize,
    w: usize,
    kernel: &[f32],
    kh: usize,
    kw: usize,
    stride: usize,
    pad: usize,
) -> Result<(Vec<f32>, usize, usize)> {
    let xt = tensor::from_vec(&[1, h, w, 1], image.to_vec())?;
    let wt = tensor::from_vec(&[kh, kw, 1, 1], kernel.to_vec())?;
    let y = ops::conv2d(
        &xt,
        &wt,
        None,
        Conv2dParams {
            stride,
            pad,
            dilation: 1,
        },
        None,
    )?;
    let (oh, ow) = (y.shape()[1], y.shape()[2]);
    Ok((tensor::data(&y).into_owned(), oh, ow))
}

/// Max pooling of one single-channel `h x w` image. Returns `(output, oh, ow)`.
pub fn maxpool2d_single(
    image: &[f32],
    h: usize,
    w: usize,
    window: usize,
    stride: usize,
) -> Result<(Vec<f32>, usize, usize)> {
    pool2d_single(image, h, w, window, stride, PoolMode::Max)
}

/// Max or average pooling of one single-channel `h x w` image. Returns `(output, oh, ow)`.
pub fn pool2d_single(
    image: &[f32],
    h: usize,
    w: usize,
    window: usize,
    stride: usize,
    mode: PoolMode,
) -> Result<(Vec<f32>, usize, usize)> {
    let xt = tensor::from_vec(&[1, h, w, 1], image.to_vec())?;
    let y = ops::pool(&xt, window, stride, mode)?;
    let (oh, ow) = (y.shape()[1], y.shape()[2]);
    Ok((tensor::data(&y).into_owned(), oh, ow))
}

/// `x = max(x, 0)` in place (the SIMD kernel).
pub fn relu_inplace(x: &mut [f32]) {
    activation::simd128::relu_inplace(x);
}

fn rename(op: &'static str) -> impl Fn(EngineError) -> EngineError {
    move |e| match e {
        EngineError::Shape { msg, shapes, .. } => EngineError::Shape { op, msg, shapes },
        EngineError::Param { msg, .. } => EngineError::Param { op, msg },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked() {
        // [1,2,3,4,5] * [1,0,-1]: 1-3, 2-4, 3-5
        assert_eq!(
            conv1d(&[1., 2., 3., 4., 5.], &[1., 0., -1.], 1, 0).unwrap(),
            vec![-2., -2., -2.]
        );
        assert_eq!(
            conv1d(&[1., 2., 3.], &[1., 1.], 2, 1).unwrap(),
            vec![1., 5.]
        );
        assert_eq!(
            pool1d(&[1., 5., 2., 0., 3.], 2, 2, PoolMode::Max).unwrap(),
            vec![5., 2.]
        );
        assert_eq!(
            pool1d(&[1., 5., 2., 0.], 2, 1, PoolMode::Avg).unwrap(),
            vec![3., 3.5, 1.]
        );
        let (y, oh, ow) = maxpool2d_single(&[1., 2., 3., 4.], 2, 2, 2, 2).unwrap();
        assert_eq!((y, oh, ow), (vec![4.], 1, 1));
        let (y, oh, ow) = conv2d_single(&[1., 2., 3., 4.], 2, 2, &[1.], 1, 1, 1, 1).unwrap();
        assert_eq!((oh, ow), (4, 4));
        assert_eq!(y[5], 1.0);
        let mut v = vec![-1.0, 2.0, -3.0, 4.0, -5.0];
        relu_inplace(&mut v);
        assert_eq!(v, vec![0., 2., 0., 4., 0.]);
        assert!(matches!(
            conv1d(&[1.0], &[1.0, 2.0], 1, 0),
            Err(EngineError::Shape { op: "conv1d", .. })
        ));
        assert!(conv1d(&[1.0, 2.0], &[1.0], 0, 0).is_err());
    }
}

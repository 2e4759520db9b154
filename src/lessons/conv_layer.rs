//! A typical convolutional layer (lecture section 7, page `/conv-layer`): convolution stage
//! (affine), detector stage (ReLU), pooling stage (Goodfellow et al., *Deep Learning*, 2016,
//! Fig. 9.7: the same block named as three simple layers or one complex layer).
//!
//! # Shapes
//! ```text
//! conv:     H_c = floor((H + 2p - k) / s) + 1        (same for W; Dumoulin & Visin 2016, rel. 6)
//! detector: same shape as conv (ReLU is elementwise)
//! pooling:  H_p = floor((H_c - w) / s_pool) + 1      (no padding)
//! ```
//! e.g. a 128x128 image, 3x3 kernel, stride 1, no padding -> `126x126`; 2x2 max pool -> `63x63`.
//!
//! The convolution is a cross-correlation, as in deep-learning frameworks (no kernel flip).
//! Stage functions come behind [`StageOps`]: [`Reference`] is the plain loop, [`EngineOps`] runs
//! the engine's kernels (what the page shows).

use super::pooling::{pool2d, PoolMode};
use crate::engine::lesson_api;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use thiserror::Error;

mod kernels;
pub use kernels::{parse_kernel, preset, Kernel, PRESETS};

pub const MAX_PADDING: usize = 8;

/// Page state of `/conv-layer`. `pool` is the pool window; `pool_stride` defaults to it
/// (non-overlapping pooling). `seed` drives the `random` kernel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConvLayerParams {
    pub image: String,
    pub kernel: String,
    pub s: usize,
    pub p: usize,
    pub pool: usize,
    pub pool_stride: Option<usize>,
    pub mode: PoolMode,
    pub seed: u64,
}

impl Default for ConvLayerParams {
    fn default() -> Self {
        Self {
            image: "camera".into(),
            kernel: "sobel-x".into(),
            s: 1,
            p: 0,
            pool: 2,
            pool_stride: None,
            mode: PoolMode::Max,
            seed: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConvLayerError {
    #[error(
        "unknown kernel '{name}': use one of {list} or 9 / 25 comma-separated numbers",
        list = PRESETS.join(", ")
    )]
    UnknownPreset { name: String },
    #[error("kernel: entry {entry} ('{token}') is not a number")]
    Parse { entry: usize, token: String },
    #[error("a kernel needs 9 (3x3) or 25 (5x5) values, got {got}")]
    KernelLength { got: usize },
    #[error("the stride must be at least 1 (s = 0)")]
    ZeroStride,
    #[error("padding p = {p} is more than the maximum {max}")]
    Padding { p: usize, max: usize },
    #[error("the {k}x{k} kernel does not fit the padded {h}x{w} image (padding {p}): no output")]
    KernelTooLarge {
        k: usize,
        h: usize,
        w: usize,
        p: usize,
    },
    #[error("the pool window and stride must be at least 1 (window {window}, stride {stride})")]
    ZeroPool { window: usize, stride: usize },
    #[error("the {window}x{window} pool window is larger than the {h}x{w} detector map")]
    PoolTooLarge { window: usize, h: usize, w: usize },
    #[error("{stage} stage: {msg}")]
    Stage { stage: &'static str, msg: String },
}

/// Output size of the conv stage.
pub fn conv_shape(
    (h, w): (usize, usize),
    k: usize,
    s: usize,
    p: usize,
) -> Result<(usize, usize), ConvLayerError> {
    if s == 0 {
        return Err(ConvLayerError::ZeroStride);
    }
    if p > MAX_PADDING {
        return Err(ConvLayerError::Padding {
            p,
            max: MAX_PADDING,
        });
    }
    if k == 0 || k > h + 2 * p || k > w + 2 * p {
        return Err(ConvLayerError::KernelTooLarge { k, h, w, p });
    }
    Ok(((h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1))
}

/// Output size of the pooling stage.
pub fn pool_shape(
    (h, w): (usize, usize),
    window: usize,
    stride: usize,
) -> Result<(usize, usize), ConvLayerError> {
    if window == 0 || stride == 0 {
        return Err(ConvLayerError::ZeroPool { window, stride });
    }
    if window > h || window > w {
        return Err(ConvLayerError::PoolTooLarge { window, h, w });
    }
    Ok(((h - window) / stride + 1, (w - window) / stride + 1))
}

/// `"126x126"` (height x width).
pub fn shape_string((h, w): (usize, usize)) -> String {
    format!("{h}x{w}")
}

/// The shapes of the three stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shapes {
    pub input: (usize, usize),
    pub conv: (usize, usize),
    pub detector: (usize, usize),
    pub pool: (usize, usize),
}

/// A single-channel image or feature map.
pub type Map = Array2<f32>;
/// What a stage returns; the message is shown as is.
pub type StageResult = Result<Map, String>;

/// Stride and padding of the conv stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvGeom {
    pub s: usize,
    pub p: usize,
}

/// Window, stride and mode of the pooling stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSpec {
    pub window: usize,
    pub stride: usize,
    pub mode: PoolMode,
}

impl ConvLayerParams {
    pub fn conv_geom(&self) -> ConvGeom {
        ConvGeom {
            s: self.s,
            p: self.p,
        }
    }

    pub fn pool_spec(&self) -> PoolSpec {
        let stride = self.pool_stride.unwrap_or(self.pool);
        PoolSpec {
            window: self.pool,
            stride,
            mode: self.mode,
        }
    }
}

/// All shapes for an `input` image under `params`, with a `k x k` kernel.
pub fn shapes(
    input: (usize, usize),
    k: usize,
    params: &ConvLayerParams,
) -> Result<Shapes, ConvLayerError> {
    let conv = conv_shape(input, k, params.s, params.p)?;
    let pool = params.pool_spec();
    let pool = pool_shape(conv, pool.window, pool.stride)?;
    Ok(Shapes {
        input,
        conv,
        detector: conv,
        pool,
    })
}

/// Rows and columns (inclusive, in the lower stage's coordinates, negative or past the end =
/// padding) of the window that produced an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub rows: (i64, i64),
    pub cols: (i64, i64),
}

/// The input window of conv output `(r, c)` with a `k x k` kernel:
/// rows `r s - p ..= r s - p + k - 1`, columns likewise.
pub fn conv_window((r, c): (usize, usize), k: usize, g: ConvGeom) -> Window {
    let span = |i: usize| {
        let a = (i * g.s) as i64 - g.p as i64;
        (a, a + k as i64 - 1)
    };
    Window {
        rows: span(r),
        cols: span(c),
    }
}

/// The detector window of pool output `(r, c)`.
pub fn pool_window(at: (usize, usize), pool: PoolSpec) -> Window {
    conv_window(
        at,
        pool.window,
        ConvGeom {
            s: pool.stride,
            p: 0,
        },
    )
}

fn pixel(img: &Map, r: i64, c: i64) -> Option<f32> {
    let (r, c) = (usize::try_from(r).ok()?, usize::try_from(c).ok()?);
    img.get((r, c)).copied()
}

/// The arithmetic behind conv output `at`: `-1.00 x 0.12 + ... + 1.00 x 0 (pad) = 0.53`.
pub fn conv_arithmetic(img: &Map, kernel: &Kernel, g: ConvGeom, at: (usize, usize)) -> String {
    let win = conv_window(at, kernel.size, g);
    let mut sum = 0.0f32;
    let mut terms = Vec::new();
    for (u, row) in (win.rows.0..=win.rows.1).enumerate() {
        for (v, col) in (win.cols.0..=win.cols.1).enumerate() {
            let w = kernel.values[u * kernel.size + v];
            terms.push(match pixel(img, row, col) {
                Some(x) => {
                    sum += w * x;
                    format!("{w:.2} x {x:.2}")
                }
                None => format!("{w:.2} x 0 (pad)"),
            });
        }
    }
    format!("{} = {sum:.2}", terms.join(" + "))
}

/// The arithmetic behind pool output `at`: `max(0.10, 0.50, 0.20, 0.00) = 0.50`.
pub fn pool_arithmetic(map: &Map, pool: PoolSpec, at: (usize, usize)) -> String {
    let win = pool_window(at, pool);
    let vals: Vec<f32> = (win.rows.0..=win.rows.1)
        .flat_map(|i| (win.cols.0..=win.cols.1).map(move |j| (i, j)))
        .filter_map(|(i, j)| pixel(map, i, j))
        .collect();
    let (f, v) = match pool.mode {
        PoolMode::Max => (
            "max",
            vals.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        ),
        PoolMode::Avg => ("mean", vals.iter().sum::<f32>() / vals.len().max(1) as f32),
    };
    let list: Vec<String> = vals.iter().map(|x| format!("{x:.2}")).collect();
    format!("{f}({}) = {v:.2}", list.join(", "))
}

/// The three stage operations; implement it to plug in other kernels.
pub trait StageOps {
    fn conv(&self, img: &Map, kernel: &Kernel, g: ConvGeom) -> StageResult;
    fn relu(&self, map: &Map) -> Map;
    fn pool(&self, map: &Map, pool: PoolSpec) -> StageResult;
}

/// Plain loops: `y[i, j] = sum_(u,v) K[u, v] x[i s - p + u, j s - p + v]` (zeros outside).
pub struct Reference;

impl StageOps for Reference {
    fn conv(&self, img: &Map, kernel: &Kernel, g: ConvGeom) -> StageResult {
        let k = kernel.size;
        let shape = conv_shape(img.dim(), k, g.s, g.p).map_err(|e| e.to_string())?;
        Ok(Array2::from_shape_fn(shape, |at| {
            let win = conv_window(at, k, g);
            let mut acc = 0.0f32;
            for u in 0..k {
                for v in 0..k {
                    let x = pixel(img, win.rows.0 + u as i64, win.cols.0 + v as i64);
                    acc += kernel.values[u * k + v] * x.unwrap_or(0.0);
                }
            }
            acc
        }))
    }

    fn relu(&self, map: &Map) -> Map {
        map.mapv(|v| v.max(0.0))
    }

    fn pool(&self, map: &Map, pool: PoolSpec) -> StageResult {
        pool2d(map, pool.window, pool.stride, pool.mode).map_err(|e| e.to_string())
    }
}

/// The engine's kernels (`engine::lesson_api`), which the page shows.
pub struct EngineOps;

impl StageOps for EngineOps {
    fn conv(&self, img: &Map, kernel: &Kernel, g: ConvGeom) -> StageResult {
        let ((h, w), k) = (img.dim(), kernel.size);
        let flat: Vec<f32> = img.iter().copied().collect();
        let (y, oh, ow) = lesson_api::conv2d_single(&flat, h, w, &kernel.values, k, k, g.s, g.p)
            .map_err(|e| e.to_string())?;
        Array2::from_shape_vec((oh, ow), y).map_err(|e| e.to_string())
    }

    fn relu(&self, map: &Map) -> Map {
        let mut flat: Vec<f32> = map.iter().copied().collect();
        lesson_api::relu_inplace(&mut flat);
        Array2::from_shape_vec(map.dim(), flat).unwrap_or_else(|_| map.mapv(|v| v.max(0.0)))
    }

    fn pool(&self, map: &Map, pool: PoolSpec) -> StageResult {
        let (h, w) = map.dim();
        let flat: Vec<f32> = map.iter().copied().collect();
        let mode = match pool.mode {
            PoolMode::Max => lesson_api::PoolMode::Max,
            PoolMode::Avg => lesson_api::PoolMode::Avg,
        };
        let (y, oh, ow) = lesson_api::pool2d_single(&flat, h, w, pool.window, pool.stride, mode)
            .map_err(|e| e.to_string())?;
        Array2::from_shape_vec((oh, ow), y).map_err(|e| e.to_string())
    }
}

/// The three stage outputs and their shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Stages {
    pub kernel: Kernel,
    pub shapes: Shapes,
    pub conv: Map,
    pub detector: Map,
    pub pooled: Map,
}

/// Runs the layer on `img` with `ops`; shapes are checked first, so errors name the sliders.
pub fn run_stages(
    ops: &impl StageOps,
    img: &Map,
    params: &ConvLayerParams,
) -> Result<Stages, ConvLayerError> {
    let kernel = parse_kernel(&params.kernel, params.seed)?;
    let shapes = shapes(img.dim(), kernel.size, params)?;
    let stage = |stage: &'static str| move |msg: String| ConvLayerError::Stage { stage, msg };
    let conv = ops
        .conv(img, &kernel, params.conv_geom())
        .map_err(stage("convolution"))?;
    let detector = ops.relu(&conv);
    let pooled = ops
        .pool(&detector, params.pool_spec())
        .map_err(stage("pooling"))?;
    Ok(Stages {
        kernel,
        shapes,
        conv,
        detector,
        pooled,
    })
}

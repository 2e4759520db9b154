//! Pooling and invariance to small translations (lecture section 6, page `/pooling`; Goodfellow
//! et al., *Deep Learning*, 2016, section 9.3 and Fig. 9.8).
//!
//! # The 1-D picture
//! A row of `n` detector-stage units (values after the nonlinearity, so >= 0) feeds a pooling
//! row: pool unit `j` reads detector units `j s .. j s + w - 1` (no padding), so there are
//! `floor((n - w) / s) + 1` pool units, each the max or the mean of its window.
//!
//! # What a shift does at the border
//! As in Fig. 9.8, the *whole input* moves: the row is a window onto a longer signal. We keep
//! [`MAX_SHIFT`] extra values on each side (seeded, fresh), so shifting right by `t` gives
//! `after[i] = before[i - t]` for `i >= t`, and the first `t` units receive the extra values that
//! were just left of the view (shifting left: the last `t` receive those from the right).
//!
//! A value "changed" when it differs by more than [`TOLERANCE`] (an average of shifted values can
//! differ from the original average by rounding alone).
//!
//! The 2-D version ([`compare_shift_2d`]) takes the feature (conv + ReLU) and pooling stages as
//! closures, so the page runs the engine's kernels; [`pool2d`] is the plain reference.

use super::equivariance::{shift_2d, SplitMix64};
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::ops::Range;
use thiserror::Error;

mod answer;
pub use answer::{read_the_figure, sentence};

pub const MAX_SHIFT: usize = 3;
pub const MAX_UNITS: usize = 32;
pub const TOLERANCE: f32 = 1e-6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolMode {
    #[default]
    Max,
    Avg,
}

impl PoolMode {
    /// Both modes, in the order the pages offer them.
    pub const ALL: [PoolMode; 2] = [PoolMode::Max, PoolMode::Avg];

    /// The URL value (`max`, `avg`).
    pub fn id(self) -> &'static str {
        match self {
            PoolMode::Max => "max",
            PoolMode::Avg => "avg",
        }
    }

    /// The mode of a URL value.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == id)
    }

    fn word(self) -> &'static str {
        match self {
            PoolMode::Max => "max",
            PoolMode::Avg => "average",
        }
    }
}

/// Page state of `/pooling` (defaults: 8 units, width 3, stride 1, shift 1 right, max, seed 1).
/// `shift` > 0 moves right, < 0 left. `values`: optional comma list replacing the seeded row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolingParams {
    pub n: usize,
    pub w: usize,
    pub s: usize,
    pub shift: i64,
    pub mode: PoolMode,
    pub seed: u64,
    pub values: Option<String>,
}

impl Default for PoolingParams {
    fn default() -> Self {
        Self {
            n: 8,
            w: 3,
            s: 1,
            shift: 1,
            mode: PoolMode::Max,
            seed: 1,
            values: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PoolingError {
    #[error("the detector row needs 1 to {max} units (got {n})")]
    Units { n: usize, max: usize },
    #[error("the pool width must be at least 1 (w = 0)")]
    ZeroWidth,
    #[error("the pool stride must be at least 1 (s = 0)")]
    ZeroStride,
    #[error("the pool width w = {w} is larger than the {n} detector units: no window fits")]
    WidthTooLarge { w: usize, n: usize },
    #[error("shift by 0 to {max} positions left or right (got {shift})")]
    Shift { shift: i64, max: usize },
    #[error("values: entry {entry} ('{token}') is not a number")]
    Parse { entry: usize, token: String },
    #[error("values: the list is empty")]
    EmptyValues,
    #[error("the {stage} stage failed: {msg}")]
    Stage { stage: &'static str, msg: String },
}

/// Parsed `values=` list and what was changed to make it usable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedValues {
    pub values: Vec<f32>,
    /// One sentence per adjustment, for the page's visible note.
    pub notes: Vec<String>,
}

/// Parses `"0.1, 1, 0.2"`. Negative values are clamped to 0 (detector values come after ReLU);
/// more than [`MAX_UNITS`] values are cut. Not-a-number, infinity or garbage is an error.
pub fn parse_values(text: &str) -> Result<ParsedValues, PoolingError> {
    if text.trim().is_empty() {
        return Err(PoolingError::EmptyValues);
    }
    let mut notes = Vec::new();
    let mut values = Vec::new();
    for (i, tok) in text.split(',').enumerate() {
        let tok = tok.trim();
        let v = tok
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| PoolingError::Parse {
                entry: i + 1,
                token: tok.to_string(),
            })?;
        if v < 0.0 {
            notes.push(format!(
                "value {} ({tok}) was set to 0: detector values come after ReLU, so they are >= 0",
                i + 1
            ));
        }
        values.push(v.max(0.0));
    }
    if values.len() > MAX_UNITS {
        let extra = values.len() - MAX_UNITS;
        notes.push(format!(
            "only the first {MAX_UNITS} values are used ({extra} dropped)"
        ));
        values.truncate(MAX_UNITS);
    }
    Ok(ParsedValues { values, notes })
}

/// Seeded detector values in [0.05, 1.00], in hundredths (so they print exactly), and never equal
/// to any of the [`MAX_SHIFT`] values before them, so a shift of 1..3 changes every unit.
pub fn seeded_values(seed: u64, count: usize) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    let mut out: Vec<u64> = Vec::with_capacity(count);
    while out.len() < count {
        let v = 5 + rng.next_u64() % 96;
        if !out.iter().rev().take(MAX_SHIFT).any(|&u| u == v) {
            out.push(v);
        }
    }
    out.into_iter().map(|v| v as f32 / 100.0).collect()
}

/// 1-D pooling, window `w`, stride `s`, no padding.
pub fn pool1d(x: &[f32], w: usize, s: usize, mode: PoolMode) -> Result<Vec<f32>, PoolingError> {
    Ok(windows(x.len(), w, s)?
        .into_iter()
        .map(|r| reduce(&x[r], mode))
        .collect())
}

/// The detector units read by each pool unit.
pub fn windows(n: usize, w: usize, s: usize) -> Result<Vec<Range<usize>>, PoolingError> {
    if w == 0 {
        return Err(PoolingError::ZeroWidth);
    }
    if s == 0 {
        return Err(PoolingError::ZeroStride);
    }
    if w > n {
        return Err(PoolingError::WidthTooLarge { w, n });
    }
    Ok((0..=(n - w) / s).map(|j| j * s..j * s + w).collect())
}

fn reduce(v: &[f32], mode: PoolMode) -> f32 {
    match mode {
        PoolMode::Max => v.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        PoolMode::Avg => v.iter().sum::<f32>() / v.len() as f32,
    }
}

/// `|a - b| > TOLERANCE`, elementwise.
pub fn changed(a: &[f32], b: &[f32]) -> Vec<bool> {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs() > TOLERANCE)
        .collect()
}

/// Everything the 1-D page draws and counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftResult {
    pub before: Vec<f32>,
    pub after: Vec<f32>,
    pub pooled_before: Vec<f32>,
    pub pooled_after: Vec<f32>,
    pub windows: Vec<Range<usize>>,
    /// Units that received a value from outside the view.
    pub entered: Vec<usize>,
    pub detector_flags: Vec<bool>,
    pub pool_flags: Vec<bool>,
    /// Figures `detector-changed`, `pool-changed`, `detector-count`, `pool-count`.
    pub detector_changed: usize,
    pub pool_changed: usize,
    pub detector_count: usize,
    pub pool_count: usize,
    /// Adjustments made to the parameters (typed values clamped, n replaced, ...).
    pub notes: Vec<String>,
}

/// Runs the page: builds the row, shifts it, pools both, compares.
pub fn run(params: &PoolingParams) -> Result<ShiftResult, PoolingError> {
    let PoolingParams { w, s, shift, .. } = *params;
    if shift.unsigned_abs() > MAX_SHIFT as u64 {
        return Err(PoolingError::Shift {
            shift,
            max: MAX_SHIFT,
        });
    }
    let mut notes = Vec::new();
    let row = match &params.values {
        Some(text) => {
            let parsed = parse_values(text)?;
            notes.extend(parsed.notes);
            if parsed.values.len() != params.n {
                let m = parsed.values.len();
                notes.push(format!("n = {} replaced by the {m} typed values", params.n));
            }
            parsed.values
        }
        None => {
            if params.n == 0 || params.n > MAX_UNITS {
                return Err(PoolingError::Units {
                    n: params.n,
                    max: MAX_UNITS,
                });
            }
            seeded_values(params.seed, params.n + 2 * MAX_SHIFT)[MAX_SHIFT..][..params.n].to_vec()
        }
    };
    let n = row.len();
    // The signal beyond the view: the same seeded stream for typed and generated rows.
    let extra = seeded_values(params.seed, n + 2 * MAX_SHIFT);
    let at = |q: i64| -> f32 {
        match q {
            q if q < 0 => extra[(MAX_SHIFT as i64 + q) as usize],
            q if q >= n as i64 => extra[(MAX_SHIFT as i64 + q) as usize],
            q => row[q as usize],
        }
    };
    let after: Vec<f32> = (0..n as i64).map(|i| at(i - shift)).collect();
    let entered = (0..n)
        .filter(|&i| !(0..n as i64).contains(&(i as i64 - shift)))
        .collect();
    let windows = windows(n, w, s)?;
    let pool = |x: &[f32]| -> Vec<f32> {
        windows
            .iter()
            .map(|r| reduce(&x[r.clone()], params.mode))
            .collect()
    };
    let (pooled_before, pooled_after) = (pool(&row), pool(&after));
    let detector_flags = changed(&row, &after);
    let pool_flags = changed(&pooled_before, &pooled_after);
    Ok(ShiftResult {
        detector_changed: detector_flags.iter().filter(|&&f| f).count(),
        pool_changed: pool_flags.iter().filter(|&&f| f).count(),
        detector_count: n,
        pool_count: windows.len(),
        before: row,
        after,
        pooled_before,
        pooled_after,
        windows,
        entered,
        detector_flags,
        pool_flags,
        notes,
    })
}

/// 2-D pooling of one map, square window `w`, stride `s`, no padding.
pub fn pool2d(
    x: &Array2<f32>,
    w: usize,
    s: usize,
    mode: PoolMode,
) -> Result<Array2<f32>, PoolingError> {
    let (h, wd) = x.dim();
    let (rows, cols) = (windows(h, w, s)?, windows(wd, w, s)?);
    Ok(Array2::from_shape_fn((rows.len(), cols.len()), |(i, j)| {
        let v: Vec<f32> = x
            .slice(ndarray::s![rows[i].clone(), cols[j].clone()])
            .iter()
            .copied()
            .collect();
        reduce(&v, mode)
    }))
}

/// The 2-D comparison: feature (ReLU) map and pooled map, before and after shifting the image.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift2d {
    pub shifted_image: Array2<f32>,
    pub map_before: Array2<f32>,
    pub map_after: Array2<f32>,
    pub pooled_before: Array2<f32>,
    pub pooled_after: Array2<f32>,
    pub map_flags: Array2<bool>,
    pub pool_flags: Array2<bool>,
    pub map_changed: usize,
    pub pool_changed: usize,
    /// Changed / total, 0..1.
    pub map_fraction: f64,
    pub pool_fraction: f64,
}

/// Shifts `image` by (dx, dy) with zero fill (the MNIST background), runs `feature` (conv +
/// ReLU) and `pool` on both, and compares values at the same positions.
pub fn compare_shift_2d<E1: Display, E2: Display>(
    image: &Array2<f32>,
    dx: i64,
    dy: i64,
    feature: impl Fn(&Array2<f32>) -> Result<Array2<f32>, E1>,
    pool: impl Fn(&Array2<f32>) -> Result<Array2<f32>, E2>,
) -> Result<Shift2d, PoolingError> {
    let stage = |stage: &'static str| move |msg: String| PoolingError::Stage { stage, msg };
    let shifted_image = shift_2d(image, dx, dy);
    let map_before = feature(image).map_err(|e| stage("detector")(e.to_string()))?;
    let map_after = feature(&shifted_image).map_err(|e| stage("detector")(e.to_string()))?;
    let pooled_before = pool(&map_before).map_err(|e| stage("pooling")(e.to_string()))?;
    let pooled_after = pool(&map_after).map_err(|e| stage("pooling")(e.to_string()))?;
    if map_before.dim() != map_after.dim() || pooled_before.dim() != pooled_after.dim() {
        let msg = "the maps before and after the shift have different shapes".to_string();
        return Err(stage("detector")(msg));
    }
    let flags = |a: &Array2<f32>, b: &Array2<f32>| {
        ndarray::Zip::from(a)
            .and(b)
            .map_collect(|x, y| (x - y).abs() > TOLERANCE)
    };
    let (map_flags, pool_flags) = (
        flags(&map_before, &map_after),
        flags(&pooled_before, &pooled_after),
    );
    let count = |f: &Array2<bool>| f.iter().filter(|&&b| b).count();
    let frac = |c: usize, f: &Array2<bool>| {
        if f.is_empty() {
            0.0
        } else {
            c as f64 / f.len() as f64
        }
    };
    let (map_changed, pool_changed) = (count(&map_flags), count(&pool_flags));
    Ok(Shift2d {
        map_fraction: frac(map_changed, &map_flags),
        pool_fraction: frac(pool_changed, &pool_flags),
        shifted_image,
        map_before,
        map_after,
        pooled_before,
        pooled_after,
        map_flags,
        pool_flags,
        map_changed,
        pool_changed,
    })
}

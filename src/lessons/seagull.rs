//! "Seagull = ?" (lecture section 6, page `/seagull`): a convolutional detector followed by
//! global max pooling says *whether* a seagull is present, not *where* (Goodfellow et al.,
//! *Deep Learning*, 2016, section 9.3: pooling makes the representation invariant to small
//! translations).
//!
//! # The detector, explained
//! The gull is a 9x9 binary template `T` (two wing arcs meeting at the body, drawn `⌒⌒`), and
//! a gull is drawn by darkening the scene by [`GULL_CONTRAST`] on the template's pixels. The
//! kernel is the matched filter of that change, made zero-mean and scaled:
//!
//! ```text
//! K = (m - T) / (c * sum((T - m) T)),    m = mean(T) = 9/81,   c = GULL_CONTRAST
//! ```
//!
//! - zero mean: a flat patch of any brightness gives 0, so sky and sea alone score ~0;
//! - negative on the wings, positive around them: it fires where wing pixels are darker than
//!   their surroundings;
//! - scaled so that a whole gull gives exactly 1 on any flat background (sum K (b - c T) =
//!   -c sum (m - T) T / (c sum (T - m) T) = 1).
//!
//! Feature map = ReLU(K ⋆ scene) (valid cross-correlation: map pixel `(i, j)` is the window whose
//! centre is scene pixel `(i + 4, j + 4)`, see [`MAP_OFFSET`]). `present-score` = its global
//! max. Moving a gull that stays fully inside moves the peak but keeps the score (exactly on a
//! flat background, within the background's noise otherwise); removing it drops the score to
//! the background's level, below [`THRESHOLD`]. A gull half outside the frame scores less: only
//! part of it is visible.

use super::conv_layer::{ConvGeom, Kernel, Map, StageOps};
use super::equivariance::SplitMix64;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const SCENE_H: usize = 48;
pub const SCENE_W: usize = 80;
/// Side of the gull template and of the detector kernel.
pub const TEMPLATE: usize = 9;
/// Feature-map pixel `(i, j)` is centred on scene pixel `(i + MAP_OFFSET.0, j + MAP_OFFSET.1)`.
pub const MAP_OFFSET: (usize, usize) = (TEMPLATE / 2, TEMPLATE / 2);
/// How much darker than the scene behind it a gull pixel is.
pub const GULL_CONTRAST: f32 = 0.5;
/// "Seagull present" when the score exceeds this (a whole gull scores 1).
pub const THRESHOLD: f32 = 0.5;
/// Rows of sky above the horizon.
pub const HORIZON: usize = 30;
const NOISE: f32 = 0.03;

/// Rows of the template, `#` = gull.
const SHAPE: [&str; TEMPLATE] = [
    ".........",
    ".........",
    ".........",
    ".##...##.",
    "#..#.#..#",
    "....#....",
    ".........",
    ".........",
    ".........",
];

/// Page state of `/seagull`: gull centre `x` (column), `y` (row), `seed` of the background,
/// `gull` = whether the gull is in the scene (remove it to see the score drop).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeagullParams {
    pub x: i64,
    pub y: i64,
    pub seed: u64,
    pub gull: bool,
}

impl Default for SeagullParams {
    fn default() -> Self {
        Self {
            x: SCENE_W as i64 / 2,
            y: 14,
            seed: 1,
            gull: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SeagullError {
    #[error("the scene is {h}x{w}; the {t}x{t} detector needs at least that much", t = TEMPLATE)]
    SceneTooSmall { h: usize, w: usize },
    #[error("the detector failed: {0}")]
    Detector(String),
}

/// The gull template `T` (1 on the gull, 0 elsewhere).
pub fn template() -> Map {
    Array2::from_shape_fn((TEMPLATE, TEMPLATE), |(r, c)| {
        if SHAPE[r].as_bytes()[c] == b'#' {
            1.0
        } else {
            0.0
        }
    })
}

/// The matched-filter kernel `K` of the module docs.
pub fn detector_kernel() -> Kernel {
    let t = template();
    let m = t.mean().unwrap_or(0.0);
    let norm = GULL_CONTRAST * t.iter().map(|&v| (v - m) * v).sum::<f32>();
    Kernel {
        name: "seagull".into(),
        size: TEMPLATE,
        values: t.iter().map(|&v| (m - v) / norm).collect(),
    }
}

/// What the kernel does, for the page.
pub const EXPLANATION: &str = "The detector's weights are negative on the gull's wings and \
     slightly positive around them, and they add up to 0: a flat patch of sky or sea gives 0, \
     and a patch whose wing pixels are darker than their surroundings gives a large value. They \
     are scaled so that a whole gull gives exactly 1.";

/// Sky brightening upwards, a soft horizon, a darker sea, and seeded noise of +-0.03.
pub fn background(seed: u64) -> Map {
    let mut rng = SplitMix64::new(seed ^ 0x5EA6_0001);
    let (hz, h) = (HORIZON as f32, SCENE_H as f32);
    Array2::from_shape_fn((SCENE_H, SCENE_W), |(r, _)| {
        let r = r as f32;
        let sky = 0.9 - 0.15 * r / hz;
        let sea = 0.65 - 0.1 * (r - hz).max(0.0) / (h - hz);
        // Blend over 4 rows around the horizon.
        let t = ((r - hz + 2.0) / 4.0).clamp(0.0, 1.0);
        sky * (1.0 - t) + sea * t + rng.uniform_range(-NOISE, NOISE)
    })
}

/// A uniform scene (no noise): where the score is exactly the same at every position.
pub fn flat_background(level: f32) -> Map {
    Array2::from_elem((SCENE_H, SCENE_W), level)
}

/// Darkens `scene` by the gull centred at column `x`, row `y`; parts outside are clipped.
pub fn draw_gull(scene: &mut Map, x: i64, y: i64) {
    let t = template();
    let half = (TEMPLATE / 2) as i64;
    for ((u, v), &on) in t.indexed_iter() {
        let (r, c) = (y - half + u as i64, x - half + v as i64);
        if on > 0.0 {
            if let (Ok(r), Ok(c)) = (usize::try_from(r), usize::try_from(c)) {
                if let Some(p) = scene.get_mut((r, c)) {
                    *p = (*p - GULL_CONTRAST).max(0.0);
                }
            }
        }
    }
}

/// Whether the whole gull centred at `(x, y)` is inside the scene.
pub fn fully_inside(x: i64, y: i64) -> bool {
    let half = (TEMPLATE / 2) as i64;
    (half..SCENE_W as i64 - half).contains(&x) && (half..SCENE_H as i64 - half).contains(&y)
}

/// The seeded background with gulls at the given centres `(x, y)`.
pub fn compose(seed: u64, gulls: &[(i64, i64)]) -> Map {
    let mut scene = background(seed);
    for &(x, y) in gulls {
        draw_gull(&mut scene, x, y);
    }
    scene
}

/// The detector's output on a scene.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// ReLU(K ⋆ scene), `(H - 8) x (W - 8)`; see [`MAP_OFFSET`].
    pub feature_map: Map,
    /// figure `present-score`: global max of the feature map (1 for a whole gull).
    pub present_score: f32,
    /// Whether `present_score > THRESHOLD`.
    pub present: bool,
    /// Scene pixel `(row, col)` at the centre of the strongest response: the map knows where,
    /// the pooled score does not.
    pub peak: (usize, usize),
}

/// Runs conv (with `ops`, e.g. the engine's) + ReLU + global max pooling on `scene`.
pub fn detect(ops: &impl StageOps, scene: &Map) -> Result<Detection, SeagullError> {
    let (h, w) = scene.dim();
    if h < TEMPLATE || w < TEMPLATE {
        return Err(SeagullError::SceneTooSmall { h, w });
    }
    let conv = ops
        .conv(scene, &detector_kernel(), ConvGeom { s: 1, p: 0 })
        .map_err(SeagullError::Detector)?;
    let feature_map = ops.relu(&conv);
    let (mut best, mut peak) = (0.0f32, (MAP_OFFSET.0, MAP_OFFSET.1));
    for ((i, j), &v) in feature_map.indexed_iter() {
        if v > best {
            best = v;
            peak = (i + MAP_OFFSET.0, j + MAP_OFFSET.1);
        }
    }
    Ok(Detection {
        feature_map,
        present_score: best,
        present: best > THRESHOLD,
        peak,
    })
}

/// The page: the scene for `params` and its detection.
pub fn run(ops: &impl StageOps, params: &SeagullParams) -> Result<(Map, Detection), SeagullError> {
    let gulls: &[(i64, i64)] = if params.gull {
        &[(params.x, params.y)]
    } else {
        &[]
    };
    let scene = compose(params.seed, gulls);
    let detection = detect(ops, &scene)?;
    Ok((scene, detection))
}

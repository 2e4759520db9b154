//! Parameter sharing (lecture section 5, page `/parameter-sharing`): the conv layer of
//! [`super::connectivity`] with each kernel weight in its own colour.
//!
//! # Formulas
//! Convolution applies the same filter `w` to every window (Goodfellow et al., *Deep Learning*,
//! 2016, section 9.2): `s_j = w^T (x_(js-p+1), ..., x_(js-p+k))` (1-based inputs, padding = 0),
//! e.g. on the slide `w^T(x1,x2,x3), w^T(x2,x3,x4), w^T(x3,x4,x5)`. A locally connected layer
//! (no sharing, Goodfellow et al. section 9.5) has the same arrows but one weight per arrow.
//!
//! ```text
//! 1-D:  dense = n * outputs     unshared = conv arrows     shared = k
//! 2-D:  dense = (H W) (H_o W_o)
//!       locally connected = (conv arrows along rows) * (conv arrows along columns)
//!       shared = k * k   (+1 if the bias is counted)
//! ```
//!
//! The 2-D locally connected count, like the 1-D one, counts only weights that meet a real
//! pixel: a weight that only ever multiplies padding zeros cannot learn anything. It factorises
//! because output `(a, b)` sees the real rows of window `a` times the real columns of window `b`,
//! so the sum over outputs is (sum over a) * (sum over b). The count that keeps a weight for
//! every tap, padding or not, is [`Counts2d::locally_connected_all_taps`] = `H_o W_o k^2`.
//! 28x28 -> 28x28 with a 5x5 kernel and padding 2: dense 614,656, locally connected
//! 134 x 134 = 17,956 (all taps: 19,600), shared 25 (26 with the bias). Biases are not counted
//! in the other figures, as on the slides.

use super::connectivity::{Arrow, Connectivity, ConnectivityError, ConnectivityParams};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Convolution (one filter for all windows) or locally connected (a filter per window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sharing {
    #[default]
    Shared,
    Local,
}

/// Page state of `/parameter-sharing`: the connectivity sliders (defaults = the slide) plus the
/// sharing toggle (`mode=shared|local`, default shared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SharingParams {
    #[serde(flatten)]
    pub layer: ConnectivityParams,
    pub mode: Sharing,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SharingError {
    #[error(transparent)]
    Layer(#[from] ConnectivityError),
    #[error(
        "the layer has outputs s_1 to s_{outputs}; there is no s_{wanted}",
        wanted = output + 1
    )]
    NoSuchOutput { output: usize, outputs: usize },
    #[error("{name} has {got} values but the layer needs {expected}")]
    WrongLength {
        name: &'static str,
        got: usize,
        expected: usize,
    },
}

/// An arrow with the weight it uses. `weight_id` is the colour: the tap (0..k) when shared, the
/// arrow's own index when locally connected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColouredArrow {
    pub arrow: Arrow,
    pub weight_id: usize,
    /// `w_2` (shared) or `w_3,2` (output 3's own weight for tap 2), 1-based as on the slides.
    pub label: String,
}

/// An output's equation in symbols.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equation {
    /// `s_2 = w^T(x_1, x_2, x_3)`; padding shows as `0`; local mode writes `w_2^T`.
    pub compact: String,
    /// `s_2 = w_1 x_1 + w_2 x_2 + w_3 x_3` (local: `w_2,1 x_1 + ...`).
    pub expanded: String,
}

/// Weight label, 1-based: shared `w_(t+1)`, local `w_(j+1),(t+1)`.
pub fn weight_label(arrow_output: usize, tap: usize, mode: Sharing) -> String {
    match mode {
        Sharing::Shared => format!("w_{}", tap + 1),
        Sharing::Local => format!("w_{},{}", arrow_output + 1, tap + 1),
    }
}

/// Every real arrow with its colour.
pub fn coloured_arrows(layer: &Connectivity, mode: Sharing) -> Vec<ColouredArrow> {
    layer
        .arrows
        .iter()
        .enumerate()
        .map(|(i, &arrow)| ColouredArrow {
            arrow,
            weight_id: match mode {
                Sharing::Shared => arrow.weight,
                Sharing::Local => i,
            },
            label: weight_label(arrow.output, arrow.weight, mode),
        })
        .collect()
}

/// Arrows that use the shared weight `w_(tap+1)` (hovering a weight highlights them).
pub fn arrows_using_weight(layer: &Connectivity, tap: usize) -> Vec<Arrow> {
    layer
        .arrows
        .iter()
        .copied()
        .filter(|a| a.weight == tap)
        .collect()
}

/// Number of distinct weights in the layer: k when shared, one per arrow when local.
pub fn weight_count(layer: &Connectivity, mode: Sharing) -> usize {
    match mode {
        Sharing::Shared => layer.params.k,
        Sharing::Local => layer.arrows.len(),
    }
}

/// Terms of output `output`'s window: `Some(i)` for input x_(i+1), `None` for a padding zero.
fn window(layer: &Connectivity, output: usize) -> Result<Vec<Option<usize>>, SharingError> {
    let outputs = layer.outputs;
    if output >= outputs {
        return Err(SharingError::NoSuchOutput { output, outputs });
    }
    let ConnectivityParams { n, k, s, p } = layer.params;
    Ok((0..k)
        .map(|t| {
            let pos = (output * s + t) as i64 - p as i64;
            (0..n as i64).contains(&pos).then_some(pos as usize)
        })
        .collect())
}

/// `s_j = w^T(x_i..x_(i+k-1))` for output `output` (0-based), with the indices substituted.
pub fn equation(
    layer: &Connectivity,
    output: usize,
    mode: Sharing,
) -> Result<Equation, SharingError> {
    let terms = window(layer, output)?;
    let x = |t: &Option<usize>| t.map_or("0".to_string(), |i| format!("x_{}", i + 1));
    let args: Vec<String> = terms.iter().map(x).collect();
    let w = match mode {
        Sharing::Shared => "w".to_string(),
        Sharing::Local => format!("w_{}", output + 1),
    };
    let expanded: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(t, term)| format!("{} {}", weight_label(output, t, mode), x(term)))
        .collect();
    let s = format!("s_{}", output + 1);
    Ok(Equation {
        compact: format!("{s} = {w}^T({})", args.join(", ")),
        expanded: format!("{s} = {}", expanded.join(" + ")),
    })
}

/// Evaluates output `output` with shared weights `w` (length k) on inputs `x` (length n):
/// returns the arithmetic, e.g. `0.50 x 0 + -1.00 x 0.20 + 2.00 x 0.30 = 0.40`, and the value.
pub fn evaluate(
    layer: &Connectivity,
    output: usize,
    x: &[f32],
    w: &[f32],
) -> Result<(String, f32), SharingError> {
    let (n, k) = (layer.params.n, layer.params.k);
    if x.len() != n {
        let (got, expected) = (x.len(), n);
        return Err(SharingError::WrongLength {
            name: "x",
            got,
            expected,
        });
    }
    if w.len() != k {
        let (got, expected) = (w.len(), k);
        return Err(SharingError::WrongLength {
            name: "w",
            got,
            expected,
        });
    }
    let terms = window(layer, output)?;
    let mut value = 0.0f32;
    let mut parts = Vec::with_capacity(k);
    for (t, term) in terms.iter().enumerate() {
        let xi = term.map_or(0.0, |i| x[i]);
        value += w[t] * xi;
        parts.push(match term {
            Some(_) => format!("{:.2} x {xi:.2}", w[t]),
            None => format!("{:.2} x 0", w[t]),
        });
    }
    Ok((format!("{} = {value:.2}", parts.join(" + ")), value))
}

/// A square-kernel 2-D layer on one channel: `h x w` image, `k x k` kernel, stride, padding.
/// Default: the page's example, 28x28 -> 28x28 with a 5x5 kernel ('same': padding 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts2dParams {
    pub h: usize,
    pub w: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
}

impl Default for Counts2dParams {
    fn default() -> Self {
        Self {
            h: 28,
            w: 28,
            k: 5,
            s: 1,
            p: 2,
        }
    }
}

/// Weight counts of the three 2-D layers (one input and one output channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts2d {
    pub output: (usize, usize),
    /// (H W) (H_o W_o).
    pub dense: u64,
    /// Weights that meet a real pixel: rows_arrows * cols_arrows.
    pub locally_connected: u64,
    /// A weight for every tap including padding: H_o W_o k^2.
    pub locally_connected_all_taps: u64,
    /// k^2.
    pub shared: u64,
    /// k^2 + 1.
    pub shared_with_bias: u64,
    /// Conv arrows along one row and along one column.
    pub axis_arrows: (usize, usize),
}

impl Counts2d {
    /// The three counts written out, e.g. `["784 x 784 = 614656", "134 x 134 = 17956",
    /// "5 x 5 = 25"]`.
    pub fn formulae(&self, params: &Counts2dParams) -> [String; 3] {
        let (ho, wo) = self.output;
        let (ar, ac) = self.axis_arrows;
        let k = params.k;
        [
            format!("{} x {} = {}", params.h * params.w, ho * wo, self.dense),
            format!("{ar} x {ac} = {}", self.locally_connected),
            format!("{k} x {k} = {}", self.shared),
        ]
    }
}

/// Dense / locally connected / shared counts for a 2-D layer.
pub fn counts_2d(params: Counts2dParams) -> Result<Counts2d, ConnectivityError> {
    let Counts2dParams { h, w, k, s, p } = params;
    let rows = Connectivity::new(ConnectivityParams { n: h, k, s, p })?.counts();
    let cols = Connectivity::new(ConnectivityParams { n: w, k, s, p })?.counts();
    let (ho, wo) = (rows.outputs as u64, cols.outputs as u64);
    let k2 = (k * k) as u64;
    Ok(Counts2d {
        output: (rows.outputs, cols.outputs),
        dense: (h * w) as u64 * ho * wo,
        locally_connected: rows.conv_arrows as u64 * cols.conv_arrows as u64,
        locally_connected_all_taps: ho * wo * k2,
        shared: k2,
        shared_with_bias: k2 + 1,
        axis_arrows: (rows.conv_arrows, cols.conv_arrows),
    })
}

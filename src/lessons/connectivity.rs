//! Sparse connectivity (lecture section 3, page `/connectivity`): the arrows of a 1-D
//! convolutional layer next to those of a dense layer with the same number of outputs.
//!
//! # Formulas
//! A 1-D convolution with kernel `k`, stride `s` and `p` zeros of padding on each side, over `n`
//! inputs, has
//!
//! ```text
//! outputs = floor((n + 2p - k) / s) + 1
//! ```
//!
//! (Dumoulin & Visin, "A guide to convolution arithmetic for deep learning", 2016, relationship 6;
//! Goodfellow, Bengio & Courville, *Deep Learning*, 2016, section 9.5). Output `j` (0-based) reads
//! the padded positions `j*s .. j*s + k - 1`, i.e. the input indices `j*s - p + t` for the kernel
//! taps `t = 0..k-1`. Indices outside `0..n-1` are zero padding: they are drawn as dashed ghosts
//! and never counted as arrows (a connection from a constant zero carries nothing, and in a
//! locally connected layer its weight could never learn).
//!
//! ```text
//! conv arrows  = sum over outputs of the real inputs in the window
//!              = k * outputs - (taps that fall on padding)      e.g. 3 x 5 - 2 = 13
//! dense arrows = n * outputs                                    e.g. 5 x 5 = 25
//! weights: dense = n * outputs, unshared (locally connected) = conv arrows, shared = k
//! ```
//! Biases are not counted, as on the slides.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Largest padded input `n + 2p` the module will lay out (the page's sliders stay far below).
/// It bounds the arrow list at about `MAX_PADDED^2 / 4` entries, so a hand-edited URL cannot
/// make the page allocate gigabytes.
pub const MAX_PADDED: usize = 1024;

/// The page state of `/connectivity` (also used by `/parameter-sharing`).
/// Defaults are the slide: 5 inputs, kernel 3, stride 1, one zero of padding per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectivityParams {
    /// Number of inputs x_1..x_n.
    pub n: usize,
    /// Kernel (filter) size.
    pub k: usize,
    /// Stride.
    pub s: usize,
    /// Zero padding on each side.
    pub p: usize,
}

impl Default for ConnectivityParams {
    fn default() -> Self {
        Self {
            n: 5,
            k: 3,
            s: 1,
            p: 1,
        }
    }
}

/// Why a combination of sliders has no valid layer. Messages are meant for students.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConnectivityError {
    #[error("there must be at least one input (n = 0)")]
    NoInputs,
    #[error("the kernel must cover at least one position (k = 0)")]
    ZeroKernel,
    #[error("the stride must be at least 1 (s = 0): the kernel would never move")]
    ZeroStride,
    #[error(
        "the kernel (k = {k}) is wider than the padded input (n + 2p = {n} + 2 x {p} = {padded}): \
         it fits nowhere, so the layer has no outputs"
    )]
    KernelTooLarge {
        n: usize,
        k: usize,
        p: usize,
        padded: usize,
    },
    #[error("the padded input n + 2p = {n} + 2 x {p} is too large to draw (at most {max})")]
    TooLarge { n: usize, p: usize, max: usize },
}

/// One real connection of the convolutional layer: input `input` feeds output `output` through
/// kernel tap `weight` (0-based; the slides' w_1 is `weight == 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Arrow {
    pub input: usize,
    pub output: usize,
    pub weight: usize,
}

/// A kernel tap that falls on zero padding: `position` is in input coordinates, so `-1` is the
/// first padding zero left of x_1 and `n` the first one right of x_n.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ghost {
    pub position: i64,
    pub output: usize,
    pub weight: usize,
}

/// All key figures of the page (`data-testid` names in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// figure `outputs` floor((n + 2p - k) / s) + 1.
    pub outputs: usize,
    /// figure `conv-arrows` real input-output pairs inside a window.
    pub conv_arrows: usize,
    /// figure `dense-arrows` n * outputs.
    pub dense_arrows: usize,
    /// figure `dense-weights` one weight per dense arrow.
    pub dense_weights: usize,
    /// figure `unshared-weights` locally connected: one weight per conv arrow.
    pub unshared_weights: usize,
    /// figure `shared-weights` convolution: the k kernel weights.
    pub shared_weights: usize,
    /// Kernel taps that fall on padding, summed over outputs: k * outputs - conv arrows.
    pub padding_taps: usize,
}

/// The arithmetic behind the conv-arrow count, with the current numbers substituted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrowFormula {
    /// Real inputs in each output's window.
    pub per_output: Vec<usize>,
    /// E.g. "2 + 3 + 3 + 3 + 2 = 13" (long runs written as "(28 x 3)").
    pub sum: String,
    /// E.g. "3 x 5 - 2 = 13": k x outputs - taps on padding.
    pub closed: String,
    /// E.g. "5 x 5 = 25": n x outputs.
    pub dense: String,
    /// The slide's reasoning, from the inputs: "each x_i reaches 3 outputs, at the borders only
    /// 2" (the most outputs an input reaches, and where it reaches fewer).
    pub from_inputs_words: String,
    /// E.g. "3 x 5 - 2 = 13": most outputs per input x n - the arrows the others miss.
    pub from_inputs: String,
    /// E.g. "2 + 3 + 3 + 3 + 2 = 13": outputs reached by x_1, ..., x_n.
    pub inputs_sum: String,
}

/// Checks a parameter combination; returns the number of outputs.
pub fn output_count(params: ConnectivityParams) -> Result<usize, ConnectivityError> {
    let ConnectivityParams { n, k, s, p } = params;
    if n == 0 {
        return Err(ConnectivityError::NoInputs);
    }
    if k == 0 {
        return Err(ConnectivityError::ZeroKernel);
    }
    if s == 0 {
        return Err(ConnectivityError::ZeroStride);
    }
    let padded = p
        .checked_mul(2)
        .and_then(|pp| pp.checked_add(n))
        .filter(|&v| v <= MAX_PADDED)
        .ok_or(ConnectivityError::TooLarge {
            n,
            p,
            max: MAX_PADDED,
        })?;
    if k > padded {
        return Err(ConnectivityError::KernelTooLarge { n, k, p, padded });
    }
    Ok((padded - k) / s + 1)
}

/// The laid-out layer: everything the page draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connectivity {
    pub params: ConnectivityParams,
    pub outputs: usize,
    /// Real connections, ordered by output, then by tap.
    pub arrows: Vec<Arrow>,
    /// Taps on padding, ordered by output, then by tap.
    pub ghosts: Vec<Ghost>,
}

impl Connectivity {
    /// Lays out the layer, or explains why there is none.
    pub fn new(params: ConnectivityParams) -> Result<Self, ConnectivityError> {
        let outputs = output_count(params)?;
        let ConnectivityParams { n, k, s, p } = params;
        let mut arrows = Vec::with_capacity(outputs * k);
        let mut ghosts = Vec::new();
        for output in 0..outputs {
            for weight in 0..k {
                let position = (output * s + weight) as i64 - p as i64;
                if (0..n as i64).contains(&position) {
                    let input = position as usize;
                    arrows.push(Arrow {
                        input,
                        output,
                        weight,
                    });
                } else {
                    ghosts.push(Ghost {
                        position,
                        output,
                        weight,
                    });
                }
            }
        }
        Ok(Self {
            params,
            outputs,
            arrows,
            ghosts,
        })
    }

    /// All key figures.
    pub fn counts(&self) -> Counts {
        let n = self.params.n;
        Counts {
            outputs: self.outputs,
            conv_arrows: self.arrows.len(),
            dense_arrows: n * self.outputs,
            dense_weights: n * self.outputs,
            unshared_weights: self.arrows.len(),
            shared_weights: self.params.k,
            padding_taps: self.ghosts.len(),
        }
    }

    /// Every padding position to draw as a ghost unit: `-p..-1` and `n..n+p-1` (with a stride
    /// larger than 1 some right-hand ones may be read by no window; see [`Self::ghosts`]).
    pub fn padding_positions(&self) -> Vec<i64> {
        let (n, p) = (self.params.n as i64, self.params.p as i64);
        (-p..0).chain(n..n + p).collect()
    }

    /// Padding positions read by `output`'s window (empty for an out-of-range output).
    pub fn ghosts_of(&self, output: usize) -> Vec<i64> {
        self.ghosts
            .iter()
            .filter(|g| g.output == output)
            .map(|g| g.position)
            .collect()
    }

    /// Outputs that input `input` reaches (the slide's view from x_i), ascending.
    pub fn outputs_reached_by(&self, input: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .arrows
            .iter()
            .filter(|a| a.input == input)
            .map(|a| a.output)
            .collect();
        v.dedup();
        v
    }

    /// Real inputs that output `output` sees (its receptive field), ascending.
    pub fn inputs_seen_by(&self, output: usize) -> Vec<usize> {
        self.arrows
            .iter()
            .filter(|a| a.output == output)
            .map(|a| a.input)
            .collect()
    }

    /// How many outputs each input reaches ("3, at the borders only 2" on the defaults).
    pub fn input_degrees(&self) -> Vec<usize> {
        let mut deg = vec![0; self.params.n];
        for a in &self.arrows {
            deg[a.input] += 1;
        }
        deg
    }

    /// The count written out with the current numbers.
    pub fn formula(&self) -> ArrowFormula {
        let mut per_output = vec![0; self.outputs];
        for a in &self.arrows {
            per_output[a.output] += 1;
        }
        let c = self.counts();
        let closed = if c.padding_taps == 0 {
            format!("{} x {} = {}", self.params.k, c.outputs, c.conv_arrows)
        } else {
            let k = self.params.k;
            let (o, g, a) = (c.outputs, c.padding_taps, c.conv_arrows);
            format!("{k} x {o} - {g} = {a}")
        };
        let deg = self.input_degrees();
        let most = deg.iter().copied().max().unwrap_or(0);
        let missing: usize = deg.iter().map(|d| most - d).sum();
        let n = self.params.n;
        let from_inputs = if missing == 0 {
            format!("{most} x {n} = {}", c.conv_arrows)
        } else {
            format!("{most} x {n} - {missing} = {}", c.conv_arrows)
        };
        let fewer: Vec<String> = {
            let mut v: Vec<usize> = deg.iter().copied().filter(|&d| d < most).collect();
            v.sort_unstable_by(|a, b| b.cmp(a));
            v.dedup();
            v.iter().map(usize::to_string).collect()
        };
        let plural = |k: usize| if k == 1 { "output" } else { "outputs" };
        let border =
            deg.first().is_some_and(|&d| d < most) && deg.last().is_some_and(|&d| d < most);
        let from_inputs_words = if fewer.is_empty() {
            format!("each x_i reaches {most} {}", plural(most))
        } else if border
            && deg
                .get(1..n.saturating_sub(1))
                .is_some_and(|mid| mid.iter().all(|&d| d == most))
        {
            format!(
                "each x_i reaches {most} {}, at the borders only {}",
                plural(most),
                fewer.join(" or ")
            )
        } else {
            format!(
                "each x_i reaches at most {most} {}, some only {}",
                plural(most),
                fewer.join(" or ")
            )
        };
        ArrowFormula {
            from_inputs_words,
            from_inputs,
            inputs_sum: format!("{} = {}", sum_terms(&deg), c.conv_arrows),
            sum: format!("{} = {}", sum_terms(&per_output), c.conv_arrows),
            closed,
            dense: format!("{} x {} = {}", self.params.n, c.outputs, c.dense_arrows),
            per_output,
        }
    }
}

/// Writes `2 + 3 + 3 + 3 + 2`; when there are more than 10 terms, runs of 3 or more equal terms
/// become `(m x v)` so the line stays readable on a phone.
fn sum_terms(terms: &[usize]) -> String {
    if terms.len() <= 10 {
        return join_plus(terms.iter().map(usize::to_string));
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < terms.len() {
        let run = terms[i..].iter().take_while(|&&t| t == terms[i]).count();
        if run >= 3 {
            parts.push(format!("({run} x {})", terms[i]));
        } else {
            parts.extend(std::iter::repeat_n(terms[i].to_string(), run));
        }
        i += run;
    }
    join_plus(parts.into_iter())
}

fn join_plus(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join(" + ")
}

//! "Q: why does VGG-19 have so many more FLOPs?" (He et al. 2016, Fig. 3: VGG-19 19.6 G vs
//! ResNet-34 3.6 G multiply-adds.)
//!
//! A conv's MACs are H_out x W_out x k^2 x C_in x C_out. This module groups them by output
//! resolution (the compare chart); [`super::why_flops`] reads those groups stage by stage and
//! splits the difference into its causes: mostly width (VGG is 4x as wide at 56x56 and 28x28,
//! 16x per layer), then resolution (VGG's full 3x3 layers at 224 and 112), then the fc layers.

use super::report::NetReport;
use serde::Serialize;

/// Multiply-adds of the layers whose output has this resolution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolutionShare {
    pub h: usize,
    pub w: usize,
    pub macs: u64,
    /// Fraction of the network's total (0..1).
    pub share: f64,
    /// Weight layers (conv/fc) at this resolution, all branches counted.
    pub weight_layers: usize,
}

/// MACs grouped by output resolution, largest resolution first (leaf rows, main path).
pub fn macs_by_resolution(r: &NetReport) -> Vec<ResolutionShare> {
    let total = r.totals.macs.max(1) as f64;
    let mut out: Vec<ResolutionShare> = Vec::new();
    for row in r.layers.iter().filter(|l| !l.group && l.weight_layer) {
        let (h, w) = (row.output.h, row.output.w);
        match out.iter_mut().find(|s| (s.h, s.w) == (h, w)) {
            Some(s) => {
                s.macs += row.macs;
                s.weight_layers += 1;
            }
            None => out.push(ResolutionShare {
                h,
                w,
                macs: row.macs,
                share: 0.0,
                weight_layers: 1,
            }),
        }
    }
    for s in &mut out {
        s.share = s.macs as f64 / total;
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.h * s.w));
    out
}

/// MACs of the weight layers whose output height is at least `side`.
pub fn macs_at_or_above(r: &NetReport, side: usize) -> u64 {
    r.layers
        .iter()
        .filter(|l| !l.group && l.weight_layer && l.output.h >= side)
        .map(|l| l.macs)
        .sum()
}

/// One resolution across several networks (0 where a network has no layer there).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolutionRow {
    pub h: usize,
    pub w: usize,
    /// One entry per network, in the order given.
    pub macs: Vec<u64>,
}

/// Side-by-side MACs per resolution (the compare view's bar chart), largest first.
pub fn compare_by_resolution(reports: &[&NetReport]) -> Vec<ResolutionRow> {
    let per: Vec<Vec<ResolutionShare>> = reports.iter().map(|r| macs_by_resolution(r)).collect();
    let mut sides: Vec<(usize, usize)> = per.iter().flatten().map(|s| (s.h, s.w)).collect();
    sides.sort_by(|a, b| (b.0 * b.1).cmp(&(a.0 * a.1)).then(b.cmp(a)));
    sides.dedup();
    sides
        .into_iter()
        .map(|(h, w)| ResolutionRow {
            h,
            w,
            macs: per
                .iter()
                .map(|v| {
                    v.iter()
                        .find(|s| (s.h, s.w) == (h, w))
                        .map_or(0, |s| s.macs)
                })
                .collect(),
        })
        .collect()
}

/// The headline answer for two networks: totals, and what each spends at or above half the
/// input resolution (VGG: 224 and 112; ResNet: only the 7x7/2 stem).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhyFlops {
    pub a_total: u64,
    pub b_total: u64,
    pub a_high_res: u64,
    pub b_high_res: u64,
    /// `a_high_res / a_total`.
    pub a_high_res_share: f64,
    pub b_high_res_share: f64,
    pub rows: Vec<ResolutionRow>,
}

pub fn why_more_flops(a: &NetReport, b: &NetReport) -> WhyFlops {
    let side = |r: &NetReport| r.input.h.div_ceil(2);
    let (ah, bh) = (macs_at_or_above(a, side(a)), macs_at_or_above(b, side(b)));
    let share = |x: u64, t: u64| x as f64 / t.max(1) as f64;
    WhyFlops {
        a_total: a.totals.macs,
        b_total: b.totals.macs,
        a_high_res: ah,
        b_high_res: bh,
        a_high_res_share: share(ah, a.totals.macs),
        b_high_res_share: share(bh, b.totals.macs),
        rows: compare_by_resolution(&[a, b]),
    }
}

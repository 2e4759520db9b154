//! "Q: why does VGG-19 have so many more FLOPs?" split into its causes, stage by stage.
//!
//! A 3x3 convolution costs H_out x W_out x 9 x C_in x C_out multiply-adds. Grouping both
//! networks' weight layers by output resolution and comparing them stage by stage splits the
//! difference into three parts that add up exactly:
//! - width: the stages both networks run (below half the input side), where VGG is 4x as wide
//!   (256 vs 64 channels at 56x56, 512 vs 128 at 28x28), so each layer costs 16x;
//! - resolution: the stages at half the input side or more (224 and 112), where VGG runs full
//!   3x3 layers and ResNet-34 only its 7x7/2 stem;
//! - the fc layers.
//!
//! He et al. 2016, Sec. 3.3: the plain/residual 34-layer nets have "fewer filters and lower
//! complexity than VGG nets"; 3.6 billion FLOPs (multiply-adds), 18% of VGG-19's 19.6 billion.

use super::fmt::{percent, si, times};
use super::report::{LayerReport, NetReport};
use serde::Serialize;

/// Which cause a stage's difference is put down to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Cause {
    /// A resolution both networks compute at: the difference is how wide the layers are.
    Width,
    /// Half the input side or more: only the first network runs full layers there.
    Resolution,
    /// The fully connected layers.
    Classifier,
}

impl Cause {
    pub fn label(self) -> &'static str {
        match self {
            Cause::Width => "width",
            Cause::Resolution => "resolution",
            Cause::Classifier => "fc layers",
        }
    }
}

/// One stage (all weight layers with this output side; `side == 0` for the fc layers).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageCost {
    pub side: usize,
    pub cause: Cause,
    pub a_macs: u64,
    pub b_macs: u64,
    pub a_layers: usize,
    pub b_layers: usize,
    /// Most output channels of a layer in the stage (0 if none).
    pub a_width: usize,
    pub b_width: usize,
    /// The costliest single layer of the stage.
    pub a_layer_max: u64,
    pub b_layer_max: u64,
}

impl StageCost {
    /// `224x224`, or `fc`.
    pub fn label(&self) -> String {
        if self.cause == Cause::Classifier {
            "fc".into()
        } else {
            format!("{0}x{0}", self.side)
        }
    }

    /// `a - b`, signed (ResNet-34 spends more than VGG at 7x7).
    pub fn excess(&self) -> i64 {
        self.a_macs as i64 - self.b_macs as i64
    }
}

/// Both networks stage by stage, and the difference split by cause.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlopCauses {
    pub a_name: String,
    pub b_name: String,
    pub a_total: u64,
    pub b_total: u64,
    /// Largest side first, the fc layers last.
    pub stages: Vec<StageCost>,
}

fn short(name: &str) -> String {
    name.split(" (").next().unwrap_or(name).to_string()
}

fn stage_of(side_cut: usize, l: &LayerReport) -> (usize, Cause) {
    if l.kind.is_fc() {
        (0, Cause::Classifier)
    } else if l.output.h >= side_cut {
        (l.output.h, Cause::Resolution)
    } else {
        (l.output.h, Cause::Width)
    }
}

/// Splits `a`'s extra multiply-adds over `b` into width, resolution and fc layers.
pub fn flop_causes(a: &NetReport, b: &NetReport) -> FlopCauses {
    let cut = a.input.h.div_ceil(2);
    let mut stages: Vec<StageCost> = Vec::new();
    for (which, r) in [(0, a), (1, b)] {
        for l in r.layers.iter().filter(|l| !l.group && l.weight_layer) {
            let (side, cause) = stage_of(cut, l);
            let pos = match stages.iter().position(|s| s.side == side) {
                Some(p) => p,
                None => {
                    stages.push(StageCost {
                        side,
                        cause,
                        a_macs: 0,
                        b_macs: 0,
                        a_layers: 0,
                        b_layers: 0,
                        a_width: 0,
                        b_width: 0,
                        a_layer_max: 0,
                        b_layer_max: 0,
                    });
                    stages.len() - 1
                }
            };
            let s = &mut stages[pos];
            let (macs, layers, width, max) = if which == 0 {
                (
                    &mut s.a_macs,
                    &mut s.a_layers,
                    &mut s.a_width,
                    &mut s.a_layer_max,
                )
            } else {
                (
                    &mut s.b_macs,
                    &mut s.b_layers,
                    &mut s.b_width,
                    &mut s.b_layer_max,
                )
            };
            *macs += l.macs;
            *layers += 1;
            *width = (*width).max(l.output.c);
            *max = (*max).max(l.macs);
        }
    }
    stages.sort_by_key(|s| std::cmp::Reverse(if s.side == 0 { 0 } else { s.side + 1 }));
    FlopCauses {
        a_name: short(&a.name),
        b_name: short(&b.name),
        a_total: a.totals.macs,
        b_total: b.totals.macs,
        stages,
    }
}

impl FlopCauses {
    /// `a_total - b_total`.
    pub fn difference(&self) -> i64 {
        self.a_total as i64 - self.b_total as i64
    }

    /// The part of the difference put down to `cause` (stage differences summed).
    pub fn explained(&self, cause: Cause) -> i64 {
        self.stages
            .iter()
            .filter(|s| s.cause == cause)
            .map(StageCost::excess)
            .sum()
    }

    /// `explained(cause) / difference()`.
    pub fn share(&self, cause: Cause) -> f64 {
        self.explained(cause) as f64 / self.difference().max(1) as f64
    }

    fn of(&self, cause: Cause) -> impl Iterator<Item = &StageCost> {
        self.stages.iter().filter(move |s| s.cause == cause)
    }

    /// The causes, largest share first.
    pub fn ranked(&self) -> Vec<Cause> {
        let mut c = vec![Cause::Width, Cause::Resolution, Cause::Classifier];
        c.sort_by_key(|&c| std::cmp::Reverse(self.explained(c)));
        c
    }

    /// The question, with both names (the slide asks it of VGG-19 and ResNet-34).
    pub fn question(&self) -> String {
        format!(
            "Q: why does {} have so many more FLOPs than {}?",
            self.a_name, self.b_name
        )
    }

    /// The answer, one paragraph per cause, largest cause first.
    pub fn answer(&self) -> Vec<String> {
        let mut out = vec![format!(
            "{} needs {} multiply-adds per image, {} as many as {} ({}): {} more. A 3x3 \
             convolution costs output height x width x 9 x input channels x output channels, \
             so the difference is read stage by stage in the table below.",
            self.a_name,
            si(self.a_total),
            times(self.a_total, self.b_total),
            self.b_name,
            si(self.b_total),
            si(self.difference().max(0) as u64),
        )];
        for (rank, cause) in self.ranked().into_iter().enumerate() {
            let lead = ["Mainly ", "Second, ", "Last, "][rank.min(2)];
            out.push(format!("{lead}{}", self.paragraph(cause)));
        }
        out
    }

    fn paragraph(&self, cause: Cause) -> String {
        let (a, b) = (&self.a_name, &self.b_name);
        let part = |c| {
            format!(
                "This explains {} of the {} difference ({}).",
                si(self.explained(c).max(0) as u64),
                si(self.difference().max(0) as u64),
                percent(self.share(c))
            )
        };
        match cause {
            Cause::Width => {
                let wider: Vec<String> = self
                    .of(Cause::Width)
                    .filter(|s| s.a_width > s.b_width && s.b_width > 0)
                    .map(|s| {
                        format!(
                            "{} against {} channels at {} (one layer {} against {}, {})",
                            s.a_width,
                            s.b_width,
                            s.label(),
                            si(s.a_layer_max),
                            si(s.b_layer_max),
                            times(s.a_layer_max, s.b_layer_max)
                        )
                    })
                    .collect();
                let big: Vec<String> = self
                    .of(Cause::Width)
                    .filter(|s| s.a_macs > self.b_total)
                    .map(|s| format!("{} ({})", s.label(), si(s.a_macs)))
                    .collect();
                let big = if big.is_empty() {
                    String::new()
                } else {
                    format!(
                        " Its stages at {} each cost more than all of {} ({}).",
                        big.join(" and "),
                        b,
                        si(self.b_total)
                    )
                };
                let (al, bl): (usize, usize) = self
                    .of(Cause::Width)
                    .fold((0, 0), |(x, y), s| (x + s.a_layers, y + s.b_layers));
                format!(
                    "width: at the resolutions where both networks run full stages, {a} is much wider: {}. \
                     Cost grows with input x output channels, so 4x the channels is 16x the \
                     multiply-adds per layer.{big} Over these stages {a} spends {} to {b}'s {} \
                     with {al} layers against {bl}. {} He et al. (2016, Sec. 3.3): their \
                     34-layer nets have \"fewer filters and lower complexity than VGG nets\".",
                    wider.join("; "),
                    si(self.of(Cause::Width).map(|s| s.a_macs).sum()),
                    si(self.of(Cause::Width).map(|s| s.b_macs).sum()),
                    part(Cause::Width)
                )
            }
            Cause::Resolution => {
                let sides: Vec<String> = self.of(Cause::Resolution).map(|s| s.label()).collect();
                let (am, bm): (u64, u64) = self
                    .of(Cause::Resolution)
                    .fold((0, 0), |(x, y), s| (x + s.a_macs, y + s.b_macs));
                let al: usize = self.of(Cause::Resolution).map(|s| s.a_layers).sum();
                let bl: usize = self.of(Cause::Resolution).map(|s| s.b_layers).sum();
                format!(
                    "resolution: {a} runs {al} full 3x3 convolutions at {} ({}, {} of its {}); \
                     {b} has {bl} layer there (a strided convolution, then a max pool down to the \
                     next stage) and spends {}. The same layer costs 4x as much at twice the side. {}",
                    sides.join(" and "),
                    si(am),
                    percent(am as f64 / self.a_total.max(1) as f64),
                    si(self.a_total),
                    si(bm),
                    part(Cause::Resolution)
                )
            }
            Cause::Classifier => {
                let s = self.of(Cause::Classifier).next();
                let (al, bl, am, bm) = s.map_or((0, 0, 0, 0), |s| {
                    (s.a_layers, s.b_layers, s.a_macs, s.b_macs)
                });
                format!(
                    "the fc layers: {a}'s {al} cost {} multiply-adds against {}'s {bl} ({}). {} \
                     They hold most of {a}'s parameters, not of its multiply-adds.",
                    si(am),
                    b,
                    si(bm),
                    part(Cause::Classifier)
                )
            }
        }
    }
}

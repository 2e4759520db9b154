//! Deep Learning book Fig. 9.11 (Goodfellow, Bengio & Courville 2016), read from the three
//! networks' reports: the book's words for each step, why (a) needs so many parameters, and the
//! figure's main point, that (b) and (c) take an image of any size and (a) does not.
//!
//! The book's steps: "convolution + ReLU" for the two trunk convolutions, but (c)'s last step
//! is "Output of convolution: 16x16x1,000", no ReLU, before average pooling and softmax.

use super::calc::analyze;
use super::fmt::{grouped, share_percent, times};
use super::kind::LayerKind;
use super::layer::{Network, Shape};
use super::report::{LayerReport, NetReport};
use super::zoo::fig911;

/// The book's words for one step of a network (a conv with ReLU says so; one without does not).
pub fn op_words(net: &Network, row: &LayerReport) -> String {
    let relu = net
        .layers
        .iter()
        .find(|l| l.name == row.name)
        .is_some_and(|l| l.act.is_some());
    match row.kind {
        LayerKind::Conv if relu => format!("convolution + ReLU ({})", row.detail),
        LayerKind::Conv => format!("convolution, no ReLU ({})", row.detail),
        LayerKind::Pool => format!("pooling ({})", row.detail),
        LayerKind::GridPool => "pooling to a 3x3 grid".into(),
        LayerKind::GlobalAvgPool => "average pooling".into(),
        LayerKind::Flatten => "reshape to a vector".into(),
        LayerKind::Dense => format!("matrix multiply ({})", row.detail),
        LayerKind::Softmax => "softmax".into(),
        _ => row.detail.clone(),
    }
}

fn report_of(variant: char, side: usize) -> Option<NetReport> {
    let mut net = fig911(variant);
    net.input = Shape::new(3, side, side);
    analyze(&net).ok()
}

/// The parameters of a network's fully connected (dense) layers.
pub fn dense_params(r: &NetReport) -> u64 {
    r.layers
        .iter()
        .filter(|l| l.kind == LayerKind::Dense)
        .map(|l| l.params)
        .sum()
}

/// The share of (a)'s parameters in its classifier (the matrix multiply), 0..1.
pub fn classifier_share(r: &NetReport) -> f64 {
    dense_params(r) as f64 / r.total_params().max(1) as f64
}

/// "Why does (a) need so many more parameters than (b) and (c)?", from the reports.
pub fn why_answer() -> String {
    let (Some(a), Some(b), Some(c)) = (
        report_of('a', 256),
        report_of('b', 256),
        report_of('c', 256),
    ) else {
        return String::new();
    };
    let fc = |r: &NetReport| {
        r.layers
            .iter()
            .find(|l| l.kind == LayerKind::Dense)
            .cloned()
    };
    let (Some(fa), Some(fb)) = (fc(&a), fc(&b)) else {
        return String::new();
    };
    let conv3 = c
        .layers
        .iter()
        .rev()
        .find(|l| l.kind == LayerKind::Conv)
        .map_or(0, |l| l.params);
    format!(
        "(a) has {} parameters, {} as many as (b). Its classifier is a matrix multiply from all \
         {} units to 1,000: {} weights and biases, {} of the whole network. (b) first pools to a \
         3x3 grid, so its matrix multiply sees only {} units ({} parameters). (c) has no matrix \
         multiply at all: its last 3x3 convolution with 1,000 filters on 64 channels (no ReLU: \
         the book's \"output of convolution\") has {} parameters, exactly as many as (b)'s, and \
         average pooling then turns each of the 1,000 maps into one score.",
        grouped(a.total_params()),
        times(a.total_params(), b.total_params()),
        grouped(fa.input.elems()),
        grouped(fa.params),
        share_percent(classifier_share(&a)),
        grouped(fb.input.elems()),
        grouped(fb.params),
        grouped(conv3),
    )
}

/// One input size: what each network's classifier sees and how many parameters it would need.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeRow {
    pub side: usize,
    /// Units (a)'s reshape produces.
    pub a_units: u64,
    /// Parameters of (a), (b), (c) built for this size.
    pub params: [u64; 3],
}

/// The three networks built for several input sides.
pub fn sizes(sides: &[usize]) -> Vec<SizeRow> {
    sides
        .iter()
        .filter_map(|&side| {
            let (a, b, c) = (
                report_of('a', side)?,
                report_of('b', side)?,
                report_of('c', side)?,
            );
            let a_units = a
                .layers
                .iter()
                .find(|l| l.kind == LayerKind::Flatten)
                .map_or(0, |l| l.output.elems());
            Some(SizeRow {
                side,
                a_units,
                params: [a.total_params(), b.total_params(), c.total_params()],
            })
        })
        .collect()
}

/// The figure's point: (b) and (c) accept images of any size, (a) does not, and why.
pub fn any_size_answer() -> String {
    let rows = sizes(&[256, 512]);
    let (Some(r0), Some(r1)) = (rows.first(), rows.get(1)) else {
        return String::new();
    };
    format!(
        "The figure's main point: (b) and (c) accept an image of any size, (a) does not. (a)'s \
         reshape turns a {0}x{0} image into {1} units, and its matrix multiply has one weight \
         per unit and class; a {2}x{2} image gives {3} units, which that matrix cannot take (it \
         would need {4} parameters instead of {5}: a different network). The fully connected \
         layer fixes the input size. (b)'s pooling to a 3x3 grid and (c)'s average pooling make \
         the classifier's input the same size whatever the image: both keep exactly {6} and {7} \
         parameters at {0}x{0} and at {2}x{2}.",
        r0.side,
        grouped(r0.a_units),
        r1.side,
        grouped(r1.a_units),
        grouped(r1.params[0]),
        grouped(r0.params[0]),
        grouped(r0.params[1]),
        grouped(r0.params[2]),
    )
}

//! Typed errors; every variant that concerns a layer names it (its path, e.g.
//! `inception_3a/3x3/reduce`), so the builder page can point at the row.

use super::layer::Shape;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum ArchError {
    #[error("network has no layers")]
    Empty,
    #[error("input shape {input} has a zero dimension")]
    ZeroInput { input: Shape },
    #[error("layer `{layer}`: {what} must be at least 1")]
    Zero { layer: String, what: &'static str },
    #[error(
        "layer `{layer}`: window {window} is larger than the padded input {padded} \
         (input {input}, padding {pad_before}+{pad_after})"
    )]
    WindowTooLarge {
        layer: String,
        window: usize,
        padded: usize,
        input: Shape,
        pad_before: usize,
        pad_after: usize,
    },
    #[error(
        "layer `{layer}`: groups {groups} must divide input channels {in_channels} and \
         output channels {out_channels}"
    )]
    Groups {
        layer: String,
        groups: usize,
        in_channels: usize,
        out_channels: usize,
    },
    #[error("layer `{layer}`: connection table: {problem}")]
    Table { layer: String, problem: String },
    #[error("layer `{layer}`: needs a flat input (Cx1x1) but got {input}: add a flatten layer")]
    NeedsFlat { layer: String, input: Shape },
    #[error("layer `{layer}`: grid {out_h}x{out_w} is larger than the input {input}")]
    GridTooLarge {
        layer: String,
        out_h: usize,
        out_w: usize,
        input: Shape,
    },
    #[error("layer `{layer}`: dropout rate {rate} is outside 0..1")]
    Rate { layer: String, rate: f64 },
    #[error("layer `{layer}`: has no branches")]
    NoBranches { layer: String },
    #[error(
        "layer `{layer}`: branch `{branch}` outputs {got}, but branch `{first}` outputs {expected}: \
         concatenation needs equal height and width"
    )]
    BranchMismatch {
        layer: String,
        first: String,
        branch: String,
        expected: Shape,
        got: Shape,
    },
    #[error(
        "layer `{layer}`: the residual body outputs {body} but the shortcut gives {shortcut}: \
         the addition needs equal shapes (use a projection or zero-pad shortcut)"
    )]
    ResidualMismatch {
        layer: String,
        body: Shape,
        shortcut: Shape,
    },
    #[error("layer `{layer}`: a zero-pad shortcut cannot go from {input} to {body}")]
    ZeroPad {
        layer: String,
        input: Shape,
        body: Shape,
    },
    #[error("layer `{layer}`: name used twice")]
    DuplicateName { layer: String },
    #[error("auxiliary head `{head}`: no top-level layer named `{attach_after}`")]
    UnknownAttach { head: String, attach_after: String },
    #[error("unknown network `{id}`")]
    UnknownNetwork { id: String },
    #[error("{what}: {value} must be at least 1")]
    BadParam { what: &'static str, value: usize },
}

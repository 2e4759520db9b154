//! Why a receptive-field stack or query was refused, in words for the page.

use thiserror::Error;

/// Every way the page state of `/receptive-field` can be refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RfError {
    #[error("{name}: entry {entry} ('{token}') is not a whole number")]
    Parse {
        name: &'static str,
        entry: usize,
        token: String,
    },
    #[error("{name}: the list is empty; give one value per layer, e.g. 3,3,3")]
    EmptyList { name: &'static str },
    #[error("one value per layer is needed: k has {k}, s has {s}, d has {d}, p has {p} entries")]
    ListLengths {
        k: usize,
        s: usize,
        d: usize,
        p: usize,
    },
    #[error("the stack needs 1 to {max} layers (got {layers})")]
    LayerCount { layers: usize, max: usize },
    #[error("the input width n must be 1 to {max} (got {n})")]
    InputWidth { n: usize, max: usize },
    #[error("layer {layer}: {name} must be at least 1 (got 0)")]
    Zero { name: &'static str, layer: usize },
    #[error("layer {layer}: {name} = {value} is larger than the maximum {max}")]
    TooLarge {
        name: &'static str,
        layer: usize,
        value: usize,
        max: usize,
    },
    #[error(
        "layer {layer}: the dilated kernel covers d(k-1)+1 = {d} x ({k} - 1) + 1 = {span} \
         positions, more than its padded input w + 2p = {width} + 2 x {p} = {padded}"
    )]
    KernelTooLarge {
        layer: usize,
        k: usize,
        d: usize,
        span: usize,
        width: usize,
        p: usize,
        padded: usize,
    },
    #[error("there is no layer {layer}: the stack has layers 0 (input) to {depth}")]
    NoSuchLayer { layer: usize, depth: usize },
    #[error("layer {layer} has units 0 to {last}; there is no unit {index}", last = width - 1)]
    NoSuchUnit {
        layer: usize,
        index: usize,
        width: usize,
    },
}

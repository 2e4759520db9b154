//! What a layer row is: one value per [`Op`] variant, plus the diagram's input. Its text is the
//! `kind` tag of the JSON form (`conv`, `grid_pool`, ...), the same in the CSV export, the
//! serialised report and the diagram's CSS classes.

use super::layer::Op;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    Conv,
    Pool,
    GridPool,
    GlobalAvgPool,
    Subsample,
    Dense,
    Rbf,
    BatchNorm,
    Lrn,
    Dropout,
    Flatten,
    Softmax,
    Concat,
    Residual,
    /// The network's input: a diagram element only, never a layer row.
    Input,
}

impl LayerKind {
    /// The kind of a layer's op.
    pub fn of(op: &Op) -> LayerKind {
        match op {
            Op::Conv(_) => LayerKind::Conv,
            Op::Pool(_) => LayerKind::Pool,
            Op::GridPool(_) => LayerKind::GridPool,
            Op::GlobalAvgPool => LayerKind::GlobalAvgPool,
            Op::Subsample(_) => LayerKind::Subsample,
            Op::Dense(_) => LayerKind::Dense,
            Op::Rbf(_) => LayerKind::Rbf,
            Op::BatchNorm => LayerKind::BatchNorm,
            Op::Lrn(_) => LayerKind::Lrn,
            Op::Dropout(_) => LayerKind::Dropout,
            Op::Flatten => LayerKind::Flatten,
            Op::Softmax => LayerKind::Softmax,
            Op::Concat(_) => LayerKind::Concat,
            Op::Residual(_) => LayerKind::Residual,
        }
    }

    /// The `kind` tag as in the JSON form.
    pub fn as_str(self) -> &'static str {
        match self {
            LayerKind::Conv => "conv",
            LayerKind::Pool => "pool",
            LayerKind::GridPool => "grid_pool",
            LayerKind::GlobalAvgPool => "global_avg_pool",
            LayerKind::Subsample => "subsample",
            LayerKind::Dense => "dense",
            LayerKind::Rbf => "rbf",
            LayerKind::BatchNorm => "batch_norm",
            LayerKind::Lrn => "lrn",
            LayerKind::Dropout => "dropout",
            LayerKind::Flatten => "flatten",
            LayerKind::Softmax => "softmax",
            LayerKind::Concat => "concat",
            LayerKind::Residual => "residual",
            LayerKind::Input => "input",
        }
    }

    /// A fully connected layer: dense, or LeNet-5's RBF output layer.
    pub fn is_fc(self) -> bool {
        matches!(self, LayerKind::Dense | LayerKind::Rbf)
    }
}

impl fmt::Display for LayerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::LayerKind::{self, *};

    const ALL: [LayerKind; 15] = [
        Conv,
        Pool,
        GridPool,
        GlobalAvgPool,
        Subsample,
        Dense,
        Rbf,
        BatchNorm,
        Lrn,
        Dropout,
        Flatten,
        Softmax,
        Concat,
        Residual,
        Input,
    ];

    #[test]
    fn serialised_and_displayed_as_the_json_tag() {
        for k in ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(k.to_string(), k.as_str());
        }
    }

    #[test]
    fn the_kind_of_an_op_is_its_json_tag() {
        use crate::lessons::arch::layer::Layer;
        let layers = [
            Layer::conv("c", 8, 3, 1, 1),
            Layer::max_pool("p", 2, 2),
            Layer::global_avg_pool("g"),
            Layer::batch_norm("bn"),
            Layer::dense("fc", 10),
            Layer::dropout("d", 0.5),
            Layer::flatten("f"),
            Layer::softmax("s"),
        ];
        for l in layers {
            let json = serde_json::to_value(&l).unwrap();
            assert_eq!(json["kind"], LayerKind::of(&l.op).as_str(), "{}", l.name);
        }
    }
}

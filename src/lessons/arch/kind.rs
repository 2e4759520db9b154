//! What a layer row is: one value per [`Op`] variant, plus the diagram's input. Its text is the
//! `kind` tag of the JSON form (`conv`, `grid_pool`, ...), the same in the CSV export, the
//! serialised report and the diagram's CSS classes.

use super::layer::Op;
use std::fmt;

crate::choice_enum! {
    /// A layer row's kind. `Input` is the network's input: a diagram element only, never a
    /// layer row.
    pub enum LayerKind {
        Conv = "conv",
        Pool = "pool",
        GridPool = "grid_pool",
        GlobalAvgPool = "global_avg_pool",
        Subsample = "subsample",
        Dense = "dense",
        Rbf = "rbf",
        BatchNorm = "batch_norm",
        Lrn = "lrn",
        Dropout = "dropout",
        Flatten = "flatten",
        Softmax = "softmax",
        Concat = "concat",
        Residual = "residual",
        Input = "input",
    }
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
        self.id()
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
    use super::LayerKind;

    #[test]
    fn serialised_and_displayed_as_the_json_tag() {
        for &k in LayerKind::ALL {
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

//! Terse constructors for the zoo and the builder page's "add layer" buttons.

use super::layer::{
    Activation, Branch, Concat, Conv, Dense, Dropout, GridPool, Layer, Lrn, Op, PadMode, Padding,
    Pool, PoolMode, Rbf, Residual, Shortcut, Subsample,
};

/// `"same"` padding.
pub const SAME: Padding = Padding::Mode(PadMode::Same);
/// No padding.
pub const VALID: Padding = Padding::Px(0);

impl From<usize> for Padding {
    fn from(px: usize) -> Self {
        Padding::Px(px)
    }
}

impl Layer {
    pub fn new(name: impl Into<String>, op: Op) -> Self {
        Layer {
            name: name.into(),
            op,
            act: None,
        }
    }
    /// `out` filters of `kernel` x `kernel`, with bias, one group, full connection.
    pub fn conv(
        name: impl Into<String>,
        out: usize,
        kernel: usize,
        stride: usize,
        padding: impl Into<Padding>,
    ) -> Self {
        Layer::new(
            name,
            Op::Conv(Conv {
                out,
                kernel,
                stride,
                padding: padding.into(),
                groups: 1,
                bias: true,
                table: None,
            }),
        )
    }
    pub fn pool(
        name: impl Into<String>,
        mode: PoolMode,
        window: usize,
        stride: usize,
        padding: impl Into<Padding>,
    ) -> Self {
        Layer::new(
            name,
            Op::Pool(Pool {
                mode,
                window,
                stride,
                padding: padding.into(),
                ceil_mode: false,
            }),
        )
    }
    /// Non-overlapping-or-not max pooling without padding.
    pub fn max_pool(name: impl Into<String>, window: usize, stride: usize) -> Self {
        Layer::pool(name, PoolMode::Max, window, stride, 0)
    }
    pub fn grid_pool(name: impl Into<String>, mode: PoolMode, out_h: usize, out_w: usize) -> Self {
        Layer::new(name, Op::GridPool(GridPool { mode, out_h, out_w }))
    }
    pub fn global_avg_pool(name: impl Into<String>) -> Self {
        Layer::new(name, Op::GlobalAvgPool)
    }
    pub fn subsample(name: impl Into<String>, window: usize, stride: usize) -> Self {
        Layer::new(name, Op::Subsample(Subsample { window, stride }))
    }
    pub fn dense(name: impl Into<String>, units: usize) -> Self {
        Layer::new(name, Op::Dense(Dense { units, bias: true }))
    }
    pub fn rbf(name: impl Into<String>, units: usize, trainable: bool) -> Self {
        Layer::new(name, Op::Rbf(Rbf { units, trainable }))
    }
    pub fn batch_norm(name: impl Into<String>) -> Self {
        Layer::new(name, Op::BatchNorm)
    }
    pub fn lrn(name: impl Into<String>, size: usize) -> Self {
        Layer::new(name, Op::Lrn(Lrn { size }))
    }
    pub fn dropout(name: impl Into<String>, rate: f64) -> Self {
        Layer::new(name, Op::Dropout(Dropout { rate }))
    }
    pub fn flatten(name: impl Into<String>) -> Self {
        Layer::new(name, Op::Flatten)
    }
    pub fn softmax(name: impl Into<String>) -> Self {
        Layer::new(name, Op::Softmax)
    }
    /// Branches given as (name, layers).
    pub fn concat(name: impl Into<String>, branches: Vec<(&str, Vec<Layer>)>) -> Self {
        let branches = branches
            .into_iter()
            .map(|(n, layers)| Branch {
                name: n.to_string(),
                layers,
            })
            .collect();
        Layer::new(name, Op::Concat(Concat { branches }))
    }
    pub fn residual(name: impl Into<String>, body: Vec<Layer>, shortcut: Shortcut) -> Self {
        Layer::new(name, Op::Residual(Residual { body, shortcut }))
    }

    /// Apply `act` after the op.
    pub fn act(mut self, act: Activation) -> Self {
        self.act = Some(act);
        self
    }
    pub fn relu(self) -> Self {
        self.act(Activation::Relu)
    }
    /// Conv only: split into `groups` groups (AlexNet's towers). No effect on other ops.
    pub fn groups(mut self, groups: usize) -> Self {
        if let Op::Conv(c) = &mut self.op {
            c.groups = groups;
        }
        self
    }
    /// Conv only: a partial connection table. No effect on other ops.
    pub fn table(mut self, table: Vec<Vec<usize>>) -> Self {
        if let Op::Conv(c) = &mut self.op {
            c.table = Some(table);
        }
        self
    }
    /// Conv/dense: drop the bias (convs followed by batch norm). No effect on other ops.
    pub fn no_bias(mut self) -> Self {
        match &mut self.op {
            Op::Conv(c) => c.bias = false,
            Op::Dense(d) => d.bias = false,
            _ => {}
        }
        self
    }
    /// Pool only: Caffe's ceil rounding of the output size. No effect on other ops.
    pub fn ceil_mode(mut self) -> Self {
        if let Op::Pool(p) = &mut self.op {
            p.ceil_mode = true;
        }
        self
    }
}

//! Ready-made model configs: both LeNet-5s, deep MLPs and small CNNs for the gradient lessons.

use super::config::{Init, LayerConfig as L, ModelConfig};
use crate::engine::ops::{Activation, ConnectionTable};

fn conv(out: usize, k: usize, init: Init) -> L {
    L::Conv2d {
        out_channels: out,
        kernel: k,
        stride: 1,
        pad: 0,
        dilation: 1,
        bias: true,
        table: None,
        init,
        same: false,
    }
}
fn act(f: Activation) -> L {
    L::Activation { f }
}
fn dense(units: usize, init: Init) -> L {
    L::Dense {
        units,
        bias: true,
        init,
    }
}

/// LeNet-5 as in LeCun, Bottou, Bengio & Haffner (1998), "Gradient-based learning applied to
/// document recognition": 32x32 input; C1 conv 5x5x6; S2 trainable subsampling (coefficient +
/// bias per map); C3 conv 5x5x16 with the Table I connection table; S4; C5 conv 5x5x120; F6 84;
/// scaled tanh `1.7159 tanh(2x/3)` after every layer up to F6; uniform ±2.4/fan-in init.
/// Deviation, documented: the output layer is a 10-unit dense layer trained with softmax
/// cross-entropy instead of the paper's Euclidean RBF units with hand-designed ASCII-bitmap
/// targets and MAP loss. Trainable parameters: 60,850 (156 + 12 + 1,516 + 32 + 48,120 + 10,164 +
/// 850); C3 stores 2,416 with 900 of them held at zero by the table.
pub fn lenet5_paper() -> ModelConfig {
    let t = Activation::ScaledTanh;
    let i = Init::Lenet98;
    ModelConfig {
        name: "lenet5-paper".into(),
        input: vec![32, 32, 1],
        layers: vec![
            conv(6, 5, i),
            act(t),
            L::Subsample {
                window: 2,
                stride: 2,
            },
            act(t),
            L::Conv2d {
                out_channels: 16,
                kernel: 5,
                stride: 1,
                pad: 0,
                dilation: 1,
                bias: true,
                table: Some(ConnectionTable::lenet5_c3()),
                init: i,
                same: false,
            },
            act(t),
            L::Subsample {
                window: 2,
                stride: 2,
            },
            act(t),
            conv(120, 5, i),
            act(t),
            L::Flatten,
            dense(84, i),
            act(t),
            dense(10, i),
        ],
    }
}

/// The common modern LeNet-5, exactly the benchmark suite's network: 32x32x1 ->
/// conv5x5x6 -> ReLU -> maxpool 2/2 -> conv5x5x16 -> ReLU -> maxpool 2/2 -> fc120 ReLU -> fc84
/// ReLU -> fc10. 61,706 parameters. Glorot-uniform init, as TF.js uses in the bench.
pub fn lenet5_modern() -> ModelConfig {
    let r = Activation::Relu;
    let i = Init::Xavier;
    ModelConfig {
        name: "lenet5-modern".into(),
        input: vec![32, 32, 1],
        layers: vec![
            conv(6, 5, i),
            act(r),
            L::MaxPool {
                window: 2,
                stride: 2,
            },
            conv(16, 5, i),
            act(r),
            L::MaxPool {
                window: 2,
                stride: 2,
            },
            L::Flatten,
            dense(120, i),
            act(r),
            dense(84, i),
            act(r),
            dense(10, i),
        ],
    }
}

/// A deep MLP: `depth` hidden layers of `width` units with activation `f`, then `classes`
/// outputs. With `residual`, every hidden layer after the first is a residual block
/// `x + f(dense(x))` (the vanishing-gradient lesson compares both). He init for ReLU, Xavier else.
pub fn mlp(
    inputs: usize,
    depth: usize,
    width: usize,
    f: Activation,
    residual: bool,
    classes: usize,
) -> ModelConfig {
    let init = if f == Activation::Relu {
        Init::He
    } else {
        Init::Xavier
    };
    let mut layers = Vec::new();
    for d in 0..depth {
        let block = vec![dense(width, init), act(f)];
        if residual && d > 0 {
            layers.push(L::Residual {
                body: block,
                shortcut: None,
            });
        } else {
            layers.extend(block);
        }
    }
    layers.push(dense(classes, init));
    ModelConfig {
        name: format!("{}mlp-{depth}x{width}", if residual { "res" } else { "" }),
        input: vec![inputs],
        layers,
    }
}

/// A small CNN on `[h, w, c]` images: `blocks` stages of (3x3 same conv with `channels·2^stage`
/// maps, activation `f`, 2x2 max pool), optionally as residual blocks (a 1x1 projection is
/// inserted automatically when the channel count changes), then a dense classifier.
pub fn small_cnn(
    input: [usize; 3],
    blocks: usize,
    channels: usize,
    f: Activation,
    residual: bool,
    classes: usize,
) -> ModelConfig {
    let init = if f == Activation::Relu {
        Init::He
    } else {
        Init::Xavier
    };
    let mut layers = Vec::new();
    for b in 0..blocks {
        let c = channels << b;
        let conv = L::Conv2d {
            out_channels: c,
            kernel: 3,
            stride: 1,
            pad: 1,
            dilation: 1,
            bias: true,
            table: None,
            init,
            same: false,
        };
        if residual {
            layers.push(L::Residual {
                body: vec![conv, act(f)],
                shortcut: None,
            });
        } else {
            layers.extend([conv, act(f)]);
        }
        layers.push(L::MaxPool {
            window: 2,
            stride: 2,
        });
    }
    layers.push(L::Flatten);
    layers.push(dense(classes, init));
    ModelConfig {
        name: format!(
            "{}cnn-{blocks}x{channels}",
            if residual { "res" } else { "" }
        ),
        input: input.to_vec(),
        layers,
    }
}

/// 3x3 or 1x1 conv, TF-"same" padding, no bias, He-normal init (ResNet style).
fn conv_same(out: usize, k: usize, stride: usize) -> L {
    L::Conv2d {
        out_channels: out,
        kernel: k,
        stride,
        pad: 0,
        dilation: 1,
        bias: false,
        table: None,
        init: Init::He,
        same: true,
    }
}
fn bn() -> L {
    L::BatchNorm {
        momentum: 0.99,
        eps: 1e-3,
    }
}

/// One basic residual block (He et al. 2016): `ReLU(BN(conv3x3(ReLU(BN(conv3x3 s(x))))) +
/// shortcut(x))`, the shortcut a 1x1 stride-`s` conv + BN when the block downsamples.
fn basic_block(c: usize, stride: usize) -> [L; 2] {
    let body = vec![
        conv_same(c, 3, stride),
        bn(),
        act(Activation::Relu),
        conv_same(c, 3, 1),
        bn(),
    ];
    let shortcut = (stride != 1).then(|| vec![conv_same(c, 1, stride), bn()]);
    [L::Residual { body, shortcut }, act(Activation::Relu)]
}

/// ResNet-8-mini, the benchmark suite's small CIFAR-style ResNet (He et al. 2016, §4.2) for
/// 28x28x1 inputs: stem conv 3x3x16 + BN + ReLU; three stages of one basic block with 16, 32,
/// 64 channels, stages 2 and 3 downsampling by stride 2 with a 1x1 stride-2 conv + BN shortcut;
/// global average pooling; dense 10. Convs: "same" padding, no bias, He-normal; BN momentum
/// 0.99, eps 1e-3; dense Glorot-uniform. 77,754 trained parameters (+ 672 running statistics),
/// 9,345,920 multiply-adds per image forward.
pub fn resnet8_mini() -> ModelConfig {
    let mut layers = vec![conv_same(16, 3, 1), bn(), act(Activation::Relu)];
    layers.extend(basic_block(16, 1));
    layers.extend(basic_block(32, 2));
    layers.extend(basic_block(64, 2));
    layers.push(L::GlobalAvgPool);
    layers.push(dense(10, Init::Xavier));
    ModelConfig {
        name: "resnet8-mini".into(),
        input: vec![28, 28, 1],
        layers,
    }
}

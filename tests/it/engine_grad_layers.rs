//! Finite-difference gradient checks of the later networks' layers: batch norm (op and inside
//! models), global average pooling, "same" strided convs and projection shortcuts.

use crate::engine_grad::{fd, loss, model_check, t, upstream};
use cnn_lab::engine::nn::{self, LayerConfig as L, Model, ModelConfig};
use cnn_lab::engine::ops::{self, Activation};
use cnn_lab::engine::Rng;

#[test]
fn batchnorm_op_gradients() {
    let mut rng = Rng::new(31);
    for shape in [vec![3, 2, 2, 5], vec![6, 4], vec![2, 3, 1, 1]] {
        let n: usize = shape.iter().product();
        let c = *shape.last().unwrap();
        let x = t(&shape, rng.uniform_vec(n, -2.0, 2.0));
        let gamma = rng.uniform_vec(c, 0.5, 1.5);
        let beta = rng.uniform_vec(c, -0.5, 0.5);
        let eps = 1e-3;
        let (y, _, _) = ops::batchnorm(&x, &gamma, &beta, eps).unwrap();
        let r = rng.uniform_vec(y.len(), 0.5, 1.5);
        let (dx, dg, db) = ops::batchnorm_backward(&x, &upstream(&y, &r), &gamma, eps).unwrap();
        let name = format!("batchnorm {shape:?}");
        fd(&format!("{name} dx"), &x, &dx, 1e-2, &|x| {
            loss(&ops::batchnorm(x, &gamma, &beta, eps).unwrap().0, &r)
        });
        fd(
            &format!("{name} dgamma"),
            &t(&[c], gamma.clone()),
            &t(&[c], dg),
            1e-2,
            &|g| {
                loss(
                    &ops::batchnorm(&x, g.as_slice().unwrap(), &beta, eps)
                        .unwrap()
                        .0,
                    &r,
                )
            },
        );
        fd(
            &format!("{name} dbeta"),
            &t(&[c], beta.clone()),
            &t(&[c], db),
            1e-2,
            &|b| {
                loss(
                    &ops::batchnorm(&x, &gamma, b.as_slice().unwrap(), eps)
                        .unwrap()
                        .0,
                    &r,
                )
            },
        );
    }
}

fn conv(out: usize, k: usize, stride: usize) -> L {
    L::Conv2d {
        out_channels: out,
        kernel: k,
        stride,
        pad: 0,
        dilation: 1,
        bias: false,
        table: None,
        init: Default::default(),
        same: true,
    }
}
fn bn() -> L {
    L::BatchNorm {
        momentum: 0.99,
        eps: 1e-3,
    }
}
fn tanh() -> L {
    L::Activation {
        f: Activation::Tanh,
    }
}

/// A tiny ResNet with every new piece: BN, "same" stride-2 convs (asymmetric padding),
/// an identity block, a projection-shortcut block, global average pooling.
fn tiny_resnet(input: [usize; 3]) -> ModelConfig {
    ModelConfig {
        name: "tiny-resnet".into(),
        input: input.to_vec(),
        layers: vec![
            conv(3, 3, 1),
            bn(),
            tanh(),
            L::Residual {
                body: vec![conv(3, 3, 1), bn(), tanh(), conv(3, 3, 1), bn()],
                shortcut: None,
            },
            tanh(),
            L::Residual {
                body: vec![conv(4, 3, 2), bn(), tanh(), conv(4, 3, 1), bn()],
                shortcut: Some(vec![conv(4, 1, 2), bn()]),
            },
            tanh(),
            L::GlobalAvgPool,
            L::Dense {
                units: 3,
                bias: true,
                init: Default::default(),
            },
        ],
    }
}

#[test]
fn tiny_resnet_gradient() {
    for (input, seed) in [([6, 6, 2], 1), ([5, 7, 1], 2)] {
        let n = 3;
        let len = n * input.iter().product::<usize>();
        let x = t(
            &[n, input[0], input[1], input[2]],
            Rng::new(seed).uniform_vec(len, -1.0, 1.0),
        );
        model_check(
            &format!("tiny resnet {input:?}"),
            Model::from_config(tiny_resnet(input), seed + 10).unwrap(),
            x,
            &[0, 2, 1],
            3e-3,
            1e-3,
        );
    }
}

#[test]
fn same_padding_shapes_follow_the_tf_rule() {
    // out = ceil(in / stride) for every kernel size.
    for (h, k, s) in [
        (28, 3, 2),
        (14, 3, 2),
        (28, 1, 2),
        (7, 3, 1),
        (5, 2, 2),
        (6, 5, 3),
    ] {
        let c = ModelConfig {
            name: "same".into(),
            input: vec![h, h + 1, 2],
            layers: vec![
                conv(3, k, s),
                L::Flatten,
                L::Dense {
                    units: 2,
                    bias: true,
                    init: Default::default(),
                },
            ],
        };
        let m = Model::from_config(c, 1).unwrap();
        let fin = m.params()[1].value().shape()[0];
        assert_eq!(fin, h.div_ceil(s) * (h + 1).div_ceil(s) * 3, "{h} {k} {s}");
    }
}

#[test]
fn same_stride2_conv_matches_explicit_bottom_right_padding() {
    // TF "same" 3x3 stride 2 on 6x6 pads one row/column at the bottom/right only.
    let x = t(&[1, 6, 6, 1], Rng::new(4).uniform_vec(36, -1.0, 1.0));
    let c = ModelConfig {
        name: "s".into(),
        input: vec![6, 6, 1],
        layers: vec![
            conv(1, 3, 2),
            L::Flatten,
            L::Dense {
                units: 9,
                bias: false,
                init: Default::default(),
            },
        ],
    };
    let mut m = Model::from_config(c, 3).unwrap();
    let w = m.params()[0].value().clone();
    m.forward(&x).unwrap();
    let y = m.net.activation(0).unwrap().clone();
    let mut xp = cnn_lab::engine::tensor::zeros(&[1, 7, 7, 1]);
    for i in 0..6 {
        for j in 0..6 {
            xp[[0, i, j, 0]] = x[[0, i, j, 0]];
        }
    }
    let p = ops::Conv2dParams {
        stride: 2,
        pad: 0,
        dilation: 1,
    };
    let want = ops::conv2d(&xp, &w, None, p, None).unwrap();
    for (a, b) in y.iter().zip(want.iter()) {
        assert!((a - b).abs() < 1e-5);
    }
}

#[test]
fn resnet8_mini_counts() {
    let m = Model::from_config(nn::resnet8_mini(), 1).unwrap();
    assert_eq!(m.param_count(), 77_754);
    assert_eq!(m.buffers().iter().map(|b| b.len()).sum::<usize>(), 672);
    let x = t(&[2, 28, 28, 1], Rng::new(1).uniform_vec(2 * 784, 0.0, 1.0));
    let mut m = m;
    assert_eq!(m.forward(&x).unwrap().shape(), &[2, 10]);
}

#[test]
fn lrn_op_gradients() {
    let mut rng = Rng::new(41);
    // A large alpha makes the cross-channel term matter; AlexNet's values as the default case.
    let strong = ops::LrnParams {
        k: 1.0,
        n: 3,
        alpha: 0.5,
        beta: 0.75,
    };
    for (shape, p) in [
        (vec![2, 3, 3, 7], strong),
        (vec![1, 2, 2, 2], strong),
        (vec![3, 5], ops::LrnParams::default()),
    ] {
        let n: usize = shape.iter().product();
        let x = t(&shape, rng.uniform_vec(n, -2.0, 2.0));
        let y = ops::lrn(&x, p).unwrap();
        let r = rng.uniform_vec(y.len(), 0.5, 1.5);
        let dx = ops::lrn_backward(&x, &upstream(&y, &r), p).unwrap();
        fd(&format!("lrn {shape:?}"), &x, &dx, 1e-2, &|x| {
            loss(&ops::lrn(x, p).unwrap(), &r)
        });
    }
    let bad = ops::LrnParams {
        n: 4,
        ..Default::default()
    };
    assert!(ops::lrn(&t(&[1, 4], vec![1.0; 4]), bad).is_err());
}

fn relu() -> L {
    L::Activation {
        f: Activation::Relu,
    }
}

/// A mini AlexNet/GoogLeNet: LRN, overlapping max pool 3/2, an Inception-style concat of four
/// paths (1x1; 1x1 -> 3x3; 1x1 -> 5x5; max pool 3/1 "same" via pad -> 1x1), global avg pool.
fn inception_net() -> ModelConfig {
    let c = |out: usize, k: usize| L::Conv2d {
        out_channels: out,
        kernel: k,
        stride: 1,
        pad: k / 2,
        dilation: 1,
        bias: true,
        table: None,
        init: Default::default(),
        same: false,
    };
    ModelConfig {
        name: "mini-inception".into(),
        input: vec![9, 9, 2],
        layers: vec![
            c(4, 3),
            tanh(),
            L::Lrn {
                params: ops::LrnParams {
                    k: 1.0,
                    n: 3,
                    alpha: 0.3,
                    beta: 0.75,
                },
            },
            L::MaxPool {
                window: 3,
                stride: 2,
            },
            L::Concat {
                branches: vec![
                    vec![c(2, 1)],
                    vec![c(2, 1), tanh(), c(3, 3)],
                    vec![c(1, 1), tanh(), c(2, 5)],
                    vec![],
                ],
            },
            tanh(),
            L::GlobalAvgPool,
            L::Dense {
                units: 3,
                bias: true,
                init: Default::default(),
            },
        ],
    }
}

#[test]
fn inception_concat_lrn_and_overlapping_pool_gradient() {
    let m = Model::from_config(inception_net(), 8).unwrap();
    // 9x9 -> maxpool 3/2 -> 4x4; concat 2 + 3 + 2 + 4 (identity path) = 11 channels.
    assert_eq!(m.params()[m.params().len() - 2].value().shape(), &[11, 3]);
    let x = t(&[2, 9, 9, 2], Rng::new(5).uniform_vec(324, -1.0, 1.0));
    model_check("mini inception", m, x, &[1, 2], 3e-3, 1e-3);
    let mut bad = inception_net();
    bad.layers[4] = L::Concat {
        branches: vec![vec![c_valid()], vec![]],
    };
    assert!(Model::from_config(bad, 1).is_err());
}

fn c_valid() -> L {
    L::Conv2d {
        out_channels: 2,
        kernel: 3,
        stride: 1,
        pad: 0,
        dilation: 1,
        bias: true,
        table: None,
        init: Default::default(),
        same: false,
    }
}

#[test]
fn relu_resnet_with_dropout_in_eval_gradient() {
    // Dropout is the identity outside training; with rate 0 it is also the identity in training.
    let mut c = tiny_resnet([6, 6, 2]);
    c.layers[2] = relu();
    c.layers.insert(7, L::Dropout { rate: 0.0 });
    let x = t(&[3, 6, 6, 2], Rng::new(6).uniform_vec(216, -1.0, 1.0));
    model_check(
        "resnet + dropout 0",
        Model::from_config(c, 3).unwrap(),
        x,
        &[2, 1, 0],
        1e-3,
        5e-3,
    );
}

//! The engine and the architecture calculator agree: for every network the app trains (both
//! LeNet-5s and the /train page's variants, the gradient lessons' MLPs and CNNs), ResNet-8-mini
//! and a small Inception/AlexNet-style net, `Model::summary` gives the same output shapes,
//! parameters and multiply-adds as `lessons::arch` on the converted network.

use cnn_lab::engine::nn::{self, LayerConfig as L, Model, ModelConfig};
use cnn_lab::engine::ops::{Activation, LrnParams};
use cnn_lab::lessons::arch::{self, from_engine, Shape};
use cnn_lab::lessons::gradients::{net_config, NetSpec};
use cnn_lab::lessons::train::TrainSettings;

/// Checks totals and every top-level row the calculator has (activations have none).
fn agree(cfg: ModelConfig) -> (u64, u64) {
    let name = cfg.name.clone();
    let m = Model::from_config(cfg, 1).unwrap();
    let rep = arch::analyze(&from_engine::network(&m)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let rows = m.summary();
    for r in &rows {
        let Some(a) = rep.layers.iter().find(|a| a.path == r.index.to_string()) else {
            assert!(
                r.params == 0 && r.macs == 0,
                "{name}: layer {} has no calculator row",
                r.index
            );
            continue;
        };
        let shape = match r.output[..] {
            [h, w, c] => Shape::new(c, h, w),
            _ => Shape::new(r.output.iter().product(), 1, 1),
        };
        assert_eq!(
            a.output, shape,
            "{name} layer {} ({}) shape",
            r.index, r.name
        );
        assert_eq!(
            a.params, r.params as u64,
            "{name} layer {} ({}) params",
            r.index, r.name
        );
        assert_eq!(a.macs, r.macs, "{name} layer {} ({}) MACs", r.index, r.name);
    }
    let params = m.trainable_count() as u64;
    assert_eq!(rep.total_params(), params, "{name} params");
    assert_eq!(rep.total_macs(), m.macs(), "{name} MACs");
    (params, m.macs())
}

#[test]
fn resnet8_mini_matches_the_benchmark_figures() {
    assert_eq!(agree(nn::resnet8_mini()), (77_754, 9_345_920));
    let m = Model::from_config(nn::resnet8_mini(), 1).unwrap();
    let s = m.summary();
    assert_eq!(s[0].output, vec![28, 28, 16]);
    assert_eq!(s[0].macs, 112_896);
    // Stage 2 (the residual at index 5, its ReLU at 6): conv1 s2 + conv2 + 1x1 s2 shortcut.
    assert_eq!(s[5].output, vec![14, 14, 32]);
    assert_eq!(s[5].macs, 903_168 + 1_806_336 + 100_352);
    assert_eq!(s[7].output, vec![7, 7, 64]);
    assert_eq!(s.last().unwrap().output, vec![10]);
}

#[test]
fn lenet5s_match() {
    assert_eq!(agree(nn::lenet5_modern()), (61_706, 416_520));
    let (params, _) = agree(nn::lenet5_paper());
    assert_eq!(params, 60_850);
}

#[test]
fn every_network_the_app_trains_matches() {
    for paper in [false, true] {
        for max_pool in [false, true] {
            for act in [Activation::Relu, Activation::Tanh, Activation::ScaledTanh] {
                let s = TrainSettings {
                    paper,
                    max_pool,
                    act,
                    ..TrainSettings::default()
                };
                agree(s.model_config());
            }
        }
    }
    for residual in [false, true] {
        for depth in [1, 3, 8] {
            agree(net_config(&NetSpec {
                depth,
                width: 16,
                act: cnn_lab::lessons::gradients::Act::Sigmoid,
                init: Default::default(),
                residual,
            }));
        }
        agree(nn::mlp(7, 4, 5, Activation::Sigmoid, residual, 3));
        agree(nn::small_cnn(
            [28, 28, 1],
            3,
            8,
            Activation::Relu,
            residual,
            10,
        ));
    }
}

#[test]
fn an_inception_and_alexnet_style_net_matches() {
    let conv = |out: usize, k: usize, stride: usize, pad: usize| L::Conv2d {
        out_channels: out,
        kernel: k,
        stride,
        pad,
        dilation: 1,
        bias: true,
        table: None,
        init: Default::default(),
        same: false,
    };
    let relu = L::Activation {
        f: Activation::Relu,
    };
    let cfg = ModelConfig {
        name: "mini-googlenet".into(),
        input: vec![32, 32, 3],
        layers: vec![
            conv(16, 5, 2, 2),
            relu.clone(),
            L::Lrn {
                params: LrnParams::default(),
            },
            L::MaxPool {
                window: 3,
                stride: 2,
            },
            L::Concat {
                branches: vec![
                    vec![conv(8, 1, 1, 0)],
                    vec![conv(4, 1, 1, 0), relu.clone(), conv(8, 3, 1, 1)],
                    vec![conv(2, 1, 1, 0), relu.clone(), conv(4, 5, 1, 2)],
                ],
            },
            L::BatchNorm {
                momentum: 0.99,
                eps: 1e-3,
            },
            L::Dropout { rate: 0.4 },
            L::GlobalAvgPool,
            L::Dense {
                units: 10,
                bias: true,
                init: Default::default(),
            },
        ],
    };
    let (params, macs) = agree(cfg);
    assert!(params > 0 && macs > 0);
}

//! The engine's models as calculator networks, so the architecture pages and the engine can be
//! checked against each other (same shapes, parameters and multiply-adds). Activations carry no
//! cost and are left out; a dense layer on a feature map gets the flatten the engine does
//! implicitly; the engine's automatic residual projection becomes a 1x1 projection shortcut.

use super::layer::{
    Branch, Concat, Conv, Dense, Dropout, Layer, Lrn, Network, Op, PadMode, Padding, Pool,
    PoolMode, Residual, Shape, Shortcut, Subsample,
};
use crate::engine::nn::layer::Layer as EngineLayer;
use crate::engine::nn::{LayerConfig, Model};
use crate::engine::ops::PoolMode as EnginePool;

/// The calculator network of a built engine model. Top-level layer `i` is named `"{i}"`
/// (activations, which the calculator folds into layers, have no row).
pub fn network(model: &Model) -> Network {
    let input = match model.config.input[..] {
        [h, w, c] => Shape::new(c, h, w),
        _ => Shape::new(model.config.input.iter().product(), 1, 1),
    };
    let mut flat = model.config.input.len() != 3;
    Network {
        id: model.config.name.clone(),
        name: model.config.name.clone(),
        source: "engine model".into(),
        input,
        layers: layers(&model.config.layers, &model.net.layers, "", &mut flat),
        aux: Vec::new(),
    }
}

fn layers(
    cfgs: &[LayerConfig],
    built: &[EngineLayer],
    prefix: &str,
    flat: &mut bool,
) -> Vec<Layer> {
    let mut out = Vec::new();
    for (i, (c, l)) in cfgs.iter().zip(built).enumerate() {
        let name = format!("{prefix}{i}");
        let mut push = |op: Op| {
            out.push(Layer {
                name: name.clone(),
                op,
                act: None,
            })
        };
        match c {
            LayerConfig::Conv2d {
                out_channels,
                kernel,
                stride,
                pad,
                bias,
                table,
                same,
                ..
            } => push(Op::Conv(Conv {
                out: *out_channels,
                kernel: *kernel,
                stride: *stride,
                padding: if *same {
                    Padding::Mode(PadMode::Same)
                } else {
                    Padding::Px(*pad)
                },
                groups: 1,
                bias: *bias,
                table: table.as_ref().map(|t| {
                    let cout = t.connected.first().map_or(0, |r| r.len());
                    (0..cout)
                        .map(|co| {
                            (0..t.connected.len())
                                .filter(|&ci| t.connected[ci][co])
                                .collect()
                        })
                        .collect()
                }),
            })),
            LayerConfig::Dense { units, bias, .. } => {
                if !*flat {
                    out.push(Layer {
                        name: format!("{name}/flatten"),
                        op: Op::Flatten,
                        act: None,
                    });
                    *flat = true;
                }
                out.push(Layer {
                    name: name.clone(),
                    op: Op::Dense(Dense {
                        units: *units,
                        bias: *bias,
                    }),
                    act: None,
                });
            }
            LayerConfig::MaxPool { window, stride } | LayerConfig::AvgPool { window, stride } => {
                let mode = match l {
                    EngineLayer::Pool {
                        mode: EnginePool::Max,
                        ..
                    } => PoolMode::Max,
                    _ => PoolMode::Avg,
                };
                push(Op::Pool(Pool {
                    mode,
                    window: *window,
                    stride: *stride,
                    padding: Padding::Px(0),
                    ceil_mode: false,
                }))
            }
            LayerConfig::Subsample { window, stride } => push(Op::Subsample(Subsample {
                window: *window,
                stride: *stride,
            })),
            LayerConfig::Activation { .. } => {}
            LayerConfig::Flatten => {
                push(Op::Flatten);
                *flat = true;
            }
            LayerConfig::BatchNorm { .. } => push(Op::BatchNorm),
            LayerConfig::Dropout { rate } => push(Op::Dropout(Dropout {
                rate: f64::from(*rate),
            })),
            LayerConfig::GlobalAvgPool => {
                push(Op::GlobalAvgPool);
                *flat = true;
            }
            LayerConfig::Lrn { params } => push(Op::Lrn(Lrn { size: params.n })),
            LayerConfig::Residual { body, shortcut } => {
                let EngineLayer::Residual(r) = l else {
                    continue;
                };
                let was = *flat;
                let body = layers(body, &r.body.layers, &format!("{name}/body/"), flat);
                let mut f = was;
                let shortcut = match (shortcut, &r.shortcut, &r.projection) {
                    (Some(cfgs), Some(s), _) => Shortcut::Projection {
                        layers: layers(cfgs, &s.layers, &format!("{name}/shortcut/"), &mut f),
                    },
                    (_, _, Some(EngineLayer::Conv(p))) => Shortcut::Projection {
                        layers: vec![Layer {
                            name: format!("{name}/shortcut/proj"),
                            op: Op::Conv(Conv {
                                out: p.weight.value().shape()[3],
                                kernel: 1,
                                stride: p.params.stride,
                                padding: Padding::Px(0),
                                groups: 1,
                                bias: false,
                                table: None,
                            }),
                            act: None,
                        }],
                    },
                    (_, _, Some(EngineLayer::Dense(p))) => Shortcut::Projection {
                        layers: vec![Layer {
                            name: format!("{name}/shortcut/proj"),
                            op: Op::Dense(Dense {
                                units: p.weight.value().shape()[1],
                                bias: false,
                            }),
                            act: None,
                        }],
                    },
                    _ => Shortcut::Identity,
                };
                push(Op::Residual(Residual { body, shortcut }));
            }
            LayerConfig::Concat { branches } => {
                let EngineLayer::Concat(cc) = l else { continue };
                let branches = branches
                    .iter()
                    .zip(&cc.branches)
                    .enumerate()
                    .map(|(b, (cfgs, seq))| {
                        let mut f = *flat;
                        Branch {
                            name: format!("b{b}"),
                            layers: layers(cfgs, &seq.layers, &format!("{name}/b{b}/"), &mut f),
                        }
                    })
                    .collect();
                push(Op::Concat(Concat { branches }));
            }
        }
    }
    out
}

//! Building layers from their configs: shape inference, eager validation (errors name the layer
//! and its input shape) and the automatic residual projection.

use super::{Concat, Layer, Residual, Sequential};
use crate::engine::error::{EngineError, Result};
use crate::engine::nn::config::LayerConfig;
use crate::engine::nn::layers::{ConvLayer, DenseLayer, SubsampleLayer};
use crate::engine::nn::norm::{BatchNormLayer, DropoutLayer, LrnLayer};
use crate::engine::ops::conv2d::Conv2dParams;
use crate::engine::ops::pool::{PoolGeom, PoolMode};
use crate::engine::rng::Rng;

/// Per-sample output shape of a layer config given its per-sample input shape, building it.
pub(crate) fn build(
    cfg: &LayerConfig,
    input: &[usize],
    name: &str,
    rng: &mut Rng,
) -> Result<(Layer, Vec<usize>)> {
    let bad = |msg: String| {
        EngineError::Config(format!("{name} ({}): {msg}, input {input:?}", cfg.label()))
    };
    let img = |input: &[usize]| -> Result<[usize; 3]> {
        match input {
            [h, w, c] => Ok([*h, *w, *c]),
            _ => Err(bad("needs an [h, w, c] input".into())),
        }
    };
    Ok(match cfg {
        LayerConfig::Conv2d {
            out_channels,
            kernel,
            stride,
            pad,
            dilation,
            bias,
            table,
            init,
            same,
        } => {
            let [h, w, c] = img(input)?;
            let p = Conv2dParams {
                stride: *stride,
                pad: *pad,
                dilation: *dilation,
            };
            let mut l = ConvLayer::new(
                name,
                c,
                *out_channels,
                *kernel,
                p,
                *bias,
                table.as_ref(),
                *init,
                rng,
            )?;
            if *same {
                l.set_same(h, w);
            }
            let g = l.geom(&[1, h, w, c]).map_err(|e| bad(e.to_string()))?;
            (Layer::Conv(l), vec![g.oh, g.ow, g.cout])
        }
        LayerConfig::Dense { units, bias, init } => {
            let fin: usize = input.iter().product();
            if fin == 0 || *units == 0 {
                return Err(bad("zero-sized dense layer".into()));
            }
            (
                Layer::Dense(DenseLayer::new(name, fin, *units, *bias, *init, rng)?),
                vec![*units],
            )
        }
        LayerConfig::MaxPool { window, stride }
        | LayerConfig::AvgPool { window, stride }
        | LayerConfig::Subsample { window, stride } => {
            let [h, w, c] = img(input)?;
            let g =
                PoolGeom::new(&[1, h, w, c], *window, *stride).map_err(|e| bad(e.to_string()))?;
            let layer = match cfg {
                LayerConfig::MaxPool { .. } => Layer::Pool {
                    mode: PoolMode::Max,
                    window: *window,
                    stride: *stride,
                },
                LayerConfig::AvgPool { .. } => Layer::Pool {
                    mode: PoolMode::Avg,
                    window: *window,
                    stride: *stride,
                },
                _ => Layer::Subsample(SubsampleLayer::new(name, c, *window, *stride)?),
            };
            (layer, vec![g.oh, g.ow, g.c])
        }
        LayerConfig::Activation { f } => (Layer::Act(*f), input.to_vec()),
        LayerConfig::Flatten => (Layer::Flatten, vec![input.iter().product()]),
        LayerConfig::BatchNorm { momentum, eps } => {
            let c = *input.last().unwrap_or(&0);
            if c == 0 || !(0.0..1.0).contains(momentum) || !eps.is_finite() || *eps <= 0.0 {
                return Err(bad("needs channels, 0 <= momentum < 1 and eps > 0".into()));
            }
            let l = BatchNormLayer::new(name, c, *momentum, *eps)?;
            (Layer::BatchNorm(Box::new(l)), input.to_vec())
        }
        LayerConfig::Dropout { rate } => {
            if !(0.0..1.0).contains(rate) {
                return Err(bad("rate must be in [0, 1)".into()));
            }
            let l = DropoutLayer::new(*rate, rng.next_u64());
            (Layer::Dropout(l), input.to_vec())
        }
        LayerConfig::Lrn { params } => {
            params.check().map_err(|e| bad(e.to_string()))?;
            if input.len() != 3 && input.len() != 1 {
                return Err(bad("needs [h, w, c] or [features]".into()));
            }
            (Layer::Lrn(LrnLayer::new(*params)), input.to_vec())
        }
        LayerConfig::Concat { branches } => {
            if branches.is_empty() || input.len() != 3 {
                return Err(bad(
                    "needs an [h, w, c] input and at least one branch".into()
                ));
            }
            let mut seqs = Vec::with_capacity(branches.len());
            let mut out: Option<Vec<usize>> = None;
            for (b, cfgs) in branches.iter().enumerate() {
                let (s, o) = Sequential::build(cfgs, input, &format!("{name}.b{b}"), rng)?;
                match (&mut out, o.len()) {
                    (None, 3) => out = Some(o),
                    (Some(acc), 3) if acc[..2] == o[..2] => acc[2] += o[2],
                    _ => {
                        return Err(bad(format!(
                            "branch {b} outputs {o:?}; branches must agree on [h, w]"
                        )))
                    }
                }
                seqs.push(s);
            }
            (
                Layer::Concat(Box::new(Concat::new(seqs))),
                out.unwrap_or_default(),
            )
        }
        LayerConfig::GlobalAvgPool => {
            let [_, _, c] = img(input)?;
            (Layer::GlobalAvgPool, vec![c])
        }
        LayerConfig::Residual { body, shortcut } => {
            let (seq, out) = Sequential::build(body, input, name, rng)?;
            let shortcut = match shortcut {
                Some(cfgs) => {
                    let (s, sout) = Sequential::build(cfgs, input, &format!("{name}.short"), rng)?;
                    if sout != out {
                        return Err(bad(format!(
                            "the shortcut outputs {sout:?}, the body {out:?}"
                        )));
                    }
                    Some(s)
                }
                None => None,
            };
            let projection = if out == input || shortcut.is_some() {
                None
            } else if let ([h, w, c], [oh, ow, oc]) = (input, &out[..]) {
                let s = h.div_ceil(*oh).max(1);
                if (h - 1) / s + 1 != *oh || (w - 1) / s + 1 != *ow {
                    return Err(bad(format!("no 1x1 projection maps {input:?} to {out:?}")));
                }
                let p = Conv2dParams {
                    stride: s,
                    pad: 0,
                    dilation: 1,
                };
                Some(Layer::Conv(ConvLayer::new(
                    &format!("{name}.proj"),
                    *c,
                    *oc,
                    1,
                    p,
                    false,
                    None,
                    Default::default(),
                    rng,
                )?))
            } else if out.len() == 1 {
                let fin = input.iter().product();
                Some(Layer::Dense(DenseLayer::new(
                    &format!("{name}.proj"),
                    fin,
                    out[0],
                    false,
                    Default::default(),
                    rng,
                )?))
            } else {
                return Err(bad(format!("no projection maps {input:?} to {out:?}")));
            };
            (
                Layer::Residual(Box::new(Residual::new(seq, projection, shortcut))),
                out,
            )
        }
    })
}

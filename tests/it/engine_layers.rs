//! The layers of the later networks: batch norm (training vs evaluation, running statistics,
//! gradients, saved state), dropout, global average pooling, "same" strided convs, projection
//! shortcuts and ResNet-8-mini's shapes and counts.

use cnn_lab::engine::nn::{self, LayerConfig as L, Model, ModelConfig};
use cnn_lab::engine::ops::{self, Activation};
use cnn_lab::engine::{tensor, Rng, Tensor};

fn t(shape: &[usize], v: Vec<f32>) -> Tensor {
    tensor::from_vec(shape, v).unwrap()
}

fn bn() -> L {
    L::BatchNorm {
        momentum: 0.9,
        eps: 1e-3,
    }
}

fn small_bn_net() -> ModelConfig {
    ModelConfig {
        name: "bn".into(),
        input: vec![6, 6, 2],
        layers: vec![
            L::Conv2d {
                out_channels: 3,
                kernel: 3,
                stride: 1,
                pad: 1,
                dilation: 1,
                bias: false,
                table: None,
                init: Default::default(),
                same: false,
            },
            bn(),
            L::Activation {
                f: Activation::Tanh,
            },
            L::Flatten,
            L::Dense {
                units: 5,
                bias: true,
                init: Default::default(),
            },
            bn(),
            L::Dense {
                units: 3,
                bias: true,
                init: Default::default(),
            },
        ],
    }
}

#[test]
fn batchnorm_op_normalises_per_channel() {
    let x = t(&[4, 2, 2, 3], Rng::new(1).uniform_vec(48, -3.0, 5.0));
    let (y, mean, var) = ops::batchnorm(&x, &[1.0; 3], &[0.0; 3], 1e-5).unwrap();
    assert_eq!(mean.len(), 3);
    assert!(var.iter().all(|&v| v > 0.0));
    for ch in 0..3 {
        let vals: Vec<f32> = y.iter().skip(ch).step_by(3).copied().collect();
        let m = vals.iter().sum::<f32>() / vals.len() as f32;
        let v = vals.iter().map(|a| (a - m) * (a - m)).sum::<f32>() / vals.len() as f32;
        assert!(m.abs() < 1e-5 && (v - 1.0).abs() < 1e-3, "{m} {v}");
    }
    assert!(ops::batchnorm(&x, &[1.0; 2], &[0.0; 2], 1e-5).is_err());
    assert!(ops::batchnorm(&x, &[1.0; 3], &[0.0; 3], 0.0).is_err());
}

#[test]
fn eval_output_of_an_image_ignores_the_rest_of_the_batch() {
    let mut m = Model::from_config(small_bn_net(), 3).unwrap();
    let mut rng = Rng::new(9);
    // Train a few steps so the running statistics are not the initial 0 / 1.
    let xt = t(&[8, 6, 6, 2], rng.uniform_vec(576, -1.0, 1.0));
    let mut opt = nn::Optimizer::new(nn::OptimizerConfig::sgd(0.05));
    for _ in 0..3 {
        m.train_step(&xt, &[0, 1, 2, 0, 1, 2, 0, 1], &mut opt)
            .unwrap();
    }
    assert!(m
        .buffers()
        .iter()
        .any(|b| b.name.ends_with("running_mean")
            && tensor::data(b.value()).iter().any(|&v| v != 0.0)));
    let a = t(&[4, 6, 6, 2], rng.uniform_vec(288, -1.0, 1.0));
    let mut b = a.clone();
    for v in b.as_slice_mut().unwrap()[72..].iter_mut() {
        *v = 7.0 * *v + 3.0;
    }
    let ya = m.forward(&a).unwrap().clone();
    let yb = m.forward(&b).unwrap().clone();
    assert_eq!(ya.as_slice().unwrap()[..3], yb.as_slice().unwrap()[..3]);
    let y1 = m
        .forward(&a.slice_axis(ndarray::Axis(0), (0..1).into()).to_owned())
        .unwrap()
        .clone();
    assert_eq!(ya.as_slice().unwrap()[..3], y1.as_slice().unwrap()[..3]);
    // Training mode, by contrast, depends on the batch.
    let ta = m.forward_train(&a).unwrap().clone();
    let tb = m.forward_train(&b).unwrap().clone();
    assert_ne!(ta.as_slice().unwrap()[..3], tb.as_slice().unwrap()[..3]);
}

#[test]
fn running_statistics_are_saved_and_loaded() {
    let mut m = Model::from_config(small_bn_net(), 3).unwrap();
    let x = t(&[4, 6, 6, 2], Rng::new(2).uniform_vec(288, -1.0, 1.0));
    m.forward_train(&x).unwrap();
    let before = m.forward(&x).unwrap().clone();
    let json = m.save_weights();
    let mut fresh = Model::from_config(small_bn_net(), 77).unwrap();
    fresh.load_weights(&json).unwrap();
    assert_eq!(fresh.forward(&x).unwrap(), &before);
    assert_eq!(m.buffers().len(), 4);
    assert_eq!(m.param_count(), 54 + 6 + 108 * 5 + 5 + 10 + 15 + 3);
}

#[test]
fn configs_without_the_new_fields_still_parse() {
    let old = r#"{"name":"x","input":[8,8,1],"layers":[
        {"type":"conv2d","out_channels":2,"kernel":3},
        {"type":"batch_norm"},
        {"type":"residual","body":[{"type":"conv2d","out_channels":2,"kernel":3,"pad":1}]},
        {"type":"global_avg_pool"},{"type":"dense","units":3}]}"#;
    let c: ModelConfig = serde_json::from_str(old).unwrap();
    assert_eq!(
        c.layers[1],
        L::BatchNorm {
            momentum: 0.99,
            eps: 1e-3
        }
    );
    let m = Model::from_config(c.clone(), 1).unwrap();
    assert_eq!(m.classes(), 3);
    // New fields at their defaults are not written, so old serialised configs stay identical.
    let s = serde_json::to_string(&nn::lenet5_modern()).unwrap();
    assert!(!s.contains("same") && !s.contains("shortcut"));
}

#[test]
fn bad_batchnorm_and_dropout_configs_are_errors() {
    let mut c = small_bn_net();
    c.layers[1] = L::BatchNorm {
        momentum: 1.5,
        eps: 1e-3,
    };
    assert!(Model::from_config(c.clone(), 1).is_err());
    c.layers[1] = L::Dropout { rate: 1.0 };
    assert!(Model::from_config(c.clone(), 1).is_err());
    c.layers[1] = L::GlobalAvgPool;
    c.layers.remove(3);
    assert!(Model::from_config(c, 1).is_ok());
}

#[test]
fn dropout_is_inverted_seeded_and_identity_in_eval() {
    let c = ModelConfig {
        name: "drop".into(),
        input: vec![1000],
        layers: vec![
            L::Dropout { rate: 0.3 },
            L::Dense {
                units: 2,
                bias: false,
                init: Default::default(),
            },
        ],
    };
    let x = t(&[4, 1000], vec![1.0; 4000]);
    let mut a = Model::from_config(c.clone(), 5).unwrap();
    let mut b = Model::from_config(c.clone(), 5).unwrap();
    a.forward_train(&x).unwrap();
    b.forward_train(&x).unwrap();
    let ya = a.activation(0).unwrap().clone();
    assert_eq!(&ya, b.activation(0).unwrap(), "same seed, same mask");
    let kept = ya.iter().filter(|&&v| v != 0.0).count() as f32 / 4000.0;
    assert!((kept - 0.7).abs() < 0.03, "{kept}");
    assert!(ya.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.7).abs() < 1e-6));
    // A second training pass draws a new mask; evaluation is the identity.
    a.forward_train(&x).unwrap();
    assert_ne!(&ya, a.activation(0).unwrap());
    a.forward(&x).unwrap();
    assert_eq!(a.activation(0).unwrap(), &x);
    // The gradient goes through the kept entries only, scaled like the forward.
    a.loss_and_grads(&x, &[0, 1, 0, 1], true).unwrap();
    let mask = a.activation(0).unwrap().clone();
    for (g, m) in a.input_grad().iter().zip(mask.iter()) {
        assert_eq!(*g == 0.0, *m == 0.0);
    }
}

#[test]
fn lrn_config_defaults_are_alexnets() {
    let c: L = serde_json::from_str(r#"{"type":"lrn"}"#).unwrap();
    assert_eq!(
        c,
        L::Lrn {
            params: ops::LrnParams {
                k: 2.0,
                n: 5,
                alpha: 1e-4,
                beta: 0.75
            }
        }
    );
    let round: L = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(round, c);
}

//! Models: builders, shapes, parameter counts, serde configs, save/load, training, read-outs.

use cnn_lab::engine::nn::{self, LayerConfig, Model, ModelConfig, Optimizer, OptimizerConfig};
use cnn_lab::engine::ops::{Activation, ConnectionTable};
use cnn_lab::engine::{tensor, EngineError, Rng, Tensor};

fn batch(rng: &mut Rng, n: usize, shape: &[usize]) -> Tensor {
    let len = n * shape.iter().product::<usize>();
    let mut s = vec![n];
    s.extend_from_slice(shape);
    tensor::from_vec(&s, rng.uniform_vec(len, 0.0, 1.0)).unwrap()
}

#[test]
fn lenet5_modern_matches_the_bench_network() {
    let mut m = Model::from_config(nn::lenet5_modern(), 1).unwrap();
    assert_eq!(m.param_count(), 61_706);
    let x = batch(&mut Rng::new(3), 2, &[32, 32, 1]);
    assert_eq!(m.forward(&x).unwrap().shape(), &[2, 10]);
    let shapes: Vec<Vec<usize>> = (0..12)
        .map(|i| m.activation(i).unwrap().shape().to_vec())
        .collect();
    assert_eq!(shapes[0], [2, 28, 28, 6]);
    assert_eq!(shapes[2], [2, 14, 14, 6]);
    assert_eq!(shapes[3], [2, 10, 10, 16]);
    assert_eq!(shapes[5], [2, 5, 5, 16]);
    assert_eq!(shapes[6], [2, 400]);
    assert_eq!(shapes[7], [2, 120]);
    assert!(m.activation(12).is_none());
}

#[test]
fn lenet5_paper_counts_and_c3_table() {
    let m = Model::from_config(nn::lenet5_paper(), 1).unwrap();
    // LeCun et al. 1998: C1 156, S2 12, C3 1,516, S4 32, C5 48,120, F6 10,164; output 84x10+10.
    assert_eq!(
        m.trainable_count(),
        156 + 12 + 1516 + 32 + 48_120 + 10_164 + 850
    );
    // Table I of the paper, row by row (S2 map -> C3 maps marked X).
    let rows: [&[usize]; 6] = [
        &[0, 4, 5, 6, 9, 10, 11, 12, 14, 15],
        &[0, 1, 5, 6, 7, 10, 11, 12, 13, 15],
        &[0, 1, 2, 6, 7, 8, 11, 13, 14, 15],
        &[1, 2, 3, 6, 7, 8, 9, 12, 14, 15],
        &[2, 3, 4, 7, 8, 9, 10, 12, 13, 15],
        &[3, 4, 5, 8, 9, 10, 11, 13, 14, 15],
    ];
    let t = ConnectionTable::lenet5_c3();
    for (ci, row) in rows.iter().enumerate() {
        let got: Vec<usize> = (0..16).filter(|&co| t.connected[ci][co]).collect();
        assert_eq!(&got[..], *row, "row {ci}");
    }
    assert_eq!(t.count(), 60);
}

#[test]
fn config_round_trips_through_json() {
    for cfg in [
        nn::lenet5_paper(),
        nn::lenet5_modern(),
        nn::mlp(8, 4, 16, Activation::Sigmoid, true, 3),
        nn::small_cnn([8, 8, 1], 2, 4, Activation::Relu, true, 4),
    ] {
        let s = serde_json::to_string(&cfg).unwrap();
        let back: ModelConfig = serde_json::from_str(&s).unwrap();
        assert_eq!(back, cfg);
        Model::from_config(back, 0).unwrap();
    }
    let hand = r#"{"name":"t","input":[6,6,1],"layers":[{"type":"conv2d","out_channels":2,"kernel":3},{"type":"activation","f":"relu"},{"type":"flatten"},{"type":"dense","units":3}]}"#;
    let m = Model::from_config(serde_json::from_str(hand).unwrap(), 0).unwrap();
    assert_eq!(m.param_count(), 3 * 3 * 2 + 2 + 32 * 3 + 3);
}

#[test]
fn bad_configs_and_inputs_are_typed_errors() {
    let mut cfg = nn::lenet5_modern();
    cfg.input = vec![8, 8, 1];
    assert!(matches!(
        Model::from_config(cfg, 0),
        Err(EngineError::Config(_))
    ));
    let cfg = ModelConfig {
        name: "x".into(),
        input: vec![4],
        layers: vec![LayerConfig::MaxPool {
            window: 2,
            stride: 2,
        }],
    };
    assert!(matches!(
        Model::from_config(cfg, 0),
        Err(EngineError::Config(_))
    ));
    let mut m = Model::from_config(nn::lenet5_modern(), 0).unwrap();
    let x = batch(&mut Rng::new(0), 1, &[28, 28, 1]);
    let e = m.forward(&x).unwrap_err();
    assert!(e.to_string().contains("[1, 28, 28, 1]"), "{e}");
    let x = batch(&mut Rng::new(0), 2, &[32, 32, 1]);
    assert!(m.loss_and_grads(&x, &[1, 10], false).is_err());
}

#[test]
fn save_load_round_trip_and_refusals() {
    let mut a = Model::from_config(nn::lenet5_modern(), 1).unwrap();
    let mut b = Model::from_config(nn::lenet5_modern(), 2).unwrap();
    let x = batch(&mut Rng::new(5), 3, &[32, 32, 1]);
    let ya = a.forward(&x).unwrap().clone();
    assert_ne!(&ya, b.forward(&x).unwrap());
    let saved = a.save_weights();
    b.load_weights(&saved).unwrap();
    assert_eq!(
        &ya,
        b.forward(&x).unwrap(),
        "cached packed weights must be refreshed on load"
    );

    let mut paper = Model::from_config(nn::lenet5_paper(), 1).unwrap();
    let e = paper.load_weights(&saved).unwrap_err();
    assert!(matches!(e, EngineError::Mismatch(_)), "{e}");
    assert!(e.to_string().contains("layer"), "{e}");
    let mut other = nn::lenet5_modern();
    if let LayerConfig::Dense { units, .. } = &mut other.layers[7] {
        *units = 100;
    }
    let mut c = Model::from_config(other, 0).unwrap();
    assert!(matches!(
        c.load_weights(&saved),
        Err(EngineError::Mismatch(_))
    ));
    let bad_version = saved.replacen("\"version\":1", "\"version\":99", 1);
    assert!(matches!(
        b.load_weights(&bad_version),
        Err(EngineError::Format(_))
    ));
    let bad_shape = saved.replacen("[5,5,1,6]", "[5,5,6,1]", 1);
    let e = b.load_weights(&bad_shape).unwrap_err();
    assert!(
        matches!(e, EngineError::Mismatch(_)) && e.to_string().contains("0.weight"),
        "{e}"
    );
    assert!(matches!(
        b.load_weights("{not json"),
        Err(EngineError::Format(_))
    ));
}

/// 8x8 images of a bright bar in one of 4 places (plus noise): learnable in a few dozen steps.
fn bars(n: usize, seed: u64) -> (Tensor, Vec<usize>) {
    let mut rng = Rng::new(seed);
    let mut data = rng.uniform_vec(n * 64, 0.0, 0.3);
    let labels: Vec<usize> = (0..n).map(|i| i % 4).collect();
    for (i, &l) in labels.iter().enumerate() {
        for t in 0..8 {
            let (y, x) = match l {
                0 => (1, t),
                1 => (6, t),
                2 => (t, 1),
                _ => (t, 6),
            };
            data[i * 64 + y * 8 + x] += 1.0;
        }
    }
    (tensor::from_vec(&[n, 8, 8, 1], data).unwrap(), labels)
}

fn train(cfg: ModelConfig, opt: OptimizerConfig, steps: usize) -> (f32, f32, Model) {
    let (x, y) = bars(32, 9);
    let mut m = Model::from_config(cfg, 4).unwrap();
    let mut o = Optimizer::new(opt);
    let first = m.train_step(&x, &y, &mut o).unwrap().loss;
    let mut last = first;
    for _ in 0..steps {
        last = m.train_step(&x, &y, &mut o).unwrap().loss;
    }
    (first, last, m)
}

#[test]
fn training_drives_the_loss_down() {
    let cnn = nn::small_cnn([8, 8, 1], 2, 4, Activation::Relu, false, 4);
    let (a, b, mut m) = train(
        cnn,
        OptimizerConfig::Sgd {
            lr: 0.05,
            momentum: 0.9,
            weight_decay: 1e-4,
        },
        60,
    );
    assert!(b < 0.5 * a, "sgd cnn: {a} -> {b}");
    let (x, y) = bars(64, 10);
    let ev = m.evaluate(&x, &y, 10).unwrap();
    assert!(ev.accuracy > 0.9, "{ev:?}");
    assert_eq!(ev.confusion.iter().flatten().sum::<usize>(), 64);

    let res = nn::small_cnn([8, 8, 1], 2, 4, Activation::Relu, true, 4);
    let (a, b, _) = train(res, OptimizerConfig::adam(0.01), 40);
    assert!(b < 0.5 * a, "adam residual cnn: {a} -> {b}");

    let mut flat = nn::mlp(64, 3, 16, Activation::Tanh, true, 4);
    flat.input = vec![8, 8, 1];
    let (a, b, _) = train(flat, OptimizerConfig::adam(0.01), 40);
    assert!(b < 0.5 * a, "adam residual mlp: {a} -> {b}");
}

#[test]
fn per_layer_gradient_norms_for_the_vanishing_gradient_lesson() {
    let mut rng = Rng::new(1);
    let x = batch(&mut rng, 16, &[20]);
    let y: Vec<usize> = (0..16).map(|i| i % 2).collect();
    let norms = |residual| {
        let mut m =
            Model::from_config(nn::mlp(20, 12, 16, Activation::Sigmoid, residual, 2), 3).unwrap();
        m.loss_and_grads(&x, &y, false).unwrap();
        m.grad_norms()
    };
    let plain = norms(false);
    let dense: Vec<f64> = plain
        .iter()
        .filter(|g| g.label.starts_with("dense"))
        .map(|g| g.param_grad_norm)
        .collect();
    assert_eq!(dense.len(), 13);
    // Sigmoid chains shrink the gradient towards the input (the lesson's point).
    assert!(dense[0] < 1e-2 * dense[11], "{dense:?}");
    let res = norms(true);
    assert!(res.iter().all(|g| g.param_grad_norm.is_finite()));
    assert!(
        res[0].param_grad_norm > 10.0 * dense[0],
        "residual keeps early gradients alive"
    );
}

#[test]
fn relu_fusion_changes_only_the_reported_pre_activation() {
    let x = batch(&mut Rng::new(8), 2, &[32, 32, 1]);
    let mut a = Model::from_config(nn::lenet5_modern(), 3).unwrap();
    let mut b = a.clone();
    b.set_fuse_relu(false);
    let la = a.loss_and_grads(&x, &[1, 2], true).unwrap().loss;
    let lb = b.loss_and_grads(&x, &[1, 2], true).unwrap().loss;
    assert!((la - lb).abs() < 1e-6);
    assert!(a.activation(0).unwrap().iter().all(|&v| v >= 0.0));
    assert!(
        b.activation(0).unwrap().iter().any(|&v| v < 0.0),
        "unfused: pre-ReLU conv output"
    );
    assert_eq!(a.activation(1), b.activation(1));
    for (pa, pb) in a.params().iter().zip(b.params()) {
        assert_eq!(pa.grad, pb.grad);
    }
}

//! LeNet-5 as in LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document
//! recognition", Proc. IEEE 86(11), 1998, Sec. II-B and Table I.
//!
//! Per-layer figures the paper states (params / connections):
//! C1 156 / 122,304; S2 12 / 5,880; C3 1,516 / 151,600; S4 32 / 2,000; C5 48,120 / 48,120;
//! F6 10,164 / (10,164). Their sum is exactly 60,000, the paper's "60,000 trainable
//! parameters". The output layer's 10 RBF units have 84 x 10 = 840 parameters that were "chosen
//! by hand and kept fixed (at least initially)" (Sec. II-B), so they are `fixed_params`, not
//! trainable: 60,840 parameters in all.

use crate::lessons::arch::build::VALID;
use crate::lessons::arch::layer::{Activation, Layer, Network, Shape};

/// Table I: which S2 maps (rows 0..5) each C3 map (0..15) takes as input. "The first six C3
/// feature maps take inputs from every contiguous subsets of three feature maps in S2. The next
/// six take input from every contiguous subset of four. The next three take input from some
/// discontinuous subsets of four. Finally the last one takes input from all S2 feature maps."
pub fn c3_table() -> Vec<Vec<usize>> {
    let mut t: Vec<Vec<usize>> = Vec::with_capacity(16);
    for j in 0..6 {
        t.push((0..3).map(|d| (j + d) % 6).collect());
    }
    for j in 0..6 {
        t.push((0..4).map(|d| (j + d) % 6).collect());
    }
    t.push(vec![0, 1, 3, 4]);
    t.push(vec![1, 2, 4, 5]);
    t.push(vec![0, 2, 3, 5]);
    t.push((0..6).collect());
    t
}

pub fn lenet5() -> Network {
    let squash = Activation::ScaledTanh;
    Network {
        id: "lenet5".into(),
        name: "LeNet-5".into(),
        source: "LeCun et al. 1998, Proc. IEEE, Sec. II-B, Fig. 2, Table I (32x32 input)".into(),
        input: Shape::new(1, 32, 32),
        layers: vec![
            Layer::conv("C1", 6, 5, 1, VALID).act(squash),
            Layer::subsample("S2", 2, 2).act(Activation::Sigmoid),
            Layer::conv("C3", 16, 5, 1, VALID)
                .table(c3_table())
                .act(squash),
            Layer::subsample("S4", 2, 2).act(Activation::Sigmoid),
            Layer::conv("C5", 120, 5, 1, VALID).act(squash),
            Layer::flatten("flatten"),
            Layer::dense("F6", 84).act(squash),
            Layer::rbf("output", 10, false),
        ],
        aux: Vec::new(),
    }
}

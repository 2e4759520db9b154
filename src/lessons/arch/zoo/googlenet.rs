//! GoogLeNet: Szegedy et al., "Going deeper with convolutions", CVPR 2015, Table 1, Fig. 3 and
//! Sec. 5 (auxiliary classifiers).
//!
//! Pools are 3x3/2 with Caffe's ceil rounding (112 -> 56 -> 28 -> 14 -> 7, as Table 1 states);
//! LRN after pool1 and conv2 as in Fig. 3. The auxiliary classifiers (5x5/3 average pool, 1x1
//! conv 128, fc 1024, 70% dropout, fc 1000) hang off inception (4a) and (4d); they are used in
//! training only and are counted separately from the main path.

use crate::lessons::arch::inception::{reduced_module, InceptionParams};
use crate::lessons::arch::layer::{AuxHead, Layer, Network, PoolMode, Shape};

/// Inception modules in order, with the max pools between stages.
pub const MODULES: [&str; 9] = ["3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"];

fn aux_head(name: &str, after: &str) -> AuxHead {
    AuxHead {
        name: name.into(),
        attach_after: after.into(),
        layers: vec![
            Layer::pool("pool", PoolMode::Avg, 5, 3, 0),
            Layer::conv("conv", 128, 1, 1, 0).relu(),
            Layer::flatten("flatten"),
            Layer::dense("fc1", 1024).relu(),
            Layer::dropout("drop", 0.7),
            Layer::dense("fc2", 1000),
            Layer::softmax("prob"),
        ],
    }
}

pub fn googlenet() -> Network {
    let mut layers = vec![
        Layer::conv("conv1", 64, 7, 2, 3).relu(),
        Layer::max_pool("pool1", 3, 2).ceil_mode(),
        Layer::lrn("norm1", 5),
        Layer::conv("conv2_reduce", 64, 1, 1, 0).relu(),
        Layer::conv("conv2", 192, 3, 1, 1).relu(),
        Layer::lrn("norm2", 5),
        Layer::max_pool("pool2", 3, 2).ceil_mode(),
    ];
    for m in MODULES {
        let p = InceptionParams::table1(m).expect("Table 1 module");
        layers.push(reduced_module(format!("inception_{m}"), &p));
        match m {
            "3b" => layers.push(Layer::max_pool("pool3", 3, 2).ceil_mode()),
            "4e" => layers.push(Layer::max_pool("pool4", 3, 2).ceil_mode()),
            _ => {}
        }
    }
    layers.extend([
        Layer::pool("pool5", PoolMode::Avg, 7, 1, 0),
        Layer::dropout("drop", 0.4),
        Layer::flatten("flatten"),
        Layer::dense("fc", 1000),
        Layer::softmax("prob"),
    ]);
    Network {
        id: "googlenet".into(),
        name: "GoogLeNet (Inception v1)".into(),
        source: "Szegedy et al. 2015, CVPR, Table 1, Fig. 3, Sec. 5".into(),
        input: Shape::new(3, 224, 224),
        layers,
        aux: vec![
            aux_head("aux1", "inception_4a"),
            aux_head("aux2", "inception_4d"),
        ],
    }
}

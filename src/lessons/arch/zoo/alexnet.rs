//! AlexNet: Krizhevsky, Sutskever & Hinton, "ImageNet classification with deep convolutional
//! neural networks", NIPS 2012, Sec. 3.5 and Fig. 2.
//!
//! `alexnet` is the paper's two-tower network (two GPUs): conv2, conv4 and conv5 only see the
//! kernel maps on their own GPU, modelled as `groups: 2`; conv3 and the dense layers connect
//! across. The paper says 224x224 input, but its arithmetic (conv1 11x11/4 -> 55x55) needs
//! 227x227 with no padding ((227 - 11) / 4 + 1 = 55), so the input is 227. Parameters:
//! 60,965,224 (the paper's "60 million").
//!
//! `alexnet_tv` is torchvision's single-tower variant (64, 192, 384, 256, 256 filters, after
//! Krizhevsky 2014, "One weird trick for parallelizing convolutional neural networks"), 224x224
//! input with conv1 padding 2: 61,100,840 parameters.

use crate::lessons::arch::layer::{Layer, Network, PoolMode, Shape};

pub fn alexnet() -> Network {
    Network {
        id: "alexnet".into(),
        name: "AlexNet (two towers, 2012 paper)".into(),
        source: "Krizhevsky et al. 2012, NIPS, Sec. 3.5, Fig. 2; 227x227 input (see note)".into(),
        input: Shape::new(3, 227, 227),
        layers: vec![
            Layer::conv("conv1", 96, 11, 4, 0).relu(),
            Layer::lrn("norm1", 5),
            Layer::max_pool("pool1", 3, 2),
            Layer::conv("conv2", 256, 5, 1, 2).groups(2).relu(),
            Layer::lrn("norm2", 5),
            Layer::max_pool("pool2", 3, 2),
            Layer::conv("conv3", 384, 3, 1, 1).relu(),
            Layer::conv("conv4", 384, 3, 1, 1).groups(2).relu(),
            Layer::conv("conv5", 256, 3, 1, 1).groups(2).relu(),
            Layer::max_pool("pool5", 3, 2),
            Layer::flatten("flatten"),
            Layer::dense("fc6", 4096).relu(),
            Layer::dropout("drop6", 0.5),
            Layer::dense("fc7", 4096).relu(),
            Layer::dropout("drop7", 0.5),
            Layer::dense("fc8", 1000),
            Layer::softmax("prob"),
        ],
        aux: Vec::new(),
    }
}

pub fn alexnet_tv() -> Network {
    Network {
        id: "alexnet_tv".into(),
        name: "AlexNet (single tower, torchvision)".into(),
        source: "torchvision.models.alexnet, after Krizhevsky 2014 (arXiv:1404.5997)".into(),
        input: Shape::new(3, 224, 224),
        layers: vec![
            Layer::conv("conv1", 64, 11, 4, 2).relu(),
            Layer::max_pool("pool1", 3, 2),
            Layer::conv("conv2", 192, 5, 1, 2).relu(),
            Layer::max_pool("pool2", 3, 2),
            Layer::conv("conv3", 384, 3, 1, 1).relu(),
            Layer::conv("conv4", 256, 3, 1, 1).relu(),
            Layer::conv("conv5", 256, 3, 1, 1).relu(),
            Layer::max_pool("pool5", 3, 2),
            Layer::grid_pool("avgpool", PoolMode::Avg, 6, 6),
            Layer::flatten("flatten"),
            Layer::dropout("drop6", 0.5),
            Layer::dense("fc6", 4096).relu(),
            Layer::dropout("drop7", 0.5),
            Layer::dense("fc7", 4096).relu(),
            Layer::dense("fc8", 1000),
            Layer::softmax("prob"),
        ],
        aux: Vec::new(),
    }
}

//! The three classification networks of Goodfellow, Bengio & Courville, "Deep Learning", MIT
//! Press 2016, Fig. 9.11, on a 256x256x3 image.
//!
//! The book gives shapes, not kernels. Chosen here: every convolution is 3x3 with "same"
//! padding (so 256x256 and 64x64 are kept) and ReLU; "pooling with stride 4" is 4x4 max pooling
//! with stride 4 (256 -> 64 -> 16); (b)'s "pooling to a 3x3 grid" is adaptive max pooling
//! (16 -> 3 with bins of 5 or 6); (c)'s last convolution is also 3x3 "same" with 1,000
//! filters, followed by global average pooling. With these choices (b) and (c) have the same
//! number of parameters (3*3*64*1000 + 1000 = 576*1000 + 1000), and (a) 28x more.

use crate::lessons::arch::build::SAME;
use crate::lessons::arch::layer::{Layer, Network, PoolMode, Shape};

/// The shared trunk: conv+ReLU 256x256x64, pool /4 64x64x64, conv+ReLU 64x64x64, pool /4
/// 16x16x64.
fn trunk() -> Vec<Layer> {
    vec![
        Layer::conv("conv1", 64, 3, 1, SAME).relu(),
        Layer::pool("pool1", PoolMode::Max, 4, 4, 0),
        Layer::conv("conv2", 64, 3, 1, SAME).relu(),
        Layer::pool("pool2", PoolMode::Max, 4, 4, 0),
    ]
}

/// `variant` 'a', 'b' or 'c' (anything else gives 'a').
pub fn fig911(variant: char) -> Network {
    let mut layers = trunk();
    let (v, what) = match variant {
        'b' => {
            layers.extend([
                Layer::grid_pool("pool3", PoolMode::Max, 3, 3),
                Layer::flatten("reshape"),
                Layer::dense("fc", 1000),
            ]);
            ('b', "pool to a 3x3 grid, reshape to 576, fc 1,000")
        }
        'c' => {
            layers.extend([
                Layer::conv("conv3", 1000, 3, 1, SAME),
                Layer::global_avg_pool("avgpool"),
            ]);
            (
                'c',
                "convolution to 16x16x1,000, average pooling to 1x1x1,000",
            )
        }
        _ => {
            layers.extend([Layer::flatten("reshape"), Layer::dense("fc", 1000)]);
            ('a', "reshape to 16,384, fc 1,000")
        }
    };
    layers.push(Layer::softmax("softmax"));
    Network {
        id: format!("fig911{v}"),
        name: format!("Fig. 9.11 ({v}): {what}"),
        source: "Goodfellow, Bengio & Courville 2016, Deep Learning, Fig. 9.11; kernels chosen \
                 here: 3x3 same convs, 4x4/4 max pools"
            .into(),
        input: Shape::new(3, 256, 256),
        layers,
        aux: Vec::new(),
    }
}

//! VGG: Simonyan & Zisserman, "Very deep convolutional networks for large-scale image
//! recognition", ICLR 2015, Table 1 configurations D (VGG-16) and E (VGG-19): 3x3 convs with
//! padding 1, 2x2/2 max pooling, fc 4096, 4096, 1000, 224x224 input.

use crate::lessons::arch::layer::{Layer, Network, Shape};

/// Convs per block for configurations D and E.
fn blocks(depth: usize) -> [usize; 5] {
    if depth == 19 {
        [2, 2, 4, 4, 4]
    } else {
        [2, 2, 3, 3, 3]
    }
}

/// `depth` 16 (configuration D) or 19 (E); anything else gives 16.
pub fn vgg(depth: usize) -> Network {
    let depth = if depth == 19 { 19 } else { 16 };
    let widths = [64, 128, 256, 512, 512];
    let mut layers = Vec::new();
    for (b, (&n, &w)) in blocks(depth).iter().zip(&widths).enumerate() {
        for i in 1..=n {
            layers.push(Layer::conv(format!("conv{}_{i}", b + 1), w, 3, 1, 1).relu());
        }
        layers.push(Layer::max_pool(format!("pool{}", b + 1), 2, 2));
    }
    layers.extend([
        Layer::flatten("flatten"),
        Layer::dense("fc6", 4096).relu(),
        Layer::dropout("drop6", 0.5),
        Layer::dense("fc7", 4096).relu(),
        Layer::dropout("drop7", 0.5),
        Layer::dense("fc8", 1000),
        Layer::softmax("prob"),
    ]);
    let config = if depth == 19 { "E" } else { "D" };
    Network {
        id: format!("vgg{depth}"),
        name: format!("VGG-{depth}"),
        source: format!("Simonyan & Zisserman 2015, ICLR, Table 1 configuration {config}"),
        input: Shape::new(3, 224, 224),
        layers,
        aux: Vec::new(),
    }
}

//! VGG-16 and VGG-19: Simonyan & Zisserman, ICLR 2015, configurations D and E.

use cnn_lab::lessons::arch::{flops, report, Shape};

/// The slide's VGG-16 figure: 224x224x3 -> 224x224x64 -> 112x112x128 -> 56x56x256 -> 28x28x512
/// -> 14x14x512 -> 7x7x512 -> 1x1x4096 -> 1x1x4096 -> 1x1x1000.
#[test]
fn vgg16_slide_shapes() {
    let r = report("vgg16").unwrap();
    let expect = [
        ("conv1_2", Shape::new(64, 224, 224)),
        ("conv2_2", Shape::new(128, 112, 112)),
        ("conv3_3", Shape::new(256, 56, 56)),
        ("conv4_3", Shape::new(512, 28, 28)),
        ("conv5_3", Shape::new(512, 14, 14)),
        ("pool5", Shape::new(512, 7, 7)),
        ("fc6", Shape::new(4096, 1, 1)),
        ("fc7", Shape::new(4096, 1, 1)),
        ("fc8", Shape::new(1000, 1, 1)),
    ];
    for (name, shape) in expect {
        assert_eq!(r.row(name).unwrap().output, shape, "{name}");
    }
    // Receptive fields: conv5_3 196 pixels (13 3x3 convs and 4 2x2 pools at cumulative strides
    // 1, 2, 4, 8, 16), pool5 212 (the figure usually quoted for VGG-16).
    assert_eq!(r.row("conv5_3").unwrap().rf, 196);
    assert_eq!(r.row("pool5").unwrap().rf, 212);
    assert_eq!(r.row("pool5").unwrap().jump, 32);
}

/// Parameters: torchvision vgg16 / vgg19 (`sum(p.numel())`): 138,357,544 and 143,667,240;
/// Table 2 of the paper rounds them to 138 and 144 million.
#[test]
fn parameters_exact() {
    let d = report("vgg16").unwrap();
    let e = report("vgg19").unwrap();
    assert_eq!(d.total_params(), 138_357_544);
    assert_eq!(e.total_params(), 143_667_240);
    assert_eq!((d.total_params() as f64 / 1e6).round(), 138.0);
    assert_eq!((e.total_params() as f64 / 1e6).round(), 144.0);
    // fc6 alone is 102,764,544 parameters: 74% of VGG-16.
    assert_eq!(d.row("fc6").unwrap().params, 102_764_544);
}

/// He et al. 2016, Fig. 3: "VGG-19 model [41] (19.6 billion FLOPs)", FLOPs meaning
/// multiply-adds (conv + fc weights, no biases). VGG-16: 15.47 G, the usual citation.
#[test]
fn multiply_adds() {
    let e = report("vgg19").unwrap();
    assert_eq!(e.total_macs(), 19_632_062_464);
    assert_eq!((e.total_macs() as f64 / 1e8).round() / 10.0, 19.6);
    let d = report("vgg16").unwrap();
    assert_eq!(d.total_macs(), 15_470_264_320);
    // The three fc layers are only 123.6 M of it.
    let fc: u64 = ["fc6", "fc7", "fc8"]
        .iter()
        .map(|n| e.row(n).unwrap().macs)
        .sum();
    assert_eq!(fc, 123_633_664);
}

/// 16 and 19 weight layers (Table 1); the slide's "13 conv + 2 fc" counts hidden fc only.
#[test]
fn layer_counts() {
    let d = report("vgg16").unwrap();
    assert_eq!((d.counts.conv, d.counts.fc, d.counts.fc_hidden), (13, 3, 2));
    assert_eq!(d.weight_layers(), 16);
    assert_eq!(report("vgg19").unwrap().weight_layers(), 19);
}

/// Where VGG-19's MACs go: 1.94 G at 224x224 and 2.77 G at 112x112, 24% of the total before
/// the first 56x56 layer; 6.47 G each at 56 and 28.
#[test]
fn macs_by_resolution() {
    let e = report("vgg19").unwrap();
    let by = flops::macs_by_resolution(&e);
    let sides: Vec<(usize, u64, usize)> =
        by.iter().map(|s| (s.h, s.macs, s.weight_layers)).collect();
    assert_eq!(
        sides,
        [
            (224, 1_936_392_192, 2),
            (112, 2_774_532_096, 2),
            (56, 6_473_908_224, 4),
            (28, 6_473_908_224, 4),
            (14, 1_849_688_064, 4),
            (1, 123_633_664, 3),
        ]
    );
    assert_eq!(flops::macs_at_or_above(&e, 112), 4_710_924_288);
}

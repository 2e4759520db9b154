//! AlexNet: Krizhevsky, Sutskever & Hinton, NIPS 2012, and torchvision's single-tower variant.

use cnn_lab::lessons::arch::{report, Shape};

/// The paper's two-tower network: Fig. 2's volumes (55x55x96 after conv1, 27x27x256 after
/// conv2, 13x13x384/384/256, 6x6x256 = 9,216 into fc6) on a 227x227 input (the paper's "224"
/// does not give 55 with an 11x11/4 conv; 227 does).
#[test]
fn two_tower_shapes() {
    let r = report("alexnet").unwrap();
    let shapes = [
        ("conv1", Shape::new(96, 55, 55)),
        ("pool1", Shape::new(96, 27, 27)),
        ("conv2", Shape::new(256, 27, 27)),
        ("pool2", Shape::new(256, 13, 13)),
        ("conv3", Shape::new(384, 13, 13)),
        ("conv4", Shape::new(384, 13, 13)),
        ("conv5", Shape::new(256, 13, 13)),
        ("pool5", Shape::new(256, 6, 6)),
        ("flatten", Shape::new(9_216, 1, 1)),
        ("fc6", Shape::new(4_096, 1, 1)),
        ("fc7", Shape::new(4_096, 1, 1)),
        ("fc8", Shape::new(1_000, 1, 1)),
    ];
    for (name, shape) in shapes {
        assert_eq!(r.row(name).unwrap().output, shape, "{name}");
    }
}

/// "The neural network has 60 million parameters" (Sec. 4). With the towers as groups of 2
/// (conv2, conv4, conv5 see only their own GPU's 48 / 192 / 192 maps): 60,965,224. Per layer:
/// conv1 96*(11*11*3)+96, conv2 256*(5*5*48)+256, conv3 384*(3*3*256)+384, conv4
/// 384*(3*3*192)+384, conv5 256*(3*3*192)+256, fc6 9216*4096+4096, fc7 4096*4096+4096,
/// fc8 4096*1000+1000.
#[test]
fn two_tower_parameters() {
    let r = report("alexnet").unwrap();
    let expect = [
        ("conv1", 34_944),
        ("conv2", 307_456),
        ("conv3", 885_120),
        ("conv4", 663_936),
        ("conv5", 442_624),
        ("fc6", 37_752_832),
        ("fc7", 16_781_312),
        ("fc8", 4_097_000),
    ];
    for (name, params) in expect {
        assert_eq!(r.row(name).unwrap().params, params, "{name}");
    }
    assert_eq!(r.total_params(), 60_965_224);
    // About 724 M multiply-adds for one 227x227 image (0.72 G is the usual citation).
    assert_eq!(r.total_macs(), 724_406_816);
}

/// torchvision.models.alexnet (single tower, 64-192-384-256-256, 224x224 input, adaptive 6x6
/// average pool): `sum(p.numel() for p in alexnet().parameters())` = 61,100,840.
#[test]
fn single_tower_torchvision() {
    let r = report("alexnet_tv").unwrap();
    assert_eq!(r.total_params(), 61_100_840);
    assert_eq!(r.row("pool5").unwrap().output, Shape::new(256, 6, 6));
    assert_eq!(r.total_macs(), 714_188_480);
}

/// "The net contains eight layers with weights; the first five are convolutional and the
/// remaining three are fully-connected" (Sec. 3.5). The slide's "5 conv + 2 fc" counts only the
/// hidden fc layers.
#[test]
fn eight_weight_layers() {
    let r = report("alexnet").unwrap();
    assert_eq!(r.weight_layers(), 8);
    assert_eq!((r.counts.conv, r.counts.fc, r.counts.fc_hidden), (5, 3, 2));
}

/// "Why did 8 layers win ImageNet 2012?": ReLU, two GPUs, LRN, overlapping pooling, data
/// augmentation and dropout, with the paper's numbers (Krizhevsky et al. 2012, Sec. 3-7).
#[test]
fn why_eight_layers_won_is_answered() {
    use cnn_lab::lessons::arch::answers::alexnet_why_won;
    let a = alexnet_why_won().join(" ");
    for needle in [
        "ReLU (Sec. 3.1)",
        "six times faster",
        "Two GPUs (Sec. 3.2)",
        "1.7% and 1.2%",
        "Local response normalisation (Sec. 3.3): top-1 and top-5 error down 1.4% and 1.2%",
        "Overlapping pooling (Sec. 3.4",
        "0.4% and 0.3%",
        "Data augmentation (Sec. 4.1)",
        "2048 times",
        "Dropout (Sec. 4.2)",
        "probability 0.5",
        "15.3% top-5",
        "26.2%",
        "61.0 M parameters",
    ] {
        assert!(a.contains(needle), "missing {needle:?} in {a}");
    }
}

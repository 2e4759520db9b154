//! The three networks of Goodfellow, Bengio & Courville, "Deep Learning" (2016), Fig. 9.11, as
//! the lecture's slide shows them (section 8). Kernels are this app's choice (3x3 "same" convs,
//! 4x4/4 max pools): the book gives only the shapes, which are what these tests check.

use cnn_lab::lessons::arch::{report, Shape};

fn shapes(id: &str) -> Vec<Shape> {
    report(id)
        .unwrap()
        .layers
        .iter()
        .map(|l| l.output)
        .collect()
}

/// The shared trunk: 256x256x3 -> conv+ReLU 256x256x64 -> pool stride 4 64x64x64 -> conv+ReLU
/// 64x64x64 -> pool stride 4 16x16x64.
const TRUNK: [Shape; 4] = [
    Shape::new(64, 256, 256),
    Shape::new(64, 64, 64),
    Shape::new(64, 64, 64),
    Shape::new(64, 16, 16),
];

#[test]
fn a_reshape_to_16384_units() {
    let s = shapes("fig911a");
    assert_eq!(s[..4], TRUNK);
    assert_eq!(
        s[4..],
        [
            Shape::new(16_384, 1, 1),
            Shape::new(1_000, 1, 1),
            Shape::new(1_000, 1, 1)
        ]
    );
    let r = report("fig911a").unwrap();
    assert_eq!(r.input, Shape::new(3, 256, 256));
    // 3*9*64+64 + 64*9*64+64 + 16,384*1,000+1,000.
    assert_eq!(r.total_params(), 1_792 + 36_928 + 16_385_000);
}

#[test]
fn b_pool_to_3x3_grid_576_units() {
    let s = shapes("fig911b");
    assert_eq!(s[..4], TRUNK);
    assert_eq!(
        s[4..],
        [
            Shape::new(64, 3, 3),
            Shape::new(576, 1, 1),
            Shape::new(1_000, 1, 1),
            Shape::new(1_000, 1, 1)
        ]
    );
    assert_eq!(
        report("fig911b").unwrap().total_params(),
        1_792 + 36_928 + 577_000
    );
}

#[test]
fn c_convolution_to_16x16x1000_then_average() {
    let s = shapes("fig911c");
    assert_eq!(s[..4], TRUNK);
    assert_eq!(
        s[4..],
        [
            Shape::new(1_000, 16, 16),
            Shape::new(1_000, 1, 1),
            Shape::new(1_000, 1, 1)
        ]
    );
    let r = report("fig911c").unwrap();
    // With a 3x3 last conv, (c) has exactly (b)'s parameter count: 3*3*64 = 576 inputs per unit.
    assert_eq!(r.total_params(), report("fig911b").unwrap().total_params());
    // (c) has no fully connected layer at all.
    assert_eq!((r.counts.conv, r.counts.fc), (3, 0));
    assert_eq!(r.row("avgpool").unwrap().kind, "global_avg_pool");
}

/// Receptive fields: the trunk's units see 26x26 pixels (3, +3, +8, +12 at jump 16); (a)'s fc
/// spans all 16 positions: 26 + 15*16 = 266 (more than 256: padding included).
#[test]
fn receptive_fields() {
    let r = report("fig911a").unwrap();
    let rf: Vec<usize> = r.layers.iter().map(|l| l.rf).collect();
    assert_eq!(rf[..4], [3, 6, 14, 26]);
    assert_eq!(r.row("fc").unwrap().rf, 266);
}

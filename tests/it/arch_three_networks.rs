//! The three networks of Goodfellow, Bengio & Courville, "Deep Learning" (2016), Fig. 9.11, as
//! the lecture's slide shows them (section 8). Kernels are this app's choice (3x3 "same" convs,
//! 4x4/4 max pools): the book gives only the shapes, which are what these tests check.

use cnn_lab::lessons::arch::{report, LayerKind, Shape};

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
    assert_eq!(r.row("avgpool").unwrap().kind, LayerKind::GlobalAvgPool);
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

/// The book's (c) ends with "Output of convolution: 16x16x1,000": no ReLU on that step, while
/// the trunk's two convolutions are "convolution + ReLU" (every conv step said "+ ReLU").
#[test]
fn c_last_convolution_has_no_relu() {
    use cnn_lab::lessons::arch::fig911::op_words;
    use cnn_lab::lessons::arch::zoo::fig911;
    let net = fig911('c');
    let r = report("fig911c").unwrap();
    let words: Vec<String> = r
        .layers
        .iter()
        .filter(|l| l.kind == LayerKind::Conv)
        .map(|l| op_words(&net, l))
        .collect();
    assert_eq!(words.len(), 3);
    assert!(words[0].starts_with("convolution + ReLU"));
    assert!(words[1].starts_with("convolution + ReLU"));
    assert!(words[2].starts_with("convolution, no ReLU"), "{}", words[2]);
}

/// (a)'s classifier holds 99.76% of its parameters: printed "99.8%", never "100%".
#[test]
fn classifier_share_never_prints_100() {
    use cnn_lab::lessons::arch::fig911::{classifier_share, why_answer};
    let s = classifier_share(&report("fig911a").unwrap());
    assert!(s > 0.997 && s < 0.998, "{s}");
    let t = why_answer();
    assert!(
        t.contains("16,385,000 weights and biases, 99.8% of the whole network"),
        "{t}"
    );
    assert!(!t.contains("100%"), "{t}");
}

/// The figure's point: (b) and (c) take any image size, (a) does not (its fc layer fixes it).
#[test]
fn b_and_c_accept_any_size() {
    use cnn_lab::lessons::arch::fig911::{any_size_answer, sizes};
    let rows = sizes(&[256, 320, 512]);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter().map(|r| r.a_units).collect::<Vec<_>>(),
        [16_384, 25_600, 65_536]
    );
    for r in &rows {
        assert_eq!(r.params[1], rows[0].params[1], "(b) at {}", r.side);
        assert_eq!(r.params[2], rows[0].params[2], "(c) at {}", r.side);
    }
    assert!(rows[2].params[0] > rows[0].params[0]);
    let t = any_size_answer();
    assert!(
        t.contains("(b) and (c) accept an image of any size, (a) does not"),
        "{t}"
    );
    assert!(
        t.contains("The fully connected layer fixes the input size."),
        "{t}"
    );
    assert!(t.contains("a 512x512 image gives 65,536 units"), "{t}");
}

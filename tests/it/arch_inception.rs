//! Inception module cost (naive vs with dimension reduction), against hand computation and
//! against the general calculator run on the same module as layers.

use cnn_lab::lessons::arch::{
    analyze_layers,
    inception::{inception_cost, naive_module, reduced_module, InceptionParams},
    ArchError, Shape,
};

/// Inception (3a) on 28x28x192 (Szegedy et al. 2015, Table 1): 64, 96, 128, 16, 32, 32.
///
/// Naive: 1x1x192x64 + 3x3x192x128 + 5x5x192x32 = 12,288 + 221,184 + 153,600 = 387,072 weights
/// per position; x 784 positions = 303,464,448 MACs; + 224 biases = 387,296 params; output
/// 64 + 128 + 32 + 192 = 416 channels.
///
/// Reduced: 192x64 + 192x96 + 9x96x128 + 192x16 + 25x16x32 + 192x32 = 12,288 + 18,432 +
/// 110,592 + 3,072 + 12,800 + 6,144 = 163,328 weights; x 784 = 128,049,152 MACs (Table 1: 128 M);
/// + 368 biases = 163,696 params; output 256 channels.
#[test]
fn inception_3a_by_hand() {
    let p = InceptionParams::default();
    assert_eq!((p.h, p.w, p.c), (28, 28, 192));
    assert_eq!(
        (p.b1, p.b3r, p.b3, p.b5r, p.b5, p.pp),
        (64, 96, 128, 16, 32, 32)
    );
    let c = inception_cost(&p).unwrap();
    assert_eq!(c.naive_macs, 303_464_448);
    assert_eq!(c.naive_params, 387_296);
    assert_eq!(c.reduced_macs, 128_049_152);
    assert_eq!(c.reduced_params, 163_696);
    assert_eq!((c.naive_out_channels, c.reduced_out_channels), (416, 256));
    let macs: Vec<u64> = c.reduced.iter().map(|b| b.macs).collect();
    assert_eq!(
        macs,
        [9_633_792, 14_450_688, 86_704_128, 2_408_448, 10_035_200, 4_816_896]
    );
    // The 5x5 branch alone: 120,422,400 naive vs 2,408,448 + 10,035,200 reduced (9.7x less).
    assert_eq!(c.naive[2].macs, 120_422_400);
}

/// The cost calculator and the general calculator agree on every Table 1 module, both variants.
#[test]
fn agrees_with_the_layer_calculator() {
    for m in ["3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"] {
        let p = InceptionParams::table1(m).unwrap();
        let c = inception_cost(&p).unwrap();
        let input = Shape::new(p.c, p.h, p.w);
        let red = analyze_layers(input, &[reduced_module("m", &p)]).unwrap();
        let naive = analyze_layers(input, &[naive_module("m", &p)]).unwrap();
        assert_eq!(red.total_macs(), c.reduced_macs, "{m}");
        assert_eq!(red.total_params(), c.reduced_params, "{m}");
        assert_eq!(naive.total_macs(), c.naive_macs, "{m}");
        assert_eq!(naive.total_params(), c.naive_params, "{m}");
        assert_eq!(
            red.output,
            Shape::new(c.reduced_out_channels, p.h, p.w),
            "{m}"
        );
        assert_eq!(
            naive.output,
            Shape::new(c.naive_out_channels, p.h, p.w),
            "{m}"
        );
    }
}

/// The slide's "a 3x3 filter on d1 x d2 x 3 gives (d1-2) x (d2-2); m filters give m channels".
#[test]
fn valid_3x3_on_d1_d2_3() {
    use cnn_lab::lessons::arch::Layer;
    for (d1, d2, m) in [(5, 7, 1), (32, 32, 16), (3, 3, 4)] {
        let r = analyze_layers(Shape::new(3, d1, d2), &[Layer::conv("f", m, 3, 1, 0)]).unwrap();
        assert_eq!(r.output, Shape::new(m, d1 - 2, d2 - 2));
    }
}

#[test]
fn zero_widths_are_errors() {
    let p = InceptionParams {
        b5r: 0,
        ..InceptionParams::default()
    };
    let e = inception_cost(&p).unwrap_err();
    assert_eq!(
        e,
        ArchError::BadParam {
            what: "b5r",
            value: 0
        }
    );
    assert!(e.to_string().contains("b5r"));
}

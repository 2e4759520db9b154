use super::*;
use crate::engine::nn::{lenet5_modern, lenet5_paper, mlp};
use crate::state;

/// LeNet-5's layers, shapes and the layers they show.
#[test]
fn lenet_layers() {
    for config in [lenet5_modern(), lenet5_paper()] {
        let net = inside_layers(&config).unwrap();
        let names: Vec<_> = net.layers.iter().map(|l| l.name.as_str()).collect();
        let fifth = if config.name.contains("paper") {
            "C5"
        } else {
            "F5"
        };
        assert_eq!(names, ["C1", "S2", "C3", "S4", fifth, "F6", "output"]);
        for (i, name) in names.iter().enumerate() {
            let id = LayerId::of_name(name).unwrap();
            assert_eq!(id.position(), i, "the URL's layer id of {name}");
        }
        let shapes: Vec<_> = net.layers.iter().map(|l| l.shape).collect();
        assert_eq!(
            shapes,
            [
                (28, 28, 6),
                (14, 14, 6),
                (10, 10, 16),
                (5, 5, 16),
                (1, 1, 120),
                (1, 1, 84),
                (1, 1, 10)
            ]
        );
        assert!(net.stack.widths.starts_with(&[32, 28, 14, 10, 5]));
    }
    let modern = inside_layers(&lenet5_modern()).unwrap();
    // C1 shows conv + ReLU (layer 1), S2 the pooling (2), output the last dense (11).
    let shown: Vec<_> = modern.layers.iter().map(|l| l.shown_at).collect();
    assert_eq!(shown, [1, 2, 4, 5, 8, 10, 11]);
    let weights: Vec<_> = modern.layers.iter().map(|l| l.weights_at).collect();
    assert_eq!(
        weights,
        [Some(0), None, Some(3), None, Some(7), Some(9), Some(11)]
    );
    let paper = inside_layers(&lenet5_paper()).unwrap();
    let shown: Vec<_> = paper.layers.iter().take(4).map(|l| l.shown_at).collect();
    assert_eq!(
        shown,
        [1, 3, 5, 7],
        "the paper's subsampling is followed by its squashing"
    );
    assert!(inside_layers(&mlp(
        784,
        2,
        10,
        crate::engine::ops::Activation::Relu,
        false,
        10
    ))
    .is_err());
}

/// A plain back-projection, independent of the lesson's code: interval `[a, b]` through a
/// layer of kernel k, stride s, padding p becomes `[a s - p, b s - p + k - 1]`.
fn by_hand(layers: &[(usize, usize, usize)], unit: usize) -> (i64, i64) {
    let mut span = (unit as i64, unit as i64);
    for &(k, s, p) in layers.iter().rev() {
        let (k, s, p) = (k as i64, s as i64, p as i64);
        span = (span.0 * s - p, span.1 * s - p + k - 1);
    }
    span
}

#[test]
fn unit_fields_agree_with_back_projection() {
    let net = inside_layers(&lenet5_modern()).unwrap();
    let spatial = [(5, 1, 0), (2, 2, 0), (5, 1, 0), (2, 2, 0)];
    for layer in net.layers.iter().filter(|l| l.depth.is_some()) {
        let d = layer.depth.unwrap();
        for (r, c) in [
            (0, 0),
            (layer.shape.0 - 1, 1),
            (layer.shape.0 / 2, layer.shape.1 - 1),
        ] {
            let f = net.unit_field(layer, r, c).unwrap();
            let (r0, r1) = by_hand(&spatial[..d], r);
            let (c0, c1) = by_hand(&spatial[..d], c);
            assert_eq!(
                f.rows,
                (r0 as usize, r1 as usize),
                "{} ({r}, {c})",
                layer.name
            );
            assert_eq!(f.cols, (c0 as usize, c1 as usize));
            assert_eq!(f.size as i64, r1 - r0 + 1);
        }
    }
    // C1: 5x5, C3: 14x14, S4: 16x16; a fully connected unit sees all 32x32.
    let side = |i: usize| net.unit_field(&net.layers[i], 0, 0).unwrap().size;
    assert_eq!([side(0), side(1), side(2), side(3)], [5, 6, 14, 16]);
    let f5 = net.unit_field(&net.layers[4], 0, 0).unwrap();
    assert_eq!((f5.rows, f5.cols, f5.size), ((0, 31), (0, 31), 32));
}

#[test]
fn tile_grid_locates_units() {
    let g = TileGrid::for_shape((10, 10, 16));
    assert_eq!((g.cols, g.rows(), g.size()), (8, 2, (87, 21)));
    assert_eq!(g.locate(0, 0), Some((0, 0, 0)));
    assert_eq!(g.locate(10, 0), None, "the gap between tiles");
    assert_eq!(g.locate(11 + 3, 11 + 9), Some((9, 9, 3)));
    assert_eq!(g.locate(86, 20), Some((15, 9, 9)));
    assert_eq!(g.locate(87, 0), None);
    for t in 0..16 {
        let (x, y) = g.origin(t);
        assert_eq!(g.locate(x + 2, y + 1), Some((t, 1, 2)));
    }
    let dense = TileGrid::for_shape((1, 1, 120));
    assert_eq!((dense.cols, dense.rows()), (11, 11));
    assert_eq!(dense.locate(2 * 2, 2), Some((13, 0, 0)));
    assert_eq!(dense.locate(2 * 10, 2 * 10), None, "past the last unit");
}

#[test]
fn url_state_and_clamping() {
    let (p, notes) = state::decode::<InsideParams>("image=12&layer=c3&unit=4&row=2&col=3&class=7");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!((p.image, p.layer, p.unit, p.class), (12, LayerId::C3, 4, 7));
    let (p, notes) = state::decode::<InsideParams>("image=99999&layer=zz&occ=4&occ_stride=9");
    assert_eq!((p.image, p.layer, p.occ_stride), (9999, LayerId::C1, 4));
    assert_eq!(notes.len(), 3, "{notes:?}");
    let net = inside_layers(&lenet5_modern()).unwrap();
    let c3 = &net.layers[LayerId::C3.position()];
    assert_eq!(clamp_unit(c3, 4, 2, 3), ((4, 2, 3), false));
    assert_eq!(clamp_unit(c3, 40, 20, -1), ((15, 9, 0), true));
}

use super::*;
use crate::lessons::arch::zoo::report;

#[test]
fn presets_are_fig911() {
    for v in ['a', 'b', 'c'] {
        let (rows, err) = analyze_prefix(FIG911_INPUT, &preset(v));
        assert!(err.is_none());
        let book = report(&format!("fig911{v}")).unwrap();
        let shapes = |r: &[LayerReport]| r.iter().map(|l| l.output).collect::<Vec<_>>();
        assert_eq!(shapes(&rows), shapes(&book.layers), "{v}");
        let params: u64 = rows.iter().map(|l| l.params).sum();
        assert_eq!(params, book.total_params(), "{v}");
    }
}

#[test]
fn round_trip_and_notes() {
    let blocks = preset('b');
    let text = encode(FIG911_INPUT, &blocks);
    assert_eq!(
        text,
        "in-256-256-3_conv-64-3-1-same_max-4-4_conv-64-3-1-same_max-4-4_grid-3-3_flat_\
         fc-1000_softmax"
    );
    assert_eq!(decode(&text), (FIG911_INPUT, blocks, Vec::new()));
    let (input, b, notes) = decode("in-32-32-1_conv-6-5-1-0_bogus_fc-99999_fc-x");
    assert_eq!(input, Shape::new(1, 32, 32));
    assert_eq!(
        b,
        vec![
            Block::Conv {
                out: 6,
                k: 5,
                s: 1,
                pad: Some(0)
            },
            Block::Fc { units: 4096 },
            Block::Fc { units: 1000 },
        ]
    );
    assert_eq!(notes.len(), 3, "{notes:?}");
}

#[test]
fn an_invalid_layer_is_named_and_earlier_shapes_kept() {
    // (a) without its reshape: the fc layer needs a flat input.
    let mut blocks = preset('a');
    blocks.remove(4);
    let (rows, err) = analyze_prefix(FIG911_INPUT, &blocks);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3].output, Shape::new(64, 16, 16));
    let (at, e) = err.unwrap();
    assert_eq!(at, 4);
    assert!(e.to_string().contains("`fc1`"), "{e}");
    assert!(e.to_string().contains("flatten"), "{e}");
    // A window larger than the map.
    let mut big = preset('a');
    big[3] = Block::MaxPool { k: 80, s: 4 };
    let (rows, err) = analyze_prefix(FIG911_INPUT, &big);
    assert_eq!((rows.len(), err.unwrap().0), (3, 3));
    // Names stay unique whatever the edit.
    let mut b = preset('c');
    b.insert(
        2,
        Block::Conv {
            out: 8,
            k: 1,
            s: 1,
            pad: Some(0),
        },
    );
    assert!(analyze_prefix(FIG911_INPUT, &b).1.is_none());
}

#[test]
fn numbers_edit_in_place() {
    let mut b = Block::of_kind("conv").unwrap();
    b.set_number(1, 5);
    b.set_number(0, 99_999);
    assert_eq!(
        b,
        Block::Conv {
            out: MAX_NUMBER,
            k: 5,
            s: 1,
            pad: None
        }
    );
    assert_eq!(b.numbers()[1], ("kernel", 5));
    for (t, _) in KINDS {
        assert_eq!(Block::of_kind(t).unwrap().token(), *t);
    }
}

/// (c)'s last convolution has no ReLU, and its menu label says so (it read "conv + ReLU").
#[test]
fn conv_before_global_pooling_is_labelled_without_relu() {
    let c = preset('c');
    let layers = to_layers(&c);
    assert!(layers[4].act.is_none() && layers[0].act.is_some());
    assert_eq!(
        option_label(&c, 4, "conv"),
        "conv, no ReLU (before global avg pool)"
    );
    assert_eq!(option_label(&c, 0, "conv"), "conv + ReLU");
    assert_eq!(option_label(&c, 4, "max"), "max pool");
}

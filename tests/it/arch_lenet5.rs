//! LeNet-5 against the numbers LeCun, Bottou, Bengio & Haffner print in "Gradient-based
//! learning applied to document recognition", Proc. IEEE 86(11), 1998, Sec. II-B.

use cnn_lab::lessons::arch::{report, zoo::c3_table, Shape};

/// Sec. II-B, layer by layer: (name, output, trainable parameters, connections).
const PAPER: [(&str, Shape, u64, u64); 6] = [
    ("C1", Shape::new(6, 28, 28), 156, 122_304),
    ("S2", Shape::new(6, 14, 14), 12, 5_880),
    ("C3", Shape::new(16, 10, 10), 1_516, 151_600),
    ("S4", Shape::new(16, 5, 5), 32, 2_000),
    // "C5 ... 48,120 trainable connections" (the same number as parameters: 1x1 output).
    ("C5", Shape::new(120, 1, 1), 48_120, 48_120),
    // "F6 ... 10,164 trainable parameters" (fully connected: connections = parameters).
    ("F6", Shape::new(84, 1, 1), 10_164, 10_164),
];

#[test]
fn every_layer_matches_section_ii_b() {
    let r = report("lenet5").unwrap();
    assert_eq!(r.input, Shape::new(1, 32, 32));
    for (name, shape, params, connections) in PAPER {
        let row = r.row(name).unwrap();
        assert_eq!(row.output, shape, "{name} shape");
        assert_eq!(row.params, params, "{name} params");
        assert_eq!(row.connections, connections, "{name} connections");
    }
    let out = r.row("output").unwrap();
    assert_eq!(out.output, Shape::new(10, 1, 1));
    assert_eq!(
        (out.params, out.fixed_params, out.connections),
        (0, 840, 840)
    );
}

/// "The network in figure 2 contains 340,908 connections, but only 60,000 trainable free
/// parameters because of the weight sharing" (Sec. II-B). The six trainable layers sum to
/// exactly 60,000; the output layer's 84 x 10 RBF parameters were "chosen by hand and kept fixed",
/// so they are counted apart (60,840 parameters in all). Connections include the output's 840.
#[test]
fn sixty_thousand_trainable_parameters_and_340908_connections() {
    let r = report("lenet5").unwrap();
    assert_eq!(r.totals.params, 60_000);
    assert_eq!(r.totals.fixed_params, 840);
    assert_eq!(r.totals.params + r.totals.fixed_params, 60_840);
    assert_eq!(r.totals.connections, 340_908);
    // Connections vs parameters: weight sharing makes C1 use 156 parameters for 122,304 links.
    let c1 = r.row("C1").unwrap();
    assert_eq!(c1.connections / c1.params, 784);
    // Multiply-adds: connections minus the bias links (C1: 784 * 6 * 25).
    assert_eq!(c1.macs, 117_600);
    assert_eq!(r.totals.macs, 332_824);
}

/// Table I: 6 maps see 3 contiguous S2 maps, 6 see 4 contiguous, 3 see 4 non-contiguous, 1 sees
/// all 6: 60 pairs, so 60 * 25 weights + 16 biases = 1,516.
#[test]
fn c3_connection_table() {
    let t = c3_table();
    assert_eq!(t.len(), 16);
    let sizes: Vec<usize> = t.iter().map(Vec::len).collect();
    assert_eq!(sizes, [3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6]);
    assert_eq!(sizes.iter().sum::<usize>() * 25 + 16, 1_516);
    // Row 0 of Table I (S2 map 0) has an X in columns 0, 4, 5, 6, 9, 10, 11, 12, 14, 15.
    let cols: Vec<usize> = (0..16).filter(|&j| t[j].contains(&0)).collect();
    assert_eq!(cols, [0, 4, 5, 6, 9, 10, 11, 12, 14, 15]);
    // Every S2 map feeds exactly 10 C3 maps (the table is balanced).
    for i in 0..6 {
        assert_eq!(
            t.iter().filter(|r| r.contains(&i)).count(),
            10,
            "S2 map {i}"
        );
    }
}

/// The slide's "LeNet-5: 3 conv + 2 fc" counts C1, C3, C5 and F6 + output.
#[test]
fn layer_counts_and_receptive_field() {
    let r = report("lenet5").unwrap();
    assert_eq!((r.counts.conv, r.counts.fc, r.counts.fc_hidden), (3, 2, 1));
    assert_eq!(r.weight_layers(), 5);
    assert_eq!(
        r.counts.describe(),
        "3 conv + 2 fc = 5 weight layers (1 hidden fc + output)"
    );
    // C5 sees the whole 32x32 input: 5 + 1*1 + 4*2 + 1*2 + 4*4 = 32.
    let rf: Vec<(usize, usize)> = ["C1", "S2", "C3", "S4", "C5"]
        .iter()
        .map(|n| {
            let row = r.row(n).unwrap();
            (row.rf, row.jump)
        })
        .collect();
    assert_eq!(rf, [(5, 1), (6, 2), (14, 2), (16, 4), (32, 4)]);
}

/// LeCun et al. 1998, Sec. II-B: "LeNet-5 comprises 7 layers, not counting the input, all of
/// which contain trainable parameters": S2 and S4 (12 and 32 parameters) count. The slide's
/// "3 conv + 2 fc" leaves them out; its 2 fc are F6 and the output layer. The page said the
/// paper gives no layer count and that pooling layers "are never counted".
#[test]
fn paper_counts_seven_layers_slide_five() {
    use cnn_lab::lessons::arch::conventions::{
        counting_explanation, counting_rows, layers_with_parameters,
    };
    let r = report("lenet5").unwrap();
    assert_eq!(
        layers_with_parameters(&r),
        ["C1", "S2", "C3", "S4", "C5", "F6", "output"]
    );
    assert_eq!(
        (r.row("S2").unwrap().params, r.row("S4").unwrap().params),
        (12, 32)
    );
    let rows = counting_rows();
    let le = rows.iter().find(|x| x.id == "lenet5").unwrap();
    assert_eq!((le.paper_count, le.conv, le.slide_fc), (7, 3, 2));
    assert_eq!(le.slide_fc_are, "F6 and output");
    assert!(!le.paper.contains("no layer count"));
    for (id, paper, hidden) in [("alexnet", 8, 2), ("vgg16", 16, 2)] {
        let x = rows.iter().find(|x| x.id == id).unwrap();
        assert_eq!((x.paper_count, x.slide_fc), (paper, hidden), "{id}");
    }
    let t = counting_explanation();
    assert!(
        !t.contains("never counted") && !t.contains("no layer count"),
        "{t}"
    );
    assert!(!t.contains("hidden fc layers only"), "{t}");
    assert!(
        t.contains("LeNet-5 has 7 (C1, S2, C3, S4, C5, F6 and the output)"),
        "{t}"
    );
    assert!(
        t.contains("(12 and 32 parameters, part of the 60,000)"),
        "{t}"
    );
    assert!(
        t.contains("for LeNet-5 the 2 fc are F6 and output (the output layer included)"),
        "{t}"
    );
    assert!(t.contains("the slide's convention gives 5"), "{t}");
    assert!(t.contains("AlexNet 8, VGG-16 16"), "{t}");
}

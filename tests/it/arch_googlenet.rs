//! GoogLeNet against Table 1 of Szegedy et al., "Going deeper with convolutions", CVPR 2015.

use cnn_lab::lessons::arch::{inception::InceptionParams, report, zoo::GOOGLENET_MODULES, Shape};

/// Table 1's rows: (row, output size, depth-wise "ops" column in millions).
const TABLE1: [(&str, Shape, u64); 12] = [
    ("conv1", Shape::new(64, 112, 112), 34),
    ("conv2", Shape::new(192, 56, 56), 360),
    ("inception_3a", Shape::new(256, 28, 28), 128),
    ("inception_3b", Shape::new(480, 28, 28), 304),
    ("inception_4a", Shape::new(512, 14, 14), 73),
    ("inception_4b", Shape::new(512, 14, 14), 88),
    ("inception_4c", Shape::new(512, 14, 14), 100),
    ("inception_4d", Shape::new(528, 14, 14), 119),
    ("inception_4e", Shape::new(832, 14, 14), 170),
    ("inception_5a", Shape::new(832, 7, 7), 54),
    ("inception_5b", Shape::new(1024, 7, 7), 71),
    ("fc", Shape::new(1000, 1, 1), 1),
];

#[test]
fn table1_output_sizes() {
    let r = report("googlenet").unwrap();
    for (row, shape, _) in TABLE1 {
        assert_eq!(r.row(row).unwrap().output, shape, "{row}");
    }
    // The pools between stages (Caffe ceil rounding): 56, 28, 14, 7, then 7x7 average -> 1.
    for (row, side) in [
        ("pool1", 56),
        ("pool2", 28),
        ("pool3", 14),
        ("pool4", 7),
        ("pool5", 1),
    ] {
        assert_eq!(r.row(row).unwrap().output.h, side, "{row}");
    }
}

/// The ops column (multiply-adds, in millions) is reproduced to within 1 M (the table rounds,
/// and truncates 4a's 73.6) for every row but two, where the table contradicts its own widths:
/// - conv1: 7x7x3 -> 64 at 112x112 is 118,013,952 MACs, not 34 M (its params cell, 2.7K, is
///   equally inconsistent with 7*7*3*64 = 9,408 weights);
/// - inception (5a): the listed widths (256, 160, 320, 32, 128, 128 on 832 channels) give
///   51,079,168 MACs, not 54 M.
///
/// The "conv2" row is the 1x1 reduction (64) plus the 3x3 (192): 12.8 M + 346.8 M = 359.7 M.
#[test]
fn table1_ops_column() {
    let r = report("googlenet").unwrap();
    for (row, _, ops) in TABLE1 {
        let mut macs = r.row(row).unwrap().macs;
        if row == "conv2" {
            macs += r.row("conv2_reduce").unwrap().macs;
        }
        let millions = macs as f64 / 1e6;
        match row {
            "conv1" => assert_eq!(macs, 118_013_952),
            "inception_5a" => assert_eq!(macs, 51_079_168),
            _ => assert!(
                (millions - ops as f64).abs() < 1.0,
                "{row}: {millions} M vs {ops} M"
            ),
        }
    }
}

/// Each module's parameters equal the hand formula from its Table 1 widths:
/// c*b1 + c*b3r + 9*b3r*b3 + c*b5r + 25*b5r*b5 + c*pp weights, plus one bias per filter.
/// (Table 1's params column is only approximate: e.g. 159K for 3a's 163,328 weights, 463K for
/// 4c's 509,440; the text's headline figures are the depth and the 1.5 G budget.)
#[test]
fn module_parameters_by_hand() {
    let r = report("googlenet").unwrap();
    for m in GOOGLENET_MODULES {
        let p = InceptionParams::table1(m).unwrap();
        let c = p.c;
        let weights =
            c * p.b1 + c * p.b3r + 9 * p.b3r * p.b3 + c * p.b5r + 25 * p.b5r * p.b5 + c * p.pp;
        let biases = p.b1 + p.b3r + p.b3 + p.b5r + p.b5 + p.pp;
        let row = r.row(&format!("inception_{m}")).unwrap();
        assert_eq!(row.params, (weights + biases) as u64, "{m}");
        assert_eq!(row.macs, (p.h * p.w * weights) as u64, "{m}");
    }
    assert_eq!(r.row("inception_3a").unwrap().params, 163_328 + 368);
}

/// Main path: 6,998,552 parameters, 1,582,671,872 multiply-adds. The paper: "a computational
/// budget of 1.5 billion multiply-adds at inference time" (Sec. 1); Table 1's ops column sums
/// to 1,502 M, the gap being conv1's misprint (84 M) and 5a's (-3 M).
#[test]
fn main_path_totals() {
    let r = report("googlenet").unwrap();
    assert_eq!(r.total_params(), 6_998_552);
    assert_eq!(r.total_macs(), 1_582_671_872);
    let table_sum: u64 = TABLE1.iter().map(|t| t.2).sum();
    assert_eq!(table_sum, 1_502);
    let corrected = table_sum as f64 - 34.0 - 54.0 + 118.013_952 + 51.079_168;
    assert!((r.total_macs() as f64 / 1e6 - corrected).abs() < 2.0);
}

/// "The network is 22 layers deep when counting only layers with parameters" (Sec. 5): conv1,
/// conv2 reduce, conv2, two per inception module (9), the classifier. 57 convs in all branches.
#[test]
fn twenty_two_layers() {
    let r = report("googlenet").unwrap();
    assert_eq!(r.weight_layers(), 22);
    assert_eq!(r.counts.conv, 21);
    assert_eq!(r.counts.conv_total, 57);
}

/// Sec. 5: auxiliary classifiers on (4a) and (4d): 5x5/3 average pool (4x4x512, 4x4x528), 1x1
/// conv 128, fc 1024, 70% dropout, fc 1000. Shown, but counted apart from the main path.
#[test]
fn auxiliary_classifiers_counted_separately() {
    let r = report("googlenet").unwrap();
    assert_eq!(r.aux.len(), 2);
    let (a1, a2) = (&r.aux[0], &r.aux[1]);
    assert_eq!(
        (a1.attach_after.as_str(), a2.attach_after.as_str()),
        ("inception_4a", "inception_4d")
    );
    assert_eq!(a1.layers[0].output, Shape::new(512, 4, 4));
    assert_eq!(a2.layers[0].output, Shape::new(528, 4, 4));
    assert_eq!(a1.layers[2].output, Shape::new(2048, 1, 1));
    assert_eq!(a1.output, Shape::new(1000, 1, 1));
    // 512*128+128 + 2048*1024+1024 + 1024*1000+1000.
    assert_eq!(a1.totals.params, 3_188_840);
    assert_eq!(a2.totals.params, 3_190_888);
    // Not in the main totals: main rows hold no aux layer.
    assert!(r.layers.iter().all(|l| !l.path.starts_with("aux")));
}

//! `lessons::receptive_field` against brute-force back-projection through random stacks.

use cnn_lab::lessons::receptive_field::{
    format_list, parse_list, Layer, RfError, RfParams, Stack, RECURRENCE,
};
use std::collections::BTreeSet;

/// SplitMix64, seeded: the stacks below are the same on every run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

#[test]
fn slide_defaults() {
    let stack = Stack::from_params(&RfParams::default()).unwrap();
    assert_eq!(stack.widths, vec![16; 4]);
    assert_eq!(stack.rf_sizes(), vec![1, 3, 5, 7]);
    let f = stack.field(3, 8).unwrap();
    assert_eq!((f.size, f.start, f.end), (7, Some(5), Some(11)));
    assert_eq!(f.per_layer[2].clipped, Some((7, 9)));
    assert_eq!(f.per_layer[0].exact, (5..=11).collect::<Vec<_>>());
    // A corner unit: the hull runs into padding, r still counts it.
    let f = stack.field(3, 0).unwrap();
    assert_eq!(
        (f.size, f.per_layer[0].span, f.start, f.end),
        (7, (-3, 3), Some(0), Some(3))
    );
    assert_eq!(
        stack.recurrence_text(),
        vec![
            "r_0 = 1",
            "r_1 = r_0 + (k_1 - 1) x d_1 x 1 = 1 + (3 - 1) x 1 x 1 = 3",
            "r_2 = r_1 + (k_2 - 1) x d_2 x s_1 = 3 + (3 - 1) x 1 x 1 = 5",
            "r_3 = r_2 + (k_3 - 1) x d_3 x s_1 x s_2 = 5 + (3 - 1) x 1 x (1 x 1) = 7",
        ]
    );
    assert!(RECURRENCE.contains("prod(s_1..s_(l-1))"));
}

/// "Q: larger stride = larger receptive field?" Yes: a stride early multiplies later growth.
#[test]
fn stride_multiplies_growth() {
    let layers = vec![
        Layer {
            k: 3,
            s: 2,
            d: 1,
            p: 1
        };
        3
    ];
    let stack = Stack::new(32, layers).unwrap();
    assert_eq!(stack.widths, vec![32, 16, 8, 4]);
    assert_eq!(stack.rf_sizes(), vec![1, 3, 7, 15]);
    assert_eq!(stack.rf_sizes_stride1(), vec![1, 3, 5, 7]);
    assert_eq!(stack.jumps(), vec![1, 2, 4]);
    let stride1 = Stack::new(
        32,
        vec![
            Layer {
                k: 3,
                s: 1,
                d: 1,
                p: 1
            };
            3
        ],
    )
    .unwrap();
    assert_eq!(stack.rf_sizes_stride1(), stride1.rf_sizes());
    assert!(stack.recurrence_text()[3].ends_with("= 7 + (3 - 1) x 1 x (2 x 2) = 15"));
}

#[test]
fn dilation_leaves_gaps() {
    let stack = Stack::new(
        16,
        vec![Layer {
            k: 3,
            s: 1,
            d: 2,
            p: 0,
        }],
    )
    .unwrap();
    let f = stack.field(1, 0).unwrap();
    assert_eq!(f.size, 5);
    assert_eq!((f.start, f.end), (Some(0), Some(4)));
    assert_eq!(f.per_layer[0].exact, vec![0, 2, 4]);
}

/// Brute force: follow every path down the stack, one kernel tap at a time.
/// `through_padding`: keep descending from padding positions too (the hull convention of r).
fn back_project(
    stack: &Stack,
    layer: usize,
    q: i64,
    through_padding: bool,
    out: &mut BTreeSet<i64>,
) {
    if layer == 0 {
        out.insert(q);
        return;
    }
    let l = stack.layers[layer - 1];
    for t in 0..l.k as i64 {
        let pos = q * l.s as i64 - l.p as i64 + t * l.d as i64;
        if through_padding || (0..stack.widths[layer - 1] as i64).contains(&pos) {
            back_project(stack, layer - 1, pos, through_padding, out);
        }
    }
}

#[test]
fn random_stacks_match_brute_force() {
    let mut rng = Rng(20240607);
    let mut checked = 0;
    while checked < 400 {
        let depth = rng.range(1, 8);
        let kmax = if depth > 5 { 3 } else { 5 };
        let n = rng.range(1, 64);
        let layers: Vec<Layer> = (0..depth)
            .map(|_| Layer {
                k: rng.range(1, kmax),
                s: rng.range(1, 3),
                d: rng.range(1, 3),
                p: rng.range(0, 3),
            })
            .collect();
        // Brute-force widths: count windows that fit; an empty layer must be an error.
        let mut widths = vec![n];
        for l in &layers {
            let w = widths[widths.len() - 1] + 2 * l.p;
            widths.push((0..).take_while(|j| j * l.s + l.d * (l.k - 1) < w).count());
        }
        let Ok(stack) = Stack::new(n, layers.clone()) else {
            assert!(widths.contains(&0), "{n} {layers:?}");
            continue;
        };
        assert_eq!(stack.widths, widths);
        checked += 1;
        let layer = rng.range(0, depth);
        for index in [0, rng.below(widths[layer]), widths[layer] - 1] {
            let f = stack.field(layer, index).unwrap();
            // r formula vs the hull of the brute-force back-projection through padding.
            let mut hull = BTreeSet::new();
            back_project(&stack, layer, index as i64, true, &mut hull);
            let (lo, hi) = (*hull.first().unwrap(), *hull.last().unwrap());
            assert_eq!(f.per_layer[0].span, (lo, hi));
            assert_eq!(f.size as i64, hi - lo + 1);
            assert_eq!(f.size, stack.rf_sizes()[layer]);
            let clipped: Vec<i64> = (lo.max(0)..=hi.min(n as i64 - 1)).collect();
            assert_eq!(f.start.map(|s| s as i64), clipped.first().copied());
            assert_eq!(f.end.map(|s| s as i64), clipped.last().copied());
            // Exact set in every layer vs paths through real units only.
            for below in 0..=layer {
                let mut exact = BTreeSet::new();
                back_project_to(&stack, layer, index as i64, below, &mut exact);
                let got: Vec<i64> = f.per_layer[below].exact.iter().map(|&i| i as i64).collect();
                assert_eq!(got, exact.into_iter().collect::<Vec<_>>());
                assert_eq!(f.per_layer[below].layer, below);
            }
            // 2-D: the same stack on both axes.
            let f2 = stack
                .field_2d(layer, index, widths[layer] - 1 - index)
                .unwrap();
            assert_eq!(f2.size, f.size);
            assert_eq!(f2.rows, f.per_layer[0].clipped);
            assert_eq!(f2.exact_rows, f.per_layer[0].exact);
        }
        let r = stack.rf_sizes();
        assert!(r.windows(2).all(|w| w[0] <= w[1]));
        assert!(stack.rf_sizes_stride1().iter().zip(&r).all(|(a, b)| a <= b));
    }
}

/// Like `back_project` through real units only, but stops at layer `stop`.
fn back_project_to(stack: &Stack, layer: usize, q: i64, stop: usize, out: &mut BTreeSet<i64>) {
    if layer == stop {
        out.insert(q);
        return;
    }
    let l = stack.layers[layer - 1];
    for t in 0..l.k as i64 {
        let pos = q * l.s as i64 - l.p as i64 + t * l.d as i64;
        if (0..stack.widths[layer - 1] as i64).contains(&pos) {
            back_project_to(stack, layer - 1, pos, stop, out);
        }
    }
}

#[test]
fn parse_and_errors() {
    assert_eq!(parse_list("k", " 3, 5 ,7"), Ok(vec![3, 5, 7]));
    assert_eq!(format_list(&[3, 5, 7]), "3,5,7");
    let e = parse_list("s", "1,x,2").unwrap_err();
    assert_eq!(e.to_string(), "s: entry 2 ('x') is not a whole number");
    assert_eq!(parse_list("d", " "), Err(RfError::EmptyList { name: "d" }));
    assert!(parse_list("p", "1,,2").is_err());
    let prm = RfParams {
        s: vec![1, 1],
        ..RfParams::default()
    };
    let e = Stack::from_params(&prm).unwrap_err();
    assert_eq!(
        e.to_string(),
        "one value per layer is needed: k has 3, s has 2, d has 3, p has 3 entries"
    );
    let l = Layer {
        k: 3,
        s: 1,
        d: 1,
        p: 0,
    };
    assert!(matches!(
        Stack::new(0, vec![l]),
        Err(RfError::InputWidth { .. })
    ));
    assert!(matches!(
        Stack::new(65, vec![l]),
        Err(RfError::InputWidth { .. })
    ));
    assert!(matches!(
        Stack::new(8, vec![]),
        Err(RfError::LayerCount { .. })
    ));
    assert!(matches!(
        Stack::new(8, vec![l; 9]),
        Err(RfError::LayerCount { .. })
    ));
    let zero = Layer { s: 0, ..l };
    assert_eq!(
        Stack::new(8, vec![l, zero]),
        Err(RfError::Zero {
            name: "s",
            layer: 2
        })
    );
    let e = Stack::new(
        4,
        vec![
            l,
            Layer {
                k: 3,
                s: 1,
                d: 2,
                p: 0,
            },
        ],
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "layer 2: the dilated kernel covers d(k-1)+1 = 2 x (3 - 1) + 1 = 5 positions, \
         more than its padded input w + 2p = 2 + 2 x 0 = 2"
    );
    let stack = Stack::new(8, vec![l]).unwrap();
    assert_eq!(
        stack.field(1, 6).unwrap_err().to_string(),
        "layer 1 has units 0 to 5; there is no unit 6"
    );
    assert!(matches!(
        stack.field(2, 0),
        Err(RfError::NoSuchLayer { .. })
    ));
    assert!(matches!(
        Stack::new(8, vec![Layer { p: 1000, ..l }]),
        Err(RfError::TooLarge { .. })
    ));
}

#[test]
fn params_serde_default() {
    let p: RfParams = serde_json::from_str(r#"{"n": 32}"#).unwrap();
    assert_eq!(p.k, vec![3, 3, 3]);
    assert_eq!(p.n, 32);
}

/// VGG's design reason from the page's own stack (Simonyan & Zisserman 2015, Sec. 2.3): two
/// 3x3 see 5x5 with 18 C² weights instead of 25 C², three see 7x7 with 27 C² instead of 49 C².
#[test]
fn vgg_design_from_the_default_stack() {
    use cnn_lab::lessons::receptive_field::{vgg_design_text, RfParams, Stack};
    let stack = Stack::from_params(&RfParams::default()).unwrap();
    let v = stack.stack_vs_one();
    assert_eq!(
        v.iter()
            .map(|x| (x.layers, x.field, x.stack_weights, x.single_weights))
            .collect::<Vec<_>>(),
        [(2, 5, 18, 25), (3, 7, 27, 49)]
    );
    let t = vgg_design_text(&stack);
    assert!(t.contains("Sec. 2.3"), "{t}");
    assert!(
        t.contains("2 layers see 5x5 with 18 C² weights, one 5x5 layer needs 25 C²"),
        "{t}"
    );
    assert!(t.contains("3 layers see 7x7 with 27 C² weights, one 7x7 layer needs 49 C² (the stack has 45% fewer)"), "{t}");
    assert!(t.contains("3 layers apply 3 non-linearities"), "{t}");
}

//! `lessons::sparse_pages`: URL state of the four pages (slide defaults, round trips, clamping
//! with notes, the sliders' cross-field rules) and the diagrams' unit positions.

use cnn_lab::lessons::connectivity::{output_count, Connectivity};
use cnn_lab::lessons::receptive_field::Stack;
use cnn_lab::lessons::sharing::Sharing;
use cnn_lab::lessons::sparse_pages::state::{layer_ranges, move_layer_slider, K_MAX, P_MAX};
use cnn_lab::lessons::sparse_pages::{
    output_centre, ConnectivityState, EquivarianceState, RfLayout, RfState, SharingState,
};
use cnn_lab::state::{decode, defaults, encode, UrlState};

fn round_trip<T: UrlState + std::fmt::Debug>(state: &T) {
    let (back, notes) = decode::<T>(&encode(state));
    assert_eq!(&back, state);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn defaults_are_the_slides() {
    let c: ConnectivityState = defaults();
    assert_eq!((c.n, c.k, c.s, c.p, c.xi, c.sj), (5, 3, 1, 1, 0, 0));
    let counts = Connectivity::new(c.params()).unwrap().counts();
    assert_eq!(
        (counts.outputs, counts.conv_arrows, counts.dense_arrows),
        (5, 13, 25)
    );
    let s: SharingState = defaults();
    assert_eq!((s.n, s.k, s.s, s.p, s.mode), (5, 3, 1, 1, Sharing::Shared));
    assert_eq!((s.side, s.k2, s.s2, s.p2), (28, 5, 1, 2));
    let r: RfState = defaults();
    assert_eq!(r.params(), Default::default());
    assert_eq!(
        (r.layer, r.selected_layer(), r.img, r.ur, r.uc),
        (-1, 3, 0, -1, -1)
    );
    let e: EquivarianceState = defaults();
    assert_eq!(e, Default::default());
    for t in [decode::<ConnectivityState>("").1, decode::<RfState>("").1] {
        assert!(t.is_empty());
    }
}

#[test]
fn states_round_trip_through_the_url() {
    round_trip(&ConnectivityState {
        n: 9,
        k: 4,
        s: 2,
        p: 3,
        xi: 0,
        sj: 2,
    });
    let mut s: SharingState = defaults();
    s.mode = Sharing::Local;
    s.w = 2;
    s.side = 224;
    round_trip(&s);
    let r = RfState {
        n: 40,
        k: vec![5, 3],
        s: vec![2, 1],
        d: vec![1, 2],
        p: vec![2, 2],
        unit: 3,
        layer: 1,
        img: 17,
        ur: 4,
        uc: 9,
        data: cnn_lab::data::Dataset::Fashion,
    };
    round_trip(&r);
    assert_eq!(
        encode(&r),
        "n=40&k=5,3&s=2,1&d=1,2&p=2,2&unit=3&layer=1&img=17&ur=4&uc=9&data=fashion"
    );
    round_trip(&EquivarianceState {
        shift: -3,
        dy: 2,
        seed: 99,
    });
}

#[test]
fn bad_links_are_fixed_with_a_note() {
    // Padding past k - 1, stride past k + 2, a selection that does not exist.
    let (c, notes) = decode::<ConnectivityState>("n=5&k=3&p=5&s=9&sj=40");
    assert_eq!((c.p, c.s, c.sj), (2, 5, 0));
    let params: Vec<&str> = notes.iter().map(|n| n.param.as_str()).collect();
    assert_eq!(params, ["p", "s", "sj"]);
    // A kernel wider than the padded input is kept: the page explains the empty layer.
    let (c, notes) = decode::<ConnectivityState>("n=2&k=9&p=0&s=1");
    assert!(notes.iter().all(|n| n.param != "k"), "{notes:?}");
    assert!(output_count(c.params()).is_err());
    // Out of range and malformed.
    let (c, notes) = decode::<ConnectivityState>("n=500&k=abc");
    assert_eq!((c.n, c.k), (32, 3));
    assert_eq!(notes.len(), 2);
    // Lists of the wrong length are filled or cut to the number of kernels.
    let (r, notes) = decode::<RfState>("k=3,3,3,3&s=2&d=1,1,1,1,1&p=1,1,1,1&unit=99");
    assert_eq!((r.s, r.d), (vec![2, 1, 1, 1], vec![1; 4]));
    // 99 is past the field's bound (63), then past the top layer (8 units after stride 2).
    assert_eq!(r.unit, 4);
    let params: Vec<&str> = notes.iter().map(|n| n.param.as_str()).collect();
    assert_eq!(params, ["unit", "s", "d", "unit"]);
    // Lists left at their defaults follow k silently.
    let (r, notes) = decode::<RfState>("k=5,3,3,3,3");
    assert_eq!((r.s.len(), r.d.len(), r.p.len()), (5, 5, 5));
    assert!(notes.is_empty(), "{notes:?}");
    let (r, notes) = decode::<RfState>("layer=7&ur=27&uc=26");
    assert_eq!((r.layer, r.ur, r.uc), (-1, 27, 26));
    assert_eq!(notes.len(), 1);
    let (s, notes) = decode::<SharingState>("w=9&p2=6&mode=both");
    assert_eq!((s.w, s.p2, s.mode), (0, 4, Sharing::Shared));
    assert_eq!(notes.len(), 3, "{notes:?}");
}

/// Every slider move over every small layer keeps k, s, p inside the sliders' ranges (except a
/// kernel left wider than a shrunken input on purpose), and the k/p ratchet stops at the caps.
#[test]
fn slider_moves_keep_the_ranges() {
    for n in 2..=8 {
        for p in 0..3 {
            for k in p + 1..=n + 2 * p {
                for s in 1..=k + 2 {
                    for name in ["n", "k", "s", "p"] {
                        for v in 0..=12 {
                            let start = ConnectivityState {
                                n,
                                k,
                                s,
                                p,
                                xi: 0,
                                sj: 0,
                            };
                            let c = start.with_slider(name, v);
                            assert!((2..=32).contains(&c.n));
                            assert!(c.p < c.k.max(1), "{start:?} {name}={v} -> {c:?}");
                            assert!((1..=c.k + 2).contains(&c.s));
                            if name != "n" && name != "p" {
                                assert!(c.k <= c.n + 2 * c.p, "{start:?} {name}={v} -> {c:?}");
                            }
                        }
                    }
                }
            }
        }
    }
    let mut c: ConnectivityState = defaults();
    for _ in 0..100 {
        let [k_max, _, p_max] = c.ranges();
        c = c.with_slider("k", k_max).with_slider("p", p_max);
    }
    assert_eq!((c.p, c.k), (P_MAX, 5 + 2 * P_MAX));
    let c = c.with_slider("n", 32);
    assert_eq!(c.ranges()[0], K_MAX);
    assert_eq!(layer_ranges(5, 3, 1, 64, 16), [7, 5, 2]);
    assert_eq!(
        move_layer_slider((5, 3, 4, 2), "k", 1, (2, 32, 64, 16)),
        (5, 1, 3, 0)
    );
}

#[test]
fn selections_toggle_and_drop_when_gone() {
    let c: ConnectivityState = defaults();
    let c = c.toggle_input(2);
    assert_eq!((c.xi, c.sj), (3, 0));
    let c = c.toggle_output(4);
    assert_eq!((c.xi, c.sj), (0, 5));
    assert_eq!(c.toggle_output(4).sj, 0);
    // s_5 disappears when the stride grows to 2 (3 outputs).
    assert_eq!(c.with_slider("s", 2).sj, 0);
    let r: RfState = defaults();
    let r = r.select(1, 4);
    assert_eq!((r.layer, r.unit, r.selected_layer()), (1, 4, 1));
    assert_eq!(r.clone().select(3, 2).layer, -1);
    // Removing layers keeps a valid selection; new layers copy the top one.
    let r = r.with_depth(5).with_value(5, "s", 3);
    assert_eq!((r.k.len(), r.s[4]), (5, 3));
    let r = r.with_n(4).with_depth(1);
    assert!(r.unit < r.stack().unwrap().widths[1]);
}

#[test]
fn units_sit_over_their_windows() {
    let c: ConnectivityState = defaults();
    let centres: Vec<f64> = (0..5).map(|j| output_centre(c.params(), j)).collect();
    assert_eq!(centres, [0.0, 1.0, 2.0, 3.0, 4.0]);
    let mut rng = 7u64;
    let mut next = |n: usize| {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((rng >> 33) as usize) % n
    };
    let mut checked = 0;
    for _ in 0..400 {
        let depth = 1 + next(4);
        let r = RfState {
            n: 8 + next(40),
            k: (0..depth).map(|_| 1 + next(5)).collect(),
            s: (0..depth).map(|_| 1 + next(3)).collect(),
            d: (0..depth).map(|_| 1 + next(2)).collect(),
            p: (0..depth).map(|_| next(3)).collect(),
            ..defaults()
        };
        let Ok(stack) = r.stack() else { continue };
        let layout = RfLayout::new(&stack);
        let (lo, hi) = layout.extent(&stack);
        for l in 0..=stack.depth() {
            for q in 0..stack.widths[l] {
                // The unit's position is the midpoint of its receptive field (padding included).
                let f = stack.field(l, q).unwrap();
                let mid = (f.per_layer[0].span.0 + f.per_layer[0].span.1) as f64 / 2.0;
                assert_eq!(layout.centre(l, q as i64), mid, "{r:?} layer {l} unit {q}");
                assert!(lo <= mid && mid <= hi);
                checked += 1;
            }
        }
    }
    assert!(checked > 1000);
    let stack = Stack::from_params(&Default::default()).unwrap();
    assert_eq!(RfLayout::new(&stack).extent(&stack), (-1.0, 16.0));
}

//! `lessons::sharing`: colours, equations, 1-D and 2-D weight counts (2-D against brute force).

use cnn_lab::lessons::connectivity::{Connectivity, ConnectivityParams};
use cnn_lab::lessons::sharing::{
    arrows_using_weight, coloured_arrows, counts_2d, equation, evaluate, weight_count,
    Counts2dParams, Sharing, SharingError, SharingParams,
};

fn slide() -> Connectivity {
    Connectivity::new(ConnectivityParams::default()).unwrap()
}

#[test]
fn slide_equations() {
    let c = slide();
    // The slide: w^T(x1,x2,x3), w^T(x2,x3,x4), w^T(x3,x4,x5) for the three inner outputs.
    let eq: Vec<String> = (1..4)
        .map(|j| equation(&c, j, Sharing::Shared).unwrap().compact)
        .collect();
    assert_eq!(
        eq,
        vec![
            "s_2 = w^T(x_1, x_2, x_3)",
            "s_3 = w^T(x_2, x_3, x_4)",
            "s_4 = w^T(x_3, x_4, x_5)"
        ]
    );
    let first = equation(&c, 0, Sharing::Shared).unwrap();
    assert_eq!(first.compact, "s_1 = w^T(0, x_1, x_2)");
    assert_eq!(first.expanded, "s_1 = w_1 0 + w_2 x_1 + w_3 x_2");
    let local = equation(&c, 2, Sharing::Local).unwrap();
    assert_eq!(local.compact, "s_3 = w_3^T(x_2, x_3, x_4)");
    assert_eq!(local.expanded, "s_3 = w_3,1 x_2 + w_3,2 x_3 + w_3,3 x_4");
    assert_eq!(
        equation(&c, 5, Sharing::Shared).unwrap_err().to_string(),
        "the layer has outputs s_1 to s_5; there is no s_6"
    );
}

#[test]
fn colours_and_counts() {
    let c = slide();
    let shared = coloured_arrows(&c, Sharing::Shared);
    assert_eq!(shared.len(), 13);
    assert!(shared
        .iter()
        .all(|a| a.weight_id == a.arrow.weight && a.weight_id < 3));
    assert_eq!(shared[0].label, "w_2"); // s_1's first real input x_1 uses tap 2
    let local = coloured_arrows(&c, Sharing::Local);
    let ids: std::collections::BTreeSet<_> = local.iter().map(|a| a.weight_id).collect();
    assert_eq!(ids.len(), 13);
    assert_eq!(weight_count(&c, Sharing::Shared), 3);
    assert_eq!(weight_count(&c, Sharing::Local), 13);
    // w_1 is used by s_2..s_5 (s_1's tap 1 falls on padding).
    let w1: Vec<usize> = arrows_using_weight(&c, 0)
        .iter()
        .map(|a| a.output)
        .collect();
    assert_eq!(w1, vec![1, 2, 3, 4]);
    let total: usize = (0..3).map(|t| arrows_using_weight(&c, t).len()).sum();
    assert_eq!(total, 13);
}

#[test]
fn evaluate_with_numbers() {
    let c = slide();
    let x = [0.1, 0.2, 0.3, 0.4, 0.5];
    let (text, v) = evaluate(&c, 0, &x, &[0.5, -1.0, 2.0]).unwrap();
    assert_eq!(text, "0.50 x 0 + -1.00 x 0.10 + 2.00 x 0.20 = 0.30");
    assert!((v - 0.3).abs() < 1e-6);
    assert_eq!(
        evaluate(&c, 0, &x[..4], &[1.0; 3]),
        Err(SharingError::WrongLength {
            name: "x",
            got: 4,
            expected: 5
        })
    );
    assert!(evaluate(&c, 0, &x, &[1.0; 2]).is_err());
}

#[test]
fn counts_2d_example() {
    let c = counts_2d(Counts2dParams::default()).unwrap();
    assert_eq!(c.output, (28, 28));
    assert_eq!(c.dense, 784 * 784);
    assert_eq!(c.locally_connected, 134 * 134);
    assert_eq!(c.locally_connected_all_taps, 784 * 25);
    assert_eq!((c.shared, c.shared_with_bias), (25, 26));
    assert_eq!(
        c.formulae(&Counts2dParams::default()),
        ["784 x 784 = 614656", "134 x 134 = 17956", "5 x 5 = 25"].map(String::from)
    );
    // Impossible combination: a 9x9 kernel on a 4x4 image without padding.
    let bad = Counts2dParams {
        h: 4,
        w: 4,
        k: 9,
        s: 1,
        p: 0,
    };
    assert!(counts_2d(bad).is_err());
}

/// Locally connected count = number of (output pixel, kernel tap) pairs landing on a real pixel.
#[test]
fn counts_2d_brute_force() {
    for h in 1..=7usize {
        for w in 1..=7usize {
            for k in 1..=4usize {
                for s in 1..=3usize {
                    for p in 0..=2usize {
                        let prm = Counts2dParams { h, w, k, s, p };
                        let (hp, wp) = (h + 2 * p, w + 2 * p);
                        if k > hp || k > wp {
                            assert!(counts_2d(prm).is_err());
                            continue;
                        }
                        let c = counts_2d(prm).unwrap();
                        let ho = (0..).take_while(|a| a * s + k <= hp).count();
                        let wo = (0..).take_while(|b| b * s + k <= wp).count();
                        let mut real = 0u64;
                        for a in 0..ho {
                            for b in 0..wo {
                                for u in 0..k {
                                    for v in 0..k {
                                        let (r, q) = (a * s + u, b * s + v);
                                        if r >= p && r < p + h && q >= p && q < p + w {
                                            real += 1;
                                        }
                                    }
                                }
                            }
                        }
                        assert_eq!(c.output, (ho, wo));
                        assert_eq!(c.locally_connected, real, "{prm:?}");
                        assert_eq!(c.dense, (h * w * ho * wo) as u64);
                        assert_eq!(c.locally_connected_all_taps, (ho * wo * k * k) as u64);
                    }
                }
            }
        }
    }
}

#[test]
fn params_serde() {
    let p: SharingParams = serde_json::from_str(r#"{"k": 5, "mode": "local"}"#).unwrap();
    assert_eq!(
        p.layer,
        ConnectivityParams {
            k: 5,
            ..Default::default()
        }
    );
    assert_eq!(p.mode, Sharing::Local);
    let d: SharingParams = serde_json::from_str("{}").unwrap();
    assert_eq!(d, SharingParams::default());
    assert_eq!(d.layer, ConnectivityParams::default());
    let back: SharingParams = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}

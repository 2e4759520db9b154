//! `lessons::connectivity` against brute-force enumeration over all small layers.

use cnn_lab::lessons::connectivity::{
    output_count, Arrow, Connectivity, ConnectivityError, ConnectivityParams,
};
use std::collections::BTreeSet;

fn params(n: usize, k: usize, s: usize, p: usize) -> ConnectivityParams {
    ConnectivityParams { n, k, s, p }
}

/// Slides' defaults: 5 outputs, 25 vs 13 arrows ("3 x 5 - 2"), weights 25 / 13 / 3.
#[test]
fn slide_defaults() {
    let c = Connectivity::new(ConnectivityParams::default()).unwrap();
    let counts = c.counts();
    assert_eq!(counts.outputs, 5);
    assert_eq!(counts.conv_arrows, 13);
    assert_eq!(counts.dense_arrows, 25);
    assert_eq!(counts.dense_weights, 25);
    assert_eq!(counts.unshared_weights, 13);
    assert_eq!(counts.shared_weights, 3);
    assert_eq!(counts.padding_taps, 2);
    let f = c.formula();
    assert_eq!(f.closed, "3 x 5 - 2 = 13");
    assert_eq!(f.sum, "2 + 3 + 3 + 3 + 2 = 13");
    assert_eq!(f.dense, "5 x 5 = 25");
    assert_eq!(c.input_degrees(), vec![2, 3, 3, 3, 2]);
    // x3 (index 2) reaches s2, s3, s4; s3 sees x2, x3, x4.
    assert_eq!(c.outputs_reached_by(2), vec![1, 2, 3]);
    assert_eq!(c.inputs_seen_by(2), vec![1, 2, 3]);
    assert_eq!(c.ghosts_of(0), vec![-1]);
    assert_eq!(c.ghosts_of(4), vec![5]);
    assert_eq!(c.padding_positions(), vec![-1, 5]);
}

/// Brute force: a pair (input i, output j, tap t) is an arrow iff padded position j*s + t is the
/// padded position of x_i, i + p. Outputs: every j whose window j*s..j*s+k-1 fits in n + 2p.
#[test]
fn all_small_layers_match_brute_force() {
    let mut checked = 0;
    for n in 1..=12usize {
        for p in 0..=4usize {
            for k in 1..=n + 2 * p + 2 {
                for s in 1..=k + 3 {
                    check(n, k, s, p);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 2000);
}

fn check(n: usize, k: usize, s: usize, p: usize) {
    let prm = params(n, k, s, p);
    let outputs_bf = (0..).take_while(|j| j * s + k <= n + 2 * p).count();
    if outputs_bf == 0 {
        assert_eq!(
            Connectivity::new(prm),
            Err(ConnectivityError::KernelTooLarge {
                n,
                k,
                p,
                padded: n + 2 * p
            })
        );
        return;
    }
    let c = Connectivity::new(prm).unwrap();
    assert_eq!(c.outputs, outputs_bf, "{prm:?}");
    assert_eq!(output_count(prm), Ok(outputs_bf));
    let mut bf = BTreeSet::new();
    for output in 0..outputs_bf {
        for input in 0..n {
            for weight in 0..k {
                if output * s + weight == input + p {
                    bf.insert((output, weight, input));
                }
            }
        }
    }
    let got: Vec<_> = c
        .arrows
        .iter()
        .map(|a| (a.output, a.weight, a.input))
        .collect();
    assert_eq!(got, bf.iter().copied().collect::<Vec<_>>(), "{prm:?}");
    let counts = c.counts();
    assert_eq!(counts.conv_arrows, bf.len());
    assert_eq!(counts.unshared_weights, bf.len());
    assert_eq!(counts.dense_arrows, n * outputs_bf);
    assert_eq!(counts.dense_weights, n * outputs_bf);
    assert_eq!(counts.shared_weights, k);
    assert_eq!(k * outputs_bf - counts.padding_taps, counts.conv_arrows);
    for j in 0..outputs_bf {
        let seen: Vec<usize> = bf.iter().filter(|a| a.0 == j).map(|a| a.2).collect();
        assert_eq!(c.inputs_seen_by(j), seen);
        let ghosts: Vec<i64> = (0..k)
            .map(|t| (j * s + t) as i64 - p as i64)
            .filter(|&q| q < 0 || q >= n as i64)
            .collect();
        assert_eq!(c.ghosts_of(j), ghosts);
    }
    for i in 0..n {
        let reached: Vec<usize> = bf.iter().filter(|a| a.2 == i).map(|a| a.0).collect();
        assert_eq!(c.outputs_reached_by(i), reached);
        assert_eq!(c.input_degrees()[i], reached.len());
    }
    let f = c.formula();
    assert_eq!(f.per_output.iter().sum::<usize>(), bf.len());
    assert!(f.sum.ends_with(&format!("= {}", bf.len())), "{}", f.sum);
    assert!(
        f.closed.ends_with(&format!("= {}", bf.len())),
        "{}",
        f.closed
    );
    assert!(f.closed.starts_with(&format!("{k} x {outputs_bf}")));
    assert_eq!(f.dense, format!("{n} x {outputs_bf} = {}", n * outputs_bf));
}

#[test]
fn errors_name_the_values() {
    assert_eq!(
        Connectivity::new(params(0, 3, 1, 1)),
        Err(ConnectivityError::NoInputs)
    );
    assert_eq!(
        Connectivity::new(params(5, 0, 1, 1)),
        Err(ConnectivityError::ZeroKernel)
    );
    assert_eq!(
        Connectivity::new(params(5, 3, 0, 1)),
        Err(ConnectivityError::ZeroStride)
    );
    let e = Connectivity::new(params(4, 9, 1, 1)).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("k = 9") && msg.contains("4 + 2 x 1 = 6"),
        "{msg}"
    );
    assert!(matches!(
        output_count(params(5, 3, 1, usize::MAX)),
        Err(ConnectivityError::TooLarge { .. })
    ));
    assert!(matches!(
        output_count(params(2000, 3, 1, 0)),
        Err(ConnectivityError::TooLarge { .. })
    ));
}

#[test]
fn long_sums_are_run_length_encoded() {
    let c = Connectivity::new(params(30, 3, 1, 1)).unwrap();
    assert_eq!(c.formula().sum, "2 + (28 x 3) + 2 = 88");
    assert_eq!(c.formula().closed, "3 x 30 - 2 = 88");
    let c = Connectivity::new(params(7, 3, 2, 0)).unwrap();
    assert_eq!(c.formula().closed, "3 x 3 = 9");
    assert_eq!(
        c.arrows[0],
        Arrow {
            input: 0,
            output: 0,
            weight: 0
        }
    );
}

#[test]
fn params_round_trip_and_default_from_empty() {
    let d: ConnectivityParams = serde_json::from_str("{}").unwrap();
    assert_eq!(d, ConnectivityParams::default());
    let p: ConnectivityParams = serde_json::from_str(r#"{"k": 5}"#).unwrap();
    assert_eq!(p, params(5, 5, 1, 1));
    let back: ConnectivityParams =
        serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}

/// The slide counts the 13 arrows from the inputs: "each x_i reaches 3 outputs, at the borders
/// only 2: 3 x 5 - 2"; the page showed only the per-output "k x m - padding taps".
#[test]
fn thirteen_from_the_inputs_as_the_slide_counts() {
    let c = Connectivity::new(params(5, 3, 1, 1)).unwrap();
    let f = c.formula();
    assert_eq!(
        f.from_inputs_words,
        "each x_i reaches 3 outputs, at the borders only 2"
    );
    assert_eq!(f.from_inputs, "3 x 5 - 2 = 13");
    assert_eq!(f.inputs_sum, "2 + 3 + 3 + 3 + 2 = 13");
    // Other settings: the counts from the inputs and from the outputs always agree.
    for (n, k, s, p) in [
        (7, 3, 2, 0),
        (1, 1, 1, 0),
        (9, 5, 2, 2),
        (30, 3, 1, 1),
        (4, 3, 1, 0),
    ] {
        let c = Connectivity::new(params(n, k, s, p)).unwrap();
        let f = c.formula();
        let total = c.counts().conv_arrows;
        assert!(
            f.from_inputs.ends_with(&format!("= {total}")),
            "{}",
            f.from_inputs
        );
        assert!(
            f.inputs_sum.ends_with(&format!("= {total}")),
            "{}",
            f.inputs_sum
        );
    }
}

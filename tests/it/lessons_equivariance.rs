//! `lessons::equivariance`: conv commutes with shifts exactly on the interior; dense does not.

use cnn_lab::lessons::equivariance::{
    compare_1d, conv1d, conv_equivariance_1d, conv_equivariance_2d, image_2d, interior, shift_1d,
    shift_2d, signal_1d, Dense, EquivarianceError, EquivarianceParams, SplitMix64, IMAGE_SIZE,
    KERNEL_1D, KERNEL_2D, SIGNAL_LEN,
};
use ndarray::Array2;

/// Test-local 2-D cross-correlation, stride 1, zero padding p (independent of the engine).
fn conv2d(x: &Array2<f32>, w: &[f32], k: usize, p: usize) -> Result<Array2<f32>, String> {
    let (h, wd) = x.dim();
    let at = |r: i64, c: i64| {
        if r < 0 || c < 0 || r >= h as i64 || c >= wd as i64 {
            0.0
        } else {
            x[(r as usize, c as usize)]
        }
    };
    Ok(Array2::from_shape_fn(
        (h + 2 * p + 1 - k, wd + 2 * p + 1 - k),
        |(i, j)| {
            let mut s = 0.0;
            for u in 0..k {
                for v in 0..k {
                    s += w[u * k + v] * at((i + u) as i64 - p as i64, (j + v) as i64 - p as i64);
                }
            }
            s
        },
    ))
}

#[test]
fn seeded_and_deterministic() {
    assert_eq!(signal_1d(7, SIGNAL_LEN), signal_1d(7, SIGNAL_LEN));
    assert_ne!(signal_1d(7, SIGNAL_LEN), signal_1d(8, SIGNAL_LEN));
    assert_eq!(image_2d(7, 16, 16), image_2d(7, 16, 16));
    assert!(image_2d(7, 16, 16).iter().any(|&v| v > 0.3));
    assert!(image_2d(7, 16, 16).iter().any(|&v| v == 0.0));
    // SplitMix64 reference value for seed 0 (Steele et al. 2014; same as Java's SplittableRandom).
    assert_eq!(SplitMix64::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    let mut r = SplitMix64::new(3);
    assert!((0..1000)
        .map(|_| r.uniform())
        .all(|u| (0.0..1.0).contains(&u)));
}

#[test]
fn shifts_zero_fill() {
    let x = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(shift_1d(&x, 1), vec![0.0, 1.0, 2.0, 3.0]);
    assert_eq!(shift_1d(&x, -2), vec![3.0, 4.0, 0.0, 0.0]);
    assert_eq!(shift_1d(&x, 9), vec![0.0; 4]);
    assert_eq!(shift_1d(&x, i64::MIN), vec![0.0; 4]);
    assert_eq!(shift_1d(&x, i64::MAX), vec![0.0; 4]);
    let img = Array2::from_shape_vec((2, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    let s = shift_2d(&img, 1, 1);
    assert_eq!(s.as_slice().unwrap(), &[0.0, 0.0, 0.0, 0.0, 1.0, 2.0]);
    assert_eq!(shift_2d(&img, i64::MIN, i64::MAX).sum(), 0.0);
}

/// The interior is exactly the set of outputs whose window avoids fill and padding.
#[test]
fn interior_is_exact() {
    for n in 1..=12usize {
        for k in 1..=5usize {
            for p in 0..=3usize {
                if k > n + 2 * p {
                    continue;
                }
                for t in -14..=14i64 {
                    let (good_lo, good_hi) = (t.max(0), (n as i64).min(n as i64 + t));
                    let m = n + 2 * p + 1 - k;
                    let expect: Vec<usize> = (0..m)
                        .filter(|&j| {
                            let a = j as i64 - p as i64;
                            a >= good_lo && a + k as i64 - 1 < good_hi
                        })
                        .collect();
                    let got: Vec<usize> = interior(n, k, p, t).collect();
                    assert_eq!(got, expect, "n={n} k={k} p={p} t={t}");
                }
            }
        }
    }
    assert!(interior(5, 3, 1, i64::MAX).is_empty());
    assert!(interior(5, 3, 1, i64::MIN).is_empty());
}

#[test]
fn conv_is_equivariant_exactly_dense_is_not() {
    for seed in 0..20u64 {
        let x = signal_1d(seed, SIGNAL_LEN);
        let mut rng = SplitMix64::new(seed);
        for k in 1..=5usize {
            let w: Vec<f32> = (0..k).map(|_| rng.uniform_range(-1.0, 1.0)).collect();
            for p in 0..=2usize {
                for t in -4..=4i64 {
                    let c = conv_equivariance_1d(&x, k, p, t, |v| conv1d(v, &w, p)).unwrap();
                    assert_eq!(c.max_abs_interior, 0.0, "seed={seed} k={k} p={p} t={t}");
                    assert!(!c.interior.is_empty());
                    assert_eq!(c.op_of_shifted.len(), SIGNAL_LEN + 2 * p + 1 - k);
                }
            }
        }
        let dense = Dense::random(seed, SIGNAL_LEN, SIGNAL_LEN);
        let d = compare_1d(&x, 2, interior(SIGNAL_LEN, 3, 1, 2), |v| dense.apply(v)).unwrap();
        assert!(
            d.max_abs_interior > 1e-3,
            "seed {seed}: {}",
            d.max_abs_interior
        );
        let d0 = compare_1d(&x, 0, 0..SIGNAL_LEN, |v| dense.apply(v)).unwrap();
        assert_eq!(d0.max_abs_all, 0.0);
    }
}

#[test]
fn page_defaults() {
    let prm = EquivarianceParams::default();
    let x = signal_1d(prm.seed, SIGNAL_LEN);
    let c = conv_equivariance_1d(&x, 3, 1, prm.shift, |v| conv1d(v, &KERNEL_1D, 1)).unwrap();
    assert_eq!(c.interior, 3..31);
    assert_eq!(c.max_abs_interior, 0.0);
    assert_eq!(c.difference.len(), SIGNAL_LEN);
    let img = image_2d(prm.seed, IMAGE_SIZE, IMAGE_SIZE);
    let c2 = conv_equivariance_2d(&img, 3, 1, prm.shift, prm.dy, |m| {
        conv2d(m, &KERNEL_2D, 3, 1)
    })
    .unwrap();
    assert_eq!(c2.max_abs_interior, 0.0);
    assert_eq!(c2.interior, (2..15, 3..15));
    assert!(c2.op_of_shifted.iter().any(|&v| v != 0.0));
    let p: EquivarianceParams = serde_json::from_str("{}").unwrap();
    assert_eq!(p, prm);
}

#[test]
fn conv_2d_random() {
    let mut rng = SplitMix64::new(99);
    for seed in 0..10u64 {
        let img = image_2d(seed, 12, 15);
        for k in [1usize, 3, 5] {
            let w: Vec<f32> = (0..k * k).map(|_| rng.uniform_range(-1.0, 1.0)).collect();
            for p in 0..=2usize {
                for (dx, dy) in [(1, 0), (0, -2), (3, 2), (-1, -1), (20, 0)] {
                    let c =
                        conv_equivariance_2d(&img, k, p, dx, dy, |m| conv2d(m, &w, k, p)).unwrap();
                    assert_eq!(c.max_abs_interior, 0.0);
                }
            }
        }
    }
}

#[test]
fn errors() {
    let x = signal_1d(1, 8);
    let e = conv_equivariance_1d(&x, 3, 1, 1, |v| Ok::<_, String>(v.to_vec()[..5].to_vec()));
    assert_eq!(
        e.unwrap_err().to_string(),
        "the convolution returned 5 values; with n = 8, k = 3, p = 1 and stride 1 it should \
         return n + 2p - k + 1 = 8"
    );
    let e = conv_equivariance_1d(&x, 11, 1, 1, |v| conv1d(v, &[1.0; 11], 1)).unwrap_err();
    assert_eq!(e, EquivarianceError::KernelTooLarge { n: 8, k: 11, p: 1 });
    let e = conv_equivariance_1d(&x, 3, 1, 1, |_| Err::<Vec<f32>, _>("engine says no"));
    assert_eq!(
        e.unwrap_err().to_string(),
        "the operation failed: engine says no"
    );
    assert_eq!(conv1d(&[], &[1.0], 0), Err(EquivarianceError::EmptyInput));
    assert!(Dense::random(1, 4, 4).apply(&[1.0; 3]).is_err());
}

/// The page passes the engine's kernels: equivariance holds exactly for them too.
#[test]
fn engine_conv_plugs_in() {
    use cnn_lab::engine::lesson_api;
    let x = signal_1d(5, SIGNAL_LEN);
    for t in -3..=3 {
        let c =
            conv_equivariance_1d(&x, 3, 1, t, |v| lesson_api::conv1d(v, &KERNEL_1D, 1, 1)).unwrap();
        assert_eq!(c.max_abs_interior, 0.0);
        let local = conv1d(&x, &KERNEL_1D, 1).unwrap();
        let engine = lesson_api::conv1d(&x, &KERNEL_1D, 1, 1).unwrap();
        assert!(local.iter().zip(&engine).all(|(a, b)| (a - b).abs() < 1e-6));
    }
    let img = image_2d(5, IMAGE_SIZE, IMAGE_SIZE);
    let engine_conv = |m: &Array2<f32>| -> Result<Array2<f32>, String> {
        let (h, w) = m.dim();
        let flat: Vec<f32> = m.iter().copied().collect();
        let (y, oh, ow) = lesson_api::conv2d_single(&flat, h, w, &KERNEL_2D, 3, 3, 1, 1)
            .map_err(|e| e.to_string())?;
        Array2::from_shape_vec((oh, ow), y).map_err(|e| e.to_string())
    };
    for (dx, dy) in [(1, 0), (2, 1), (-1, 3)] {
        let c = conv_equivariance_2d(&img, 3, 1, dx, dy, engine_conv).unwrap();
        assert_eq!(c.max_abs_interior, 0.0);
    }
}

/// The band of outputs where conv(shift(x)) and shift(conv(x)) differ is exact: it matches a
/// brute-force comparison with all-non-zero weights, and depends on the shift and the padding
/// (the page said "only within k - 1 positions of a border").
#[test]
fn changed_band_is_exact() {
    use cnn_lab::lessons::equivariance::{border_sentence, changed_outputs};
    let mut rng = SplitMix64::new(7);
    for n in [8usize, 13, 32] {
        for k in [1usize, 2, 3, 5] {
            for p in 0..k {
                for t in -6i64..=6 {
                    let x: Vec<f32> = (0..n).map(|_| 1.0 + rng.uniform()).collect();
                    let w: Vec<f32> = (0..k).map(|_| 0.5 + rng.uniform()).collect();
                    let c =
                        conv_equivariance_1d(&x, k, p, t, |v: &[f32]| conv1d(v, &w, p)).unwrap();
                    let brute: Vec<usize> = c
                        .difference
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| d.abs() > 1e-5)
                        .map(|(j, _)| j)
                        .collect();
                    assert_eq!(
                        changed_outputs(n, k, p, t),
                        brute,
                        "n {n} k {k} p {p} t {t}"
                    );
                }
            }
        }
    }
    // The page's case: k = 3, p = 1. Shift 2 right: output 1 (before position 2) and the last.
    assert_eq!(changed_outputs(32, 3, 1, 2), vec![1, 31]);
    assert_eq!(changed_outputs(32, 3, 1, -3), vec![0, 29]);
    // Padding 0: only the left side changes for a shift to the right (k - 1 - p = 2 outputs).
    assert_eq!(changed_outputs(32, 3, 0, 4), vec![2, 3]);
    let s = border_sentence(32, 3, 1, 2);
    assert!(!s.contains("within k - 1 positions"), "{s}");
    assert!(
        s.contains("2 of the 32 outputs (numbered 0 to 31) differ: 1 and 31"),
        "{s}"
    );
    assert!(s.contains("depends on the shift and the padding"), "{s}");
}

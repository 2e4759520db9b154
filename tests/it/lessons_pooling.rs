//! `lessons::pooling`: change counts after a shift against brute force, max vs average, 2-D.

use cnn_lab::engine::lesson_api;
use cnn_lab::lessons::equivariance::image_2d;
use cnn_lab::lessons::pooling::{
    compare_shift_2d, parse_values, pool1d, pool2d, run, seeded_values, sentence, windows,
    PoolMode, PoolingError, PoolingParams, MAX_SHIFT, MAX_UNITS,
};
use ndarray::Array2;

fn prm(n: usize, w: usize, s: usize, shift: i64, mode: PoolMode, seed: u64) -> PoolingParams {
    PoolingParams {
        n,
        w,
        s,
        shift,
        mode,
        seed,
        values: None,
    }
}

#[test]
fn slide_defaults() {
    let r = run(&PoolingParams::default()).unwrap();
    assert_eq!((r.detector_count, r.pool_count), (8, 6));
    // Every detector value changes; max pooling keeps some pooled values.
    assert_eq!(r.detector_changed, 8);
    assert!(r.pool_changed < 6, "{r:?}");
    // Golden values for seed 1: a shared link must keep showing the same row.
    assert_eq!(r.before, [0.16, 0.62, 0.37, 0.74, 0.26, 0.77, 0.27, 0.38]);
    assert_eq!(r.pooled_after, [0.62, 0.62, 0.74, 0.74, 0.77, 0.77]);
    assert_eq!(r.pool_changed, 2);
    assert_eq!(r.entered, vec![0]);
    assert_eq!(&r.after[1..], &r.before[..7]);
    let text = sentence(&r, 1, PoolMode::Max);
    assert_eq!(
        text,
        format!(
            "Shifting the input 1 position to the right changed 8 of 8 detector values but only \
             {} of 6 max-pooled values.",
            r.pool_changed
        )
    );
    assert!(r.before.iter().all(|&v| (0.05..=1.0).contains(&v)));
    let d: PoolingParams = serde_json::from_str(r#"{"mode": "avg"}"#).unwrap();
    assert_eq!(
        d,
        PoolingParams {
            mode: PoolMode::Avg,
            ..Default::default()
        }
    );
}

/// Brute force: the extended signal is `seeded_values(seed, n + 6)`, the view its middle `n`;
/// after a shift by t the view reads ext[3 + i - t]. Pooling with slice windows.
#[test]
fn change_counts_match_brute_force() {
    let mut cases = 0;
    for seed in [1u64, 2, 99] {
        for n in 1..=12usize {
            for w in 1..=n {
                for s in 1..=4usize {
                    for shift in -3..=3i64 {
                        for mode in [PoolMode::Max, PoolMode::Avg] {
                            check(n, w, s, shift, mode, seed);
                            cases += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(cases > 10_000);
}

fn check(n: usize, w: usize, s: usize, shift: i64, mode: PoolMode, seed: u64) {
    let ext = seeded_values(seed, n + 2 * MAX_SHIFT);
    let before = &ext[3..3 + n];
    let after: Vec<f32> = (0..n as i64)
        .map(|i| ext[(3 + i - shift) as usize])
        .collect();
    let pool = |x: &[f32]| -> Vec<f32> {
        x.windows(w)
            .step_by(s)
            .map(|win| match mode {
                PoolMode::Max => win.iter().cloned().fold(0.0, f32::max),
                PoolMode::Avg => win.iter().sum::<f32>() / w as f32,
            })
            .collect()
    };
    let (pb, pa) = (pool(before), pool(&after));
    let diff = |a: &[f32], b: &[f32]| {
        a.iter()
            .zip(b)
            .filter(|(x, y)| (*x - *y).abs() > 1e-6)
            .count()
    };
    let r = run(&prm(n, w, s, shift, mode, seed)).unwrap();
    assert_eq!(r.before, before);
    assert_eq!(r.after, after);
    assert_eq!(r.pooled_before, pb);
    assert_eq!(r.pooled_after, pa);
    assert_eq!(r.pool_count, pb.len());
    assert_eq!(r.detector_changed, diff(before, &after));
    assert_eq!(
        r.pool_changed,
        diff(&pb, &pa),
        "n={n} w={w} s={s} t={shift} {mode:?}"
    );
    assert_eq!(r.pool_flags.iter().filter(|&&f| f).count(), r.pool_changed);
    // Seeded rows never repeat within 3 positions, so every detector unit changes.
    let expect = if shift == 0 { 0 } else { n };
    assert_eq!(r.detector_changed, expect);
}

/// The slide's answer to "max or average pooling?": max pooling changes fewer pooled values.
#[test]
fn max_pooling_changes_less_than_average() {
    let (mut max_changed, mut avg_changed, mut total) = (0, 0, 0);
    for seed in 0..200u64 {
        let m = run(&prm(8, 3, 1, 1, PoolMode::Max, seed)).unwrap();
        let a = run(&prm(8, 3, 1, 1, PoolMode::Avg, seed)).unwrap();
        max_changed += m.pool_changed;
        avg_changed += a.pool_changed;
        total += m.pool_count;
    }
    assert!(avg_changed > total * 9 / 10, "{avg_changed}/{total}");
    assert!(max_changed < total * 3 / 4, "{max_changed}/{total}");
}

#[test]
fn typed_values() {
    let p = parse_values(" 0.1, 1, -0.5 ,0.2").unwrap();
    assert_eq!(p.values, vec![0.1, 1.0, 0.0, 0.2]);
    assert_eq!(p.notes.len(), 1);
    assert!(p.notes[0].contains("value 3 (-0.5) was set to 0"));
    let long = vec!["1"; 40].join(",");
    let p = parse_values(&long).unwrap();
    assert_eq!(p.values.len(), MAX_UNITS);
    assert!(p.notes[0].contains("8 dropped"));
    assert_eq!(
        parse_values("1,abc").unwrap_err().to_string(),
        "values: entry 2 ('abc') is not a number"
    );
    assert!(parse_values("1,NaN").is_err());
    assert!(parse_values("1,inf").is_err());
    assert_eq!(parse_values(""), Err(PoolingError::EmptyValues));
    // Fig. 9.8's detector row, shifted right by one: 0.1 1 0.2 0.1 -> (fresh) 0.1 1 0.2.
    let params = PoolingParams {
        values: Some("0.1,1,0.2,0.1".into()),
        ..Default::default()
    };
    let r = run(&params).unwrap();
    assert_eq!(r.after[1..], [0.1, 1.0, 0.2]);
    assert_eq!(r.pooled_before, vec![1.0, 1.0]);
    assert_eq!(r.pooled_after[1], 1.0);
    assert_eq!(r.notes, vec!["n = 8 replaced by the 4 typed values"]);
}

#[test]
fn errors() {
    let e = run(&prm(4, 5, 1, 1, PoolMode::Max, 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the pool width w = 5 is larger than the 4 detector units: no window fits"
    );
    assert_eq!(
        run(&prm(8, 0, 1, 1, PoolMode::Max, 1)),
        Err(PoolingError::ZeroWidth)
    );
    assert_eq!(
        run(&prm(8, 3, 0, 1, PoolMode::Max, 1)),
        Err(PoolingError::ZeroStride)
    );
    assert!(matches!(
        run(&prm(8, 3, 1, 4, PoolMode::Max, 1)),
        Err(PoolingError::Shift { .. })
    ));
    assert!(matches!(
        run(&prm(8, 3, 1, i64::MIN, PoolMode::Max, 1)),
        Err(PoolingError::Shift { .. })
    ));
    assert!(matches!(
        run(&prm(0, 1, 1, 1, PoolMode::Max, 1)),
        Err(PoolingError::Units { .. })
    ));
    assert!(matches!(
        run(&prm(33, 3, 1, 1, PoolMode::Max, 1)),
        Err(PoolingError::Units { .. })
    ));
    assert_eq!(
        pool1d(&[1.0, 5.0, 2.0, 0.0, 3.0], 2, 2, PoolMode::Max),
        Ok(vec![5.0, 2.0])
    );
    assert_eq!(windows(5, 2, 2), Ok(vec![0..2, 2..4]));
}

#[test]
fn sentences() {
    let mut r = run(&prm(8, 3, 1, -2, PoolMode::Avg, 3)).unwrap();
    assert!(sentence(&r, -2, PoolMode::Avg)
        .starts_with("Shifting the input 2 positions to the left changed 8 of 8"));
    r.pool_changed = 0;
    assert!(sentence(&r, -2, PoolMode::Avg).ends_with("but none of the 6 average-pooled values."));
    r.pool_changed = 6;
    assert!(sentence(&r, -2, PoolMode::Avg).ends_with("and all 6 of 6 average-pooled values."));
    assert_eq!(
        sentence(&r, 0, PoolMode::Max),
        "Shift the input to see which values change."
    );
}

#[test]
fn pool2d_matches_engine_and_brute_force() {
    let img = image_2d(4, 13, 11);
    for (w, s) in [(1, 1), (2, 2), (3, 2), (3, 1), (4, 3)] {
        for mode in [PoolMode::Max, PoolMode::Avg] {
            let ours = pool2d(&img, w, s, mode).unwrap();
            let (oh, ow) = ((13 - w) / s + 1, (11 - w) / s + 1);
            assert_eq!(ours.dim(), (oh, ow));
            let emode = match mode {
                PoolMode::Max => lesson_api::PoolMode::Max,
                PoolMode::Avg => lesson_api::PoolMode::Avg,
            };
            let flat: Vec<f32> = img.iter().copied().collect();
            let (e, eh, ew) = lesson_api::pool2d_single(&flat, 13, 11, w, s, emode).unwrap();
            assert_eq!((eh, ew), (oh, ow));
            for i in 0..oh {
                for j in 0..ow {
                    let win: Vec<f32> = (0..w * w)
                        .map(|t| img[(i * s + t / w, j * s + t % w)])
                        .collect();
                    let bf = match mode {
                        PoolMode::Max => win.iter().cloned().fold(f32::MIN, f32::max),
                        PoolMode::Avg => win.iter().sum::<f32>() / (w * w) as f32,
                    };
                    assert!((ours[(i, j)] - bf).abs() < 1e-6);
                    assert!((ours[(i, j)] - e[i * ow + j]).abs() < 1e-6);
                }
            }
        }
    }
    assert!(pool2d(&img, 12, 1, PoolMode::Max).is_err());
}

/// The 2-D demo with the engine's conv, ReLU and max pool plugged in.
#[test]
fn shift_2d_with_engine_stages() {
    let kernel = [0.0, -1.0, 0.0, -1.0, 4.0, -1.0, 0.0, -1.0, 0.0];
    let feature = |m: &Array2<f32>| -> Result<Array2<f32>, String> {
        let (h, w) = m.dim();
        let flat: Vec<f32> = m.iter().copied().collect();
        let (mut y, oh, ow) = lesson_api::conv2d_single(&flat, h, w, &kernel, 3, 3, 1, 1)
            .map_err(|e| e.to_string())?;
        lesson_api::relu_inplace(&mut y);
        Array2::from_shape_vec((oh, ow), y).map_err(|e| e.to_string())
    };
    let pool = |m: &Array2<f32>| pool2d(m, 2, 2, PoolMode::Max);
    let (mut map_frac, mut pool_frac) = (0.0, 0.0);
    for seed in 0..20u64 {
        let img = image_2d(seed, 16, 16);
        let r = compare_shift_2d(&img, 1, 0, feature, pool).unwrap();
        assert_eq!(r.map_before.dim(), (16, 16));
        assert_eq!(r.pooled_before.dim(), (8, 8));
        assert!(r.map_before.iter().all(|&v| v >= 0.0));
        assert_eq!(r.map_changed, r.map_flags.iter().filter(|&&f| f).count());
        map_frac += r.map_fraction;
        pool_frac += r.pool_fraction;
        let none = compare_shift_2d(&img, 0, 0, feature, pool).unwrap();
        assert_eq!((none.map_changed, none.pool_changed), (0, 0));
    }
    assert!(pool_frac < map_frac, "{pool_frac} vs {map_frac}");
    let bad = compare_shift_2d(&image_2d(1, 4, 4), 1, 0, feature, |m| {
        pool2d(m, 9, 1, PoolMode::Max)
    });
    assert!(bad
        .unwrap_err()
        .to_string()
        .starts_with("the pooling stage failed: the pool width w = 9"));
}

/// "Q: max or average pooling?" answered by reading the figure: each top value is the max of
/// three detector values; after the shift 4 of the 6 windows still hold their maximum (the
/// answer argued from invariance and never read the figure).
#[test]
fn answer_reads_the_figure() {
    use cnn_lab::lessons::pooling::read_the_figure;
    let r = run(&PoolingParams::default()).unwrap();
    let t = read_the_figure(&r, 1);
    assert!(
        t.starts_with(
            "Max pooling. Read the figure: each value of the top row is the max of the 3 detector \
             values under it."
        ),
        "{t}"
    );
    assert!(
        t.contains("8 of the 8 detector values differ, yet 4 of the 6 windows"),
        "{t}"
    );
    assert!(
        t.contains("Top value 1: max(0.16, 0.62, 0.37) = 0.62 before the shift"),
        "{t}"
    );
    assert!(t.contains("Top values 2, 4 changed"), "{t}");
    // The count of kept windows agrees with the max-pooled change count.
    assert_eq!(6 - r.pool_changed, 4);
}

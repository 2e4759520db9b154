//! `lessons::seagull`: the score stays when the gull moves, drops when it is removed.

use cnn_lab::lessons::conv_layer::{EngineOps, Reference};
use cnn_lab::lessons::seagull::{
    background, compose, detect, detector_kernel, draw_gull, flat_background, fully_inside, run,
    template, SeagullError, SeagullParams, MAP_OFFSET, SCENE_H, SCENE_W, TEMPLATE, THRESHOLD,
};
use ndarray::Array2;

#[test]
fn kernel_is_zero_mean_and_scaled() {
    let k = detector_kernel();
    assert_eq!(k.size, TEMPLATE);
    assert!(k.values.iter().sum::<f32>().abs() < 1e-5);
    assert_eq!(template().sum(), 9.0);
    // Negative on the wings, positive elsewhere.
    for (t, w) in template().iter().zip(&k.values) {
        assert!(if *t > 0.0 { *w < 0.0 } else { *w > 0.0 });
    }
    let d = detect(&Reference, &flat_background(0.7)).unwrap();
    assert!(d.present_score < 1e-5);
    assert!(!d.present);
}

/// On a flat background the score is exactly the same wherever the whole gull is.
#[test]
fn moving_keeps_the_score_exactly_on_a_flat_scene() {
    let mut reference = None;
    for y in 0..SCENE_H as i64 {
        for x in 0..SCENE_W as i64 {
            if !fully_inside(x, y) || x % 5 != 0 || y % 3 != 0 {
                continue;
            }
            let mut scene = flat_background(0.8);
            draw_gull(&mut scene, x, y);
            let d = detect(&Reference, &scene).unwrap();
            let r = *reference.get_or_insert(d.present_score);
            assert_eq!(d.present_score, r, "at ({x}, {y})");
            assert_eq!(d.peak, (y as usize, x as usize));
        }
    }
    assert!((reference.unwrap() - 1.0).abs() < 1e-5);
}

#[test]
fn moving_keeps_the_score_on_sky_and_sea_and_removing_drops_it() {
    for seed in 0..12u64 {
        let empty = detect(&Reference, &background(seed)).unwrap();
        assert!(
            empty.present_score < 0.2,
            "seed {seed}: {}",
            empty.present_score
        );
        assert!(!empty.present);
        for (x, y) in [(4, 4), (40, 14), (75, 43), (20, 30), (60, 38), (10, 28)] {
            assert!(fully_inside(x, y));
            let d = detect(&Reference, &compose(seed, &[(x, y)])).unwrap();
            assert!(
                (d.present_score - 1.0).abs() < 0.1,
                "seed {seed} ({x},{y}): {}",
                d.present_score
            );
            assert!(d.present);
            assert_eq!(d.peak, (y as usize, x as usize), "the map knows where");
        }
        // Two gulls: still "present", the score does not count them.
        let two = detect(&Reference, &compose(seed, &[(15, 10), (60, 35)])).unwrap();
        assert!((two.present_score - 1.0).abs() < 0.1);
    }
}

/// The heat map moves with the gull (conv equivariance), away from the borders.
#[test]
fn heat_map_moves_with_the_gull() {
    let mut a = flat_background(0.75);
    let mut b = flat_background(0.75);
    draw_gull(&mut a, 30, 20);
    draw_gull(&mut b, 33, 18);
    let (ma, mb) = (
        detect(&Reference, &a).unwrap().feature_map,
        detect(&Reference, &b).unwrap().feature_map,
    );
    let (h, w) = ma.dim();
    assert_eq!((h, w), (SCENE_H - TEMPLATE + 1, SCENE_W - TEMPLATE + 1));
    for i in 2..h {
        for j in 0..w - 3 {
            assert_eq!(mb[(i - 2, j + 3)], ma[(i, j)]);
        }
    }
}

#[test]
fn partly_outside_scores_less() {
    let full = detect(&Reference, &compose(3, &[(40, 20)]))
        .unwrap()
        .present_score;
    let half = detect(&Reference, &compose(3, &[(SCENE_W as i64 - 1, 20)])).unwrap();
    assert!(half.present_score < full);
    let gone = detect(&Reference, &compose(3, &[(-50, 900)])).unwrap();
    assert!(gone.present_score < THRESHOLD);
    assert!(!fully_inside(SCENE_W as i64 - 1, 20));
    assert!(!fully_inside(i64::MIN, i64::MAX));
}

#[test]
fn page_run_and_engine() {
    let prm = SeagullParams::default();
    let (scene, d) = run(&Reference, &prm).unwrap();
    assert_eq!(scene.dim(), (SCENE_H, SCENE_W));
    assert!(d.present);
    let (_, e) = run(&EngineOps, &prm).unwrap();
    assert!((e.present_score - d.present_score).abs() < 1e-4);
    assert_eq!(e.peak, d.peak);
    for (x, y) in d.feature_map.iter().zip(&e.feature_map) {
        assert!((x - y).abs() < 1e-4);
    }
    let removed = SeagullParams { gull: false, ..prm };
    let (_, r) = run(&EngineOps, &removed).unwrap();
    assert!(r.present_score < THRESHOLD);
    assert_eq!(MAP_OFFSET, (4, 4));
    let p: SeagullParams = serde_json::from_str(r#"{"x": 12}"#).unwrap();
    assert_eq!(
        p,
        SeagullParams {
            x: 12,
            ..Default::default()
        }
    );
    let tiny = Array2::zeros((4, 40));
    assert_eq!(
        detect(&Reference, &tiny),
        Err(SeagullError::SceneTooSmall { h: 4, w: 40 })
    );
}

#[test]
fn background_is_seeded_and_in_range() {
    assert_eq!(background(5), background(5));
    assert_ne!(background(5), background(6));
    let b = background(5);
    assert!(b.iter().all(|&v| (0.5..=1.0).contains(&v)));
    // Sky above is brighter than sea below.
    assert!(b.row(2).mean().unwrap() > b.row(SCENE_H - 2).mean().unwrap() + 0.15);
}

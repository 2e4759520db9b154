//! Drawn-digit preprocessing: centring, the 20x20 fit, aspect ratio, refusals.

use super::*;
use crate::data::mnist::shuffle::SplitMix64;

/// A `side x side` canvas with anti-aliased strokes of radius `r` through the given polylines
/// (how a brush on the page's canvas draws).
fn strokes(side: usize, r: f32, lines: &[&[(f32, f32)]]) -> Vec<f32> {
    let mut c = vec![0f32; side * side];
    for line in lines {
        for seg in line.windows(2) {
            let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
            for y in 0..side {
                for x in 0..side {
                    let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                    let (dx, dy) = (bx - ax, by - ay);
                    let len2 = (dx * dx + dy * dy).max(1e-6);
                    let t = (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0);
                    let d = ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt();
                    let v = (r + 0.5 - d).clamp(0.0, 1.0);
                    let cell = &mut c[y * side + x];
                    *cell = cell.max(v);
                }
            }
        }
    }
    c
}

fn assert_mnist_like(d: &DrawnDigit) {
    assert_eq!(d.pixels.len(), 784);
    assert!(d.pixels.iter().all(|v| (0.0..=1.0).contains(v)));
    let (cx, cy) = centre_of_mass(&d.pixels, 28, 28).unwrap();
    assert_eq!((cx, cy), d.centre_of_mass);
    assert!(
        (cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5,
        "centre of mass ({cx}, {cy})"
    );
    // Any non-zero output pixel lies in a 20x20 box, and the longer side fills it.
    let b = super::ink_bbox(
        &d.pixels.iter().map(|&v| v * 1e9).collect::<Vec<_>>(),
        28,
        28,
    )
    .unwrap();
    assert!(b.width() <= 20 && b.height() <= 20, "{b:?}");
    assert_eq!(d.fitted.0.max(d.fitted.1), 20);
}

#[test]
fn a_seven_in_a_corner_is_fitted_and_centred() {
    // A "7" drawn small in the top-left of a 280x280 canvas: top bar plus diagonal.
    let c = strokes(280, 6.0, &[&[(20.0, 20.0), (110.0, 20.0), (50.0, 150.0)]]);
    let d = preprocess_drawn_digit(&c, 280, 280).unwrap();
    assert_mnist_like(&d);
    assert_eq!(d.fitted.1, 20); // taller than wide
    assert!(d.fitted.0 < 20);
    assert!(d.bbox.x0 < 20 && d.bbox.y1 < 170);
    // Its mass is near the top bar, so the box sits lower than a plain centring would put it.
    assert!(d.offset.1 > 4, "{:?}", d.offset);
}

#[test]
fn translation_on_the_canvas_does_not_matter() {
    let a = strokes(
        200,
        5.0,
        &[
            &[(30.0, 30.0), (80.0, 120.0)],
            &[(40.0, 90.0), (90.0, 60.0)],
        ],
    );
    let b = strokes(
        200,
        5.0,
        &[
            &[(90.0, 60.0), (140.0, 150.0)],
            &[(100.0, 120.0), (150.0, 90.0)],
        ],
    );
    let (da, db) = (
        preprocess_drawn_digit(&a, 200, 200).unwrap(),
        preprocess_drawn_digit(&b, 200, 200).unwrap(),
    );
    assert_mnist_like(&da);
    for (p, q) in da.pixels.iter().zip(&db.pixels) {
        assert!((p - q).abs() < 1e-4);
    }
}

#[test]
fn aspect_ratio_is_kept() {
    // A "1": a vertical bar 10 wide and 100 tall on a non-square canvas.
    let (w, h) = (64, 150);
    let mut c = vec![0f32; w * h];
    for y in 20..120 {
        for x in 30..40 {
            c[y * w + x] = 1.0;
        }
    }
    let d = preprocess_drawn_digit(&c, w, h).unwrap();
    assert_mnist_like(&d);
    assert_eq!(
        d.bbox,
        BoundingBox {
            x0: 30,
            y0: 20,
            x1: 40,
            y1: 120
        }
    );
    assert_eq!(d.fitted, (2, 20));
    // Area resampling keeps a solid bar solid.
    assert_eq!(d.pixels.iter().filter(|&&v| v == 1.0).count(), 40);
}

#[test]
fn area_resampling_keeps_the_mean() {
    for (src, dst) in [(100, 20), (7, 3), (3, 20), (1, 20), (20, 20), (280, 17)] {
        let w = area_weights(src, dst);
        for taps in &w {
            let s: f32 = taps.iter().map(|t| t.1).sum();
            assert!((s - 1.0).abs() < 1e-5, "{src}->{dst}: {s}");
        }
        let x: Vec<f32> = (0..src).map(|i| ((i * 37) % 11) as f32 / 10.0).collect();
        let y: Vec<f32> = w
            .iter()
            .map(|t| t.iter().map(|&(i, wt)| wt * x[i]).sum())
            .collect();
        let (mx, my) = (
            x.iter().sum::<f32>() / src as f32,
            y.iter().sum::<f32>() / dst as f32,
        );
        assert!((mx - my).abs() < 1e-4, "{src}->{dst}: {mx} vs {my}");
    }
}

#[test]
fn a_single_dot_is_scaled_up() {
    let mut c = vec![0f32; 100];
    c[3 * 10 + 7] = 0.8;
    let d = preprocess_drawn_digit(&c, 10, 10).unwrap();
    assert_eq!(d.fitted, (20, 20));
    assert_eq!(d.offset, (4, 4));
    assert_eq!(d.centre_of_mass, (14.0, 14.0));
    assert!((d.pixels[4 * 28 + 4] - 0.8).abs() < 1e-6);
}

#[test]
fn random_scribbles_are_centred() {
    let mut rng = SplitMix64::new(2024);
    for _ in 0..40 {
        let side = 96 + rng.below(200);
        let s = side as f32;
        let pts: Vec<(f32, f32)> = (0..2 + rng.below(4))
            .map(|_| {
                (
                    s * (0.15 + 0.7 * rng.uniform()),
                    s * (0.15 + 0.7 * rng.uniform()),
                )
            })
            .collect();
        let c = strokes(side, 1.0 + rng.uniform() * s / 30.0, &[&pts]);
        let d = preprocess_drawn_digit(&c, side, side).unwrap();
        assert_mnist_like(&d);
    }
}

#[test]
fn refusals() {
    assert_eq!(
        preprocess_drawn_digit(&[0.0; 64], 8, 8),
        Err(MnistError::EmptyCanvas)
    );
    assert_eq!(
        preprocess_drawn_digit(&[0.04; 64], 8, 8),
        Err(MnistError::EmptyCanvas)
    );
    assert_eq!(
        preprocess_drawn_digit(&[f32::NAN; 64], 8, 8),
        Err(MnistError::EmptyCanvas)
    );
    assert_eq!(
        preprocess_drawn_digit(&[1.0; 63], 8, 8),
        Err(MnistError::BadCanvas {
            width: 8,
            height: 8,
            len: 63
        })
    );
    assert!(preprocess_drawn_digit(&[], 0, 0).is_err());
    assert!(preprocess_drawn_digit(&[1.0; 4], usize::MAX, 2).is_err());
    // Out-of-range ink is clamped, infinities ignored: still a valid digit.
    let mut c = vec![0f32; 64];
    c[9] = 7.0;
    c[10] = f32::INFINITY;
    c[18] = -3.0;
    let d = preprocess_drawn_digit(&c, 8, 8).unwrap();
    assert!(d.pixels.iter().all(|v| (0.0..=1.0).contains(v)));
}

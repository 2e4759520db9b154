//! The page's seeded inputs: a 1-D signal of bumps and a 2-D image of blobs on a zero background.

use super::SplitMix64;
use ndarray::Array2;

/// A bump of height `h` and half-width `w` at `c`: `h / (1 + ((i - c) / w)^2)`. Rational on
/// purpose: no `exp`, whose last bit may differ between native and wasm libm.
fn bump(i: f32, c: f32, w: f32, h: f32) -> f32 {
    let z = (i - c) / w;
    h / (1.0 + z * z)
}

/// A seeded 1-D signal of `n` values: three bumps of random position, width and sign.
pub fn signal_1d(seed: u64, n: usize) -> Vec<f32> {
    let mut rng = SplitMix64::new(seed);
    let bumps: Vec<(f32, f32, f32)> = (0..3)
        .map(|_| {
            let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            let (c, w) = (
                rng.uniform_range(0.0, n as f32),
                rng.uniform_range(1.0, 3.0),
            );
            (c, w, sign * rng.uniform_range(0.4, 1.0))
        })
        .collect();
    (0..n)
        .map(|i| bumps.iter().map(|&(c, w, h)| bump(i as f32, c, w, h)).sum())
        .collect()
}

/// A seeded `h x w` image: three bright blobs on a zero background (so the zero fill of a
/// shift looks like more background).
pub fn image_2d(seed: u64, h: usize, w: usize) -> Array2<f32> {
    let mut rng = SplitMix64::new(seed ^ 0x5EED_1A6E);
    let blobs: Vec<(f32, f32, f32, f32)> = (0..3)
        .map(|_| {
            let (r, c) = (
                rng.uniform_range(2.0, h as f32 - 2.0),
                rng.uniform_range(2.0, w as f32 - 2.0),
            );
            (
                r,
                c,
                rng.uniform_range(1.0, 2.5),
                rng.uniform_range(0.5, 1.0),
            )
        })
        .collect();
    Array2::from_shape_fn((h, w), |(i, j)| {
        let v: f32 = blobs
            .iter()
            .map(|&(r, c, s, a)| bump(i as f32, r, s, a) * bump(j as f32, c, s, 1.0))
            .sum();
        // Clear the faint tails so the background really is 0.
        if v < 0.05 {
            0.0
        } else {
            v.min(1.0)
        }
    })
}

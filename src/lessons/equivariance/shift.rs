//! Translation with zero fill, in 1-D and 2-D: what "shift the input" means on this page.

use ndarray::Array2;

/// `y[i] = x[i - t]`, zero where `i - t` is outside (t > 0: right).
pub fn shift_1d(x: &[f32], t: i64) -> Vec<f32> {
    (0..x.len() as i64)
        .map(|i| {
            i.checked_sub(t)
                .and_then(|j| usize::try_from(j).ok())
                .and_then(|j| x.get(j))
                .copied()
                .unwrap_or(0.0)
        })
        .collect()
}

/// `y[r, c] = x[r - dy, c - dx]`, zero-filled (dx > 0: right, dy > 0: down).
pub fn shift_2d(x: &Array2<f32>, dx: i64, dy: i64) -> Array2<f32> {
    Array2::from_shape_fn(x.dim(), |(r, c)| {
        let from = |i: usize, t: i64| {
            (i as i64)
                .checked_sub(t)
                .and_then(|v| usize::try_from(v).ok())
        };
        match (from(r, dy), from(c, dx)) {
            (Some(sr), Some(sc)) => x.get((sr, sc)).copied().unwrap_or(0.0),
            _ => 0.0,
        }
    })
}

//! Batch-normalisation kernels as plain loops over `[m, c]` rows (NHWC flattened: `m = n·h·w`).
//! Kept forever as the definition the SIMD kernels are checked against.

/// Per-channel mean and biased variance (two passes, f64 accumulation).
pub fn mean_var(x: &[f32], c: usize, mean: &mut [f32], var: &mut [f32]) {
    let m = (x.len() / c.max(1)).max(1) as f64;
    for ch in 0..c {
        let s: f64 = x.iter().skip(ch).step_by(c).map(|&v| v as f64).sum();
        let mu = s / m;
        let q: f64 = x
            .iter()
            .skip(ch)
            .step_by(c)
            .map(|&v| (v as f64 - mu).powi(2))
            .sum();
        mean[ch] = mu as f32;
        var[ch] = (q / m) as f32;
    }
}

/// `y = x · scale[ch] + shift[ch]`.
pub fn affine(x: &[f32], scale: &[f32], shift: &[f32], y: &mut [f32]) {
    let c = scale.len();
    for (i, (o, &v)) in y.iter_mut().zip(x).enumerate() {
        *o = v * scale[i % c] + shift[i % c];
    }
}

/// `sum_dy[ch] = Σ dy`, `sum_dyx[ch] = Σ dy · (x - mean[ch])`.
pub fn grad_sums(x: &[f32], dy: &[f32], mean: &[f32], sum_dy: &mut [f32], sum_dyx: &mut [f32]) {
    let c = mean.len();
    let (mut a, mut b) = (vec![0.0f64; c], vec![0.0f64; c]);
    for (i, (&v, &d)) in x.iter().zip(dy).enumerate() {
        a[i % c] += d as f64;
        b[i % c] += d as f64 * (v - mean[i % c]) as f64;
    }
    for ch in 0..c {
        sum_dy[ch] = a[ch] as f32;
        sum_dyx[ch] = b[ch] as f32;
    }
}

/// `dx = dy · s[ch] + x · p[ch] + q[ch]` (the training-mode input gradient, see `mod.rs`).
pub fn affine2(dy: &[f32], x: &[f32], s: &[f32], p: &[f32], q: &[f32], dx: &mut [f32]) {
    let c = s.len();
    for (i, o) in dx.iter_mut().enumerate() {
        let ch = i % c;
        *o = dy[i] * s[ch] + x[i] * p[ch] + q[ch];
    }
}

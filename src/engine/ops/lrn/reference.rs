//! Local response normalisation as plain loops over `[m, c]` rows. LRN sits only in AlexNet-era
//! networks, off the hot path, so this reference kernel is also the one the layers run.

use super::LrnParams;

/// `s[i] = k + α Σ_{|j - c| <= n/2} x[j]²` per position, `y = x · s^-β`.
pub fn forward(p: &LrnParams, x: &[f32], c: usize, scale: &mut [f32], y: &mut [f32]) {
    let r = p.n / 2;
    for ((xr, sr), yr) in x
        .chunks_exact(c)
        .zip(scale.chunks_exact_mut(c))
        .zip(y.chunks_exact_mut(c))
    {
        for ch in 0..c {
            let lo = ch.saturating_sub(r);
            let hi = (ch + r).min(c - 1);
            let sq: f32 = xr[lo..=hi].iter().map(|v| v * v).sum();
            sr[ch] = p.k + p.alpha * sq;
            yr[ch] = xr[ch] * sr[ch].powf(-p.beta);
        }
    }
}

/// `dx[i] = dy[i]·s[i]^-β - 2αβ·x[i] Σ_{|c - i| <= n/2} dy[c]·x[c]·s[c]^(-β-1)`.
pub fn backward(p: &LrnParams, x: &[f32], scale: &[f32], dy: &[f32], c: usize, dx: &mut [f32]) {
    let r = p.n / 2;
    let mut t = vec![0.0f32; c];
    for (((xr, sr), dr), or) in x
        .chunks_exact(c)
        .zip(scale.chunks_exact(c))
        .zip(dy.chunks_exact(c))
        .zip(dx.chunks_exact_mut(c))
    {
        for ch in 0..c {
            t[ch] = dr[ch] * xr[ch] * sr[ch].powf(-p.beta - 1.0);
        }
        for ch in 0..c {
            let lo = ch.saturating_sub(r);
            let hi = (ch + r).min(c - 1);
            let s: f32 = t[lo..=hi].iter().sum();
            or[ch] = dr[ch] * sr[ch].powf(-p.beta) - 2.0 * p.alpha * p.beta * xr[ch] * s;
        }
    }
}

//! SIMD batch-normalisation kernels: four channels per vector, rows of `c` contiguous floats;
//! channels beyond the last multiple of 4 run scalar. Per-channel sums accumulate in f32 per
//! row block and are folded into f64 every 64 rows (keeps large batches accurate).

use crate::engine::simd::{Fast, V4};

const BLOCK: usize = 64;

fn sums(x: &[f32], c: usize, shift: &[f32], f: impl Fn(Fast, Fast) -> Fast, out: &mut [f64]) {
    let c4 = c / 4 * 4;
    let mut acc = vec![0.0f32; c];
    for block in x.chunks(BLOCK * c) {
        acc.iter_mut().for_each(|a| *a = 0.0);
        for row in block.chunks_exact(c) {
            let mut ch = 0;
            // SAFETY: ch + 4 <= c4 <= c = row.len() = acc.len() = shift.len().
            unsafe {
                while ch < c4 {
                    let v = Fast::load(row.as_ptr().add(ch));
                    let s = Fast::load(shift.as_ptr().add(ch));
                    let a = Fast::load(acc.as_ptr().add(ch));
                    a.add(f(v, s)).store(acc.as_mut_ptr().add(ch));
                    ch += 4;
                }
            }
            for ch in c4..c {
                let v = f(Fast::splat(row[ch]), Fast::splat(shift[ch]));
                let mut t = [0.0f32; 4];
                // SAFETY: t has 4 lanes.
                unsafe { v.store(t.as_mut_ptr()) };
                acc[ch] += t[0];
            }
        }
        for (o, &a) in out.iter_mut().zip(&acc) {
            *o += a as f64;
        }
    }
}

/// Per-channel mean and biased variance (two passes).
pub fn mean_var(x: &[f32], c: usize, mean: &mut [f32], var: &mut [f32]) {
    let m = (x.len() / c.max(1)).max(1) as f64;
    let zero = vec![0.0f32; c];
    let mut s = vec![0.0f64; c];
    sums(x, c, &zero, |v, _| v, &mut s);
    for ch in 0..c {
        mean[ch] = (s[ch] / m) as f32;
    }
    s.iter_mut().for_each(|v| *v = 0.0);
    sums(
        x,
        c,
        mean,
        |v, mu| {
            let d = v.sub(mu);
            d.mul(d)
        },
        &mut s,
    );
    for ch in 0..c {
        var[ch] = (s[ch] / m) as f32;
    }
}

/// `y = x · scale[ch] + shift[ch]`.
pub fn affine(x: &[f32], scale: &[f32], shift: &[f32], y: &mut [f32]) {
    let c = scale.len();
    let c4 = c / 4 * 4;
    for (xr, yr) in x.chunks_exact(c).zip(y.chunks_exact_mut(c)) {
        let mut ch = 0;
        // SAFETY: ch + 4 <= c4 <= c = row lengths = scale/shift lengths.
        unsafe {
            while ch < c4 {
                Fast::load(xr.as_ptr().add(ch))
                    .mul(Fast::load(scale.as_ptr().add(ch)))
                    .add(Fast::load(shift.as_ptr().add(ch)))
                    .store(yr.as_mut_ptr().add(ch));
                ch += 4;
            }
        }
        for ch in c4..c {
            yr[ch] = xr[ch] * scale[ch] + shift[ch];
        }
    }
}

/// `sum_dy[ch] = Σ dy`, `sum_dyx[ch] = Σ dy · (x - mean[ch])`.
pub fn grad_sums(x: &[f32], dy: &[f32], mean: &[f32], sum_dy: &mut [f32], sum_dyx: &mut [f32]) {
    let c = mean.len();
    let c4 = c / 4 * 4;
    let (mut a, mut b) = (vec![0.0f64; c], vec![0.0f64; c]);
    let (mut fa, mut fb) = (vec![0.0f32; c], vec![0.0f32; c]);
    for (xb, db) in x.chunks(BLOCK * c).zip(dy.chunks(BLOCK * c)) {
        fa.iter_mut().chain(fb.iter_mut()).for_each(|v| *v = 0.0);
        for (xr, dr) in xb.chunks_exact(c).zip(db.chunks_exact(c)) {
            let mut ch = 0;
            // SAFETY: ch + 4 <= c4 <= c = every slice's length.
            unsafe {
                while ch < c4 {
                    let d = Fast::load(dr.as_ptr().add(ch));
                    let xc = Fast::load(xr.as_ptr().add(ch)).sub(Fast::load(mean.as_ptr().add(ch)));
                    Fast::load(fa.as_ptr().add(ch))
                        .add(d)
                        .store(fa.as_mut_ptr().add(ch));
                    Fast::load(fb.as_ptr().add(ch))
                        .add(d.mul(xc))
                        .store(fb.as_mut_ptr().add(ch));
                    ch += 4;
                }
            }
            for ch in c4..c {
                fa[ch] += dr[ch];
                fb[ch] += dr[ch] * (xr[ch] - mean[ch]);
            }
        }
        for ch in 0..c {
            a[ch] += fa[ch] as f64;
            b[ch] += fb[ch] as f64;
        }
    }
    for ch in 0..c {
        sum_dy[ch] = a[ch] as f32;
        sum_dyx[ch] = b[ch] as f32;
    }
}

/// `dx = dy · s[ch] + x · p[ch] + q[ch]`.
pub fn affine2(dy: &[f32], x: &[f32], s: &[f32], p: &[f32], q: &[f32], dx: &mut [f32]) {
    let c = s.len();
    let c4 = c / 4 * 4;
    for ((dr, xr), or) in dy
        .chunks_exact(c)
        .zip(x.chunks_exact(c))
        .zip(dx.chunks_exact_mut(c))
    {
        let mut ch = 0;
        // SAFETY: ch + 4 <= c4 <= c = every slice's length.
        unsafe {
            while ch < c4 {
                Fast::load(dr.as_ptr().add(ch))
                    .mul(Fast::load(s.as_ptr().add(ch)))
                    .add(Fast::load(xr.as_ptr().add(ch)).mul(Fast::load(p.as_ptr().add(ch))))
                    .add(Fast::load(q.as_ptr().add(ch)))
                    .store(or.as_mut_ptr().add(ch));
                ch += 4;
            }
        }
        for ch in c4..c {
            or[ch] = dr[ch] * s[ch] + xr[ch] * p[ch] + q[ch];
        }
    }
}

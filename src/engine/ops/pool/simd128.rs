//! Fast pooling: NHWC makes every window position a contiguous run of channels, so one output
//! vector of 4 channels is `k²` plain vector loads and `pmax`/`add`s, no shuffles (in NCHW a 2x2
//! window would need lane deinterleaving, which SIMD128 does with `i8x16.shuffle`s). When `c` is
//! not a multiple of 4 (LeNet-5's 6 maps) the last vector overlaps the previous one: harmless for
//! the forward pass (same values rewritten) and masked in the backward pass. Only `c < 4` takes
//! the scalar path. The 2x2 window is unrolled.

use super::PoolGeom;
use crate::engine::simd::{Fast, V4};

/// Channel offsets of the vectors covering `0..c` (the last may overlap), and for each the
/// number of leading lanes already covered by the previous vector.
fn lanes(c: usize) -> impl Iterator<Item = (usize, usize)> {
    let c4 = c / 4 * 4;
    let tail = (c >= 4 && c4 < c).then_some((c - 4, c4 - (c - 4)));
    (0..c4).step_by(4).map(|o| (o, 0)).chain(tail)
}

/// Lane masks: loading 4 lanes at `MASK[4 - overlap..]` zeroes the first `overlap` lanes.
const MASK: [u32; 8] = [0, 0, 0, 0, u32::MAX, u32::MAX, u32::MAX, u32::MAX];

#[inline(always)]
fn window_forward<V: V4>(g: &PoolGeom, x: &[f32], y: &mut [f32], max: bool) {
    let inv = 1.0 / (g.k * g.k) as f32;
    let (xp, yp) = (x.as_ptr(), y.as_mut_ptr());
    assert!(x.len() >= g.n * g.h * g.w * g.c && y.len() >= g.n * g.oh * g.ow * g.c);
    let vec_c = g.c >= 4;
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                let o = ((n * g.oh + oy) * g.ow + ox) * g.c;
                let i0 = ((n * g.h + oy * g.stride) * g.w + ox * g.stride) * g.c;
                let at = |ky: usize, kx: usize| i0 + (ky * g.w + kx) * g.c;
                if !vec_c {
                    for c in 0..g.c {
                        let mut r = x[i0 + c];
                        for ky in 0..g.k {
                            for kx in 0..g.k {
                                if ky + kx > 0 {
                                    let v = x[at(ky, kx) + c];
                                    r = if max { r.max(v) } else { r + v };
                                }
                            }
                        }
                        y[o + c] = if max { r } else { r * inv };
                    }
                    continue;
                }
                for (c, _) in lanes(g.c) {
                    // SAFETY: c + 4 <= g.c, every index inside the asserted x / y extents.
                    unsafe {
                        let r = if g.k == 2 {
                            let v0 = V::load(xp.add(at(0, 0) + c));
                            let v1 = V::load(xp.add(at(0, 1) + c));
                            let v2 = V::load(xp.add(at(1, 0) + c));
                            let v3 = V::load(xp.add(at(1, 1) + c));
                            if max {
                                v0.pmax(v1).pmax(v2.pmax(v3))
                            } else {
                                v0.add(v1).add(v2.add(v3)).mul(V::splat(inv))
                            }
                        } else {
                            let mut r = V::load(xp.add(i0 + c));
                            for ky in 0..g.k {
                                for kx in 0..g.k {
                                    if ky + kx > 0 {
                                        let v = V::load(xp.add(at(ky, kx) + c));
                                        r = if max { r.pmax(v) } else { r.add(v) };
                                    }
                                }
                            }
                            if max {
                                r
                            } else {
                                r.mul(V::splat(inv))
                            }
                        };
                        r.store(yp.add(o + c));
                    }
                }
            }
        }
    }
}

/// Max pooling forward.
pub fn max_forward(g: &PoolGeom, x: &[f32], y: &mut [f32]) {
    window_forward::<Fast>(g, x, y, true)
}

/// Average pooling forward.
pub fn avg_forward(g: &PoolGeom, x: &[f32], y: &mut [f32]) {
    window_forward::<Fast>(g, x, y, false)
}

/// Max pooling backward: `dx += dy` at the first position of each window equal to the max
/// (`eq` mask, minus the lanes already taken earlier in scan order).
pub fn max_backward(g: &PoolGeom, x: &[f32], y: &[f32], dy: &[f32], dx: &mut [f32]) {
    dx.iter_mut().for_each(|v| *v = 0.0);
    let nx = g.n * g.h * g.w * g.c;
    let ny = g.n * g.oh * g.ow * g.c;
    assert!(x.len() >= nx && dx.len() >= nx && y.len() >= ny && dy.len() >= ny);
    let (xp, dxp) = (x.as_ptr(), dx.as_mut_ptr());
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                let o = ((n * g.oh + oy) * g.ow + ox) * g.c;
                let i0 = ((n * g.h + oy * g.stride) * g.w + ox * g.stride) * g.c;
                if g.c < 4 {
                    for c in 0..g.c {
                        'win: for ky in 0..g.k {
                            for kx in 0..g.k {
                                let i = i0 + (ky * g.w + kx) * g.c + c;
                                if x[i] == y[o + c] {
                                    dx[i] += dy[o + c];
                                    break 'win;
                                }
                            }
                        }
                    }
                    continue;
                }
                for (c, overlap) in lanes(g.c) {
                    // SAFETY: c + 4 <= g.c; indices inside the asserted extents; MASK index <= 4.
                    unsafe {
                        let m = Fast::load(y.as_ptr().add(o + c));
                        let keep = Fast::load(MASK.as_ptr().add(4 - overlap).cast());
                        let d = Fast::load(dy.as_ptr().add(o + c)).and(keep);
                        let mut taken = Fast::zero();
                        for ky in 0..g.k {
                            for kx in 0..g.k {
                                let i = i0 + (ky * g.w + kx) * g.c + c;
                                let eq = Fast::load(xp.add(i)).eq_mask(m).andnot(taken);
                                let cur = Fast::load(dxp.add(i));
                                cur.add(d.and(eq)).store(dxp.add(i));
                                taken = taken.or(eq);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Average pooling backward.
pub fn avg_backward(g: &PoolGeom, dy: &[f32], dx: &mut [f32]) {
    let inv = 1.0 / (g.k * g.k) as f32;
    dx.iter_mut().for_each(|v| *v = 0.0);
    assert!(dx.len() >= g.n * g.h * g.w * g.c && dy.len() >= g.n * g.oh * g.ow * g.c);
    let dxp = dx.as_mut_ptr();
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                let o = ((n * g.oh + oy) * g.ow + ox) * g.c;
                let i0 = ((n * g.h + oy * g.stride) * g.w + ox * g.stride) * g.c;
                for ky in 0..g.k {
                    for kx in 0..g.k {
                        let i = i0 + (ky * g.w + kx) * g.c;
                        if g.c < 4 {
                            for c in 0..g.c {
                                dx[i + c] += dy[o + c] * inv;
                            }
                            continue;
                        }
                        for (c, overlap) in lanes(g.c) {
                            // SAFETY: c + 4 <= g.c; indices inside the asserted extents.
                            unsafe {
                                let keep = Fast::load(MASK.as_ptr().add(4 - overlap).cast());
                                let d = Fast::load(dy.as_ptr().add(o + c))
                                    .mul(Fast::splat(inv))
                                    .and(keep);
                                Fast::load(dxp.add(i + c)).add(d).store(dxp.add(i + c));
                            }
                        }
                    }
                }
            }
        }
    }
}

//! Reference convolution: the formula of `mod.rs`, loop by loop, bounds-checked padding.
//! Kept forever as the oracle of the fast kernels.

use super::ConvGeom;

/// Index of padded coordinate `(yp, xp)` in the unpadded input, if inside.
fn src(g: &ConvGeom, oy: usize, ox: usize, ky: usize, kx: usize) -> Option<(usize, usize)> {
    let y = (oy * g.stride + ky * g.dil) as isize - g.pad as isize;
    let x = (ox * g.stride + kx * g.dil) as isize - g.pad as isize;
    (y >= 0 && x >= 0 && (y as usize) < g.h && (x as usize) < g.w)
        .then_some((y as usize, x as usize))
}

fn xi(g: &ConvGeom, n: usize, y: usize, x: usize, c: usize) -> usize {
    ((n * g.h + y) * g.w + x) * g.cin + c
}
fn wi(g: &ConvGeom, ky: usize, kx: usize, ci: usize, co: usize) -> usize {
    ((ky * g.kw + kx) * g.cin + ci) * g.cout + co
}
fn yi(g: &ConvGeom, n: usize, oy: usize, ox: usize, co: usize) -> usize {
    ((n * g.oh + oy) * g.ow + ox) * g.cout + co
}

/// `y = conv(x, w) + bias`.
pub fn forward(g: &ConvGeom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32]) {
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for co in 0..g.cout {
                    let mut s = bias.map_or(0.0, |b| b[co]);
                    for ky in 0..g.kh {
                        for kx in 0..g.kw {
                            if let Some((yy, xx)) = src(g, oy, ox, ky, kx) {
                                for ci in 0..g.cin {
                                    s += x[xi(g, n, yy, xx, ci)] * w[wi(g, ky, kx, ci, co)];
                                }
                            }
                        }
                    }
                    y[yi(g, n, oy, ox, co)] = s;
                }
            }
        }
    }
}

/// `dx = ∂L/∂x` from `dy`.
pub fn backward_input(g: &ConvGeom, w: &[f32], dy: &[f32], dx: &mut [f32]) {
    dx.iter_mut().for_each(|v| *v = 0.0);
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for ky in 0..g.kh {
                    for kx in 0..g.kw {
                        if let Some((yy, xx)) = src(g, oy, ox, ky, kx) {
                            for ci in 0..g.cin {
                                for co in 0..g.cout {
                                    dx[xi(g, n, yy, xx, ci)] +=
                                        dy[yi(g, n, oy, ox, co)] * w[wi(g, ky, kx, ci, co)];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `dw = ∂L/∂w` from `dy`.
pub fn backward_weight(g: &ConvGeom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    dw.iter_mut().for_each(|v| *v = 0.0);
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for ky in 0..g.kh {
                    for kx in 0..g.kw {
                        if let Some((yy, xx)) = src(g, oy, ox, ky, kx) {
                            for ci in 0..g.cin {
                                for co in 0..g.cout {
                                    dw[wi(g, ky, kx, ci, co)] +=
                                        x[xi(g, n, yy, xx, ci)] * dy[yi(g, n, oy, ox, co)];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `db = Σ dy` over batch and pixels.
pub fn backward_bias(dy: &[f32], cout: usize, db: &mut [f32]) {
    db.iter_mut().for_each(|v| *v = 0.0);
    for row in dy.chunks_exact(cout) {
        for (d, &v) in db.iter_mut().zip(row) {
            *d += v;
        }
    }
}

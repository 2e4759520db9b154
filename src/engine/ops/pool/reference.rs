//! Reference pooling loops (the oracle of the fast kernels).

use super::PoolGeom;

fn xi(g: &PoolGeom, n: usize, y: usize, x: usize, c: usize) -> usize {
    ((n * g.h + y) * g.w + x) * g.c + c
}
fn yi(g: &PoolGeom, n: usize, oy: usize, ox: usize, c: usize) -> usize {
    ((n * g.oh + oy) * g.ow + ox) * g.c + c
}

/// Max pooling forward.
pub fn max_forward(g: &PoolGeom, x: &[f32], y: &mut [f32]) {
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for c in 0..g.c {
                    let mut m = f32::NEG_INFINITY;
                    for ky in 0..g.k {
                        for kx in 0..g.k {
                            m = m.max(x[xi(g, n, oy * g.stride + ky, ox * g.stride + kx, c)]);
                        }
                    }
                    y[yi(g, n, oy, ox, c)] = m;
                }
            }
        }
    }
}

/// Max pooling backward: the gradient goes to the first maximum in scan order.
pub fn max_backward(g: &PoolGeom, x: &[f32], dy: &[f32], dx: &mut [f32]) {
    dx.iter_mut().for_each(|v| *v = 0.0);
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for c in 0..g.c {
                    let mut best = (f32::NEG_INFINITY, usize::MAX);
                    for ky in 0..g.k {
                        for kx in 0..g.k {
                            let i = xi(g, n, oy * g.stride + ky, ox * g.stride + kx, c);
                            if best.1 == usize::MAX || x[i] > best.0 {
                                best = (x[i], i);
                            }
                        }
                    }
                    dx[best.1] += dy[yi(g, n, oy, ox, c)];
                }
            }
        }
    }
}

/// Average pooling forward.
pub fn avg_forward(g: &PoolGeom, x: &[f32], y: &mut [f32]) {
    let inv = 1.0 / (g.k * g.k) as f32;
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for c in 0..g.c {
                    let mut s = 0.0;
                    for ky in 0..g.k {
                        for kx in 0..g.k {
                            s += x[xi(g, n, oy * g.stride + ky, ox * g.stride + kx, c)];
                        }
                    }
                    y[yi(g, n, oy, ox, c)] = s * inv;
                }
            }
        }
    }
}

/// Average pooling backward.
pub fn avg_backward(g: &PoolGeom, dy: &[f32], dx: &mut [f32]) {
    let inv = 1.0 / (g.k * g.k) as f32;
    dx.iter_mut().for_each(|v| *v = 0.0);
    for n in 0..g.n {
        for oy in 0..g.oh {
            for ox in 0..g.ow {
                for c in 0..g.c {
                    let d = dy[yi(g, n, oy, ox, c)] * inv;
                    for ky in 0..g.k {
                        for kx in 0..g.k {
                            dx[xi(g, n, oy * g.stride + ky, ox * g.stride + kx, c)] += d;
                        }
                    }
                }
            }
        }
    }
}

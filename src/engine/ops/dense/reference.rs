//! Reference dense loops.

use super::DenseGeom;

/// `y = x·w + bias`.
pub fn forward(g: &DenseGeom, x: &[f32], w: &[f32], bias: Option<&[f32]>, y: &mut [f32]) {
    for b in 0..g.n {
        for o in 0..g.fout {
            let mut s = bias.map_or(0.0, |v| v[o]);
            for i in 0..g.fin {
                s += x[b * g.fin + i] * w[i * g.fout + o];
            }
            y[b * g.fout + o] = s;
        }
    }
}

/// `dx = dy·wᵀ`.
pub fn backward_input(g: &DenseGeom, w: &[f32], dy: &[f32], dx: &mut [f32]) {
    for b in 0..g.n {
        for i in 0..g.fin {
            let mut s = 0.0;
            for o in 0..g.fout {
                s += dy[b * g.fout + o] * w[i * g.fout + o];
            }
            dx[b * g.fin + i] = s;
        }
    }
}

/// `dw = xᵀ·dy`.
pub fn backward_weight(g: &DenseGeom, x: &[f32], dy: &[f32], dw: &mut [f32]) {
    for i in 0..g.fin {
        for o in 0..g.fout {
            let mut s = 0.0;
            for b in 0..g.n {
                s += x[b * g.fin + i] * dy[b * g.fout + o];
            }
            dw[i * g.fout + o] = s;
        }
    }
}

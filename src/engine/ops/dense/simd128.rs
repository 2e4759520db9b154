//! Fast dense layer on the shared 6x8 GEMM micro-kernel. Forward takes pre-packed weights, so
//! inference (batch 1) does not repack 48,000 weights per call; training repacks once per step.

use super::DenseGeom;
use crate::engine::ops::gemm::{self, AIndex, Epilogue};

/// Reusable buffers.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    packed: Vec<f32>,
    rows: Vec<usize>,
}

/// Pack `w` (`[in, out]`) for [`forward`].
pub fn pack_weights(g: &DenseGeom, w: &[f32], out: &mut Vec<f32>) {
    gemm::pack_b(g.fin, g.fout, w, g.fout, 1, out);
}

/// `y = x·w + bias` (ReLU fused if `relu`).
pub fn forward(
    g: &DenseGeom,
    x: &[f32],
    packed_w: &[f32],
    bias: Option<&[f32]>,
    relu: bool,
    y: &mut [f32],
    s: &mut Scratch,
) {
    s.rows.clear();
    s.rows.extend((0..g.n).map(|b| b * g.fin));
    let a = AIndex {
        rows: &s.rows,
        segs: &[0],
        seg_len: g.fin,
        cs: 1,
    };
    gemm::gemm(
        x,
        &a,
        packed_w,
        g.fout,
        y,
        g.fout,
        &Epilogue {
            accumulate: false,
            bias,
            relu,
        },
    );
}

/// `dx = dy·wᵀ`.
pub fn backward_input(g: &DenseGeom, w: &[f32], dy: &[f32], dx: &mut [f32], s: &mut Scratch) {
    gemm::pack_b(g.fout, g.fin, w, 1, g.fout, &mut s.packed);
    s.rows.clear();
    s.rows.extend((0..g.n).map(|b| b * g.fout));
    let a = AIndex {
        rows: &s.rows,
        segs: &[0],
        seg_len: g.fout,
        cs: 1,
    };
    gemm::gemm(dy, &a, &s.packed, g.fin, dx, g.fin, &Epilogue::default());
}

/// `dw = xᵀ·dy`.
pub fn backward_weight(g: &DenseGeom, x: &[f32], dy: &[f32], dw: &mut [f32], s: &mut Scratch) {
    gemm::pack_b(g.n, g.fout, dy, g.fout, 1, &mut s.packed);
    s.rows.clear();
    s.rows.extend(0..g.fin);
    let a = AIndex {
        rows: &s.rows,
        segs: &[0],
        seg_len: g.n,
        cs: g.fin,
    };
    gemm::gemm(x, &a, &s.packed, g.fout, dw, g.fout, &Epilogue::default());
}

/// `db = Σ_b dy`.
pub fn backward_bias(dy: &[f32], fout: usize, db: &mut [f32]) {
    db.iter_mut().for_each(|v| *v = 0.0);
    for row in dy.chunks_exact(fout) {
        for (d, &v) in db.iter_mut().zip(row) {
            *d += v;
        }
    }
}

//! Reference GEMM: the textbook triple loop on an unpacked, strided B. Kept forever as the
//! oracle for the fast kernel.

use super::{AIndex, Epilogue};

/// `C (+)= A·B (+ bias, ReLU)`, B element `(r, j)` at `b[r * rs + j * cs]`.
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    a_src: &[f32],
    a: &AIndex,
    b: &[f32],
    rs: usize,
    cs: usize,
    n: usize,
    c: &mut [f32],
    ldc: usize,
    ep: &Epilogue,
) {
    let k = a.k();
    for i in 0..a.rows.len() {
        for j in 0..n {
            let mut s = 0.0f32;
            for r in 0..k {
                s += a.at(a_src, i, r) * b[r * rs + j * cs];
            }
            let dst = &mut c[i * ldc + j];
            let mut v = if ep.accumulate { *dst + s } else { s };
            if let Some(bias) = ep.bias {
                v += bias[j];
            }
            if ep.relu && v < 0.0 {
                v = 0.0;
            }
            *dst = v;
        }
    }
}

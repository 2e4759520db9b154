//! Register-blocked GEMM micro-kernel: an MR x NR = 6 x 8 tile of C lives in 12 four-lane
//! accumulators; per reduction step it loads 2 vectors of packed B, splat-loads 6 scalars of A
//! and issues 12 mul + 12 add. 12 accumulators + 2 B + 1 A = 15 vector registers: V8's x64 backend
//! has 16 XMM registers, one of them scratch, so 6x8 is the largest tile that does not spill (the
//! shape XNNPACK picks for its wasmsimd "splat" GEMMs too). wasm SIMD128 has no FMA.

use super::{AIndex, Epilogue};
use crate::engine::simd::V4;

/// Rows per tile.
pub const MR: usize = 6;
/// Columns per tile (two vectors).
pub const NR: usize = 8;

/// `C (+)= A·B` on a packed B (see [`super::pack_b`]). Panics only on violated internal bounds
/// (the ops validate shapes first).
pub fn gemm<V: V4>(
    a_src: &[f32],
    a: &AIndex,
    packed_b: &[f32],
    n: usize,
    c: &mut [f32],
    ldc: usize,
    ep: &Epilogue,
) {
    let m = a.rows.len();
    let k = a.k();
    if m == 0 || n == 0 {
        return;
    }
    let panels = n.div_ceil(NR);
    assert!(a.extent() <= a_src.len(), "gemm: A out of bounds");
    assert!(
        packed_b.len() >= panels * k * NR,
        "gemm: packed B too short"
    );
    assert!(
        ldc >= n && c.len() >= (m - 1) * ldc + n,
        "gemm: C too short"
    );
    if let Some(b) = ep.bias {
        assert!(b.len() >= n, "gemm: bias too short");
    }
    let mut i0 = 0;
    while i0 < m {
        let r = MR.min(m - i0);
        let rows = &a.rows[i0..i0 + r];
        for p in 0..panels {
            let bp = &packed_b[p * k * NR..];
            let j0 = p * NR;
            let w = NR.min(n - j0);
            // SAFETY: bounds asserted above (A extent, packed length, C length).
            unsafe {
                match r {
                    6 => store::<V, 6>(tile::<V, 6>(a_src, rows, a, bp), c, i0, j0, w, ldc, ep),
                    5 => store::<V, 5>(tile::<V, 5>(a_src, rows, a, bp), c, i0, j0, w, ldc, ep),
                    4 => store::<V, 4>(tile::<V, 4>(a_src, rows, a, bp), c, i0, j0, w, ldc, ep),
                    3 => store::<V, 3>(tile::<V, 3>(a_src, rows, a, bp), c, i0, j0, w, ldc, ep),
                    2 => store::<V, 2>(tile::<V, 2>(a_src, rows, a, bp), c, i0, j0, w, ldc, ep),
                    _ => store::<V, 1>(tile::<V, 1>(a_src, rows, a, bp), c, i0, j0, w, ldc, ep),
                }
            }
        }
        i0 += r;
    }
}

/// # Safety
/// `rows.len() >= R`; every A index and `k * NR` floats of `bp` in bounds.
#[inline(always)]
unsafe fn tile<V: V4, const R: usize>(
    src: &[f32],
    rows: &[usize],
    a: &AIndex,
    bp: &[f32],
) -> [[V; 2]; R] {
    let mut acc = [[V::zero(); 2]; R];
    let base = src.as_ptr();
    let mut b = bp.as_ptr();
    let cs = a.cs;
    for &s in a.segs {
        let mut p = [base; R];
        for i in 0..R {
            p[i] = unsafe { base.add(rows[i] + s) };
        }
        for _ in 0..a.seg_len {
            let (b0, b1) = unsafe { (V::load(b), V::load(b.add(4))) };
            for i in 0..R {
                let x = unsafe { V::load_splat(p[i]) };
                acc[i][0] = acc[i][0].add(x.mul(b0));
                acc[i][1] = acc[i][1].add(x.mul(b1));
                p[i] = p[i].wrapping_add(cs);
            }
            b = unsafe { b.add(NR) };
        }
    }
    acc
}

/// # Safety
/// Rows `i0..i0+R`, columns `j0..j0+w` of C in bounds.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn store<V: V4, const R: usize>(
    acc: [[V; 2]; R],
    c: &mut [f32],
    i0: usize,
    j0: usize,
    w: usize,
    ldc: usize,
    ep: &Epilogue,
) {
    let bias = match ep.bias {
        Some(b) if w == NR => unsafe {
            [V::load(b.as_ptr().add(j0)), V::load(b.as_ptr().add(j0 + 4))]
        },
        _ => [V::zero(); 2],
    };
    let cp = c.as_mut_ptr();
    for (i, row) in acc.iter().enumerate() {
        let dst = unsafe { cp.add((i0 + i) * ldc + j0) };
        if w == NR {
            for h in 0..2 {
                let d = unsafe { dst.add(4 * h) };
                let mut v = row[h];
                if ep.accumulate {
                    v = v.add(unsafe { V::load(d) });
                }
                v = v.add(bias[h]);
                if ep.relu {
                    v = v.pmax(V::zero());
                }
                unsafe { v.store(d) };
            }
        } else {
            let mut tmp = [0.0f32; NR];
            unsafe {
                row[0].store(tmp.as_mut_ptr());
                row[1].store(tmp.as_mut_ptr().add(4));
            }
            for (jj, &t) in tmp.iter().enumerate().take(w) {
                let d = unsafe { &mut *dst.add(jj) };
                let mut v = if ep.accumulate { *d + t } else { t };
                if let Some(b) = ep.bias {
                    v += b[j0 + jj];
                }
                if ep.relu && v < 0.0 {
                    v = 0.0;
                }
                *d = v;
            }
        }
    }
}

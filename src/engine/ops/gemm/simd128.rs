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
    gemm_mr::<V, MR>(a_src, a, packed_b, n, c, ldc, ep)
}

/// [`gemm`] with `TM <= 6` rows per tile (for measuring the tile height; V8 has 15 usable XMM
/// registers and the 6x8 tile keeps 12 accumulators live).
pub fn gemm_mr<V: V4, const TM: usize>(
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
    // Narrow C (n < NR, one panel, packed rows, overwrite): a row's 8-lane store may spill its
    // unused lanes into the next row, which is stored afterwards anyway. This keeps every row but
    // the last few on the vector path (LeNet-5's 6-channel convs; no scalar tail per row).
    let spill = !ep.accumulate && n < NR && ldc == n;
    // Balanced tile heights: 25 rows run as 5 x 5, not 4 x 6 + 1 (a 1-row tile streams all of
    // B for 1/25 of the work: LeNet-5's C1 weight gradient, whose B is 25,088 x 8).
    let per = m.div_ceil(m.div_ceil(TM));
    let mut i0 = 0;
    while i0 < m {
        let r = per.min(m - i0);
        let rows = &a.rows[i0..i0 + r];
        let spill_rows = if spill && m * n >= NR {
            (m * n - NR) / n + 1
        } else {
            0
        };
        let vec_rows = spill_rows.saturating_sub(i0);
        for p in 0..panels {
            let bp = &packed_b[p * k * NR..];
            let j0 = p * NR;
            let w = NR.min(n - j0);
            let mut bias = [0.0f32; NR];
            if let Some(b) = ep.bias {
                bias[..w].copy_from_slice(&b[j0..j0 + w]);
            }
            let t = Tail {
                c: &mut *c,
                i0,
                j0,
                w,
                ldc,
                ep,
                vec_rows,
                bias: &bias,
            };
            // SAFETY: bounds asserted above (A extent, packed length, C length).
            unsafe {
                match r {
                    6 => store::<V, 6>(tile::<V, 6>(a_src, rows, a, bp), t),
                    5 => store::<V, 5>(tile::<V, 5>(a_src, rows, a, bp), t),
                    4 => store::<V, 4>(tile::<V, 4>(a_src, rows, a, bp), t),
                    3 => store::<V, 3>(tile::<V, 3>(a_src, rows, a, bp), t),
                    2 => store::<V, 2>(tile::<V, 2>(a_src, rows, a, bp), t),
                    _ => store::<V, 1>(tile::<V, 1>(a_src, rows, a, bp), t),
                }
            }
        }
        i0 += r;
    }
}

/// Where and how a tile is stored.
struct Tail<'a, 'b> {
    c: &'a mut [f32],
    i0: usize,
    j0: usize,
    w: usize,
    ldc: usize,
    ep: &'a Epilogue<'b>,
    /// Rows (from `i0`) that may use the spilling 8-lane store although `w < NR`.
    vec_rows: usize,
    bias: &'a [f32; NR],
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
    let len = a.seg_len;
    for &s in a.segs {
        let mut p = [base; R];
        for i in 0..R {
            p[i] = unsafe { base.add(rows[i] + s) };
        }
        let mut t = 0;
        if cs == 1 {
            // Contiguous run: unroll by 4 so the A and B offsets are constants folded into the
            // loads' immediate offsets (one pointer bump per row per 4 steps, not per step).
            while t + 4 <= len {
                for u in 0..4 {
                    let (b0, b1) = unsafe { (V::load(b.add(u * NR)), V::load(b.add(u * NR + 4))) };
                    for i in 0..R {
                        let x = unsafe { V::load_splat(p[i].add(u)) };
                        acc[i][0] = acc[i][0].add(x.mul(b0));
                        acc[i][1] = acc[i][1].add(x.mul(b1));
                    }
                }
                for pi in p.iter_mut() {
                    *pi = pi.wrapping_add(4);
                }
                b = unsafe { b.add(4 * NR) };
                t += 4;
            }
        }
        while t < len {
            let (b0, b1) = unsafe { (V::load(b), V::load(b.add(4))) };
            for i in 0..R {
                let x = unsafe { V::load_splat(p[i]) };
                acc[i][0] = acc[i][0].add(x.mul(b0));
                acc[i][1] = acc[i][1].add(x.mul(b1));
                p[i] = p[i].wrapping_add(cs);
            }
            b = unsafe { b.add(NR) };
            t += 1;
        }
    }
    acc
}

/// # Safety
/// Rows `i0..i0+R`, columns `j0..j0+w` of C in bounds; spilled rows (`vec_rows`) in bounds for
/// 8 lanes.
#[inline(always)]
unsafe fn store<V: V4, const R: usize>(acc: [[V; 2]; R], t: Tail) {
    let ep = t.ep;
    let bias = unsafe { [V::load(t.bias.as_ptr()), V::load(t.bias.as_ptr().add(4))] };
    let cp = t.c.as_mut_ptr();
    for (i, row) in acc.iter().enumerate() {
        let dst = unsafe { cp.add((t.i0 + i) * t.ldc + t.j0) };
        if t.w == NR || i < t.vec_rows {
            debug_assert!(
                (t.i0 + i) * t.ldc + t.j0 + NR <= t.c.len(),
                "row {} i0 {} ldc {} j0 {} len {} vec_rows {}",
                i,
                t.i0,
                t.ldc,
                t.j0,
                t.c.len(),
                t.vec_rows
            );
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
            for (jj, &v) in tmp.iter().enumerate().take(t.w) {
                let d = unsafe { &mut *dst.add(jj) };
                let mut v = if ep.accumulate { *d + v } else { v };
                v += t.bias[jj];
                if ep.relu && v < 0.0 {
                    v = 0.0;
                }
                *d = v;
            }
        }
    }
}

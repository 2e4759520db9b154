//! Winograd F(4x4, 3x3) gradients of 3x3 stride-1 convolutions.
//!
//! Input gradient: `dx` is `dy` padded by `2 - pad`, correlated with the kernel flipped in space
//! and transposed in channels: one [`super::winograd`] forward pass.
//!
//! Weight gradient, the transpose of the forward pass.
//! With `V = Bᵀ d B` (input tile), `dM = A dY Aᵀ` (4x4 output-gradient tile, zero beyond the
//! output) and `U = G g Gᵀ`: `dU_ξ[c_in x c_out] = Σ_tiles V_ξᵀ · dM_ξ` (36 GEMMs, a quarter of
//! the direct multiplies), then `dg = Gᵀ dU G` per channel pair (in f64).

use super::winograd::{self, g6, round4, tile_pos, transform_input, XI};
use super::ConvGeom;
use crate::engine::ops::gemm::{self, AIndex, Epilogue};
use crate::engine::simd::{Fast, V4};

/// The forward geometry whose output is `dx` when `g`'s input gradient is a Winograd-eligible
/// convolution: stride 1, no dilation, 3x3, `pad <= 2`.
pub fn transpose(g: &ConvGeom) -> Option<ConvGeom> {
    if g.stride != 1 || g.dil != 1 || g.kh != 3 || g.kw != 3 || g.pad > 2 {
        return None;
    }
    let gt = ConvGeom {
        n: g.n,
        h: g.oh,
        w: g.ow,
        cin: g.cout,
        cout: g.cin,
        kh: 3,
        kw: 3,
        stride: 1,
        pad: 2 - g.pad,
        dil: 1,
        oh: g.h,
        ow: g.w,
    };
    winograd::eligible(&gt).then_some(gt)
}

/// `dx` by a Winograd forward pass over `dyp` (`dy` padded for `gt` from [`transpose`]) with the
/// flipped, transposed kernel (built in `wflip`, packed into `packed`).
#[allow(clippy::too_many_arguments)]
pub fn backward_input(
    g: &ConvGeom,
    gt: &ConvGeom,
    w: &[f32],
    dyp: &[f32],
    dx: &mut [f32],
    wflip: &mut Vec<f32>,
    packed: &mut Vec<f32>,
    s: &mut winograd::Scratch,
) {
    let (ci, co) = (g.cin, g.cout);
    wflip.resize(9 * ci * co, 0.0);
    for ky in 0..3 {
        for kx in 0..3 {
            for o in 0..co {
                for i in 0..ci {
                    wflip[((ky * 3 + kx) * co + o) * ci + i] =
                        w[(((2 - ky) * 3 + (2 - kx)) * ci + i) * co + o];
                }
            }
        }
    }
    winograd::pack_weights(gt, wflip, packed);
    winograd::forward(gt, dyp, packed, None, false, dx, s);
}

/// Reusable buffers.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    v: Vec<f32>,
    m: Vec<f32>,
    patch: Vec<f32>,
    du: Vec<f32>,
    packed: Vec<f32>,
    rows: Vec<usize>,
}

/// `A y` for a column of four output-gradient values.
#[inline(always)]
fn a6<V: V4>(y: [V; 4], c2: V, c4: V, c8: V) -> [V; 6] {
    let (s02, s13) = (y[0].add(y[2].mul(c4)), y[1].mul(c2).add(y[3].mul(c8)));
    [
        y[0],
        y[0].add(y[1]).add(y[2]).add(y[3]),
        y[0].sub(y[1]).add(y[2]).sub(y[3]),
        s02.add(s13),
        s02.sub(s13),
        y[3],
    ]
}

/// `dM = A dY Aᵀ` of one tile: `dy` holds `[4][4][kp]` (zero-filled), writes `out[ξ * kp + ch]`.
fn grad_tile<V: V4>(dy: &[f32], kp: usize, out: &mut [f32]) {
    assert!(dy.len() >= 16 * kp && out.len() >= XI * kp);
    let (c2, c4, c8) = (V::splat(2.0), V::splat(4.0), V::splat(8.0));
    for kv in (0..kp).step_by(4) {
        // SAFETY: (i*4+j)*kp + kv + 4 <= 16*kp <= dy.len().
        let load = |i: usize, j: usize| unsafe { V::load(dy.as_ptr().add((i * 4 + j) * kp + kv)) };
        let cols: [[V; 6]; 4] =
            core::array::from_fn(|j| a6(core::array::from_fn(|i| load(i, j)), c2, c4, c8));
        for xi in 0..6 {
            let row = a6(cols.map(|col| col[xi]), c2, c4, c8);
            for (eta, v) in row.into_iter().enumerate() {
                // SAFETY: (xi*6+eta)*kp + kv + 4 <= XI*kp <= out.len().
                unsafe { v.store(out.as_mut_ptr().add((xi * 6 + eta) * kp + kv)) };
            }
        }
    }
}

/// `dw` (`[3, 3, c_in, c_out]`) for a [`super::winograd::eligible`] `g`, from the padded input
/// `xp` and `dy`.
pub fn backward_weight(g: &ConvGeom, xp: &[f32], dy: &[f32], dw: &mut [f32], s: &mut Scratch) {
    let (c, k, cp, kp) = (g.cin, g.cout, round4(g.cin), round4(g.cout));
    let (hp, wp) = (g.hp(), g.wp());
    let (th, tw) = (g.oh.div_ceil(4), g.ow.div_ceil(4));
    let tiles = g.n * th * tw;
    assert!(xp.len() >= g.n * hp * wp * c && dy.len() >= g.n * g.oh * g.ow * k);
    assert!(dw.len() >= 9 * c * k);
    // Tiles per block: V and dM of a block stay within ~256 KB.
    let tb = (1792 / (cp + kp)).clamp(24, 64);
    s.v.resize(tb * XI * cp, 0.0);
    s.m.resize(tb * XI * kp, 0.0);
    s.du.clear();
    s.du.resize(XI * c * k, 0.0);
    s.rows.clear();
    s.rows.extend(0..c);
    let mut dyt = vec![0.0f32; 16 * kp];
    let mut t0 = 0;
    while t0 < tiles {
        let nt = tb.min(tiles - t0);
        for t in 0..nt {
            let (b, ty, tx) = tile_pos(t0 + t, th, tw);
            let (y0, x0) = (4 * ty, 4 * tx);
            let out = &mut s.v[t * XI * cp..(t + 1) * XI * cp];
            transform_input(g, xp, b, y0, x0, &mut s.patch, out);
            dyt.iter_mut().for_each(|v| *v = 0.0);
            for i in 0..4.min(g.oh - y0) {
                for j in 0..4.min(g.ow - x0) {
                    let src = ((b * g.oh + y0 + i) * g.ow + x0 + j) * k;
                    dyt[(i * 4 + j) * kp..(i * 4 + j) * kp + k].copy_from_slice(&dy[src..src + k]);
                }
            }
            grad_tile::<Fast>(&dyt, kp, &mut s.m[t * XI * kp..(t + 1) * XI * kp]);
        }
        for xi in 0..XI {
            gemm::pack_b(nt, k, &s.m[xi * kp..], XI * kp, 1, &mut s.packed);
            let a = AIndex {
                rows: &s.rows,
                segs: &[0],
                seg_len: nt,
                cs: XI * cp,
            };
            let ep = Epilogue {
                accumulate: t0 > 0,
                ..Default::default()
            };
            gemm::gemm(
                &s.v[xi * cp..],
                &a,
                &s.packed,
                k,
                &mut s.du[xi * c * k..],
                k,
                &ep,
            );
        }
        t0 += nt;
    }
    // dg[ky][kx] = Σ_{a,b} G[a][ky] dU[a][b] G[b][kx], with G's columns from `g6`.
    let gcol: [[f64; 6]; 3] = [
        g6([1.0, 0.0, 0.0]),
        g6([0.0, 1.0, 0.0]),
        g6([0.0, 0.0, 1.0]),
    ];
    for ci in 0..c {
        for co in 0..k {
            let du = |a: usize, b: usize| f64::from(s.du[((a * 6 + b) * c + ci) * k + co]);
            let mut t = [[0.0f64; 3]; 6];
            for (a, row) in t.iter_mut().enumerate() {
                for (kx, v) in row.iter_mut().enumerate() {
                    *v = (0..6).map(|b| du(a, b) * gcol[kx][b]).sum();
                }
            }
            for ky in 0..3 {
                for kx in 0..3 {
                    let v: f64 = (0..6).map(|a| gcol[ky][a] * t[a][kx]).sum();
                    dw[((ky * 3 + kx) * c + ci) * k + co] = v as f32;
                }
            }
        }
    }
}

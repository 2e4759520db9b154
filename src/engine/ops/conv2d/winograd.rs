//! Winograd F(4x4, 3x3) forward convolution (Lavin and Gray, "Fast Algorithms for Convolutional
//! Neural Networks", 2016) for 3x3 kernels, stride 1, dilation 1.
//!
//! Each 4x4 tile of output comes from a 6x6 tile of input: `Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A`.
//! Summed over input channels, the element-wise product becomes 36 independent GEMMs (one per
//! position ξ of the 6x6 transform): `M_ξ[tiles x c_out] = V_ξ[tiles x c_in] · U_ξ[c_in x c_out]`.
//! That is 36 multiplies per tile and channel pair instead of 16 · 9 = 144, so the GEMM work is a
//! quarter of the direct convolution's; the transforms are additions and a few constant
//! multiplies, vectorised over four channels.
//!
//! Layout: a block of [`T`] tiles is transformed into `V[t][ξ][c_in']` (tile-major, `c_in'` =
//! `c_in` rounded up to 4, zero-filled), the GEMMs write `M[t][ξ][c_out']`, and the output
//! transform reads one tile's 36 rows back. Both fit in L2 for the channel counts of the lessons.
//! Accuracy: the transforms amplify rounding by about 10x over the direct sum (the weights are
//! transformed in f64); the harness checks this kernel against the reference on the same
//! tolerance as every other.

use super::ConvGeom;
use crate::engine::ops::gemm::{self, AIndex, Epilogue, NR};
use crate::engine::simd::{Fast, V4};

/// Tiles per block (a multiple of the GEMM's 6-row tile).
const T: usize = 24;
/// Positions of the 6x6 transform.
pub(super) const XI: usize = 36;

/// Reusable buffers.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    v: Vec<f32>,
    m: Vec<f32>,
    patch: Vec<f32>,
    rows: Vec<usize>,
}

/// Whether [`super::simd128::forward`] runs this kernel for `g` (depends only on the weights'
/// shape and the parameters, so weights packed once stay valid when the image size changes).
/// Below 8 channels in or out the GEMMs are too thin to repay the transforms.
pub fn eligible(g: &ConvGeom) -> bool {
    g.kh == 3 && g.kw == 3 && g.stride == 1 && g.dil == 1 && g.cin >= 8 && g.cout >= 8
}

pub(super) fn round4(c: usize) -> usize {
    c.div_ceil(4) * 4
}

/// `G v` for one kernel column or row.
pub(super) fn g6(v: [f64; 3]) -> [f64; 6] {
    [
        v[0] / 4.0,
        -(v[0] + v[1] + v[2]) / 6.0,
        -(v[0] - v[1] + v[2]) / 6.0,
        v[0] / 24.0 + v[1] / 12.0 + v[2] / 6.0,
        v[0] / 24.0 - v[1] / 12.0 + v[2] / 6.0,
        v[2],
    ]
}

/// Floats of one position's packed `U_ξ`.
fn packed_len(g: &ConvGeom) -> usize {
    g.cout.div_ceil(NR) * round4(g.cin) * NR
}

/// `U_ξ = G g Gᵀ` of `w` (`[3, 3, c_in, c_out]`), each packed as a GEMM B of `c_in' x c_out`.
pub fn pack_weights(g: &ConvGeom, w: &[f32], out: &mut Vec<f32>) {
    let (c, k, cp) = (g.cin, g.cout, round4(g.cin));
    let mut u = vec![0.0f32; XI * cp * k];
    for ci in 0..c {
        for co in 0..k {
            let f = |ky: usize, kx: usize| f64::from(w[((ky * 3 + kx) * c + ci) * k + co]);
            let mut t = [[0.0f64; 3]; 6];
            for kx in 0..3 {
                let col = g6([f(0, kx), f(1, kx), f(2, kx)]);
                for (i, row) in t.iter_mut().enumerate() {
                    row[kx] = col[i];
                }
            }
            for (i, row) in t.iter().enumerate() {
                for (j, v) in g6(*row).into_iter().enumerate() {
                    u[((i * 6 + j) * cp + ci) * k + co] = v as f32;
                }
            }
        }
    }
    out.clear();
    out.reserve(XI * packed_len(g));
    let mut tmp = Vec::new();
    for xi in 0..XI {
        gemm::pack_b(cp, k, &u[xi * cp * k..], k, 1, &mut tmp);
        out.extend_from_slice(&tmp);
    }
}

/// `Bᵀ d` for six values.
#[inline(always)]
fn bt<V: V4>(d: [V; 6], c4: V, c5: V, c2: V) -> [V; 6] {
    let (s12, s34) = (d[1].add(d[2]), d[3].add(d[4]));
    let d42 = d[4].sub(d[2]);
    let d13 = d[1].sub(d[3]);
    [
        d[0].mul(c4).sub(d[2].mul(c5)).add(d[4]),
        s34.sub(s12.mul(c4)),
        d[1].sub(d[2]).mul(c4).add(d[4].sub(d[3])),
        d42.sub(d13.mul(c2)),
        d42.add(d13.mul(c2)),
        d[1].mul(c4).sub(d[3].mul(c5)).add(d[5]),
    ]
}

/// `Aᵀ m` for six values.
#[inline(always)]
fn at<V: V4>(m: [V; 6], c2: V, c4: V, c8: V) -> [V; 4] {
    let (a, b) = (m[1].add(m[2]), m[1].sub(m[2]));
    let (c, d) = (m[3].add(m[4]), m[3].sub(m[4]));
    [
        m[0].add(a).add(c),
        b.add(d.mul(c2)),
        a.add(c.mul(c4)),
        b.add(d.mul(c8)).add(m[5]),
    ]
}

/// `V = Bᵀ d B` of one tile: `src[i * rs + j * ps + ch]` is input row `i`, column `j`, channel
/// `ch` (all `c_in'` channels readable); writes `out[ξ * cp + ch]`.
pub(super) fn input_tile<V: V4>(src: &[f32], rs: usize, ps: usize, cp: usize, out: &mut [f32]) {
    assert!(src.len() >= 5 * rs + 5 * ps + cp && out.len() >= XI * cp);
    let (c4, c5, c2) = (V::splat(4.0), V::splat(5.0), V::splat(2.0));
    for cv in (0..cp).step_by(4) {
        // Columns first (`cols[j] = Bᵀ d[.][j]`), then rows of the result.
        // SAFETY: i*rs + j*ps + cv + 4 <= src.len() (asserted above, cv + 4 <= cp).
        let load = |i: usize, j: usize| unsafe { V::load(src.as_ptr().add(i * rs + j * ps + cv)) };
        let cols: [[V; 6]; 6] =
            core::array::from_fn(|j| bt(core::array::from_fn(|i| load(i, j)), c4, c5, c2));
        let t: [[V; 6]; 6] = core::array::from_fn(|i| core::array::from_fn(|j| cols[j][i]));
        for (i, row) in t.into_iter().enumerate() {
            for (j, v) in bt(row, c4, c5, c2).into_iter().enumerate() {
                // SAFETY: (i*6+j)*cp + cv + 4 <= XI*cp <= out.len().
                unsafe { v.store(out.as_mut_ptr().add((i * 6 + j) * cp + cv)) };
            }
        }
    }
}

/// Where one output tile goes.
struct OutTile<'a> {
    /// Element offset of the tile's top-left output pixel, channel 0.
    at: usize,
    rows: usize,
    cols: usize,
    /// Output row stride (`ow * c_out`).
    rs: usize,
    bias: Option<&'a [f32]>,
    relu: bool,
}

/// `Y = Aᵀ M A` of one tile (`m[ξ * kp + ch]`), plus bias, then ReLU; stores the valid part.
fn output_tile<V: V4>(m: &[f32], kp: usize, k: usize, o: &OutTile, y: &mut [f32]) {
    assert!(m.len() >= XI * kp && kp >= k);
    assert!(o.rows >= 1 && o.cols >= 1);
    assert!(o.at + (o.rows - 1) * o.rs + (o.cols - 1) * k + k <= y.len());
    let (c2, c4, c8) = (V::splat(2.0), V::splat(4.0), V::splat(8.0));
    let zero = V::zero();
    for kv in (0..kp).step_by(4) {
        let lanes = 4.min(k - kv);
        let mut bias = [0.0f32; 4];
        if let Some(b) = o.bias {
            bias[..lanes].copy_from_slice(&b[kv..kv + lanes]);
        }
        // SAFETY: reads 4 floats of a local array.
        let bias = unsafe { V::load(bias.as_ptr()) };
        // SAFETY: (i*6+j)*kp + kv + 4 <= XI*kp <= m.len().
        let load = |i: usize, j: usize| unsafe { V::load(m.as_ptr().add((i * 6 + j) * kp + kv)) };
        let cols: [[V; 4]; 6] =
            core::array::from_fn(|j| at(core::array::from_fn(|i| load(i, j)), c2, c4, c8));
        let t: [[V; 6]; 4] = core::array::from_fn(|i| core::array::from_fn(|j| cols[j][i]));
        for (i, row) in t.into_iter().enumerate().take(o.rows) {
            for (j, v) in at(row, c2, c4, c8).into_iter().enumerate().take(o.cols) {
                let mut v = v.add(bias);
                if o.relu {
                    v = v.pmax(zero);
                }
                let d = o.at + i * o.rs + j * k + kv;
                if lanes == 4 {
                    // SAFETY: d + 4 <= y.len() (asserted above: the pixel's k channels fit).
                    unsafe { v.store(y.as_mut_ptr().add(d)) };
                } else {
                    let mut tmp = [0.0f32; 4];
                    // SAFETY: writes 4 floats of a local array.
                    unsafe { v.store(tmp.as_mut_ptr()) };
                    y[d..d + lanes].copy_from_slice(&tmp[..lanes]);
                }
            }
        }
    }
}

/// `y = conv(xp, w) + bias` (then ReLU if `relu`) for an [`eligible`] `g`; `xp` padded by
/// [`super::simd128::pad_input`], `packed` from [`pack_weights`].
pub fn forward(
    g: &ConvGeom,
    xp: &[f32],
    packed: &[f32],
    bias: Option<&[f32]>,
    relu: bool,
    y: &mut [f32],
    s: &mut Scratch,
) {
    debug_assert!(eligible(g));
    let (c, k, cp, kp) = (g.cin, g.cout, round4(g.cin), round4(g.cout));
    let (hp, wp) = (g.hp(), g.wp());
    let (th, tw) = (g.oh.div_ceil(4), g.ow.div_ceil(4));
    let tiles = g.n * th * tw;
    let per = packed_len(g);
    assert!(
        packed.len() >= XI * per,
        "winograd: packed weights too short"
    );
    assert!(xp.len() >= g.n * hp * wp * c && y.len() >= g.n * g.oh * g.ow * k);
    assert!(
        bias.is_none_or(|b| b.len() >= k),
        "winograd: bias too short"
    );
    s.v.resize(T * XI * cp, 0.0);
    s.m.resize(T * XI * kp, 0.0);
    s.rows.clear();
    s.rows.extend((0..T).map(|t| t * XI * cp));
    let segs = [0usize];
    let mut t0 = 0;
    while t0 < tiles {
        let nt = T.min(tiles - t0);
        for t in 0..nt {
            let (b, ty, tx) = tile_pos(t0 + t, th, tw);
            let (y0, x0) = (4 * ty, 4 * tx);
            let out = &mut s.v[t * XI * cp..(t + 1) * XI * cp];
            transform_input(g, xp, b, y0, x0, &mut s.patch, out);
        }
        for xi in 0..XI {
            let a = AIndex {
                rows: &s.rows[..nt],
                segs: &segs,
                seg_len: cp,
                cs: 1,
            };
            gemm::gemm(
                &s.v[xi * cp..],
                &a,
                &packed[xi * per..(xi + 1) * per],
                k,
                &mut s.m[xi * kp..],
                XI * kp,
                &Epilogue::default(),
            );
        }
        for t in 0..nt {
            let (b, ty, tx) = tile_pos(t0 + t, th, tw);
            let (y0, x0) = (4 * ty, 4 * tx);
            let o = OutTile {
                at: ((b * g.oh + y0) * g.ow + x0) * k,
                rows: 4.min(g.oh - y0),
                cols: 4.min(g.ow - x0),
                rs: g.ow * k,
                bias,
                relu,
            };
            output_tile::<Fast>(&s.m[t * XI * kp..(t + 1) * XI * kp], kp, k, &o, y);
        }
        t0 += nt;
    }
}

/// The transformed input tile at padded `(y0, x0)` of image `b`, into `out`: read in place when
/// the 6x6 window lies inside the padded input and no channel padding is needed, else gathered.
pub(super) fn transform_input(
    g: &ConvGeom,
    xp: &[f32],
    b: usize,
    y0: usize,
    x0: usize,
    patch: &mut Vec<f32>,
    out: &mut [f32],
) {
    let (c, cp, hp, wp) = (g.cin, round4(g.cin), g.hp(), g.wp());
    if c == cp && y0 + 6 <= hp && x0 + 6 <= wp {
        let at = ((b * hp + y0) * wp + x0) * c;
        input_tile::<Fast>(&xp[at..], wp * c, c, cp, out);
    } else {
        gather(g, xp, b, y0, x0, patch);
        input_tile::<Fast>(patch, 6 * cp, cp, cp, out);
    }
}

/// Image, tile row and tile column of tile number `t`.
pub(super) fn tile_pos(t: usize, th: usize, tw: usize) -> (usize, usize, usize) {
    (t / (th * tw), (t / tw) % th, t % tw)
}

/// The 6x6 input tile at padded `(y0, x0)` of image `b`, as `[6][6][c_in']`, zero outside the
/// padded input and in the channel tail.
pub(super) fn gather(
    g: &ConvGeom,
    xp: &[f32],
    b: usize,
    y0: usize,
    x0: usize,
    patch: &mut Vec<f32>,
) {
    let (c, cp, hp, wp) = (g.cin, round4(g.cin), g.hp(), g.wp());
    patch.clear();
    patch.resize(XI * cp, 0.0);
    let cols = 6.min(wp - x0);
    for i in 0..6.min(hp - y0) {
        let src = ((b * hp + y0 + i) * wp + x0) * c;
        if c == cp {
            patch[i * 6 * cp..i * 6 * cp + cols * c].copy_from_slice(&xp[src..src + cols * c]);
        } else {
            for j in 0..cols {
                let d = (i * 6 + j) * cp;
                patch[d..d + c].copy_from_slice(&xp[src + j * c..src + (j + 1) * c]);
            }
        }
    }
}

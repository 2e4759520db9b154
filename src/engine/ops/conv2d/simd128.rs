//! Fast convolution: indirect GEMM (no im2col matrix) on the 6x8 SIMD micro-kernel of
//! [`crate::engine::ops::gemm`]. All three passes are one GEMM each:
//! - forward: rows = output pixels, reduction = (ky, kx, ci); with dilation 1 a kernel row is
//!   `kw·c_in` contiguous NHWC floats, so the reduction runs `kh` segments of that length;
//! - input grad: the forward kernel on `dy` scattered into a zero buffer (stride holes, border
//!   `d·(k-1) - pad`) with the kernel flipped and transposed to `[kh, kw, c_out, c_in]`;
//! - weight grad: rows = (ky, kx, ci), reduction = output pixels (one segment per output row,
//!   `ow` pixels `stride·c_in` apart), B = `dy`, in blocks of ~256 pixels accumulated into `dw`;
//! - 3x3 stride-1 input grads with 8+ channels run as a Winograd forward pass on `dy`, their
//!   weight grads as Winograd too (`winograd_grad.rs`).

use super::{winograd, winograd_grad, ConvGeom};
use crate::engine::ops::gemm::{self, AIndex, Epilogue};

/// Reusable buffers, so a training step does not allocate once warm.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    packed: Vec<f32>,
    rows: Vec<usize>,
    segs: Vec<usize>,
    buf: Vec<f32>,
    col: Vec<f32>,
    /// Flipped, transposed weights and padded `dy` of the Winograd input gradient.
    wflip: Vec<f32>,
    dypad: Vec<f32>,
    wino_grad: Box<winograd_grad::Scratch>,
    /// Boxed: keeps the conv layer (and so `nn::Layer`) small.
    wino: Box<winograd::Scratch>,
}

/// `x` itself when `pad == 0`, else `x` zero-padded into `out`.
pub fn pad_input<'a>(g: &ConvGeom, x: &'a [f32], out: &'a mut Vec<f32>) -> &'a [f32] {
    if g.pad == 0 {
        return &x[..g.n * g.h * g.w * g.cin];
    }
    let (hp, wp, c, p) = (g.hp(), g.wp(), g.cin, g.pad);
    out.clear();
    out.resize(g.n * hp * wp * c, 0.0);
    for n in 0..g.n {
        for y in 0..g.h {
            let s = ((n * g.h + y) * g.w) * c;
            let d = ((n * hp + y + p) * wp + p) * c;
            out[d..d + g.w * c].copy_from_slice(&x[s..s + g.w * c]);
        }
    }
    out
}

/// Pack `w` (`[kh, kw, c_in, c_out]`) for [`forward`]: Winograd-transformed when
/// [`winograd::eligible`], else as for [`forward_direct`].
pub fn pack_weights(g: &ConvGeom, w: &[f32], out: &mut Vec<f32>) {
    if winograd::eligible(g) {
        winograd::pack_weights(g, w, out);
    } else {
        pack_weights_direct(g, w, out);
    }
}

/// Pack `w` (a `K x c_out` matrix) for [`forward_direct`].
pub fn pack_weights_direct(g: &ConvGeom, w: &[f32], out: &mut Vec<f32>) {
    gemm::pack_b(g.kh * g.kw * g.cin, g.cout, w, g.cout, 1, out);
}

/// Row offsets (one per output pixel) and segment offsets of a stride-`s` correlation over an
/// `[n, hh, ww, c]` buffer producing `oh x ow`.
#[allow(clippy::too_many_arguments)]
fn index(
    rows: &mut Vec<usize>,
    segs: &mut Vec<usize>,
    n: usize,
    hh: usize,
    ww: usize,
    c: usize,
    oh: usize,
    ow: usize,
    s: usize,
    g: &ConvGeom,
) -> usize {
    rows.clear();
    for b in 0..n {
        for oy in 0..oh {
            for ox in 0..ow {
                rows.push(((b * hh + oy * s) * ww + ox * s) * c);
            }
        }
    }
    segs.clear();
    if g.dil == 1 {
        segs.extend((0..g.kh).map(|ky| ky * ww * c));
        g.kw * c
    } else {
        for ky in 0..g.kh {
            for kx in 0..g.kw {
                segs.push((ky * g.dil * ww + kx * g.dil) * c);
            }
        }
        c
    }
}

/// `y = conv(xp, w) + bias` (then ReLU if `relu`); `xp` from [`pad_input`], `packed_w` from
/// [`pack_weights`]. 3x3 stride-1 convolutions with 8+ channels run Winograd F(4x4, 3x3)
/// (a quarter of the multiplies), the rest the indirect GEMM.
pub fn forward(
    g: &ConvGeom,
    xp: &[f32],
    packed_w: &[f32],
    bias: Option<&[f32]>,
    relu: bool,
    y: &mut [f32],
    s: &mut Scratch,
) {
    if winograd::eligible(g) {
        winograd::forward(g, xp, packed_w, bias, relu, y, &mut s.wino);
    } else {
        forward_direct(g, xp, packed_w, bias, relu, y, s);
    }
}

/// [`forward`] by the indirect GEMM, for any geometry; `packed_w` from [`pack_weights_direct`].
pub fn forward_direct(
    g: &ConvGeom,
    xp: &[f32],
    packed_w: &[f32],
    bias: Option<&[f32]>,
    relu: bool,
    y: &mut [f32],
    s: &mut Scratch,
) {
    let seg_len = index(
        &mut s.rows,
        &mut s.segs,
        g.n,
        g.hp(),
        g.wp(),
        g.cin,
        g.oh,
        g.ow,
        g.stride,
        g,
    );
    let a = AIndex {
        rows: &s.rows,
        segs: &s.segs,
        seg_len,
        cs: 1,
    };
    gemm::gemm(
        xp,
        &a,
        packed_w,
        g.cout,
        y,
        g.cout,
        &Epilogue {
            accumulate: false,
            bias,
            relu,
        },
    );
}

/// `dx` (`[n, h, w, c_in]`) from `dy` (`[n, oh, ow, c_out]`), by whichever of the two methods
/// does fewer multiply-adds (counting padded SIMD lanes and the zero border): the direct flipped
/// correlation wastes the border and rounds `c_in` up to 8 lanes; the GEMM + col2im pays a
/// scatter. LeNet-5's C3 (`c_in` 6, 10x10 output): col2im 8.7 M vs direct 20 M per batch of 32.
pub fn backward_input(g: &ConvGeom, w: &[f32], dy: &[f32], dx: &mut [f32], s: &mut Scratch) {
    if let Some(gt) = winograd_grad::transpose(g) {
        let mut dypad = std::mem::take(&mut s.dypad);
        let src = pad_input(&gt, dy, &mut dypad);
        winograd_grad::backward_input(g, &gt, w, src, dx, &mut s.wflip, &mut s.packed, &mut s.wino);
        s.dypad = dypad;
        return;
    }
    let r8 = |v: usize| v.div_ceil(8) * 8;
    let k = g.kh * g.kw * g.cin;
    let direct = g.n * g.h * g.w * r8(g.cin) * g.kh * g.kw * g.cout;
    let col = g.n * g.oh * g.ow * (g.cout * r8(k) + 2 * k);
    if col < direct {
        backward_input_col(g, w, dy, dx, s)
    } else {
        backward_input_direct(g, w, dy, dx, s)
    }
}

/// Rows of `dy` per col2im chunk (keeps the column buffer in L1/L2).
const COL_ROWS: usize = 128;

/// `dx` by `dcol = dy · wᵀ` (`[pixels, kh·kw·c_in]`, in chunks) and a col2im scatter-add.
pub fn backward_input_col(g: &ConvGeom, w: &[f32], dy: &[f32], dx: &mut [f32], s: &mut Scratch) {
    let k = g.kh * g.kw * g.cin;
    let (hp, wp, c) = (g.hp(), g.wp(), g.cin);
    gemm::pack_b(g.cout, k, w, 1, g.cout, &mut s.packed);
    let padded = g.pad > 0;
    if padded {
        s.buf.clear();
        s.buf.resize(g.n * hp * wp * c, 0.0);
    } else {
        dx.iter_mut().for_each(|v| *v = 0.0);
    }
    let m = g.n * g.oh * g.ow;
    s.col.resize(COL_ROWS.min(m) * k, 0.0);
    let mut m0 = 0;
    while m0 < m {
        let m1 = (m0 + COL_ROWS).min(m);
        s.rows.clear();
        s.rows.extend((m0..m1).map(|p| p * g.cout));
        let a = AIndex {
            rows: &s.rows,
            segs: &[0],
            seg_len: g.cout,
            cs: 1,
        };
        gemm::gemm(dy, &a, &s.packed, k, &mut s.col, k, &Epilogue::default());
        let target: &mut [f32] = if padded { &mut s.buf } else { dx };
        for p in m0..m1 {
            let (b, oy, ox) = (p / (g.oh * g.ow), p / g.ow % g.oh, p % g.ow);
            let col = &s.col[(p - m0) * k..(p - m0 + 1) * k];
            for ky in 0..g.kh {
                for kx in 0..g.kw {
                    let d =
                        ((b * hp + oy * g.stride + ky * g.dil) * wp + ox * g.stride + kx * g.dil)
                            * c;
                    let src = &col[(ky * g.kw + kx) * c..(ky * g.kw + kx + 1) * c];
                    add_into(&mut target[d..d + c], src);
                }
            }
        }
        m0 = m1;
    }
    if padded {
        for b in 0..g.n {
            for y in 0..g.h {
                let d = ((b * g.h + y) * g.w) * c;
                let src = ((b * hp + y + g.pad) * wp + g.pad) * c;
                dx[d..d + g.w * c].copy_from_slice(&s.buf[src..src + g.w * c]);
            }
        }
    }
}

/// `dst += src`, 4 lanes at a time.
fn add_into(dst: &mut [f32], src: &[f32]) {
    use crate::engine::simd::{Fast, V4};
    let n = dst.len().min(src.len());
    let n4 = n / 4 * 4;
    let mut i = 0;
    // SAFETY: i + 4 <= n4 <= both lengths.
    unsafe {
        while i < n4 {
            let v = Fast::load(dst.as_ptr().add(i)).add(Fast::load(src.as_ptr().add(i)));
            v.store(dst.as_mut_ptr().add(i));
            i += 4;
        }
    }
    for j in n4..n {
        dst[j] += src[j];
    }
}

/// `dx` by the direct method: the forward kernel on `dy` scattered into a zero buffer.
pub fn backward_input_direct(g: &ConvGeom, w: &[f32], dy: &[f32], dx: &mut [f32], s: &mut Scratch) {
    let (eh, ew) = (g.dil * (g.kh - 1), g.dil * (g.kw - 1));
    let (hb, wb, co) = (g.h + eh, g.w + ew, g.cout);
    // dybuf[j] = dy_zero_inserted[j + pad - d(k-1)]: dx[y] = Σ_ky' dybuf[y + ky'·d] · w_flip[ky'].
    s.buf.clear();
    s.buf.resize(g.n * hb * wb * co, 0.0);
    for n in 0..g.n {
        for oy in 0..g.oh {
            let yb = (oy * g.stride + eh) as isize - g.pad as isize;
            if yb < 0 || yb as usize >= hb {
                continue;
            }
            for ox in 0..g.ow {
                let xb = (ox * g.stride + ew) as isize - g.pad as isize;
                if xb < 0 || xb as usize >= wb {
                    continue;
                }
                let d = ((n * hb + yb as usize) * wb + xb as usize) * co;
                let src = ((n * g.oh + oy) * g.ow + ox) * co;
                s.buf[d..d + co].copy_from_slice(&dy[src..src + co]);
            }
        }
    }
    let (kh, kw, cin) = (g.kh, g.kw, g.cin);
    gemm::pack_b_with(kh * kw * co, cin, &mut s.packed, |r, ci| {
        let (kyx, o) = (r / co, r % co);
        let (ky, kx) = (kyx / kw, kyx % kw);
        w[(((kh - 1 - ky) * kw + (kw - 1 - kx)) * cin + ci) * co + o]
    });
    let seg_len = index(&mut s.rows, &mut s.segs, g.n, hb, wb, co, g.h, g.w, 1, g);
    let a = AIndex {
        rows: &s.rows,
        segs: &s.segs,
        seg_len,
        cs: 1,
    };
    gemm::gemm(&s.buf, &a, &s.packed, cin, dx, cin, &Epilogue::default());
}

/// `dw` (`[kh, kw, c_in, c_out]`) from the padded input `xp` and `dy`.
pub fn backward_weight(g: &ConvGeom, xp: &[f32], dy: &[f32], dw: &mut [f32], s: &mut Scratch) {
    if winograd::eligible(g) {
        return winograd_grad::backward_weight(g, xp, dy, dw, &mut s.wino_grad);
    }
    let (hp, wp, c) = (g.hp(), g.wp(), g.cin);
    s.rows.clear();
    for ky in 0..g.kh {
        for kx in 0..g.kw {
            for ci in 0..c {
                s.rows.push((ky * g.dil * wp + kx * g.dil) * c + ci);
            }
        }
    }
    s.segs.clear();
    for n in 0..g.n {
        for oy in 0..g.oh {
            s.segs.push((n * hp + oy * g.stride) * wp * c);
        }
    }
    // Blocked over output pixels: each chunk's `dy` (the packed B) stays in L1/L2 while every
    // row tile of A passes over it, instead of streaming all of `dy` once per row tile.
    let per = (WGRAD_PIXELS / g.ow).max(1);
    for (i, segs) in s.segs.chunks(per).enumerate() {
        let start = i * per * g.ow * g.cout;
        let pix = segs.len() * g.ow;
        gemm::pack_b(pix, g.cout, &dy[start..], g.cout, 1, &mut s.packed);
        let a = AIndex {
            rows: &s.rows,
            segs,
            seg_len: g.ow,
            cs: g.stride * c,
        };
        let ep = Epilogue {
            accumulate: i > 0,
            ..Default::default()
        };
        gemm::gemm(xp, &a, &s.packed, g.cout, dw, g.cout, &ep);
    }
}

/// Output pixels per block of the weight gradient.
const WGRAD_PIXELS: usize = 256;

/// `db = Σ dy` (column sums of the `[pixels, c_out]` matrix).
pub fn backward_bias(dy: &[f32], cout: usize, db: &mut [f32]) {
    db.iter_mut().for_each(|v| *v = 0.0);
    for row in dy.chunks_exact(cout) {
        for (d, &v) in db.iter_mut().zip(row) {
            *d += v;
        }
    }
}

//! GEMM, the engine's one hot loop: `C[m x n] (+)= A[m x k] · B[k x n]`, optional bias per
//! column and fused ReLU. Conv2d (forward, input grad, weight grad) and dense (same three) are all
//! expressed as this product without materialising im2col:
//!
//! `A(i, r) = src[rows[i] + segs[r / seg_len] + (r % seg_len) * cs]`
//!
//! i.e. each row `i` starts at `rows[i]`, and the reduction index `r` walks `segs.len()`
//! segments of `seg_len` elements `cs` apart. For a conv forward pass (NHWC), row = output pixel,
//! segment = kernel row `ky`, run = `kw * c_in` contiguous floats: the "indirect GEMM" of
//! XNNPACK, which saves writing and re-reading the im2col matrix. B is packed once per call into
//! panels of [`NR`] columns (`pack_b`), zero-padded, so the micro-kernel never branches on tails.
//!
//! # Shapes
//! `rows.len() = m`, `k = segs.len() * seg_len`, packed B holds `ceil(n / NR) * k * NR` floats,
//! `C` is row-major with leading dimension `ldc >= n`.

pub mod reference;
pub mod simd128;

pub use simd128::{MR, NR};

/// How `A` is addressed (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct AIndex<'a> {
    pub rows: &'a [usize],
    pub segs: &'a [usize],
    pub seg_len: usize,
    pub cs: usize,
}

impl AIndex<'_> {
    /// Length of the reduction dimension.
    pub fn k(&self) -> usize {
        self.segs.len() * self.seg_len
    }
    /// One past the largest index read, for bounds checks (0 when nothing is read).
    pub fn extent(&self) -> usize {
        if self.rows.is_empty() || self.k() == 0 {
            return 0;
        }
        let r = self.rows.iter().max().unwrap();
        let s = self.segs.iter().max().unwrap();
        r + s + (self.seg_len - 1) * self.cs + 1
    }
    /// `A(i, r)`, for the reference kernel and tests.
    pub fn at(&self, src: &[f32], i: usize, r: usize) -> f32 {
        src[self.rows[i] + self.segs[r / self.seg_len] + (r % self.seg_len) * self.cs]
    }
}

/// What to do when storing a tile of `C`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Epilogue<'a> {
    /// `C += A·B` instead of `C = A·B`.
    pub accumulate: bool,
    /// Added to every row (length `n`).
    pub bias: Option<&'a [f32]>,
    /// Apply `max(0, .)` after the bias.
    pub relu: bool,
}

/// Pack `B` (element `(r, j)` at `get(r, j)`, `r < k`, `j < n`) into NR-column panels.
pub fn pack_b_with(k: usize, n: usize, out: &mut Vec<f32>, get: impl Fn(usize, usize) -> f32) {
    let panels = n.div_ceil(NR);
    out.clear();
    out.resize(panels * k * NR, 0.0);
    for p in 0..panels {
        let j0 = p * NR;
        let w = NR.min(n - j0);
        for r in 0..k {
            let dst = &mut out[(p * k + r) * NR..(p * k + r) * NR + w];
            for (jj, d) in dst.iter_mut().enumerate() {
                *d = get(r, j0 + jj);
            }
        }
    }
}

/// Pack a strided `B`: element `(r, j)` at `src[r * rs + j * cs]`. Row-major fast path.
pub fn pack_b(k: usize, n: usize, src: &[f32], rs: usize, cs: usize, out: &mut Vec<f32>) {
    if cs == 1 {
        let panels = n.div_ceil(NR);
        out.clear();
        out.resize(panels * k * NR, 0.0);
        for p in 0..panels {
            let j0 = p * NR;
            let w = NR.min(n - j0);
            for r in 0..k {
                let o = (p * k + r) * NR;
                out[o..o + w].copy_from_slice(&src[r * rs + j0..r * rs + j0 + w]);
            }
        }
    } else {
        pack_b_with(k, n, out, |r, j| src[r * rs + j * cs]);
    }
}

/// The fast GEMM (SIMD128 on wasm, portable vectors elsewhere) on a packed B.
pub fn gemm(
    a_src: &[f32],
    a: &AIndex,
    packed_b: &[f32],
    n: usize,
    c: &mut [f32],
    ldc: usize,
    ep: &Epilogue,
) {
    simd128::gemm::<crate::engine::simd::Fast>(a_src, a, packed_b, n, c, ldc, ep)
}

//! SIMD ReLU: `pmax(x, 0)` forward and `dy & (y > 0)` backward, 4 lanes at a time, scalar tail.
//! (tanh / sigmoid use the scalar reference: SIMD128 has no exp, and they sit off the hot path.)

use crate::engine::simd::{Fast, V4};

/// `y = max(x, 0)`.
pub fn relu_forward(x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    let n4 = n / 4 * 4;
    let mut i = 0;
    // SAFETY: i + 4 <= n4 <= both lengths.
    unsafe {
        while i < n4 {
            Fast::load(x.as_ptr().add(i))
                .pmax(Fast::zero())
                .store(y.as_mut_ptr().add(i));
            i += 4;
        }
    }
    for j in n4..n {
        y[j] = if x[j] < 0.0 { 0.0 } else { x[j] };
    }
}

/// In-place ReLU.
pub fn relu_inplace(x: &mut [f32]) {
    let n4 = x.len() / 4 * 4;
    let p = x.as_mut_ptr();
    let mut i = 0;
    // SAFETY: i + 4 <= n4 <= len.
    unsafe {
        while i < n4 {
            Fast::load(p.add(i)).pmax(Fast::zero()).store(p.add(i));
            i += 4;
        }
    }
    for v in &mut x[n4..] {
        if *v < 0.0 {
            *v = 0.0;
        }
    }
}

/// `dx = dy` where `y > 0`, else 0.
pub fn relu_backward(y: &[f32], dy: &[f32], dx: &mut [f32]) {
    let n = y.len().min(dy.len()).min(dx.len());
    let n4 = n / 4 * 4;
    let mut i = 0;
    // SAFETY: i + 4 <= n4 <= all lengths.
    unsafe {
        while i < n4 {
            let m = Fast::load(y.as_ptr().add(i)).gt_mask(Fast::zero());
            Fast::load(dy.as_ptr().add(i))
                .and(m)
                .store(dx.as_mut_ptr().add(i));
            i += 4;
        }
    }
    for j in n4..n {
        dx[j] = if y[j] > 0.0 { dy[j] } else { 0.0 };
    }
}

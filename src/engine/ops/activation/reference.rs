//! Reference activation loops.

use super::Activation;

/// `y = f(x)`.
pub fn forward(a: Activation, x: &[f32], y: &mut [f32]) {
    for (o, &v) in y.iter_mut().zip(x) {
        *o = a.f(v);
    }
}

/// `dx = dy · f'(y)`.
pub fn backward(a: Activation, y: &[f32], dy: &[f32], dx: &mut [f32]) {
    for ((o, &v), &g) in dx.iter_mut().zip(y).zip(dy) {
        *o = g * a.df(v);
    }
}

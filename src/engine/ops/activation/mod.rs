//! Element-wise activations, each with its derivative beside it (`f` and `df`). Derivatives are
//! written in terms of the output `y = f(x)`, so backward needs only the saved output:
//!
//! | name | f(x) | f'(x) as a function of y |
//! |---|---|---|
//! | relu | max(0, x) | 1 if y > 0 else 0 |
//! | tanh | tanh x | 1 - y² |
//! | sigmoid | 1 / (1 + e^-x) | y (1 - y) |
//! | scaled tanh | A tanh(S x), A = 1.7159, S = 2/3 (LeCun 1998, Appendix A) | (S / A)(A² - y²) |
//!
//! # Shapes
//! Any shape; `y` and `dx` have the shape of `x`.

pub mod reference;
pub mod simd128;

use crate::engine::error::{EngineError, Result};
use crate::engine::tensor::{self, fmt_shape, Tensor};
use serde::{Deserialize, Serialize};

/// LeCun's scaled tanh amplitude.
pub const LECUN_A: f32 = 1.7159;
/// LeCun's scaled tanh slope.
pub const LECUN_S: f32 = 2.0 / 3.0;

/// The activations the engine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Identity,
    Relu,
    Tanh,
    Sigmoid,
    ScaledTanh,
}

impl Activation {
    /// `f(x)`.
    pub fn f(self, x: f32) -> f32 {
        match self {
            Activation::Identity => x,
            Activation::Relu => x.max(0.0),
            Activation::Tanh => x.tanh(),
            Activation::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Activation::ScaledTanh => LECUN_A * (LECUN_S * x).tanh(),
        }
    }
    /// `f'(x)` expressed through `y = f(x)`.
    pub fn df(self, y: f32) -> f32 {
        match self {
            Activation::Identity => 1.0,
            Activation::Relu => {
                if y > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Tanh => 1.0 - y * y,
            Activation::Sigmoid => y * (1.0 - y),
            Activation::ScaledTanh => LECUN_S / LECUN_A * (LECUN_A * LECUN_A - y * y),
        }
    }
}

/// `y = f(x)` into a slice (ReLU on the SIMD path).
pub fn forward_slice(a: Activation, x: &[f32], y: &mut [f32]) {
    match a {
        Activation::Relu => simd128::relu_forward(x, y),
        _ => reference::forward(a, x, y),
    }
}

/// `dx = dy · f'(y)` into a slice (ReLU on the SIMD path).
pub fn backward_slice(a: Activation, y: &[f32], dy: &[f32], dx: &mut [f32]) {
    match a {
        Activation::Relu => simd128::relu_backward(y, dy, dx),
        _ => reference::backward(a, y, dy, dx),
    }
}

/// `y = f(x)`.
pub fn activate(a: Activation, x: &Tensor) -> Tensor {
    let mut y = tensor::zeros(x.shape());
    forward_slice(a, &tensor::data(x), tensor::data_mut(&mut y));
    y
}

/// `dx = dy · f'(y)`; a typed error when `y` and `dy` differ in shape.
pub fn activate_backward(a: Activation, y: &Tensor, dy: &Tensor) -> Result<Tensor> {
    if y.shape() != dy.shape() {
        return Err(EngineError::shape(
            "activation_backward",
            "y and dy differ",
            format!("y {} dy {}", fmt_shape(y.shape()), fmt_shape(dy.shape())),
        ));
    }
    let mut dx = tensor::zeros(y.shape());
    backward_slice(
        a,
        &tensor::data(y),
        &tensor::data(dy),
        tensor::data_mut(&mut dx),
    );
    Ok(dx)
}

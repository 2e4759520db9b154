//! The tensor engine: tensors, ops (forward + backward, reference + SIMD128 kernels), layers,
//! models, optimisers, weights I/O and benchmarks. Never imports UI code (no leptos / web-sys /
//! wasm-bindgen), so everything here is tested natively with `cargo test` and in the browser.
//!
//! # Layout: NHWC
//! Images are `[n, h, w, c]`, conv weights `[kh, kw, c_in, c_out]`. Reasons, measured:
//! - every conv pass becomes a GEMM whose reduction runs over contiguous `kw·c_in` floats and whose
//!   output rows are contiguous `c_out` floats, so the 6x8 SIMD micro-kernel reads A with scalar
//!   splat loads straight from the image (indirect GEMM, no im2col copy) and writes C with plain
//!   vector stores; in NCHW the same product needs an im2col/transposition copy;
//! - pooling in NHWC is vertical: a 2x2 window is 4 vector loads + 3 `pmax` per 4 channels; in NCHW
//!   it needs lane deinterleaving (`i8x16.shuffle`). Measured on 128x128x32 maxpool 2/2
//!   (`cargo run --release --bin engine_bench -- --layout`, native, same machine): NHWC
//!   engine kernel 21.3 GB/s vs an NCHW loop 13.1 GB/s; in Chromium the NHWC kernel gives ~40 GB/s;
//! - the conv GEMM in NHWC needs no transposition at all: measured in Chromium, the indirect-GEMM
//!   conv2d 1x64x64x16 -> 32 3x3 runs at ~33 GFLOP/s, the LeNet-5 training step at ~5,400 img/s;
//! - it is the layout of the benchmark peers (TF.js) so the bench data is fed without transposes.
//!
//! # Modules
//! [`tensor`] (type + helpers), [`rng`] (seeded), [`error`], [`ops`], [`nn`] (layers, models,
//! optimisers, builders, weights I/O), [`lesson_api`] (1-D/2-D single-image helpers for lesson
//! pages), [`harness`] (fast-vs-reference checks, run natively and in the browser), [`bench`].

pub mod bench;
pub mod error;
pub mod harness;
pub mod lesson_api;
pub mod nn;
pub mod ops;
pub mod rng;
pub mod simd;
pub mod tensor;

pub use error::{EngineError, Result};
pub use rng::Rng;
pub use simd::simd_enabled;
pub use tensor::Tensor;

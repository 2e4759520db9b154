//! Ops: one folder per op with kernels (`mod.rs` API + shape checks + formula, `reference.rs` the
//! plain loops kept forever, `simd128.rs` the fast path), single files for the trivial ones.

pub mod activation;
pub mod batchnorm;
pub mod conv2d;
pub mod dense;
pub mod elementwise;
pub mod gemm;
pub mod loss;
pub mod lrn;
pub mod pool;

pub use activation::{activate, activate_backward, Activation};
pub use batchnorm::{batchnorm, batchnorm_backward};
pub use conv2d::{conv2d, conv2d_backward, ConnectionTable, Conv2dParams, ConvGeom};
pub use dense::{dense, dense_backward, DenseGeom};
pub use elementwise::{add, flatten, flatten_backward};
pub use loss::{softmax, softmax_cross_entropy};
pub use lrn::{lrn, lrn_backward, LrnParams};
pub use pool::{pool, pool_backward, PoolGeom, PoolMode};

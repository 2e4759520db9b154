//! Neural-network layer: configs (serde), parameters and initialisers, layers (conv, dense,
//! pooling, batch norm, dropout, LRN, global average pooling), the sequential container with
//! residual blocks and concatenated branches, the model (loss, training vs evaluation mode,
//! read-outs, summary), optimisers, weights I/O and the LeNet-5 / MLP / CNN / ResNet-8-mini
//! builders.

pub mod builders;
pub mod config;
mod flat;
pub mod io;
pub mod layer;
pub mod layers;
pub mod model;
pub mod norm;
pub mod optim;
pub mod param;
pub mod summary;

pub use builders::{lenet5_modern, lenet5_paper, mlp, resnet8_mini, small_cnn};
pub use config::{Init, LayerConfig, ModelConfig};
pub use model::{Evaluation, LayerGradNorm, Model};
pub use optim::{Optimizer, OptimizerConfig};
pub use param::Param;
pub use summary::LayerSummary;

//! Architectures as data, and one calculator for all of them.
//!
//! - [`layer`]: the serde model (`Network`, `Layer`, `Op`, ...), [`build`]: constructors,
//!   [`kind`]: what a layer row is (`LayerKind`, shown and serialised as the JSON `kind` tag).
//! - [`calc::analyze`]: per-layer output shape, parameters, multiply-adds, connections and
//!   receptive field; totals and layer counts ([`report`] states the counting conventions).
//! - [`zoo`]: LeNet-5, AlexNet, VGG-16/19, GoogLeNet, plain-34, ResNet-18..152 and the three
//!   networks of Deep Learning book Fig. 9.11, each with the published figures it reproduces;
//!   [`zoo::NETS`] is the one table of the `/architectures/:net` networks (id, short and long
//!   name, family, constructor) that the catalog, the zoo and the pages read.
//! - [`inception`]: naive vs dimension-reduced inception module cost.
//! - [`imagenet`]: ILSVRC classification winners 2010-2015, cited.
//! - [`conventions`]: how the slide and the papers count layers (one explanation, recounted).
//! - [`fig911`]: the Deep Learning book Fig. 9.11 pages' words, answers and any-size check.
//! - [`answers`]: AlexNet's and ResNet's header questions answered from the papers.
//! - [`flops`]: where the multiply-adds go (VGG-19 vs ResNet-34 by resolution).
//! - [`why_flops`]: VGG vs ResNet-34 multiply-adds split into width, resolution and fc layers.
//! - [`builder`]: the editable network of `/three-networks`, as URL text.
//! - [`fmt`]: numbers as the pages show them.
//! - [`from_engine`]: an engine model as a calculator network (the two are checked equal).
//! - [`diagram`]: the drawn network (volumes, modules, shortcuts) as pure geometry.
//! - [`state`]: the URL state of the architecture pages.
//!
//! Pure: no UI imports; tested natively (`cargo test --lib lessons::arch`, `tests/arch_*.rs`).

pub mod answers;
pub mod build;
pub mod builder;
pub mod calc;
pub mod conventions;
mod count;
pub mod diagram;
pub mod error;
pub mod fig911;
pub mod flops;
pub mod fmt;
pub mod from_engine;
pub mod geometry;
pub mod imagenet;
pub mod inception;
pub mod kind;
pub mod layer;
mod ops;
pub mod report;
pub mod state;
pub mod why_flops;
pub mod zoo;

pub use build::{SAME, VALID};
pub use calc::{analyze, analyze_layers, kind_name};
pub use count::count_layers;
pub use error::ArchError;
pub use kind::LayerKind;
pub use layer::{
    Activation, AuxHead, Branch, Concat, Conv, Dense, Dropout, GridPool, Layer, Lrn, Network, Op,
    PadMode, Padding, Pool, PoolMode, Rbf, Residual, Shape, Shortcut, Subsample,
};
pub use report::{AuxReport, LayerCount, LayerReport, NetReport, Totals};
pub use zoo::{network, report, NETWORK_IDS, VARIANT_IDS};

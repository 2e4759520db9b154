//! Data sets and their compact on-disk formats (MNIST-format shards, grayscale PNGs). Pure: no UI
//! imports.
pub mod dataset;
pub mod gray_png;
pub mod mnist;
pub mod offline;

pub use dataset::Dataset;

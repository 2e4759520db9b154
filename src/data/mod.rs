//! Data sets and their compact on-disk formats (MNIST shards, grayscale PNGs). Pure: no UI
//! imports.
pub mod gray_png;
pub mod mnist;

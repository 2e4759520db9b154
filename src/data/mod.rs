//! Data sets and their compact on-disk formats (MNIST shards). Pure: no UI imports.
pub mod mnist;

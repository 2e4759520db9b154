//! CNN Lab: interactive lessons on CNN architectures.
//!
//! Layering (one direction only, checked by `tests/layering.rs`):
//! - [`engine`]: the tensor engine (ops, kernels, layers, models, optimisers). No UI imports.
//! - [`lessons`]: the pure math of every lesson page. No UI imports.
//! - [`figure`]: the pure side of charts and figures (tick labels, text boxes and their checks,
//!   palette and contrast, export titles). No UI imports.
//! - [`state`]: URL query-string state for lesson pages (parse, clamp, serialise). No UI imports.
//! - `ui` (wasm32 only): leptos pages and components, thin wrappers around the above.

pub mod catalog;
pub mod data;
pub mod engine;
pub mod figure;
pub mod lessons;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod ui;

//! The leptos UI (wasm32 only): shell, components and one page per lesson.
//!
//! Pages are thin: they read their state from the URL ([`url_state`]), call the pure math in
//! `crate::lessons` / `crate::engine`, and draw.

pub mod app;
pub mod components;
pub mod env;
pub mod pages;
pub mod panic;
pub mod present;
pub mod url_state;

/// Entry point called by `main`: installs the panic panel and mounts the app.
pub fn start() {
    panic::install();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

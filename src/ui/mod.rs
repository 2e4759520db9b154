//! The leptos UI (wasm32 only): shell, components and one page per lesson.
//!
//! Pages are thin: they read their state from the URL ([`url_state`]), call the pure math in
//! `crate::lessons` / `crate::engine`, and draw.

pub mod app;
pub mod components;
pub mod env;
pub mod export;
pub mod loaders;
pub mod owned;
pub mod pages;
pub mod panic;
pub mod present;
pub mod url_state;
pub mod viz;

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
    register_service_worker();
}

/// Offline after the first visit: registers `sw.js` (written by `scripts/post-build.mjs`).
fn register_service_worker() {
    let Some(w) = web_sys::window() else { return };
    let nav = w.navigator();
    if !js_sys::Reflect::has(&nav, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let promise = nav.service_worker().register(&env::href("/sw.js"));
    leptos::task::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_2(&"CNN Lab: offline mode unavailable:".into(), &e);
        }
    });
}

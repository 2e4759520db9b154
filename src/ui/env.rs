//! Facts about how the app was opened: its base path (for sub-path hosting) and the shell modes
//! (`?embed=1`) read once from the first URL. Presenter mode follows the router's query.

use crate::state::Query;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The public URL's path without a trailing slash ("" at the root, "/course/cnn" under a
/// sub-path), from `<base href>` that Trunk writes for `--public-url`.
pub fn base_path() -> String {
    let href = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("base").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_default();
    let path = if href.starts_with("http://") || href.starts_with("https://") {
        web_sys::Url::new(&href)
            .map(|u| u.pathname())
            .unwrap_or_default()
    } else {
        href
    };
    path.trim_end_matches('/').to_string()
}

/// `base_path() + path`: an absolute href that works under any public URL.
pub fn href(path: &str) -> String {
    format!("{}{}", base_path(), path)
}

/// The query string of the first URL (without `?`): for the shell modes read once at start;
/// pages read the router's query ([`super::url_state::query`]).
pub fn search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_string()
}

fn flag(name: &str) -> bool {
    matches!(
        Query::parse(&search()).get(name),
        Some("1" | "true" | "yes" | "on")
    )
}

/// Shell modes, fixed for the life of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    pub embed: bool,
}

impl Modes {
    pub fn from_url() -> Self {
        Self {
            embed: flag("embed"),
        }
    }
}

/// `origin + base + path?query`, for links and embed snippets.
pub fn absolute_url(path: &str, query: &str) -> String {
    let origin = window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    if query.is_empty() {
        format!("{origin}{}", href(path))
    } else {
        format!("{origin}{}?{query}", href(path))
    }
}

/// This wasm instance's linear memory in bytes (64 KiB pages). The page and the training worker
/// are separate instances, each with its own memory; it never shrinks, so its growth over a long
/// run is what `make soak` reports.
pub fn wasm_memory_bytes() -> u64 {
    core::arch::wasm32::memory_size(0) as u64 * 65_536
}

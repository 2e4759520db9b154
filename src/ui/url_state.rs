//! Binds a lesson's [`UrlState`] to the address bar: restored once from the query string when
//! the page mounts, written back with `replaceState` (no history spam) on every change.

use crate::state::{self, Note, Query, UrlState};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The lesson state signal and the notes about what was clamped or defaulted.
pub fn use_url_state<T>() -> (RwSignal<T>, RwSignal<Vec<Note>>)
where
    T: UrlState + Send + Sync + 'static,
{
    let (initial, notes) = state::decode::<T>(&super::env::search());
    let state = RwSignal::new(initial);
    let notes = RwSignal::new(notes);
    Effect::new(move |_| {
        let s = state.get();
        write_back(&s);
    });
    (state, notes)
}

/// Merges `s` into the current query (keeping `embed`, `present` and unknown keys).
pub fn write_back<T: UrlState>(s: &T) {
    let mut q = Query::parse(&super::env::search());
    state::encode_into(s, &mut q);
    replace_query(&q);
}

/// Writes one shell key (e.g. the presenter `step`) into the URL.
pub fn write_key(key: &str, value: Option<&str>) {
    let mut q = Query::parse(&super::env::search());
    match value {
        Some(v) => q.set(key, v),
        None => q.remove(key),
    }
    replace_query(&q);
}

fn replace_query(q: &Query) {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let path = loc.pathname().unwrap_or_default();
    let hash = loc.hash().unwrap_or_default();
    let qs = q.to_query_string();
    let url = if qs.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{qs}{hash}")
    };
    if let Ok(h) = w.history() {
        let current = format!("{path}{}{hash}", loc.search().unwrap_or_default());
        if current != url {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

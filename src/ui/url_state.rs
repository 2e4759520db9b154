//! A lesson's state lives in the router's query string. A page reads it when it mounts
//! ([`use_url_state`]) and writes every change back through the router with `replace` (no
//! history spam). A query other than the one the page shows (Back, Forward, a link to another
//! query of the same lesson) re-mounts the page: see [`is_shown`].

use crate::state::{self, Note, Query, UrlState};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// The query string the current page shows: the one it was built from, or the last one it
/// wrote itself.
#[derive(Clone, Copy)]
pub struct Shown(StoredValue<String>);

/// Makes the record of the shown query; called once, inside the router.
pub fn provide_shown() {
    provide_context(Shown(StoredValue::new(
        use_location().search.get_untracked(),
    )));
}

/// Records that the page now shows `search` (it was built from it, or wrote it).
pub fn set_shown(search: &str) {
    if let Some(w) = use_context::<Shown>() {
        w.0.set_value(search.to_string());
    }
}

/// Whether the page shows the query `search` already.
pub fn is_shown(search: &str) -> bool {
    let shown = use_context::<Shown>();
    shown.is_some_and(|w| w.0.with_value(|v| Query::parse(v) == Query::parse(search)))
}

/// The router's current query, parsed (untracked).
pub fn query() -> Query {
    Query::parse(&use_location().search.get_untracked())
}

/// The current route's path relative to the base path (`/` for home), untracked.
pub fn route_path() -> String {
    let full = use_location().pathname.get_untracked();
    let base = super::env::base_path();
    crate::catalog::normalise(full.strip_prefix(base.as_str()).unwrap_or(&full))
}

/// The lesson state signal and the notes about what was clamped or defaulted.
pub fn use_url_state<T>() -> (RwSignal<T>, RwSignal<Vec<Note>>)
where
    T: UrlState + Send + Sync + 'static,
{
    let (initial, notes) = state::decode::<T>(&use_location().search.get_untracked());
    let state = RwSignal::new(initial);
    let notes = RwSignal::new(notes);
    Effect::new(move |_| state.with(write_back));
    (state, notes)
}

/// Merges `s` into the current query (keeping `embed`, `present` and unknown keys).
pub fn write_back<T: UrlState>(s: &T) {
    let mut q = query();
    state::encode_into(s, &mut q);
    replace_query(&q);
}

/// Writes one key of the query (`None` removes it).
pub fn write_key(key: &str, value: Option<&str>) {
    let mut q = query();
    match value {
        Some(v) => q.set(key, v),
        None => q.remove(key),
    }
    replace_query(&q);
}

fn replace_query(q: &Query) {
    let location = use_location();
    let qs = q.to_query_string();
    if Query::parse(&location.search.get_untracked()) == *q {
        return;
    }
    let path = location.pathname.get_untracked();
    let hash = location.hash.get_untracked();
    let url = if qs.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{qs}{hash}")
    };
    // After a link to this page the router writes the address bar only once the page has
    // rendered. Until then, pushing (not replacing) keeps the page the link came from in the
    // history; the router then skips its own push, as its URL is no longer the current one.
    let pending = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|p| p != path);
    use_navigate()(
        &url,
        NavigateOptions {
            resolve: false,
            replace: !pending,
            scroll: pending,
            ..Default::default()
        },
    );
    set_shown(&location.search.get_untracked());
}

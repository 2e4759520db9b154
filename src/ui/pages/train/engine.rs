//! The page's footer: the data set's credit, how much data has streamed in, and an unobtrusive
//! "engine" line with the wasm memory of the worker and of the page (what `make soak` watches
//! for leaks over a long training run; memory never shrinks, so growth after warm-up is a leak).

use super::Store;
use crate::ui::env::wasm_memory_bytes;
use leptos::prelude::*;

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[component]
pub fn EngineNote(store: Store) -> impl IntoView {
    let worker = move || store.progress.get().wasm_memory_bytes;
    // Re-read on every progress report: the page's own memory has no event of its own.
    let page = move || {
        store.progress.track();
        wasm_memory_bytes()
    };
    view! {
        <p class="caption train-credit" data-testid="mnist-credit">
            <span data-testid="data-credit">{move || store.dataset().credit()}</span>
            ". Training images stream in while the network trains: "
            <span data-testid="train-loaded" data-value=move || store.train_loaded.get().to_string()>
                {move || format!("{} of {} loaded.", store.train_loaded.get(), store.train_total.get())}
            </span>
        </p>
        <p class="caption train-engine">
            "Engine: wasm memory "
            <span data-testid="worker-memory" data-value=move || worker().to_string()>
                {move || if worker() == 0 { "–".to_string() } else { megabytes(worker()) }}
            </span>
            " in the training worker, "
            <span data-testid="page-memory" data-value=move || page().to_string()>
                {move || megabytes(page())}
            </span>
            " in this page."
        </p>
    }
}

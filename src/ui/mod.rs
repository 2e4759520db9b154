//! The leptos UI (wasm32 only): shell, components and one page per lesson.

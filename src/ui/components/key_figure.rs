use leptos::prelude::*;

/// A key figure that tests and course sites read: `data-testid=testid`, the exact unformatted
/// value in `data-value`, the human text visible, announced politely to screen readers.
#[component]
pub fn KeyFigure(
    /// The public, stable name (the public contract).
    testid: &'static str,
    /// What the number is, shown above it.
    label: &'static str,
    /// The exact value (unformatted) for `data-value`.
    #[prop(into)]
    value: Signal<String>,
    /// The visible text; defaults to `value`.
    #[prop(optional, into)]
    text: Option<Signal<String>>,
) -> impl IntoView {
    let shown = move || match text {
        Some(t) => t.get(),
        None => value.get(),
    };
    view! {
        <div class="key-figure">
            <span class="key-figure-label">{label}</span>
            <span
                class="key-figure-value"
                data-testid=testid
                data-value=move || value.get()
                aria-live="polite"
            >
                {shown}
            </span>
        </div>
    }
}

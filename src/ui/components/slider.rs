use leptos::prelude::*;

/// A labelled integer slider with its value shown; keyboard operable (native range input).
#[component]
pub fn IntSlider(
    label: &'static str,
    /// Current value.
    #[prop(into)]
    value: Signal<i64>,
    #[prop(into)] min: Signal<i64>,
    #[prop(into)] max: Signal<i64>,
    /// Called with the new value (already within min..=max).
    on_change: Callback<i64>,
    /// Stable id for tests (`data-testid="slider-<name>"`).
    name: &'static str,
) -> impl IntoView {
    let id = format!("slider-{name}");
    let (for_id, test_id) = (id.clone(), id.clone());
    let handle = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).parse::<i64>() {
            on_change.run(v.clamp(min.get_untracked(), max.get_untracked()));
        }
    };
    view! {
        <label class="slider" for=for_id>
            <span class="slider-label">{label}</span>
            <input
                type="range"
                id=id
                data-testid=test_id
                min=move || min.get().to_string()
                max=move || max.get().to_string()
                step="1"
                prop:value=move || value.get().to_string()
                on:input=handle
            />
            <output class="slider-value">{move || value.get()}</output>
        </label>
    }
}

/// A small set of exclusive options as buttons (e.g. max / average).
#[component]
pub fn Choice(
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    name: &'static str,
) -> impl IntoView {
    view! {
        <div class="choice" role="radiogroup" aria-label=label data-testid=format!("choice-{name}")>
            <span class="slider-label">{label}</span>
            {options
                .iter()
                .map(|(key, text)| {
                    let key = *key;
                    view! {
                        <button
                            role="radio"
                            class="choice-option"
                            aria-checked=move || (value.get() == key).to_string()
                            data-value=key
                            on:click=move |_| on_change.run(key.to_string())
                        >
                            {*text}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

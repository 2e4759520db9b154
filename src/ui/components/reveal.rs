use crate::ui::present::use_presenter;
use leptos::prelude::*;

/// Predict-then-reveal: the slide's question, its answer hidden until clicked, or until the
/// presenter steps to `beat` (arrow right / clicker) in presenter mode.
#[component]
pub fn RevealCard(
    /// The slide's question, e.g. "Q: how many arrows?".
    #[prop(into)]
    question: String,
    /// The presenter step at which the answer shows.
    #[prop(default = 1)]
    beat: u32,
    children: ChildrenFn,
) -> impl IntoView {
    let p = use_presenter();
    p.register_beat(beat);
    let clicked = RwSignal::new(false);
    let open = move || clicked.get() || (p.enabled.get() && p.step.get() >= beat);
    view! {
        <section class="reveal-card" class:open=open>
            <h3 class="reveal-question">{question}</h3>
            <Show
                when=open
                fallback=move || {
                    view! {
                        <p class="reveal-hint">"Think first, then reveal."</p>
                        <button class="reveal-button" on:click=move |_| clicked.set(true)>
                            "Reveal the answer"
                        </button>
                    }
                }
            >
                <div class="reveal-answer">{children()}</div>
            </Show>
        </section>
    }
}

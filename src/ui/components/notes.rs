use crate::state::Note;
use leptos::prelude::*;

/// What the page changed while reading its link (clamped or defaulted parameters).
#[component]
pub fn UrlNotes(notes: RwSignal<Vec<Note>>) -> impl IntoView {
    view! {
        <Show when=move || !notes.get().is_empty()>
            <div class="url-notes" role="status" data-testid="url-notes">
                <strong>"The link asked for something this lesson cannot show, so it adjusted:"</strong>
                <ul>
                    {move || {
                        notes
                            .get()
                            .into_iter()
                            .map(|n| view! { <li><code>{n.param.clone()}</code>" " {n.message.clone()}</li> })
                            .collect_view()
                    }}
                </ul>
                <button class="small" on:click=move |_| notes.set(Vec::new())>"Dismiss"</button>
            </div>
        </Show>
    }
}

/// A clear message in place of a figure that cannot be drawn for the current settings.
#[component]
pub fn ErrorNote(#[prop(into)] message: Signal<String>) -> impl IntoView {
    view! {
        <div class="error-note" role="alert" data-testid="error-note">
            {move || message.get()}
        </div>
    }
}

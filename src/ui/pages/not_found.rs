use crate::ui::env;
use leptos::prelude::*;

/// Unknown paths get a page that says so and links home, never a blank page.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>"No lesson here"</h1>
            <p>"There is no lesson at " <code>{path}</code> "."</p>
            <p><a href=env::href("/")>"See every lesson of the lecture"</a></p>
        </section>
    }
}

use crate::catalog::{self, Lesson};
use crate::ui::env;
use leptos::prelude::*;

/// The lecture's full outline in slide order; built lessons are links, the rest are listed.
#[component]
pub fn Home() -> impl IntoView {
    let routes = serde_json::to_string(&catalog::routes()).unwrap_or_else(|_| "[]".into());
    view! {
        <section class="home">
            <div class="hero">
                <h1>"CNN Architectures, live"</h1>
                <p class="lead">
                    "The lecture from LeNet-5 to ResNet as lessons you can move: change a kernel, "
                    "a stride or a depth and watch the network change. Every figure is computed "
                    "in this page by a Rust tensor engine compiled to WebAssembly."
                </p>
                <div class="hero-actions">
                    <button
                        data-testid="present-lecture"
                        on:click=move |_| crate::ui::present::start_lecture()
                        disabled=crate::ui::present::lecture_order().is_empty()
                    >
                        "Present the lecture"
                    </button>
                    <span class="caption">
                        "Full screen with " <kbd>"f"</kbd> ", step with the arrow keys or a clicker, "
                        <kbd>"?"</kbd> " for all keys."
                    </span>
                </div>
                <crate::ui::components::KeepOffline place="home" />
            </div>
            <ol class="sections">
                {catalog::SECTIONS
                    .iter()
                    .map(|s| {
                        let lessons: Vec<&'static Lesson> = catalog::lessons_of(s.number).collect();
                        view! {
                            <li class="section" id=format!("section-{}", s.number)>
                                <h2>
                                    <span class="section-number">{s.number}</span>
                                    {s.title}
                                </h2>
                                <p class="section-summary">{s.summary}</p>
                                <div class="cards">
                                    {lessons.into_iter().map(card).collect_view()}
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <script type="application/json" id="route-table">{routes}</script>
        </section>
    }
}

fn card(l: &'static Lesson) -> impl IntoView {
    let body = view! {
        <h3>{l.title}</h3>
        <p class="card-teaser">{l.teaser}</p>
        <p class="card-question">{l.question}</p>
    };
    if l.built {
        view! {
            <a class="card" href=env::href(l.path) data-testid="lesson-link" data-route=l.path>
                {body}
            </a>
        }
        .into_any()
    } else {
        view! {
            <div class="card card-soon" aria-disabled="true">
                {body}
                <p class="card-status">"In preparation"</p>
            </div>
        }
        .into_any()
    }
}

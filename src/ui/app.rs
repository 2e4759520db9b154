//! The application shell: router, header, footer and the shell modes.

use super::env::{self, Modes};
use super::{components, pages, present};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let modes = Modes::from_url();
    let presenter = present::provide(modes);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let classes = root.class_list();
        if modes.embed {
            let _ = classes.add_1("embed");
        }
        if modes.present {
            let _ = classes.add_1("present");
        }
        match crate::state::Query::parse(&env::search()).get("theme") {
            Some("dark") => {
                let _ = classes.add_1("theme-dark");
            }
            Some("light") => {
                let _ = classes.add_1("theme-light");
            }
            _ => {}
        }
    }
    if modes.embed {
        components::start_height_poster();
    }
    let base = env::base_path();
    view! {
        <Router base=base>
            <Show when=move || !modes.embed>
                <SiteHeader />
            </Show>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <pages::NotFound /> }>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/*any") view=pages::Dispatch />
                </Routes>
            </main>
            <Show when=move || !modes.embed>
                <SiteFooter />
            </Show>
            <Show when=move || presenter.enabled>
                <present::PresenterOverlay />
            </Show>
        </Router>
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to the lesson"</a>
        <header class="site-header">
            <a class="brand" href=env::href("/")>
                <span class="brand-mark" aria-hidden="true">"▦"</span>
                " CNN Lab"
            </a>
            <nav aria-label="Site">
                <a href=env::href("/")>"Lessons"</a>
                {crate::catalog::TOOLS
                    .iter()
                    .filter(|t| t.built)
                    .map(|t| view! { <a href=env::href(t.path)>{t.title}</a> })
                    .collect_view()}
            </nav>
        </header>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "CNN Lab: the lecture \"CNN Architectures\" as live lessons. Every number on a page "
                "is computed in your browser by a Rust engine compiled to WebAssembly."
            </p>
            <p>
                "MNIST digits: Yann LeCun, Corinna Cortes, Christopher J.C. Burges (CC BY-SA 3.0). "
                "Fashion-MNIST: Han Xiao, Kashif Rasul, Roland Vollgraf (Zalando Research, 2017; MIT "
                "licence). Credits for images: see assets/CREDITS.md."
            </p>
        </footer>
    }
}

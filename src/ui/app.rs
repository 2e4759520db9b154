//! The application shell: router, header, footer and the shell modes.

use super::env::{self, Modes};
use super::{components, pages, present};
use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};

#[component]
pub fn App() -> impl IntoView {
    let modes = Modes::from_url();
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let classes = root.class_list();
        if modes.embed {
            let _ = classes.add_1("embed");
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
                <PageRoutes />
            </main>
            <Show when=move || !modes.embed>
                <SiteFooter />
            </Show>
            <Presenter />
        </Router>
    }
}

/// Presenter mode (`present=1` in the router's query): keys and overlays.
#[component]
fn Presenter() -> impl IntoView {
    let presenter = present::provide();
    view! {
        <Show when=move || presenter.enabled.get()>
            <present::PresenterOverlay />
        </Show>
    }
}

/// The router's routes (one per lesson, from the catalog), inside the router.
#[component]
fn PageRoutes() -> impl IntoView {
    super::url_state::provide_shown();
    let defs = pages::route_defs();
    Routes(
        RoutesProps::builder()
            .fallback(|| view! { <pages::NotFound /> })
            .children(RouteChildren::to_children(move || defs))
            .build(),
    )
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

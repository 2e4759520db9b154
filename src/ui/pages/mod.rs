//! One page per lesson; [`Dispatch`] renders the page of the current path from the route table
//! in `crate::catalog`, so the router and the table cannot disagree.

mod bench;
mod home;
mod not_found;
mod pool_common;
mod pooling;
mod pooling_2d;
mod pooling_svg;

pub use home::Home;
pub use not_found::NotFound;

use crate::catalog::{self, Lesson};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page for a built lesson, or `None` when no page exists for it.
pub fn view_for(lesson: &'static Lesson, path: &str) -> Option<AnyView> {
    let _ = path;
    let page = match lesson.path {
        "/bench" => view! { <bench::BenchPage lesson=lesson /> }.into_any(),
        "/pooling" => view! { <pooling::PoolingPage lesson=lesson /> }.into_any(),
        _ => return None,
    };
    Some(page)
}

/// Renders the lesson whose path is in the address bar.
#[component]
pub fn Dispatch() -> impl IntoView {
    let location = use_location();
    move || {
        let _ = location.pathname.get();
        let path = super::env::route_path();
        if path == "/selftest/panic" {
            // Lets the end-to-end suite check that a panic shows the error panel.
            panic!("self-test panic requested by /selftest/panic");
        }
        match catalog::find(&path).filter(|l| l.built) {
            Some(lesson) => view_for(lesson, &path).unwrap_or_else(|| NotFound().into_any()),
            None => NotFound().into_any(),
        }
    }
}

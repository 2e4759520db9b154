//! One page per lesson; [`Dispatch`] renders the page of the current path from the route table
//! in `crate::catalog`, so the router and the table cannot disagree.

mod arch;
mod bench;
mod builder;
mod connectivity;
mod conv_layer;
mod conv_layer_view;
mod degradation;
mod degradation_run;
mod embed_kit;
mod equivariance;
mod grad_cards;
mod grad_charts;
mod grad_frames;
mod home;
mod imagenet;
mod inception;
mod inception_fig;
mod layer_views;
mod not_found;
mod pool_common;
mod pooling;
mod pooling_2d;
mod pooling_svg;
mod receptive_field;
mod resnet;
mod resnet_block;
mod rf_image;
mod rf_stack;
mod seagull;
mod sharing;
mod three_networks;
mod train;
mod vanishing;
mod vanishing_chain;
mod vanishing_heat;

pub use home::Home;
pub use not_found::NotFound;

use crate::catalog::{self, Lesson};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page for a built lesson, or `None` when no page exists for it.
pub fn view_for(lesson: &'static Lesson, path: &str) -> Option<AnyView> {
    let _ = path;
    if let Some(net) = path.strip_prefix("/architectures/") {
        return Some(arch::page(lesson, net));
    }
    let page = match lesson.path {
        "/three-networks" => {
            view! { <three_networks::ThreeNetworksPage lesson=lesson /> }.into_any()
        }
        "/inception" => view! { <inception::InceptionPage lesson=lesson /> }.into_any(),
        "/imagenet" => view! { <imagenet::ImagenetPage lesson=lesson /> }.into_any(),
        "/resnet" => view! { <resnet::ResnetPage lesson=lesson /> }.into_any(),
        "/bench" => view! { <bench::BenchPage lesson=lesson /> }.into_any(),
        "/embed" => view! { <embed_kit::EmbedKitPage lesson=lesson /> }.into_any(),
        "/pooling" => view! { <pooling::PoolingPage lesson=lesson /> }.into_any(),
        "/conv-layer" => view! { <conv_layer::ConvLayerPage lesson=lesson /> }.into_any(),
        "/seagull" => view! { <seagull::SeagullPage lesson=lesson /> }.into_any(),
        "/connectivity" => view! { <connectivity::ConnectivityPage lesson=lesson /> }.into_any(),
        "/parameter-sharing" => view! { <sharing::SharingPage lesson=lesson /> }.into_any(),
        "/receptive-field" => {
            view! { <receptive_field::ReceptiveFieldPage lesson=lesson /> }.into_any()
        }
        "/equivariance" => view! { <equivariance::EquivariancePage lesson=lesson /> }.into_any(),
        "/train" => view! { <train::TrainPage lesson=lesson /> }.into_any(),
        "/vanishing-gradients" => view! { <vanishing::VanishingPage lesson=lesson /> }.into_any(),
        "/degradation" => view! { <degradation::DegradationPage lesson=lesson /> }.into_any(),
        _ => return None,
    };
    Some(page)
}

/// Renders the lesson whose path is in the address bar.
#[component]
pub fn Dispatch() -> impl IntoView {
    let location = use_location();
    // leptos_router sets its URL signal *before* it writes the address bar, while pages read
    // their state from `window.location` when they mount. So after an in-app navigation (a link
    // from one lesson to another, or a history navigation to another query) the page is
    // re-mounted one macrotask later, when the address bar is up to date. Our own replaceState
    // writes do not notify the router, so they never re-mount a page.
    let tick = RwSignal::new(0u32);
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        location.search.track();
        if first.is_some() {
            // /train owns a Web Worker and timers that must not outlive it: any navigation
            // from or to it is a real page load, without disposing the old page first.
            let full = location.pathname.get_untracked();
            let base = super::env::base_path();
            let target = catalog::normalise(full.strip_prefix(&base).unwrap_or(&full));
            if super::env::route_path() == "/train" || target == "/train" {
                let search = location.search.get_untracked();
                let search = search.trim_start_matches('?').to_string();
                let url = if search.is_empty() {
                    super::env::href(&target)
                } else {
                    format!("{}?{search}", super::env::href(&target))
                };
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign(&url);
                }
                return;
            }
            set_timeout(move || tick.update(|t| *t += 1), std::time::Duration::ZERO);
        }
    });
    move || {
        tick.track();
        let path = super::env::route_path();
        // The router already knows the new path but the address bar still shows the old one
        // (an in-app link between lessons): load the new URL for real, so the page reads its
        // state from the right address.
        let full = location.pathname.get_untracked();
        let base = super::env::base_path();
        let router_path = catalog::normalise(full.strip_prefix(&base).unwrap_or(&full));
        if router_path != path {
            let search = location.search.get_untracked();
            let search = search.trim_start_matches('?');
            let url = if search.is_empty() {
                super::env::href(&router_path)
            } else {
                format!("{}?{search}", super::env::href(&router_path))
            };
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&url);
            }
            return view! { <p class="boot">"Loading…"</p> }.into_any();
        }
        if path == "/selftest/panic" {
            // Lets the end-to-end suite check that a panic shows the error panel.
            panic!("self-test panic requested by /selftest/panic");
        }
        let remount = tick.get_untracked() > 0;
        match catalog::find(&path).filter(|l| l.built) {
            // /train owns a Web Worker and timers: a history navigation to another of its
            // queries loads the page afresh instead of re-mounting it in place.
            Some(lesson) if remount && lesson.path == "/train" => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
                view! { <p class="boot">"Loading…"</p> }.into_any()
            }
            Some(lesson) => view_for(lesson, &path).unwrap_or_else(|| NotFound().into_any()),
            None => NotFound().into_any(),
        }
    }
}

//! One page per lesson, and the router's routes: one per entry of the route table in
//! `crate::catalog`, so the router and the table cannot disagree.

mod architectures;
mod bench;
mod connectivity;
mod conv_layer;
mod degradation;
mod embed;
mod equivariance;
mod home;
mod imagenet;
mod inception;
mod not_found;
mod parameter_sharing;
mod pooling;
mod receptive_field;
mod resnet;
mod seagull;
mod three_networks;
mod train;
mod vanishing_gradients;

pub use home::Home;
pub use not_found::NotFound;

use crate::catalog::{self, Lesson};
use crate::ui::url_state;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::hooks::use_location;
use leptos_router::{NestedRoute, StaticSegment};

/// Builds a lesson's page from its catalog entry and its route path.
type Build = fn(&'static Lesson, &'static str) -> AnyView;

/// The page of every route of the catalog: a new lesson is a catalog row, a row here and its
/// folder. (`/architectures/:net` is one page for every network.)
fn build_for(path: &str) -> Option<Build> {
    if path.starts_with("/architectures/") {
        return Some(|l, p| architectures::page(l, p.trim_start_matches("/architectures/")));
    }
    let build: Build = match path {
        "/three-networks" => {
            |l, _| view! { <three_networks::ThreeNetworksPage lesson=l /> }.into_any()
        }
        "/inception" => |l, _| view! { <inception::InceptionPage lesson=l /> }.into_any(),
        "/imagenet" => |l, _| view! { <imagenet::ImagenetPage lesson=l /> }.into_any(),
        "/resnet" => |l, _| view! { <resnet::ResnetPage lesson=l /> }.into_any(),
        "/bench" => |l, _| view! { <bench::BenchPage lesson=l /> }.into_any(),
        "/embed" => |l, _| view! { <embed::EmbedKitPage lesson=l /> }.into_any(),
        "/pooling" => |l, _| view! { <pooling::PoolingPage lesson=l /> }.into_any(),
        "/conv-layer" => |l, _| view! { <conv_layer::ConvLayerPage lesson=l /> }.into_any(),
        "/seagull" => |l, _| view! { <seagull::SeagullPage lesson=l /> }.into_any(),
        "/connectivity" => |l, _| view! { <connectivity::ConnectivityPage lesson=l /> }.into_any(),
        "/parameter-sharing" => {
            |l, _| view! { <parameter_sharing::SharingPage lesson=l /> }.into_any()
        }
        "/receptive-field" => {
            |l, _| view! { <receptive_field::ReceptiveFieldPage lesson=l /> }.into_any()
        }
        "/equivariance" => |l, _| view! { <equivariance::EquivariancePage lesson=l /> }.into_any(),
        "/train" => |l, _| view! { <train::TrainPage lesson=l /> }.into_any(),
        "/vanishing-gradients" => {
            |l, _| view! { <vanishing_gradients::VanishingPage lesson=l /> }.into_any()
        }
        "/degradation" => |l, _| view! { <degradation::DegradationPage lesson=l /> }.into_any(),
        _ => return None,
    };
    Some(build)
}

/// One route per entry of the catalog's route table (home first), each rendering its page.
pub fn route_defs() -> StaticVec<AnyNestedRoute> {
    let mut defs = vec![NestedRoute::new(leptos_router::path!("/"), Home).into_any_nested_route()];
    for route in catalog::routes() {
        let (Some(lesson), Some(build)) = (catalog::find(&route), build_for(&route)) else {
            continue;
        };
        // Routes live as long as the app: one leaked string per route, once.
        let path: &'static str = Box::leak(route.into_boxed_str());
        let view = move || view! { <LessonRoute lesson=lesson path=path page=build /> };
        let segments: Vec<&'static str> = path.trim_start_matches('/').split('/').collect();
        let def = match segments.as_slice() {
            [a] => NestedRoute::new((StaticSegment(*a),), view).into_any_nested_route(),
            [a, b] => NestedRoute::new((StaticSegment(*a), StaticSegment(*b)), view)
                .into_any_nested_route(),
            _ => continue,
        };
        defs.push(def);
    }
    #[cfg(feature = "selftest")]
    defs.push(
        NestedRoute::new(leptos_router::path!("/selftest/panic"), || -> AnyView {
            panic!("self-test panic requested by /selftest/panic")
        })
        .into_any_nested_route(),
    );
    defs.into()
}

/// A lesson's page, built from the router's query when it mounts. Another query than the one
/// the page shows (Back or Forward between two queries of this lesson, or a link to another of
/// them) builds the page afresh: the old one, with all of its work, ends first.
#[component]
fn LessonRoute(lesson: &'static Lesson, path: &'static str, page: Build) -> impl IntoView {
    let location = use_location();
    url_state::set_shown(&location.search.get_untracked());
    let mounts = RwSignal::new(0u32);
    Effect::new(move |previous: Option<String>| {
        let search = location.search.get();
        let here = catalog::normalise(&location.pathname.get_untracked());
        let base = crate::ui::env::base_path();
        let on_this_page = here.strip_prefix(base.as_str()).unwrap_or(&here) == path;
        if previous.is_some_and(|p| p != search) && on_this_page && !url_state::is_shown(&search) {
            url_state::set_shown(&search);
            mounts.update(|m| *m += 1);
        }
        search
    });
    let presenter = crate::ui::present::use_presenter();
    move || {
        mounts.track();
        // A new page registers its own presenter beats.
        presenter.max_beat.set(0);
        page(lesson, path)
    }
}

//! Presenter mode (`?present=1`): big type and keyboard stepping through the whole lecture.
//!
//! Each lesson's beats (reveal an answer, shift the input, ...) are numbered 1..=max; widgets
//! register their beat with [`Presenter::register_beat`]. Right arrow / PageDown / space go to
//! the next beat and, after the last one, to the next lesson; left arrow / PageUp go back (to the
//! previous lesson's end). The step is in the URL (`step=`), so a lecturer can resume. `f` full
//! screen, `b` black screen, `t` light/dark theme, `?` the key list, Escape closes overlays.

use crate::catalog;
use crate::state::Query;
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

/// The presenter's state, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Presenter {
    /// `present=1` in the router's query: on for every page the presenter steps through.
    pub enabled: Signal<bool>,
    /// The current beat of this lesson (0 = nothing revealed yet).
    pub step: RwSignal<u32>,
    /// The highest beat any widget of this lesson registered.
    pub max_beat: RwSignal<u32>,
    pub black: RwSignal<bool>,
    pub help: RwSignal<bool>,
}

impl Presenter {
    /// A widget that acts at `beat` makes sure the presenter steps that far before moving on.
    pub fn register_beat(&self, beat: u32) {
        if self.max_beat.get_untracked() < beat {
            self.max_beat.set(beat);
        }
    }
}

/// Lessons in presentation order: the built lessons of the lecture, in slide order.
pub fn lecture_order() -> Vec<&'static str> {
    catalog::LESSONS
        .iter()
        .filter(|l| l.built)
        .map(|l| l.path)
        .collect()
}

fn position_of(path: &str) -> Option<usize> {
    let order = lecture_order();
    order.iter().position(|p| *p == path).or_else(|| {
        // /architectures/vgg19 presents as its family card.
        catalog::find(path).and_then(|l| order.iter().position(|p| *p == l.path))
    })
}

/// Goes to lesson `path` in presenter mode, at beat `step` (0 without one), in the page.
fn go(path: &str, step: Option<u32>) {
    let mut q = super::url_state::query();
    let keep: Vec<(String, String)> = q
        .pairs()
        .iter()
        .filter(|(k, _)| k == "theme")
        .cloned()
        .collect();
    q = crate::state::Query::default();
    q.set("present", "1");
    for (k, v) in keep {
        q.set(&k, &v);
    }
    if let Some(s) = step {
        q.set("step", &s.to_string());
    }
    let url = format!("{}?{}", super::env::href(path), q.to_query_string());
    let p = use_presenter();
    p.step.set(step.unwrap_or(0));
    use_navigate()(&url, Default::default());
}

fn next(p: Presenter) {
    if p.step.get_untracked() < p.max_beat.get_untracked() {
        p.step.update(|s| *s += 1);
        return;
    }
    let here = super::url_state::route_path();
    let order = lecture_order();
    let target = if here == "/" {
        order.first().copied()
    } else {
        position_of(&here).and_then(|i| order.get(i + 1).copied())
    };
    if let Some(t) = target {
        go(t, None);
    }
}

fn prev(p: Presenter) {
    if p.step.get_untracked() > 0 {
        p.step.update(|s| *s -= 1);
        return;
    }
    let here = super::url_state::route_path();
    let order = lecture_order();
    match position_of(&here) {
        Some(0) => go("/", None),
        Some(i) => go(order[i - 1], Some(999)),
        None => {}
    }
}

/// Starts presenting the lecture from its first lesson.
pub fn start_lecture() {
    if let Some(first) = lecture_order().first() {
        go(first, None);
    }
}

fn step_of(search: &str) -> u32 {
    Query::parse(search)
        .get("step")
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(0)
        .min(999)
}

/// Provides the context (inside the router) and the keyboard listener, which acts only in
/// presenter mode.
pub fn provide() -> Presenter {
    let location = use_location();
    let enabled = Memo::new(move |_| {
        matches!(
            Query::parse(&location.search.get()).get("present"),
            Some("1" | "true" | "yes" | "on")
        )
    });
    let p = Presenter {
        enabled: enabled.into(),
        step: RwSignal::new(step_of(&location.search.get_untracked())),
        max_beat: RwSignal::new(0),
        black: RwSignal::new(false),
        help: RwSignal::new(false),
    };
    provide_context(p);
    // Back and Forward bring the step of that history entry.
    Effect::new(move |_| {
        let s = step_of(&location.search.get());
        if s != p.step.get_untracked() {
            p.step.set(s);
        }
    });
    // The root element's class follows the mode.
    Effect::new(move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root
                .class_list()
                .toggle_with_force("present", enabled.get());
        }
    });
    // The listener runs under this owner, so the router is found from it.
    let owner = Owner::current();
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if !enabled.get_untracked()
            || typing_in_a_field(&e)
            || e.ctrl_key()
            || e.meta_key()
            || e.alt_key()
        {
            return;
        }
        super::owned::in_owner(&owner, || on_key(p, &e));
    });
    on_cleanup(move || handle.remove());
    // Arriving with step=999 (stepping back from the next lesson) lands on the last beat.
    Effect::new(move |_| {
        let max = p.max_beat.get();
        if max > 0 && p.step.get_untracked() > max {
            p.step.set(max);
        }
    });
    Effect::new(move |_| {
        let s = p.step.get();
        let v = s.to_string();
        super::url_state::write_key("step", (s > 0).then_some(v.as_str()));
    });
    p
}

fn on_key(p: Presenter, e: &web_sys::KeyboardEvent) {
    let handled = match e.key().as_str() {
        "ArrowRight" | "PageDown" | " " => {
            p.black.set(false);
            next(p);
            true
        }
        "ArrowLeft" | "PageUp" => {
            p.black.set(false);
            prev(p);
            true
        }
        "b" | "B" | "." => {
            p.black.update(|b| *b = !*b);
            true
        }
        "f" | "F" => {
            toggle_fullscreen();
            true
        }
        "t" | "T" => {
            toggle_theme();
            true
        }
        "?" => {
            p.help.update(|h| *h = !*h);
            true
        }
        "Escape" => {
            p.help.set(false);
            p.black.set(false);
            false
        }
        _ => false,
    };
    if handled {
        e.prevent_default();
    }
}

pub fn use_presenter() -> Presenter {
    use_context::<Presenter>().unwrap_or(Presenter {
        enabled: Signal::from(false),
        step: RwSignal::new(0),
        max_beat: RwSignal::new(0),
        black: RwSignal::new(false),
        help: RwSignal::new(false),
    })
}

fn typing_in_a_field(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

fn toggle_fullscreen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Light and dark projector themes (`theme=light|dark` in the URL keeps the choice).
pub fn toggle_theme() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let classes = root.class_list();
    let dark =
        classes.contains("theme-dark") || (!classes.contains("theme-light") && prefers_dark());
    let _ = classes.remove_2("theme-dark", "theme-light");
    let next = if dark { "light" } else { "dark" };
    let _ = classes.add_1(&format!("theme-{next}"));
    super::url_state::write_key("theme", Some(next));
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// The presenter's overlays: black screen, key list, and a small progress line.
#[component]
pub fn PresenterOverlay() -> impl IntoView {
    let p = use_presenter();
    let order = lecture_order();
    let total = order.len();
    let progress = move || {
        let here = super::url_state::route_path();
        let pos = position_of(&here).map(|i| i + 1).unwrap_or(0);
        let max = p.max_beat.get();
        let beat = if max > 0 {
            format!(" · beat {}/{}", p.step.get().min(max), max)
        } else {
            String::new()
        };
        format!("Lesson {pos}/{total}{beat} · ? for keys")
    };
    view! {
        <Show when=move || p.black.get()>
            <div class="presenter-black" data-testid="presenter-black" aria-label="Screen blanked"></div>
        </Show>
        <Show when=move || p.help.get()>
            <div class="presenter-help" role="dialog" aria-label="Presenter keys" data-testid="presenter-help">
                <h2>"Presenter keys"</h2>
                <dl>
                    <dt><kbd>"→"</kbd>" " <kbd>"PageDown"</kbd>" " <kbd>"Space"</kbd></dt>
                    <dd>"next beat (reveal, shift, ...), then the next lesson"</dd>
                    <dt><kbd>"←"</kbd>" " <kbd>"PageUp"</kbd></dt>
                    <dd>"previous beat, then the previous lesson"</dd>
                    <dt><kbd>"f"</kbd></dt><dd>"full screen"</dd>
                    <dt><kbd>"b"</kbd></dt><dd>"black screen"</dd>
                    <dt><kbd>"t"</kbd></dt><dd>"light / dark theme"</dd>
                    <dt><kbd>"?"</kbd></dt><dd>"this list"</dd>
                    <dt><kbd>"Esc"</kbd></dt><dd>"close"</dd>
                </dl>
                <button on:click=move |_| p.help.set(false)>"Close"</button>
            </div>
        </Show>
        <p class="presenter-progress" aria-live="polite" data-testid="presenter-progress">{progress}</p>
    }
}

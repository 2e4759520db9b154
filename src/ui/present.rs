//! Presenter mode (`?present=1`): big type and keyboard stepping. Lessons read the current step
//! ("beat") from [`Presenter`] and reveal answers, shift inputs, ... as it grows.

use super::env::Modes;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The presenter's step counter, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Presenter {
    pub enabled: bool,
    pub step: RwSignal<u32>,
}

/// Provides the context and, in presenter mode, the keyboard listener.
pub fn provide(modes: Modes) -> Presenter {
    let start = crate::state::Query::parse(&super::env::search())
        .get("step")
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(0)
        .min(999);
    let p = Presenter {
        enabled: modes.present,
        step: RwSignal::new(start),
    };
    provide_context(p);
    if modes.present {
        let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
            if typing_in_a_field(&e) {
                return;
            }
            match e.key().as_str() {
                "ArrowRight" | "PageDown" | " " => {
                    e.prevent_default();
                    p.step.update(|s| *s = (*s + 1).min(999));
                }
                "ArrowLeft" | "PageUp" => {
                    e.prevent_default();
                    p.step.update(|s| *s = s.saturating_sub(1));
                }
                _ => {}
            }
        });
        // The listener lives as long as the app (the App component never unmounts).
        std::mem::forget(handle);
        Effect::new(move |_| {
            let s = p.step.get();
            let v = s.to_string();
            super::url_state::write_key("step", (s > 0).then_some(v.as_str()));
        });
    }
    p
}

pub fn use_presenter() -> Presenter {
    use_context::<Presenter>().unwrap_or(Presenter {
        enabled: false,
        step: RwSignal::new(0),
    })
}

fn typing_in_a_field(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

//! Counts that roll to their new value (about a third of a second) instead of jumping, so a
//! change is seen on a projector; instant under `prefers-reduced-motion`.

use leptos::leptos_dom::helpers::request_animation_frame;
use leptos::prelude::*;

const DURATION_MS: f64 = 350.0;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The visible text of a count: follows `target`, animated, formatted with thousands commas.
/// The animation stops when the owner is disposed (each frame checks its signal still lives).
pub fn use_rolling_count(target: Signal<u64>) -> Signal<String> {
    let shown = RwSignal::new(target.get_untracked() as f64);
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let to = target.get() as f64;
        let from = shown.get_untracked();
        let next = generation.get_value().wrapping_add(1);
        generation.set_value(next);
        if from == to || super::reduced_motion() {
            shown.set(to);
            return;
        }
        step(from, to, now_ms(), next, shown, generation);
    });
    Signal::derive(move || super::thousands(shown.get().round() as u64))
}

fn step(from: f64, to: f64, t0: f64, id: u32, shown: RwSignal<f64>, generation: StoredValue<u32>) {
    request_animation_frame(move || {
        if generation.try_get_value() != Some(id) {
            return;
        }
        let t = ((now_ms() - t0) / DURATION_MS).clamp(0.0, 1.0);
        let eased = 1.0 - (1.0 - t).powi(3);
        if shown.try_set(from + (to - from) * eased).is_some() {
            return; // disposed: the page is gone
        }
        if t < 1.0 {
            step(from, to, t0, id, shown, generation);
        }
    });
}

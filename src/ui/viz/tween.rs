//! Counts that roll to their new value (about a third of a second) instead of jumping, so a
//! change is seen on a projector; instant under `prefers-reduced-motion`.

use crate::ui::owned::{frame_loop, now_ms, Alive};
use leptos::prelude::*;

const DURATION_MS: f64 = 350.0;

/// The visible text of a count: follows `target`, animated, formatted with thousands commas.
/// The animation belongs to the owner that made it and stops with it.
pub fn use_rolling_count(target: Signal<u64>) -> Signal<String> {
    let shown = RwSignal::new(target.get_untracked() as f64);
    let running: StoredValue<Option<Alive>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let to = target.get() as f64;
        let from = shown.get_untracked();
        // A new target stops the roll towards the old one.
        if let Some(old) = running.get_value() {
            old.end();
        }
        if from == to || super::reduced_motion() {
            shown.set(to);
            return;
        }
        let t0 = now_ms();
        running.set_value(Some(frame_loop(move |now| {
            let t = ((now - t0) / DURATION_MS).clamp(0.0, 1.0);
            let eased = 1.0 - (1.0 - t).powi(3);
            shown.set(from + (to - from) * eased);
            t < 1.0
        })));
    });
    Signal::derive(move || super::thousands(shown.get().round() as u64))
}

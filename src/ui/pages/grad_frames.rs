//! A requestAnimationFrame loop with teardown, shared by the gradient pages' animations.

use leptos::leptos_dom::helpers::request_animation_frame;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Runs `tick` once per frame while it returns `true` and `alive` is set (clear `alive` in
/// `on_cleanup`, or to stop the loop from outside).
pub fn run_frames(alive: Arc<AtomicBool>, tick: Rc<RefCell<dyn FnMut() -> bool>>) {
    request_animation_frame(move || {
        if !alive.load(Ordering::Relaxed) {
            return;
        }
        let again = (tick.borrow_mut())();
        if again {
            run_frames(alive, tick);
        }
    });
}

/// `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

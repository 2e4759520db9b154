//! Work that belongs to a page. Every task, frame loop, interval and timeout started here ends
//! when the reactive owner that started it is disposed: leaving a page by any navigation stops
//! all of its work, and none of it touches the page's signals afterwards.
//!
//! The owner is the one current where the helper is called: a component's body, or an event
//! handler of its view (leptos runs handlers under the owner of the view that attached them).

use leptos::leptos_dom::helpers::request_animation_frame;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Set while the owner that made it lives; cleared when it is disposed or by [`Alive::end`].
#[derive(Clone)]
pub struct Alive(Arc<AtomicBool>);

impl Alive {
    /// A flag tied to the current owner.
    pub fn new() -> Self {
        let flag = Arc::new(AtomicBool::new(true));
        let f = flag.clone();
        on_cleanup(move || f.store(false, Ordering::Relaxed));
        Self(flag)
    }

    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Stops the work this flag guards before its owner ends.
    pub fn end(&self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

impl Default for Alive {
    fn default() -> Self {
        Self::new()
    }
}

/// A future that stops (is dropped) at its first poll after its owner is disposed. The owner's
/// cleanup wakes it, so a task parked on a request that never answers is dropped too.
struct Owned<F> {
    alive: Alive,
    waker: Arc<Mutex<Option<Waker>>>,
    inner: Option<Pin<Box<F>>>,
    owner: Option<Owner>,
}

impl<F: Future<Output = ()>> Future for Owned<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if !this.alive.get() {
            this.inner = None;
            this.owner = None;
            return Poll::Ready(());
        }
        if let Ok(mut w) = this.waker.lock() {
            *w = Some(cx.waker().clone());
        }
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(());
        };
        let done = in_owner(&this.owner, || inner.as_mut().poll(cx));
        if done.is_ready() {
            this.inner = None;
            this.owner = None;
        }
        done
    }
}

/// Spawns `fut` on the page: it runs under the current owner and is dropped when that owner is
/// disposed (no code after an `await` runs once the page has gone).
pub fn spawn_owned(fut: impl Future<Output = ()> + 'static) {
    let alive = Alive::new();
    let waker: Arc<Mutex<Option<Waker>>> = Arc::new(Mutex::new(None));
    let w = waker.clone();
    on_cleanup(move || {
        if let Some(w) = w.lock().ok().and_then(|mut w| w.take()) {
            w.wake();
        }
    });
    leptos::task::spawn_local(Owned {
        alive,
        waker,
        inner: Some(Box::pin(fut)),
        owner: Owner::current(),
    });
}

/// Calls `tick(now_ms)` once per animation frame while it returns `true` and the owner lives.
/// The returned flag stops the loop early.
pub fn frame_loop(mut tick: impl FnMut(f64) -> bool + 'static) -> Alive {
    let alive = Alive::new();
    let owner = Owner::current();
    next_frame(
        alive.clone(),
        Box::new(move |t| in_owner(&owner, || tick(t))),
    );
    alive
}

/// Runs `f` under `owner` (contexts such as the router's are then found), or as it is.
pub fn in_owner<T>(owner: &Option<Owner>, f: impl FnOnce() -> T) -> T {
    match owner {
        Some(o) => o.with(f),
        None => f(),
    }
}

fn next_frame(alive: Alive, mut tick: Box<dyn FnMut(f64) -> bool>) {
    request_animation_frame(move || {
        if alive.get() && tick(now_ms()) {
            next_frame(alive, tick);
        }
    });
}

/// Calls `f` every `period` while the owner lives.
pub fn every(period: Duration, f: impl Fn() + 'static) {
    let owner = Owner::current();
    if let Ok(handle) = set_interval_with_handle(move || in_owner(&owner, &f), period) {
        on_cleanup(move || handle.clear());
    }
}

/// Calls `f` once after `delay`, unless the owner has been disposed by then.
pub fn after(delay: Duration, f: impl FnOnce() + 'static) {
    let owner = Owner::current();
    if let Ok(handle) = set_timeout_with_handle(move || in_owner(&owner, f), delay) {
        on_cleanup(move || handle.clear());
    }
}

/// Resolves after `ms` milliseconds (a macrotask), so a long computation can yield to the page.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

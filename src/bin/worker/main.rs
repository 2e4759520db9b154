//! The `/train` page's training worker (loaded by `assets/worker-loader.js`). Only
//! message glue: the training logic is `cnn_lab::lessons::train::Session`, tested natively.
//!
//! Loop: while running, train for ~200 ms, post a progress report, and yield to the event loop
//! (`setTimeout(0)`) so page messages (pause, predict, inspect) are answered between chunks.
//! The full 10,000-image test set is evaluated in chunks at growing intervals and on pause.
//!
//! `messages.rs` handles each message from the page; as one of a data-parallel pool, `pool.rs`
//! (ports, held-back shards, one batch's part and step) and `pool_run.rs` (the leader's and the
//! followers' loops).

#[cfg(target_arch = "wasm32")]
mod messages;
#[cfg(target_arch = "wasm32")]
mod pool;
#[cfg(target_arch = "wasm32")]
mod pool_run;

#[cfg(target_arch = "wasm32")]
mod imp {
    use cnn_lab::lessons::train::protocol::{FromWorker, ToWorker};
    use cnn_lab::lessons::train::Session;
    use js_sys::{Array, ArrayBuffer, Function, Promise, Reflect, Uint8Array};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Training time per chunk between reports (ms): 5 reports a second keep the figures live
    /// without the page's redraws competing with the worker for the CPU.
    pub(crate) const CHUNK_MS: f64 = 200.0;
    /// Test images evaluated between yields.
    const EVAL_SLICE: usize = 1000;
    /// First evaluation after this many training images; the interval doubles up to
    /// [`EVAL_MAX_INTERVAL`].
    pub(crate) const EVAL_FIRST: u64 = 2_000;
    pub(crate) const EVAL_MAX_INTERVAL: u64 = 10_000;
    /// Feature maps are refreshed at most this often while training (ms).
    pub(crate) const INSPECT_EVERY_MS: f64 = 1_000.0;

    #[derive(Default)]
    pub(crate) struct State {
        pub(crate) session: Option<Session>,
        pub(crate) running: bool,
        pub(crate) loop_active: bool,
        pub(crate) inspect_index: usize,
        pub(crate) next_eval: u64,
        pub(crate) last_eval_images: Option<u64>,
        pub(crate) last_inspect_ms: f64,
        /// Bumped by init/reset/load: an evaluation or a pool step in flight for an older model
        /// is dropped.
        pub(crate) generation: u64,
        /// Set when this worker is one of a data-parallel pool.
        pub(crate) pool: Option<crate::pool::Pool>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
    }

    pub(crate) fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    pub(crate) fn post(msg: &FromWorker) {
        let _ = scope().post_message(&JsValue::from_str(&msg.to_json()));
    }

    pub(crate) fn now() -> f64 {
        let perf = Reflect::get(&js_sys::global(), &"performance".into()).ok();
        perf.and_then(|p| {
            let f: Function = Reflect::get(&p, &"now".into()).ok()?.dyn_into().ok()?;
            f.call0(&p).ok()?.as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
    }

    /// Resolves on the next macrotask (lets queued messages run).
    pub(crate) async fn yield_now() {
        let p = Promise::new(&mut |resolve, _| {
            if let Some(f) = Reflect::get(&js_sys::global(), &"setTimeout".into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                let _ = f.call2(&JsValue::NULL, &resolve, &JsValue::from(0));
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }

    pub(crate) fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
        STATE.with(|s| f(&mut s.borrow_mut()))
    }

    pub(crate) fn post_inspection(st: &mut State) {
        let index = st.inspect_index;
        if let Some(s) = st
            .session
            .as_mut()
            .filter(|s| s.test_len() > 0 && s.diverged().is_none())
        {
            match s.inspect(index) {
                Ok(i) => post(&FromWorker::Inspected(i)),
                Err(message) => post(&FromWorker::Error { message }),
            }
        }
        st.last_inspect_ms = now();
    }

    pub(crate) fn post_report(st: &mut State) {
        let running = st.running;
        if let Some(s) = st.session.as_mut() {
            let mut report = s.take_report(running);
            report.wasm_memory_bytes = cnn_lab::ui::env::wasm_memory_bytes();
            post(&FromWorker::Progress(report));
        }
    }

    /// Evaluates the whole test set in slices, yielding between them.
    /// After a chunk of training (started at `t0`'s caller): the report, the maps about once a
    /// second, and whether a test-set evaluation is due (its interval doubles up to
    /// [`EVAL_MAX_INTERVAL`]).
    pub(crate) fn end_of_chunk(st: &mut State, stop: bool) -> bool {
        if stop {
            st.running = false;
        }
        post_report(st);
        let seen = st.session.as_ref().map_or(0, |s| s.images_seen());
        let due = !stop && seen >= st.next_eval;
        if due {
            st.next_eval = (st.next_eval * 2).min(st.next_eval + EVAL_MAX_INTERVAL);
        }
        if !stop && now() - st.last_inspect_ms > INSPECT_EVERY_MS {
            post_inspection(st);
        }
        due
    }

    pub(crate) async fn evaluate() {
        let Some((mut ev, generation)) = with(|st| {
            st.session
                .as_ref()
                .map(|s| (s.start_evaluation(), st.generation))
        }) else {
            return;
        };
        loop {
            let r = with(|st| {
                st.session
                    .as_mut()
                    .map(|s| s.evaluate_some(&mut ev, EVAL_SLICE))
            });
            match r {
                Some(Ok(Some(report))) => {
                    with(|st| st.last_eval_images = Some(report.images_seen));
                    post(&FromWorker::Evaluated(report));
                    return;
                }
                Some(Ok(None)) => yield_now().await,
                Some(Err(message)) => {
                    post(&FromWorker::Error { message });
                    return;
                }
                None => return,
            }
            if with(|st| st.generation != generation) {
                return;
            }
        }
    }

    async fn train_loop() {
        loop {
            let running = with(|st| st.running);
            if !running {
                let stale = with(|st| {
                    st.session.as_ref().is_some_and(|s| {
                        s.ready()
                            && s.diverged().is_none()
                            && st.last_eval_images != Some(s.images_seen())
                    })
                });
                if stale {
                    evaluate().await;
                }
                with(|st| {
                    post_inspection(st);
                    st.loop_active = false;
                });
                return;
            }
            let (due, stop) = with(|st| {
                let t0 = now();
                let mut stop = false;
                let Some(s) = st.session.as_mut() else {
                    st.running = false;
                    return (false, true);
                };
                while now() - t0 < CHUNK_MS {
                    match s.step() {
                        Ok(None) => {}
                        Ok(Some(d)) => {
                            post(&FromWorker::Diverged(d));
                            stop = true;
                            break;
                        }
                        Err(message) => {
                            post(&FromWorker::Error { message });
                            stop = true;
                            break;
                        }
                    }
                }
                s.add_train_ms(now() - t0);
                (end_of_chunk(st, stop), stop)
            });
            if due {
                evaluate().await;
            }
            if !stop {
                yield_now().await;
            }
        }
    }

    /// Starts training (`budget`: at most that many batches, then pause); in a pool, the
    /// leader's loop.
    pub(crate) fn start_loop(budget: Option<u64>) {
        let (spawn, pool) = with(|st| {
            st.running = true;
            if let Some(p) = st.pool.as_mut() {
                p.budget = budget;
            }
            (
                !std::mem::replace(&mut st.loop_active, true),
                st.pool.is_some(),
            )
        });
        if spawn && pool {
            wasm_bindgen_futures::spawn_local(crate::pool_run::leader_loop());
        } else if spawn {
            wasm_bindgen_futures::spawn_local(train_loop());
        }
    }

    /// `json`, `[json, ArrayBuffer]` (a shard) or `[json, MessagePort...]` (a pool's peers).
    fn on_message(ev: MessageEvent) {
        let data = ev.data();
        let (text, bytes, ports) = if let Some(t) = data.as_string() {
            (t, None, Vec::new())
        } else if Array::is_array(&data) {
            let a: Array = data.unchecked_into();
            let t = a.get(0).as_string().unwrap_or_default();
            let buf = a.get(1).dyn_into::<ArrayBuffer>().ok();
            let ports = (1..a.length())
                .filter_map(|k| a.get(k).dyn_into::<web_sys::MessagePort>().ok())
                .collect();
            (t, buf.map(|b| Uint8Array::new(&b).to_vec()), ports)
        } else {
            return;
        };
        match ToWorker::from_json(&text) {
            Ok(m) => crate::messages::handle(m, bytes, ports),
            Err(message) => post(&FromWorker::Error { message }),
        }
    }

    pub fn start() {
        console_error_panic_hook::set_once();
        let cb = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(cb.as_ref().unchecked_ref()));
        // The worker lives as long as the page keeps it; the handler must too.
        cb.forget();
        post(&FromWorker::Ready);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    imp::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the training worker runs in the browser (the /train page starts it)");
}

//! The page's handle on the training worker: found relative to the app's
//! base path with a version query, messages queued until the worker posts `Ready`, shard bytes
//! transferred (not copied) as an `ArrayBuffer`, and torn down on drop (handler cleared, then
//! `terminate()`). `SendWrapper` makes it storable in leptos's `Send + Sync` containers.

use crate::lessons::train::protocol::{FromWorker, ToWorker};
use js_sys::{Array, ArrayBuffer, Uint8Array};
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The message and error handlers: kept while the worker lives, dropped with it.
type Handler = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

struct Inner {
    worker: Worker,
    ready: Cell<bool>,
    pending: RefCell<Vec<JsValue>>,
    handler: RefCell<Option<Handler>>,
}

impl Inner {
    fn post(&self, msg: JsValue) {
        if !self.ready.get() {
            self.pending.borrow_mut().push(msg);
            return;
        }
        let result = if Array::is_array(&msg) {
            // `[json, transferable...]`: everything after the text is transferred.
            let a: &Array = msg.unchecked_ref();
            let transfer = a.slice(1, a.length());
            self.worker.post_message_with_transfer(&msg, &transfer)
        } else {
            self.worker.post_message(&msg)
        };
        if let Err(e) = result {
            web_sys::console::error_2(&"train worker: postMessage failed".into(), &e);
        }
    }
}

/// A running training worker.
pub struct WorkerClient {
    inner: SendWrapper<Rc<Inner>>,
}

impl WorkerClient {
    /// Starts the worker; `on_message` receives every decoded message except the handshake.
    pub fn spawn(on_message: impl Fn(FromWorker) + 'static) -> Result<Self, String> {
        let url = crate::ui::env::href(&format!(
            "/worker-loader.js?v={}",
            env!("CARGO_PKG_VERSION")
        ));
        let worker = Worker::new(&url).map_err(|e| format!("could not start the worker: {e:?}"))?;
        let inner = Rc::new(Inner {
            worker,
            ready: Cell::new(false),
            pending: RefCell::new(Vec::new()),
            handler: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        // Messages are handled under the owner that started the worker (the page).
        let owner = leptos::prelude::Owner::current();
        let cb = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            match FromWorker::from_json(&text) {
                Ok(FromWorker::Ready) => {
                    if let Some(inner) = weak.upgrade() {
                        inner.ready.set(true);
                        let queued = std::mem::take(&mut *inner.pending.borrow_mut());
                        for m in queued {
                            inner.post(m);
                        }
                    }
                }
                Ok(m) => crate::ui::owned::in_owner(&owner, || on_message(m)),
                Err(e) => web_sys::console::error_1(&e.into()),
            }
        });
        inner
            .worker
            .set_onmessage(Some(cb.as_ref().unchecked_ref()));
        let err = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
            web_sys::console::error_1(&"train worker failed to load".into());
        });
        inner.worker.set_onerror(Some(err.as_ref().unchecked_ref()));
        *inner.handler.borrow_mut() = Some((cb, err));
        Ok(Self {
            inner: SendWrapper::new(inner),
        })
    }

    pub fn send(&self, msg: &ToWorker) {
        self.inner.post(JsValue::from_str(&msg.to_json()));
    }

    /// Sends `msg` with message ports attached (transferred: this page keeps none of them).
    pub fn send_ports(&self, msg: &ToWorker, ports: &[web_sys::MessagePort]) {
        let a = Array::of1(&JsValue::from_str(&msg.to_json()));
        for p in ports {
            a.push(p);
        }
        self.inner.post(a.into());
    }

    /// Sends `msg` with `bytes` attached as a transferred `ArrayBuffer`.
    pub fn send_bytes(&self, msg: &ToWorker, bytes: &[u8]) {
        let buf: ArrayBuffer = Uint8Array::from(bytes).buffer();
        let pair = Array::of2(&JsValue::from_str(&msg.to_json()), &buf);
        self.inner.post(pair.into());
    }
}

impl Drop for WorkerClient {
    fn drop(&mut self) {
        self.inner.worker.set_onmessage(None);
        self.inner.worker.set_onerror(None);
        self.inner.handler.borrow_mut().take();
        self.inner.worker.terminate();
    }
}

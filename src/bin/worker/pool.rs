//! This worker as one of a data-parallel pool (`cnn_lab::lessons::train::pool` has the protocol
//! and its bookkeeping): the message ports to the other workers, training shards held back until
//! the leader says which batch first uses them, and one batch's part, exchange and step. The
//! loops that drive them are in `pool_run.rs`.

use crate::imp::{now, post, with, State};
use cnn_lab::lessons::train::pool::{Lockstep, PeerMsg};
use cnn_lab::lessons::train::protocol::FromWorker;
use js_sys::{Array, ArrayBuffer, Float32Array, Function};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, MessagePort};

pub(crate) struct Pool {
    pub(crate) lock: Lockstep,
    /// Port to worker `k` at index `k` (none for this worker).
    ports: Vec<Option<MessagePort>>,
    /// Training shards received but not yet added (the leader's announcement says when).
    pub(crate) pending: VecDeque<(String, Vec<u8>)>,
    /// Images in `pending`.
    held_images: usize,
    /// Resolves the loop's current wait (set while it waits).
    pub(crate) waker: Option<Function>,
    /// The generation whose schedule has been made canonical ([`Session::resync_schedule`]).
    synced: Option<u64>,
    /// Batches the leader may still announce without the page asking (`None`: until paused).
    pub(crate) budget: Option<u64>,
    pub(crate) follower_active: bool,
    /// This worker's compute: images of its parts and milliseconds spent on them.
    pub(crate) speed: (u64, f64, f64),
    /// The handlers of the ports (kept alive with the pool).
    _handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

/// Wakes the waiting loop, if any.
pub(crate) fn wake(st: &mut State) {
    if let Some(f) = st.pool.as_mut().and_then(|p| p.waker.take()) {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Joins a pool as worker `index` of `count`, with a port to each other worker.
pub(crate) fn join(index: usize, count: usize, ports: Vec<MessagePort>) {
    let mut slots: Vec<Option<MessagePort>> = (0..count).map(|_| None).collect();
    let others = (0..count).filter(|&k| k != index);
    let mut handlers = Vec::new();
    for (k, port) in others.zip(ports) {
        let cb = Closure::<dyn FnMut(MessageEvent)>::new(on_peer);
        port.set_onmessage(Some(cb.as_ref().unchecked_ref()));
        port.start();
        handlers.push(cb);
        slots[k] = Some(port);
    }
    with(|st| {
        let mut lock = Lockstep::new(index, count);
        lock.restart(st.generation);
        st.pool = Some(Pool {
            lock,
            ports: slots,
            pending: VecDeque::new(),
            held_images: 0,
            waker: None,
            synced: None,
            budget: None,
            follower_active: false,
            speed: (0, 0.0, now()),
            _handlers: handlers,
        });
    });
    if index > 0 {
        crate::pool_run::start_follower();
    }
}

/// A message from another worker: `json` or `[json, gradient buffer]`.
fn on_peer(ev: MessageEvent) {
    let data = ev.data();
    let (text, grads) = if let Some(t) = data.as_string() {
        (t, Vec::new())
    } else if Array::is_array(&data) {
        let a: Array = data.unchecked_into();
        let grads = a
            .get(1)
            .dyn_into::<ArrayBuffer>()
            .map(|b| Float32Array::new(&b).to_vec())
            .unwrap_or_default();
        (a.get(0).as_string().unwrap_or_default(), grads)
    } else {
        return;
    };
    match PeerMsg::from_json(&text) {
        Ok(m) => with(|st| {
            if let Some(p) = st.pool.as_mut() {
                p.lock.receive(m, grads);
            }
            wake(st);
        }),
        Err(message) => post(&FromWorker::Error { message }),
    }
}

/// Sends `msg` (and a gradient, transferred) to every other worker.
pub(crate) fn broadcast(pool: &Pool, msg: &PeerMsg, grads: Option<&[f32]>) {
    let text = JsValue::from_str(&msg.to_json());
    for port in pool.ports.iter().flatten() {
        let r = match grads {
            None => port.post_message(&text),
            Some(g) => {
                let buf = Float32Array::from(g).buffer();
                port.post_message_with_transferable(&Array::of2(&text, &buf), &Array::of1(&buf))
            }
        };
        if let Err(e) = r {
            web_sys::console::error_2(&"train worker: a peer message failed".into(), &e);
        }
    }
}

/// Images held back, not yet added.
pub(crate) fn held_images(st: &State) -> usize {
    st.pool.as_ref().map_or(0, |p| p.held_images)
}

/// Holds back a training shard until an announcement uses it (test shards are added at once);
/// the bytes come back if this worker is not in a pool or `file` is not a training shard.
pub(crate) fn hold_shard(st: &mut State, file: &str, bytes: Vec<u8>) -> Option<Vec<u8>> {
    let (Some(s), Some(p)) = (st.session.as_ref(), st.pool.as_mut()) else {
        return Some(bytes);
    };
    let Some(count) = s
        .manifest()
        .shards
        .iter()
        .find(|x| x.file == file && s.is_train_shard(file))
        .map(|x| x.count as usize)
    else {
        return Some(bytes);
    };
    p.pending.push_back((file.to_string(), bytes));
    p.held_images += count;
    post(&FromWorker::Loaded {
        file: file.to_string(),
        train_images: s.train_len() + p.held_images,
        test_images: s.test_len(),
    });
    wake(st);
    None
}

/// Whether the leader can start: the test set is in and some training images are (or are
/// held back).
pub(crate) fn can_train(st: &State) -> bool {
    st.session.as_ref().is_some_and(|s| {
        s.test_len() > 0
            && s.diverged().is_none()
            && (s.train_len() > 0 || st.pool.as_ref().is_some_and(|p| !p.pending.is_empty()))
    })
}

/// A new generation (init, reset, loaded weights): pending steps are dropped and the loops
/// waiting on them wake up and end. Init (`data_changed`) also drops held-back shards.
pub(crate) fn restart(st: &mut State, data_changed: bool) {
    let generation = st.generation;
    if let Some(p) = st.pool.as_mut() {
        p.lock.restart(generation);
        p.budget = None;
        if data_changed {
            p.pending.clear();
            p.held_images = 0;
        }
    }
    wake(st);
}

/// Adds held-back shards until `shards` training shards are in; `false` while some have not
/// arrived yet. Then, once per generation, makes the schedule canonical.
pub(crate) fn add_shards(st: &mut State, shards: usize) -> Result<bool, String> {
    let (Some(s), Some(p)) = (st.session.as_mut(), st.pool.as_mut()) else {
        return Ok(false);
    };
    while s.train_shards() < shards {
        let Some((file, bytes)) = p.pending.pop_front() else {
            return Ok(false);
        };
        let before = s.train_len();
        s.add_shard(&file, &bytes)?;
        p.held_images = p.held_images.saturating_sub(s.train_len() - before);
    }
    if p.synced != Some(p.lock.generation) {
        s.resync_schedule();
        p.synced = Some(p.lock.generation);
    }
    Ok(true)
}

/// This worker's part of batch `step`: computed, stored and sent to the others.
pub(crate) fn compute_part(st: &mut State, step: u64) -> Result<(), String> {
    let (Some(s), Some(p)) = (st.session.as_mut(), st.pool.as_mut()) else {
        return Err("no session".into());
    };
    let t0 = now();
    let part = s.part_gradients(p.lock.index, p.lock.count)?;
    p.speed.0 += part.images as u64;
    p.speed.1 += now() - t0;
    let msg = PeerMsg::part(p.lock.generation, step, p.lock.index, &part);
    broadcast(p, &msg, Some(&part.grads));
    let index = p.lock.index;
    p.lock.store(step, index, part);
    Ok(())
}

/// Applies batch `step` once every part is here. `Ok(false)`: the run must stop (diverged).
pub(crate) fn apply(st: &mut State, step: u64) -> Result<bool, String> {
    let (Some(s), Some(p)) = (st.session.as_mut(), st.pool.as_mut()) else {
        return Ok(false);
    };
    let Some(c) = p.lock.take_combined(step) else {
        return Ok(false);
    };
    match s.apply_combined(&c?)? {
        None => Ok(true),
        Some(d) => {
            if p.lock.is_leader() {
                post(&FromWorker::Diverged(d));
            }
            Ok(false)
        }
    }
}

pub(crate) fn generation_is(st: &State, g: u64) -> bool {
    st.pool.as_ref().is_some_and(|p| p.lock.generation == g)
}

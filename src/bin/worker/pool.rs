//! This worker as one of a data-parallel pool (`cnn_lab::lessons::train::pool` has the protocol
//! and its bookkeeping): the message ports to the other workers, training shards held back until
//! the leader says which batch first uses them, and the two loops. The leader (worker 0) trains
//! while the page says so, announcing every batch; the others follow every announcement.

use crate::imp::{
    evaluate, now, post, post_inspection, post_report, with, State, CHUNK_MS, EVAL_MAX_INTERVAL,
    INSPECT_EVERY_MS,
};
use cnn_lab::lessons::train::pool::{Lockstep, PeerMsg};
use cnn_lab::lessons::train::protocol::FromWorker;
use js_sys::{Array, ArrayBuffer, Float32Array, Function, Promise};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, MessagePort};

/// Throughput reports of a follower, at most this often (ms).
const SPEED_EVERY_MS: f64 = 1_000.0;

pub(crate) struct Pool {
    pub(crate) lock: Lockstep,
    /// Port to worker `k` at index `k` (none for this worker).
    ports: Vec<Option<MessagePort>>,
    /// Training shards received but not yet added (the leader's announcement says when).
    pending: VecDeque<(String, Vec<u8>)>,
    /// Images in `pending`.
    held_images: usize,
    /// Resolves the loop's current wait (set while it waits).
    waker: Option<Function>,
    /// The generation whose schedule has been made canonical ([`Session::resync_schedule`]).
    synced: Option<u64>,
    /// Batches the leader may still announce without the page asking (`None`: until paused).
    pub(crate) budget: Option<u64>,
    follower_active: bool,
    /// This worker's compute: images of its parts and milliseconds spent on them.
    speed: (u64, f64, f64),
    /// The handlers of the ports (kept alive with the pool).
    _handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

/// Wakes the waiting loop, if any.
pub(crate) fn wake(st: &mut State) {
    if let Some(f) = st.pool.as_mut().and_then(|p| p.waker.take()) {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Resolves once `ready` holds (checked after every wake).
async fn until(mut ready: impl FnMut(&mut State) -> bool) {
    loop {
        if with(|st| ready(st)) {
            return;
        }
        let p = Promise::new(&mut |resolve, _| {
            with(|st| {
                if let Some(pool) = st.pool.as_mut() {
                    pool.waker = Some(resolve);
                }
            })
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
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
        start_follower();
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
fn broadcast(pool: &Pool, msg: &PeerMsg, grads: Option<&[f32]>) {
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
fn add_shards(st: &mut State, shards: usize) -> Result<bool, String> {
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
fn compute_part(st: &mut State, step: u64) -> Result<(), String> {
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
fn apply(st: &mut State, step: u64) -> Result<bool, String> {
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

fn generation_is(st: &State, g: u64) -> bool {
    st.pool.as_ref().is_some_and(|p| p.lock.generation == g)
}

/// One batch of the pool from this worker's side, after its announcement: shards, part, wait for
/// the others, apply. `Ok(false)` if the generation changed or training must stop.
async fn pool_step(g: u64, step: u64, shards: usize) -> Result<bool, String> {
    let mut failed = None;
    until(|st| {
        !generation_is(st, g)
            || match add_shards(st, shards) {
                Ok(added) => added,
                Err(e) => {
                    failed = Some(e);
                    true
                }
            }
    })
    .await;
    if let Some(e) = failed {
        return Err(e);
    }
    if !with(|st| generation_is(st, g)) {
        return Ok(false);
    }
    with(|st| compute_part(st, step))?;
    until(|st| !generation_is(st, g) || st.pool.as_ref().is_some_and(|p| p.lock.complete(step)))
        .await;
    if !with(|st| generation_is(st, g)) {
        return Ok(false);
    }
    with(|st| apply(st, step))
}

fn start_follower() {
    let spawn = with(|st| {
        st.pool
            .as_mut()
            .is_some_and(|p| !std::mem::replace(&mut p.follower_active, true))
    });
    if spawn {
        wasm_bindgen_futures::spawn_local(follower_loop());
    }
}

/// A follower: waits for each announcement of the leader and does its part.
async fn follower_loop() {
    loop {
        let mut announced = None;
        until(|st| {
            let Some(step) = st.session.as_ref().map(|s| s.batches()) else {
                return false;
            };
            announced = st.pool.as_mut().and_then(|p| {
                p.lock
                    .take_go(step)
                    .map(|shards| (p.lock.generation, step, shards))
            });
            announced.is_some()
        })
        .await;
        let Some((g, step, shards)) = announced else {
            continue;
        };
        if let Err(message) = pool_step(g, step, shards).await {
            post(&FromWorker::Error { message });
        }
        with(|st| {
            if let Some(p) = st.pool.as_mut() {
                let t = now();
                if t - p.speed.2 > SPEED_EVERY_MS && p.speed.1 > 0.0 {
                    post(&FromWorker::Speed {
                        worker: p.lock.index,
                        images_per_sec: p.speed.0 as f64 * 1000.0 / p.speed.1,
                    });
                    p.speed = (0, 0.0, t);
                }
            }
        });
    }
}

/// The leader: while the page says so, announces each batch, trains its part, and (like the
/// single worker) reports, evaluates and refreshes the maps between chunks of ~200 ms.
pub(crate) async fn leader_loop() {
    loop {
        if !with(|st| st.running && st.pool.as_ref().is_none_or(|p| p.budget != Some(0))) {
            let stale = with(|st| {
                st.running = false;
                st.session.as_ref().is_some_and(|s| {
                    s.train_len() > 0
                        && s.diverged().is_none()
                        && st.last_eval_images != Some(s.images_seen())
                })
            });
            if stale {
                evaluate().await;
            }
            with(|st| {
                st.loop_active = false;
                post_report(st);
                post_inspection(st);
            });
            return;
        }
        let t0 = now();
        let mut stop = false;
        while now() - t0 < CHUNK_MS {
            let Some((g, step, shards)) = with(|st| {
                let s = st.session.as_ref()?;
                let p = st.pool.as_mut()?;
                if p.budget == Some(0) || !st.running {
                    return None;
                }
                if let Some(b) = p.budget.as_mut() {
                    *b -= 1;
                }
                // Every shard that has arrived is used from this batch on.
                let shards = s.train_shards() + p.pending.len();
                let g = p.lock.generation;
                let step = s.batches();
                broadcast(
                    p,
                    &PeerMsg::Go {
                        generation: g,
                        step,
                        shards,
                    },
                    None,
                );
                Some((g, step, shards))
            }) else {
                break;
            };
            match pool_step(g, step, shards).await {
                Ok(true) => {}
                Ok(false) => {
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
        let due = with(|st| {
            if let Some(s) = st.session.as_mut() {
                s.add_train_ms(now() - t0);
            }
            if stop {
                st.running = false;
            }
            post_report(st);
            if let Some(p) = st.pool.as_mut() {
                if p.speed.1 > 0.0 {
                    post(&FromWorker::Speed {
                        worker: 0,
                        images_per_sec: p.speed.0 as f64 * 1000.0 / p.speed.1,
                    });
                    p.speed = (0, 0.0, now());
                }
            }
            let seen = st.session.as_ref().map_or(0, |s| s.images_seen());
            let due = !stop && seen >= st.next_eval;
            if due {
                st.next_eval = (st.next_eval * 2).min(st.next_eval + EVAL_MAX_INTERVAL);
            }
            if !stop && now() - st.last_inspect_ms > INSPECT_EVERY_MS {
                post_inspection(st);
            }
            due
        });
        if due {
            evaluate().await;
        }
        crate::imp::yield_now().await;
    }
}

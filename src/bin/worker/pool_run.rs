//! The pool's two loops. The leader (worker 0) trains while the page says so, announcing every
//! batch and, like the single worker, reporting, evaluating and refreshing the maps between
//! chunks of ~200 ms; every other worker follows each announcement.

use crate::imp::{
    end_of_chunk, evaluate, now, post, post_inspection, post_report, with, State, CHUNK_MS,
};
use crate::pool::{add_shards, apply, broadcast, compute_part, generation_is};
use cnn_lab::lessons::train::pool::PeerMsg;
use cnn_lab::lessons::train::protocol::FromWorker;
use js_sys::Promise;

/// Throughput reports of a follower, at most this often (ms).
const SPEED_EVERY_MS: f64 = 1_000.0;

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

pub(crate) fn start_follower() {
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
            if let Some(p) = st.pool.as_mut() {
                if p.speed.1 > 0.0 {
                    post(&FromWorker::Speed {
                        worker: 0,
                        images_per_sec: p.speed.0 as f64 * 1000.0 / p.speed.1,
                    });
                    p.speed = (0, 0.0, now());
                }
            }
            end_of_chunk(st, stop)
        });
        if due {
            evaluate().await;
        }
        crate::imp::yield_now().await;
    }
}

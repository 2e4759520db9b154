//! The page's workers: one, or a data-parallel pool (`workers=` in the URL; absent or 0: one per
//! core but one, left for the page). Worker 0 is the leader: it takes the training controls and
//! answers every read-out; the others only follow it (`crate::lessons::train::pool`). Every
//! pair of workers gets a `MessageChannel` of its own, so their gradients never pass through
//! this page. Dropping the pool terminates every worker.

use super::worker_client::WorkerClient;
use super::Store;
use crate::lessons::train::pool::pool_size;
use crate::lessons::train::protocol::{FromWorker, ToWorker};
use leptos::prelude::*;
use web_sys::{MessageChannel, MessagePort};

#[derive(Default)]
pub struct Pool {
    workers: Vec<WorkerClient>,
}

impl Pool {
    pub fn send_leader(&self, msg: &ToWorker) {
        if let Some(w) = self.workers.first() {
            w.send(msg);
        }
    }

    pub fn send_all(&self, msg: &ToWorker) {
        self.workers.iter().for_each(|w| w.send(msg));
    }

    /// Each worker gets its own copy of `bytes` (transferred to it).
    pub fn send_bytes_all(&self, msg: &ToWorker, bytes: &[u8]) {
        self.workers.iter().for_each(|w| w.send_bytes(msg, bytes));
    }
}

/// Logical cores as the browser reports them (1 if it does not).
fn cores() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|c| c.is_finite() && *c >= 1.0)
        .map_or(1, |c| c as usize)
}

impl Store {
    /// Starts the workers the URL asks for and connects them; a note when fewer than asked.
    pub fn start_pool(&self) -> Result<Option<String>, String> {
        let asked = self.params.get_untracked().workers;
        let n = pool_size(asked, cores());
        let note = (asked > n as i64).then(|| {
            format!(
                "{asked} workers asked for, but this device reports {} cores: {n} train.",
                cores()
            )
        });
        let mut workers = Vec::with_capacity(n);
        for k in 0..n {
            let store = *self;
            workers.push(WorkerClient::spawn(move |m| {
                // The followers' copies of the read-outs are the leader's; only their own
                // throughput and their troubles are news.
                if k == 0
                    || matches!(
                        m,
                        FromWorker::Speed { .. }
                            | FromWorker::Error { .. }
                            | FromWorker::DataError { .. }
                    )
                {
                    store.on_message(m);
                }
            })?);
        }
        if n > 1 {
            // mine[k]: worker k's ends of its channels, in the other workers' order.
            let mut mine: Vec<Vec<(usize, MessagePort)>> = (0..n).map(|_| Vec::new()).collect();
            for i in 0..n {
                for j in i + 1..n {
                    let ch = MessageChannel::new()
                        .map_err(|_| "this browser cannot connect workers".to_string())?;
                    mine[i].push((j, ch.port1()));
                    mine[j].push((i, ch.port2()));
                }
            }
            for (k, (w, mut ends)) in workers.iter().zip(mine).enumerate() {
                ends.sort_by_key(|e| e.0);
                let ports: Vec<MessagePort> = ends.into_iter().map(|e| e.1).collect();
                w.send_ports(&ToWorker::Peers { index: k, count: n }, &ports);
            }
        }
        self.workers.set(n);
        self.speeds.set(vec![0.0; n]);
        self.pool.set_value(Pool { workers });
        Ok(note)
    }
}

impl Store {
    /// Another pool size: the old workers end, new ones start and get the data again (from the
    /// browser's cache), with a fresh model.
    pub fn restart_pool(&self) {
        self.pool.set_value(Pool::default());
        match self.start_pool() {
            Ok(_) => self.switch_data(),
            Err(e) => self.phase.set(super::Phase::Failed(e)),
        }
    }
}

//! Data-parallel training across a pool of workers, without a shared memory: the workers keep
//! identical replicas of the session and move in lockstep, one mini-batch at a time.
//!
//! Worker 0 (the leader) decides. For every batch `s` it sends the others [`PeerMsg::Go`] with
//! the number of training shards the batch is drawn from (shards stream in while training, and a
//! shard changes the schedule, so every replica must add it before the same batch); then every
//! worker backpropagates its part of batch `s` and sends it to every other worker
//! ([`PeerMsg::Part`], its gradient travels beside it as a transferred buffer). Each worker
//! combines the parts in part order once it has all of them (so every replica computes the same
//! bits) and applies them. Pausing is the leader not sending the next `Go`. A reset, a new data
//! set or loaded weights start a new `generation`: messages of an older one are dropped.
//!
//! [`Lockstep`] is one worker's bookkeeping of those messages; the worker binary only moves
//! bytes between it and the message ports.

use super::session::{combine, Combined, PartGrads};
pub use super::settings::MAX_WORKERS;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A message between two workers of the pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PeerMsg {
    /// Leader: batch `step` happens, drawn after `shards` training shards were added.
    Go {
        generation: u64,
        step: u64,
        shards: usize,
    },
    /// Worker `part`'s share of batch `step` (its gradient follows as a buffer).
    Part {
        generation: u64,
        step: u64,
        part: usize,
        images: usize,
        loss_sum: f64,
        correct: usize,
    },
}

impl PeerMsg {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("PeerMsg serialises")
    }
    pub fn from_json(s: &str) -> Result<Self, String> {
        serde_json::from_str(s).map_err(|e| format!("bad message between workers: {e}"))
    }

    /// The header of a part (its gradient travels beside it).
    pub fn part(generation: u64, step: u64, part: usize, p: &PartGrads) -> PeerMsg {
        PeerMsg::Part {
            generation,
            step,
            part,
            images: p.images,
            loss_sum: p.loss_sum,
            correct: p.correct,
        }
    }
}

/// One worker's view of the pool: its place, the current generation, the batches the leader has
/// announced and the parts received so far.
#[derive(Debug, Clone)]
pub struct Lockstep {
    pub index: usize,
    pub count: usize,
    pub generation: u64,
    /// Announced batches: step -> training shards to draw it from.
    go: BTreeMap<u64, usize>,
    /// Parts received (or computed here) per step, indexed by part.
    parts: BTreeMap<u64, Vec<Option<PartGrads>>>,
}

impl Lockstep {
    /// Worker `index` of a pool of `count` (clamped to a sane pool).
    pub fn new(index: usize, count: usize) -> Self {
        let count = count.clamp(1, MAX_WORKERS);
        Lockstep {
            index: index.min(count - 1),
            count,
            generation: 0,
            go: BTreeMap::new(),
            parts: BTreeMap::new(),
        }
    }

    pub fn is_leader(&self) -> bool {
        self.index == 0
    }

    /// A new generation: everything announced or received before is dropped.
    pub fn restart(&mut self, generation: u64) {
        self.generation = generation;
        self.go.clear();
        self.parts.clear();
    }

    /// Records a message from another worker; `false` if it belongs to an older generation or
    /// makes no sense (a part index outside the pool, a gradient of another length).
    pub fn receive(&mut self, msg: PeerMsg, grads: Vec<f32>) -> bool {
        match msg {
            PeerMsg::Go {
                generation,
                step,
                shards,
            } => {
                if generation != self.generation {
                    return false;
                }
                self.go.insert(step, shards);
                true
            }
            PeerMsg::Part {
                generation,
                step,
                part,
                images,
                loss_sum,
                correct,
            } => {
                if generation != self.generation || part >= self.count {
                    return false;
                }
                self.store(
                    step,
                    part,
                    PartGrads {
                        images,
                        loss_sum,
                        correct,
                        grads,
                    },
                );
                true
            }
        }
    }

    /// Records this worker's own part of `step`.
    pub fn store(&mut self, step: u64, part: usize, p: PartGrads) {
        let count = self.count;
        let slots = self.parts.entry(step).or_insert_with(|| vec![None; count]);
        if let Some(slot) = slots.get_mut(part) {
            *slot = Some(p);
        }
    }

    /// The training shards batch `step` is drawn from, once the leader has announced it.
    pub fn announced(&self, step: u64) -> Option<usize> {
        self.go.get(&step).copied()
    }

    /// Forgets the announcement of `step` (the batch is being computed).
    pub fn take_go(&mut self, step: u64) -> Option<usize> {
        self.go.remove(&step)
    }

    /// Whether every part of `step` is here.
    pub fn complete(&self, step: u64) -> bool {
        self.parts
            .get(&step)
            .is_some_and(|v| v.iter().all(Option::is_some))
    }

    /// The combined gradient of `step` once every part is here (parts removed); parts that do
    /// not fit together are an error.
    pub fn take_combined(&mut self, step: u64) -> Option<Result<Combined, String>> {
        if !self.complete(step) {
            return None;
        }
        let parts: Vec<PartGrads> = self.parts.remove(&step)?.into_iter().flatten().collect();
        Some(combine(&parts))
    }
}

/// Most workers the automatic choice starts: each holds its own copy of the data set (about
/// 50 MB), and phones report eight cores.
pub const AUTO_MAX_WORKERS: usize = 4;

/// The pool size for `workers=` (`0`: automatic) on a machine reporting `cores` logical cores:
/// automatic leaves one core for the page (and starts at most [`AUTO_MAX_WORKERS`]); more
/// workers than cores would only share them, so a request is capped at the cores; at least one.
pub fn pool_size(requested: i64, cores: usize) -> usize {
    let cores = cores.clamp(1, MAX_WORKERS);
    if requested > 0 {
        (requested as usize).min(cores)
    } else {
        cores.saturating_sub(1).clamp(1, AUTO_MAX_WORKERS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(images: usize, g: f32) -> PartGrads {
        PartGrads {
            images,
            loss_sum: images as f64,
            correct: 0,
            grads: vec![g; 4],
        }
    }

    #[test]
    fn a_step_completes_with_every_part_in_part_order() {
        let mut a = Lockstep::new(0, 3);
        a.restart(7);
        a.store(5, 0, part(4, 1.0));
        assert!(a.take_combined(5).is_none());
        let msg = |p: usize, gen| PeerMsg::part(gen, 5, p, &part(4, p as f32));
        assert!(!a.receive(msg(2, 6), vec![2.0; 4]), "older generation");
        assert!(a.receive(msg(2, 7), vec![2.0; 4]));
        assert!(!a.complete(5));
        assert!(a.receive(msg(1, 7), vec![1.0; 4]));
        let c = a.take_combined(5).unwrap().unwrap();
        assert_eq!(c.images, 12);
        let want = (1.0f32 / 3.0) * 1.0 + (1.0f32 / 3.0) * 1.0 + (1.0f32 / 3.0) * 2.0;
        assert_eq!(c.grads, vec![want; 4]);
        assert!(a.take_combined(5).is_none(), "taken once");
        // Parts arrive in any order; the sum does not depend on it.
        let mut b = Lockstep::new(1, 3);
        b.restart(7);
        b.store(5, 1, part(4, 1.0));
        b.receive(msg(2, 7), vec![2.0; 4]);
        b.receive(PeerMsg::part(7, 5, 0, &part(4, 1.0)), vec![1.0; 4]);
        assert_eq!(b.take_combined(5).unwrap().unwrap(), c);
    }

    #[test]
    fn go_announces_and_generations_drop_stale_messages() {
        let mut f = Lockstep::new(1, 2);
        f.restart(3);
        assert!(!f.receive(
            PeerMsg::Go {
                generation: 2,
                step: 0,
                shards: 1
            },
            vec![]
        ));
        assert!(f.receive(
            PeerMsg::Go {
                generation: 3,
                step: 0,
                shards: 2
            },
            vec![]
        ));
        assert_eq!(f.announced(0), Some(2));
        assert_eq!(f.take_go(0), Some(2));
        assert_eq!(f.announced(0), None);
        f.store(0, 1, part(2, 0.5));
        f.restart(4);
        assert!(!f.complete(0));
        assert!(!f.receive(PeerMsg::part(4, 0, 9, &part(1, 0.0)), vec![0.0; 4]));
        let j = PeerMsg::Go {
            generation: 1,
            step: 2,
            shards: 3,
        }
        .to_json();
        assert_eq!(
            PeerMsg::from_json(&j).unwrap(),
            PeerMsg::Go {
                generation: 1,
                step: 2,
                shards: 3
            }
        );
        assert!(PeerMsg::from_json("{").is_err());
    }

    #[test]
    fn pool_sizes() {
        assert_eq!(pool_size(0, 2), 1, "two cores: one for the page");
        assert_eq!(pool_size(0, 8), AUTO_MAX_WORKERS);
        assert_eq!(pool_size(0, 4), 3);
        assert_eq!(pool_size(0, 0), 1);
        assert_eq!(pool_size(2, 2), 2);
        assert_eq!(pool_size(4, 2), 2, "capped at the cores");
        assert_eq!(pool_size(999, 64), MAX_WORKERS);
        assert_eq!(Lockstep::new(5, 2).index, 1);
        assert!(Lockstep::new(0, 0).is_leader());
    }
}

//! Data-parallel replicas of a session against one session.

use super::{files, loaded};
use crate::lessons::train::session::{combine, PartGrads, Session};
use crate::lessons::train::TrainSettings;

fn weights(s: &Session) -> Vec<f32> {
    s.model()
        .params()
        .iter()
        .flat_map(|p| crate::engine::tensor::data(p.value()).into_owned())
        .collect()
}

/// Data-parallel replicas (one per worker): with the batch split in 2 or 3 parts, the replicas'
/// weights stay bit-identical to each other, the same split twice gives the same bits, and the
/// weights equal one session's after the same batches up to float summation order (the parts'
/// means are combined in another order than one pass over the batch sums them). With SGD that
/// order moves a weight by about 1e-7; Adam divides each step by the gradient's running RMS, so
/// a component that is zero up to rounding can step by ±lr either way: there the bound is a
/// small fraction of the total step lr x batches.
#[test]
fn data_parallel_replicas_match_one_session() {
    const STEPS: usize = 6;
    let f = files(&[200], 50);
    for adam in [false, true] {
        let settings = TrainSettings {
            batch: 12,
            lr: 0.003,
            adam,
            ..TrainSettings::default()
        };
        let mut one = loaded(&f, settings);
        for _ in 0..STEPS {
            assert_eq!(one.step().unwrap(), None);
        }
        let reference = weights(&one);
        for n in [2, 3] {
            let run = || {
                let mut reps: Vec<Session> = (0..n).map(|_| loaded(&f, settings)).collect();
                for _ in 0..STEPS {
                    let parts: Vec<PartGrads> = reps
                        .iter_mut()
                        .enumerate()
                        .map(|(k, s)| s.part_gradients(k, n).unwrap())
                        .collect();
                    assert_eq!(parts.iter().map(|p| p.images).sum::<usize>(), 12);
                    let c = combine(&parts).unwrap();
                    for s in &mut reps {
                        assert_eq!(s.apply_combined(&c).unwrap(), None);
                    }
                }
                reps
            };
            let (a, b) = (run(), run());
            let w = weights(&a[0]);
            for r in &a[1..] {
                assert_eq!(weights(r), w, "N = {n}: replicas drifted apart");
            }
            assert_eq!(weights(&b[0]), w, "N = {n}: not reproducible");
            assert_eq!(a[0].images_seen(), one.images_seen());
            let worst = w
                .iter()
                .zip(&reference)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0f32, f32::max);
            let bound = if adam {
                0.01 * 0.003 * STEPS as f32
            } else {
                1e-6
            };
            println!(
                "adam {adam}, N = {n}: largest weight difference from N = 1 after {STEPS} \
                 batches: {worst:e} (bound {bound:e})"
            );
            assert!(worst <= bound, "adam {adam}, N = {n}: {worst}");
        }
    }
}

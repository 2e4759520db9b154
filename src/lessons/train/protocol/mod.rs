//! Messages between the `/train` page and its training worker, as serde enums sent as JSON text.
//! A shard's bytes travel beside its header as a transferred `ArrayBuffer`:
//! the page posts `[json, buffer]` for [`ToWorker::Shard`] and plain `json` otherwise.
//!
//! Handshake: the worker posts [`FromWorker::Ready`] first; the page sends nothing before it
//! (messages posted before the worker's wasm has started would be lost).

use super::settings::TrainSettings;
use serde::{Deserialize, Serialize};

mod inside;
mod reports;

pub use inside::{Explanation, GradCheck, Occlusion, TopPatch, UnitReport};

pub use reports::{
    CellImages, Divergence, Inspection, MapStack, Misclassified, ProgressReport, TestReport,
};

/// Page -> worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    /// The MNIST manifest (validated again by the worker) and the model settings; discards any
    /// previous model and data.
    Init {
        manifest_json: String,
        settings: TrainSettings,
    },
    /// A new model from `settings`, keeping the data already loaded (the page's "reset").
    Reset {
        settings: TrainSettings,
    },
    /// A downloaded shard file; its bytes follow the JSON as an `ArrayBuffer`.
    Shard {
        file: String,
    },
    /// Train continuously until [`ToWorker::Pause`].
    Start,
    Pause,
    /// Train exactly one mini-batch (the lecture's step button).
    Step,
    /// Feature maps of test digit `index` (kept as the one to refresh while training).
    Inspect {
        index: usize,
    },
    /// Class probabilities of a preprocessed drawn digit: 28x28 values in 0..1, ink = 1.
    Predict {
        pixels: Vec<f32>,
    },
    /// This worker is worker `index` of a data-parallel pool of `count`; a `MessagePort` to
    /// every other worker follows (in worker order, skipping this one) as transferred objects.
    Peers {
        index: usize,
        count: usize,
    },
    /// The test images of one confusion-matrix cell ([`FromWorker::Cell`]).
    Cell {
        truth: usize,
        predicted: usize,
    },
    /// One unit's weights and top test patches ([`FromWorker::Unit`]); `layer` is its
    /// position in the network's layer list (C1 = 0).
    Unit {
        layer: usize,
        unit: usize,
        row: usize,
        col: usize,
    },
    /// Saliency and occlusion maps of test image `index` for `class` (`None`: the predicted
    /// class), the occluding patch `patch` pixels wide moved `stride` at a time.
    Explain {
        index: usize,
        class: Option<usize>,
        patch: usize,
        stride: usize,
    },
    /// Send the current weights back ([`FromWorker::Weights`]).
    Save,
    /// Replace the weights from a weights file's text (refused files keep the model).
    Load {
        json: String,
    },
}

/// Worker -> page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    Ready,
    /// A shard was decoded and added; totals so far.
    Loaded {
        file: String,
        train_images: usize,
        test_images: usize,
    },
    /// A shard or the manifest was refused (corrupt, truncated, wrong format).
    DataError {
        message: String,
    },
    Progress(ProgressReport),
    Evaluated(TestReport),
    Inspected(Inspection),
    Prediction {
        probs: Vec<f32>,
    },
    /// One confusion-matrix cell's test images.
    Cell(CellImages),
    Unit(UnitReport),
    Explained(Explanation),
    /// A pool worker's own throughput: images of its parts per second of its own compute.
    Speed {
        worker: usize,
        images_per_sec: f64,
    },
    /// The loss (or a weight) became NaN/inf in this batch; training stopped.
    Diverged(Divergence),
    /// The current weights, in the engine's versioned JSON format.
    Weights {
        json: String,
    },
    /// The outcome of [`ToWorker::Load`]: `ok`, or why the file was refused.
    WeightsLoaded {
        ok: bool,
        message: String,
    },
    /// Anything else that went wrong (a message for the page).
    Error {
        message: String,
    },
}

impl ToWorker {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("ToWorker serialises")
    }
    pub fn from_json(s: &str) -> Result<Self, String> {
        serde_json::from_str(s).map_err(|e| format!("bad message to the worker: {e}"))
    }
}

impl FromWorker {
    /// JSON text. Non-finite floats (a diverged model's loss, NaN weights in the maps) are not
    /// JSON and serde_json would write them as `null`, which the page could not read back: they
    /// are sent as 0 (NaN) or ±f32::MAX (infinities) instead.
    pub fn to_json(&self) -> String {
        let mut m = self.clone();
        m.make_finite();
        serde_json::to_string(&m).expect("FromWorker serialises")
    }

    fn make_finite(&mut self) {
        fn f(v: &mut f32) {
            if v.is_nan() {
                *v = 0.0;
            } else if v.is_infinite() {
                *v = v.signum() * f32::MAX;
            }
        }
        fn d(v: &mut f64) {
            if v.is_nan() {
                *v = 0.0;
            } else if v.is_infinite() {
                *v = v.signum() * f64::MAX;
            }
        }
        match self {
            FromWorker::Progress(p) => {
                d(&mut p.epoch);
                d(&mut p.images_per_sec);
                d(&mut p.mean_images_per_sec);
                p.train_loss.iter_mut().for_each(f);
                p.train_accuracy.iter_mut().for_each(f);
            }
            FromWorker::Evaluated(r) => {
                d(&mut r.loss);
                d(&mut r.accuracy);
                r.misclassified
                    .iter_mut()
                    .for_each(|m| f(&mut m.confidence));
            }
            FromWorker::Inspected(i) => {
                i.filters.data.iter_mut().for_each(f);
                i.maps
                    .iter_mut()
                    .for_each(|m| m.data.iter_mut().for_each(f));
            }
            FromWorker::Prediction { probs } => probs.iter_mut().for_each(f),
            FromWorker::Unit(u) => {
                if let Some(w) = &mut u.weights {
                    w.data.iter_mut().for_each(f);
                }
                u.bias.iter_mut().for_each(f);
                u.top.iter_mut().for_each(|t| f(&mut t.value));
            }
            FromWorker::Explained(e) => {
                f(&mut e.probability);
                e.saliency.iter_mut().for_each(f);
                for c in &mut e.checks {
                    f(&mut c.grad);
                    f(&mut c.finite_difference);
                }
                e.occlusion.probs.iter_mut().for_each(f);
                e.occlusion.drop_map.iter_mut().for_each(f);
            }
            FromWorker::Cell(c) => c.images.iter_mut().for_each(|m| f(&mut m.confidence)),
            FromWorker::Diverged(dv) => {
                if !dv.loss.is_finite() {
                    dv.loss = f32::MAX;
                }
                f(&mut dv.lr);
            }
            _ => {}
        }
    }

    pub fn from_json(s: &str) -> Result<Self, String> {
        serde_json::from_str(s).map_err(|e| format!("bad message from the worker: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let to = [
            ToWorker::Init {
                manifest_json: "{}".into(),
                settings: TrainSettings::default(),
            },
            ToWorker::Reset {
                settings: TrainSettings::default(),
            },
            ToWorker::Shard {
                file: "train-0.shard".into(),
            },
            ToWorker::Start,
            ToWorker::Pause,
            ToWorker::Step,
            ToWorker::Inspect { index: 3 },
            ToWorker::Predict {
                pixels: vec![0.5; 784],
            },
            ToWorker::Save,
            ToWorker::Load { json: "{}".into() },
        ];
        for m in to {
            assert_eq!(ToWorker::from_json(&m.to_json()).unwrap(), m);
        }
        let from = [
            FromWorker::Ready,
            FromWorker::Progress(ProgressReport {
                train_loss: Some(0.5),
                ..Default::default()
            }),
            FromWorker::Evaluated(TestReport {
                confusion: vec![vec![1, 2], vec![3, 4]],
                misclassified: vec![Misclassified {
                    index: 1,
                    label: 2,
                    predicted: 3,
                    confidence: 0.9,
                    pixels: vec![0, 255],
                }],
                ..Default::default()
            }),
            FromWorker::Prediction {
                probs: vec![0.1; 10],
            },
            FromWorker::Error {
                message: "x".into(),
            },
        ];
        for m in from {
            assert_eq!(FromWorker::from_json(&m.to_json()).unwrap(), m);
        }
        assert_eq!(ToWorker::Start.to_json(), r#"{"type":"start"}"#);
        assert!(ToWorker::from_json(r#"{"type":"fly"}"#).is_err());
    }

    #[test]
    fn progress_without_memory_field_still_parses() {
        let old = r#"{"type":"progress","running":true,"batches":1,"images_seen":32,"epoch":0.0,
            "images_per_sec":0.0,"mean_images_per_sec":0.0,"train_loss":null,
            "train_accuracy":null,"train_images_loaded":0}"#;
        match FromWorker::from_json(old).unwrap() {
            FromWorker::Progress(p) => assert_eq!((p.images_seen, p.wasm_memory_bytes), (32, 0)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn divergence_with_nan_still_serialises() {
        let m = FromWorker::Diverged(Divergence {
            batch: 3,
            images_seen: 96,
            loss: f32::NAN,
            lr: 10.0,
        });
        match FromWorker::from_json(&m.to_json()).unwrap() {
            FromWorker::Diverged(d) => assert_eq!((d.batch, d.loss), (3, f32::MAX)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn non_finite_values_still_round_trip() {
        let stack = |v: f32| MapStack {
            name: "C1".into(),
            h: 1,
            w: 2,
            c: 1,
            data: vec![v, 1.0],
        };
        let m = FromWorker::Inspected(Inspection {
            index: 0,
            label: 1,
            predicted: 2,
            pixels: vec![],
            filters: stack(f32::NAN),
            maps: vec![stack(f32::NEG_INFINITY)],
        });
        match FromWorker::from_json(&m.to_json()).unwrap() {
            FromWorker::Inspected(i) => {
                assert_eq!(i.filters.data, [0.0, 1.0]);
                assert_eq!(i.maps[0].data, [-f32::MAX, 1.0]);
            }
            other => panic!("{other:?}"),
        }
        let p = FromWorker::Prediction {
            probs: vec![f32::NAN; 10],
        };
        assert!(FromWorker::from_json(&p.to_json()).is_ok());
        let e = FromWorker::Evaluated(TestReport {
            loss: f64::INFINITY,
            ..Default::default()
        });
        assert!(FromWorker::from_json(&e.to_json()).is_ok());
    }

    #[test]
    fn map_channels() {
        let m = MapStack {
            name: "C1".into(),
            h: 1,
            w: 2,
            c: 3,
            data: vec![0.0, 1.0, 2.0, 10.0, 11.0, 12.0],
        };
        assert_eq!(m.channel(1), vec![1.0, 11.0]);
    }
}

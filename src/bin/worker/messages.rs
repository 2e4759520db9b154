//! What the worker does with each message from the page.

use crate::imp::{evaluate, now, post, post_inspection, post_report, start_loop, with, EVAL_FIRST};
use cnn_lab::lessons::train::protocol::{FromWorker, ToWorker};
use cnn_lab::lessons::train::Session;

pub(crate) fn handle(msg: ToWorker, bytes: Option<Vec<u8>>, ports: Vec<web_sys::MessagePort>) {
    match msg {
        ToWorker::Peers { index, count } => crate::pool::join(index, count, ports),
        ToWorker::Init {
            manifest_json,
            settings,
        } => with(|st| match Session::new(&manifest_json, settings) {
            Ok(s) => {
                st.generation += 1;
                st.session = Some(s);
                st.running = false;
                st.next_eval = EVAL_FIRST;
                st.last_eval_images = None;
                crate::pool::restart(st, true);
            }
            Err(message) => post(&FromWorker::DataError { message }),
        }),
        ToWorker::Reset { settings } => with(|st| {
            st.generation += 1;
            st.running = false;
            st.next_eval = EVAL_FIRST;
            st.last_eval_images = None;
            crate::pool::restart(st, false);
            if let Some(s) = st.session.as_mut() {
                match s.reset(settings) {
                    Ok(()) => {
                        post_report(st);
                        post_inspection(st);
                    }
                    Err(message) => post(&FromWorker::Error { message }),
                }
            }
        }),
        ToWorker::Shard { file } => with(|st| {
            let Some(bytes) = crate::pool::hold_shard(st, &file, bytes.unwrap_or_default()) else {
                return;
            };
            let held = crate::pool::held_images(st);
            let Some(s) = st.session.as_mut() else { return };
            // The maps need only the test set: shown as soon as it is in.
            let had_test = s.test_len() > 0;
            match s.add_shard(&file, &bytes) {
                Ok(()) => {
                    post(&FromWorker::Loaded {
                        file,
                        train_images: s.train_len() + held,
                        test_images: s.test_len(),
                    });
                    if !had_test && s.test_len() > 0 {
                        post_inspection(st);
                    }
                }
                Err(message) => post(&FromWorker::DataError { message }),
            }
        }),
        ToWorker::Start => {
            let ok = with(|st| {
                if st.pool.is_some() {
                    return crate::pool::can_train(st);
                }
                st.session
                    .as_ref()
                    .is_some_and(|s| s.ready() && s.diverged().is_none())
            });
            if ok {
                start_loop(None);
            }
        }
        ToWorker::Pause => with(|st| {
            // A report saying "paused" follows any report the loop posted while the page's
            // Pause was in flight (those say "running", and the page believes the last one).
            st.running = false;
            post_report(st);
        }),
        ToWorker::Step if with(|st| st.pool.is_some()) => {
            if with(|st| !st.running && crate::pool::can_train(st)) {
                start_loop(Some(1));
            }
        }
        ToWorker::Step => with(|st| {
            if st.running {
                return;
            }
            let Some(s) = st.session.as_mut() else { return };
            let t0 = now();
            match s.step() {
                Ok(None) => s.add_train_ms(now() - t0),
                Ok(Some(d)) => post(&FromWorker::Diverged(d)),
                Err(message) => post(&FromWorker::Error { message }),
            }
            post_report(st);
            post_inspection(st);
        }),
        ToWorker::Inspect { index } => with(|st| {
            st.inspect_index = index;
            post_inspection(st);
        }),
        ToWorker::Save => with(|st| {
            if let Some(s) = st.session.as_ref() {
                post(&FromWorker::Weights {
                    json: s.save_weights(),
                });
            }
        }),
        ToWorker::Load { json } => {
            let ok = with(|st| {
                st.running = false;
                let Some(s) = st.session.as_mut() else {
                    return false;
                };
                match s.load_weights(&json) {
                    Ok(()) => {
                        st.generation += 1;
                        crate::pool::restart(st, false);
                        post(&FromWorker::WeightsLoaded {
                            ok: true,
                            message: "Weights loaded.".into(),
                        });
                        post_inspection(st);
                        true
                    }
                    Err(message) => {
                        post(&FromWorker::WeightsLoaded { ok: false, message });
                        false
                    }
                }
            });
            if ok {
                wasm_bindgen_futures::spawn_local(evaluate());
            }
        }
        ToWorker::Predict { pixels } => with(|st| {
            if let Some(s) = st.session.as_mut() {
                match s.predict(&pixels) {
                    Ok(probs) => post(&FromWorker::Prediction { probs }),
                    Err(message) => post(&FromWorker::Error { message }),
                }
            }
        }),
        ToWorker::Unit {
            layer,
            unit,
            row,
            col,
        } => with(|st| {
            if let Some(s) = st.session.as_mut().filter(|s| s.ready()) {
                match s.unit_report(layer, unit, row, col) {
                    Ok(u) => post(&FromWorker::Unit(u)),
                    Err(message) => post(&FromWorker::Error { message }),
                }
            }
        }),
        ToWorker::Explain {
            index,
            class,
            patch,
            stride,
        } => with(|st| {
            if let Some(s) = st.session.as_mut().filter(|s| s.ready()) {
                match s.explain(index, class, patch, stride) {
                    Ok(e) => post(&FromWorker::Explained(e)),
                    Err(message) => post(&FromWorker::Error { message }),
                }
            }
        }),
        // Before the first evaluation of these weights there is nothing to list yet; the
        // page asks again after the next one.
        ToWorker::Cell { truth, predicted } => with(|st| {
            if let Some(Ok(c)) = st.session.as_ref().map(|s| s.cell_images(truth, predicted)) {
                post(&FromWorker::Cell(c));
            }
        }),
    }
}

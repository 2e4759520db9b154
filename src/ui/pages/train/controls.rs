//! The settings (each change builds a fresh model, data kept) and start / pause / step / reset.

use super::{Phase, Store};
use crate::data::Dataset;
use crate::lessons::train::protocol::ToWorker;
use crate::lessons::train::settings::{advice, TrainAct, TrainModel, TrainOptimizer, TrainPool};
use crate::lessons::train::TrainParams;
use crate::ui::components::{Choice, DataChoice};
use leptos::prelude::*;

const WORKERS: &[(&str, &str)] = &[("0", "automatic"), ("1", "1"), ("2", "2"), ("4", "4")];
const MODELS: &[(&str, &str)] = &[("modern", "modern"), ("paper", "1998 paper")];
const ACTS: &[(&str, &str)] = &[
    ("relu", "ReLU"),
    ("tanh", "tanh"),
    ("scaled-tanh", "1.7159 tanh(2x/3)"),
    ("sigmoid", "sigmoid"),
];
const POOLS: &[(&str, &str)] = &[("max", "max"), ("avg", "average")];
const OPTS: &[(&str, &str)] = &[("adam", "Adam"), ("sgd", "SGD + momentum 0.9")];
const LRS: &[(&str, &str)] = &[
    ("0.0003", "0.0003"),
    ("0.001", "0.001"),
    ("0.002", "0.002"),
    ("0.003", "0.003"),
    ("0.01", "0.01"),
    ("0.03", "0.03"),
    ("0.1", "0.1"),
    ("10", "10"),
];
const DECAYS: &[(&str, &str)] = &[
    ("1", "none"),
    ("0.8", "x0.8"),
    ("0.6", "x0.6"),
    ("0.5", "x0.5"),
    ("0.4", "x0.4"),
    ("0.3", "x0.3"),
];
const BATCHES: &[(&str, &str)] = &[
    ("8", "8"),
    ("16", "16"),
    ("32", "32"),
    ("64", "64"),
    ("128", "128"),
];

#[component]
pub fn Controls(store: Store) -> impl IntoView {
    let params = store.params;
    let change = move |f: Box<dyn FnOnce(&mut TrainParams)>| {
        params.update(|p| f(p));
        store.reset();
    };
    let choice = move |get: fn(&TrainParams) -> String, set: fn(&mut TrainParams, String)| {
        (
            Signal::derive(move || get(&params.get())),
            Callback::new(move |v: String| change(Box::new(move |p| set(p, v)))),
        )
    };
    let data = Signal::derive(move || params.with(|p| p.data));
    let on_data = Callback::new(move |v: Dataset| {
        if params.with_untracked(|p| p.data != v) {
            params.update(|p| p.data = v);
            store.switch_data();
        }
    });
    let workers = Signal::derive(move || params.with(|p| p.workers.to_string()));
    let on_workers = Callback::new(move |v: String| {
        let n: i64 = v.parse().unwrap_or(0);
        if params.with_untracked(|p| p.workers != n) {
            params.update(|p| p.workers = n);
            store.restart_pool();
        }
    });
    let (model, on_model) = choice(
        |p| p.model.id().to_string(),
        |p, v| p.model = TrainModel::from_id(&v).unwrap_or(p.model),
    );
    let (act, on_act) = choice(
        |p| p.act.id().to_string(),
        |p, v| p.act = TrainAct::from_id(&v).unwrap_or(p.act),
    );
    let (pool, on_pool) = choice(
        |p| p.pool.id().to_string(),
        |p, v| p.pool = TrainPool::from_id(&v).unwrap_or(p.pool),
    );
    let (opt, on_opt) = choice(
        |p| p.optimizer.id().to_string(),
        |p, v| p.optimizer = TrainOptimizer::from_id(&v).unwrap_or(p.optimizer),
    );
    let (lr, on_lr) = choice(
        |p| p.lr.to_string(),
        |p, v| p.lr = v.parse().unwrap_or(0.001),
    );
    let (decay, on_decay) = choice(
        |p| p.decay.to_string(),
        |p, v| p.decay = v.parse().unwrap_or(1.0),
    );
    let (batch, on_batch) = choice(
        |p| p.batch.to_string(),
        |p, v| p.batch = v.parse().unwrap_or(32),
    );
    let on_seed = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() {
            change(Box::new(move |p| p.seed = v));
        }
    };

    let ready = move || store.phase.get() == Phase::Ready;
    let can_train = move || ready() && store.diverged.get().is_none();
    let start_label = move || {
        if store.running.get() {
            "Pause"
        } else if store.progress.get().images_seen > 0 {
            "Resume"
        } else {
            "Start training"
        }
    };
    let start = move |_| {
        if store.running.get_untracked() {
            store.send(&ToWorker::Pause);
            store.running.set(false);
        } else {
            store.send(&ToWorker::Start);
            store.running.set(true);
        }
    };
    let tips = move || advice(&params.get());

    view! {
        <div class="controls train-controls">
            <div class="train-buttons">
                <button class="primary" data-testid="train-start" on:click=start
                    disabled=move || !can_train()>{start_label}</button>
                <button data-testid="train-step" title="Train exactly one mini-batch"
                    on:click=move |_| store.send(&ToWorker::Step)
                    disabled=move || !can_train() || store.running.get()>"Train one batch"</button>
                <button data-testid="train-reset" on:click=move |_| store.reset()
                    disabled=move || !ready()>"Reset"</button>
                <span class="train-status" role="status">
                    {move || match store.phase.get() {
                        Phase::Loading => "Loading the data…",
                        Phase::Failed(_) => "Cannot train without the data.",
                        Phase::Ready if store.diverged.get().is_some() => "Stopped: diverged.",
                        Phase::Ready if store.running.get() => "Training…",
                        Phase::Ready => "Ready.",
                    }}
                </span>
            </div>
            <details class="train-settings" open=true>
                <summary>"Network and training settings (a change starts a fresh model)"</summary>
                <DataChoice value=data on_change=on_data />
                <Choice label="Workers" options=WORKERS value=workers on_change=on_workers name="workers" />
                <Choice label="Network" options=MODELS value=model on_change=on_model name="model" />
                <Choice label="Activation" options=ACTS value=act on_change=on_act name="act" />
                <Choice label="Pooling" options=POOLS value=pool on_change=on_pool name="pool" />
                <Choice label="Optimiser" options=OPTS value=opt on_change=on_opt name="optimizer" />
                <Choice label="Learning rate" options=LRS value=lr on_change=on_lr name="lr" />
                <Choice label="LR decay per epoch" options=DECAYS value=decay on_change=on_decay name="decay" />
                <Choice label="Batch size" options=BATCHES value=batch on_change=on_batch name="batch" />
                <label class="train-seed">
                    <span class="slider-label">"Seed"</span>
                    <input type="number" min="0" step="1" data-testid="train-seed"
                        prop:value=move || params.get().seed.to_string() on:change=on_seed />
                </label>
                <p class="caption">{move || format!(
                    "lr = {} × {}^epoch · batch {} · the paper's network uses trainable subsampling for “average” \
                     pooling and its C3 connection table.", params.get().lr, params.get().decay, params.get().batch)}</p>
                <ul class="train-advice">
                    {move || tips().into_iter().map(|n| view! { <li>{n.message}</li> }).collect_view()}
                </ul>
            </details>
        </div>
    }
}

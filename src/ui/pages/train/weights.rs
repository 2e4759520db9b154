//! Save and load: download the current weights (the engine's versioned JSON format), load a
//! weights file, or load the pretrained model shipped with the app for the chosen data set (made
//! by `make train-mnist`). The worker refuses a truncated, corrupt,
//! wrong-architecture or oversized file with a message and keeps the current model.

use super::Store;
use crate::lessons::train::protocol::ToWorker;
use crate::lessons::train::session::MAX_WEIGHTS_BYTES;
use crate::lessons::train::settings::{TrainAct, TrainModel, TrainPool};
use crate::ui::owned::spawn_owned;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Saves `json` as a file through a temporary download link.
pub fn download(json: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let url = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(json)
    );
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    if let (Some(body), Ok(el)) = (doc.body(), a.dyn_into::<web_sys::HtmlElement>()) {
        let _ = body.append_child(&el);
        el.click();
        let _ = body.remove_child(&el);
    }
}

/// The text of the file chosen in `input`, refusing oversized files before reading them.
async fn read_chosen(input: &web_sys::HtmlInputElement) -> Result<String, String> {
    let files = Reflect::get(input, &"files".into()).map_err(|_| "no file list")?;
    let file = Reflect::get(&files, &JsValue::from(0)).map_err(|_| "no file")?;
    if file.is_undefined() || file.is_null() {
        return Err("no file chosen".into());
    }
    let size = Reflect::get(&file, &"size".into())
        .ok()
        .and_then(|s| s.as_f64())
        .unwrap_or(0.0);
    if size > MAX_WEIGHTS_BYTES as f64 {
        return Err(format!(
            "the file is {:.1} MB; a LeNet-5 weights file is under {} MB",
            size / 1e6,
            MAX_WEIGHTS_BYTES >> 20
        ));
    }
    let text: Function = Reflect::get(&file, &"text".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("cannot read files in this browser")?;
    let p: Promise = text
        .call0(&file)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or("cannot read the file")?;
    let t = JsFuture::from(p)
        .await
        .map_err(|_| "cannot read the file")?;
    t.as_string().ok_or_else(|| "the file is not text".into())
}

#[component]
pub fn Weights(store: Store) -> impl IntoView {
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_owned(async move {
            match read_chosen(&input).await {
                Ok(json) => {
                    store.running.set(false);
                    store.send(&ToWorker::Pause);
                    store.send_all(&ToWorker::Load { json });
                }
                Err(e) => store.weights_note.set(Some((
                    false,
                    format!("Refused: {e}. The current model is kept."),
                ))),
            }
            input.set_value("");
        });
    };
    let pretrained = move |_| {
        // The shipped file is the modern network with ReLU and max pooling.
        store.params.update(|p| {
            p.model = TrainModel::Modern;
            p.act = TrainAct::Relu;
            p.pool = TrainPool::Max;
        });
        store.reset();
        let file = store.dataset_untracked().pretrained_file();
        spawn_owned(async move {
            match super::download::fetch_text_at(file).await {
                Ok(json) => store.send_all(&ToWorker::Load { json }),
                Err(e) => store.weights_note.set(Some((false, e))),
            }
        });
    };
    let ready = move || store.phase.get() == super::Phase::Ready;
    view! {
        <section class="train-weights" aria-label="Save and load the weights">
            <h2>"Save and load"</h2>
            <div class="train-buttons">
                <button data-testid="weights-save" disabled=move || !ready()
                    on:click=move |_| store.send(&ToWorker::Save)>"Download the weights"</button>
                <label class="file-button">
                    "Load a weights file: "
                    <input type="file" accept=".json,application/json" data-testid="weights-load"
                        disabled=move || !ready() on:change=on_file />
                </label>
                <button data-testid="weights-pretrained" disabled=move || !ready()
                    on:click=pretrained>"Load the pretrained model"</button>
            </div>
            {move || store.weights_note.get().map(|(ok, text)| view! {
                <p class=if ok { "train-weights-ok" } else { "error-note" } role="status"
                    data-testid="weights-note" data-value=ok.to_string()>{text}</p>
            })}
        </section>
    }
}

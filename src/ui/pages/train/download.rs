//! Fetching the data set's assets (MNIST or Fashion-MNIST) with byte-level progress (the response body is read chunk by chunk
//! through `ReadableStream.getReader()`, called dynamically so no extra web-sys features are
//! needed). URLs are relative to the app's base path, so the page works under any sub-path.

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use super::{Phase, Store};
use crate::data::mnist::Manifest;
use crate::data::Dataset;
use crate::lessons::train::protocol::ToWorker;
use leptos::prelude::*;

/// The URL of one of a data set's asset files.
pub fn asset_url(data: Dataset, file: &str) -> String {
    crate::ui::env::href(&format!("/assets/{}/{file}", data.asset_dir()))
}

fn call0(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.call0(target)
}

async fn response(data: Dataset, file: &str) -> Result<Response, String> {
    let url = asset_url(data, file);
    let w = web_sys::window().ok_or("no window")?;
    let r = JsFuture::from(w.fetch_with_str(&url)).await.map_err(|_| {
        if w.navigator().on_line() {
            format!("could not download {url} (network error)")
        } else {
            format!(
                "This device is offline and the {} data is not saved on it. Connect once and \
                 press “Keep this lecture offline” (below, or on the home page) to save it for \
                 lectures without a network",
                data.name()
            )
        }
    })?;
    let r: Response = r.dyn_into().map_err(|_| "fetch returned no response")?;
    if !r.ok() {
        return Err(format!(
            "could not download {url} (HTTP {}). The {} assets are generated at set-up: run \
             `node scripts/mnist/convert.mjs --dataset {}` and rebuild.",
            r.status(),
            data.name(),
            data.id()
        ));
    }
    Ok(r)
}

/// The text of a data set's asset (the manifest).
pub async fn fetch_text(data: Dataset, file: &str) -> Result<String, String> {
    text_of(response(data, file).await?, file).await
}

/// The text of any file under `assets/` (e.g. the pretrained weights).
pub async fn fetch_text_at(path: &str) -> Result<String, String> {
    let url = crate::ui::env::href(&format!("/assets/{path}"));
    let w = web_sys::window().ok_or("no window")?;
    let r = JsFuture::from(w.fetch_with_str(&url))
        .await
        .map_err(|_| format!("could not download {url} (network error)"))?;
    let r: Response = r.dyn_into().map_err(|_| "fetch returned no response")?;
    if !r.ok() {
        return Err(format!("could not download {url} (HTTP {})", r.status()));
    }
    text_of(r, path).await
}

async fn text_of(r: Response, file: &str) -> Result<String, String> {
    let t = JsFuture::from(r.text().map_err(|_| "unreadable response")?)
        .await
        .map_err(|_| format!("could not read {file}"))?;
    t.as_string().ok_or_else(|| format!("{file} is not text"))
}

/// The bytes of an asset; `progress(n)` is called with each chunk's length as it arrives.
pub async fn fetch_bytes(
    data: Dataset,
    file: &str,
    progress: &dyn Fn(u64),
) -> Result<Vec<u8>, String> {
    let r = response(data, file).await?;
    let body = Reflect::get(&r, &"body".into()).unwrap_or(JsValue::NULL);
    if body.is_null() || body.is_undefined() {
        let buf = JsFuture::from(r.array_buffer().map_err(|_| "unreadable response")?)
            .await
            .map_err(|_| format!("could not read {file}"))?;
        let v = Uint8Array::new(&buf).to_vec();
        progress(v.len() as u64);
        return Ok(v);
    }
    let reader = call0(&body, "getReader").map_err(|_| "no stream reader")?;
    let mut out = Vec::new();
    loop {
        let p: js_sys::Promise = call0(&reader, "read")
            .map_err(|_| "stream read failed")?
            .dyn_into()
            .map_err(|_| "stream read failed")?;
        let chunk = JsFuture::from(p)
            .await
            .map_err(|_| format!("the download of {file} was interrupted"))?;
        if Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            break;
        }
        if let Ok(v) = Reflect::get(&chunk, &"value".into()) {
            let a: Uint8Array = v.unchecked_into();
            let n = a.length() as usize;
            let start = out.len();
            out.resize(start + n, 0);
            a.copy_to(&mut out[start..]);
            progress(n as u64);
        }
    }
    Ok(out)
}

/// Downloads the page's data set (manifest, then shards), handing each file to the worker as it
/// arrives: first the first training shard and the test set (with the progress bar), then the
/// rest while training. A newer download (another data set chosen) or the page's end stops this
/// one at its next step, before it sends anything more to the worker. (It runs as the page's own
/// task: the page's end drops it at its next `await`.)
pub async fn load_data(store: Store) {
    let generation = store.data_generation.get_untracked();
    let current = move || store.data_generation.get_untracked() == generation;
    let fail = move |e: String| {
        if current() {
            store.phase.set(Phase::Failed(e));
        }
    };
    let data = store.dataset_untracked();
    let json = match fetch_text(data, "manifest.json").await {
        Ok(j) => j,
        Err(e) => return fail(e),
    };
    let manifest = match Manifest::parse(&json) {
        Ok(m) => m,
        Err(e) => return fail(format!("assets/{}/manifest.json: {e}", data.asset_dir())),
    };
    if !current() {
        return;
    }
    store.train_total.set(manifest.train_count as usize);
    store.send_all(&ToWorker::Init {
        manifest_json: json,
        settings: store.params.get_untracked().settings(),
    });
    let initial: Vec<_> = manifest.initial_shards().into_iter().cloned().collect();
    let total: u64 = initial.iter().map(|s| s.bytes).sum();
    store.download.set((0, total));
    let mut files: Vec<_> = initial.clone();
    files.extend(
        manifest
            .shards_of(crate::data::mnist::Split::Train)
            .filter(|s| !initial.contains(s))
            .cloned(),
    );
    for (k, shard) in files.iter().enumerate() {
        let first = k < initial.len();
        let progress = move |n: u64| {
            if first && current() {
                store.download.update(|d| d.0 += n);
            }
        };
        let bytes = fetch_bytes(data, &shard.file, &progress).await;
        if !current() {
            return;
        }
        match bytes {
            Ok(bytes) => store.send_bytes(
                &ToWorker::Shard {
                    file: shard.file.clone(),
                },
                &bytes,
            ),
            Err(e) => return fail(e),
        }
        if k + 1 == initial.len() && store.phase.get_untracked() == Phase::Loading {
            store.phase.set(Phase::Ready);
            store.open_image(store.inside.get_untracked().image.max(0) as usize);
        }
    }
}

//! "Keep this lecture offline": saves both data sets and the pretrained weights in the browser's
//! cache (the app itself is precached by the service worker after the first visit), with a
//! progress bar, the total size and the browser's storage estimate. The service worker serves
//! the saved files with the network off; a lecture hall without Wi-Fi then still trains.

use crate::data::mnist::Manifest;
use crate::data::offline::{known_bytes, megabytes, save_list, storage_text, SaveItem, DATA_CACHE};
use crate::data::Dataset;
use crate::ui::env::href;
use crate::ui::owned::spawn_owned;
use js_sys::{Array, Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

#[derive(Debug, Clone, PartialEq)]
enum Saving {
    /// Not asked yet (`saved` of `total` bytes already on the device, when known).
    Idle {
        saved: u64,
        total: u64,
    },
    Running {
        done: u64,
        total: u64,
    },
    Done {
        total: u64,
        storage: String,
    },
    Failed(String),
}

/// `target.method(args...)`, awaited if it returns a promise.
async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("this browser has no {method}"))?;
    let v = f
        .apply(target, &args.iter().collect::<Array>())
        .map_err(|_| format!("{method} failed"))?;
    match v.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p)
            .await
            .map_err(|_| format!("{method} failed")),
        Err(v) => Ok(v),
    }
}

async fn data_cache() -> Result<JsValue, String> {
    let w = web_sys::window().ok_or("no window")?;
    let caches = Reflect::get(&w, &"caches".into()).unwrap_or(JsValue::UNDEFINED);
    if caches.is_undefined() {
        return Err("this browser offers no storage for offline use here (a private window, or a page not served over https)".into());
    }
    call(&caches, "open", &[DATA_CACHE.into()]).await
}

async fn fetch(url: &str) -> Result<Response, String> {
    let w = web_sys::window().ok_or("no window")?;
    let r: Response = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(|_| format!("could not download {url}: is the network on?"))?
        .dyn_into()
        .map_err(|_| "no response")?;
    if !r.ok() {
        return Err(format!("could not download {url} (HTTP {})", r.status()));
    }
    Ok(r)
}

async fn manifests() -> Result<Vec<(Dataset, Manifest)>, String> {
    let mut out = Vec::new();
    for d in Dataset::ALL {
        let url = href(&format!("/assets/{}/manifest.json", d.asset_dir()));
        let r = fetch(&url).await?;
        let text = JsFuture::from(r.text().map_err(|_| "unreadable")?)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or("unreadable manifest")?;
        out.push((d, Manifest::parse(&text).map_err(|e| e.to_string())?));
    }
    Ok(out)
}

async fn is_saved(cache: &JsValue, item: &SaveItem) -> bool {
    call(cache, "match", &[href(&item.path).into()])
        .await
        .is_ok_and(|v| !v.is_undefined() && !v.is_null())
}

/// The bytes of the items already saved and the known total.
async fn saved_bytes() -> Result<(u64, u64), String> {
    let cache = data_cache().await?;
    let items = save_list(&manifests().await?);
    let mut saved = 0;
    for i in &items {
        if is_saved(&cache, i).await {
            saved += i.bytes.unwrap_or(0);
        }
    }
    Ok((saved, known_bytes(&items)))
}

async fn save_all(state: RwSignal<Saving>) -> Result<(), String> {
    let cache = data_cache().await?;
    let items = save_list(&manifests().await?);
    let total = known_bytes(&items);
    let mut done = 0;
    state.try_set(Saving::Running { done, total });
    for item in &items {
        if !is_saved(&cache, item).await {
            let url = href(&item.path);
            let r = fetch(&url).await?;
            call(&cache, "put", &[url.clone().into(), r.into()])
                .await
                .map_err(|_| "the browser refused to store more (is the disk full?)".to_string())?;
        }
        done += item.bytes.unwrap_or(0);
        if state.try_set(Saving::Running { done, total }).is_some() {
            // The page is gone: stop quietly (what is saved stays saved).
            return Ok(());
        }
    }
    let storage = storage_estimate().await;
    state.try_set(Saving::Done { total, storage });
    Ok(())
}

async fn storage_estimate() -> String {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return String::new();
    };
    let storage = Reflect::get(&nav, &"storage".into()).unwrap_or(JsValue::UNDEFINED);
    if storage.is_undefined() {
        return String::new();
    }
    let Ok(e) = call(&storage, "estimate", &[]).await else {
        return String::new();
    };
    let num = |k: &str| {
        Reflect::get(&e, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    storage_text(num("usage"), num("quota"))
}

/// The control. `place` names where it sits, for its test id (`keep-offline-home`, ...).
#[component]
pub fn KeepOffline(place: &'static str) -> impl IntoView {
    let state = RwSignal::new(Saving::Idle { saved: 0, total: 0 });
    spawn_owned(async move {
        if let Ok((saved, total)) = saved_bytes().await {
            if saved >= total && total > 0 {
                let storage = storage_estimate().await;
                state.try_set(Saving::Done { total, storage });
            } else {
                state.try_set(Saving::Idle { saved, total });
            }
        }
    });
    let start = move |_| {
        if matches!(state.get_untracked(), Saving::Running { .. }) {
            return;
        }
        spawn_owned(async move {
            if let Err(e) = save_all(state).await {
                state.try_set(Saving::Failed(e));
            }
        });
    };
    let status = move || {
        match state.get() {
        Saving::Idle { saved, total } if total > 0 => format!(
            "Saves MNIST, Fashion-MNIST and the pretrained networks ({}) on this device, so every lesson and /train work with no network{}.",
            megabytes(total),
            if saved > 0 { format!("; {} saved so far", megabytes(saved)) } else { String::new() }
        ),
        Saving::Idle { .. } => "Saves MNIST, Fashion-MNIST and the pretrained networks on this device, so every lesson and /train work with no network.".into(),
        Saving::Running { done, total } => format!("Saving: {} of {}…", megabytes(done), megabytes(total)),
        Saving::Done { total, storage } => format!("Saved: this lecture works offline on this device ({} of data). {storage}", megabytes(total)),
        Saving::Failed(e) => format!("Not saved: {e}. Try again when the network is back."),
    }
    };
    let (done, total) = (
        move || match state.get() {
            Saving::Running { done, .. } => done,
            Saving::Done { total, .. } => total,
            _ => 0,
        },
        move || match state.get() {
            Saving::Running { total, .. }
            | Saving::Done { total, .. }
            | Saving::Idle { total, .. } => total,
            Saving::Failed(_) => 0,
        },
    );
    let phase = move || match state.get() {
        Saving::Idle { .. } => "idle",
        Saving::Running { .. } => "saving",
        Saving::Done { .. } => "done",
        Saving::Failed(_) => "failed",
    };
    view! {
        <div class="keep-offline" data-testid=format!("keep-offline-{place}") data-value=phase>
            <button data-testid="keep-offline" on:click=start
                disabled=move || matches!(state.get(), Saving::Running { .. })>
                {move || if phase() == "done" { "Saved for offline use ✓" } else { "Keep this lecture offline" }}
            </button>
            <Show when=move || matches!(state.get(), Saving::Running { .. })>
                <progress max=move || total().max(1).to_string() value=move || done().to_string()
                    aria-label="saving for offline use" />
            </Show>
            <span class="caption" role="status">{status}</span>
        </div>
    }
}

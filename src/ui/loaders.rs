//! The one place the pages fetch static assets: bytes by path, the lessons' grayscale photographs
//! (cached), and the real data sets' test and training images (MNIST, Fashion-MNIST), each shard downloaded once per page load, checked
//! against its manifest, and cached. (`/train` streams every shard into its worker with
//! byte-level progress instead: `pages/train/download.rs`.)

use crate::data::gray_png::decode_gray_png;
use crate::data::mnist::{Manifest, MnistShard, Split};
use crate::data::Dataset;
use leptos::prelude::*;
use ndarray::Array2;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static IMAGES: RefCell<HashMap<String, Rc<Array2<f32>>>> = RefCell::new(HashMap::new());
    static SHARDS: RefCell<HashMap<(Dataset, Split), Rc<MnistShard>>> = RefCell::new(HashMap::new());
}

/// GETs `path` (relative to the app's base path) as bytes.
pub async fn fetch_bytes(path: &str) -> Result<Vec<u8>, String> {
    let url = super::env::href(path);
    let w = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(w.fetch_with_str(&url))
        .await
        .map_err(|_| format!("could not download {url} (network error)"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("could not download {url} (HTTP {})", resp.status()));
    }
    let buf = resp
        .array_buffer()
        .map_err(|_| format!("could not read {url}"))?;
    let buf = JsFuture::from(buf)
        .await
        .map_err(|_| format!("could not read {url}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// The first shard of `split` of `data` if [`first_shard`] has loaded it.
pub fn cached_shard(data: Dataset, split: Split) -> Option<Rc<MnistShard>> {
    SHARDS.with(|c| c.borrow().get(&(data, split)).cloned())
}

/// The first shard of `split` of `data`: the 10,000 test images, or the first 10,000 training
/// images (downloaded once per page load, checked against the manifest).
pub async fn first_shard(data: Dataset, split: Split) -> Result<Rc<MnistShard>, String> {
    if let Some(s) = cached_shard(data, split) {
        return Ok(s);
    }
    let dir = format!("/assets/{}", data.asset_dir());
    let json = fetch_bytes(&format!("{dir}/manifest.json")).await?;
    let manifest = Manifest::parse(&String::from_utf8_lossy(&json))
        .map_err(|e| format!("{dir}/manifest.json: {e}"))?;
    let info = manifest
        .shards_of(split)
        .next()
        .cloned()
        .ok_or_else(|| format!("the {} manifest lists no shard for this split", data.name()))?;
    let bytes = fetch_bytes(&format!("{dir}/{}", info.file)).await?;
    let shard = Rc::new(
        manifest
            .decode_shard(&info, &bytes)
            .map_err(|e| format!("{dir}/{}: {e}", info.file))?,
    );
    SHARDS.with(|c| c.borrow_mut().insert((data, split), shard.clone()));
    Ok(shard)
}

/// Where a page's download of data-set images stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Loading,
    /// Every requested shard is in the cache ([`cached_shard`]).
    Ready,
    Failed(String),
}

/// Downloads the first shard of each of `splits` of the data set `data` names, again whenever it
/// changes; the returned signal says where that stands. A download that finishes after another
/// choice, or after the page has gone, changes nothing.
pub fn use_shards(data: Memo<Dataset>, splits: &'static [Split]) -> RwSignal<Loaded> {
    let state = RwSignal::new(Loaded::Loading);
    Effect::new(move |_| {
        let d = data.get();
        if splits.iter().all(|&s| cached_shard(d, s).is_some()) {
            state.set(Loaded::Ready);
            return;
        }
        state.set(Loaded::Loading);
        crate::ui::owned::spawn_owned(async move {
            let mut result = Loaded::Ready;
            for &s in splits {
                if let Err(e) = first_shard(d, s).await {
                    result = Loaded::Failed(e);
                    break;
                }
            }
            if data.get_untracked() == d {
                state.set(result);
            }
        });
    });
    state
}

/// The image if [`gray_image`] has loaded it.
pub fn gray_image_cached(name: &str) -> Option<Rc<Array2<f32>>> {
    IMAGES.with(|c| c.borrow().get(name).cloned())
}

/// `assets/images/<name>.png` as brightness 0..1 (cached).
pub async fn gray_image(name: &str) -> Result<Rc<Array2<f32>>, String> {
    if let Some(img) = IMAGES.with(|c| c.borrow().get(name).cloned()) {
        return Ok(img);
    }
    let path = format!("/assets/images/{name}.png");
    let bytes = fetch_bytes(&path).await?;
    let img = Rc::new(decode_gray_png(&bytes).map_err(|e| format!("{path}: {e}"))?);
    IMAGES.with(|c| c.borrow_mut().insert(name.to_string(), img.clone()));
    Ok(img)
}

//! Fetches and decodes MNIST shards for the gradient pages (once per page load, then cached).

use crate::data::mnist::{Manifest, MnistShard, Split};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static CACHE: RefCell<HashMap<&'static str, Rc<MnistShard>>> = RefCell::new(HashMap::new());
}

fn js(e: wasm_bindgen::JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

async fn fetch(url: &str) -> Result<web_sys::Response, String> {
    let w = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(js)?
        .dyn_into()
        .map_err(js)?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    Ok(resp)
}

/// The first shard of `split` ("train" = 10,000 training digits, "test" = the 10,000 test digits).
pub async fn first_shard(split: Split) -> Result<Rc<MnistShard>, String> {
    let key = match split {
        Split::Train => "train",
        Split::Test => "test",
    };
    if let Some(s) = CACHE.with(|c| c.borrow().get(key).cloned()) {
        return Ok(s);
    }
    let base = crate::ui::env::href("/assets/mnist/");
    let text = JsFuture::from(
        fetch(&format!("{base}manifest.json"))
            .await?
            .text()
            .map_err(js)?,
    )
    .await
    .map_err(js)?
    .as_string()
    .unwrap_or_default();
    let manifest = Manifest::parse(&text).map_err(|e| e.to_string())?;
    let info = manifest
        .shards_of(split)
        .next()
        .ok_or("the MNIST manifest lists no shard for this split")?
        .clone();
    let buf = JsFuture::from(
        fetch(&format!("{base}{}", info.file))
            .await?
            .array_buffer()
            .map_err(js)?,
    )
    .await
    .map_err(js)?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    let shard = Rc::new(
        manifest
            .decode_shard(&info, &bytes)
            .map_err(|e| e.to_string())?,
    );
    CACHE.with(|c| c.borrow_mut().insert(key, shard.clone()));
    Ok(shard)
}

use crate::ui::env;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// In `?embed=1` mode: posts `{type: "cnn-lab:height", height}` to the parent frame whenever
/// the document's height changes (ResizeObserver, plus a few timed checks after start-up), so a
/// course site can size the iframe.
pub fn start_height_poster() {
    let Some(w) = web_sys::window() else { return };
    let Some(root) = w.document().and_then(|d| d.document_element()) else {
        return;
    };
    let last = std::cell::Cell::new(-1.0f64);
    let post = move || {
        let Some(w) = web_sys::window() else { return };
        let Some(root) = w.document().and_then(|d| d.document_element()) else {
            return;
        };
        let h = f64::from(root.scroll_height());
        if (h - last.get()).abs() < 0.5 {
            return;
        }
        last.set(h);
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"cnn-lab:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &h.into());
        if let Ok(Some(parent)) = w.parent() {
            let _ = parent.post_message(&msg, "*");
        }
    };
    let post = std::rc::Rc::new(post);
    // A frame below the fold of its course page is not rendered (Chromium throttles offscreen
    // cross-origin frames), so its ResizeObserver stays silent until it is scrolled to; timers
    // still run there, so the height is also posted shortly after start-up.
    for ms in [0, 250, 1000, 3000] {
        let post = post.clone();
        let once = Closure::once_into_js(move || post());
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(once.unchecked_ref(), ms);
    }
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| post());
    if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        obs.observe(&root);
        if let Some(body) = w.document().and_then(|d| d.body()) {
            obs.observe(&body);
        }
        // Observes for the life of the page.
        std::mem::forget(obs);
    }
    cb.forget();
}

/// "Copy embed code": an `<iframe>` snippet for this lesson with its current state.
#[component]
pub fn EmbedButton() -> impl IntoView {
    let snippet = RwSignal::new(None::<String>);
    let copy = move |_| {
        let mut q = crate::ui::url_state::query();
        for k in ["embed", "present", "step"] {
            q.remove(k);
        }
        q.set("embed", "1");
        let src = env::absolute_url(&crate::ui::url_state::route_path(), &q.to_query_string());
        let html = format!(
            "<iframe src=\"{src}\" title=\"CNN Lab lesson\" width=\"100%\" height=\"720\" \
             style=\"border:0\" loading=\"lazy\"></iframe>"
        );
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&html);
        }
        snippet.set(Some(html));
    };
    view! {
        <div class="embed-tools">
            <button class="small" data-testid="copy-embed" on:click=copy>
                "Copy embed code"
            </button>
            {move || {
                snippet
                    .get()
                    .map(|s| {
                        view! {
                            <label class="embed-snippet">
                                "Copied. Paste it into your course page:"
                                <textarea readonly rows="3" data-testid="embed-snippet">
                                    {s}
                                </textarea>
                            </label>
                        }
                    })
            }}
        </div>
    }
}

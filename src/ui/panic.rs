//! A panic never leaves a blank page: the hook logs it and shows a panel with a reload button.

use wasm_bindgen::JsCast;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => match info.payload().downcast_ref::<String>() {
                Some(s) => s.clone(),
                None => "unknown error".to_string(),
            },
        };
        show_panel(&message);
    }));
}

/// Draws the panel with plain DOM calls: the reactive system may be unusable after a panic.
pub fn show_panel(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("panic-panel").is_some() {
        return;
    }
    let Ok(panel) = doc.create_element("div") else {
        return;
    };
    panel.set_id("panic-panel");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "panic-panel");
    let title = doc.create_element("h2").ok();
    let text = doc.create_element("p").ok();
    // A plain link reloads the page: no script needed after the wasm instance has trapped, and
    // nothing inline for the Content-Security-Policy to block.
    let button = doc.create_element("a").ok();
    if let Some(t) = &title {
        t.set_text_content(Some("Something went wrong in this lesson"));
        let _ = panel.append_child(t);
    }
    if let Some(t) = &text {
        t.set_text_content(Some(&format!(
            "{message}. Your settings are in the address bar; reloading keeps them."
        )));
        let _ = panel.append_child(t);
    }
    if let Some(b) = &button {
        b.set_text_content(Some("Reload the page"));
        let here = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let _ = b.set_attribute("href", &here);
        let _ = b.set_attribute("class", "button");
        let _ = b.set_attribute("role", "button");
        let _ = panel.append_child(b);
    }
    let _ = body.append_child(&panel);
    if let Some(b) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = b.focus();
    }
}

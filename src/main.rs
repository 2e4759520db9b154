//! The web app's entry point (thin): panic panel + mount. Natively it only says how to run it.

#[cfg(target_arch = "wasm32")]
fn main() {
    cnn_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("CNN Lab is a web app: run `make serve` and open http://127.0.0.1:8080");
}

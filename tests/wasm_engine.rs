//! The engine in the browser (headless Chromium, wasm32 + simd128): the SIMD guard and the
//! fast-vs-reference harness on the real SIMD128 kernels.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver.json
//! cargo test --target wasm32-unknown-unknown --test wasm_engine`
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn simd_is_compiled_in() {
    assert!(
        cnn_lab::engine::simd_enabled(),
        "SIMD128 compiled out: is a RUSTFLAGS variable overriding .cargo/config.toml?"
    );
}

#[wasm_bindgen_test]
fn simd_kernels_match_reference() {
    let rep = cnn_lab::engine::harness::run_all().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rep.gemm >= 30 && rep.conv2d >= 14 && rep.pool >= 30 && rep.batchnorm >= 7,
        "{rep:?}"
    );
}

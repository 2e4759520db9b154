//! Every fast kernel against its reference (native build: the portable-vector instantiation of
//! the same blocking/tail code; the browser run is `tests/wasm_engine.rs`).

#[test]
fn fast_kernels_match_reference() {
    let rep = cnn_lab::engine::harness::run_all().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rep.gemm >= 30
            && rep.conv2d >= 14
            && rep.pool >= 30
            && rep.dense >= 8
            && rep.relu >= 10
            && rep.batchnorm >= 7,
        "{rep:?}"
    );
}

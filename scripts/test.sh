#!/usr/bin/env bash
# Every test of CNN Lab, in order of cost. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_WEBDRIVER_JSON=$PWD/tests/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}

say "format and lints (native and wasm32, -D warnings)"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins -- -D warnings

say "native tests (engine, lessons, URL state, data)"
cargo test --quiet

say "release-only native tests (degradation ordering over several seeds: minutes unoptimised)"
cargo test --quiet --release --test lessons_gradients

say "wasm-bindgen-test in headless Chromium (SIMD128 on)"
for t in tests/wasm_*.rs; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .rs)
  cargo test --target wasm32-unknown-unknown --test "$name"
done

say "release build (SIMD check, route copies, sizes)"
scripts/build.sh dist /
say "release build under a sub-path (/course/cnn/) for the static-host test"
scripts/build.sh dist-sub /course/cnn/ >/dev/null

say "Playwright end-to-end tests in Chromium"
(cd tests/e2e && npx playwright test)

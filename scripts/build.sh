#!/usr/bin/env bash
# Release build into $1 with public URL $2, then: one index.html copy per route (deep links work
# on a plain static host), the SIMD128 check, and the size report.
# SELFTEST=1 adds the test hooks the end-to-end suite needs (see below).
# BUILD_PROFILE=e2e (`make test`): the same code built with the `e2e` cargo profile (no fat LTO,
# parallel codegen) and without wasm-opt: about 2 minutes instead of 12 on two cores. The size
# report then describes that build, not what ships; `make build` and `make test-full` use `release`.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
PUBLIC_URL=${2:-/}
say() { printf '\033[1mbuild:\033[0m %s\n' "$*"; }

if [ -n "${RUSTFLAGS:-}" ]; then
  echo "build: RUSTFLAGS is set ('$RUSTFLAGS'): it would replace .cargo/config.toml and drop SIMD128; unset it." >&2
  exit 1
fi
PROFILE=${BUILD_PROFILE:-release}
case "$PROFILE" in
  release|e2e) ;;
  *) echo "build: BUILD_PROFILE must be release or e2e, not '$PROFILE'" >&2; exit 1 ;;
esac
# Trunk reads wasm-opt's level and the cargo features from the page's <link> tags: the build
# runs from a copy of index.html beside it (so its relative paths hold), removed when it ends.
# The e2e profile turns wasm-opt off; SELFTEST=1 (the end-to-end suite's builds) turns on the
# `selftest` feature: its test hooks never ship in a plain `make build`.
TARGET=.index.build.html
trap 'rm -f .index.build.html' EXIT
cp index.html "$TARGET"
if [ "$PROFILE" = e2e ]; then
  sed -i 's/data-wasm-opt="[0-9sz]*"/data-wasm-opt="0"/g' "$TARGET"
fi
if [ -n "${SELFTEST:-}" ]; then
  # Both binaries, so the library is compiled once for the two.
  sed -i 's/data-bin="\([a-z-]*\)"/data-bin="\1" data-cargo-features="selftest"/' "$TARGET"
  say "test hooks on (SELFTEST=1)"
fi
say "trunk build --release --cargo-profile $PROFILE --public-url $PUBLIC_URL -> $DIST"
trunk --skip-version-check build --release --cargo-profile "$PROFILE" --public-url "$PUBLIC_URL" \
  --dist "$DIST" "$TARGET"

# Deep links on a static host: a copy of index.html at every route of the app's route table, its
# start-up message filled with the lesson's words (what a slow network shows while the wasm
# downloads). (The test profile: `make test` has already compiled the crate natively with it.)
cargo run --quiet --profile test-opt --bin routes -- --boot | node scripts/boot-pages.mjs "$DIST"

# SIMD128 must really be in the release wasm (a stray RUSTFLAGS silently drops it).
for wasm in "$DIST"/*.wasm; do
  n=$(wasm-objdump -d "$wasm" | grep -c 'f32x4\.' || true)
  say "$(basename "$wasm"): $n f32x4 instructions"
  if [ "$n" -lt 50 ]; then
    echo "build: $wasm has $n f32x4 instructions: the SIMD128 kernels were compiled out" >&2
    exit 1
  fi
done

# Size report: raw and gzip of every wasm and JS file.
for f in "$DIST"/*.wasm "$DIST"/*.js; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf 'size: %-40s %8d bytes raw %8d bytes gzip\n' "$(basename "$f")" "$raw" "$gz"
done

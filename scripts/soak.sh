#!/usr/bin/env bash
# `make soak`: a memory soak of /train on the release build (not part of `make test`). Trains
# LeNet-5 for SOAK_MINUTES (default 10) in headless Chromium and prints a table of samples and one
# `SOAK {...}` line with the growth of the worker's wasm memory and the page's JS heap after the
# first minute. See tests/e2e/soak.mjs. Exits non-zero only if the page errored.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${SOAK_PORT:-8390}

scripts/build.sh dist / >/dev/null
E2E_PORT=$PORT node tests/e2e/serve.mjs >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 1
echo "soak: ${SOAK_MINUTES:-10} min of training on /train (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
(cd tests/e2e && node soak.mjs "http://127.0.0.1:$PORT")

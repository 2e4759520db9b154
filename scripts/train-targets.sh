#!/usr/bin/env bash
# `make train-targets`: the /train page's targets in headless Chromium on the release build.
#  1. The Playwright run that trains from the page's defaults for 60 s and prints when the test
#     accuracy (all 10,000 test digits) first reached 98 % and 99 %, and the page's images/s.
#  2. The engine's own `make bench` run (fresh browser, same build) for its training figure, and
#     the ratio page / engine (the issue asks for the page within 20 % of the engine).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-8190}
LOG=$(mktemp)
scripts/build.sh dist / >/dev/null
(cd tests/e2e && npx playwright test -c measure.config.js 2>&1) | tee "$LOG" \
  | grep -E "TARGETS|TRAIN|FRAMES|passed|failed"
E2E_PORT=$PORT node tests/e2e/serve.mjs >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
sleep 1
RESULT=$(node tests/e2e/bench-run.mjs "http://127.0.0.1:$PORT" | grep '^RESULT ')
PAGE=$(grep -oE 'train-ips=[0-9.]+' "$LOG" | head -1 | cut -d= -f2)
node -e '
  const r = JSON.parse(process.argv[1].replace(/^RESULT /, ""));
  const page = Number(process.argv[2]);
  const eng = r.metrics.train_ips;
  console.log(`ENGINE train_ips=${eng.toFixed(0)} (make bench workload, same build)`);
  console.log(`PAGE/ENGINE ${(page / eng).toFixed(2)} (page ${page.toFixed(0)} img/s, Adam + data pipeline + UI; target >= 0.80)`);
' "$RESULT" "${PAGE:-0}"

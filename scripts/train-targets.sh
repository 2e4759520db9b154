#!/usr/bin/env bash
# `make train-targets`: the /train page's targets in headless Chromium on the release build.
#  1. The Playwright run that trains from the page's defaults for 60 s with one worker, then with
#     the data-parallel pool of two (`workers=2`), and prints for each when the test accuracy (all
#     10,000 test digits) first reached 98 % and 99 %, the page's images/s and each worker's.
#  2. The ratio two workers / one worker.
#  3. The engine's own `make bench` run (fresh browser, same build) for its training figure, and
#     the ratio page / engine.
#  4. If the peer harness is available (PEERS=<dir>, default ../shared/bench when present): its
#     threaded TF.js (`tfjs-wasm-mt2`, two threads) on the same LeNet-5 training workload, and the
#     ratio of the page's two-worker images/s to it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-8190}
PEERS=${PEERS:-}
if [ -z "$PEERS" ] && [ -d ../shared/bench ]; then PEERS=../shared/bench; fi
LOG=$(mktemp)
scripts/build.sh dist / >/dev/null
(cd tests/e2e && npx playwright test -c measure.config.js 2>&1) | tee "$LOG" \
  | grep -E "TARGETS|TRAIN|FRAMES|passed|failed"
E2E_PORT=$PORT node tests/e2e/serve.mjs >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
sleep 1
RESULT=$(node tests/e2e/bench-run.mjs "http://127.0.0.1:$PORT" | grep '^RESULT ')
ips() { grep -oE "TRAIN workers=$1 .*train-ips=[0-9.]+" "$LOG" | grep -oE 'train-ips=[0-9.]+' | head -1 | cut -d= -f2; }
ONE=$(ips 1)
TWO=$(ips 2)
PEER=""
if [ -n "$PEERS" ] && [ -f "$PEERS/summarize.js" ]; then
  peer_dir=$(mktemp -d)/bench
  cp -r "$PEERS" "$peer_dir"
  chmod -R u+w "$peer_dir"
  (cd "$peer_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  PEER=$(cd "$peer_dir" && BENCH_WORKLOADS=lenet_train node browser/run.js tfjs-wasm-mt2 2>/dev/null | grep '^RESULT ' || true)
fi
node -e '
  const r = JSON.parse(process.argv[1].replace(/^RESULT /, ""));
  const [one, two] = [Number(process.argv[2]), Number(process.argv[3])];
  const eng = r.metrics.train_ips;
  console.log(`POOL workers=1 ${one.toFixed(0)} img/s, workers=2 ${two.toFixed(0)} img/s: ${(two / one).toFixed(2)}x (target >= 1.7x)`);
  console.log(`ENGINE train_ips=${eng.toFixed(0)} (make bench workload, same build, one thread)`);
  console.log(`PAGE/ENGINE ${(one / eng).toFixed(2)} (page, one worker, ${one.toFixed(0)} img/s: Adam + data pipeline + UI; target >= 0.80)`);
  if (process.argv[4]) {
    const p = JSON.parse(process.argv[4].replace(/^RESULT /, ""));
    const t = p.metrics.train_ips;
    console.log(`PEER tfjs-wasm-mt2 (2 threads) LeNet-5 training ${t.toFixed(0)} img/s; page with 2 workers ${(two / t).toFixed(2)}x (target >= 7x)`);
  } else {
    console.log("PEER tfjs-wasm-mt2: the peer harness is not available (PEERS=<dir>)");
  }
' "$RESULT" "${ONE:-0}" "${TWO:-0}" "$PEER"

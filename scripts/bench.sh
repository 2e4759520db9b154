#!/usr/bin/env bash
# `make bench`: the engine's five workloads in headless Chromium on the release build, printed as
# the peer harness's `RESULT {...}` line. If the peer harness is available (PEERS=<dir>, default
# ../shared/bench when present), its browser systems run interleaved with ours, ROUNDS times, and
# its summarize.js prints one table with every row, so ratios come from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
PORT=${BENCH_PORT:-8190}
PEERS=${PEERS:-}
if [ -z "$PEERS" ] && [ -d ../shared/bench ]; then PEERS=../shared/bench; fi
PEER_SYS=${PEER_SYS:-"tfjs-wasm ort convnetjs peak"}
OUT=${OUT:-bench-results/run-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

scripts/build.sh dist / >/dev/null
E2E_PORT=$PORT node tests/e2e/serve.mjs >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 1

peer_dir=""
if [ -n "$PEERS" ] && [ -f "$PEERS/summarize.js" ]; then
  peer_dir=$(mktemp -d)/bench
  cp -r "$PEERS" "$peer_dir"
  chmod -R u+w "$peer_dir"
  (cd "$peer_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && { [ -f lib/peak_wasm.js ] || node tools/build_peak.js >/dev/null; })
fi

for r in $(seq 1 "$ROUNDS"); do
  echo "bench: round $r/$ROUNDS cnn-lab (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  node tests/e2e/bench-run.mjs "http://127.0.0.1:$PORT" "$r" | tee -a "$OUT/results.jsonl.raw" | grep '^RESULT '
  if [ -n "$peer_dir" ]; then
    for s in $PEER_SYS; do
      echo "bench: round $r/$ROUNDS $s" >&2
      (cd "$peer_dir" && BENCH_ROUND=$r node browser/run.js "$s" 2>>"$PWD/../peers.log") \
        | grep '^RESULT ' | tee -a "$OUT/results.jsonl.raw" || echo "bench: $s failed" >&2
    done
  fi
done
sed 's/^RESULT //' "$OUT/results.jsonl.raw" > "$OUT/results.jsonl"
if [ -n "$peer_dir" ]; then
  echo
  node "$peer_dir/summarize.js" "$PWD/$OUT/results.jsonl" | tee "$OUT/table.md"
fi

// `make soak`: trains on /train of the release build in a fresh headless Chromium for
// SOAK_MINUTES (default 10) and samples every SOAK_EVERY_S (default 10) seconds the training
// worker's wasm memory, the page's wasm memory (both from the page's "engine" line), the page's JS
// heap (CDP Performance.getMetrics after a forced GC), images seen and test accuracy. Prints the
// samples as a table and one `SOAK {...}` line; growth is measured from the first sample after
// the warm-up (SOAK_WARMUP_S, default 60). Growth is a figure, not a verdict: the exit code is
// non-zero only if the page errored (page error, console error, panic panel, no training).
// Usage: node soak.mjs <base-url>
import { freshChromium } from "./fresh-chromium.mjs";

const base = process.argv[2] || "http://127.0.0.1:8090";
const minutes = Number(process.env.SOAK_MINUTES || 10);
const everyS = Number(process.env.SOAK_EVERY_S || 10);
const warmupS = Number(process.env.SOAK_WARMUP_S || 60);
const { ctx, close } = await freshChromium("soak");
const errors = [];
const samples = [];
try {
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${base}/train`);
  const start = page.locator('[data-testid="train-start"]');
  await start.waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="train-start"]')?.disabled,
    null, { timeout: 120_000 });
  await start.click();

  const value = async (id) => {
    const v = await page.locator(`[data-testid="${id}"]`).first().getAttribute("data-value");
    return v === null || v === "" ? null : Number(v);
  };
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  for (let next = t0; ; next += everyS * 1000) {
    await page.waitForTimeout(Math.max(0, next - Date.now()));
    if (await page.locator("#panic-panel").count()) errors.push("the panic panel is showing");
    await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
    const { metrics } = await cdp.send("Performance.getMetrics");
    const js = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? null;
    samples.push({
      t: Math.round((Date.now() - t0) / 1000),
      worker: await value("worker-memory"),
      page: await value("page-memory"),
      js,
      images: await value("images-seen"),
      acc: await value("test-accuracy"),
    });
    if (Date.now() >= end || errors.length) break;
  }
} catch (e) {
  errors.push(`soak: ${e.message}`);
} finally {
  await close();
}

const mb = (b) => (b == null ? "–" : (b / 1e6).toFixed(2));
console.log("   t/s  worker wasm MB  page wasm MB  JS heap MB  images seen  test acc");
for (const s of samples) {
  console.log(`${String(s.t).padStart(6)}  ${mb(s.worker).padStart(14)}  ${mb(s.page).padStart(12)}  ` +
    `${mb(s.js).padStart(10)}  ${String(s.images ?? "–").padStart(11)}  ${s.acc == null ? "–" : (s.acc * 100).toFixed(2) + "%"}`);
}
const after = samples.find((s) => s.t >= warmupS) || samples[samples.length - 1];
const last = samples[samples.length - 1];
const growth = (a, b) => (a && b != null ? Number((((b - a) / a) * 100).toFixed(2)) : null);
if (last && !(last.images > 0)) errors.push("no training images were seen");
const result = {
  minutes,
  samples: samples.length,
  worker_wasm_bytes_after_warmup: after?.worker ?? null,
  worker_wasm_bytes_end: last?.worker ?? null,
  worker_growth_pct: growth(after?.worker, last?.worker),
  page_wasm_bytes_after_warmup: after?.page ?? null,
  page_wasm_bytes_end: last?.page ?? null,
  page_wasm_growth_pct: growth(after?.page, last?.page),
  js_heap_bytes_after_warmup: after?.js ?? null,
  js_heap_bytes_end: last?.js ?? null,
  js_heap_growth_pct: growth(after?.js, last?.js),
  images_seen: last?.images ?? null,
  test_accuracy: last?.acc ?? null,
  errors: errors.length,
};
for (const e of errors) console.error(e);
console.log(`SOAK ${JSON.stringify(result)}`);
process.exit(errors.length ? 1 : 0);

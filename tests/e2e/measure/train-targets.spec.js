// `make train-targets` (a measurement, not part of `make test`): the /train page trains from its
// defaults for 60 s and prints when the test accuracy on all 10,000 test digits first reached 98 %
// and 99 %, the page's images/s, and the main thread's frame times meanwhile (requestAnimationFrame
// deltas: how smoothly the page runs while the worker trains). Nothing here is asserted on time.
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, figure } from "../specs/helpers.js";

test.describe.configure({ timeout: 240_000, mode: "serial" });

// One worker, then the data-parallel pool of two (the page's `workers=`), one after the other
// so they never share the cores.
const POOLS = (process.env.TRAIN_WORKERS || "1,2").split(",").map(Number);

/** Starts recording requestAnimationFrame deltas on the main thread. */
async function startFrames(page) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__framesOn = true;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrames(page) {
  return page.evaluate(() => {
    window.__framesOn = false;
    const d = window.__frames.slice(1).sort((a, b) => a - b);
    const q = (p) => d[Math.min(d.length - 1, Math.floor(p * d.length))];
    return { n: d.length, p50: q(0.5), p95: q(0.95), max: d[d.length - 1] };
  });
}

for (const workers of POOLS) test(`train-targets: 60 s of /train from its defaults, workers=${workers}`, async ({ page }) => {
  const w = watchErrors(page);
  await page.goto(`/train?workers=${workers}`);
  await waitForApp(page);
  await expect(page.locator('[data-testid="mnist-credit"]')).toContainText("MNIST");
  const start = page.locator('[data-testid="train-start"]');
  await expect(start).toBeEnabled({ timeout: 60_000 });
  await expect(page.locator('[data-testid="conv1-filters"]')).toHaveCount(1, { timeout: 20_000 });
  await startFrames(page);
  const t0 = Date.now();
  await start.click();
  await expect(start).toHaveText("Pause");
  await expect
    .poll(async () => Number((await figure(page, "test-accuracy")) || 0), { timeout: 180_000, intervals: [500] })
    .toBeGreaterThan(0.9);
  const t90 = (Date.now() - t0) / 1000;
  // Train on for 60 s in all (the target: 99 % within 60 s), noting when the test
  // accuracy first reaches 98 % and 99 %.
  let t98 = null, t99 = null, at1 = null;
  while (Date.now() - t0 < 60_000) {
    const a = Number((await figure(page, "test-accuracy")) || 0);
    const t = (Date.now() - t0) / 1000;
    if (a >= 0.98 && t98 === null) t98 = t;
    if (a >= 0.99 && t99 === null) t99 = t;
    if (at1 === null && Number(await figure(page, "epoch")) >= 1) at1 = a;
    await page.waitForTimeout(250);
  }
  const frames = await stopFrames(page);
  console.log(`TARGETS workers=${workers} t(>=0.98)=${t98 === null ? "not in 60 s" : t98.toFixed(1) + "s"} t(>=0.99)=${t99 === null ? "not in 60 s" : t99.toFixed(1) + "s"} accuracy-at-epoch-1(last eval before)=${at1}`);
  const ips = Number(await figure(page, "train-ips"));
  const epoch = Number(await figure(page, "epoch"));
  const acc = Number(await figure(page, "test-accuracy"));
  const each = await figure(page, "worker-ips");
  console.log(`TRAIN workers=${workers} each=${each} t(>0.9)=${t90.toFixed(1)}s train-ips=${ips.toFixed(0)} epoch=${epoch.toFixed(3)} test-accuracy=${acc}`);
  console.log(`FRAMES workers=${workers} n=${frames.n} p50=${frames.p50.toFixed(1)}ms p95=${frames.p95.toFixed(1)}ms max=${frames.max.toFixed(1)}ms`);
  w.check();
});

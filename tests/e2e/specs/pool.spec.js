// /train's data-parallel worker pool: two workers that split every batch end with the same
// weights as one worker after the same batches (up to float summation order), the same pool
// twice gives the same bits, and leaving the page ends every worker.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { watchErrors, waitForApp, figure } from "./helpers.js";

test.describe.configure({ timeout: 240_000 });

const BATCHES = 4;

/** Every number in a weights file, in file order. */
function numbers(v, out = []) {
  if (typeof v === "number") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => numbers(x, out));
  else if (v && typeof v === "object") Object.keys(v).sort().forEach((k) => numbers(v[k], out));
  return out;
}

/** Trains BATCHES batches from a fresh model on the whole training set; returns the weights. */
async function weightsAfterBatches(page, query) {
  const w = watchErrors(page);
  await page.goto(`/train?${query}`);
  await waitForApp(page);
  await expect(page.locator('[data-testid="train-loaded"]')).toHaveAttribute("data-value", "60000", { timeout: 120_000 });
  // A fresh model now that every image is in: the schedule starts from the seed's permutation.
  await page.locator('[data-testid="train-reset"]').click();
  for (let k = 1; k <= BATCHES; k++) {
    await page.locator('[data-testid="train-step"]').click();
    await expect.poll(async () => Number(await figure(page, "images-seen")), { timeout: 30_000 }).toBe(32 * k);
    await expect(page.locator('[data-testid="train-step"]')).toBeEnabled();
  }
  const [dl] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="weights-save"]').click()]);
  const json = JSON.parse(fs.readFileSync(await dl.path(), "utf8"));
  w.check();
  return numbers(json);
}

for (const [optimizer, lr, bound] of [["sgd", 0.01, 1e-6], ["adam", 0.002, 0.01 * 0.002 * BATCHES]]) {
  test(`${optimizer}: two workers give one worker's weights after the same batches`, async ({ page }) => {
    const q = `seed=3&optimizer=${optimizer}&lr=${lr}`;
    const one = await weightsAfterBatches(page, `${q}&workers=1`);
    expect(await figure(page, "workers")).toBe("1");
    const two = await weightsAfterBatches(page, `${q}&workers=2`);
    expect(await figure(page, "workers")).toBe("2");
    expect(two.length).toBe(one.length);
    let worst = 0;
    let differ = 0;
    for (let i = 0; i < one.length; i++) {
      const d = Math.abs(one[i] - two[i]);
      worst = Math.max(worst, d);
      if (d > 0) differ++;
    }
    console.log(`POOL ${optimizer}: ${one.length} numbers, ${differ} differ, largest difference ${worst.toExponential(2)} (bound ${bound.toExponential(2)})`);
    expect(worst).toBeLessThanOrEqual(bound);
    // The same pool again: the same bits.
    const again = await weightsAfterBatches(page, `${q}&workers=2`);
    expect(again).toEqual(two);
  });
}

test("the pool ends with the page, and a bad workers= is explained", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train?workers=2");
  await waitForApp(page);
  await expect.poll(() => page.workers().length).toBe(2);
  await expect(page.locator('[data-testid="train-start"]')).toBeEnabled({ timeout: 60_000 });
  await page.locator('[data-testid="train-start"]').click();
  await expect.poll(async () => Number(await figure(page, "images-seen")), { timeout: 30_000 }).toBeGreaterThan(1000);
  const speeds = JSON.parse(await figure(page, "worker-ips"));
  expect(speeds.length).toBe(2);
  // Leave mid-run through the app's own navigation.
  await page.locator("header a").first().click();
  await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(0);
  await page.goto("/train?workers=999");
  await waitForApp(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(await figure(page, "workers")).toBe(String(Math.min(16, cores)));
  await expect(page.locator(".url-notes, [data-testid='url-notes']").first()).toContainText("workers");
  await page.goto("/train?workers=abc");
  await waitForApp(page);
  await expect(page.locator(".url-notes, [data-testid='url-notes']").first()).toContainText("workers");
  w.check();
});

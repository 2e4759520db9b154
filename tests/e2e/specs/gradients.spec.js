// /vanishing-gradients and /degradation: measured grad-ratio for sigmoid / relu / shortcuts, URL
// round trip, a bad-URL note, the heat map, and the degradation runs.
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, shot, figure, checkCharts } from "./helpers.js";

async function ratio(page) {
  const el = page.locator('[data-testid="grad-ratio"]');
  await expect(el).not.toHaveAttribute("data-value", "", { timeout: 30_000 });
  return Number(await el.getAttribute("data-value"));
}

test("sigmoid depth 10 vanishes; shortcuts and ReLU do not", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/vanishing-gradients?depth=10&act=sigmoid&residual=0&seed=1");
  await waitForApp(page);
  const sigmoid = await ratio(page);
  expect(sigmoid).toBeGreaterThan(0);
  expect(sigmoid).toBeLessThan(1e-2);
  await page.locator('[data-testid="choice-residual"] [data-value="1"]').click();
  await expect(page).toHaveURL(/residual=1/);
  await expect.poll(() => ratio(page)).toBeGreaterThan(100 * sigmoid);
  const residual = await ratio(page);
  await page.locator('[data-testid="choice-residual"] [data-value="0"]').click();
  await page.locator('[data-testid="choice-act"] [data-value="relu"]').click();
  await expect(page).toHaveURL(/act=relu/);
  await expect.poll(() => ratio(page)).toBeGreaterThan(100 * sigmoid);
  const relu = await ratio(page);
  console.log(`grad-ratio sigmoid ${sigmoid} residual ${residual} relu ${relu}`);
  await shot(page, `vanishing-${info.project.name}`);
  w.check();
});

test("URL round trip and a bad-URL note", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/vanishing-gradients?depth=20&act=tanh&residual=1&seed=7&width=64");
  await waitForApp(page);
  const r1 = await ratio(page);
  await expect(page.locator('[data-testid="slider-depth"]')).toHaveValue("20");
  await expect(page.locator('[data-testid="choice-act"] [data-value="tanh"]')).toHaveAttribute("aria-checked", "true");
  await expect(page.locator('[data-testid="seed"]')).toHaveText("7");
  await page.reload();
  await waitForApp(page);
  expect(await ratio(page)).toBe(r1);
  await page.goto("/vanishing-gradients?depth=999&act=gelu");
  await waitForApp(page);
  const note = page.locator('[data-testid="url-notes"]');
  await expect(note).toContainText("depth");
  await expect(note).toContainText("act");
  await expect(page.locator('[data-testid="slider-depth"]')).toHaveValue("50");
  expect(await ratio(page)).toBeGreaterThan(0);
  w.check();
});

test("heat map trains, and a huge learning rate says diverged", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/vanishing-gradients?depth=10&act=sigmoid&lr=0.1");
  await waitForApp(page);
  await page.locator('[data-testid="heat-start"]').click();
  await expect(page.locator('[data-testid="heat-status"]')).toHaveText("step 80 of 80", { timeout: 60_000 });
  await checkCharts(page, "/vanishing-gradients (80 steps)", 14);
  await expect(page.locator('[data-testid="heat-summary"]')).toContainText("After 80 steps");
  await page.locator('[data-testid="heat-chart"]').scrollIntoViewIfNeeded();
  await shot(page, `vanishing-heat-${info.project.name}`);
  await page.goto("/vanishing-gradients?depth=10&act=relu&lr=100");
  await waitForApp(page);
  await page.locator('[data-testid="heat-start"]').click();
  await expect(page.locator('[data-testid="error-note"]')).toContainText("diverged", { timeout: 60_000 });
  await page.locator('[data-testid="heat-reset"]').click();
  await expect(page.locator('[data-testid="error-note"]')).toHaveCount(0);
  w.check();
});

test("degradation trains three nets live", async ({ page }, info) => {
  test.setTimeout(240_000);
  const w = watchErrors(page);
  await page.goto("/degradation?seed=1");
  await waitForApp(page);
  await expect(page.locator('[data-testid="degradation-start"]')).toBeEnabled();
  await page.locator('[data-testid="degradation-start"]').click();
  await expect(page.locator('[data-testid="degradation-speed"]')).toContainText("steps/s", { timeout: 30_000 });
  await shot(page, `degradation-running-${info.project.name}`);
  await expect(page.locator('[data-testid="degradation-progress"]')).toContainText("done", { timeout: 200_000 });
  // With all their data, the charts' text still neither overlaps nor leaves the canvas, and the
  // legend covers no point.
  await checkCharts(page, "/degradation (done)", 14);
  const shallow = Number(await figure(page, "final-train-error-shallow"));
  const deep = Number(await figure(page, "final-train-error-deep"));
  const residual = Number(await figure(page, "final-train-error-residual"));
  console.log(`final train error shallow ${shallow} deep ${deep} residual ${residual}`);
  expect(deep).toBeGreaterThan(shallow);
  expect(residual).toBeLessThan(deep);
  // The slide question's answer quotes this run's errors.
  await page.locator(".reveal-card .reveal-button").first().click();
  await expect(page.locator('[data-testid="degradation-answer-run"]')).toContainText(`${(deep * 100).toFixed(1)}%`);
  await shot(page, `degradation-${info.project.name}`);
  w.check();
});

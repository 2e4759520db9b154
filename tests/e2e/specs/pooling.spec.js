// /pooling, /conv-layer and /seagull: defaults, URL settings, controls, bad links, screenshots.
// Expected numbers come from the pure modules' native tests (src/lessons/pooling.rs,
// conv_layer.rs, seagull.rs, pool_pages.rs).
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, shot, figure } from "./helpers.js";

const fig = (page, id) => page.locator(`[data-testid="${id}"]`).first();

async function setSlider(page, name, value) {
  await page.locator(`[data-testid="slider-${name}"]`).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

test.describe("/pooling", () => {
  test("slide defaults: all 8 detector values change, 2 of 6 max-pooled values do", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/pooling");
    await waitForApp(page);
    await expect(fig(page, "detector-changed")).toHaveAttribute("data-value", "8");
    await expect(fig(page, "detector-count")).toHaveAttribute("data-value", "8");
    await expect(fig(page, "pool-count")).toHaveAttribute("data-value", "6");
    await expect(fig(page, "pool-changed")).toHaveAttribute("data-value", "2");
    await expect(page.locator('[data-testid="row-after"] .detector-unit.changed')).toHaveCount(8);
    await expect(page.locator('[data-testid="row-after"] .pool-unit.changed')).toHaveCount(2);
    await expect(page.locator('[data-testid="pool-sentence"]')).toContainText("8 of 8 detector values");
    // The 2-D view on a real digit.
    await expect(fig(page, "pooled-changed-fraction")).not.toHaveAttribute("data-value", "", { timeout: 30_000 });
    const mapFrac = Number(await figure(page, "map-changed-fraction"));
    const poolFrac = Number(await figure(page, "pooled-changed-fraction"));
    expect(mapFrac).toBeGreaterThan(0);
    expect(poolFrac).toBeGreaterThanOrEqual(0);
    await shot(page, `${info.project.name}-pooling`);
    w.check();
  });

  test("settings via the URL and via the controls", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/pooling?mode=avg");
    await waitForApp(page);
    await expect(fig(page, "pool-count")).toHaveAttribute("data-value", "6");
    // Averages of shifted values: every window sees a new value, so all 6 change.
    await expect(fig(page, "pool-changed")).toHaveAttribute("data-value", "6");
    await page.locator('[data-testid="choice-mode"] [data-value="max"]').click();
    await expect(fig(page, "pool-changed")).toHaveAttribute("data-value", "2");
    await expect(page).toHaveURL(/mode=max/);
    await setSlider(page, "n", 12);
    await expect(fig(page, "detector-count")).toHaveAttribute("data-value", "12");
    await expect(fig(page, "pool-count")).toHaveAttribute("data-value", "10");
    await setSlider(page, "s", 2);
    await expect(fig(page, "pool-count")).toHaveAttribute("data-value", "5");
    await expect(page).toHaveURL(/n=12/);
    await expect(page).toHaveURL(/s=2/);
    // Typed values: the peak 9 stays inside every window it was in.
    await page.goto("/pooling?values=0,0,9,0,0,0&w=3&s=1&shift=1&mode=max");
    await waitForApp(page);
    await expect(fig(page, "detector-count")).toHaveAttribute("data-value", "6");
    await expect(fig(page, "pool-count")).toHaveAttribute("data-value", "4");
    const before = await page.locator('[data-testid="row-before"] .pool-unit').evaluateAll((g) => g.map((e) => e.dataset.value));
    expect(before.slice(0, 3)).toEqual(["9", "9", "9"]);
    // Shift controls and the new-input button.
    await page.goto("/pooling");
    await waitForApp(page);
    await page.locator('[data-testid="shift-right"]').click();
    await expect(page).toHaveURL(/shift=2/);
    await page.locator('[data-testid="shift-left"]').click();
    await page.locator('[data-testid="shift-left"]').click();
    await page.locator('[data-testid="shift-left"]').click();
    await expect(page).toHaveURL(/shift=-1/);
    await expect(fig(page, "detector-changed")).toHaveAttribute("data-value", "8");
    const seed = await page.locator('[data-testid="seed"]').textContent();
    await page.locator('[data-testid="new-input"]').click();
    await expect(page.locator('[data-testid="seed"]')).not.toHaveText(seed);
    await page.locator('[data-testid="values-input"]').fill("0.1, 0.5, 0.2, 0.3");
    await page.locator('[data-testid="values-apply"]').click();
    await expect(fig(page, "detector-count")).toHaveAttribute("data-value", "4");
    await expect(page).toHaveURL(/values=0\.1,0\.5,0\.2,0\.3/);
    w.check();
  });

  test("bad links are fixed with a visible note", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/pooling?n=4&w=9&mode=median&shift=7&values=1,abc");
    await waitForApp(page);
    const notes = page.locator('[data-testid="url-notes"]');
    await expect(notes).toBeVisible();
    for (const p of ["w", "mode", "shift", "values"]) await expect(notes).toContainText(p);
    await expect(fig(page, "detector-count")).toHaveAttribute("data-value", "4");
    await expect(fig(page, "pool-count")).toHaveAttribute("data-value", "1");
    await shot(page, `${info.project.name}-pooling-badlink`);
    w.check();
  });

  test("presenter steps: shift, then reveal", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/pooling?present=1");
    await waitForApp(page);
    await expect(page.locator('[data-testid="row-after"]')).toHaveCount(0);
    await page.keyboard.press("ArrowRight");
    await expect(page.locator('[data-testid="row-after"]')).toHaveCount(1);
    await page.keyboard.press("ArrowRight");
    await expect(page.locator(".reveal-card.open")).toHaveCount(1);
    w.check();
  });
});

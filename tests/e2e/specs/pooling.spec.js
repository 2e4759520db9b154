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
    // The lesson's point on a real digit: max pooling changes a smaller share of its outputs than
    // the shift changes of the feature map (and still some: a one-pixel shift is not free).
    expect(poolFrac).toBeGreaterThan(0);
    expect(poolFrac).toBeLessThan(mapFrac);
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

test.describe("/conv-layer", () => {
  test("three stages on a photograph: shapes from the URL and the controls", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/conv-layer");
    await waitForApp(page);
    await expect(fig(page, "input-shape")).toHaveAttribute("data-value", "128x128");
    await expect(fig(page, "output-shape")).toHaveAttribute("data-value", "126x126");
    await expect(fig(page, "detector-shape")).toHaveAttribute("data-value", "126x126");
    await expect(fig(page, "pool-shape")).toHaveAttribute("data-value", "63x63");
    await shot(page, `${info.project.name}-conv-layer`);
    // Hover a pooled pixel: its detector window is outlined and the arithmetic printed.
    const pool = page.locator('[data-testid="stage-pool"]');
    await pool.scrollIntoViewIfNeeded();
    const box = await pool.boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect(page.locator('[data-testid="arithmetic"]')).toContainText("max(");
    await expect(page.locator(".hl-window")).toHaveCount(1);
    const conv = page.locator('[data-testid="stage-conv"]');
    await conv.scrollIntoViewIfNeeded();
    const cb = await conv.boundingBox();
    await page.mouse.move(cb.x + cb.width * 0.3, cb.y + cb.height * 0.3);
    await expect(page.locator('[data-testid="arithmetic"]')).toContainText(" x ");
    await shot(page, `${info.project.name}-conv-layer-hover`);
    // Keyboard: a focused stage picks its centre, then arrows move the pixel.
    await page.locator('[data-testid="stage-detector"]').locator("..").focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(page.locator('[data-testid="arithmetic"]')).toContainText("Detector output (63, 64) = max(0,");
    // Controls.
    await setSlider(page, "p", 1);
    await expect(fig(page, "output-shape")).toHaveAttribute("data-value", "128x128");
    await page.locator('[data-testid="kernel-preset"]').selectOption("blur5");
    await expect(fig(page, "output-shape")).toHaveAttribute("data-value", "126x126");
    await expect(page).toHaveURL(/kernel=blur5/);
    await expect(page.locator('[data-testid="kernel-cell"]')).toHaveCount(25);
    await page.locator('[data-testid="choice-image"] [data-value="astronaut"]').click();
    await expect(page).toHaveURL(/image=astronaut/);
    await expect(fig(page, "input-shape")).toHaveAttribute("data-value", "128x128");
    // URL settings: 5x5 kernel, p=2, s=2 -> floor((128+4-5)/2)+1 = 64; pool 2 -> 32.
    await page.goto("/conv-layer?kernel=blur5&p=2&s=2&pool=2&mode=avg");
    await waitForApp(page);
    await expect(fig(page, "output-shape")).toHaveAttribute("data-value", "64x64");
    await expect(fig(page, "pool-shape")).toHaveAttribute("data-value", "32x32");
    // A custom cell edit becomes a comma list in the URL.
    await page.goto("/conv-layer?kernel=identity");
    await waitForApp(page);
    await page.locator('[data-testid="kernel-cell"]').first().fill("0.5");
    await page.locator('[data-testid="kernel-cell"]').first().press("Enter");
    await expect(page).toHaveURL(/kernel=0\.5(%2C|,)0/);
    await expect(fig(page, "output-shape")).toHaveAttribute("data-value", "126x126");
    w.check();
  });

  test("bad links are fixed with a note", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/conv-layer?kernel=1,2,3&image=zebra&s=0&p=99");
    await waitForApp(page);
    const notes = page.locator('[data-testid="url-notes"]');
    for (const p of ["kernel", "image", "s", "p"]) await expect(notes).toContainText(p);
    // sobel-x, s=1, p=8: 128 + 16 - 3 + 1 = 142.
    await expect(fig(page, "output-shape")).toHaveAttribute("data-value", "142x142");
    w.check();
  });
});

test.describe("/seagull", () => {
  test("the score stays when the gull moves and drops when it is removed", { tag: "@phone" }, async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/seagull");
    await waitForApp(page);
    const s0 = Number(await figure(page, "present-score"));
    expect(s0).toBeGreaterThan(0.5);
    await shot(page, `${info.project.name}-seagull`);
    // Drag with the mouse.
    const gull = page.locator('[data-testid="seagull"]');
    await gull.scrollIntoViewIfNeeded();
    const g = await gull.boundingBox();
    const scene = await page.locator('[data-testid="gull-scene"]').boundingBox();
    await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
    await page.mouse.down();
    await page.mouse.move(scene.x + scene.width * 0.2, scene.y + scene.height * 0.25, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(/x=1[56]/);
    const s1 = Number(await figure(page, "present-score"));
    expect(Math.abs(s1 - s0)).toBeLessThan(0.1);
    expect(s1).toBeGreaterThan(0.5);
    await expect(page.locator('[data-testid="peak"]')).toHaveCount(1);
    await shot(page, `${info.project.name}-seagull-moved`);
    // Keyboard.
    await gull.focus();
    const x1 = Number(new URL(page.url()).searchParams.get("x"));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(page).toHaveURL(new RegExp(`x=${x1 + 2}`));
    // Remove it.
    await page.locator('[data-testid="toggle-gull"]').click();
    await expect(page).toHaveURL(/gull=0/);
    const s2 = Number(await figure(page, "present-score"));
    expect(s2).toBeLessThan(0.5);
    await expect(page.locator('[data-testid="peak"]')).toHaveCount(0);
    // A second gull: one answer for both, and it alone still counts as present.
    await page.locator('[data-testid="toggle-gull-2"]').click();
    await expect(page).toHaveURL(/gull2=1/);
    await expect(page.locator('[data-testid="seagull-2"]')).toHaveCount(1);
    expect(Math.abs(Number(await figure(page, "present-score")) - s0)).toBeLessThan(0.1);
    const g2 = await page.locator('[data-testid="seagull-2"]').boundingBox();
    await page.mouse.move(g2.x + g2.width / 2, g2.y + g2.height / 2);
    await page.mouse.down();
    await page.mouse.move(scene.x + scene.width * 0.5, scene.y + scene.height * 0.2, { steps: 4 });
    await page.mouse.up();
    await expect(page).toHaveURL(/x2=(39|40|41)&/);
    expect(Math.abs(Number(await figure(page, "present-score")) - s0)).toBeLessThan(0.1);
    await shot(page, `${info.project.name}-seagull-second`);
    // Via the URL.
    await page.goto("/seagull?x=60&y=30");
    await waitForApp(page);
    const s3 = Number(await figure(page, "present-score"));
    expect(Math.abs(s3 - s0)).toBeLessThan(0.1);
    w.check();
  });

  test("bad links are fixed with a note", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/seagull?x=500&y=abc&gull=maybe");
    await waitForApp(page);
    const notes = page.locator('[data-testid="url-notes"]');
    for (const p of ["x", "y", "gull"]) await expect(notes).toContainText(p);
    await expect(fig(page, "present-score")).not.toHaveAttribute("data-value", "");
    w.check();
  });
});

test("/seagull presenter steps: reveal, move the gull, remove it", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/seagull?present=1");
  await waitForApp(page);
  const s0 = Number(await figure(page, "present-score"));
  await page.keyboard.press("ArrowRight");
  await expect(page.locator(".reveal-card.open")).toHaveCount(1);
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/x=16/);
  expect(Math.abs(Number(await figure(page, "present-score")) - s0)).toBeLessThan(0.1);
  await shot(page, `${info.project.name}-seagull-present`);
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/gull=0/);
  expect(Number(await figure(page, "present-score"))).toBeLessThan(0.5);
  w.check();
});

test("dark theme and reduced motion screenshots", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
  for (const route of ["/pooling?mode=avg&shift=-2", "/seagull", "/conv-layer?kernel=sharpen&pool=3&mode=avg"]) {
    await page.goto(route);
    await waitForApp(page);
    await expect(page.locator(".shift-anim")).toHaveCount(0);
    await shot(page, `${info.project.name}-dark-${route.slice(1).split("?")[0]}`);
  }
  w.check();
});

test.describe("missing assets", () => {
  test.use({ serviceWorkers: "block" });
  test("a missing photograph or MNIST shard gives a clear message, not a blank page", async ({ page }) => {
    await page.route("**/assets/images/camera.png", (r) => r.fulfill({ status: 404, body: "" }));
    await page.route("**/assets/mnist/test-0.shard", (r) => r.fulfill({ status: 404, body: "" }));
    await page.goto("/conv-layer");
    await waitForApp(page);
    await expect(page.locator('[data-testid="error-note"]')).toContainText("could not be loaded");
    await expect(page.locator('[data-testid="error-note"]')).toContainText("HTTP 404");
    await page.goto("/pooling");
    await waitForApp(page);
    await expect(page.locator('[data-testid="error-note"]')).toContainText("MNIST test images could not be loaded");
    // The 1-D lesson still works.
    await expect(fig(page, "pool-changed")).toHaveAttribute("data-value", "2");
  });
});

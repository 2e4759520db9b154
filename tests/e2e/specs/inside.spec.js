// Inside the trained network on /train: a click on any unit of any layer opens it; the receptive
// field drawn on the input equals the receptive-field recurrence on LeNet-5's stack (computed
// here independently); the top patches come strongest first; the saliency map agrees with finite
// differences; the occlusion map follows its settings; the state is in the URL; a confusion cell
// lists only images of its (true, predicted) pair.
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, figure, shot } from "./helpers.js";

test.describe.configure({ timeout: 240_000 });

// LeNet-5's spatial layers (kernel, stride, padding): C1 5x5, S2 2x2/2, C3 5x5, S4 2x2/2.
const STACK = [[5, 1, 0], [2, 2, 0], [5, 1, 0], [2, 2, 0]];
const DEPTH = { C1: 1, S2: 2, C3: 3, S4: 4 };

// Back-projects unit `u` of layer `depth` to the 32x32 input, clipped: [first, last].
function field(depth, u) {
  let [a, b] = [u, u];
  for (const [k, s, p] of STACK.slice(0, depth).reverse()) [a, b] = [a * s - p, b * s - p + k - 1];
  return [Math.max(a, 0), Math.min(b, 31)];
}

async function ready(page) {
  await expect(page.locator('[data-testid="train-start"]')).toBeEnabled({ timeout: 90_000 });
}

async function loadPretrained(page) {
  await page.locator('[data-testid="weights-pretrained"]').click();
  await expect(page.locator('[data-testid="weights-note"]')).toHaveAttribute("data-value", "true", { timeout: 30_000 });
  await expect.poll(async () => Number((await figure(page, "test-accuracy")) || 0), { timeout: 60_000 }).toBeGreaterThan(0.95);
}

// Clicks unit (tile, row, col) of a layer's map, where the tiling says it is.
async function clickUnit(page, layer, tile, row, col) {
  const map = page.locator(`[data-testid="layer-map"][data-layer="${layer}"]`);
  await map.scrollIntoViewIfNeeded();
  const [h, w, , cols] = (await map.getAttribute("data-grid")).split(",").map(Number);
  const rows = Math.ceil(Number((await map.getAttribute("data-grid")).split(",")[2]) / cols);
  const [cw, ch] = [cols * (w + 1) - 1, rows * (h + 1) - 1];
  const box = await map.boundingBox();
  const x = ((tile % cols) * (w + 1) + col + 0.5) / cw * box.width;
  const y = (Math.floor(tile / cols) * (h + 1) + row + 0.5) / ch * box.height;
  await map.click({ position: { x, y } });
}

async function rf(page) {
  const r = page.locator('[data-testid="unit-rf"]');
  const attr = async (n) => r.getAttribute(n);
  return {
    layer: await attr("data-layer"),
    row: Number(await attr("data-row")),
    col: Number(await attr("data-col")),
    rows: (await attr("data-rows")).split(",").map(Number),
    cols: (await attr("data-cols")).split(",").map(Number),
    rect: { x: Number(await attr("x")), y: Number(await attr("y")), w: Number(await attr("width")), h: Number(await attr("height")) },
  };
}

test("every unit's receptive field, weights, top patches; saliency and occlusion; state in the URL", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train?workers=1");
  await waitForApp(page);
  await ready(page);
  await loadPretrained(page);
  await expect(page.locator('[data-testid="feature-map"]')).toHaveCount(7);

  // A few units in each spatial layer: the drawn field is the recurrence's.
  const units = { C1: [[0, 0, 0], [5, 27, 13], [2, 14, 3]], S2: [[1, 0, 13], [4, 7, 7]], C3: [[0, 0, 0], [9, 9, 4], [15, 5, 5]], S4: [[3, 4, 0], [12, 2, 2]] };
  let checked = 0;
  for (const [layer, list] of Object.entries(units)) {
    for (const [tile, row, col] of list) {
      await clickUnit(page, layer, tile, row, col);
      await expect.poll(async () => { const f = await rf(page); return [f.layer, f.row, f.col].join(); }).toBe([layer, row, col].join());
      const f = await rf(page);
      const [rows, cols] = [field(DEPTH[layer], row), field(DEPTH[layer], col)];
      expect(f.rows, `${layer} (${row}, ${col}) rows`).toEqual(rows);
      expect(f.cols, `${layer} (${row}, ${col}) cols`).toEqual(cols);
      // The rectangle drawn is that field (input pixels are viewBox units).
      expect(f.rect).toEqual({ x: cols[0], y: rows[0], w: cols[1] - cols[0] + 1, h: rows[1] - rows[0] + 1 });
      await expect(page).toHaveURL(new RegExp(`layer=${layer.toLowerCase()}.*unit=${tile}.*row=${row}.*col=${col}`));
      await expect(page.locator('[data-testid="unit-name"]')).toContainText(`${layer} map ${tile}, row ${row}, column ${col}`);
      checked++;
    }
  }
  console.log(`INSIDE receptive fields checked for ${checked} units in C1, S2, C3, S4`);

  // A fully connected unit sees the whole input; it has a weight per input of the layer below.
  await clickUnit(page, "F5", 17, 0, 0);
  await expect(page.locator('[data-testid="unit-name"]')).toContainText("F5 unit 17");
  const f5 = await rf(page);
  expect([f5.rows, f5.cols]).toEqual([[0, 31], [0, 31]]);

  // C3 map 9: its weights (5x5 on S2's six maps), and nine patches, strongest first.
  await clickUnit(page, "C3", 9, 4, 4);
  await expect(page.locator('[data-testid="unit-name"]')).toContainText("C3 map 9");
  await expect(page.locator('[data-testid="unit-weights"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('[data-testid="unit-weights"] + figcaption')).toContainText("5x5 kernel on each of the 6 maps");
  const patches = page.locator('[data-testid="top-patch"]');
  await expect(patches).toHaveCount(9, { timeout: 30_000 });
  const values = await patches.evaluateAll((els) => els.map((e) => Number(e.dataset.value)));
  expect(values.every((v, i) => i === 0 || values[i - 1] >= v), values.join()).toBe(true);
  for (const p of await patches.all()) {
    const rows = (await p.getAttribute("data-rows")).split(",").map(Number);
    expect(rows[1] - rows[0] + 1, "a C3 field is 14 pixels").toBe(14);
  }
  // A patch's image opens on click.
  const first = Number(await patches.first().getAttribute("data-index"));
  await patches.first().click();
  await expect(page.locator('[data-testid="inspect-index"]')).toHaveValue(String(first));
  await expect(page).toHaveURL(new RegExp(`image=${first}`));

  // Saliency: the backward pass's gradient agrees with central finite differences.
  const checks = page.locator('[data-testid="saliency-checks"]');
  await expect.poll(async () => (await checks.getAttribute("data-value")) || "[]", { timeout: 30_000 }).not.toBe("[]");
  const cs = JSON.parse(await checks.getAttribute("data-value"));
  const largest = Math.max(...cs.map((c) => Math.abs(c[1])));
  for (const [pixel, grad, fd] of cs) {
    expect(Math.abs(grad - fd), `pixel ${pixel}: ${grad} vs ${fd}`).toBeLessThanOrEqual(0.03 * largest + 1e-3);
  }
  console.log(`INSIDE saliency checked at ${cs.length} pixels: ${cs.map((c) => `${c[1].toFixed(4)}/${c[2].toFixed(4)}`).join(" ")}`);

  // Occlusion: a 6-pixel square every 2 pixels is 12x12 places; 4 every 4 is 7x7.
  const occ = page.locator('[data-testid="occlusion-probs"]');
  await expect.poll(async () => JSON.parse((await occ.getAttribute("data-value")) || "[]").length).toBe(144);
  await page.locator('[data-testid="occ-size"]').fill("4");
  await page.locator('[data-testid="occ-size"]').dispatchEvent("change");
  await page.locator('[data-testid="occ-stride"]').fill("4");
  await page.locator('[data-testid="occ-stride"]').dispatchEvent("change");
  await expect.poll(async () => JSON.parse((await occ.getAttribute("data-value")) || "[]").length).toBe(49);
  const probs = JSON.parse(await occ.getAttribute("data-value"));
  expect(probs.every((p) => p >= 0 && p <= 1)).toBe(true);
  await expect(page).toHaveURL(/occ=4.*occ_stride=4/);

  // Another class to explain.
  await page.locator('[data-testid="explain-class"]').selectOption("3");
  await expect(page.locator('[data-testid="explain-head"]')).toContainText("3");
  await expect(page).toHaveURL(/class=3/);
  await shot(page, "train-inside");

  // A confusion cell lists only images of its pair.
  let pair = null;
  for (let t = 0; t < 10 && !pair; t++) for (let q = 0; q < 10 && !pair; q++) if (t !== q && Number(await figure(page, `confusion-${t}-${q}`)) > 0) pair = [t, q];
  expect(pair).not.toBeNull();
  const n = Number(await figure(page, `confusion-${pair[0]}-${pair[1]}`));
  await page.locator(`[data-testid="confusion-${pair[0]}-${pair[1]}"]`).click();
  const imgs = page.locator('[data-testid="cell-image"]');
  await expect(imgs).toHaveCount(Math.min(24, n), { timeout: 20_000 });
  for (const text of await imgs.allTextContents()) expect(text).toContain(`${pair[0]} → ${pair[1]}`);
  w.check();
});

test("a deep link opens the unit and image it names; a unit the layer lacks is fitted to it, in the URL too", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train?workers=1&image=5&layer=s4&unit=3&row=2&col=4");
  await waitForApp(page);
  await ready(page);
  await expect(page.locator('[data-testid="inspect-index"]')).toHaveValue("5");
  await expect.poll(async () => (await rf(page)).layer, { timeout: 30_000 }).toBe("S4");
  const f = await rf(page);
  expect([f.row, f.col, f.rows, f.cols]).toEqual([2, 4, field(4, 2), field(4, 4)]);
  await page.goto("/train?workers=1&layer=c3&unit=99&row=40&col=3");
  await waitForApp(page);
  await ready(page);
  await expect(page.locator('[data-testid="unit-name"]')).toContainText("C3 map 15, row 9, column 3", { timeout: 30_000 });
  await expect(page).toHaveURL(/unit=15.*row=9.*col=3/);
  w.check();
});

test("presenter beats grow the receptive field layer by layer in the trained network", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train?workers=1&present=1");
  await waitForApp(page);
  await ready(page);
  await expect(page.locator('[data-testid="presenter-progress"]')).toContainText(/beat 0\/4/);
  const want = [["C1", 14, 1], ["C3", 5, 3], ["S4", 2, 4]];
  for (const [layer, centre, depth] of want) {
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await rf(page)).layer, { timeout: 30_000 }).toBe(layer);
    const f = await rf(page);
    expect([f.row, f.col, f.rows, f.cols]).toEqual([centre, centre, field(depth, centre), field(depth, centre)]);
  }
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await rf(page)).layer, { timeout: 30_000 }).toBe("F5");
  expect((await rf(page)).rows).toEqual([0, 31]);
  w.check();
});

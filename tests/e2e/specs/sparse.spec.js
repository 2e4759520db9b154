// The sparse-connectivity lessons: /connectivity, /receptive-field, /parameter-sharing, /equivariance.
// Moves sliders, clicks units, reads the data-value key figures, checks the URL round trip and
// the notes a bad link gets; saves screenshots into /work/main/screenshots/.
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, shot, figure } from "./helpers.js";

/** Brute force: conv outputs and arrows of a 1-D layer. */
function layer(n, k, s, p) {
  if (k > n + 2 * p) return { outputs: 0, conv: 0, dense: 0 };
  const outputs = Math.floor((n + 2 * p - k) / s) + 1;
  let conv = 0;
  for (let j = 0; j < outputs; j++) {
    for (let t = 0; t < k; t++) {
      const i = j * s + t - p;
      if (i >= 0 && i < n) conv++;
    }
  }
  return { outputs, conv, dense: n * outputs };
}

async function figures(page, ids) {
  const out = {};
  for (const id of ids) out[id] = await figure(page, id);
  return out;
}

const CONN = ["outputs", "conv-arrows", "dense-arrows", "dense-weights", "unshared-weights", "shared-weights"];

async function expectLayer(page, n, k, s, p) {
  const e = layer(n, k, s, p);
  await expect.poll(() => figures(page, CONN)).toEqual({
    outputs: String(e.outputs),
    "conv-arrows": String(e.conv),
    "dense-arrows": String(e.dense),
    "dense-weights": String(e.dense),
    "unshared-weights": String(e.conv),
    "shared-weights": String(k),
  });
}

async function setSlider(page, name, value) {
  await page.locator(`[data-testid="slider-${name}"]`).fill(String(value));
}

test.describe("/connectivity", () => {
  test("slide defaults: 25 vs 13 arrows, 5 outputs, 3 shared weights", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/connectivity");
    await waitForApp(page);
    await expectLayer(page, 5, 3, 1, 1);
    await expect(page.locator('[data-diagram="conv"] line.arrow')).toHaveCount(13);
    await expect(page.locator('[data-diagram="dense"] line.arrow')).toHaveCount(25);
    await expect(page.locator('[data-diagram="conv"] .ghost')).toHaveCount(2);
    await shot(page, `${info.project.name}-sparse-connectivity`);
    w.check();
  });

  test("sliders update the counts and the URL; the URL restores them", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/connectivity");
    await waitForApp(page);
    await setSlider(page, "n", 8);
    await expectLayer(page, 8, 3, 1, 1);
    await setSlider(page, "s", 2);
    await expectLayer(page, 8, 3, 2, 1);
    await setSlider(page, "k", 5);
    await setSlider(page, "p", 0);
    await expectLayer(page, 8, 5, 2, 0);
    await expect(page).toHaveURL(/n=8&k=5&s=2&p=0/);
    // Keyboard: the kernel slider moves with the arrow keys.
    await page.locator('[data-testid="slider-k"]').focus();
    await page.keyboard.press("ArrowLeft");
    await expectLayer(page, 8, 4, 2, 0);
    const url = page.url();
    await page.goto(url);
    await waitForApp(page);
    await expectLayer(page, 8, 4, 2, 0);
    w.check();
  });

  test("counts roll to their new value, instantly under reduced motion", async ({ page }) => {
    const w = watchErrors(page);
    const shown = () => page.locator('[data-testid="dense-arrows"] [aria-hidden="true"]').textContent();
    await page.goto("/connectivity");
    await waitForApp(page);
    await setSlider(page, "n", 32);
    expect(await figure(page, "dense-arrows")).toBe("1024");
    await expect.poll(shown).toBe("1,024");
    await expect(page.locator('[data-testid="dense-arrows"] [aria-live="polite"]')).toHaveText("dense arrows: 1,024");
    await page.emulateMedia({ reducedMotion: "reduce" });
    await setSlider(page, "n", 2);
    expect(await shown()).toBe("4");
    w.check();
  });

  test("several settings from the URL match brute force", async ({ page }) => {
    const w = watchErrors(page);
    for (const [n, k, s, p] of [[5, 3, 2, 1], [7, 2, 1, 1], [32, 5, 3, 2], [2, 1, 3, 0], [12, 7, 1, 6], [9, 4, 4, 3]]) {
      await page.goto(`/connectivity?n=${n}&k=${k}&s=${s}&p=${p}`);
      await waitForApp(page);
      await expectLayer(page, n, k, s, p);
      await expect(page.locator('[data-testid="url-notes"]')).toHaveCount(0);
      await expect(page.locator('[data-diagram="conv"] line.arrow')).toHaveCount(layer(n, k, s, p).conv);
    }
    w.check();
  });

  test("click and keyboard: an input's outputs, an output's receptive field", { tag: "@phone" }, async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/connectivity");
    await waitForApp(page);
    const conv = page.locator('[data-diagram="conv"]');
    await conv.locator('[data-unit="x3"]').click();
    await expect(page.locator('[data-testid="selection"]')).toContainText("x3 reaches s2, s3, s4");
    await expect(conv.locator(".outputs .unit.lit")).toHaveCount(3);
    await expect(conv.locator("line.arrow.lit")).toHaveCount(3);
    await expect(page.locator('[data-diagram="dense"] line.arrow.lit')).toHaveCount(5);
    await expect(page).toHaveURL(/xi=3/);
    await conv.locator('[data-unit="s1"]').click();
    await expect(page.locator('[data-testid="selection"]')).toContainText("s1 sees x1, x2");
    await expect(conv.locator(".ghost.lit")).toHaveCount(1);
    if (info.project.name === "desktop") await shot(page, "desktop-sparse-connectivity-selected");
    // Arrow keys move along the row, Enter toggles.
    await conv.locator('[data-unit="s1"]').focus();
    await page.keyboard.press("ArrowRight");
    await expect(page).toHaveURL(/sj=2/);
    await expect(conv.locator('[data-unit="s2"]')).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/sj=0/);
    w.check();
  });

  test("an impossible layer explains itself; a bad link gets a note", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/connectivity?n=2&k=9&p=0");
    await waitForApp(page);
    await expect(page.locator('[data-testid="error-note"]')).toContainText("wider than the padded input");
    expect(await figure(page, "outputs")).toBe("0");
    await expect(page.locator('[data-diagram="conv"]')).toHaveCount(0);
    await page.goto("/connectivity?n=abc&p=9&s=99");
    await waitForApp(page);
    const notes = page.locator('[data-testid="url-notes"]');
    await expect(notes).toBeVisible();
    await expect(notes).toContainText("padding 9 is more than k - 1 = 2");
    await expectLayer(page, 5, 3, 5, 2);
    w.check();
  });

  test("predict, then reveal: by click and by presenter steps", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/connectivity");
    await waitForApp(page);
    await page.locator(".reveal-card").first().getByRole("button").click();
    await expect(page.locator(".reveal-card").first()).toContainText("3 x 5 - 2 = 13");
    await expect(page.locator(".reveal-card").first()).toContainText("2 + 3 + 3 + 3 + 2 = 13");
    await page.goto("/connectivity?present=1");
    await waitForApp(page);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(page.locator(".reveal-card.open")).toHaveCount(2);
    await expect(page.locator(".reveal-card").nth(1)).toContainText("floor((5 + 2 x 1 - 3) / 1) + 1 = 5");
    if (info.project.name === "desktop") await shot(page, "present-sparse-connectivity");
    w.check();
  });
});

/** Brute force: the receptive field of unit q of layer `layer` (r counts padding). */
function field({ n, k, s, d, p }, layer, q) {
  let lo = q, hi = q;
  for (let l = layer; l >= 1; l--) {
    lo = lo * s[l - 1] - p[l - 1];
    hi = hi * s[l - 1] - p[l - 1] + d[l - 1] * (k[l - 1] - 1);
  }
  return { size: hi - lo + 1, start: Math.max(0, lo), end: Math.min(n - 1, hi) };
}
function widths({ n, k, s, d, p }) {
  const w = [n];
  for (let l = 0; l < k.length; l++) w.push(Math.floor((w[l] + 2 * p[l] - d[l] * (k[l] - 1) - 1) / s[l]) + 1);
  return w;
}
async function rf(page) {
  return figures(page, ["rf-size", "rf-start", "rf-end"]);
}
const asStrings = (f) => ({ "rf-size": String(f.size), "rf-start": String(f.start), "rf-end": String(f.end) });

test.describe("/receptive-field", () => {
  test("slide defaults, clicking units, keyboard, chart", { tag: "@phone" }, async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/receptive-field");
    await waitForApp(page);
    await expect.poll(() => rf(page)).toEqual({ "rf-size": "7", "rf-start": "5", "rf-end": "11" });
    await expect(page.locator(".rf-unit.lit")).toHaveCount(7 + 5 + 3);
    await expect(page.locator('[data-testid="rf2d-size"]')).toHaveAttribute("data-value", "7");
    // The chart has been drawn.
    const inked = await page.locator(".rf-chart canvas").evaluate((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);
    await page.waitForTimeout(500); // the MNIST digit, if it loads
    await shot(page, `${info.project.name}-sparse-receptive-field`);
    await page.locator('[data-unit="1-0"]').click();
    await expect.poll(() => rf(page)).toEqual({ "rf-size": "3", "rf-start": "0", "rf-end": "1" });
    await expect(page).toHaveURL(/unit=0&layer=1/);
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => rf(page)).toEqual({ "rf-size": "5", "rf-start": "0", "rf-end": "2" });
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => rf(page)).toEqual({ "rf-size": "5", "rf-start": "0", "rf-end": "3" });
    await expect(page.locator('[data-unit="2-1"]')).toBeFocused();
    w.check();
  });

  test("stacks from the URL match brute-force back-projection", async ({ page }) => {
    const w = watchErrors(page);
    const stacks = [
      { n: 32, k: [3, 3, 3], s: [2, 2, 1], d: [1, 1, 1], p: [1, 1, 1] },
      { n: 20, k: [3, 5], s: [2, 1], d: [1, 2], p: [1, 0] },
      { n: 64, k: [7, 3, 3, 3, 3], s: [2, 2, 1, 2, 1], d: [1, 1, 2, 1, 1], p: [3, 1, 2, 1, 1] },
      { n: 9, k: [2], s: [3], d: [1], p: [0] },
    ];
    for (const st of stacks) {
      const wd = widths(st);
      const top = wd.length - 1;
      for (const unit of [0, Math.floor(wd[top] / 2), wd[top] - 1]) {
        const q = `n=${st.n}&k=${st.k}&s=${st.s}&d=${st.d}&p=${st.p}&unit=${unit}`;
        await page.goto(`/receptive-field?${q}`);
        await waitForApp(page);
        await expect.poll(() => rf(page)).toEqual(asStrings(field(st, top, unit)));
        await expect(page.locator('[data-testid="url-notes"]')).toHaveCount(0);
      }
    }
    w.check();
  });

  test("controls write the URL; a bad link gets notes", async ({ page }) => {
    const w = watchErrors(page);
    await page.goto("/receptive-field");
    await waitForApp(page);
    await setSlider(page, "layers", 5);
    await expect(page).toHaveURL(/k=3,3,3,3,3&s=1,1,1,1,1/);
    await page.locator('[data-testid="rf-s-1"]').fill("2");
    await page.locator('[data-testid="rf-s-1"]').press("Enter");
    await expect(page).toHaveURL(/s=2,1,1,1,1/);
    const st = { n: 16, k: [3, 3, 3, 3, 3], s: [2, 1, 1, 1, 1], d: [1, 1, 1, 1, 1], p: [1, 1, 1, 1, 1] };
    const unit = Number(new URL(page.url()).searchParams.get("unit"));
    await expect.poll(() => rf(page)).toEqual(asStrings(field(st, 5, unit)));
    await page.getByRole("button", { name: "Stride 2 in layers 1 and 2" }).click();
    await expect(page).toHaveURL(/n=32&k=3,3,3&s=2,2,1/);
    await expect.poll(() => figure(page, "rf-size")).toBe("15");
    await page.goto("/receptive-field?k=3,3&s=1,1,1&unit=99&d=zero");
    await waitForApp(page);
    const notes = page.locator('[data-testid="url-notes"]');
    await expect(notes).toContainText("s");
    await expect(notes).toContainText("unit");
    await expect.poll(() => figure(page, "rf-size")).toBe("5");
    // The 2-D view follows the keyboard.
    await page.locator(".rf2d-image").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page).toHaveURL(/uc=15/);
    w.check();
  });
});

test.describe("/parameter-sharing", () => {
  test("dense 25 / unshared 13 / shared 3; hover a weight; local vs shared; 2-D", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/parameter-sharing");
    await waitForApp(page);
    await expect.poll(() => figures(page, ["dense-weights", "unshared-weights", "shared-weights"]))
      .toEqual({ "dense-weights": "25", "unshared-weights": "13", "shared-weights": "3" });
    await expect(page.locator('[data-diagram="shared"] line.arrow')).toHaveCount(13);
    await expect(page.locator(".chips .chip")).toHaveCount(3);
    await page.locator('[data-testid="chip-w1"]').hover();
    await expect(page.locator('[data-diagram="shared"] line.arrow.lit')).toHaveCount(4);
    await page.locator('[data-diagram="shared"] [data-unit="s3"]').hover();
    await expect(page.locator('[data-testid="equation"]')).toHaveText("s_3 = w^T(x_2, x_3, x_4)");
    await shot(page, `${info.project.name}-sparse-parameter-sharing`);
    await page.locator('[data-diagram="shared"] [data-unit="s1"]').click();
    await expect(page).toHaveURL(/sj=1/);
    await page.getByRole("radio", { name: "locally connected (no sharing)" }).click();
    await expect(page).toHaveURL(/mode=local/);
    await expect(page.locator(".chips .chip")).toHaveCount(13);
    await page.locator('[data-testid="chip-w2,1"]').focus();
    await expect(page.locator('[data-diagram="shared"] line.arrow.lit')).toHaveCount(1);
    await expect.poll(() => figures(page, ["dense-weights-2d", "unshared-weights-2d", "shared-weights-2d"]))
      .toEqual({ "dense-weights-2d": "614656", "unshared-weights-2d": "17956", "shared-weights-2d": "25" });
    await setSlider(page, "side", 32);
    await expect.poll(() => figures(page, ["dense-weights-2d", "unshared-weights-2d", "shared-weights-2d"]))
      .toEqual({ "dense-weights-2d": "1048576", "unshared-weights-2d": "23716", "shared-weights-2d": "25" });
    await setSlider(page, "n", 9);
    const e = layer(9, 3, 1, 1);
    await expect.poll(() => figure(page, "unshared-weights")).toBe(String(e.conv));
    await expect(page).toHaveURL(/n=9&k=3&s=1&p=1&mode=local/);
    if (info.project.name === "desktop") await shot(page, "desktop-sparse-parameter-sharing-local");
    await page.goto("/parameter-sharing?n=6&k=4&s=2&p=9&w=7");
    await waitForApp(page);
    await expect(page.locator('[data-testid="url-notes"]')).toContainText("padding 9");
    const e2 = layer(6, 4, 2, 3);
    await expect.poll(() => figure(page, "unshared-weights")).toBe(String(e2.conv));
    w.check();
  });
});

test.describe("/equivariance", () => {
  test("conv commutes with shifts away from the borders, dense does not", async ({ page }, info) => {
    const w = watchErrors(page);
    await page.goto("/equivariance");
    await waitForApp(page);
    await expect.poll(() => figure(page, "equivariance-error")).toBe("0");
    expect(Number(await figure(page, "dense-equivariance-error"))).toBeGreaterThan(0.05);
    await expect(page.locator("svg.heat")).toHaveCount(5);
    await shot(page, `${info.project.name}-sparse-equivariance`);
    await setSlider(page, "shift", -5);
    await setSlider(page, "dy", 3);
    await expect(page).toHaveURL(/shift=-5&dy=3&seed=10/);
    await expect.poll(() => figure(page, "equivariance-error")).toBe("0");
    for (const q of ["shift=7&seed=123", "shift=-8&dy=-6&seed=4000000000", "shift=0&seed=9"]) {
      await page.goto(`/equivariance?${q}`);
      await waitForApp(page);
      await expect.poll(() => figure(page, "equivariance-error")).toBe("0");
      await expect(page.locator('[data-testid="url-notes"]')).toHaveCount(0);
    }
    await page.goto("/equivariance?shift=99&seed=x");
    await waitForApp(page);
    await expect(page.locator('[data-testid="url-notes"]')).toContainText("shift");
    await expect(page.locator('[data-testid="url-notes"]')).toContainText("seed");
    await expect.poll(() => figure(page, "equivariance-error")).toBe("0");
    w.check();
  });
});

test("all four pages: embed and present modes", async ({ page }, info) => {
  const w = watchErrors(page);
  for (const route of ["/connectivity", "/receptive-field", "/parameter-sharing", "/equivariance"]) {
    await page.goto(`${route}?embed=1`);
    await waitForApp(page);
    await expect(page.locator(".site-header")).toHaveCount(0);
    await expect(page.locator("[data-testid]").first()).toBeVisible();
    await page.goto(`${route}?present=1`);
    await waitForApp(page);
    await expect(page.locator("html")).toHaveClass(/present/);
    await page.keyboard.press("ArrowRight");
    await expect(page.locator(".reveal-card.open")).toHaveCount(1);
    if (info.project.name === "desktop") await shot(page, `present-sparse${route.replace("/", "-")}`);
  }
  w.check();
});

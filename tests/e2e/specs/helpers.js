import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../screenshots");

/** Collects console errors and page errors; `check()` fails the test if there were any. */
export function watchErrors(page) {
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  // The app makes no request to any origin but its own.
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["data:", "blob:"].includes(u.protocol) && u.hostname !== "127.0.0.1") {
      errors.push(`foreign request: ${r.url()}`);
    }
  });
  return { errors, check: () => expect(errors, errors.join("\n")).toEqual([]) };
}

/** Waits until the app has mounted (the boot message is replaced by <main>). */
export async function waitForApp(page) {
  try {
    await page.waitForSelector("main", { timeout: 30_000 });
  } catch (e) {
    // Say where the start stalled: the document, the app's JS and wasm downloads, the boot text.
    const state = await page.evaluate(() => ({
      readyState: document.readyState,
      boot: document.getElementById("boot")?.textContent?.slice(0, 80) ?? null,
      resources: performance.getEntriesByType("resource")
        .filter((r) => /\.(js|wasm)$/.test(r.name))
        .map((r) => `${r.name.split("/").pop()} start ${Math.round(r.startTime)} end ${Math.round(r.responseEnd)} ms`),
      sinceNavigation: Math.round(performance.now()),
    })).catch((err) => ({ evaluateFailed: String(err) }));
    throw new Error(`the app did not start within 30 s at ${page.url()}: ${JSON.stringify(state)}\n${e.message}`);
  }
  await expect(page.locator("#panic-panel")).toHaveCount(0);
}

/** The app's own route table, as the home page publishes it. */
export async function routeTable(page) {
  await page.goto("/");
  await waitForApp(page);
  const text = await page.locator("#route-table").textContent();
  return JSON.parse(text);
}

/** The items of chunk `c` of `n` (item i goes to chunk i % n): a long loop over every route runs
 * as n tests that the two Playwright workers share. */
export const chunk = (items, c, n) => items.filter((_, i) => i % n === c);

/** A full-page screenshot in screenshots/<project>/ (desktop and phone never overwrite each other). */
export async function shot(page, name) {
  const dir = path.join(screenshotDir, test.info().project.name);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Reads a key figure's exact value. */
export async function figure(page, id) {
  return page.locator(`[data-testid="${id}"]`).first().getAttribute("data-value");
}

export function slug(route) {
  return route === "/" ? "home" : route.replace(/^\//, "").replace(/\//g, "_");
}

// Charts: every chart records the box and size of every text it draws (canvas `data-layout`,
// device pixels). The same rules as `figure::layout::problems`, plus a smallest text size.
const TOL = 0.5;

/** Every rule a chart's layout breaks (the same rules as `figure::layout::problems`). */
export function chartProblems(l, minPx) {
  const out = [];
  const overlaps = (a, b) =>
    Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > TOL &&
    Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > TOL;
  l.texts.forEach((a, i) => {
    const r = a.rect;
    if (r.x < -TOL || r.y < -TOL || r.x + r.w > l.width + TOL || r.y + r.h > l.height + TOL) {
      out.push(`text "${a.text}" leaves the canvas (${JSON.stringify(r)} in ${l.width}x${l.height})`);
    }
    if (a.px < minPx - 0.01) out.push(`text "${a.text}" is ${a.px}px, under ${minPx}px`);
    for (const b of l.texts.slice(i + 1)) {
      if (overlaps(r, b.rect)) out.push(`texts "${a.text}" and "${b.text}" overlap`);
    }
  });
  for (const g of l.legends) {
    const p = l.points.find(([x, y]) => x > g.x && x < g.x + g.w && y > g.y && y < g.y + g.h);
    if (p) out.push(`the legend ${JSON.stringify(g)} covers the data point ${p}`);
  }
  return out;
}

/** Waits until every chart on the page has drawn, then checks each one's layout. */
export async function checkCharts(page, route, minCss) {
  const charts = page.locator("canvas.plot");
  await expect.poll(() => charts.evaluateAll((cs) => cs.every((c) => c.dataset.layout))).toBe(true);
  const layouts = await charts.evaluateAll((cs) =>
    cs.map((c) => ({ id: c.dataset.testid, dpr: window.devicePixelRatio, layout: JSON.parse(c.dataset.layout) })),
  );
  const found = [];
  for (const { id, dpr, layout } of layouts) {
    expect(layout.texts.length, `${route} ${id} draws no text`).toBeGreaterThan(0);
    for (const p of chartProblems(layout, minCss * dpr)) found.push(`${route} ${id}: ${p}`);
  }
  expect(found, found.join("\n")).toEqual([]);
  return layouts.length;
}


import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { watchErrors, waitForApp, routeTable, shot, slug, chunk, checkCharts } from "./helpers.js";

// Every chart records the box and size of every text it draws (canvas `data-layout`, device
// pixels): these tests check them on every route, as the page shows them and in presenter mode,
// and check that every chart and diagram downloads as SVG and PNG with the page's own text.

test.describe.configure({ mode: "parallel" });
const CHUNKS = 3;
for (let c = 0; c < CHUNKS; c++) test(`every chart of every route: no text overlaps another or leaves the canvas, text at least 14 px, no legend over data (routes ${c} mod ${CHUNKS})`, { tag: "@phone" }, async ({ page }, info) => {
  test.setTimeout(6 * 60 * 1000);
  const routes = await routeTable(page);
  let charts = 0;
  for (const route of chunk(routes, c, CHUNKS)) {
    const w = watchErrors(page);
    await page.goto(route);
    await waitForApp(page);
    charts += await checkCharts(page, route, 14);
    // Every chart and every diagram carries its own download control.
    const bare = await page.locator("main canvas.plot, main svg").evaluateAll((els) =>
      els
        .filter((el) => !el.closest(".figure")?.querySelector('[data-testid="export-svg"]') ||
          !el.closest(".figure")?.querySelector('[data-testid="export-png"]'))
        .filter((el) => !el.parentElement.closest("svg"))
        // A decorative overlay (hidden from assistive technology) marks up the canvas under it.
        .filter((el) => el.getAttribute("aria-hidden") !== "true")
        .map((el) => el.getAttribute("aria-label") || el.className.baseVal || el.tagName),
    );
    expect(bare, `${route}: figures without an export control`).toEqual([]);
    w.check();
  }
  console.log(`chunk ${c}: ${charts} charts checked on ${info.project.name}`);
});

for (let c = 0; c < CHUNKS; c++) test(`presenter mode at 1920x1080: every chart's text is larger and still clear (routes ${c} mod ${CHUNKS})`, async ({ page }) => {
  test.setTimeout(6 * 60 * 1000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const routes = await routeTable(page);
  for (const route of chunk(routes, c, CHUNKS)) {
    await page.goto(route + "?present=1");
    await waitForApp(page);
    if (await checkCharts(page, route, 14 * 1.3) > 0) await shot(page, `present-1080-${slug(route)}`);
  }
});

/** The texts of an SVG document, in document order. */
async function svgTexts(page, file) {
  const text = fs.readFileSync(file, "utf8");
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, "image/svg+xml");
    if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror").textContent };
    return { texts: [...doc.querySelectorAll("text")].map((t) => t.textContent.trim()).filter((t) => t) };
  }, text);
}

async function download(page, button) {
  const [d] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return { name: d.suggestedFilename(), file: await d.path() };
}

test("a chart's SVG export carries the page's text, under the lesson, figure and settings, with a credit; its PNG is 2x", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/receptive-field?k=5,3&s=2,1");
  await waitForApp(page);
  const fig = page.locator(".figure", { has: page.locator('canvas[data-testid="rf-chart"]') });
  await expect(fig.locator("canvas")).toHaveAttribute("data-layout", /texts/);
  const onPage = JSON.parse(await fig.locator("canvas").getAttribute("data-layout")).texts.map((t) => t.text.trim());

  const svg = await download(page, fig.getByTestId("export-svg"));
  expect(svg.name).toMatch(/^cnn-lab_receptive-field.*receptive-field-against-depth.*\.svg$/);
  const got = await svgTexts(page, svg.file);
  expect(got.error).toBeUndefined();
  const title = got.texts.slice(0, got.texts.findIndex((t) => t === onPage[0]));
  expect(title.join(" ")).toContain("Receptive field");
  expect(title.join(" ")).toContain("receptive field against depth");
  expect(title.join(" ")).toMatch(/k=5,3, s=2,1|k=5%2C3, s=2%2C1/);
  expect(got.texts.at(-1)).toContain("CNN Lab");
  // Between title and credit: exactly the page's texts, in the order drawn.
  expect(got.texts.slice(title.length, -1)).toEqual(onPage);

  const png = await download(page, fig.getByTestId("export-png"));
  expect(png.name).toMatch(/\.png$/);
  const bytes = fs.readFileSync(png.file);
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  const width = bytes.readUInt32BE(16);
  const cssWidth = await fig.locator("canvas").evaluate((c) => c.clientWidth);
  expect(width).toBe(Math.floor(cssWidth * 2));
  w.check();
});

test("a diagram's SVG export stands alone: its own text and colours, title and credit", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/resnet");
  await waitForApp(page);
  const fig = page.locator('.figure[data-figure="residual block"]');
  const onPage = await fig.locator("svg text").evaluateAll((ts) => ts.map((t) => t.textContent.trim()).filter((t) => t));
  expect(onPage.length).toBeGreaterThan(2);
  const svg = await download(page, fig.getByTestId("export-svg"));
  expect(svg.name).toMatch(/^cnn-lab_.+_residual-block(_.+)?\.svg$/);
  const got = await svgTexts(page, svg.file);
  expect(got.error).toBeUndefined();
  for (const t of onPage) expect(got.texts).toContain(t);
  expect(got.texts.at(-1)).toContain("CNN Lab");
  expect(got.texts.slice(0, 2).join(" ")).toContain("residual block");
  // No class is left to a stylesheet the file does not have: colours are written in.
  const src = fs.readFileSync(svg.file, "utf8");
  expect(src).not.toContain("class=");
  expect(src).toMatch(/style="[^"]*stroke:/);
  const png = await download(page, fig.getByTestId("export-png"));
  expect(fs.readFileSync(png.file).subarray(1, 4).toString()).toBe("PNG");
  w.check();
});

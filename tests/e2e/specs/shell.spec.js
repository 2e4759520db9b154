import { test, expect } from "@playwright/test";
import { subBase } from "../playwright.config.js";
import { watchErrors, waitForApp, routeTable, shot, slug, chunk } from "./helpers.js";

test.describe.configure({ mode: "parallel" });
// The every-route loop runs as CHUNKS tests in parallel.
const CHUNKS = 3;

test("home lists the whole lecture in slide order and links only built lessons", { tag: "@phone" }, async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/");
  await waitForApp(page);
  const numbers = await page.locator(".section-number").allTextContents();
  expect(numbers.map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const routes = await routeTable(page);
  const linked = await page.locator('[data-testid="lesson-link"]').evaluateAll((as) => as.map((a) => a.dataset.route));
  for (const r of linked) {
    const concrete = r.startsWith("/architectures/") ? routes.some((x) => x.startsWith("/architectures/")) : routes.includes(r);
    expect(concrete, `${r} is linked but not in the route table`).toBeTruthy();
  }
  w.check();
});

for (let c = 0; c < CHUNKS; c++) test(`every route renders without errors, in normal, embed and present modes (routes ${c} mod ${CHUNKS})`, { tag: "@phone" }, async ({ page }, info) => {
  test.setTimeout(5 * 60 * 1000); // every route x three modes, full loads
  const all = await routeTable(page);
  expect(all[0]).toBe("/");
  for (const route of chunk(all, c, CHUNKS)) {
    const w = watchErrors(page);
    await page.goto(route);
    await waitForApp(page);
    await expect(page.locator('[data-testid="not-found"]')).toHaveCount(0);
    await expect(page.locator(".site-header")).toHaveCount(1);
    // No page is wider than the screen (sideways scrolling), on a phone above all.
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(over, `${route} is ${over}px wider than the ${info.project.name} screen`).toBeLessThanOrEqual(1);
    await shot(page, slug(route));

    // Embed: no chrome, and the height is posted to the parent.
    await page.addInitScript(() => {
      window.__heights = [];
      window.addEventListener("message", (e) => {
        if (e.data && e.data.type === "cnn-lab:height") window.__heights.push(e.data.height);
      });
    });
    await page.goto(route + (route.includes("?") ? "&" : "?") + "embed=1");
    await waitForApp(page);
    await expect(page.locator(".site-header")).toHaveCount(0);
    await expect(page.locator(".site-footer")).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => window.__heights.length)).toBeGreaterThan(0);
    const h = await page.evaluate(() => window.__heights.at(-1));
    expect(h).toBeGreaterThan(100);

    await page.goto(route + "?present=1");
    await waitForApp(page);
    await expect(page.locator("html")).toHaveClass(/present/);
    if (info.project.name === "desktop") await shot(page, `present-${slug(route)}`);
    w.check();
  }
});

test("unknown paths say so and link home", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/no-such-lesson");
  await waitForApp(page);
  await expect(page.locator('[data-testid="not-found"]')).toBeVisible();
  await page.locator('[data-testid="not-found"] a').click();
  await expect(page.locator(".section-number").first()).toBeVisible();
  w.check();
});

test("a panic shows the error panel with a reload button, never a blank page", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/selftest/panic");
  const panel = page.locator('[data-testid="panic-panel"]');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("Something went wrong");
  await expect(panel.locator("a.button")).toHaveText("Reload the page");
  await shot(page, "panic-panel");
});

for (let c = 0; c < CHUNKS; c++) test(`deep links work on a plain static host under a sub-path (routes ${c} mod ${CHUNKS})`, async ({ page }) => {
  test.setTimeout(5 * 60 * 1000); // a full load per route
  const w = watchErrors(page);
  const base = subBase;
  const routes = await routeTable(page);
  for (const route of chunk(routes, c, CHUNKS)) {
    await page.goto(base + (route === "/" ? "/" : route));
    await waitForApp(page);
    await expect(page.locator('[data-testid="not-found"]')).toHaveCount(0);
  }
  await page.goto(base + "/");
  await waitForApp(page);
  const links = page.locator('[data-testid="lesson-link"]');
  expect(await links.count()).toBeGreaterThan(0);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
    expect(href.startsWith("/course/cnn/"), href).toBeTruthy();
  }
  w.check();
});

test("in-app links from one lesson to another render the new lesson with its own state", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/connectivity?n=7");
  await waitForApp(page);
  const link = page.locator('main a[href$="/parameter-sharing"], main a[href*="/parameter-sharing?"]').first();
  await expect(link, "/connectivity links to /parameter-sharing").toHaveCount(1);
  await link.click();
  await page.waitForURL(/parameter-sharing/);
  await expect(page.locator("article.lesson")).toHaveAttribute("data-lesson", "/parameter-sharing");
  await expect(page.locator("h1")).toContainText("Parameter sharing");
  // Back to home through the header, then into a lesson again.
  await page.locator(".site-header nav a").first().click();
  await expect(page.locator(".section-number").first()).toBeVisible();
  await page.locator('[data-testid="lesson-link"][data-route="/pooling"]').click();
  await expect(page.locator("article.lesson")).toHaveAttribute("data-lesson", "/pooling");
  w.check();
});

test("while the wasm downloads, a lesson's page already shows its title, teaser, question and a progress bar", async ({ page }) => {
  const w = watchErrors(page);
  // Every route's page (and its sub-path copy) carries its own lesson's words.
  for (const [base, route, title] of [["", "/connectivity", "Sparse connectivity"], ["", "/train", "Train LeNet-5 live"], [subBase, "/pooling", null]]) {
    const html = await (await page.request.get(base + route)).text();
    const boot = html.match(/<div id="boot"[\s\S]*?<\/div>/)[0];
    if (title) expect(boot).toContain(`<h1 class="boot-title">${title}</h1>`);
    expect(boot).toMatch(/<p class="boot-teaser">[^<]+<\/p>/);
    expect(boot).toMatch(/<p class="boot-question">[^<]+<\/p>/);
    expect(boot).toContain("<progress");
  }
  // Hold the wasm back: the lesson's words are on screen before the app starts, then replaced.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\.wasm$/, async (r) => { await held; await r.continue(); });
  await page.goto("/connectivity");
  await expect(page.locator("#boot .boot-title")).toHaveText("Sparse connectivity");
  await expect(page.locator("#boot .boot-question")).toHaveText("Q: how many arrows?");
  await expect(page.locator("#boot progress")).toBeVisible();
  release();
  await waitForApp(page);
  await expect(page.locator("#boot")).toHaveCount(0);
  w.check();
});

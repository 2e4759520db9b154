import { test, expect } from "@playwright/test";
import { waitForApp, routeTable, figure } from "./helpers.js";
import { deployBase } from "../playwright.config.js";

/** The app's `cnn-lab-*` caches (the data sets' cache, kept across builds, aside). */
const appCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("cnn-lab-") && k !== "cnn-lab-data"));

/** First visit, then a reload: the service worker controls the page and has precached. */
async function controlled(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await waitForApp(page);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  expect(await appCaches(page)).toHaveLength(1);
}

async function worksOffline(page, routes) {
  for (const route of routes) {
    await page.goto(route);
    await waitForApp(page);
    await expect(page.locator('[data-testid="not-found"]')).toHaveCount(0);
  }
}

test("after the first visit the app works with the network off, /train with its MNIST data", async ({ page, context }, info) => {
  test.setTimeout(180_000);
  const routes = await routeTable(page);
  await controlled(page);

  // /train once online: the manifest and every shard go through the service worker's cache.
  await page.goto("/train");
  await waitForApp(page);
  await expect(page.locator('[data-testid="train-start"]')).toBeEnabled({ timeout: 60_000 });
  const credit = page.locator('[data-testid="mnist-credit"]');
  await expect(credit).toContainText(/(\d[\d,]*) of \1 loaded/, { timeout: 90_000 });

  await context.setOffline(true);
  try {
    await worksOffline(page, routes.slice(0, 6));
    await page.goto("/train");
    await waitForApp(page);
    await expect(page.locator('[data-testid="train-start"]')).toBeEnabled({ timeout: 60_000 });
    await expect(credit).toContainText(/(\d[\d,]*) of \1 loaded/, { timeout: 60_000 });
    await expect(page.locator(".error-note, [role=alert]")).toHaveCount(0);
  } finally {
    await context.setOffline(false);
  }
});

test("a new build replaces the old cache cleanly", async ({ browser }, info) => {
  // The deploy server: its own origin, so the other tests' service workers never see the switch.
  const context = await browser.newContext({ baseURL: deployBase });
  const page = await context.newPage();
  const request = context.request;
  await page.goto("/");
  await waitForApp(page);
  await controlled(page);
  const [old] = await appCaches(page);
  expect(old).not.toMatch(/-next$/);

  // "Deploy" a new build: the server now serves sw.js with VERSION + "-next".
  expect((await request.get("/__e2e/next-build")).ok()).toBe(true);
  try {
    const swapped = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const changed = new Promise((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true), { once: true }));
      await reg.update();
      return Promise.race([changed, new Promise((r) => setTimeout(() => r(false), 30_000))]);
    });
    expect(swapped, "the new service worker took control").toBe(true);
    await expect.poll(() => page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return reg.active?.state;
    })).toBe("activated");
    // The old cache is gone; exactly one remains, the new build's.
    await expect.poll(() => appCaches(page)).toEqual([`${old}-next`]);

    await context.setOffline(true);
    await worksOffline(page, ["/", "/connectivity", "/pooling", "/receptive-field", "/resnet"]);
    expect(await appCaches(page)).toEqual([`${old}-next`]);
  } finally {
    await context.setOffline(false);
    await request.get("/__e2e/reset-build");
    await context.close();
  }
});

/** The files this build's service worker precaches, as absolute paths. */
async function precached(page) {
  const sw = await (await page.request.get("/sw.js")).text();
  const list = JSON.parse(sw.match(/const PRECACHE = (\[.*?\]);/s)[1]);
  return new Set(list.map((f) => new URL(f, page.url()).pathname));
}

test("visiting only the home page online is enough: offline, every route opens with no failed request for a precached file", async ({ page, context }) => {
  test.setTimeout(240_000);
  const routes = await routeTable(page);
  await page.goto("/");
  await waitForApp(page);
  await controlled(page);
  const files = await precached(page);
  const failed = [];
  const note = (url, why) => {
    const u = new URL(url);
    if (u.origin === new URL(page.url()).origin && files.has(u.pathname)) failed.push(`${u.pathname}${u.search} (${why})`);
  };
  page.on("requestfailed", (r) => note(r.url(), r.failure()?.errorText || "failed"));
  page.on("response", (r) => { if (r.status() >= 400) note(r.url(), `HTTP ${r.status()}`); });
  await context.setOffline(true);
  try {
    await worksOffline(page, routes);
    // /train: its worker (requested with the build in the query) starts from the precache, and
    // the data it lacks is named, with how to save it, instead of a network error.
    await page.goto("/train");
    await waitForApp(page);
    const error = page.locator(".error-note, [role=alert]").first();
    await expect(error).toContainText("Keep this lecture offline", { timeout: 60_000 });
    await expect(page.locator("body")).not.toContainText("worker failed to load");
    console.log(`OFFLINE ${routes.length} routes opened with the network off after visiting only /; ${failed.length} failed precached requests`);
    expect(failed, failed.join("\n")).toEqual([]);
  } finally {
    await context.setOffline(false);
  }
});

test("after “Keep this lecture offline”, /train trains with the network off", async ({ page, context }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  await waitForApp(page);
  await controlled(page);
  const control = page.locator('[data-testid="keep-offline-home"]');
  await expect(control).toContainText(/MB\)/, { timeout: 30_000 });
  const size = (await control.textContent()).match(/\(([\d.]+) MB\)/)[1];
  await control.locator('[data-testid="keep-offline"]').click();
  await expect(control).toHaveAttribute("data-value", "done", { timeout: 120_000 });
  await expect(control).toContainText("works offline");
  console.log(`OFFLINE saved ${size} MB: ${await control.locator(".caption").textContent()}`);
  await context.setOffline(true);
  try {
    await page.goto("/train?data=fashion");
    await waitForApp(page);
    const start = page.locator('[data-testid="train-start"]');
    await expect(start).toBeEnabled({ timeout: 60_000 });
    await start.click();
    await expect.poll(async () => Number((await figure(page, "images-seen")) || 0), { timeout: 60_000 }).toBeGreaterThan(2000);
    await expect.poll(async () => Number((await figure(page, "test-accuracy")) || 0), { timeout: 60_000 }).toBeGreaterThan(0.3);
    await start.click();
    await expect(page.locator(".error-note, [role=alert]")).toHaveCount(0);
    // The other data set and the pretrained network too.
    await page.goto("/train");
    await waitForApp(page);
    await expect(start).toBeEnabled({ timeout: 60_000 });
    await page.locator('[data-testid="weights-pretrained"]').click();
    await expect(page.locator('[data-testid="weights-note"]')).toHaveAttribute("data-value", "true", { timeout: 30_000 });
  } finally {
    await context.setOffline(false);
  }
});

import { test, expect } from "@playwright/test";
import { waitForApp, routeTable } from "./helpers.js";
import { deployBase } from "../playwright.config.js";

/** The app's `cnn-lab-*` caches. */
const appCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("cnn-lab-")));

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

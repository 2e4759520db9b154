import { test, expect } from "@playwright/test";
import { waitForApp, routeTable } from "./helpers.js";

test("after the first visit the app works with the network off", async ({ page, context }, info) => {
  test.skip(info.project.name !== "desktop", "one viewport is enough");
  const routes = await routeTable(page);
  // Wait for the service worker to take control and finish precaching.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await waitForApp(page);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const caches1 = await page.evaluate(() => caches.keys());
  expect(caches1.filter((k) => k.startsWith("cnn-lab-"))).toHaveLength(1);

  await context.setOffline(true);
  for (const route of routes.slice(0, 6)) {
    await page.goto(route);
    await waitForApp(page);
    await expect(page.locator('[data-testid="not-found"]')).toHaveCount(0);
  }
  await context.setOffline(false);
});

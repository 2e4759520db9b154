import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, routeTable, shot } from "./helpers.js";

test("a course page on another origin embeds two lessons and sizes them from their messages", async ({ page, baseURL }, info) => {
  const w = watchErrors(page);
  const routes = (await routeTable(page)).filter((r) => r !== "/");
  const [a, b] = [routes[0], routes[Math.min(1, routes.length - 1)]];
  const port = Number(new URL(baseURL).port);
  const host = `http://127.0.0.1:${port + 2}/host.html?app=${encodeURIComponent(baseURL)}&a=${a}&b=${b}`;
  await page.goto(host);
  for (const id of ["#frame-a", "#frame-b"]) {
    const frame = page.frameLocator(id);
    await expect(frame.locator("main")).toBeVisible({ timeout: 30_000 });
    await expect(frame.locator(".site-header")).toHaveCount(0);
  }
  await expect.poll(() => page.evaluate(() => window.__messages.length)).toBeGreaterThanOrEqual(2);
  const msgs = await page.evaluate(() => window.__messages);
  for (const m of msgs) expect(m.origin).toBe(new URL(baseURL).origin);
  // Each frame ends up as tall as it said it is.
  for (const id of ["#frame-a", "#frame-b"]) {
    await expect.poll(async () => {
      const h = await page.locator(id).evaluate((f) => parseFloat(f.style.height));
      return h > 150;
    }).toBe(true);
  }
  // Nothing in the lesson reached outside its frame.
  expect(await page.locator("#title").textContent()).toBe("A course page on another origin");
  expect(page.url()).toBe(host);
  await shot(page, "embed-host");
  w.check();
});

test("the embed kit lists every built lesson with a snippet", async ({ page }) => {
  const w = watchErrors(page);
  const routes = await routeTable(page);
  await page.goto("/embed");
  await waitForApp(page);
  const listed = await page.locator('[data-testid="embed-code"]').evaluateAll((t) => t.map((x) => x.dataset.route));
  const lessons = routes.filter((r) => r !== "/" && r !== "/bench" && r !== "/embed" && !r.startsWith("/architectures/"));
  for (const r of lessons) expect(listed).toContain(r);
  const code = await page.locator('[data-testid="embed-code"]').first().inputValue();
  expect(code).toContain("embed=1");
  w.check();
});

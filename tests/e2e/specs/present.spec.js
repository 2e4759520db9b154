import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, routeTable, shot } from "./helpers.js";

test("presenter: keys, black screen, key list, theme, and stepping through the lecture", async ({ page }, info) => {
  test.skip(info.project.name !== "desktop", "keyboard presenter flow is a desktop feature");
  const w = watchErrors(page);
  await page.goto("/");
  await waitForApp(page);
  const button = page.locator('[data-testid="present-lecture"]');
  if (await button.isDisabled()) test.skip(true, "no lesson built yet");
  await button.click();
  await page.waitForURL(/present=1/);
  await waitForApp(page);
  const first = new URL(page.url()).pathname;
  await expect(page.locator("html")).toHaveClass(/present/);
  await expect(page.locator('[data-testid="presenter-progress"]')).toContainText("Lesson 1/");

  await page.keyboard.press("?");
  await expect(page.locator('[data-testid="presenter-help"]')).toBeVisible();
  await shot(page, "presenter-help");
  await page.keyboard.press("Escape");
  await expect(page.locator('[data-testid="presenter-help"]')).toHaveCount(0);

  await page.keyboard.press("b");
  await expect(page.locator('[data-testid="presenter-black"]')).toBeVisible();
  await page.keyboard.press("b");
  await expect(page.locator('[data-testid="presenter-black"]')).toHaveCount(0);

  await page.keyboard.press("t");
  await expect(page).toHaveURL(/theme=(dark|light)/);

  // Step through every beat of the first lesson, then on to the next lesson.
  for (let i = 0; i < 40 && new URL(page.url()).pathname === first; i++) {
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(150);
  }
  await waitForApp(page);
  const second = new URL(page.url()).pathname;
  const routes = await page.evaluate(() => location.pathname);
  expect(second).not.toBe(first);
  expect(page.url()).toContain("present=1");
  // Back: the previous lesson at its last beat.
  await page.keyboard.press("ArrowLeft");
  await page.waitForURL((u) => u.pathname === first);
  await waitForApp(page);
  await expect(page.locator("html")).toHaveClass(/present/);
  expect(routes).toBe(second);
  w.check();
});

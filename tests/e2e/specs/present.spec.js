import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, routeTable, shot } from "./helpers.js";

test("presenter: keys, black screen, key list, theme, and stepping through the lecture", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/");
  await waitForApp(page);
  const button = page.locator('[data-testid="present-lecture"]');
  await expect(button).toBeEnabled();
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

// Predict-then-reveal: every question the slides put to the class (the lecture outline
// and the slides' text) is a presenter beat of its lesson. The table: lesson -> its slide questions.
const slideQuestions = {
  "/connectivity": ["Q: how many arrows we have?", "Q: filter size and stride?"],
  "/receptive-field": ["Q: larger stride of convolution filter = increase receptive field?"],
  "/pooling": ["Q: what is type of pooling? Max or average pooling?"],
  "/seagull": ["Seagull = ?"],
  "/three-networks": ["Try to understand how we can design architecture and build these three networks."],
  "/inception": ["Q: difference between those two variants?", "Q: why output prediction from lower layers?"],
  "/architectures/googlenet": ["Q: why output prediction from lower layers?"],
  "/vanishing-gradients": ["Q: why they did not develop some architecture with more layers? (Hint: gradient vanishing)"],
  "/degradation": ["Q: why they did not develop some architecture with more layers? (the 56-layer vs 20-layer figure)"],
  "/resnet": ["Q: VGG-19 has much more FLOPS than 34-layer plain network and 34-layer ResNet?"],
};

test("every slide question is a presenter beat of its lesson", async ({ page }, info) => {
  const w = watchErrors(page);
  for (const [route, questions] of Object.entries(slideQuestions)) {
    await page.goto(`${route}?present=1`);
    await waitForApp(page);
    const progress = page.locator('[data-testid="presenter-progress"]');
    await expect(progress, route).toContainText(/beat \d+\/\d+/);
    const beats = Number((await progress.textContent()).match(/beat \d+\/(\d+)/)[1]);
    expect(beats, `${route}: beats for ${questions.length} slide question(s)`).toBeGreaterThanOrEqual(questions.length);
    const cards = await page.locator(".reveal-card").count();
    expect(cards, `${route}: reveal cards`).toBeGreaterThanOrEqual(questions.length);
    // Stepping to the last beat reveals every card.
    for (let i = 0; i < beats; i++) await page.keyboard.press("ArrowRight");
    await expect(page.locator(".reveal-card.open"), route).toHaveCount(cards);
  }
  w.check();
});

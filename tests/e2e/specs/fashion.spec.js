// The second data set on /train: `data=fashion` in the URL, class names instead of digits,
// "pick a test image" instead of drawing, the pretrained Fashion-MNIST model's test accuracy
// measured in the browser equal to the native one recorded by `make train-mnist`, and a switch of
// data set (even mid-download) that loses nothing.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { watchErrors, waitForApp, figure, shot } from "./helpers.js";

test.describe.configure({ timeout: 180_000 });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const recorded = JSON.parse(fs.readFileSync(path.join(root, "assets/pretrained/accuracy.json"), "utf8"));

const FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

async function ready(page) {
  await expect(page.locator('[data-testid="train-start"]')).toBeEnabled({ timeout: 90_000 });
}

async function loadPretrained(page) {
  await page.locator('[data-testid="weights-pretrained"]').click();
  await expect(page.locator('[data-testid="weights-note"]')).toHaveAttribute("data-value", "true", { timeout: 30_000 });
}

test("data=fashion: class names, a picked test image, and the pretrained model's accuracy equals the native one", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train?data=fashion");
  await waitForApp(page);
  expect(await figure(page, "dataset")).toBe("fashion");
  await expect(page.locator('[data-testid="train-intro"]')).toContainText("Fashion-MNIST");
  await expect(page.locator('[data-testid="data-credit"]')).toContainText("Han Xiao, Kashif Rasul and Roland Vollgraf");
  await ready(page);
  // No drawing for clothing: a test image to pick instead, with the ten class names.
  await expect(page.locator('[data-testid="draw-pad"]')).toHaveCount(0);
  const probs = page.locator('[data-testid="draw-probs"]');
  for (let k = 0; k < 10; k++) await expect(page.locator(`[data-testid="prob-${k}"] .digit`)).toHaveText(FASHION[k]);

  await loadPretrained(page);
  const want = recorded["lenet5-modern-fashion.json"].test_accuracy;
  await expect.poll(async () => Number((await figure(page, "test-accuracy")) || 0), { timeout: 60_000 }).toBe(want);
  console.log(`FASHION pretrained: browser ${await figure(page, "test-accuracy")}, native (recorded) ${want}`);

  // Test image 0 is an ankle boot (label 9); the pretrained net gives it most of its belief.
  await page.locator('[data-testid="pick-index"]').fill("0");
  await page.locator('[data-testid="pick-index"]').dispatchEvent("change");
  await expect(page.locator('[data-testid="pick-caption"]')).toHaveText("test image #0: an ankle boot");
  await expect.poll(async () => Number(await page.locator('[data-testid="prob-9"]').getAttribute("data-value")), { timeout: 20_000 }).toBeGreaterThan(0.5);
  const p = JSON.parse(await probs.getAttribute("data-value"));
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

  // Another image: the caption names its class, the inside view follows it.
  await page.locator('[data-testid="pick-another"]').click();
  await expect(page.locator('[data-testid="pick-caption"]')).not.toHaveText("test image #0: an ankle boot");
  const caption = await page.locator('[data-testid="pick-caption"]').textContent();
  expect(FASHION.some((c) => caption.toLowerCase().includes(c.toLowerCase())), caption).toBe(true);
  const index = Number(await page.locator('[data-testid="pick-index"]').inputValue());
  await expect(page.locator('[data-testid="inspect-index"]')).toHaveValue(String(index));

  // Confusion matrix: class names on the rows, counts summing to the 10,000 test images.
  await expect(page.locator('[data-testid="confusion"] caption')).toContainText("Ankle boot");
  let total = 0;
  let correct = 0;
  for (let t = 0; t < 10; t++) {
    for (let q = 0; q < 10; q++) {
      const v = Number(await figure(page, `confusion-${t}-${q}`));
      total += v;
      if (t === q) correct += v;
    }
  }
  expect(total).toBe(10_000);
  expect(correct / 10_000).toBeCloseTo(want, 10);
  await expect(page.locator('[data-testid="misclassified"] li').first()).toContainText("→");

  // A click on a cell lists that cell's images, the most confident first: shirts read as T-shirts.
  const count = Number(await figure(page, "confusion-6-0"));
  expect(count).toBeGreaterThan(0);
  await page.locator('[data-testid="confusion-6-0"]').click();
  const cellImages = page.locator('[data-testid="cell-image"]');
  await expect(cellImages).toHaveCount(Math.min(24, count), { timeout: 20_000 });
  await expect(page.locator('[data-testid="cell"] h3')).toContainText("Shirt read as T-shirt/top");
  const pcts = await cellImages.locator(".caption").allTextContents();
  const values = pcts.map((t) => parseFloat(t));
  expect(values.every((v, i) => i === 0 || values[i - 1] >= v), pcts.join(" ")).toBe(true);
  await expect(cellImages.first()).toContainText("Shirt → T-shirt/top");
  // The keyboard opens a cell too (a diagonal one: correct answers).
  await page.locator('[data-testid="confusion-1-1"]').focus();
  await page.keyboard.press("Enter");
  await expect(page.locator('[data-testid="cell"] h3')).toContainText("Trouser read as Trouser: correct");
  await expect(cellImages).toHaveCount(24);
  await shot(page, "train-fashion");
  await page.locator('[data-testid="cell-close"]').click();
  await expect(page.locator('[data-testid="cell"]')).toHaveCount(0);
  w.check();
});

test("the data-set switch: in the URL, mid-download, and back, nothing lost", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train");
  await waitForApp(page);
  expect(await figure(page, "dataset")).toBe("mnist");
  // Switch while MNIST is still streaming in: the old download stops, Fashion-MNIST loads.
  await page.locator('[data-testid="choice-data"] [data-value="fashion"]').click();
  await expect(page).toHaveURL(/data=fashion/);
  expect(await figure(page, "dataset")).toBe("fashion");
  await ready(page);
  await expect(page.locator('[data-testid="train-loaded"]')).toHaveAttribute("data-value", "60000", { timeout: 90_000 });
  await page.locator('[data-testid="train-step"]').click();
  await expect.poll(async () => Number(await figure(page, "images-seen"))).toBe(32);
  await expect(page.locator('[data-testid="pick-seen"]')).toBeVisible();

  // A reload keeps the choice (the URL is the state).
  await page.reload();
  await waitForApp(page);
  expect(await figure(page, "dataset")).toBe("fashion");
  await ready(page);

  // Back to MNIST: drawing returns, and the MNIST pretrained model measures what was recorded.
  await page.locator('[data-testid="choice-data"] [data-value="mnist"]').click();
  await expect(page).not.toHaveURL(/data=fashion/);
  expect(await figure(page, "dataset")).toBe("mnist");
  expect(await figure(page, "images-seen")).toBe("0");
  await ready(page);
  await expect(page.locator('[data-testid="draw-pad"]')).toBeVisible();
  await expect(page.locator('[data-testid="prob-7"] .digit')).toHaveText("7");
  await loadPretrained(page);
  const want = recorded["lenet5-modern.json"].test_accuracy;
  await expect.poll(async () => Number((await figure(page, "test-accuracy")) || 0), { timeout: 60_000 }).toBe(want);

  // Rapid switching never leaves two downloads feeding the worker.
  for (const d of ["fashion", "mnist", "fashion", "mnist", "fashion"]) {
    await page.locator(`[data-testid="choice-data"] [data-value="${d}"]`).click();
    await page.waitForTimeout(150);
  }
  await ready(page);
  expect(await figure(page, "dataset")).toBe("fashion");
  await expect(page.locator('[data-testid="train-loaded"]')).toHaveAttribute("data-value", "60000", { timeout: 90_000 });
  await expect(page.locator(".error-note")).toHaveCount(0);
  w.check();
});

test("data= on every lesson that shows or trains on real images", async ({ page }) => {
  const w = watchErrors(page);
  const credit = page.locator('[data-testid="data-credit"]').first();
  // /pooling's 2-D view: Fashion-MNIST test image 0 is an ankle boot; switching back shows the 7.
  await page.goto("/pooling?data=fashion");
  await waitForApp(page);
  await expect(page.locator(".pool-2d")).toContainText("test image #0, an ankle boot", { timeout: 30_000 });
  await expect(credit).toContainText("Fashion-MNIST by Han Xiao");
  const changed = await figure(page, "pooled-changed-fraction");
  expect(Number(changed)).toBeGreaterThanOrEqual(0);
  await page.locator('.pool-2d [data-testid="choice-data"] [data-value="mnist"]').click();
  await expect(page).toHaveURL(/data=mnist/);
  await expect(page.locator(".pool-2d")).toContainText("test image #0, a 7", { timeout: 30_000 });
  await expect(credit).toContainText("MNIST by Yann LeCun");

  // /receptive-field's 2-D view.
  await page.goto("/receptive-field?data=fashion&img=1");
  await waitForApp(page);
  await expect(page.locator(".rf-2d")).toContainText("Fashion-MNIST test image 1 (a pullover).", { timeout: 30_000 });

  // /vanishing-gradients measures its MLP on the chosen images.
  await page.goto("/vanishing-gradients?data=fashion");
  await waitForApp(page);
  await expect(page.locator("body")).toContainText("Fashion-MNIST test images, loss", { timeout: 30_000 });
  const fashionRatio = await figure(page, "grad-ratio");
  await page.goto("/vanishing-gradients?data=mnist");
  await waitForApp(page);
  await expect(page.locator("body")).toContainText("MNIST test digits, loss", { timeout: 30_000 });
  expect(await figure(page, "grad-ratio")).not.toBe(fashionRatio);

  // /degradation trains its three nets on the chosen images.
  await page.goto("/degradation?data=fashion");
  await waitForApp(page);
  await expect(page.locator(".scaled-down")).toContainText("Fashion-MNIST, the first 10,000 training images");
  await page.locator('[data-testid="degradation-start"]').click();
  await expect(page.locator('[data-testid="degradation-progress"]')).toContainText(/training: step [1-9]/, { timeout: 30_000 });
  await page.locator('[data-testid="degradation-start"]').click();
  await expect(page.locator(".error-note")).toHaveCount(0);
  w.check();
});

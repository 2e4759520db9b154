// Teaching fidelity: what the pages say against the papers and the slides. The texts are
// computed in src/lessons/ and checked there natively (tests/it/*.rs); these check that the
// pages show them, and take the screenshots the layout was checked on.
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, figure, shot } from "./helpers.js";

/** Opens the reveal card whose question contains `q`, returns it. */
async function reveal(page, q) {
  const card = page.locator(".reveal-card", { hasText: q }).first();
  await card.getByRole("button", { name: "Reveal the answer" }).click();
  await expect(card).toHaveClass(/open/);
  return card;
}

test("/resnet: the FLOPs answer opens with width, then resolution, then the fc layers", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/resnet");
  await waitForApp(page);
  const card = await reveal(page, "have so many more FLOPs than ResNet-34?");
  await expect(card.locator('[data-testid="why-flops-1"]')).toContainText(/^Mainly width/);
  await expect(card.locator('[data-testid="why-flops-1"]')).toContainText("256 against 64 channels at 56x56");
  await expect(card.locator('[data-testid="why-flops-2"]')).toContainText(/^Second, resolution/);
  await expect(card.locator('[data-testid="why-flops-3"]')).toContainText(/^Last, the fc layers/);
  await expect(card).not.toContainText(/^Resolution\./);
  await expect(card.locator('[data-testid="why-flops-stages"] tbody tr')).toHaveCount(7);
  await expect(page.locator("main")).not.toContainText("Fig. 3 uses option A");
  await expect(page.locator("main")).toContainText("Table 2 and Fig. 4 (right) uses option A");
  await shot(page, "fidelity-resnet");
  w.check();
});

test("/architectures/vgg16: the FLOPs card asks about VGG-16", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/vgg16");
  await waitForApp(page);
  const card = await reveal(page, "Q: why does VGG-16 have so many more FLOPs than ResNet-34?");
  for (let i = 0; i < 4; i++) await expect(card.locator(`[data-testid="why-flops-${i}"]`)).not.toContainText("VGG-19");
  await expect(card.locator('[data-testid="why-flops-0"]')).toContainText("VGG-16 needs 15.5 G");
  w.check();
});

test("/imagenet: depth story, ensembles, human reference, no stray backslash", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/imagenet");
  await waitForApp(page);
  const main = page.locator("main");
  await expect(main).not.toContainText("each was deeper than the last");
  await expect(main).not.toContainText("All entries are ensembles");
  await expect(page.locator('[data-testid="imagenet-depth-story"]')).toContainText("8 again in 2013 (not deeper)");
  expect(await figure(page, "human-top5")).toBe("5.1");
  await expect(main).toContainText("Russakovsky et al. 2015, IJCV, Sec. 6.4");
  expect(await main.textContent()).not.toContain("\\");
  await shot(page, "fidelity-imagenet");
  w.check();
});

test("/architectures/lenet5 and /vanishing-gradients: one counting explanation", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/lenet5");
  await waitForApp(page);
  const lenet = await page.locator('[data-testid="counting-explanation"]').textContent();
  expect(lenet).toContain("LeNet-5 has 7 (C1, S2, C3, S4, C5, F6 and the output)");
  await expect(page.locator('[data-testid="count-lenet5"]')).toHaveAttribute("data-paper", "7");
  await expect(page.locator("main")).not.toContainText("no layer count");
  await expect(page.locator("main")).not.toContainText("never counted");
  await page.goto("/vanishing-gradients");
  await waitForApp(page);
  expect(await page.locator('[data-testid="counting-explanation"]').textContent()).toContain(lenet);
  await expect(page.locator("main")).not.toContainText("hidden fc layers only");
  await expect(page.locator("main")).not.toContainText("1 − x²");
  const card = await reveal(page, "more layers?");
  await expect(card.locator('[data-testid="why-not-deeper-relu"]')).toContainText("they used ReLU");
  await expect(card.locator('[data-testid="why-not-deeper-init"]')).toContainText("Simonyan & Zisserman (2015, Sec. 3.1)");
  w.check();
});

test("/degradation: the answer follows He et al. Sec. 4.1 and says where the run differs", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/degradation");
  await waitForApp(page);
  const card = await reveal(page, "Why does it train worse?");
  await expect(card).not.toContainText("must pass through every layer's product");
  await expect(card.locator('[data-testid="degradation-answer"]')).toContainText("unlikely to be caused by vanishing gradients");
  await expect(card.locator('[data-testid="degradation-differs"]')).toContainText("3 and 20 hidden layers");
  w.check();
});

test("/three-networks: (c) ends without ReLU, 99.8% not 100%, any image size", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/three-networks?net=c");
  await waitForApp(page);
  await page.locator('[data-testid="reveal-all"]').click();
  await expect(page.locator(".tn-op").nth(5)).toContainText("convolution, no ReLU");
  await expect(page.locator(".tn-op").nth(1)).toContainText("convolution + ReLU");
  const why = await reveal(page, "so many more parameters");
  await expect(why).toContainText("99.8% of the whole network");
  await expect(why).not.toContainText("100%");
  const any = await reveal(page, "any size");
  await expect(any).toContainText("The fully connected layer fixes the input size.");
  await shot(page, "fidelity-three-networks");
  w.check();
});

test("/equivariance: the band of changed outputs is computed", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/equivariance?shift=2");
  await waitForApp(page);
  const card = await reveal(page, "when the input moves");
  await expect(card).not.toContainText("within k - 1 positions");
  await expect(card.locator('[data-testid="border-band"]')).toContainText("differ: 1 and 31");
  w.check();
});

test("/train names the modern variant it trains", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/train");
  await waitForApp(page);
  await expect(page.locator('[data-testid="trained-network"]')).toContainText("a modern variant of LeNet-5");
  await expect(page.locator("main")).not.toContainText("LeNet-5 (LeCun et al. 1998) learns");
  w.check();
});

test("AlexNet and ResNet answer their header questions", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/alexnet");
  await waitForApp(page);
  const a = await reveal(page, "Why did 8 layers win ImageNet 2012?");
  await expect(a).toContainText("Dropout (Sec. 4.2)");
  await expect(a).toContainText("15.3% top-5");
  await shot(page, "fidelity-alexnet");
  await page.goto("/architectures/resnet34");
  await waitForApp(page);
  const r = await reveal(page, "How deep can we go with shortcuts?");
  await expect(r).toContainText("1202 layers");
  await expect(r).toContainText("7.93% against 6.43%");
  w.check();
});

test("/connectivity counts from the inputs first; /pooling reads the figure; /receptive-field has VGG's reason", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/connectivity");
  await waitForApp(page);
  const c = await reveal(page, "Q: how many arrows?");
  await expect(c.locator('[data-testid="from-inputs-words"]')).toContainText("each x_i reaches 3 outputs, at the borders only 2");
  await expect(c.locator('[data-testid="from-inputs"]')).toHaveText("3 x 5 - 2 = 13");
  await page.goto("/pooling");
  await waitForApp(page);
  const p = await reveal(page, "Q: max or average pooling?");
  await expect(p.locator('[data-testid="pool-read-figure"]')).toContainText("the max of the 3 detector values under it");
  await page.goto("/receptive-field");
  await waitForApp(page);
  await expect(page.locator('[data-testid="vgg-design"]')).toContainText("3 layers see 7x7 with 27 C² weights, one 7x7 layer needs 49 C²");
  await shot(page, "fidelity-receptive-field");
  w.check();
});

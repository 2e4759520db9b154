// The architecture pages: /architectures/:net, /three-networks, /inception, /imagenet,
// /resnet. The expected values are the calculator's, each reproduced by a cited native test in
// tests/arch_*.rs (e.g. VGG-19's 19,632,062,464 multiply-adds, He et al. 2016 Fig. 3's 19.6 G).
import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp, figure, shot } from "./helpers.js";

const NETS = {
  lenet5: { params: "60000", macs: "332824", layers: "5" },
  alexnet: { params: "60965224", macs: "724406816", layers: "8" },
  vgg16: { params: "138357544", macs: "15470264320", layers: "16" },
  vgg19: { params: "143667240", macs: "19632062464", layers: "19" },
  googlenet: { params: "6998552", macs: "1582671872", layers: "22" },
  plain34: { params: "21623848", macs: "3644493824", layers: "34" },
  resnet18: { params: "11689512", macs: "1814073344", layers: "18" },
  resnet34: { params: "21797672", macs: "3663761408", layers: "34" },
  resnet50: { params: "25557032", macs: "3857973248", layers: "50" },
  resnet101: { params: "44549160", macs: "7570194432", layers: "101" },
  resnet152: { params: "60192808", macs: "11282415616", layers: "152" },
};

test("every network's totals are the calculator's", async ({ page }, info) => {
  for (const [net, want] of Object.entries(NETS)) {
    const w = watchErrors(page);
    await page.goto(`/architectures/${net}`);
    await waitForApp(page);
    await expect(page.locator('[data-testid="total-params"]')).toHaveAttribute("data-value", want.params);
    expect(await figure(page, "total-macs")).toBe(want.macs);
    expect(await figure(page, "weight-layers")).toBe(want.layers);
    // Drawn, tabled and charted.
    await expect(page.locator("#arch-diagram-svg .node").first()).toBeVisible();
    await expect(page.locator('[data-testid="per-layer-chart"]')).toBeVisible();
    if (["lenet5", "vgg19", "googlenet", "resnet50"].includes(net)) await shot(page, `${info.project.name}-arch-${net}`);
    w.check();
  }
});

test("LeNet-5: 60,000 trainable parameters, 340,908 connections, 840 fixed", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/lenet5");
  await waitForApp(page);
  expect(await figure(page, "total-connections")).toBe("340908");
  await expect(page.getByText("Connections are not parameters")).toBeVisible();
  await expect(page.locator(".exact")).toContainText("(+840 fixed)");
  w.check();
});

test("hovering a row lights its block; clicking a block brings its row into view", { tag: "@phone" }, async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/vgg19");
  await waitForApp(page);
  // Row fc6 (key 22) -> block lit.
  const row = page.locator('tr[data-path="fc6"]');
  await row.scrollIntoViewIfNeeded();
  await row.hover();
  await expect(page.locator("#arch-node-22")).toHaveClass(/lit/);
  // Click block conv1_2 (key 1) -> its row is selected and visible; URL keeps it.
  await page.locator("#arch-node-1").click();
  await expect(page.locator("#arch-row-1")).toHaveClass(/selected/);
  await expect(page.locator("#arch-row-1")).toBeInViewport();
  await expect(page).toHaveURL(/row=2/);
  // Keyboard: focus a block and press Enter.
  await page.locator("#arch-node-26").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#arch-row-26")).toHaveClass(/selected/);
  w.check();
});

test("inception modules light as a whole; aux heads are drawn and counted apart", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/googlenet");
  await waitForApp(page);
  const group = page.locator('tr[data-path="inception_3a"]');
  await group.scrollIntoViewIfNeeded();
  await group.hover();
  await expect(page.locator('#arch-node-10')).toHaveClass(/lit/); // inception_3a/3x3/conv
  await expect(page.locator("#arch-diagram-svg .aux").first()).toBeVisible();
  await expect(page.locator("table.layers")).toContainText("counted apart from the totals");
  w.check();
});

test("a bad row parameter gives a note, not a blank page", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/lenet5?row=999&zoom=abc");
  await waitForApp(page);
  await expect(page.locator('[data-testid="url-notes"]')).toBeVisible();
  expect(await figure(page, "total-params")).toBe("60000");
  w.check();
});

test("three networks: shapes per layer and parameters for a, b, c", async ({ page }, info) => {
  const w = watchErrors(page);
  const want = {
    a: { params: "16423720", shapes: ["256x256x64", "64x64x64", "64x64x64", "16x16x64", "1x1x16384", "1x1x1000", "1x1x1000"] },
    b: { params: "615720", shapes: ["256x256x64", "64x64x64", "64x64x64", "16x16x64", "3x3x64", "1x1x576", "1x1x1000", "1x1x1000"] },
    c: { params: "615720", shapes: ["256x256x64", "64x64x64", "64x64x64", "16x16x64", "16x16x1000", "1x1x1000", "1x1x1000"] },
  };
  for (const [net, exp] of Object.entries(want)) {
    await page.goto(`/three-networks?net=${net}`);
    await waitForApp(page);
    expect(await figure(page, "total-params")).toBe(exp.params);
    const shapes = await page.locator('[data-testid="layer-shape"]').evaluateAll((els) => els.map((e) => e.dataset.value));
    expect(shapes).toEqual(exp.shapes);
  }
  // Step-through: hidden until Next.
  await page.goto("/three-networks?net=b");
  await waitForApp(page);
  await expect(page.locator('[data-testid="layer-shape"]').first()).toHaveText("?");
  await page.locator('[data-testid="reveal-next"]').click();
  await expect(page.locator('[data-testid="layer-shape"]').first()).toHaveText("256x256x64");
  await page.locator('[data-testid="reveal-all"]').click();
  await expect(page.locator('[data-testid="layer-shape"]').nth(5)).toHaveText("576 units");
  await shot(page, `${info.project.name}-three-networks`);
  w.check();
});

test("the builder names a layer that does not fit, and recovers", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/three-networks?net=a");
  await waitForApp(page);
  await expect(page.locator('[data-testid="builder-params"]')).toHaveAttribute("data-value", "16423720");
  // Remove the reshape (layer 5): fc needs a flat input.
  await page.locator('[data-testid="b-4-remove"]').click();
  const err = page.locator('[data-testid="builder"] [data-testid="error-note"]');
  await expect(err).toContainText("Layer 5 does not fit");
  await expect(err).toContainText("fc1");
  await expect(page).toHaveURL(/build=/);
  await shot(page, `${info.project.name}-builder-error`);
  // Put a grid pool + reshape back in front of it: network (b).
  await page.locator('[data-testid="b-add-kind"]').selectOption("grid");
  await page.locator('[data-testid="b-add"]').click();
  await page.locator('[data-testid="b-add-kind"]').selectOption("flat");
  await page.locator('[data-testid="b-add"]').click();
  // Added before the softmax: conv pool conv pool fc grid flat softmax -> move fc down twice.
  await page.locator('button[aria-label="Move layer 5 down"]').click();
  await page.locator('button[aria-label="Move layer 6 down"]').click();
  await expect(err).toHaveCount(0);
  await expect(page.locator('[data-testid="builder-params"]')).toHaveAttribute("data-value", "615720");
  // A window too large for its input.
  await page.locator('[data-testid="b-1-window"]').fill("300");
  await page.locator('[data-testid="b-1-window"]').press("Tab");
  await expect(err).toContainText("Layer 2 does not fit");
  w.check();
});

test("a builder link restores the network, with a note for what it could not read", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/three-networks?build=in-32-32-1_conv-6-5-1-0_max-2-2_bogus_flat_fc-10");
  await waitForApp(page);
  await expect(page.locator('[data-testid="url-notes"]')).toContainText("bogus");
  await expect(page.locator('[data-testid="builder-output"]')).toHaveText("1x1x10");
  expect(await figure(page, "builder-params")).toBe(String(6 * 26 + 14 * 14 * 6 * 10 + 10));
  w.check();
});

test("inception: Table 1 (3a) by default, another module from the URL, bad values noted", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/inception");
  await waitForApp(page);
  // 28x28x192 -> 64 | 96->128 | 16->32 | pool->32 (Szegedy et al. 2015, Table 1).
  expect(await figure(page, "naive-macs")).toBe(String(28 * 28 * 192 * (64 + 9 * 128 + 25 * 32)));
  expect(await figure(page, "reduced-macs")).toBe(
    String(28 * 28 * (192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32)),
  );
  expect(await figure(page, "naive-params")).toBe(String(192 * (64 + 9 * 128 + 25 * 32) + 64 + 128 + 32));
  expect(await figure(page, "reduced-params")).toBe(
    String(192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32 + 64 + 96 + 128 + 16 + 32 + 32),
  );
  await shot(page, `${info.project.name}-inception`);
  // Inception (5b) on 7x7x832 through the URL.
  await page.goto("/inception?h=7&w=7&c=832&b1=384&b3r=192&b3=384&b5r=48&b5=128&pp=128");
  await waitForApp(page);
  expect(await figure(page, "reduced-macs")).toBe(
    String(49 * (832 * 384 + 832 * 192 + 9 * 192 * 384 + 832 * 48 + 25 * 48 * 128 + 832 * 128)),
  );
  // Out of range and malformed: clamped / defaulted with a note, figures still there.
  await page.goto("/inception?c=99999&b3=x");
  await waitForApp(page);
  await expect(page.locator('[data-testid="url-notes"]')).toContainText("c");
  expect(Number(await figure(page, "naive-macs"))).toBeGreaterThan(0);
  await expect(page).toHaveURL(/c=1024/);
  w.check();
});

test("resnet: He et al. Fig. 3's three figures, and the compare view", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/resnet");
  await waitForApp(page);
  expect(await figure(page, "vgg19-macs")).toBe("19632062464");
  expect(await figure(page, "plain34-macs")).toBe("3644493824");
  expect(await figure(page, "resnet34-macs")).toBe("3644493824");
  expect(await figure(page, "resnet34-b-macs")).toBe("3663761408");
  await expect(page.locator('[data-testid="vgg19-macs"]')).toHaveText("19.6 G");
  await expect(page.locator('[data-testid="flops-chart"]')).toBeVisible();
  await shot(page, `${info.project.name}-resnet`);
  await page.locator('[data-testid="compare-3"]').selectOption("resnet152");
  await expect(page).toHaveURL(/c=resnet152/);
  await expect(page.locator(".arch-section table")).toContainText("11,282,415,616");
  w.check();
});

test("imagenet: the winners by year with sources", async ({ page }, info) => {
  const w = watchErrors(page);
  await page.goto("/imagenet");
  await waitForApp(page);
  await expect(page.locator('[data-testid="imagenet-chart"]')).toBeVisible();
  const years = await page.locator('[data-testid="ilsvrc-row"]').evaluateAll((rs) => rs.map((r) => r.dataset.year));
  expect(years).toEqual(["2010", "2011", "2012", "2013", "2014", "2014", "2015"]);
  await expect(page.locator('[data-testid="ilsvrc-row"]').nth(6)).toContainText("He et al. 2016");
  await shot(page, `${info.project.name}-imagenet`);
  w.check();
});

test("the table downloads as CSV and the diagram as SVG", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/resnet18");
  await waitForApp(page);
  const [csv] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-csv"]').click()]);
  expect(csv.suggestedFilename()).toBe("resnet18-layers.csv");
  const text = await (await csv.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  expect(text.split("\n")[0]).toBe("path,kind,detail,group,input,output,params,fixed_params,macs,connections,rf,jump");
  expect(text).toContain("conv1,conv,\"7x7 conv, 64, /2, pad 3\"");
  const tools = page.getByRole("toolbar", { name: "Diagram tools" });
  const [svg] = await Promise.all([page.waitForEvent("download"), tools.getByTestId("export-svg").click()]);
  expect(svg.suggestedFilename()).toMatch(/^cnn-lab_.+_layer-diagram(_.+)?\.svg$/);
  const body = await (await svg.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  expect(body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // Standalone: the computed colours are written into every element, with title and credit.
  expect(body).toMatch(/style="[^"]*fill:/);
  expect(body).toContain("layer diagram");
  expect(body).toContain("CNN Lab: computed in the browser");
  const [png] = await Promise.all([page.waitForEvent("download"), tools.getByTestId("export-png").click()]);
  expect(png.suggestedFilename()).toMatch(/^cnn-lab_.+_layer-diagram(_.+)?\.png$/);
  w.check();
});

test("the diagram zooms with its buttons and keys, and the zoom is in the URL", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/alexnet");
  await waitForApp(page);
  const width = () => page.locator("#arch-diagram-svg").evaluate((s) => s.getBoundingClientRect().width);
  const before = await width();
  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect(page.locator('[data-testid="diagram-zoom"]')).toHaveText("125%");
  expect(await width()).toBeGreaterThan(before * 1.2);
  await page.locator('[data-testid="arch-diagram"]').focus();
  await page.keyboard.press("+");
  await expect(page).toHaveURL(/zoom=150/);
  await page.keyboard.press("0");
  await expect(page.locator('[data-testid="diagram-zoom"]')).toHaveText("100%");
  w.check();
});

test("an architecture page links to the compare view with itself selected", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/vgg16");
  await waitForApp(page);
  await page.getByRole("link", { name: "Compare VGG-16 with other networks side by side" }).click();
  await expect(page).toHaveURL(/\/resnet\?a=vgg16/);
  await expect(page.locator('[data-testid="compare-1"]')).toHaveValue("vgg16");
  await expect(page.locator("#compare table")).toContainText("15,470,264,320");
  w.check();
});

test("the network picker goes from one network to another", async ({ page }) => {
  const w = watchErrors(page);
  await page.goto("/architectures/vgg16?row=3");
  await waitForApp(page);
  await page.locator(".net-chip", { hasText: "ResNet-18" }).click();
  await expect(page).toHaveURL(/\/architectures\/resnet18/);
  await expect(page.locator('[data-testid="net-name"]')).toHaveText("ResNet-18");
  expect(await figure(page, "total-params")).toBe("11689512");
  w.check();
});

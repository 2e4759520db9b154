// One app, one router: every navigation between routes (links, Back, Forward, another query of
// the same lesson) stays in the page (the same wasm instance, no second download), and every
// page's work (downloads, training workers, frame loops) ends with the page.
import { expect, test } from "@playwright/test";
import { waitForApp, watchErrors } from "./helpers.js";

/** Records the wasm instance's memory (Trunk's start event) and every Web Worker: when it was
 * terminated and any message that reached the page after that. */
async function instrument(page) {
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (e) => { window.__wasm = e.detail.wasm; });
    window.__workers = [];
    const Real = window.Worker;
    window.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        const w = { terminated: false, late: 0 };
        window.__workers.push(w);
        this.addEventListener("message", () => { if (w.terminated) w.late += 1; });
        this.__record = w;
      }
      terminate() {
        this.__record.terminated = true;
        super.terminate();
      }
    };
  });
}

/** Counts document loads and wasm downloads after the first load. */
function watchLoads(page) {
  const loads = [];
  page.on("request", (r) => {
    const url = r.url();
    if (r.isNavigationRequest() || url.endsWith(".wasm") || /cnn-lab-[0-9a-f]+\.js$/.test(url)) {
      loads.push(url);
    }
  });
  return loads;
}

/** Clicks an in-app link to `href` (a real anchor of the page, or one added for the test). */
async function follow(page, href) {
  const existing = page.locator(`main a[href="${href}"], header a[href="${href}"]`).first();
  if (await existing.count()) {
    await existing.click();
  } else {
    await page.evaluate((h) => {
      document.getElementById("nav-test-link")?.remove();
      const a = document.createElement("a");
      a.href = h;
      a.textContent = "test link";
      a.id = "nav-test-link";
      document.querySelector("main").prepend(a);
    }, href);
    await page.locator("#nav-test-link").click();
  }
}

async function at(page, lesson) {
  if (lesson === "/") {
    await expect(page.locator("section.home")).toBeVisible();
  } else {
    await expect(page.locator(`article.lesson[data-lesson="${lesson}"]`)).toBeVisible();
  }
  await expect(page.locator("#panic-panel")).toHaveCount(0);
}

test("30 mixed navigations stay in one wasm instance, with no second download", async ({ page }) => {
  const { check } = watchErrors(page);
  await page.goto("/");
  await waitForApp(page);
  await page.evaluate(() => { window.__marker = "first-load"; });
  const loads = watchLoads(page);
  const started = Date.now();
  // [action, argument, lesson shown afterwards]
  const steps = [
    ["link", "/connectivity", "/connectivity"],
    ["link", "/train", "/train"],
    ["back", null, "/connectivity"],
    ["forward", null, "/train"],
    ["link", "/receptive-field?layers=3", "/receptive-field"],
    ["link", "/connectivity?n=12", "/connectivity"],
    ["link", "/connectivity?n=20", "/connectivity"],
    ["back", null, "/connectivity"],
    ["back", null, "/receptive-field"],
    ["forward", null, "/connectivity"],
    ["link", "/architectures/vgg16", "/architectures/vgg16"],
    ["link", "/architectures/vgg19", "/architectures/vgg16"],
    ["link", "/resnet", "/resnet"],
    ["back", null, "/architectures/vgg16"],
    ["link", "/degradation", "/degradation"],
    ["link", "/vanishing-gradients", "/vanishing-gradients"],
    ["back", null, "/degradation"],
    ["back", null, "/architectures/vgg16"],
    ["forward", null, "/degradation"],
    ["link", "/train?data=fashion", "/train"],
    ["link", "/train?data=mnist", "/train"],
    ["back", null, "/train"],
    ["link", "/pooling", "/pooling"],
    ["link", "/", "/"],
    ["back", null, "/pooling"],
    ["link", "/inception", "/inception"],
    ["link", "/seagull", "/seagull"],
    ["back", null, "/inception"],
    ["forward", null, "/seagull"],
    ["link", "/bench", "/bench"],
  ];
  expect(steps.length).toBe(30);
  for (const [action, arg, lesson] of steps) {
    if (action === "link") await follow(page, arg);
    else if (action === "back") await page.goBack({ waitUntil: "commit" });
    else await page.goForward({ waitUntil: "commit" });
    await at(page, lesson);
    expect(await page.evaluate(() => window.__marker), `${action} ${arg ?? ""}`).toBe("first-load");
  }
  const ms = (Date.now() - started) / steps.length;
  console.log(`NAV 30 navigations, ${ms.toFixed(0)} ms each on average (with the checks)`);
  expect(loads, loads.join("\n")).toEqual([]);
  check();
});

test("timing: an in-app link between two lessons against a full page load of the same lesson", async ({ page }) => {
  const { check } = watchErrors(page);
  // For full loads: when the lesson first appears, in ms since the navigation started.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector("article.lesson")) {
        window.__lessonAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto("/connectivity");
  await waitForApp(page);
  const inApp = [];
  const full = [];
  for (let i = 0; i < 5; i++) {
    const target = i % 2 === 0 ? "/receptive-field" : "/connectivity";
    // In the page: click a link to `target`, then wait frame by frame for its lesson.
    const ms = await page.evaluate(async (t) => {
      const a = document.createElement("a");
      a.href = t;
      document.querySelector("main").prepend(a);
      const t0 = performance.now();
      a.click();
      while (!document.querySelector(`article.lesson[data-lesson="${t}"]`)) {
        await new Promise((r) => requestAnimationFrame(r));
      }
      a.remove();
      return performance.now() - t0;
    }, target);
    inApp.push(ms);
    await page.goto(target);
    await at(page, target);
    full.push(await page.evaluate(() => window.__lessonAt));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`NAV in-app link ${median(inApp).toFixed(0)} ms (median of 5), full page load ` +
    `${median(full).toFixed(0)} ms to the lesson`);
  expect(inApp.every((x) => x > 0) && full.every((x) => x > 0)).toBe(true);
  check();
});

test("a link to another query of the same lesson shows that state; Back restores the first", async ({ page }) => {
  const { check } = watchErrors(page);
  await page.goto("/connectivity?n=12");
  await waitForApp(page);
  await page.evaluate(() => { window.__marker = "kept"; });
  const before = await page.locator("article.lesson").getAttribute("data-mount");
  // The link's query is already in canonical form, so the new page writes nothing back: Back must
  // still rebuild the page from the first query.
  await follow(page, "/connectivity?n=20&k=3&s=1&p=1&xi=0&sj=0");
  await expect.poll(() => page.locator("article.lesson").getAttribute("data-mount")).not.toBe(before);
  const n = () => new URL(page.url()).searchParams.get("n");
  expect(n()).toBe("20");
  await expect(page.locator('[data-testid="dense-arrows"]')).toHaveAttribute("data-value", String(20 * 20));
  await page.goBack();
  await expect.poll(n).toBe("12");
  await expect(page.locator('[data-testid="dense-arrows"]')).toHaveAttribute("data-value", String(12 * 12));
  expect(await page.evaluate(() => window.__marker)).toBe("kept");
  check();
});

test("a bad query reached by a link is corrected without losing the page it came from", async ({ page }) => {
  const { check } = watchErrors(page);
  await page.goto("/");
  await waitForApp(page);
  await follow(page, "/connectivity?n=99999");
  await at(page, "/connectivity");
  await expect(page.locator(".url-notes, [data-testid=url-notes]").first()).toBeVisible();
  await page.goBack();
  await at(page, "/");
  check();
});

test("leaving /train mid-download and mid-training 20 times: no error, every worker ends, memory flat", async ({ page }) => {
  test.setTimeout(240_000);
  const { check } = watchErrors(page);
  await instrument(page);
  await page.goto("/connectivity");
  await waitForApp(page);
  const memory = [];
  for (let cycle = 1; cycle <= 20; cycle++) {
    await follow(page, "/train");
    await at(page, "/train");
    if (cycle % 2 === 0) {
      // Mid-training: wait until the worker trains, then leave.
      await page.locator('[data-testid="train-start"]').click({ timeout: 60_000 });
      await expect.poll(() => page.locator('[data-testid="images-seen"]').getAttribute("data-value"),
        { timeout: 60_000 }).not.toBe("0");
    } else {
      // Mid-download: leave as soon as the page is there.
      await page.waitForTimeout(150 + 40 * cycle);
    }
    await page.goBack();
    await at(page, "/connectivity");
    if (cycle === 5 || cycle === 20) {
      await page.waitForTimeout(500);
      // A full garbage collection first (DevTools protocol), then the live JS heap and the
      // wasm instance's linear memory.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      await cdp.detach();
      const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
      memory.push({ wasm, js: usedSize });
    }
  }
  // Messages already on their way when a page ends are dropped by the browser once the worker
  // is terminated: give them time to arrive if they were not.
  await page.waitForTimeout(1000);
  const workers = await page.evaluate(() => window.__workers);
  expect(workers.length).toBeGreaterThanOrEqual(20);
  expect(workers.filter((w) => !w.terminated), "workers left running").toEqual([]);
  expect(workers.reduce((s, w) => s + w.late, 0), "messages after a worker ended").toBe(0);
  const [at5, at20] = memory;
  console.log(`LIFETIME wasm ${at5.wasm} -> ${at20.wasm} bytes, JS heap ${at5.js} -> ${at20.js} bytes`);
  expect(at5.wasm, "the wasm instance's memory was read").toBeGreaterThan(0);
  expect(at20.wasm).toBeLessThanOrEqual(at5.wasm * 1.1);
  expect(at20.js).toBeLessThanOrEqual(at5.js * 1.1);
  check();
});

for (const [route, start, progress] of [
  ["/degradation", "degradation-start", "degradation-progress"],
  ["/vanishing-gradients", "heat-start", "heat-status"],
]) {
  test(`leaving ${route} mid-run 10 times ends its run cleanly`, async ({ page }) => {
    test.setTimeout(120_000);
    const { check } = watchErrors(page);
    await page.goto("/connectivity");
    await waitForApp(page);
    for (let cycle = 1; cycle <= 10; cycle++) {
      await follow(page, route);
      await at(page, route);
      await page.locator(`[data-testid="${start}"]`).click();
      if (cycle % 2 === 0) {
        await expect(page.locator(`[data-testid="${progress}"]`)).not.toHaveText("", { timeout: 30_000 });
      }
      await page.goBack();
      await at(page, "/connectivity");
    }
    await page.waitForTimeout(500);
    check();
  });
}

// Before any test: one Chromium loads the app once and waits (up to two minutes) until it has
// started. A fresh machine's first browser launch (font and disk caches, the first wasm compile)
// can take far longer than any later one; paid here, it is not charged to the first tests' own
// timeouts. Prints how long the first start took.
import { chromium } from "@playwright/test";
import config from "./playwright.config.js";

export default async function globalSetup() {
  const base = config.use.baseURL;
  const t0 = Date.now();
  const browser = await chromium.launch(config.use.launchOptions);
  try {
    const page = await browser.newPage();
    for (const route of ["/", "/train"]) {
      const t = Date.now();
      // (The static server may still be starting: retry the first request for a minute.)
      for (let tries = 0; ; tries++) {
        try { await page.goto(base + route); break; } catch (e) {
          if (tries > 60) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      await page.waitForSelector("main", { timeout: 120_000 });
      console.log(`warm-up: ${route} started in ${Date.now() - t} ms`);
    }
  } finally {
    await browser.close();
  }
  console.log(`warm-up: first browser launch and two app starts took ${Date.now() - t0} ms`);
}

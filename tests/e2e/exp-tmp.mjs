import { chromium } from "@playwright/test";
import fs from "node:fs";
const base = "http://127.0.0.1:8190";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new","--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
const grab = async (route, sel, out) => {
  await page.goto(base + route); await page.waitForSelector("main"); await page.waitForTimeout(2500);
  const fig = page.locator(sel).first();
  for (const kind of ["svg", "png"]) {
    const [d] = await Promise.all([page.waitForEvent("download"), fig.getByTestId("export-" + kind).click()]);
    await d.saveAs(`/tmp/repro/${out}.${kind}`); console.log(out, kind, d.suggestedFilename());
  }
};
await grab("/vanishing-gradients", '.figure:has(canvas[data-testid="chain-chart"])', "chain");
await grab("/resnet", '.figure[data-figure="residual block"]', "block");
await grab("/connectivity", '.figure:has(svg.net)', "net");
const p2 = await browser.newPage({ viewport: { width: 900, height: 700 } });
for (const n of ["chain", "block", "net"]) {
  await p2.goto("file:///tmp/repro/" + n + ".svg"); await p2.screenshot({ path: `/tmp/repro/${n}-svg-render.png`, fullPage: true });
}
await browser.close();

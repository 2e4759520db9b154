// A fresh headless Chromium (Debian's, a new profile, the peer harness's flags) for the
// benchmark scripts (`make bench`, `make soak`, `make train-targets`). `close()` also deletes the
// profile folder.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export async function freshChromium(tag) {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), `cnn-lab-${tag}-`));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
      "--no-default-browser-check", "--disable-component-update", "--disable-sync", "--disable-default-apps",
      "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows"],
  });
  const close = async () => {
    await ctx.close().catch(() => {});
    fs.rmSync(udd, { recursive: true, force: true });
  };
  return { ctx, close };
}

// `make bench`: runs /bench?autorun=1 of the release build in a fresh headless Chromium (Debian's,
// new profile, the peer harness's flags) and prints the peers' `RESULT {...}` line.
// Usage: node bench-run.mjs <base-url> [round]
import { freshChromium } from "./fresh-chromium.mjs";
import os from "node:os";

const base = process.argv[2] || "http://127.0.0.1:8090";
const round = Number(process.argv[3] || 0);
const { ctx, close } = await freshChromium("bench");
try {
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on("pageerror", (e) => process.stderr.write(`pageerror: ${e.message}\n`));
  await page.goto(`${base}/bench?autorun=1`);
  const pre = page.locator('[data-testid="bench-result"]');
  await pre.waitFor({ timeout: 15 * 60 * 1000 });
  const line = (await pre.textContent()).trim();
  const json = JSON.parse(line.replace(/^RESULT /, ""));
  json.envVersion = ctx.browser()?.version() || json.envVersion;
  Object.assign(json, { round, loadavg: os.loadavg(), ts: new Date().toISOString() });
  process.stdout.write(`RESULT ${JSON.stringify(json)}\n`);
} finally {
  await close();
}

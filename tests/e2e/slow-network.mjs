// `make slow-network`: a lesson's first load on a slow network, as a student on a lecture hall's
// Wi-Fi gets it. Serves a build with gzip (as a static host does), then for each route loads it
// in a fresh headless Chromium with Chromium's own emulation (1.6 Mbps down, 750 kbps up, 150 ms
// round trip, CPU 4x slower) and prints the time to the lesson's words (the start-up page), to
// the first interactive control of the running app, and the bytes that crossed the network.
// Usage: node slow-network.mjs <dist> [route ...]   (default routes: /connectivity /train)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { freshChromium } from "./fresh-chromium.mjs";

const dist = path.resolve(process.argv[2] || "../../dist");
const routes = process.argv.slice(3).length ? process.argv.slice(3) : ["/connectivity", "/train"];
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" };
const gz = new Map();
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = path.join(dist, url);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!file.startsWith(dist) || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  const type = types[path.extname(file)] || "application/octet-stream";
  const headers = { "content-type": type, "cache-control": "no-store" };
  let body = fs.readFileSync(file);
  if (/gzip/.test(req.headers["accept-encoding"] || "") && /html|javascript|wasm|css|svg|json/.test(type)) {
    if (!gz.has(file)) gz.set(file, zlib.gzipSync(body, { level: 9 }));
    body = gz.get(file);
    headers["content-encoding"] = "gzip";
  }
  headers["content-length"] = body.length;
  res.writeHead(200, headers);
  res.end(body);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

try {
  for (const route of routes) {
    const { ctx, close } = await freshChromium("slow-network");
    try {
      const page = ctx.pages()[0] || (await ctx.newPage());
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      let bytes = 0;
      cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
      const t0 = Date.now();
      await page.goto(base + route, { waitUntil: "commit", timeout: 120_000 });
      await page.locator("#boot .boot-title, main").first().waitFor({ timeout: 120_000 });
      const words = Date.now() - t0;
      await page.locator("main :is(button, input, select):not([disabled])").first().waitFor({ timeout: 120_000 });
      const interactive = Date.now() - t0;
      console.log(`SLOW route=${route} lesson-text-ms=${words} interactive-ms=${interactive} bytes=${bytes} (1.6 Mbps, 150 ms RTT, CPU 4x)`);
    } finally {
      await close();
    }
  }
} finally {
  server.close();
}

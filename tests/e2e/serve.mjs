// Static file servers for the end-to-end tests (127.0.0.1 only):
//  :8090  dist/      at /            with an index.html fallback (like `trunk serve`)
//  :8091  dist-sub/  at /course/cnn/ with NO fallback: a plain static host
//  :8093  dist/      at /            again, with a test-only switch (specs/offline.spec.js): GET
//         /__e2e/next-build makes it serve sw.js as if a new build were deployed (its VERSION +
//         "-next"); /__e2e/reset-build undoes it. A port of its own: the tests that run beside it
//         (two Playwright workers) never see the "new build".
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json",
  ".png": "image/png", ".jpg": "image/jpeg", ".bin": "application/octet-stream", ".md": "text/markdown",
  ".txt": "text/plain", ".gz": "application/gzip", ".ico": "image/x-icon", ".webmanifest": "application/manifest+json",
};

let nextBuild = false;

function serve(port, dir, prefix, fallback, switches = false) {
  http.createServer((req, res) => {
    let url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (switches && (url === "/__e2e/next-build" || url === "/__e2e/reset-build")) {
      nextBuild = url === "/__e2e/next-build";
      res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" });
      return res.end(nextBuild ? "next" : "reset");
    }
    if (!url.startsWith(prefix)) { res.writeHead(404); return res.end("not found"); }
    let rel = url.slice(prefix.length);
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      if (!fallback) { res.writeHead(404, { "content-type": "text/plain" }); return res.end("not found"); }
      file = path.join(dir, "index.html");
    }
    // Like a real static host: the build's content-hashed files (name-<16 hex>.ext) never change,
    // so the browser may keep them (and V8 its compiled wasm); everything else is revalidated.
    const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg)$/.test(file);
    const headers = {
      "content-type": types[path.extname(file)] || "application/octet-stream",
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-store",
    };
    if (switches && nextBuild && rel === "sw.js") {
      const sw = fs.readFileSync(file, "utf8").replace(/const VERSION = "([^"]*)";/, 'const VERSION = "$1-next";');
      res.writeHead(200, headers);
      return res.end(sw);
    }
    // With its length, as static hosts send it: without one, two frames fetching the same large
    // file at once (two lessons embedded in one course page) made Chromium's HTTP cache abort
    // one of them (net::ERR_CACHE_WRITE_FAILURE).
    headers["content-length"] = fs.statSync(file).size;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  }).listen(port, "127.0.0.1");
}

const port = Number(process.env.E2E_PORT || 8090);
const dist = path.resolve(root, process.env.E2E_DIST || "dist");
const distSub = path.resolve(root, process.env.E2E_DIST_SUB || "dist-sub");
serve(port, dist, "/", true);
serve(port + 1, distSub, "/course/cnn/", false);
serve(port + 3, dist, "/", true, true);
// A course site on another origin (port + 2) that embeds lessons (specs/embed.spec.js).
http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  fs.createReadStream(path.join(root, "tests/e2e/host.html")).pipe(res);
}).listen(port + 2, "127.0.0.1");
console.log(`serving ${dist} on :${port} and ${distSub} on :${port + 1}/course/cnn/`);

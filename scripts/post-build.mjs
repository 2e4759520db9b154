// Trunk post_build hook (Trunk.toml): runs on every `trunk build` and `trunk serve` build, in the
// staging folder, before it becomes dist/.
//  1. Content-Security-Policy: computes the sha256 of every inline <script> Trunk wrote into
//     index.html and fills them into the CSP <meta> (so `script-src` needs no 'unsafe-inline').
//  2. Service worker: writes sw.js with the list of app-shell files to precache and a version
//     that changes with them, so a new build replaces the old cache cleanly.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run by Trunk only)");
  process.exit(1);
}
const indexPath = path.join(staging, "index.html");
let html = fs.readFileSync(indexPath, "utf8");

// 1. CSP hashes of inline scripts.
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  if (!m[1].trim()) continue;
  hashes.push(`'sha256-${crypto.createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
if (!html.includes("__CSP_SCRIPT_HASHES__")) {
  console.error("post-build: index.html has no __CSP_SCRIPT_HASHES__ placeholder in its CSP meta");
  process.exit(1);
}
html = html.replace("__CSP_SCRIPT_HASHES__", hashes.join(" "));
fs.writeFileSync(indexPath, html);

// 2. Service worker.
function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}
const files = walk(staging)
  .map((p) => path.relative(staging, p).split(path.sep).join("/"))
  // Big data is cached when first fetched (runtime), not precached.
  .filter((f) => !f.startsWith("assets/mnist/") && !f.startsWith("assets/fashion-mnist/") && f !== "sw.js")
  .sort();
const version = crypto
  .createHash("sha256")
  .update(files.map((f) => f + ":" + fs.statSync(path.join(staging, f)).size).join("\n") + html)
  .digest("hex")
  .slice(0, 16);
const template = fs.readFileSync(path.join(process.cwd(), "scripts/sw.template.js"), "utf8");
const sw = template
  .replace("__VERSION__", version)
  .replace("__PRECACHE__", JSON.stringify(["./", ...files.filter((f) => f !== "index.html")]));
fs.writeFileSync(path.join(staging, "sw.js"), sw);
console.log(`post-build: CSP with ${hashes.length} script hash(es); sw.js v${version} precaches ${files.length} files`);

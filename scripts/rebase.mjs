// node scripts/rebase.mjs DIST OUT PREFIX
//
// Copies a release build made for the site root (`trunk build --public-url /`) into OUT, served
// under PREFIX (e.g. /course/cnn/), without compiling anything again: the wasm, JS, CSS and assets
// are byte-identical; only index.html (and its copies at every route and 404.html) change:
//   - `<base href="/">` becomes `<base href="PREFIX">` (the app reads its base path from it);
//   - every root-absolute reference to a file of the build ("/cnn-lab-….js", '/favicon-….svg')
//     gets the prefix, in attributes and in the inline module script alike;
//   - the Content-Security-Policy's sha256 hashes are recomputed for the rewritten inline scripts.
// Fails loudly when any of that does not find what it expects, so a Trunk upgrade that changes
// its output cannot silently produce a broken sub-path copy.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const [dist, out, prefixArg] = process.argv.slice(2);
if (!dist || !out || !prefixArg) {
  console.error("usage: node scripts/rebase.mjs DIST OUT PREFIX   (PREFIX like /course/cnn/)");
  process.exit(2);
}
const prefix = prefixArg.replace(/^\/*/, "/").replace(/\/*$/, "/");
const fail = (msg) => {
  console.error(`rebase: ${msg}`);
  process.exit(1);
};
if (!fs.existsSync(path.join(dist, "index.html"))) fail(`${dist}/index.html not found: build first`);

fs.rmSync(out, { recursive: true, force: true });
fs.cpSync(dist, out, { recursive: true });

// Every page (index.html, its copies at the routes, 404.html) gets the same three changes; the
// copies differ only in their start-up words.
const entries = fs.readdirSync(dist).filter((e) => e !== "index.html" && e !== "404.html");
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const base = /<base href="\/"\s*\/?>/;
const csp = /'sha256-[A-Za-z0-9+/=]+'(?: 'sha256-[A-Za-z0-9+/=]+')*/;
let rewritten = 0;
let hashes = [];
function rebase(html, name) {
  // 1. The base element.
  if (!base.test(html)) fail(`no <base href="/"> in ${name}: was DIST built with --public-url / ?`);
  html = html.replace(base, `<base href="${prefix}"/>`);
  // 2. Root-absolute references to the build's own top-level files and folders.
  let n = 0;
  for (const e of entries) {
    const re = new RegExp(`(["'(])/${escape(e)}(?=[/"')?#])`, "g");
    html = html.replace(re, (_, q) => {
      n += 1;
      return `${q}${prefix}${e}`;
    });
  }
  if (n === 0) fail(`found no root-absolute file reference to rewrite in ${name}`);
  const leftover = html
    .match(/(?:href|src)="\/(?!\/)[^"]*"/g)
    ?.filter((ref) => !ref.includes(`"${prefix}`));
  if (leftover?.length) fail(`root-absolute references left in ${name}: ${leftover.join(", ")}`);
  // 3. CSP hashes of the inline scripts, recomputed.
  hashes = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    if (!m[1].trim()) continue;
    hashes.push(`'sha256-${crypto.createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
  }
  if (hashes.length > 0 && !csp.test(html)) fail(`inline scripts but no sha256 list in the CSP meta of ${name}`);
  if (hashes.length > 0) html = html.replace(csp, hashes.join(" "));
  rewritten = n;
  return html;
}

// 4. Every page in OUT.
let copies = 0;
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name === "index.html" || e.name === "404.html") {
      fs.writeFileSync(p, rebase(fs.readFileSync(p, "utf8"), path.relative(out, p)));
      if (p !== path.join(out, "index.html")) copies += 1;
    }
  }
};
walk(out);
console.log(`rebase: ${out}/ serves under ${prefix}: ${rewritten} references, ${hashes.length} CSP hash(es), ${copies} page copies`);

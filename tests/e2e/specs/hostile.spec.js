import { test, expect } from "@playwright/test";
import { waitForApp, routeTable } from "./helpers.js";

// Every public parameter name of every route, plus the shell's.
const NAMES = ["n", "k", "s", "p", "d", "unit", "shift", "seed", "w", "mode", "values", "x", "y", "image",
  "kernel", "pool", "net", "h", "c", "b1", "b3r", "b3", "b5r", "b5", "pp", "depth", "act", "residual", "lr",
  "batch", "optimizer", "dy", "gull", "pool_stride", "model", "width", "init", "depths", "embed", "present",
  "step", "theme", "autorun", "data", "row", "zoom", "reveal", "d1", "d2", "m", "a", "b", "build", "workers"];
const VALUES = ["", "0", "1", "-1", "2", "3", "7", "64", "65", "1000", "-99999", "99999999999999999999",
  "1e308", "-1e308", "1e-320", "NaN", "nan", "Infinity", "-Infinity", "0x10", "3.5", "1,2,3", "3,3,3,3,3,3,3,3,3,3",
  ",,,", "max", "avg", "relu", "sigmoid", "tanh", "adam", "sgd", "a", "b", "c", "vgg19", "🐦", "%F0%9F%90%A6", "%",
  "%zz", "%00", "<script>alert(1)</script>", "'\"", "../../etc", "x".repeat(3000), " 5 ", "+5", "true", "on", "fashion", "mnist"];

/** Seeded xorshift32: the same generator as the native sweep (tests/state_sweep.rs). */
function xorshift(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

export function queries(count, seed) {
  const next = xorshift(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const parts = [];
    const n = next() % 8;
    for (let j = 0; j < n; j++) {
      const name = NAMES[next() % NAMES.length];
      const value = VALUES[next() % VALUES.length];
      const enc = next() % 3 === 0 ? value : encodeURIComponent(value);
      parts.push(next() % 11 === 0 ? name : `${name}=${enc}`);
    }
    if (next() % 17 === 0) parts.push("&&=&");
    out.push(parts.join("&"));
  }
  return out;
}

/**
 * The fixed corpus, tried on every route in every run: every public name at once set to each of
 * the nastiest values (non-numbers, overflow, denormals, bad escapes, markup, emoji, 3,000
 * characters, lists where a number belongs), plus malformed query syntax and repeated keys.
 */
export const CORPUS = [
  "",
  ...["NaN", "-1", "0", "1e308", "-Infinity", "1e-320", "99999999999999999999", "0x10", "3.5", "%zz", "%00",
    "<script>alert(1)</script>", "%F0%9F%90%A6", "1,2,3", ",,,"]
    .map((v) => NAMES.filter((n) => n !== "embed" && n !== "present").map((n) => `${n}=${v}`).join("&")),
  // 3,000 characters in one parameter at a time (every name at once would exceed the 8 KB request
  // line that static hosts accept, and test the host rather than the app).
  ...["n", "seed", "values", "net", "depths", "lr", "image"].map((n) => `${n}=${"x".repeat(3000)}`),
  "&&=&", "%", "=5", "n", "n=3&n=99999&n=-1", "values=" + "9,".repeat(2000), "embed=1&present=1&theme=%zz",
  "present=1&step=-99999", "present=1&step=99999999999999999999",
];

// A random sample on top of the corpus, from a seed that changes every run and is printed:
// `SWEEP_SEED=<seed>` reproduces a failure. `make sweep` sets HOSTILE_PER_ROUTE=200 (the full sweep).
const PER_ROUTE = Number(process.env.HOSTILE_PER_ROUTE || 8);
const SEED = Number(process.env.SWEEP_SEED || Math.floor(Math.random() * 2 ** 31) + 1);

// Full page loads made in one browser context before it is replaced by a fresh one. Each load
// instantiates the app's wasm (and /train's worker its own, with MNIST in it); the old instances
// wait for V8's garbage collector, and on a fast machine hundreds of loads in one renderer ran out
// of wasm memory reservations ("Out of memory: Cannot allocate Wasm memory for new instance").
// A student reloads a page a few times, not 200 times a minute: a fresh context per route and
// every LOADS_PER_CONTEXT full loads keeps the sweep about the app, not about the collector.
const LOADS_PER_CONTEXT = 20;

// The routes are dealt into SHARDS tests that run in parallel (route i goes to shard i % SHARDS);
// every route still gets the whole corpus and its own sample.
const SHARDS = Number(process.env.HOSTILE_SHARDS || 4);
test.describe.configure({ mode: "parallel" });

for (let shard = 0; shard < SHARDS; shard++) test(`every route survives the hostile corpus and a random sample of query strings (routes ${shard} mod ${SHARDS})`, async ({ browser }, info) => {
  test.setTimeout((PER_ROUTE > 50 ? 50 : 10) * 60 * 1000);
  console.log(`hostile sweep: SWEEP_SEED=${SEED} HOSTILE_PER_ROUTE=${PER_ROUTE} (+${CORPUS.length} fixed per route)`);
  const errors = [];
  let context = null, page = null, loads = 0, contexts = 0;
  const fresh = async () => {
    if (context) await context.close();
    context = await browser.newContext({ baseURL: info.project.use.baseURL, viewport: info.project.use.viewport });
    page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    loads = 0;
    contexts++;
  };
  /** A full load of `url`, in a fresh context when this one has made enough. */
  const load = async (url) => {
    if (loads >= LOADS_PER_CONTEXT) await fresh();
    loads++;
    await page.goto(url);
    await waitForApp(page);
    // The URL the router started from, as the browser normalises it (for the re-mounts below;
    // home and /train are loaded afresh for every query string instead).
    if (["/", "/train"].includes(new URL(url, "http://x").pathname)) return;
    await page.evaluate((u) => {
      const t = new URL(u, location.href);
      window.__routerUrl = t.pathname + t.search;
    }, url);
  };
  await fresh();
  const routes = (await routeTable(page)).filter((r) => r !== "/bench");
  let tried = 0, noted = 0, pushed = "", mine = 0;
  for (const [ri, route] of routes.entries()) {
    if (ri % SHARDS !== shard) continue;
    mine++;
    await fresh();
    await load(route);
    for (const q of [...CORPUS, ...queries(PER_ROUTE, SEED + ri)]) {
      if (route === "/" || route === "/train") {
        // Home has no state of its own, and /train turns every history navigation into a real
        // page load (it owns a Web Worker): a full load per query string.
        await load(`${route}?${q}`);
        tried++;
        expect(errors, `${route}?${q}\n${errors.join("\n")}`).toEqual([]);
        continue;
      }
      // Re-mount the page from a new URL without a reload (the router re-renders on popstate).
      // The router re-renders when the URL differs from the last one *it* saw: the last URL
      // pushed here or loaded (a page's own replaceState writes, e.g. a normalised query, do not
      // reach it). Pushing that same URL again is no navigation, and the page rightly stays.
      const changed = await page.evaluate((url) => {
        window.__mount = document.querySelector("article.lesson")?.dataset.mount;
        window.__sameDocument = true;
        const target = new URL(url, location.href);
        const next = target.pathname + target.search;
        const seen = window.__routerUrl ?? next;
        window.__routerUrl = next;
        history.pushState(null, "", url);
        dispatchEvent(new PopStateEvent("popstate", { state: null }));
        return { changed: seen !== next, next };
      }, `${route}?${q}`).then((r) => { pushed = r.next; return r.changed; });
      // Wait until the page has really re-mounted from the new URL.
      let remounted = !changed;
      if (changed) {
        remounted = await page.waitForFunction(() => {
          const now = document.querySelector("article.lesson")?.dataset.mount;
          return (now && now !== window.__mount) || document.getElementById("panic-panel");
        }, null, { timeout: 3_000 }).then(() => true, () => false);
      }
      if (remounted && changed && !(await page.evaluate(() => window.__sameDocument === true))) {
        // The app loaded this URL for real (/train does, for its worker): a full load too,
        // and the new document's router started from the pushed URL.
        await page.evaluate((u) => { window.__routerUrl = u; }, pushed);
        loads++;
        if (loads >= LOADS_PER_CONTEXT) {
          await fresh();
          await load(`${route}?${q}`);
        }
      }
      // A page that does not re-mount from its new URL is a failure (it shows stale state).
      expect(remounted, `${route}?${q}: the page did not re-mount from the new URL`).toBe(true);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
        .catch((e) => { throw new Error(`${route}?${q} (changed ${changed}): ${e.message}`); });
      tried++;
      const state = await page.evaluate(() => ({
        panic: !!document.getElementById("panic-panel"),
        main: !!document.querySelector("main"),
        text: (document.querySelector("main")?.innerText || "").length,
        notes: !!document.querySelector('[data-testid="url-notes"]'),
      }));
      if (state.notes) noted++;
      expect(state.panic, `panic on ${route}?${q}`).toBe(false);
      expect(state.main && state.text > 20, `blank page on ${route}?${q}`).toBeTruthy();
      expect(errors, `${route}?${q}\n${errors.join("\n")}`).toEqual([]);
    }
  }
  console.log(`hostile sweep, shard ${shard}/${SHARDS}: ${mine} routes x (${CORPUS.length} fixed + ${PER_ROUTE} random, ` +
    `SWEEP_SEED=${SEED}) = ${tried} query strings, ${noted} showed an adjustment note ` +
    `(${contexts} browser contexts), 0 panics, 0 console errors`);
  await context.close();
});

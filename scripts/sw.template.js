// CNN Lab service worker (generated at build by scripts/post-build.mjs from this template).
// After the first visit the app works offline: the app shell is precached under a versioned
// cache. The data sets (MNIST, Fashion-MNIST) live in a cache of their own, DATA, kept across
// builds: the page's "Keep this lecture offline" control fills it, and a data file fetched
// online is added to it. A new build has a new VERSION: its install precaches the new files and
// activate deletes every older app cache.
const VERSION = "__VERSION__";
const CACHE = `cnn-lab-${VERSION}`;
const DATA = "cnn-lab-data";
const isData = (url) => /\/assets\/(mnist|fashion-mnist)\//.test(url.pathname);
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    // "no-store": the precache neither reads nor writes the browser's HTTP cache. A page that
    // loads while this runs fetches the same files; two writers of one HTTP cache entry make
    // Chromium abort one of them (net::ERR_CACHE_WRITE_FAILURE), and an aborted wasm download
    // means the app never starts.
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE.map((url) => new Request(url, { cache: "no-store" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("cnn-lab-") && k !== CACHE && k !== DATA).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Network first for pages (fresh deploys win); offline, any route gets the app shell.
    event.respondWith(
      fetch(req).catch(() =>
        caches.open(CACHE).then((c) => c.match(req, { ignoreSearch: true }).then((r) => r || c.match("./"))),
      ),
    );
    return;
  }
  // This build's files and the saved data first (exact match), then the network (keeping data
  // files and any of this build's files that were missed). Offline, a saved copy ignoring the
  // query: the page asks for `worker-loader.js?v=<build>` and the worker for
  // `worker_bg.wasm?v=<build>`, precached without it. (Online the query still reaches the
  // server, so a new deploy never pairs an old worker with a new page.)
  const saved = (opts) =>
    caches.open(CACHE).then((c) => c.match(req, opts).then((r) => r || caches.open(DATA).then((d) => d.match(req, opts))));
  event.respondWith(
    saved().then(
      (hit) =>
        hit ||
        fetch(req)
          .then((res) => {
            if (res.ok && res.type === "basic") {
              const keep = res.clone();
              caches.open(isData(url) ? DATA : CACHE).then((c) => c.put(req, keep));
            }
            return res;
          })
          .catch((err) => saved({ ignoreSearch: true }).then((r) => r || Promise.reject(err))),
    ),
  );
});

// CNN Lab service worker (generated at build by scripts/post-build.mjs from this template).
// After the first visit the app works offline: the app shell is precached under a versioned
// cache; MNIST shards and images are cached when first fetched. A new build has a new VERSION:
// its install precaches the new files and activate deletes every older cache.
const VERSION = "__VERSION__";
const CACHE = `cnn-lab-${VERSION}`;
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
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("cnn-lab-") && k !== CACHE).map((k) => caches.delete(k))))
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
  event.respondWith(
    caches.open(CACHE).then((c) =>
      c.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok && res.type === "basic") c.put(req, res.clone());
            return res;
          }),
      ),
    ),
  );
});

// CNN Lab service worker (generated at build by scripts/post-build.mjs from this template).
// After the first visit the app works offline: the app shell is precached under a versioned
// cache; MNIST shards and images are cached when first fetched. A new build has a new VERSION:
// its install precaches the new files and activate deletes every older cache.
const VERSION = "__VERSION__";
const CACHE = `cnn-lab-${VERSION}`;
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()),
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

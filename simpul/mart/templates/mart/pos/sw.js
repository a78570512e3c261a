/* The till's service worker (version {{ version }}): keeps the POS page and its static files, so the page opens
   and sells with the network cut. Sales never pass through here: pos.js keeps them in IndexedDB until the server
   has answered for each. */
"use strict";
const VERSION = "{{ version }}";
const CACHE = "simpul-pos-" + VERSION;
const PAGE = {{ page|safe }};
const FILES = {{ files|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([PAGE, ...FILES])).then(() => self.skipWaiting())
  );
});

// Files the till loads only when needed (the camera's zxing fallback, which scanner.js loads on the first tap): no
// page names them at install, so a new worker takes them over from the caches it replaces, and the camera keeps
// working offline after a deploy even before it is used online again.
const LAZY = ["/static/vendor/zxing/"];
const carryOver = async (from) => {
  const [old, cache] = await Promise.all([caches.open(from), caches.open(CACHE)]);
  for (const request of await old.keys()) {
    if (!LAZY.some((prefix) => new URL(request.url).pathname.startsWith(prefix))) continue;
    if (await cache.match(request)) continue;
    const kept = await old.match(request);
    if (kept) await cache.put(request, kept);
  }
};

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => keys.filter((k) => k.startsWith("simpul-pos-") && k !== CACHE))
      .then((old) => Promise.all(old.map((k) => carryOver(k).catch(() => undefined).then(() => caches.delete(k)))))
      .then(() => self.clients.claim())
  );
});

// The page tells its worker every file it loaded (base.html's styles and scripts as well as the till's own), and
// scanner.js names the zxing fallback once it has loaded it (the fetch handler below keeps it too).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => new URL(u, self.location.href).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined))))
    )
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) {
    // The page opens at once from the cache (a village network may take seconds, or never answer) and is refreshed
    // from the network behind it for the next opening; without a kept copy, the network serves it.
    const fresh = fetch(request).then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(PAGE, copy));
      }
      return response;
    });
    event.waitUntil(fresh.then(() => undefined, () => undefined));
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(PAGE)).then((hit) => hit || fresh)
    );
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    // Static files carry their content's hash in the name: the cached one is always right.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            })
        )
      )
    );
  }
});

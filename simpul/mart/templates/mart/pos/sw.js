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

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("simpul-pos-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// A busy server may fail one fetch: try once more a second later, then leave it to the next opening.
const keepOne = (cache, url) =>
  cache.add(url).catch(() => new Promise((wait) => setTimeout(wait, 1000)).then(() => cache.add(url)).catch(() => undefined));

// The page tells its worker every file it loaded (base.html's styles and scripts as well as the till's own).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => new URL(u, self.location.href).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || keepOne(cache, u))))
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

// Logging out on a shared phone (the form marked data-logout in base.html). The till (mart/pos/pos.js) keeps, per
// cooperative, an IndexedDB database "simpul-pos-<slug>": the outlet's products and members in its "snapshot" store
// and the sales not yet sent in its "sales" store (the outbox). On logout the snapshots are cleared, and so is the
// till page its service worker kept (the cashier's name is in it), so the next person on this phone sees none of it;
// the outbox is never touched. With sales waiting, the first tap says how many (they are sent the next time a
// cashier of that outlet opens the till) and the second tap logs out. Offline nothing is cleared: the logout cannot
// reach the server then, and the kasir still logged in must keep selling.
(() => {
  "use strict";
  const PREFIX = "simpul-pos-";
  const OUTLET_KEY = "simpul-pos-outlet-"; // pos.js remembers each cooperative's outlet under this prefix

  // The till's databases on this device; never creates one.
  const tillDatabases = async () => {
    const names = new Set();
    if (indexedDB.databases) {
      try {
        for (const found of await indexedDB.databases()) {
          if (found.name && found.name.startsWith(PREFIX)) names.add(found.name);
        }
      } catch (error) {
        // fall back to the cooperatives the till remembered
      }
    }
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(OUTLET_KEY)) names.add(PREFIX + key.slice(OUTLET_KEY.length));
    }
    return [...names];
  };

  // Clears one database's snapshot and answers how many sales wait in its outbox.
  const tidy = (name) =>
    new Promise((resolve) => {
      const request = indexedDB.open(name);
      request.onupgradeneeded = () => request.transaction.abort(); // no such database: create none
      request.onerror = (event) => {
        event.preventDefault();
        resolve(0);
      };
      request.onsuccess = () => {
        const db = request.result;
        const stores = ["snapshot", "sales"].filter((store) => db.objectStoreNames.contains(store));
        if (!stores.length) {
          db.close();
          return resolve(0);
        }
        let waiting = 0;
        const tx = db.transaction(stores, "readwrite");
        if (stores.includes("snapshot")) tx.objectStore("snapshot").clear();
        if (stores.includes("sales")) {
          const sales = tx.objectStore("sales");
          const count = sales.indexNames.contains("state") ? sales.index("state").count("pending") : sales.count();
          count.onsuccess = () => (waiting = count.result);
        }
        tx.oncomplete = () => {
          db.close();
          resolve(waiting);
        };
        tx.onabort = () => {
          db.close();
          resolve(0);
        };
      };
    });

  // The till pages the service workers kept (their static files stay: they hold nobody's data).
  const forgetTillPages = async () => {
    if (!window.caches) return;
    for (const key of await caches.keys()) {
      if (!key.startsWith(PREFIX)) continue;
      const cache = await caches.open(key);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.endsWith("/mart/kasir/")) await cache.delete(request);
      }
    }
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-logout")) return;
    if (form.dataset.cleared || !navigator.onLine || !window.indexedDB) return; // the second tap logs out
    event.preventDefault();
    const button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    let waiting = 0;
    try {
      const counts = await Promise.all((await tillDatabases()).map(tidy));
      waiting = counts.reduce((sum, count) => sum + count, 0);
      await forgetTillPages();
    } catch (error) {
      // a browser that refuses storage here has nothing of the till's either
    }
    form.dataset.cleared = "1";
    if (button) button.disabled = false;
    const warning = form.querySelector("[data-logout-warning]");
    if (waiting && warning) {
      warning.textContent = form.dataset.waiting.replace("{count}", String(waiting));
      warning.hidden = false;
      if (button) button.focus();
      return;
    }
    form.submit();
  });
})();

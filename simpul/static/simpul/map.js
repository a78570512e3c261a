// The Dinas map, drawn with Leaflet (vendor/leaflet, loaded when the map nears the screen) from data the page carries
// in json_script elements:
// <div data-map="<id of the points>" data-tiles="<id of the tile settings>">. Tiles are optional and off by default
// (SIMPUL_MAP_TILES_URL): without them the points stand on a plain background with the regions' names, so the map
// works in a village office with no internet. No inline script (the CSP forbids them).
(function () {
  "use strict";

  function json(id) {
    const element = id && document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(element) {
    if (typeof L === "undefined") return;
    const data = json(element.dataset.map) || { points: [], labels: [] };
    const tiles = json(element.dataset.tiles) || {};
    const map = L.map(element, { zoomSnap: 0.25, attributionControl: Boolean(tiles.url) });
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 18 }).addTo(map);
    }
    const bounds = [];
    data.labels.forEach((label) => {
      L.tooltip({ permanent: true, direction: "center", className: "region-label", interactive: false })
        .setLatLng([label.lat, label.lng])
        .setContent(label.name)
        .addTo(map);
      bounds.push([label.lat, label.lng]);
    });
    const one = element.dataset.labelOne || "";
    const many = element.dataset.labelMany || "";
    data.points.forEach((point) => {
      const marker = L.circleMarker([point.lat, point.lng], {
        radius: Math.min(6 + 3 * Math.sqrt(point.count), 18),
        color: "#991b1b",
        weight: 2,
        fillColor: "#dc2626",
        fillOpacity: 0.6,
      });
      const text = document.createElement("span");
      text.textContent = `${point.name}: ${point.count} ${point.count === 1 ? one : many}`;
      marker.bindTooltip(text);
      marker.addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 12);
    } else {
      map.setView([-2.5, 118], 4); // Indonesia
    }
    element.simpulMap = map;
  }

  // Leaflet (45 KB compressed) is fetched when the map comes near the screen, not with the page: on a phone the
  // map sits below the figures, and a reader who never scrolls to it never pays for it.
  let leaflet = null;
  function loadLeaflet(element) {
    if (typeof L !== "undefined") return Promise.resolve();
    if (!leaflet) {
      leaflet = new Promise((resolve, reject) => {
        const style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = element.dataset.leafletCss;
        document.head.appendChild(style);
        const script = document.createElement("script");
        script.src = element.dataset.leafletJs;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error("Leaflet did not load"));
        document.head.appendChild(script);
      });
    }
    return leaflet;
  }

  function drawWhenNear(element) {
    const show = () => loadLeaflet(element).then(() => draw(element));
    if (!("IntersectionObserver" in window)) {
      show();
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          show();
        }
      },
      { rootMargin: "300px 0px" },
    );
    observer.observe(element);
  }

  function drawAll() {
    document.querySelectorAll("[data-map]").forEach(drawWhenNear);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

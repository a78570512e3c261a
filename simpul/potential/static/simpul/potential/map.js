/* The potential map: Leaflet with no tile layer (nothing from the internet). The base layer is the child regions'
   boundaries (or a dashed circle at the centre of a region without one), filled by the chosen choropleth; each layer
   is a GeoJSON endpoint drawn as circle markers, toggled by its checkbox. */
(function () {
  "use strict";
  var box = document.getElementById("potential-map");
  if (!box || !window.L) return;
  var config = JSON.parse(document.getElementById(box.dataset.config).textContent);
  var map = L.map(box, { zoomControl: true, attributionControl: false, preferCanvas: false });
  map.setView([-2.5, 118], 4);
  var drawn = {};
  var base = null;
  var bounds = L.latLngBounds([]);
  var pending = 0;

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(props, link) {
    var html = "<strong>" + escape(props.name) + "</strong>";
    if (props.detail) html += "<br>" + escape(props.detail);
    if (props.value != null) html += "<br>" + escape(config.choroplethLabel || "") + ": " + escape(props.value);
    if (link) html += '<br><a href="' + encodeURI(link) + '">' + escape(box.dataset.more || "→") + "</a>";
    return html;
  }

  function fill(value, max) {
    if (value == null || !(max > 0)) return "#f3f4f6";
    var t = Math.min(parseFloat(value) / max, 1);
    var light = Math.round(92 - t * 50);
    return "hsl(12, 80%, " + light + "%)";
  }

  function settle() {
    pending -= 1;
    if (pending === 0) {
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 13 });
      box.dataset.loaded = "1";
    }
  }

  function get(url) {
    pending += 1;
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function loadBase() {
    var select = document.querySelector("[data-testid=map-choropleth]");
    var key = select ? select.value : "";
    get(config.regions + (key ? "?nilai=" + encodeURIComponent(key) : "")).then(function (data) {
      if (base) map.removeLayer(base);
      var info = data.choropleth;
      var max = info ? parseFloat(info.max) : 0;
      config.choroplethLabel = info ? info.label : "";
      document.querySelectorAll("[data-choropleth-label]").forEach(function (el) { el.textContent = config.choroplethLabel; });
      document.querySelectorAll("[data-choropleth-max]").forEach(function (el) { el.textContent = info ? info.max : "–"; });
      base = L.geoJSON(data, {
        style: function (f) {
          return { color: "#374151", weight: 1, fillColor: fill(f.properties.value, max), fillOpacity: 0.7, className: "region-shape" };
        },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {
            radius: 14, color: "#374151", weight: 1, dashArray: "3 3",
            fillColor: fill(f.properties.value, max), fillOpacity: 0.6, className: "region-centre"
          });
        },
        onEachFeature: function (f, layer) {
          layer.bindPopup(popup(f.properties, config.regionUrl.replace("__", f.properties.code)));
        }
      }).addTo(map);
      base.bringToBack();
      if (base.getBounds().isValid()) bounds.extend(base.getBounds());
      box.dataset.regions = String(data.features.length);
    }).catch(function () { box.dataset.error = "regions"; }).then(settle);
  }

  function loadLayer(layer) {
    get(layer.url).then(function (data) {
      var group = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          var size = Math.min(5 + Math.sqrt(f.properties.count || 1) * 2, 16);
          return L.circleMarker(latlng, {
            radius: size, color: layer.color, weight: 2, fillColor: layer.color, fillOpacity: 0.55,
            className: "marker-" + layer.key
          });
        },
        onEachFeature: function (f, l) { l.bindPopup(popup(f.properties, f.properties.url)); }
      });
      drawn[layer.key] = group;
      var toggle = document.querySelector('input[name=layer][value="' + layer.key + '"]');
      if (!toggle || toggle.checked) group.addTo(map);
      if (group.getBounds().isValid()) bounds.extend(group.getBounds());
      var count = document.querySelector('[data-count="' + layer.key + '"]');
      if (count) count.textContent = "(" + data.features.length + ")";
      box.dataset["count" + layer.key.charAt(0).toUpperCase() + layer.key.slice(1)] = String(data.features.length);
    }).catch(function () { box.dataset.error = layer.key; }).then(settle);
  }

  document.querySelectorAll("input[name=layer]").forEach(function (input) {
    input.addEventListener("change", function () {
      var group = drawn[input.value];
      if (!group) return;
      if (input.checked) group.addTo(map); else map.removeLayer(group);
    });
  });
  var select = document.querySelector("[data-testid=map-choropleth]");
  if (select) select.addEventListener("change", function () { box.dataset.loaded = ""; loadBase(); });

  loadBase();
  config.layers.forEach(loadLayer);
})();

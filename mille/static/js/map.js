/* The map of local groups: Leaflet from our own static files, data from the GeoJSON endpoint.
   Markers draw even with no tile server (MAP_TILE_URL empty). */
(function () {
  "use strict";
  function start() {
    // The groups' map, or any other map of points (the events'): a `.map` with its GeoJSON's URL.
    var element = document.getElementById("groups-map") || document.querySelector(".map[data-geojson]");
    var status = document.getElementById("map-status");
    if (!element || !window.L) return;
    var map = L.map(element, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, {
              title: feature.properties.name,
              alt: feature.properties.name + " — " + feature.properties.territory,
              keyboard: true
            });
          },
          onEachFeature: function (feature, marker) {
            var box = document.createElement("div");
            box.className = "map-popup";
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.name;
            var place = document.createElement("p");
            place.textContent = feature.properties.territory;
            box.appendChild(link);
            box.appendChild(place);
            if (feature.properties.recognised && element.dataset.recognisedLabel) {
              var badge = document.createElement("p");
              badge.textContent = element.dataset.recognisedLabel;
              box.appendChild(badge);
            }
            marker.bindPopup(box);
          }
        }).addTo(map);
        if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 12 });
        element.dataset.loaded = String(data.features.length);
        if (status) {
          var label = element.dataset.countLabel ||
            (document.documentElement.lang === "en" ? "Groups on the map: " : "Groupes sur la carte : ");
          status.textContent = label + data.features.length;
        }
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

/* The inventory's maps: the resources (clusters drawn with their count), and the point picker of
   the resource form (touch the map to place the marker; the form keeps latitude and longitude). */
(function () {
  "use strict";
  function base(element) {
    var map = L.map(element, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
    return map;
  }

  function resources(element) {
    var map = base(element);
    var status = document.getElementById("map-status");
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            if (feature.properties.cluster) {
              return L.marker(latlng, {
                icon: L.divIcon({ className: "cluster-icon", html: String(feature.properties.count), iconSize: [40, 40] }),
                title: String(feature.properties.count), keyboard: true
              });
            }
            return L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name + " — " + feature.properties.category, keyboard: true });
          },
          onEachFeature: function (feature, marker) {
            if (feature.properties.cluster) return;
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.name;
            var kind = document.createElement("p");
            kind.textContent = feature.properties.category;
            box.appendChild(link);
            box.appendChild(kind);
            marker.bindPopup(box);
          }
        }).addTo(map);
        if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
        element.dataset.loaded = String(data.features.length);
        if (status) status.textContent = element.dataset.countLabel + data.features.length;
      });
  }

  function picker(element) {
    var map = base(element);
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var status = document.getElementById("picker-status");
    var marker = null;
    function place(latlng, announce) {
      if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng, { keyboard: false }).addTo(map);
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      if (announce && status) status.textContent = element.dataset.pickedLabel + lat.value + ", " + lon.value;
    }
    if (lat.value && lon.value) {
      var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
      place(start, false);
      map.setView(start, 15);
    }
    map.on("click", function (event) { place(event.latlng, true); });
  }

  function start() {
    if (!window.L) return;
    var list = document.getElementById("resources-map");
    if (list) resources(list);
    var form = document.getElementById("picker-map");
    if (form) picker(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

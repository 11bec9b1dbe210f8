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
    // Markers are clustered on the server for the current zoom: the map asks again after zooming.
    var map = base(element);
    var status = document.getElementById("map-status");
    var layer = null;
    var fitted = false;
    function url() {
      var joiner = element.dataset.geojson.indexOf("?") >= 0 ? "&" : "?";
      return element.dataset.geojson + joiner + "zoom=" + map.getZoom();
    }
    function draw(data) {
      if (layer) map.removeLayer(layer);
      var total = 0;
      layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          if (feature.properties.cluster) {
            total += feature.properties.count;
            var marker = L.marker(latlng, {
              icon: L.divIcon({ className: "cluster-icon", html: String(feature.properties.count), iconSize: [40, 40] }),
              title: element.dataset.clusterLabel.replace("%s", feature.properties.count), keyboard: true
            });
            marker.on("click keypress", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 18)); });
            return marker;
          }
          total += 1;
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
      element.dataset.loaded = String(total);
      if (status) status.textContent = element.dataset.countLabel + total;
      if (!fitted && data.features.length) {
        fitted = true;
        map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
      }
    }
    function load() {
      fetch(url(), { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(draw);
    }
    map.on("zoomend", load);
    load();
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

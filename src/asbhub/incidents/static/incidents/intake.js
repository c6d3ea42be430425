// The contact script's map: LSOA outlines only (no base tiles); a click fills in the
// longitude and latitude fields, which the live panel then uses. Without JavaScript the
// map stays hidden and the coordinates are typed.
(function () {
  "use strict";
  function start() {
    var holder = document.getElementById("intake-map");
    var lon = document.getElementById("id_longitude");
    var lat = document.getElementById("id_latitude");
    if (!holder || !lon || !lat || !window.L) return;
    holder.hidden = false;
    var map = L.map(holder, { zoomSnap: 0.5 }).setView([51.66, -3.05], 10);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("ONS, OGL v3.0");
    var marker = null;
    function place(latlng) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.marker(latlng, { keyboard: false }).addTo(map);
    }
    if (lon.value && lat.value) place([parseFloat(lat.value), parseFloat(lon.value)]);
    fetch(holder.getAttribute("data-lsoas"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        L.geoJSON(data, {
          style: { color: "#505a5f", weight: 1, fillColor: "#f3f2f1", fillOpacity: 0.3 },
          onEachFeature: function (feature, layer) {
            layer.bindTooltip(feature.properties.name);
            layer.on("click", function (event) { pick(event.latlng); });
          }
        }).addTo(map);
        holder.setAttribute("data-ready", "true");
      });
    function pick(latlng) {
      place(latlng);
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    }
    map.on("click", function (event) { pick(event.latlng); });
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();

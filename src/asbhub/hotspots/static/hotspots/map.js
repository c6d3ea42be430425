// Draw the hotspot map: LSOA polygons and hot cells, no base tiles (polygons only).
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("hotspot-map");
    var source = document.getElementById("hotspot-map-data");
    if (!holder || !source || !window.L) return;
    var data = JSON.parse(source.textContent);
    var map = L.map(holder, { zoomSnap: 0.5, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("ONS, OGL v3.0; police.uk, OGL v3.0");
    var lsoas = L.geoJSON(data.lsoas, {
      style: { color: "#505a5f", weight: 1, fillColor: "#f3f2f1", fillOpacity: 0.4 },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.name + " (" + feature.properties.code + ")");
      }
    }).addTo(map);
    var cells = L.geoJSON(data.hotspots, {
      style: { color: "#942514", weight: 1, fillColor: "#d4351c", fillOpacity: 0.7 },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindPopup("#" + p.hotspot + ": " + p.count + " · z " + p.gi_z);
      }
    }).addTo(map);
    var bounds = cells.getLayers().length ? cells.getBounds() : lsoas.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
    holder.setAttribute("data-ready", "true");
  }
  if (document.readyState === "complete") draw();
  else window.addEventListener("load", draw);
})();

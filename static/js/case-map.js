// Draws the case's location on a Leaflet map. Everything comes from data attributes, so the
// page needs no inline script; without JavaScript or tiles the text above the map still says
// where the strike was and how precisely that is known.
(function () {
  "use strict";
  var element = document.getElementById("case-map");
  if (!element || typeof L === "undefined") { return; }
  var lat = parseFloat(element.dataset.lat), lon = parseFloat(element.dataset.lon);
  if (isNaN(lat) || isNaN(lon)) { return; }
  // Radius in metres that each precision stands for, drawn as a circle instead of a pin.
  var radius = {exact: 0, within_100m: 100, neighbourhood: 500, village_or_town: 2000, district: 15000,
                province: 60000, unknown: 0}[element.dataset.precision] || 0;
  var map = L.map(element, {scrollWheelZoom: false}).setView([lat, lon], radius > 10000 ? 8 : 13);
  L.tileLayer(element.dataset.tiles, {attribution: element.dataset.attribution, maxZoom: 18}).addTo(map);
  if (radius > 0) {
    L.circle([lat, lon], {radius: radius}).addTo(map);
  } else {
    L.circleMarker([lat, lon], {radius: 8}).addTo(map);
  }
}());

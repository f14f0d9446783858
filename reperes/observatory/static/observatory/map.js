/* Choropleth maps of the observatory: Leaflet (served by the app, from npm) draws only the
   imported contours on a blank background — no tile server. The data (a json_script next to
   the map) holds published values and marks only: a withheld zone arrives as « s » and is
   drawn hatched grey, never as zero. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function hatch(map) {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    if (!svg || svg.querySelector("#hachures-secret")) { return; }
    var defs = document.createElementNS(SVG_NS, "defs");
    var pattern = document.createElementNS(SVG_NS, "pattern");
    pattern.setAttribute("id", "hachures-secret");
    pattern.setAttribute("width", "8");
    pattern.setAttribute("height", "8");
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var rect = document.createElementNS(SVG_NS, "rect");
    rect.setAttribute("width", "8");
    rect.setAttribute("height", "8");
    rect.setAttribute("fill", "#bdbdbd");
    var line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
    line.setAttribute("x2", "0"); line.setAttribute("y2", "8");
    line.setAttribute("stroke", "#616161"); line.setAttribute("stroke-width", "3");
    pattern.appendChild(rect); pattern.appendChild(line); defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-map"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { attributionControl: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var p = feature.properties;
        return { color: "#333333", weight: 1, fillOpacity: 1, fillColor: p.secret ? "#bdbdbd" : p.fill };
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        var text = p.name + " : " + p.label + (p.note ? " (" + p.note + ")" : "");
        shape.bindTooltip(text, { sticky: true });
        shape.on("add", function () {
          if (p.secret && shape._path) {
            hatch(map);
            shape._path.setAttribute("fill", "url(#hachures-secret)");
            shape._path.classList.add("zone-secret");
          }
        });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    layer.eachLayer(function (shape) {
      var p = shape.feature.properties;
      if (p.secret && shape._path) {
        hatch(map);
        shape._path.setAttribute("fill", "url(#hachures-secret)");
        shape._path.classList.add("zone-secret");
      }
      L.tooltip({ permanent: true, direction: "center", className: "zone-label" })
        .setContent(p.label).setLatLng(shape.getBounds().getCenter()).addTo(map);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".observatory-map"), draw);
  });
})();

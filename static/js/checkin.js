// The coordinator's check-in page: fetch the code every few seconds and redraw the QR when it
// has changed (it changes every minute and as soon as someone has used it).
(function () {
  "use strict";
  var box = document.getElementById("checkin");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-code-url");
  var holder = document.getElementById("checkin-qr");
  var codeBox = document.getElementById("checkin-code");
  var refusal = document.getElementById("checkin-refusal");
  var counts = document.getElementById("checkin-counts");
  var current = null;
  var svgNs = "http://www.w3.org/2000/svg";

  function draw(qr) {
    var old = holder.querySelector("svg");
    var label = old ? old.getAttribute("aria-label") : "";
    var svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("class", "qr-code");
    svg.setAttribute("viewBox", "0 0 " + qr.size + " " + qr.size);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    svg.setAttribute("shape-rendering", "crispEdges");
    var rect = document.createElementNS(svgNs, "rect");
    rect.setAttribute("width", qr.size);
    rect.setAttribute("height", qr.size);
    rect.setAttribute("fill", "#fff");
    var path = document.createElementNS(svgNs, "path");
    path.setAttribute("d", qr.path);
    path.setAttribute("fill", "#000");
    svg.appendChild(rect);
    svg.appendChild(path);
    if (old) {
      holder.replaceChild(svg, old);
    } else {
      holder.appendChild(svg);
    }
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        refusal.textContent = data.refusal || "";
        var text = counts
          .getAttribute("data-template")
          .replace("IN", data.checked_in)
          .replace("OUT", data.checked_out);
        if (counts.textContent !== text) {
          counts.textContent = text;
        }
        refusal.classList.toggle("d-none", !data.refusal);
        codeBox.classList.toggle("d-none", !data.token);
        if (data.token && data.token !== current) {
          current = data.token;
          draw(data.qr);
          holder.setAttribute("data-token", data.token);
        }
      })
      .catch(function () {});
  }

  refresh();
  window.setInterval(refresh, 3000);
})();

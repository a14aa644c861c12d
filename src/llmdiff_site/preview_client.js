// llmdiff preview client: injected by `llmdiff serve` only, never into built files.
// Reloads the page after a rebuild, swaps stylesheets after a CSS-only change, and shows
// content problems in an overlay until they are fixed.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.dataset.generation);
  var overlayId = "llmdiff-overlay";

  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
  }

  function showOverlay(problems) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = [
      "position:fixed", "inset:auto 0 0 0", "z-index:2147483647", "max-height:60vh", "overflow:auto",
      "margin:0", "padding:16px 20px", "background:#1a0b12", "color:#ffe1e1",
      "border-top:3px solid #ff5c7a", "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace",
      "box-shadow:0 -12px 40px rgba(0,0,0,.5)"
    ].join(";");
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 8px;font-weight:700;color:#ff9bb0";
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    var warnings = problems.length - errors;
    var counts = errors + " error" + (errors === 1 ? "" : "s") +
      (warnings ? ", " + warnings + " warning" + (warnings === 1 ? "" : "s") : "");
    title.textContent = "llmdiff: " + counts + " (showing the last good build until fixed)";
    box.appendChild(title);
    problems.forEach(function (p) {
      var item = document.createElement("pre");
      item.className = "llmdiff-problem";
      item.style.cssText = "margin:0 0 10px;white-space:pre-wrap";
      item.textContent = p.text;
      box.appendChild(item);
    });
    document.body.appendChild(box);
  }

  function swapStyles(next) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.getAttribute("href"), location.href);
      url.searchParams.set("llmdiff", String(next));
      link.href = url.toString();
    });
  }

  var source = new EventSource("/__llmdiff__/events");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.problems.length) {
      showOverlay(state.problems);
      return;
    }
    removeOverlay();
    if (state.generation === generation) return;
    if (state.css_only && state.generation === generation + 1) {
      generation = state.generation;
      swapStyles(generation);
      return;
    }
    location.reload();
  });
})();

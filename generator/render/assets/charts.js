/* Glasshouse charts: on pages that have a .gh-chart, loads plotly.js and charts-draw.js (which
 * draws them) and has them drawn, again after mkdocs-material's instant navigation and when the
 * reader switches between light and dark. Pages without a chart load neither. It also makes the
 * boxes that wide tables scroll in reachable by keyboard. */
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : location.href;
  var plotlySrc = new URL("plotly-glasshouse.min.js", here).href;
  var drawSrc = new URL("charts-draw.js", here).href;
  var loading = {};

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onload = resolve;
        s.onerror = function () { delete loading[src]; reject(new Error(src + " did not load")); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }

  function drawAll() {
    var charts = document.querySelectorAll(".gh-chart");
    if (!charts.length && !window.glasshouseCharts) return;
    Promise.all([load(plotlySrc), load(drawSrc)]).then(function () {
      window.glasshouseCharts.draw(window.Plotly, charts);
    }).catch(function (err) {
      charts.forEach(function (el) { el.classList.add("gh-chart--failed"); });
      if (window.console) console.warn(err.message);
    });
  }

  function heading(el) {
    for (var n = el.previousElementSibling; n; n = n.previousElementSibling) {
      if (/^H[1-6]$/.test(n.tagName) && n.id) return n;
    }
    return document.querySelector(".md-content h1[id]");
  }

  // A box that scrolls must be reachable by keyboard (WCAG 2.1.1): Material wraps wide tables in
  // one, so each that overflows becomes a focusable region named by the heading above it.
  function scrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el) {
      if (el.hasAttribute("tabindex") || el.scrollWidth <= el.clientWidth) return;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      var h = heading(el.closest("figure, details.gh-chart-table") || el);
      if (h) el.setAttribute("aria-labelledby", h.id);
    });
  }

  function onPage() {
    drawAll();
    scrollers();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
  window.addEventListener("resize", scrollers);
  document.addEventListener("toggle", scrollers, true);

  new MutationObserver(function () {
    if (window.glasshouseCharts) drawAll();
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();

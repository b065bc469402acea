/* Glasshouse charts: on pages that have a .gh-chart, loads plotly.js and charts-draw.js (which
 * draws them) once a chart comes near the screen, and has each drawn as it does, after
 * mkdocs-material's instant navigation too, and again when the reader switches between light and
 * dark. Pages without a chart load neither. It also makes the boxes that wide tables scroll in
 * reachable by keyboard. */
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

  function draw(charts) {
    Promise.all([load(plotlySrc), load(drawSrc)]).then(function () {
      window.glasshouseCharts.draw(window.Plotly, charts);
    }).catch(function (err) {
      Array.prototype.forEach.call(charts, function (el) { el.classList.add("gh-chart--failed"); });
      if (window.console) console.warn(err.message);
    });
  }

  // Each chart is drawn as it comes within a screen's height of the screen: plotly.js is
  // downloaded and started only when a reader is about to see a chart, not for a chart at the
  // foot of a page that is read from its top.
  var near = null;

  function watch() {
    if (near) near.disconnect();
    if (window.glasshouseCharts) window.glasshouseCharts.forget();
    var charts = document.querySelectorAll(".gh-chart");
    if (!charts.length) return;
    if (!window.IntersectionObserver) return draw(charts);
    near = new IntersectionObserver(function (entries, observer) {
      var coming = entries.filter(function (e) { return e.isIntersecting; }).map(function (e) { return e.target; });
      coming.forEach(function (el) { observer.unobserve(el); });
      if (coming.length) draw(coming);
    }, { rootMargin: "100% 0px" });
    charts.forEach(function (el) { near.observe(el); });
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
    watch();
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

  // The reader's palette changed: the charts drawn are drawn again in it.
  new MutationObserver(function () {
    var drawn = document.querySelectorAll(".gh-chart.js-plotly-plot");
    if (window.glasshouseCharts && drawn.length) draw(drawn);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();

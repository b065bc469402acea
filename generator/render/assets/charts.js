/* Glasshouse charts: draws every .gh-chart from the figure JSON beside it.
 * Loads plotly.js only on pages that have charts, redraws after mkdocs-material's instant
 * navigation, and re-themes when the reader switches between light and dark. It also makes the
 * boxes that wide tables scroll in reachable by keyboard. */
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : location.href;
  var plotlySrc = new URL("plotly-glasshouse.min.js", here).href;
  var loading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = plotlySrc;
        s.async = true;
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { loading = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function cssVar(name, fallback) {
    var v = getComputedStyle(document.body).getPropertyValue(name).trim();
    return v || fallback;
  }

  function themed(layout) {
    var fg = cssVar("--md-default-fg-color", "#222");
    var grid = cssVar("--md-default-fg-color--lightest", "#ddd");
    var bg = cssVar("--md-default-bg-color", "#fff");
    var out = Object.assign({}, layout);
    out.paper_bgcolor = "rgba(0,0,0,0)";
    out.plot_bgcolor = "rgba(0,0,0,0)";
    out.font = Object.assign({}, layout.font || {}, { color: fg });
    out.hoverlabel = { bgcolor: bg, bordercolor: grid, font: { color: fg } };
    ["xaxis", "yaxis"].forEach(function (ax) {
      out[ax] = Object.assign({}, layout[ax] || {}, { gridcolor: grid, zerolinecolor: grid, linecolor: grid });
    });
    if (out.annotations) {
      out.annotations = out.annotations.map(function (a) {
        return Object.assign({}, a, { font: Object.assign({}, a.font || {}, { color: fg }) });
      });
    }
    return out;
  }

  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"] };

  function plot(Plotly, el) {
    var fig = el._ghFigure;
    if (!fig) {
      var data = el.parentNode.querySelector("template.gh-chart-data");
      if (!data) return;
      fig = el._ghFigure = JSON.parse(data.content.textContent);
    }
    var scheme = document.body.getAttribute("data-md-color-scheme") || "default";
    // The figure carries its locale (month names, date and number formats, toolbar labels).
    return Plotly.react(el, fig.data, themed(fig.layout), Object.assign({}, config, fig.config || {})).then(function () {
      el.setAttribute("data-theme", scheme);
      el.classList.add("gh-chart--drawn");
    });
  }

  function drawAll() {
    var charts = document.querySelectorAll(".gh-chart");
    if (!charts.length) return;
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (el) { plot(Plotly, el); });
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
      var h = heading(el.closest("figure") || el);
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
    if (window.Plotly) drawAll();
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();

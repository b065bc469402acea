/* Glasshouse charts, drawn: every .gh-chart from the figure JSON beside it, in the reader's
 * palette. charts.js loads this script, with plotly.js, only on pages that have a chart, and calls
 * glasshouseCharts.draw after instant navigation and at every palette change. */
(function () {
  "use strict";

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

  // Called by charts.js on every page (after instant navigation too) and at every palette change.
  window.glasshouseCharts = {
    draw: function (Plotly, charts) {
      charts.forEach(function (el) { plot(Plotly, el); });
    },
  };
})();

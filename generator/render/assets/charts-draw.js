/* Glasshouse charts, drawn: each .gh-chart from the figure JSON beside it, for the width of its
 * container and the reader's palette. charts.js loads this script, with plotly.js, once a chart
 * comes near the screen, and calls glasshouseCharts.draw for the charts that do, and for those
 * drawn at every palette change; a chart is drawn again whenever its container's width changes. */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var v = getComputedStyle(document.body).getPropertyValue(name).trim();
    return v || fallback;
  }

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  // `extra` drawn over `base`, objects merged key by key (as figures.merge in Python does).
  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra || {}).forEach(function (k) {
      out[k] = isObject(extra[k]) && isObject(out[k]) ? merge(out[k], extra[k]) : extra[k];
    });
    return out;
  }

  // The dark palette: each colour the figure names (in a colour property or a colour scale) that
  // has a dark counterpart is swapped for it. Data values are never touched.
  function recolour(value, pairs, key) {
    if (Array.isArray(value)) return value.map(function (v) { return recolour(v, pairs, key); });
    if (isObject(value)) {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = recolour(value[k], pairs, k); });
      return out;
    }
    var colour = /color$/.test(key) || key === "colorscale";
    return colour && typeof value === "string" && Object.prototype.hasOwnProperty.call(pairs, value) ? pairs[value] : value;
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

  // No toolbar: it covered the legend and labels, and the charts neither zoom nor pan (each has
  // its data as a table below it). The chart is drawn at its container's width, by draw().
  var config = { displaylogo: false, displayModeBar: false, responsive: false };
  var NARROW = 600; // px, figures.NARROW: below it a chart takes its narrow layout

  function figureOf(el) {
    if (!el._ghFigure) {
      var data = el.parentNode.querySelector("template.gh-chart-data");
      if (!data) return null;
      el._ghFigure = JSON.parse(data.content.textContent);
    }
    return el._ghFigure;
  }

  // Draws a chart for its container's width (its narrow layout below NARROW px) and the reader's
  // palette, then says so on the element: data-width, data-layout and data-theme.
  function plot(Plotly, el) {
    var fig = figureOf(el);
    var width = el.clientWidth;
    if (!fig || !width) return Promise.resolve();
    var scheme = document.body.getAttribute("data-md-color-scheme") || "default";
    var narrow = width < NARROW;
    var data = fig.data;
    var layout = fig.layout;
    if (narrow) {
      layout = merge(layout, fig.narrow);
      data = data.map(function (trace, i) { return merge(trace, (fig.narrow_traces || [])[i]); });
    }
    if (scheme === "slate") {
      data = recolour(data, fig.dark || {}, "");
      layout = recolour(layout, fig.dark || {}, "");
    }
    layout = Object.assign(themed(layout), { width: width });
    var turn = (el._ghTurn = (el._ghTurn || 0) + 1);
    // The figure carries its locale (month names, date and number formats).
    return Plotly.react(el, data, layout, Object.assign({}, config, fig.config || {})).then(function () {
      if (turn !== el._ghTurn) return; // a later drawing is under way
      el.setAttribute("data-theme", scheme);
      el.setAttribute("data-layout", narrow ? "narrow" : "wide");
      el.setAttribute("data-width", String(width));
      el.classList.add("gh-chart--drawn");
    });
  }

  // A chart whose container changes width (a phone turned, a window resized, a scrollbar come
  // or gone) is drawn again for its new width.
  var resized = window.ResizeObserver
    ? new ResizeObserver(function (entries) {
        if (!window.Plotly) return;
        entries.forEach(function (entry) {
          var el = entry.target;
          if (el.clientWidth && String(el.clientWidth) !== el.getAttribute("data-width")) plot(window.Plotly, el);
        });
      })
    : null;

  // Called by charts.js as charts come near the screen, and at every palette change for those
  // drawn; `forget` when a new page replaces them (instant navigation).
  window.glasshouseCharts = {
    draw: function (Plotly, charts) {
      Array.prototype.forEach.call(charts, function (el) {
        plot(Plotly, el);
        if (resized) resized.observe(el);
      });
    },
    forget: function () {
      if (resized) resized.disconnect();
    },
  };
})();

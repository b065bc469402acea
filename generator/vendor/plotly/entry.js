// The plotly.js modules Glasshouse's charts use: the core (which holds the scatter trace and the
// cartesian axes) with the bar and heatmap traces. Keep in step with generator/render/charts.py; the
// browser tests fail when a chart uses a trace type this bundle lacks.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap')]);

module.exports = Plotly;

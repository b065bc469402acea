// The plotly.js modules Glasshouse's charts use: the scatter and bar traces on cartesian axes,
// with the components the figures name (annotations, shapes, legend, hover, colour scales).
// Registered as plotly.js's own core registers them (plotly.js/src/core.js), without the
// components no chart of ours uses (menus, sliders, range sliders and selectors, images, error
// bars, 3D annotations) and without the heat map trace (the risk heat map is a table,
// generator/render/heatmap.py). Keep in step with generator/render/charts.py; the browser tests
// fail when a chart uses a trace type this bundle lacks.
'use strict';

exports.version = require('plotly.js/src/version').version;
require('native-promise-only');
require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = (exports.register = Registry.register);

var plotApi = require('plotly.js/src/plot_api');
Object.keys(plotApi).forEach(function (name) {
    if (name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
});

register(require('plotly.js/src/traces/scatter'));
register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/selections'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/grid'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'), // after shapes, as in plotly.js's core
    require('plotly.js/src/components/fx'), // after legend, as in plotly.js's core
    require('plotly.js/src/components/modebar'), // hidden, but its settings are read when a chart is drawn
]);
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);
register(require('plotly.js/lib/bar'));

exports.PlotSchema = require('plotly.js/src/plot_api/plot_schema');

// Bundles entry.js the way plotly.js bundles its own partial bundles (see its esbuild-config.js),
// minified, with a header that names the plotly.js version (tests/conventions/test_assets.py reads it).
'use strict';

const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const version = require('plotly.js/package.json').version;
const out = path.resolve(__dirname, '..', '..', 'render', 'assets', 'plotly-glasshouse.min.js');
const banner = [
    '/**',
    `* plotly.js (glasshouse: scatter, bar - minified) v${version}`,
    '* Copyright 2012-2026, Plotly, Inc.',
    '* All rights reserved.',
    '* Licensed under the MIT license',
    '* Built by generator/vendor/plotly/build in the Glasshouse repository',
    '*/',
].join('\n');

esbuild
    .build({
        entryPoints: [path.join(__dirname, 'entry.js')],
        outfile: out,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        banner: { js: banner },
        // Only map traces import a stylesheet (maplibre's); they are not in this bundle.
        loader: { '.css': 'empty' },
        alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'warning',
    })
    .then(() => {
        const size = fs.statSync(out).size;
        console.log(`wrote ${path.relative(process.cwd(), out)} (${size.toLocaleString('en')} bytes), plotly.js ${version}`);
    })
    .catch(() => process.exit(1));

#!/usr/bin/env node
// Build step (part of `npm run build`, never run on a user's machine): bundles the command-line interface
// (lib/cli/main.ts with the library and its dependencies) into build/cli/codecanvas-cdk8s.js, the file the
// installed `codecanvas-cdk8s` bin loads. One file loads about as fast as `npm run synth`'s cached bundle, where
// the ~290 separate modules of build/lib cost a few hundred milliseconds more per run. The library entry point
// (build/lib/index.js) stays unbundled so that cdk8s and constructs come from the user's app (peer dependencies).
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
esbuild.buildSync({
  entryPoints: [path.join(root, 'lib', 'cli', 'main.ts')],
  outfile: path.join(root, 'build', 'cli', 'codecanvas-cdk8s.js'),
  bundle: true,
  // The same externals as scripts/run-ts.js (installed as the package's dependencies).
  external: require('./bundle-externals'),
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'error',
});

#!/usr/bin/env node
// Build step (part of `npm run build`, never run on a user's machine): bundles the command-line interface
// (cli/main.ts with the library and its dependencies) into build/cli/codecanvas-cdk8s.js, the file the
// installed `codecanvas-cdk8s` bin loads. One file loads about as fast as `npm run synth`'s cached bundle, where
// the ~290 separate modules of build/lib cost a few hundred milliseconds more per run. The library entry point
// (build/lib/index.js) stays unbundled so that cdk8s and constructs come from the user's app (peer dependencies).
//
// @kubernetes/client-node (preflight's live-cluster reader) is bundled on its own into build/cli/kubernetes-client.js,
// which the CLI bundle requires in its place, only when preflight creates a reader. So it is a devDependency: installing
// the package for its library does not install it (about 48 MiB with its dependencies), and the other commands do
// not parse it.
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'cli');
/** The file the CLI bundle loads instead of the @kubernetes/client-node package. */
const KUBERNETES_CLIENT = 'kubernetes-client.js';
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', legalComments: 'linked', logLevel: 'error' };

esbuild.buildSync({
  ...common,
  entryPoints: [path.join(root, 'node_modules', '@kubernetes', 'client-node')],
  outfile: path.join(out, KUBERNETES_CLIENT),
  // Third-party code nobody reads in the tarball: fully minified (class and function names kept).
  minify: true,
  keepNames: true,
});

esbuild.build({
  ...common,
  entryPoints: [path.join(root, 'cli', 'main.ts')],
  outfile: path.join(out, 'codecanvas-cdk8s.js'),
  // The same externals as scripts/run-ts.js (installed as the package's dependencies); client-node is the file above.
  external: require('./bundle-externals').filter((name) => name !== '@kubernetes/client-node'),
  plugins: [
    {
      name: 'kubernetes-client-file',
      setup(build) {
        build.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: `./${KUBERNETES_CLIENT}`, external: true }));
      },
    },
  ],
  minifyWhitespace: true,
  minifySyntax: true,
}).catch(() => {
  process.exitCode = 1;
});

#!/usr/bin/env node
// Build step (part of `npm run build`, never run on a user's machine): bundles the command-line interface
// (cli/main.ts with the library and its dependencies) into build/cli/codecanvas-cdk8s.js, the file the
// installed `codecanvas-cdk8s` bin loads. One file loads about as fast as `npm run synth`'s cached bundle, where
// the ~290 separate modules of build/lib cost a few hundred milliseconds more per run. The library entry point
// (build/lib/index.js) stays unbundled so that cdk8s and constructs come from the user's app (peer dependencies).
//
// The CLI's own dependencies are devDependencies, bundled here, so that installing the package for its library does
// not install them and the installed bin needs nothing the library does not: ajv and ajv-formats (validate's CRD and
// chart-values schemas), kubernetes-models (the core kinds' validators: cli/validate/core-kinds.ts imports the few
// the output can contain, about 1 MiB of its 8.7), yaml. @kubernetes/client-node (preflight's live-cluster reader,
// about 48 MiB installed) is bundled on its own into build/cli/kubernetes-client.js, which the CLI bundle requires in
// its place only when preflight creates a reader, so that the other commands do not parse it.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { rewriteConverters } = require('./converters');

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
  // No externals: everything but cdk8s, constructs and the library's dependencies is devDependencies, and those are
  // bundled too, so that the bin runs as built whatever the app installed; client-node is the file above.
  plugins: [
    {
      name: 'kubernetes-client-file',
      setup(build) {
        build.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: `./${KUBERNETES_CLIENT}`, external: true }));
      },
    },
    {
      // kubernetes-models' validators word their errors with `require('ajv-i18n').en`; the package's main loads
      // all its 24 languages (about 100 KB of the bundle). English only, the same messages.
      name: 'ajv-i18n-english',
      setup(build) {
        build.onResolve({ filter: /^ajv-i18n$/ }, () => ({ path: 'ajv-i18n', namespace: 'ajv-i18n-english' }));
        build.onLoad({ filter: /.*/, namespace: 'ajv-i18n-english' }, () => ({
          contents: "module.exports = { en: require('ajv-i18n/localize/en') };",
          resolveDir: root,
        }));
      },
    },
  ],
  minifyWhitespace: true,
  minifySyntax: true,
})
  .then(() => {
    // The generated converters' quadratic undefined-filter made linear (scripts/converters.js).
    const file = path.join(out, 'codecanvas-cdk8s.js');
    fs.writeFileSync(file, rewriteConverters(fs.readFileSync(file, 'utf8')).code);
  })
  .catch((e) => {
    // esbuild has printed its own errors (logLevel); anything else is said here.
    if (!(e && Array.isArray(e.errors))) process.stderr.write(`${e && e.message ? e.message : e}\n`);
    process.exitCode = 1;
  });

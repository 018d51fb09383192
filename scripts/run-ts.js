#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking: esbuild bundles it, with its dependencies, into
// .cache/build/, and the bundle is reused until one of the project's input files or package-lock.json changes.
// One bundled file loads about 100 ms faster than hundreds of separately resolved modules, which is most of
// the gap between a synth and bare Node start-up. Type-checking is `npm run typecheck` (tsc --noEmit), done once
// in CI, not per synth.
'use strict';
const fs = require('fs');
const path = require('path');
const { rewriteConverters } = require('./converters');

const root = path.resolve(__dirname, '..');
/**
 * Left as ordinary requires, loaded from the checkout's node_modules (devDependencies included): the validators
 * only `validate` needs (ajv, kubernetes-models), so that a synth does not parse them; @kubernetes/client-node
 * (ES-module only; preflight); esbuild itself. The installed bin's bundle (scripts/bundle-cli.js) has no externals.
 */
const EXTERNAL = ['esbuild', 'kubernetes-models', '@kubernetes-models/*', '@kubernetes/client-node', 'ajv', 'ajv/*', 'ajv-formats'];

function bundleFor(entry) {
  const abs = path.resolve(entry);
  const rel = path.relative(root, abs).replace(/[\\/]/g, '__').replace(/\.ts$/, '');
  const outDir = path.join(root, '.cache', 'build');
  const outfile = path.join(outDir, `${rel}.js`);
  const manifestFile = `${outfile}.inputs.json`;
  if (isFresh(outfile, manifestFile)) return outfile;

  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [abs],
    outfile,
    bundle: true,
    external: EXTERNAL,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Whitespace-only minification: the generated CRD bindings are megabytes of TypeScript, and parse time is
    // a large share of a synth. Identifiers are kept so stack traces stay readable.
    minifyWhitespace: true,
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
  });
  // The generated converters' quadratic undefined-filter made linear (scripts/converters.js).
  fs.writeFileSync(outfile, rewriteConverters(fs.readFileSync(outfile, 'utf8')).code);
  // Dependencies change only with the lock file; stamping it instead of every bundled module keeps the
  // freshness check to the project's own files, and to the two scripts that make the bundle.
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => path.resolve(p))
    .filter((p) => !p.split(path.sep).includes('node_modules'));
  inputs.push(path.join(root, 'package-lock.json'), __filename, require.resolve('./converters'));
  const stamps = Object.fromEntries(inputs.map((p) => [p, stamp(p)]));
  fs.writeFileSync(manifestFile, JSON.stringify(stamps));
  return outfile;
}

function stamp(file) {
  const st = fs.statSync(file);
  return `${st.size}:${st.mtimeMs}`;
}

function isFresh(outfile, manifestFile) {
  let stamps;
  try {
    stamps = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.accessSync(outfile);
  } catch {
    return false;
  }
  for (const [file, expected] of Object.entries(stamps)) {
    try {
      if (stamp(file) !== expected) return false;
    } catch {
      return false;
    }
  }
  return true;
}

module.exports = { bundleFor };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: run-ts.js ENTRY.ts [ARGS...]\n');
    process.exit(2);
  }
  process.argv = [process.argv[0], path.resolve(entry), ...args];
  require(bundleFor(entry));
}

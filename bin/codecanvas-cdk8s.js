#!/usr/bin/env node
// The codecanvas-cdk8s command.
// - Installed package: runs build/cli/codecanvas-cdk8s.js, the CLI bundled at build time (`npm run build`, done by
//   `npm pack`); nothing is compiled or written at run time.
// - Source checkout (cli/main.ts and scripts/run-ts.js present): runs the current sources through
//   scripts/run-ts.js (esbuild bundle, no type-check, cached in .cache/), so a stale build/ is never used.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);

// Answered here, without loading the CLI: the version of the package this file belongs to.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
  return;
}
const source = path.join(root, 'cli', 'main.ts');
const runTs = path.join(root, 'scripts', 'run-ts.js');
/** The CLI module: the current sources' bundle in a checkout, the built bundle in the installed package. */
function loadCli() {
  if (!fs.existsSync(source) || !fs.existsSync(runTs)) return require(path.join(root, 'build', 'cli', 'codecanvas-cdk8s.js'));
  const { bundleFor, loadBundle } = require(runTs);
  return loadBundle(bundleFor(source));
}
const { main } = loadCli();
main(argv, {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // main() turns every error into a message and an exit code; this only runs if that machinery itself fails.
    const message = String(e && e.message ? e.message : e).replace(/\s+/g, ' ');
    process.stderr.write(`codecanvas-cdk8s: unexpected error (a bug in codecanvas-cdk8s, not in your config): ${message}\n`);
    if (process.env.CODECANVAS_DEBUG && e && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  },
);

#!/usr/bin/env node
// The codecanvas-cdk8s command. Sources are TypeScript; scripts/run-ts.js bundles them (no type-check, cached).
'use strict';
const path = require('path');
const { bundleFor } = require('../scripts/run-ts.js');

const { main } = require(bundleFor(path.join(__dirname, '..', 'lib', 'cli', 'main.ts')));
main(process.argv.slice(2), {
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

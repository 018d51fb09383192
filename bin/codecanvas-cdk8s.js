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
    process.stderr.write(`codecanvas-cdk8s: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  },
);

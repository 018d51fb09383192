// Jest setup file for mutation runs (stryker.config.mjs adds it when the run mutates a lazily required module; see
// ./lazy-modules.js): requires those modules through jest's registry, from the sandbox this file is in, before the
// first test.
//
// jest runs setup files before the environment's setup(), where ./file-coverage-environment.js would otherwise take
// its "before" copy of the static coverage: what these requires reach would then be in that copy and never recorded
// as the file's. So the copy is taken here, first, and the environment uses it.
'use strict';
const path = require('path');
const { LAZY_MODULES_ENV } = require('./lazy-modules');

const context = globalThis[globalThis.__strykerGlobalNamespace__ || '__stryker__'];
globalThis.__codecanvasStaticBefore = { ...((context && context.mutantCoverage && context.mutantCoverage.static) || {}) };

for (const mod of (process.env[LAZY_MODULES_ENV] || '').split(',').filter(Boolean)) {
  require(path.join(__dirname, '..', '..', mod));
}

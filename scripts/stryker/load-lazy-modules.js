// Jest setup file for mutation runs (stryker.config.mjs adds it when the run mutates a lazily required module; see
// ./lazy-modules.js): requires those modules through jest's registry, from the sandbox this file is in, before the
// first test.
'use strict';
const path = require('path');

for (const mod of (process.env.STRYKER_LAZY_MODULES || '').split(',').filter(Boolean)) {
  require(path.join(__dirname, '..', '..', mod));
}

// Jest `testSequencer` for mutation runs only (stryker.config.mjs sets it): jest's own order, then the test files
// that have killed the most mutants so far in this process first. With ./jest-circus-bail-runner.js a killed mutant
// then usually costs one file. Order changes time only, never which mutants are killed.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;
const { killsByFile } = require('./coverage-map');

class KillsFirstSequencer extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    return [...ordered].sort((a, b) => (killsByFile.get(b.path) || 0) - (killsByFile.get(a.path) || 0));
  }
}

module.exports = KillsFirstSequencer;

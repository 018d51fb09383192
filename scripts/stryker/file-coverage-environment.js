// Jest test environment for mutation runs only (stryker.config.mjs sets it; `npm test` uses jest's plain `node`).
//
// Three jobs, all about time, none about which mutants count as killed:
//
// 1. Dry run (no active mutant): record, per test file, the mutants it reached outside any test (module scope,
//    describe scope, beforeAll) and the mutants each of its tests reached, as one JSON line in
//    $STRYKER_FILE_COVERAGE. Stryker's jest runner otherwise loads every test file related by imports for every
//    mutant (about 25 files, 5-6 s before a single test runs), and runs all of their tests for a mutant that any
//    file reaches outside a test ("static": 89% of lib/renderers' mutants).
// 2. Mutant runs: ./file-filter.js keeps the files that reached the active mutant, and this environment skips a
//    test that did not reach it, unless its file reached it outside tests (then every test of the file may observe
//    it). Code a test never executed runs exactly as without the mutant, so that test cannot kill it; this is the
//    rule Stryker's own per-test coverage applies to non-static mutants, applied per file to static ones too.
// 3. Mutant runs: once a test or hook has failed, the mutant is killed; later tests of the same run are skipped,
//    and ./jest-circus-bail-runner.js does not even load the later files (jest cannot bail programmatically, see
//    @stryker-mutator/jest-runner's override options); ./kills-first-sequencer.js runs the files that killed most
//    mutants so far first. Survivors still run every test that reached them.
'use strict';
const fs = require('fs');
const { TestEnvironment } = require('jest-environment-node');
const { reachedBy, killed, recordKill } = require('./coverage-map');

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

/** The test's full name as Stryker's jest environment mixin builds it (describe names, then the test name). */
function fullName(test) {
  const names = [test.name];
  for (let block = test.parent; block && block.parent; block = block.parent) names.unshift(block.name);
  return names.join(' ').trimStart();
}

/** A copy of one coverage bucket ({mutant id: hits}). */
const copy = (bucket) => ({ ...(bucket || {}) });
/** Ids whose hit count grew since `before`. */
const grown = (before, after) => Object.keys(after || {}).filter((id) => after[id] > (before[id] || 0));

class FileCoverageEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const testPath = context.testPath;
    const recording = process.env[ACTIVE_MUTANT] === undefined && Boolean(process.env.STRYKER_FILE_COVERAGE);
    let staticBefore;
    let testBefore;
    const tests = {};
    // Stryker's mixin puts the shared instrumenter context on the global after this constructor ran.
    const coverage = () => {
      const context = this.global[this.global.__strykerGlobalNamespace__ || '__stryker__'];
      return (context && context.mutantCoverage) || { static: {}, perTest: {} };
    };

    this.recordStart = () => {
      // The copy taken by ./load-lazy-modules.js before it required anything, when it ran (jest runs setup files
      // before setup()); else one taken now.
      if (recording) staticBefore = this.global.__codecanvasStaticBefore ?? copy(coverage().static);
    };
    this.recordEnd = () => {
      if (!recording || !staticBefore) return;
      const record = { file: testPath, static: grown(staticBefore, coverage().static), tests };
      fs.appendFileSync(process.env.STRYKER_FILE_COVERAGE, `${JSON.stringify(record)}\n`);
    };

    // An own property (not a method): the mixin grabs it in its constructor and calls it unbound.
    this.handleTestEvent = async (event) => {
      const mutant = process.env[ACTIVE_MUTANT];
      if (mutant === undefined) {
        if (!recording) return;
        if (event.name === 'test_start') testBefore = copy(coverage().perTest[fullName(event.test)]);
        else if (event.name === 'test_done') {
          const name = fullName(event.test);
          const reached = grown(testBefore || {}, coverage().perTest[name]);
          tests[name] = [...new Set([...(tests[name] || []), ...reached])];
        }
        return;
      }
      if (event.name === 'test_fn_failure' || event.name === 'hook_failure') recordKill(mutant, testPath);
      else if (event.name === 'test_start') {
        if (killed.has(mutant)) event.test.mode = 'skip';
        else if (!reaches(mutant, testPath, fullName(event.test))) event.test.mode = 'skip';
      }
    };
  }

  async setup() {
    await super.setup();
    this.recordStart();
  }

  async teardown() {
    this.recordEnd();
    await super.teardown();
  }
}

/** Whether, in the dry run, the test (or its file outside tests) reached the mutant; true when nothing is known. */
function reaches(mutant, testPath, testName) {
  const files = reachedBy().get(mutant);
  if (!files || !files.has(testPath)) return true;
  const tests = files.get(testPath);
  return tests === true || tests.has(testName);
}

module.exports = FileCoverageEnvironment;

// The dry run's record of which test files and tests reached which mutant (see ./file-coverage-environment.js),
// read once per process: the dry run has finished before the first mutant run reads it.
'use strict';
const fs = require('fs');

let map;

/**
 * mutant id -> Map(test file -> `true` when the file reached it outside any test (module scope, beforeAll), else
 * the Set of full test names that reached it).
 */
function reachedBy() {
  if (map) return map;
  map = new Map();
  const file = process.env.STRYKER_FILE_COVERAGE;
  if (!file || !fs.existsSync(file)) return map;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line);
    const at = (id) => {
      if (!map.has(id)) map.set(id, new Map());
      return map.get(id);
    };
    for (const id of record.static) at(id).set(record.file, true);
    for (const [test, ids] of Object.entries(record.tests)) {
      for (const id of ids) {
        const files = at(id);
        const tests = files.get(record.file);
        if (tests === true) continue;
        if (tests) tests.add(test);
        else files.set(record.file, new Set([test]));
      }
    }
  }
  return map;
}

/**
 * State of the mutant runs in this process, shared by the environment, the runner and the sequencer (one Node
 * module, loaded once outside the test sandboxes): the mutants with a failure already, and how many mutants each
 * test file has killed so far (the sequencer runs the most effective files first).
 */
const killed = new Set();
const killsByFile = new Map();

function recordKill(mutant, testPath) {
  if (!killed.has(mutant)) killsByFile.set(testPath, (killsByFile.get(testPath) || 0) + 1);
  killed.add(mutant);
}

module.exports = { reachedBy, killed, killsByFile, recordKill };

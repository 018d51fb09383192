// Jest `filter` for mutation runs only (stryker.config.mjs sets it). During a mutant run it keeps the test files
// that reached the active mutant in Stryker's dry run, as ./file-coverage-environment.js recorded them. Without a
// record for the mutant (or when nothing would remain) it keeps every file jest proposed: never fewer tests than
// Stryker's own findRelatedTests choice on a guess.
'use strict';
const { reachedBy } = require('./coverage-map');

module.exports = async function filter(testPaths) {
  const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
  if (mutant === undefined) return { filtered: testPaths };
  const files = reachedBy().get(mutant);
  const kept = files ? testPaths.filter((p) => files.has(p)) : [];
  return { filtered: kept.length > 0 ? kept : testPaths };
};

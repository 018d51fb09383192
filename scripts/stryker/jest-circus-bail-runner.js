// Jest `testRunner` for mutation runs only (stryker.config.mjs sets it): jest-circus, except that a test file is
// not loaded at all once the active mutant has a failing test in an earlier file of the same run (the mutant is
// killed; loading the file would cost its module graph and describe-scope synthesis for nothing). The file then
// reports one skipped placeholder test (jest refuses a file result without tests), which Stryker counts as skipped. The name keeps "jest-circus": Stryker's jest runner requires a circus
// runner for perTest coverage and recognizes it by name.
'use strict';
const { createEmptyTestResult } = require('@jest/test-result');
const circusModule = require('jest-circus/runner');
const circus = circusModule.default || circusModule;
const { killed } = require('./coverage-map');

module.exports = async function bailRunner(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
  const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
  if (mutant !== undefined && killed.has(mutant)) {
    const placeholder = {
      ancestorTitles: [],
      duration: 0,
      failureDetails: [],
      failureMessages: [],
      fullName: 'not loaded: the mutant is killed already',
      numPassingAsserts: 0,
      status: 'pending',
      title: 'not loaded: the mutant is killed already',
    };
    return { ...createEmptyTestResult(), testFilePath: testPath, numPendingTests: 1, skipped: true, testResults: [placeholder] };
  }
  return circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest);
};

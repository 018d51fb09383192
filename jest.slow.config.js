// The slow tier: proofs that spawn whole tools and take tens of seconds each (npm pack + a consumer's tsc, the
// TypeScript compiler over the public API), and every test that starts Node on main.ts, the bin or a bundle (each
// run loads the whole synthesis). Run with `npm run test:slow`; `.ci/run` runs it after `npm test`.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/slow'],
  testMatch: ['**/*.slow.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One temporary folder per run, removed at its end (test/temp-dir.js).
  globalSetup: '<rootDir>/test/temp-dir-setup.js',
  globalTeardown: '<rootDir>/test/temp-dir-teardown.js',
  testTimeout: 300000,
};

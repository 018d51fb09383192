// Unit and output tests: transpile-only through @swc/jest (type-checking is `npm run typecheck`), with source maps
// kept apart from the code (sourceMaps: true; @swc/jest's default inlines them as base64, which made V8 compile a
// 2.3 MB text for a 0.4 MB module of imports/ in every test file; stack traces map to the TypeScript lines either way).
// The slow tier (npm pack, API docs through the compiler) is test/slow (`npm run test:slow`); the cluster tier (real
// kube-apiserver) is test/cluster (`npm run test:cluster`). Two workers: jest's default on two cores is one.
// `npm test` starts jest with a 32 MB young generation (`--max-semi-space-size=32`, inherited by the workers): fewer
// scavenges of the many short-lived objects of synthesis and YAML parsing, about 3 % less CPU time over the tier.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: true }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One temporary folder per run, removed at its end (test/temp-dir.js).
  globalSetup: '<rootDir>/test/temp-dir-setup.js',
  globalTeardown: '<rootDir>/test/temp-dir-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};

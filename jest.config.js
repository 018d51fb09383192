// Unit and output tests: transpile-only through @swc/jest (type-checking is `npm run typecheck`).
// The slow tier (npm pack, API docs through the compiler) is test/slow (`npm run test:slow`); the cluster tier (real
// kube-apiserver) is test/cluster (`npm run test:cluster`). Two workers: jest's default on two cores is one.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  maxWorkers: 2,
};

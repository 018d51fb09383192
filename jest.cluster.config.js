// The cluster tier: tests against a real etcd + kube-apiserver (test/cluster/envtest.ts), built by
// `bash tools/build.sh` into .cache/assets/<version>/. Run with `npm run test:cluster`; suites skip with a message
// when the binaries are missing. One worker: each suite starts its own control plane.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 300000,
  maxWorkers: 1,
};

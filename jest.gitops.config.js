// The gitops tier: the real Argo CD and Flux controllers sync the synthesized output from a Git server on loopback
// (test/gitops, see README "The gitops tier"). Binaries from `bash tools/build.sh all gitops`; the packaged chart
// from env CODECANVAS_CHART. Run with `npm run test:gitops`; without the binaries a suite skips with one line, except
// under CI=true where it fails. One worker: each suite starts its own control planes and controllers.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/gitops'],
  testMatch: ['**/*.gitops.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 600000,
  maxWorkers: 1,
};

// Jest's globalSetup and globalTeardown for every tier: one temporary folder per jest run, removed at its end.
// Tests, the code they run (cdk8s's Testing.app() makes a folder per app) and the processes they start all make their
// temporary files under os.tmpdir(), which reads TMPDIR; jest starts its workers after globalSetup, so they inherit it.
// Without it a run of `npm test` left about 2,400 folders in the machine's /tmp, and CI machines are reused.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

/** globalSetup: make the run's folder and point TMPDIR at it (the previous value is kept for the teardown). */
function setup() {
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codecanvas-jest-'));
  globalThis.__codecanvasTempDir = { dir, previous };
  process.env.TMPDIR = dir;
}

/** globalTeardown: remove the run's folder and restore TMPDIR, so that a later run in this process starts afresh. */
function teardown() {
  const state = globalThis.__codecanvasTempDir;
  if (!state) return;
  delete globalThis.__codecanvasTempDir;
  if (state.previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = state.previous;
  fs.rmSync(state.dir, { recursive: true, force: true, maxRetries: 3 });
}

module.exports = { setup, teardown };

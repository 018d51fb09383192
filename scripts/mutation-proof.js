#!/usr/bin/env node
// npm run test:mutation:proof: proves the mutation setup observes what the example synthesis produces.
// Stryker mutates one output-changing line (stryker.config.mjs PROOF: the StorageClass's `parameters`) and runs
// ONLY __tests__/mutation-proof.test.ts, whose example synthesis happens at describe scope, outside any test. Every mutant on the line
// must be static (covered outside tests) and Killed; with `ignoreStatic: true`, or a runner that cached modules
// between mutants, they would be Ignored or Survived. Exit 0 when the proof holds, 1 otherwise.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

async function main() {
  const { PROOF } = await import(path.join(root, 'stryker.config.mjs'));
  const report = path.join(root, PROOF.report);
  fs.rmSync(report, { force: true });
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), ['run'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRYKER_PROOF: '1' },
  });
  if (r.status !== 0 || !fs.existsSync(report)) return fail(`stryker run failed (exit ${r.status})`);
  const [file, range] = PROOF.mutate.split(':');
  const line = range.split('-')[0];
  const mutants = JSON.parse(fs.readFileSync(report, 'utf8')).files[file]?.mutants ?? [];
  const onLine = mutants.filter((m) => m.location.start.line === Number(line));
  const show = (m) => `${m.mutatorName} ${JSON.stringify(m.replacement)} at ${file}:${m.location.start.line}:${m.location.start.column}: ${m.status}${m.static ? ' (static)' : ''}`;
  onLine.forEach((m) => process.stdout.write(`  ${show(m)}\n`));
  if (onLine.length === 0) return fail(`no mutants on ${PROOF.mutate}`);
  const notKilled = onLine.filter((m) => m.status !== 'Killed');
  if (notKilled.length > 0) return fail(`not killed:\n${notKilled.map(show).join('\n')}`);
  if (!onLine.some((m) => m.static)) return fail('no mutant on the line is static: the proof no longer exercises describe-scope synthesis');
  process.stdout.write(`\nproof holds: ${onLine.length} output-changing mutant(s) on ${PROOF.mutate}, reached only by describe-scope synthesis, all Killed\n`);
  return undefined;
}

function fail(message) {
  process.stderr.write(`mutation proof FAILED: ${message}\n`);
  process.exitCode = 1;
}

main();

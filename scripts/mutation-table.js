#!/usr/bin/env node
// Prints the per-folder mutation table (Markdown) from the JSON reports that `npm run test:mutation` wrote in
// reports/mutation/: killed, timeout, survived, no coverage, score, and the run's wall time and machine load.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = path.resolve(__dirname, '..', 'reports', 'mutation');

/** Counts per status and the score as Stryker computes it: detected / (detected + undetected). */
function summarize(report) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, RuntimeError: 0, CompileError: 0 };
  for (const file of Object.values(report.files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  const mutants = Object.values(counts).reduce((a, n) => a + n, 0);
  return { ...counts, mutants, score: valid === 0 ? NaN : (100 * detected) / valid };
}

function table() {
  const rows = [];
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const m = file.match(/^(.+)\.json$/);
    if (!m || file.endsWith('.incremental.json') || file.endsWith('.run.json')) continue;
    const s = summarize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const runFile = path.join(dir, `${m[1]}.run.json`);
    const run = fs.existsSync(runFile) ? JSON.parse(fs.readFileSync(runFile, 'utf8')) : undefined;
    rows.push(
      `| lib/${m[1]} | ${s.mutants} | ${s.Killed} | ${s.Timeout} | ${s.Survived} | ${s.NoCoverage} | ${s.Ignored} | ${s.RuntimeError + s.CompileError} | ${s.score.toFixed(1)} % | ` +
        `${run ? `${run.seconds} s${run.incremental ? ' (incremental)' : ''}, concurrency ${run.concurrency}, load ${run.loadBefore}` : '?'} |`,
    );
  }
  return [
    '| folder | mutants | killed | timeout | survived | no coverage | marked equivalent | errors | score | wall time, concurrency, load (1-min avg at start) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

// `--readme`: replace the table between the mutation markers in README.md; otherwise print it.
if (process.argv.includes('--readme')) {
  const readme = path.resolve(__dirname, '..', 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- mutation:start -->';
  const end = '<!-- mutation:end -->';
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  const intro = process.argv[process.argv.indexOf('--readme') + 1] ?? '';
  fs.writeFileSync(readme, `${before}\n${intro ? `${intro}\n\n` : ''}${table()}\n${after}`);
} else {
  process.stdout.write(`${table()}\n`);
}

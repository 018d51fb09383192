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

/** One table row: the counts, and the wall times and loads of the runs behind them. */
function row(name, s, runs) {
  const time = runs.every(Boolean)
    ? runs.map((run) => `${run.seconds} s${run.incremental ? ' (incremental)' : ''}, concurrency ${run.concurrency}, load ${run.loadBefore}`).join(' + ')
    : '?';
  return `| ${name} | ${s.mutants} | ${s.Killed} | ${s.Timeout} | ${s.Survived} | ${s.NoCoverage} | ${s.Ignored} | ${s.RuntimeError + s.CompileError} | ${s.score.toFixed(1)} % | ${time} |`;
}

/** The runs' reports by tag (`constructs`, `config-schema`, …), with their run.json when there is one. */
function reports() {
  const found = new Map();
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const m = file.match(/^(.+)\.json$/);
    if (!m || file.endsWith('.incremental.json') || file.endsWith('.run.json')) continue;
    const runFile = path.join(dir, `${m[1]}.run.json`);
    found.set(m[1], {
      report: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
      run: fs.existsSync(runFile) ? JSON.parse(fs.readFileSync(runFile, 'utf8')) : undefined,
    });
  }
  return found;
}

/**
 * A row per report, named by its folder (stryker.config.mjs MUTATION_FOLDERS, reportTag); a folder split into parts
 * (MUTATION_PARTS) gets a row per part and a row adding them up. Reports of other runs (`all`, several folders at
 * once) keep their tag as name.
 */
async function table() {
  const { MUTATION_FOLDERS, MUTATION_PARTS, reportTag } = await import(path.resolve(__dirname, '..', 'stryker.config.mjs'));
  const found = reports();
  const rows = [];
  const done = new Set();
  for (const folder of MUTATION_FOLDERS) {
    const parts = MUTATION_PARTS[folder];
    if (!parts) {
      const r = found.get(reportTag(folder));
      if (r) rows.push(row(`\`${folder}\``, summarize(r.report), [r.run]));
      done.add(reportTag(folder));
      continue;
    }
    const present = Object.keys(parts)
      .map((p) => [p, found.get(reportTag(folder, p))])
      .filter(([, r]) => r);
    for (const [p, r] of present) {
      rows.push(row(`\`${folder}\` (${parts[p].join(' ')})`, summarize(r.report), [r.run]));
      done.add(reportTag(folder, p));
    }
    if (present.length === Object.keys(parts).length) {
      const merged = { files: Object.assign({}, ...present.map(([, r]) => r.report.files)) };
      rows.push(row(`**\`${folder}\`**`, summarize(merged), present.map(([, r]) => r.run)));
    }
  }
  for (const [tag, { report, run }] of found) if (!done.has(tag)) rows.push(row(tag, summarize(report), [run]));
  return [
    '| folder | mutants | killed | timeout | survived | no coverage | marked equivalent | errors | score | wall time, concurrency, load (1-min avg at start) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

// `--readme`: replace the table between the mutation markers in CONTRIBUTING.md; otherwise print it.
async function main() {
  const text = await table();
  if (!process.argv.includes('--readme')) {
    process.stdout.write(`${text}\n`);
    return;
  }
  const readme = path.resolve(__dirname, '..', 'CONTRIBUTING.md');
  const current = fs.readFileSync(readme, 'utf8');
  const start = '<!-- mutation:start -->';
  const end = '<!-- mutation:end -->';
  const before = current.slice(0, current.indexOf(start) + start.length);
  const after = current.slice(current.indexOf(end));
  const intro = process.argv[process.argv.indexOf('--readme') + 1] ?? '';
  fs.writeFileSync(readme, `${before}\n${intro ? `${intro}\n\n` : ''}${text}\n${after}`);
}

main();

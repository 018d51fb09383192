#!/usr/bin/env node
// npm run test:mutation [-- FOLDER...] [-- STRYKER OPTIONS]
// Runs StrykerJS over lib/ folders, one Stryker run per folder, each with its own incremental file and reports in
// reports/mutation/<folder>.{json,html}. Without folders: stryker.config.mjs's MUTATION_FOLDERS. A folder is an
// argument starting with `lib` (or `all`: every file of lib/ except the I/O shells); every other argument goes to
// `stryker run` unchanged (e.g. `--concurrency 1`, `--force` to ignore the incremental file).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const isFolder = (a) => /^lib(\/|$)/.test(a) || a === 'all';

async function main() {
  const args = process.argv.slice(2);
  const passThrough = args.filter((a) => !isFolder(a));
  let folders = args.filter(isFolder);
  if (folders.length === 0) ({ MUTATION_FOLDERS: folders } = await import(path.join(root, 'stryker.config.mjs')));
  const summary = [];
  for (const folder of folders) {
    const started = Date.now();
    const load = os.loadavg()[0].toFixed(1);
    const incremental = !passThrough.includes('--force') && fs.existsSync(path.join(root, 'reports', 'mutation', `${tag(folder)}.incremental.json`));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), ['run', ...passThrough], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, STRYKER_FOLDERS: folder },
    });
    const run = {
      folder,
      status: r.status,
      seconds: Math.round((Date.now() - started) / 1000),
      concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
      incremental,
      loadBefore: load,
      cpus: os.cpus().length,
    };
    // Runtime and machine load next to the report, for the README table (scripts/mutation-table.js).
    fs.mkdirSync(path.join(root, 'reports', 'mutation'), { recursive: true });
    fs.writeFileSync(path.join(root, 'reports', 'mutation', `${tag(folder)}.run.json`), `${JSON.stringify(run, null, 2)}\n`);
    summary.push(run);
  }
  process.stdout.write(`\n${summary.map((s) => `${s.folder}: exit ${s.status}, ${s.seconds} s`).join('\n')}\n`);
  process.stdout.write('Reports in reports/mutation/; per-folder table: node scripts/mutation-table.js\n');
  process.exitCode = summary.every((s) => s.status === 0) ? 0 : 1;
}

/** The report name stryker.config.mjs uses for a single folder. */
function tag(folder) {
  return folder.replace(/\/+$/, '').replace(/^lib\/?/, '') || 'lib';
}

main();

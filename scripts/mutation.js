#!/usr/bin/env node
// npm run test:mutation [-- FOLDER[:PART]...] [-- STRYKER OPTIONS]
// Runs StrykerJS over folders of lib/ and cli/, one Stryker run per folder, each with its own incremental file and
// reports in reports/mutation/<tag>.{json,html} (stryker.config.mjs's reportTag: `lib-secrets`, `cli-top` for the
// files directly in cli/). A folder split in MUTATION_PARTS runs once per part (<tag>-<part>.*); `lib/config:schema`
// runs one part. Without folders: MUTATION_FOLDERS. A folder is an argument starting with `lib` or `cli` (quote the
// `'lib/*.ts'` and `'cli/*.ts'` entries), or `all` (every file of lib/ and cli/ except the I/O shells, in one run);
// every other argument goes to `stryker run` unchanged (e.g. `--concurrency 1`, `--force` to ignore the incremental
// file).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const isFolder = (a) => /^(lib|cli)(\/|$)/.test(a) || a === 'all';

async function main() {
  const args = process.argv.slice(2);
  const passThrough = args.filter((a) => !isFolder(a));
  const { MUTATION_FOLDERS, MUTATION_PARTS, reportTag } = await import(path.join(root, 'stryker.config.mjs'));
  // Importing the config set STRYKER_FILE_COVERAGE for this process; each run records its own dry run afresh.
  delete process.env.STRYKER_FILE_COVERAGE;
  const folders = args.filter(isFolder);
  const runs = runsOf(folders.length === 0 ? MUTATION_FOLDERS : folders, MUTATION_PARTS);
  const summary = [];
  for (const { folder, part } of runs) {
    const started = Date.now();
    const load = os.loadavg()[0].toFixed(1);
    const incremental = !passThrough.includes('--force') && fs.existsSync(path.join(root, 'reports', 'mutation', `${reportTag(folder, part)}.incremental.json`));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'stryker'), ['run', ...passThrough], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, STRYKER_FOLDERS: folder, ...(part ? { STRYKER_PART: part } : {}) },
    });
    const run = {
      folder,
      ...(part ? { part } : {}),
      status: r.status,
      seconds: Math.round((Date.now() - started) / 1000),
      concurrency: concurrencyOf(passThrough),
      incremental,
      loadBefore: load,
      cpus: os.cpus().length,
    };
    // Runtime and machine load next to the report, for the README table (scripts/mutation-table.js).
    fs.mkdirSync(path.join(root, 'reports', 'mutation'), { recursive: true });
    fs.writeFileSync(path.join(root, 'reports', 'mutation', `${reportTag(folder, part)}.run.json`), `${JSON.stringify(run, null, 2)}\n`);
    summary.push(run);
  }
  process.stdout.write(`\n${summary.map((s) => `${s.folder}${s.part ? `:${s.part}` : ''}: exit ${s.status}, ${s.seconds} s`).join('\n')}\n`);
  process.stdout.write('Reports in reports/mutation/; per-folder table: node scripts/mutation-table.js\n');
  process.exitCode = summary.every((s) => s.status === 0) ? 0 : 1;
}

/**
 * The concurrency the runs use: a `--concurrency N` (or `--concurrency=N`) passed to Stryker wins over the config's
 * STRYKER_CONCURRENCY, whose default is 2 (stryker.config.mjs).
 */
function concurrencyOf(passThrough) {
  for (let i = 0; i < passThrough.length; i++) {
    const a = passThrough[i];
    if (a === '--concurrency' || a === '-c') return Number(passThrough[i + 1]);
    if (a.startsWith('--concurrency=')) return Number(a.slice('--concurrency='.length));
  }
  return Number(process.env.STRYKER_CONCURRENCY ?? 2);
}

/** One Stryker run per folder, or per part of a split folder; `folder:part` names one part. */
function runsOf(args, parts) {
  return args.flatMap((arg) => {
    const [folder, part] = arg.replace(/\/+(?=:|$)/, '').split(':');
    if (part !== undefined) {
      if (!parts[folder]?.[part]) throw new Error(`${arg}: ${folder} has no part ${part} in MUTATION_PARTS`);
      return [{ folder, part }];
    }
    return parts[folder] ? Object.keys(parts[folder]).map((p) => ({ folder, part: p })) : [{ folder }];
  });
}

module.exports = { concurrencyOf, runsOf };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`test:mutation: ${e.message}\n`);
    process.exitCode = 2;
  });
}

// `npm run bench`: how long a synth takes, against the stock cdk8s way (ts-node with type-checking) and against
// the floor (Node start-up + loading cdk8s-plus-28), how it scales with the number of dev-environment clusters,
// and how long the test suite takes. Everything is measured in one run so the ratios compare like with like.
//
//   npm run bench [-- --quick] [-- --json FILE] [--runs N] [--sizes 1,10,100,500] [--skip-stock] [--skip-tests]
//
// Each row: warm-up run(s), then >= 5 timed runs (3 for `npm test`, fewer everywhere with --quick); the table
// shows median, min and max. Child processes are timed with process.hrtime.bigint() around spawnSync and their
// peak RSS is read from `/usr/bin/time -f %M` per run. Outputs go to a temporary directory (never dist/).
// Timing is not asserted anywhere: this is a report, not a test.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeScaledConfigs } from './configs';
import { describeMachine, Machine, machineLine, versionsLine } from './machine';
import { Command, gnuTimeAvailable, measure, measureInterleaved, median, Row, stats } from './measure';
import { WorkerResult } from './worker-result';

interface Options {
  readonly quick: boolean;
  readonly json?: string;
  readonly runs: number;
  readonly stockRuns: number;
  readonly testRuns: number;
  readonly warmups: number;
  readonly sizes: readonly number[];
  readonly skipStock: boolean;
  readonly skipTests: boolean;
}

const USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--runs N] [--sizes 1,10,100,500] [--skip-stock] [--skip-tests]
  --quick        3 timed runs per row (2 for ts-node, 1 for npm test), sizes 1,10,100
  --json FILE    also write every sample and the verdicts as JSON
  --runs N       timed runs per row (default 5; npm test: 3)
  --sizes LIST   cluster counts for the scaling rows
  --skip-stock   leave out the (slow) ts-node baseline
  --skip-tests   leave out npm test`;

function parseOptions(argv: readonly string[]): Options {
  let quick = false;
  let json: string | undefined;
  let runs: number | undefined;
  let sizes: number[] | undefined;
  let skipStock = false;
  let skipTests = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = path.resolve(value());
    else if (arg.startsWith('--json=')) json = path.resolve(arg.slice('--json='.length));
    else if (arg === '--runs') runs = positive(value(), arg);
    else if (arg === '--sizes') sizes = value().split(',').map((s) => positive(s, arg));
    else if (arg === '--skip-stock') skipStock = true;
    else if (arg === '--skip-tests') skipTests = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return {
    quick,
    json,
    runs: runs ?? (quick ? 3 : 5),
    stockRuns: runs ?? (quick ? 2 : 5),
    testRuns: runs ?? (quick ? 1 : 3),
    warmups: 1,
    sizes: sizes ?? (quick ? [1, 10, 100] : [1, 10, 100, 500]),
    skipStock,
    skipTests,
  };
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${flag}: expected a positive integer, got ${text}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** The package root: the folder above this file's bundle (.cache/build) or source (bench/) holding package.json. */
function findRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'codecanvas-cdk8s') return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the codecanvas-cdk8s package root');
  }
}

const progress = (message: string) => process.stderr.write(`  ${message.split('\n')[0]}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Commands

interface Context {
  readonly root: string;
  readonly scratch: string;
  /** The environment every child starts from: ours minus anything that would redirect config, output or ts-node. */
  readonly env: NodeJS.ProcessEnv;
  readonly example: string;
  readonly opts: Options;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'CODECANVAS_CONFIG' || key.startsWith('CDK8S_') || key.startsWith('TS_NODE_')) delete env[key];
  }
  return env;
}

/**
 * A synth command: CODECANVAS_CONFIG points at `config`, and every run writes into a fresh directory under the
 * scratch folder (CDK8S_OUTDIR for the app, CDK8S_OUTPUT for `cdk8s synth`, which passes it on as CDK8S_OUTDIR),
 * which is checked and removed after the run.
 */
function synthCommand(ctx: Context, id: string, argv: string[], config: string, expectedFiles?: number): Command {
  const env: NodeJS.ProcessEnv = { ...ctx.env, CODECANVAS_CONFIG: config };
  let outdir = '';
  return {
    argv,
    cwd: ctx.root,
    env,
    before: (run) => {
      outdir = path.join(ctx.scratch, 'out', `${id}-${run}-${Date.now()}`);
      env.CDK8S_OUTDIR = outdir;
      env.CDK8S_OUTPUT = outdir;
    },
    after: () => {
      const found = countFiles(outdir);
      if (found === 0 || !fs.existsSync(path.join(outdir, 'INSTALL.md'))) throw new Error(`${id}: no output in ${outdir}`);
      if (expectedFiles !== undefined && found !== expectedFiles) {
        throw new Error(`${id}: ${found} files in ${outdir}, expected ${expectedFiles}`);
      }
      fs.rmSync(outdir, { recursive: true, force: true });
    },
  };
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}

/**
 * `codecanvas-cdk8s synth` as the installed package runs it: the CLI bundle that `npm run build` writes into
 * build/cli/ (built once before measuring), not the run-time esbuild bundle of `npm run synth`.
 */
const COMPILED_SYNTH =
  "require('./build/cli/codecanvas-cdk8s.js').main(['synth', '--out', process.env.CDK8S_OUTDIR], { stdout: (s) => process.stdout.write(s), " +
  'stderr: (s) => process.stderr.write(s), env: process.env, cwd: process.cwd() }).then((code) => { process.exitCode = code; })';

/** The in-process worker, bundled once up front so its timings and start-up exclude the esbuild step. */
function workerBundle(root: string): string {
  const runTs = require(path.join(root, 'scripts', 'run-ts.js')) as { bundleFor: (entry: string) => string };
  const cwd = process.cwd();
  try {
    process.chdir(root);
    return runTs.bundleFor(path.join(root, 'bench', 'inproc-worker.ts'));
  } finally {
    process.chdir(cwd);
  }
}

interface InProcess {
  readonly config: string;
  readonly result?: WorkerResult;
  readonly error?: string;
}

function runWorker(ctx: Context, bundle: string, config: string, runs: number): InProcess {
  const dir = fs.mkdtempSync(path.join(ctx.scratch, 'inproc-'));
  const argv = [bundle, config, String(ctx.opts.warmups), String(runs), dir];
  const r = spawnSync(process.execPath, argv, { cwd: ctx.root, env: ctx.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) return { config, error: `exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-20).join('\n')}` };
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { config, result: JSON.parse(last) as WorkerResult };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

function fmtMiB(kib: number | undefined): string {
  return kib === undefined || !Number.isFinite(kib) ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // Text columns (the first, and the last when it holds commands or notes) left-aligned, numbers right-aligned.
  const align = header.map((h, i) => (i === 0 || /command|note|measured|verdict/i.test(h) ? ':--' : '--:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function rowCells(row: Row): string[] {
  if (row.samples.length === 0) return [row.label, '0', 'FAILED', '', '', '', '', `\`${row.command}\``];
  const t = stats(row.samples.map((s) => s.ms));
  const rss = row.samples.map((s) => s.rssKiB).filter((v): v is number => v !== undefined);
  const failures = row.samples.filter((s) => s.exitCode !== 0).length;
  const note = [row.note, failures > 0 ? `${failures}/${row.samples.length} runs exited non-zero` : undefined].filter(Boolean).join('; ');
  return [
    row.label,
    `${row.samples.length}`,
    fmtMs(t.median),
    fmtMs(t.min),
    fmtMs(t.max),
    rss.length > 0 ? fmtMiB(median(rss)) : 'n/a',
    median(row.samples.map((s) => s.load1)).toFixed(1),
    note ? `\`${row.command}\` (${note})` : `\`${row.command}\``,
  ];
}

function inProcessCells(label: string, runs: number[], ip: InProcess, what: string): string[] {
  if (!ip.result) return [label, '0', 'FAILED', '', '', '', '', ip.error ?? ''];
  const t = stats(runs);
  return [
    label,
    `${runs.length}`,
    fmtMs(t.median),
    fmtMs(t.min),
    fmtMs(t.max),
    `${fmtMiB(ip.result.maxRssKiB)}¹`,
    '',
    `${what}; module load excluded (start-up + load in the worker: ${fmtMs(ip.result.startupMs)})`,
  ];
}

const rowMedian = (row: Row | undefined): number => (row && row.samples.length > 0 ? median(row.samples.map((s) => s.ms)) : NaN);

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED';
}

// ---------------------------------------------------------------------------------------------------------------

interface Scaling {
  readonly size: number;
  readonly entry: Row;
  readonly inProcess: InProcess;
}

function main(): void {
  const started = process.hrtime.bigint();
  const opts = parseOptions(process.argv.slice(2));
  const root = findRoot();
  const machine: Machine = describeMachine(root);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'codecanvas-bench-'));
  const ctx: Context = { root, scratch, env: baseEnv(), example: path.join(root, 'examples', 'aks.yaml'), opts };
  const node = process.execPath;
  const header = ['Measurement', 'runs', 'median', 'min', 'max', 'peak RSS', 'load', 'command / note'];

  process.stderr.write(`${machineLine(machine)}\nscratch: ${scratch}\n`);
  if (machine.loadAtStart[0] > machine.cores) {
    process.stderr.write(`warning: load average ${machine.loadAtStart[0].toFixed(1)} on ${machine.cores} cores; other work is running, times are inflated\n`);
  }
  if (!gnuTimeAvailable()) process.stderr.write('note: /usr/bin/time not found; peak RSS from a --require hook (Node processes only)\n');

  try {
    // 1 + 2: the example through each entry, and the baselines, interleaved run by run.
    process.stderr.write('\n[0/4] npm run build (for the compiled row; not timed)\n');
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
    process.stderr.write('\n[1/4] example synth and baselines (interleaved)\n');
    const specs: { id: string; label: string; command: Command; runs: number }[] = [
      { id: 'floor', label: 'floor: node -e "require(\'cdk8s-plus-28\')"', command: { argv: [node, '-e', "require('cdk8s-plus-28')"], cwd: root, env: ctx.env }, runs: opts.runs },
      { id: 'entry', label: "entry: npm run synth's command", command: synthCommand(ctx, 'entry', [node, 'scripts/run-ts.js', 'main.ts'], ctx.example), runs: opts.runs },
      {
        id: 'compiled',
        label: 'installed bin: build/cli bundle (codecanvas-cdk8s synth)',
        command: synthCommand(ctx, 'compiled', [node, '-e', COMPILED_SYNTH], ctx.example),
        runs: opts.runs,
      },
      { id: 'npm', label: 'npm run synth', command: synthCommand(ctx, 'npm', ['npm', 'run', '--silent', 'synth'], ctx.example), runs: opts.runs },
      {
        id: 'cdk8s',
        label: 'npx cdk8s synth',
        command: synthCommand(ctx, 'cdk8s', ['npx', 'cdk8s', 'synth', '--no-check-upgrade'], ctx.example),
        runs: opts.runs,
      },
    ];
    if (!opts.skipStock) {
      specs.push({
        id: 'stock',
        label: 'stock cdk8s way: npx ts-node main.ts (type-checked)',
        command: synthCommand(ctx, 'stock', ['npx', 'ts-node', 'main.ts'], ctx.example),
        runs: opts.stockRuns,
      });
    }
    const entryRows = measureInterleaved(specs, scratch, opts.warmups, progress);
    const byId = new Map(entryRows.map((r) => [r.id, r]));
    byId.get('cdk8s')!.note = 'upgrade check off';
    if (byId.has('stock')) byId.get('stock')!.note = 'project tsconfig, type-checking on';

    const bundle = workerBundle(root);
    progress('in-process: example');
    const inProcExample = runWorker(ctx, bundle, ctx.example, opts.runs);
    if (inProcExample.error) progress(`FAILED in-process: ${inProcExample.error}`);

    // 3: scaling.
    process.stderr.write(`\n[2/4] scaling: ${opts.sizes.join(', ')} dev-environment clusters\n`);
    const configs = writeScaledConfigs(ctx.example, opts.sizes, scratch);
    const scaling: Scaling[] = [];
    for (const size of opts.sizes) {
      const config = configs.get(size)!;
      const inProcess = runWorker(ctx, bundle, config, opts.runs);
      if (inProcess.error) progress(`FAILED in-process ${size}: ${inProcess.error}`);
      else progress(`in-process ${size}: median ${fmtMs(median(inProcess.result!.synthMs))}`);
      const entry = measure(
        `scale-${size}`,
        `${size} clusters`,
        synthCommand(ctx, `scale-${size}`, [node, 'scripts/run-ts.js', 'main.ts'], config, inProcess.result?.files),
        opts.runs,
        opts.warmups,
        scratch,
        progress,
      );
      scaling.push({ size, entry, inProcess });
    }

    // 4: the test suite.
    let tests: Row | undefined;
    if (!opts.skipTests) {
      process.stderr.write(`\n[3/4] npm test (${opts.testRuns} timed run(s))\n`);
      tests = measure('tests', 'npm test', { argv: ['npm', 'test', '--silent'], cwd: root, env: ctx.env, allowFailure: true }, opts.testRuns, opts.warmups, scratch, progress);
    }

    process.stderr.write('\n[4/4] report\n\n');
    const totalS = Number(process.hrtime.bigint() - started) / 1e9;
    const report = buildReport({ opts, machine, entryRows, inProcExample, scaling, tests, header, totalS });
    process.stdout.write(report.text);
    if (opts.json) {
      fs.mkdirSync(path.dirname(opts.json), { recursive: true });
      fs.writeFileSync(opts.json, `${JSON.stringify(report.json, null, 2)}\n`);
      process.stdout.write(`\nJSON written to ${opts.json}\n`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

interface ReportInput {
  readonly opts: Options;
  readonly machine: Machine;
  readonly entryRows: readonly Row[];
  readonly inProcExample: InProcess;
  readonly scaling: readonly Scaling[];
  readonly tests?: Row;
  readonly header: readonly string[];
  readonly totalS: number;
}

function buildReport(input: ReportInput): { text: string; json: unknown } {
  const { opts, machine, entryRows, inProcExample, scaling, tests, header } = input;
  const byId = new Map(entryRows.map((r) => [r.id, r]));
  const out: string[] = [];
  const loadEnd = os.loadavg();

  out.push(`## codecanvas-cdk8s bench${opts.quick ? ' (--quick)' : ''}`, '');
  out.push(machineLine(machine) + `, at end ${loadEnd.map((l) => l.toFixed(2)).join(' ')}`);
  out.push(versionsLine(machine));
  const loads = [...entryRows, ...scaling.map((x) => x.entry), ...(tests ? [tests] : [])].flatMap((r) => r.samples.map((x) => x.load1));
  if (loads.length > 0 && median(loads) > machine.cores) {
    out.push(
      `**Busy machine:** median 1-min load average ${median(loads).toFixed(1)} (range ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}) on ${machine.cores} cores during the runs; ` +
        'absolute times are inflated, ratios of interleaved rows less so.',
    );
  }
  out.push(
    `Method: ${opts.warmups} warm-up run per row, then ${opts.runs} timed runs (ts-node: ${opts.stockRuns}, npm test: ${opts.testRuns}); ` +
      `median/min/max of wall time (hrtime around spawnSync); peak RSS = median over runs of ${gnuTimeAvailable() ? '/usr/bin/time %M' : 'the largest Node process maxRSS'}; ` +
      `load = median 1-min load average at the start of the runs. Rows 1-2 are interleaved run by run.`,
  );
  out.push('');

  out.push('### 1-2. Example synth (examples/aks.yaml) and baselines', '');
  const exampleRows: string[][] = [];
  for (const id of ['entry', 'compiled', 'npm', 'cdk8s']) if (byId.has(id)) exampleRows.push(rowCells(byId.get(id)!));
  if (inProcExample.result) {
    exampleRows.push(inProcessCells('in-process: loadConfigFile + synthesize', inProcExample.result.synthMs, inProcExample, 'files in memory'));
    exampleRows.push(inProcessCells('in-process: + writeOutput', inProcExample.result.synthWriteMs, inProcExample, 'written to a temp dir'));
  } else exampleRows.push(inProcessCells('in-process', [], inProcExample, ''));
  for (const id of ['stock', 'floor']) if (byId.has(id)) exampleRows.push(rowCells(byId.get(id)!));
  out.push(table(header, exampleRows));
  out.push('', '¹ peak RSS of the worker process over warm-up and timed runs (process.resourceUsage().maxRSS).', '');

  const entry = rowMedian(byId.get('entry'));
  const floor = rowMedian(byId.get('floor'));
  const stock = rowMedian(byId.get('stock'));
  const cdk8s = rowMedian(byId.get('cdk8s'));
  const ourFloor = entry / floor;
  const ourStock = entry / stock;
  const biggest = scaling[scaling.length - 1];
  const t500 = scaling.find((s) => s.size === 500);
  const t500ms = t500 ? rowMedian(t500.entry) : undefined;

  // 3. scaling
  out.push(`### 3. Scaling (generated configs, entry = \`node scripts/run-ts.js main.ts\`)`, '');
  const base = scaling.find((s) => s.size === 1) ?? scaling[0];
  const inProcMedian = (s: Scaling | undefined) => (s?.inProcess.result ? median(s.inProcess.result.synthMs) : NaN);
  const scaleRows = scaling.map((s) => {
    const e = stats(s.entry.samples.map((x) => x.ms));
    const rss = s.entry.samples.map((x) => x.rssKiB).filter((v): v is number => v !== undefined);
    const ip = s.inProcess.result ? stats(s.inProcess.result.synthMs) : undefined;
    const marginal = (now: number, then: number) => (s.size > base.size ? fmtMs((now - then) / (s.size - base.size)) : '—');
    return [
      `${s.size}`,
      s.inProcess.result ? `${s.inProcess.result.files}` : '?',
      s.entry.samples.length > 0 ? `${fmtMs(e.median)} (${fmtMs(e.min)}–${fmtMs(e.max)})` : `FAILED`,
      rss.length > 0 ? fmtMiB(median(rss)) : 'n/a',
      ip ? `${fmtMs(ip.median)} (${fmtMs(ip.min)}–${fmtMs(ip.max)})` : 'FAILED',
      s.inProcess.result ? fmtMiB(s.inProcess.result.maxRssKiB) : 'n/a',
      marginal(e.median, rowMedian(base.entry)),
      marginal(ip?.median ?? NaN, inProcMedian(base)),
      ip ? fmtMs(ip.median / s.size) : '',
      s.entry.samples.length > 0 ? median(s.entry.samples.map((x) => x.load1)).toFixed(1) : '',
    ];
  });
  out.push(
    table(
      ['clusters', 'files', 'entry wall: median (min–max)', 'entry peak RSS', 'in-process synth: median (min–max)', 'in-process peak RSS', `per cluster, entry (Δ vs ${base.size})`, `per cluster, in-process (Δ vs ${base.size})`, 'in-process / cluster', 'load'],
      scaleRows,
    ),
  );
  // Linearity: the marginal in-process cost per cluster over the last interval vs the one before it.
  let linear: boolean | undefined;
  let linearText = 'needs at least three sizes';
  if (scaling.length >= 3) {
    const [a, b, c] = scaling.slice(-3);
    const slope1 = (inProcMedian(b) - inProcMedian(a)) / (b.size - a.size);
    const slope2 = (inProcMedian(c) - inProcMedian(b)) / (c.size - b.size);
    const growth = slope2 / slope1;
    linear = growth <= 1.5;
    linearText =
      `marginal in-process cost per cluster ${fmtMs(slope1)} between ${a.size} and ${b.size} clusters, ${fmtMs(slope2)} between ${b.size} and ${c.size} ` +
      `(×${growth.toFixed(2)}; linear if ≤ ×1.5)`;
  }
  out.push('', `Growth: ${linearText} → ${linear === undefined ? 'not measured' : linear ? 'linear' : 'SUPERLINEAR'}`, '');

  // 4. tests
  if (tests) {
    out.push('### 4. Test suite', '');
    out.push(table(header, [rowCells(tests)]));
    out.push('', `(${opts.testRuns} timed run(s) after a warm-up; jest with its transform cache warm)`, '');
  }

  // Ratios and targets
  const checks = [
    { target: 'entry synth ≤ 2× the floor', value: `our/floor = ${ourFloor.toFixed(2)}× (${fmtMs(entry)} / ${fmtMs(floor)})`, ok: Number.isFinite(ourFloor) ? ourFloor <= 2 : undefined },
    {
      target: '≥ 8× faster than the stock ts-node way',
      value: Number.isFinite(ourStock) ? `our/stock = ${ourStock.toFixed(3)} → ${(1 / ourStock).toFixed(1)}× faster (${fmtMs(entry)} / ${fmtMs(stock)})` : 'stock not measured',
      ok: Number.isFinite(ourStock) ? 1 / ourStock >= 8 : undefined,
    },
    {
      target: '500 clusters < 5 s (entry wall time)',
      value: t500ms !== undefined ? `${fmtMs(t500ms)}` : `not measured (largest size ${biggest?.size ?? 0})`,
      ok: t500ms !== undefined && Number.isFinite(t500ms) ? t500ms < 5000 : undefined,
    },
    { target: 'cost grows linearly with clusters', value: linearText, ok: linear },
  ];
  out.push('### Ratios and targets', '');
  out.push(table(['Target', 'Measured', 'Verdict'], checks.map((c) => [c.target, c.value, verdict(c.ok)])));
  out.push('');
  out.push(`Also: npx cdk8s synth / floor = ${(cdk8s / floor).toFixed(2)}×, npx cdk8s synth / entry = ${(cdk8s / entry).toFixed(2)}×.`);
  out.push(`Bench took ${input.totalS.toFixed(0)} s.`, '');

  const rowJson = (r: Row) => ({ ...r, stats: stats(r.samples.map((s) => s.ms)) });
  const json = {
    date: new Date().toISOString(),
    options: opts,
    machine: { ...machine, loadAtEnd: loadEnd },
    rows: entryRows.map(rowJson),
    inProcess: inProcExample,
    scaling: scaling.map((s) => ({ size: s.size, entry: rowJson(s.entry), inProcess: s.inProcess })),
    tests: tests ? rowJson(tests) : undefined,
    ratios: { ourFloor, ourStock, stockSpeedup: 1 / ourStock, cdk8sFloor: cdk8s / floor },
    targets: checks,
    totalSeconds: input.totalS,
  };
  return { text: out.join('\n') + '\n', json };
}

main();

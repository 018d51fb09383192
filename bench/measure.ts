// Child-process measurement: wall clock (process.hrtime.bigint) around spawnSync, peak RSS and CPU time
// (user + system, the process and its children) per run from `/usr/bin/time -f '%M %U %S'` when present (else a
// --require hook that reports each Node process's own maxRSS, and no CPU time), and the load average seen
// before each run.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const GNU_TIME = '/usr/bin/time';

export interface Command {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called before every run (outside the timing), e.g. to pick a fresh output directory. */
  readonly before?: (run: number) => void;
  /** Called after every run (outside the timing), e.g. to check and remove the output. */
  readonly after?: (run: number) => void;
  /** Keep the sample when the command exits non-zero (recorded in `exitCode`) instead of failing the row. */
  readonly allowFailure?: boolean;
}

export interface RunSample {
  readonly ms: number;
  /** Peak RSS of the largest process in the tree, in KiB; undefined when it could not be measured. */
  readonly rssKiB?: number;
  /** CPU time (user + system) of the process and its children, in ms; undefined without GNU time. */
  readonly cpuMs?: number;
  readonly load1: number;
  readonly exitCode: number | null;
}

export class CommandFailed extends Error {
  constructor(argv: readonly string[], status: number | null, output: string) {
    super(`command failed (exit ${status}): ${argv.join(' ')}\n${output.split('\n').slice(-30).join('\n')}`);
  }
}

let hasGnuTime: boolean | undefined;

/** Whether peak RSS comes from GNU time (exact, per run) rather than the Node --require fallback hook. */
export function gnuTimeAvailable(): boolean {
  if (hasGnuTime === undefined) {
    // BENCH_NO_GNU_TIME=1 exercises the fallback on machines that have GNU time.
    if (process.env.BENCH_NO_GNU_TIME) return (hasGnuTime = false);
    try {
      fs.accessSync(GNU_TIME, fs.constants.X_OK);
      hasGnuTime = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
    } catch {
      hasGnuTime = false;
    }
  }
  return hasGnuTime;
}

/** Runs `command` once; throws CommandFailed on a non-zero exit. */
export function runOnce(command: Command, scratch: string, run: number): RunSample {
  command.before?.(run);
  const rssFile = path.join(scratch, `rss-${process.pid}-${Date.now()}-${run}.txt`);
  let argv = [...command.argv];
  let env = command.env;
  if (gnuTimeAvailable()) {
    argv = [GNU_TIME, '-q', '-f', '%M %U %S', '-o', rssFile, ...argv];
  } else {
    const hook = hookPath(scratch);
    env = { ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${hook}`.trim() };
  }
  const load1 = os.loadavg()[0];
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd: command.cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0 && !command.allowFailure) throw new CommandFailed(command.argv, result.status, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  const { rssKiB, cpuMs } = readUsage(rssFile);
  command.after?.(run);
  return { ms, rssKiB, cpuMs, load1, exitCode: result.status };
}

/**
 * Fallback when GNU time is missing: a --require hook that appends "pid maxRSS" for every Node process of the
 * tree when it exits (process.resourceUsage() is the process's own usage; Node has no RUSAGE_CHILDREN).
 */
const RSS_HOOK_SOURCE = `'use strict';
process.on('exit', () => {
  try { require('fs').appendFileSync(process.env.BENCH_RSS_FILE, process.pid + ' ' + process.resourceUsage().maxRSS + '\\n'); } catch {}
});
`;

function hookPath(scratch: string): string {
  const file = path.join(scratch, 'rss-hook.js');
  if (!fs.existsSync(file)) fs.writeFileSync(file, RSS_HOOK_SOURCE);
  return file;
}

function readUsage(file: string): { rssKiB?: number; cpuMs?: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  fs.rmSync(file, { force: true });
  if (gnuTimeAvailable()) {
    // GNU time: "maxRSS(KiB) user(s) system(s)".
    const [rss, user, system] = text.trim().split(/\s+/).map(Number);
    return { rssKiB: rss > 0 ? rss : undefined, cpuMs: Number.isFinite(user + system) ? (user + system) * 1000 : undefined };
  }
  // Hook: one "pid maxRSS" line per Node process; take the largest.
  const values = text
    .split('\n')
    .map((line) => Number(line.trim().split(/\s+/).pop()))
    .filter((v) => Number.isFinite(v) && v > 0);
  return { rssKiB: values.length > 0 ? Math.max(...values) : undefined };
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function median(values: readonly number[]): number {
  return stats(values).median;
}

export interface Row {
  readonly id: string;
  readonly label: string;
  /** The command line, shell-quoted for display. */
  readonly command: string;
  readonly warmups: number;
  readonly samples: RunSample[];
  note?: string;
  error?: string;
}

/**
 * Measures several commands round-robin: every warm-up first, then run i of each command before run i+1 of any,
 * so a change in machine load (other builds starting or stopping) hits every row alike and ratios stay fair.
 */
export function measureInterleaved(
  specs: readonly { id: string; label: string; command: Command; runs: number }[],
  scratch: string,
  warmups: number,
  progress: (message: string) => void,
): Row[] {
  const rows = new Map<string, Row>();
  const failed = new Set<string>();
  for (const spec of specs) {
    rows.set(spec.id, { id: spec.id, label: spec.label, command: shellLine(spec.command.argv), warmups, samples: [] });
  }
  const attempt = (spec: (typeof specs)[number], run: number, keep: boolean) => {
    if (failed.has(spec.id)) return;
    const row = rows.get(spec.id)!;
    try {
      const sample = runOnce(spec.command, scratch, run);
      if (keep) row.samples.push(sample);
      progress(`${keep ? 'run' : 'warm-up'} ${run + 1} ${spec.label}: ${sample.ms.toFixed(0)} ms`);
    } catch (e) {
      failed.add(spec.id);
      row.error = (e as Error).message;
      progress(`FAILED ${spec.label}: ${row.error}`);
    }
  };
  for (let w = 0; w < warmups; w++) for (const spec of specs) attempt(spec, w, false);
  const maxRuns = Math.max(...specs.map((s) => s.runs));
  for (let i = 0; i < maxRuns; i++) for (const spec of specs) if (i < spec.runs) attempt(spec, i, true);
  return specs.map((s) => rows.get(s.id)!);
}

/** Measures one command: `warmups` untimed runs, then `runs` timed ones. */
export function measure(id: string, label: string, command: Command, runs: number, warmups: number, scratch: string, progress: (m: string) => void): Row {
  return measureInterleaved([{ id, label, command, runs }], scratch, warmups, progress)[0];
}

/** A command line as it would be typed in a shell (the node binary shown as `node`). */
export function shellLine(argv: readonly string[]): string {
  return argv
    .map((a, i) => (i === 0 && a === process.execPath ? 'node' : a))
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`))
    .join(' ');
}

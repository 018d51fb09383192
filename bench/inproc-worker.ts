// In-process measurement, run as its own process by bench.ts (so every size gets a fresh heap and its own peak
// RSS): loads the library once (not timed), then times the library calls of a synth.
//   usage: run-ts.js bench/inproc-worker.ts CONFIG WARMUPS RUNS SCRATCH_DIR
// Prints one JSON line (WorkerResult) on stdout.
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadConfigFile } from '../lib/config/load';
import { writeOutput } from '../lib/output/write';
import { synthesize } from '../lib/synth';
import { WorkerResult } from './worker-result';

function main(): void {
  const startupMs = performance.now();
  const [config, warmupsArg, runsArg, scratch] = process.argv.slice(2);
  if (!config || !scratch) throw new Error('usage: inproc-worker.ts CONFIG WARMUPS RUNS SCRATCH_DIR');
  const warmups = Number(warmupsArg);
  const runs = Number(runsArg);
  const synthMs: number[] = [];
  const synthWriteMs: number[] = [];
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < warmups + runs; i++) {
    const outdir = path.join(scratch, `inproc-out-${i}`);
    const t0 = process.hrtime.bigint();
    const result = synthesize(loadConfigFile(config));
    const t1 = process.hrtime.bigint();
    writeOutput(outdir, result.files);
    const t2 = process.hrtime.bigint();
    if (i >= warmups) {
      synthMs.push(Number(t1 - t0) / 1e6);
      synthWriteMs.push(Number(t2 - t0) / 1e6);
    }
    files = result.files.length;
    bytes = result.files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const out: WorkerResult = { startupMs, synthMs, synthWriteMs, files, bytes, maxRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();

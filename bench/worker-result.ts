/** What bench/inproc-worker.ts reports (one JSON line on stdout). */
export interface WorkerResult {
  /** Process start to the first line of main(): Node start-up plus loading the bundle and node_modules. */
  readonly startupMs: number;
  /** Per timed run: loadConfigFile + synthesize (files in memory). */
  readonly synthMs: number[];
  /** Per timed run: the same plus writeOutput into a fresh temporary directory. */
  readonly synthWriteMs: number[];
  readonly files: number;
  readonly bytes: number;
  /** Peak RSS of this process over all runs (KiB, process.resourceUsage().maxRSS). */
  readonly maxRssKiB: number;
}

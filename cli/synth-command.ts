import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { secretVariableIssues } from '../lib/charts/secret-variables';
import { OutputConflictError, writeOutput } from './output/write';
import { PrivateOutputFileError } from './output/private-files';
import { synthesize, SynthError, SynthResult } from './synth';

/**
 * The output directory when none is given on the command line: CDK8S_OUTDIR (what the cdk8s CLI passes its app),
 * else CDK8S_OUTPUT (the variable the cdk8s CLI reads for `-o`, so one variable serves both entry points), else dist.
 */
export function outputDir(env: NodeJS.ProcessEnv): string {
  return env.CDK8S_OUTDIR || env.CDK8S_OUTPUT || 'dist';
}

/**
 * What the user should read about an output (left-out releases, plaintext fields, churning SealedSecrets): one
 * `warning:` or `note:` line each, on stderr. synth and validate print the same lines.
 */
export function printWarnings(result: Pick<SynthResult, 'warnings' | 'notes'>, stderr: (s: string) => void): void {
  for (const warning of result.warnings) stderr(`warning: ${warning}\n`);
  for (const note of result.notes ?? []) stderr(`note: ${note}\n`);
}

export interface SynthRun {
  /** Explicit config path; else CODECANVAS_CONFIG, ./codecanvas.yaml, or the embedded example. */
  readonly config: string | undefined;
  readonly outdir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/**
 * Loads, validates and synthesizes; writes the output only when everything succeeded. Returns the exit code:
 * 0 written, 1 invalid input (every problem printed, no stack trace, output left untouched).
 */
export function runSynth(run: SynthRun): number {
  try {
    const file = resolveConfigPath(run.config, run.env);
    const loaded = loadConfigFile(file, { moreIssues: (raw) => secretVariableIssues(raw, run.env) });
    const result = synthesize(loaded, { env: run.env });
    printWarnings(result, run.stderr);
    const { kept } = writeOutput(run.outdir, result.files);
    run.stdout(`synthesized ${loaded.source} into ${run.outdir}/ (${result.files.length} files)\n`);
    if (kept.length > 0) {
      run.stderr(`note: kept ${kept.length} file(s) in ${run.outdir}/ that synth did not write: ${kept.join(', ')}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthError || e instanceof OutputConflictError || e instanceof PrivateOutputFileError) {
      run.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

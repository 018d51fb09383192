/**
 * Where synth writes when no folder is given, and what it tells its user: the line per warning and note, the
 * summary, the files it kept. cli/synth-command.ts (and validate, diff, keys) print them.
 */
import { SynthResult } from './synth';

/**
 * The output directory when none is given on the command line: CDK8S_OUTDIR (what the cdk8s CLI passes its app),
 * else CDK8S_OUTPUT (the variable the cdk8s CLI reads for `-o`, so one variable serves both entry points), else dist.
 * An empty variable counts as unset.
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

/** synth's line on stdout after writing `count` files from the config `source` into `outdir`. */
export function synthesizedLine(source: string, outdir: string, count: number): string {
  return `synthesized ${source} into ${outdir}/ (${count} files)\n`;
}

/** The note on the files synth found in `outdir` and kept (it did not write them); undefined when there are none. */
export function keptNote(outdir: string, kept: readonly string[]): string | undefined {
  return kept.length > 0 ? `note: kept ${kept.length} file(s) in ${outdir}/ that synth did not write: ${kept.join(', ')}\n` : undefined;
}

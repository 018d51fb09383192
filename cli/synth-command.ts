/** `synth`: loads, validates and synthesizes the config, and writes the output (the messages are in cli/synth-output.ts). */
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { secretVariableIssues } from '../lib/charts/secret-variables';
import { OutputConflictError, OutputWriteError, OutputWriter } from './output/write';
import { PrivateOutputFileError } from './output/private-files';
import { synthesize, SynthError, SynthResult } from './synth';
import { keptNote, printWarnings, synthesizedLine } from './synth-output';

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
    // The files are written into a temporary folder while synth renders (a second thread writes them for a large
    // output), and swapped in only when everything succeeded.
    const writer = new OutputWriter(run.outdir);
    let result: SynthResult;
    try {
      result = synthesize(loaded, { env: run.env, onFiles: (files) => writer.add(files) });
    } catch (e) {
      writer.abort();
      throw e;
    }
    printWarnings(result, run.stderr);
    const { kept } = writer.commit(result.files);
    run.stdout(synthesizedLine(loaded.source, run.outdir, result.files.length));
    const note = keptNote(run.outdir, kept);
    if (note !== undefined) run.stderr(note);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthError || e instanceof OutputConflictError || e instanceof OutputWriteError || e instanceof PrivateOutputFileError) {
      run.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

import { parseArgs, ParseArgsConfig } from 'util';
import { hiddenTextProblem, visibleText } from '../lib/util/hidden-text';
import { asciiText, mixedScriptProblem } from '../lib/util/mixed-script';

/** A command-line usage error (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `util.parseArgs` with strict options, turning its errors into UsageErrors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export interface CommandIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * The environment variables the CLI reads paths from, by command: the config file, the output folder, the
 * packaged chart, the kubeconfig. The secret values synth reads from the environment are checked where they are
 * read, without being shown (lib/secrets/env-secret-source.ts, lib/charts/secret-variables.ts).
 */
export const COMMAND_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  validate: ['CODECANVAS_CONFIG', 'CODECANVAS_CHART'],
  synth: ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT'],
  diff: ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT'],
  preflight: ['CODECANVAS_CONFIG', 'KUBECONFIG'],
  plan: [],
  // keys reads the output folders only to refuse writing its private files into them.
  keys: ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT'],
  'upgrade-check': ['CODECANVAS_CONFIG', 'CODECANVAS_CHART'],
};

/**
 * One sentence per variable of `names` set in `env` that breaks the rules of config strings
 * (lib/util/hidden-text.ts, lib/util/mixed-script.ts): a control, invisible or bidirectional character, a padded
 * value, or a word mixing scripts, each named by the variable with the character spelled out.
 */
export function environmentProblems(env: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const value = env[name];
    if (value === undefined) return [];
    const hidden = hiddenTextProblem(value, 'line', 'path');
    if (hidden) return [`environment variable ${name} ${JSON.stringify(visibleText(value))} ${hidden}`];
    const homoglyph = mixedScriptProblem(value, 'path');
    return homoglyph ? [`environment variable ${name} ${JSON.stringify(asciiText(value))} ${homoglyph}`] : [];
  });
}

/**
 * Writes one line per problem of the variables `command` reads (environmentProblems), each after `prefix`, to
 * `stderr`; true when there was one (the caller then exits 2 without running the command).
 */
export function refusedEnvironment(env: NodeJS.ProcessEnv, command: string, prefix: string, stderr: (s: string) => void): boolean {
  const problems = environmentProblems(env, COMMAND_VARIABLES[command] ?? []);
  for (const problem of problems) stderr(`${prefix}: ${problem}\n`);
  return problems.length > 0;
}

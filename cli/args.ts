import { parseArgs, ParseArgsConfig } from 'util';
import { hiddenTextProblem, visibleText } from '../lib/util/hidden-text';

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
 * The environment variables the CLI reads paths and names from: the config file, the output folder, the packaged
 * chart, the kubeconfig. The secret values synth reads from the environment are checked where they are read,
 * without being shown (lib/secrets/env-secret-source.ts).
 */
export const CLI_VARIABLES = ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT', 'CODECANVAS_CHART', 'KUBECONFIG'] as const;

/**
 * One sentence per CLI variable of `env` that breaks the rule of config strings (lib/util/hidden-text.ts): a
 * control, invisible or bidirectional character, or a padded value, each named by the variable with the character
 * spelled out.
 */
export function environmentProblems(env: NodeJS.ProcessEnv): string[] {
  return CLI_VARIABLES.flatMap((name) => {
    const value = env[name];
    const problem = value === undefined ? undefined : hiddenTextProblem(value, 'line', 'path');
    return problem ? [`environment variable ${name} ${JSON.stringify(visibleText(value!))} ${problem}`] : [];
  });
}

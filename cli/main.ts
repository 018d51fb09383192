import { CommandIO, refusedEnvironment, UsageError } from './args';
import { COMMAND_SPECS } from './command-definitions';
import { PROGRAM } from './command-spec';
import { packageVersion } from '../lib/paths';
import { maskSecrets } from '../lib/util/secret-text';

export const MAIN_HELP = `Usage: ${PROGRAM} <command> [options]
       ${PROGRAM} help <command> | --version

Commands:
${COMMAND_SPECS.map((c) => `  ${c.name.padEnd(14)}${c.brief}`).join('\n')}

Run '${PROGRAM} help <command>' or '${PROGRAM} <command> --help' for a command's options.
Exit codes: 0 success, 1 invalid input / failed check, 2 usage error; diff: 3 safe changes, 4 dangerous changes.
`;

type Command = (argv: string[], io: CommandIO) => number | Promise<number>;

// Every command is loaded on demand, so `help` and usage errors load no command: synth, validate and diff pull in
// cdk8s and the constructs (validate also ajv and the CRD schemas), preflight the Kubernetes client.
const COMMANDS: Record<string, () => Command> = {
  validate: () => (require('./commands') as typeof import('./commands')).runValidate,
  synth: () => (require('./commands') as typeof import('./commands')).runSynthCommand,
  diff: () => (require('./commands') as typeof import('./commands')).runDiff,
  preflight: () => require('./preflight-command').runPreflightCommand,
  plan: () => require('./plan-command').runPlanCommand,
  keys: () => require('./keys-command').runKeysCommand,
  'upgrade-check': () => require('./upgrade-check-command').runUpgradeCheckCommand,
};

/**
 * `io` with everything printed masked (maskSecrets), stdout as well as stderr: problems, warnings and notes go to
 * stderr, but results (validate's summary, diff's before and after values, plan's tables, the JSON reports) go to
 * stdout, and both end up in CI logs. One rule for both; no command prints a secret on purpose (the keys command
 * writes its material into files, never to stdout).
 */
export function maskedIO(io: CommandIO): CommandIO {
  return { ...io, stdout: (s) => io.stdout(maskSecrets(s)), stderr: (s) => io.stderr(maskSecrets(s)) };
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], unmasked: CommandIO): Promise<number> {
  const io = maskedIO(unmasked);
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') return io.stdout(`${PROGRAM} ${packageVersion()}\n`), 0;
  // `help <command>` is `<command> --help`.
  if (name === 'help' && rest.length > 0 && COMMANDS[rest[0]]) return main([rest[0], '--help'], io);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MAIN_HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`codecanvas-cdk8s: unknown command ${JSON.stringify(name)}\n\n${MAIN_HELP}`);
    return 2;
  }
  if (refusedEnvironment(io.env, name, `codecanvas-cdk8s ${name}`, io.stderr)) return 2;
  try {
    return await command()(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`codecanvas-cdk8s ${name}: ${e.message}\nRun 'codecanvas-cdk8s ${name} --help' for usage.\n`);
      return 2;
    }
    return lastResort(e, io.stderr, name, io.env);
  }
}

/** The first words of the last-resort message; tests assert that no bad input ever reaches it. */
export const UNEXPECTED_ERROR = 'unexpected error (a bug in codecanvas-cdk8s, not in your config)';

/**
 * The last-resort handler for anything the commands did not turn into a message: one line, no stack trace, exit
 * code 1. Bad input never gets here (every input problem is a ConfigError or SynthError, printed with the file,
 * field, value and rule); set CODECANVAS_DEBUG=1 to see the stack of a bug.
 */
export function lastResort(e: unknown, stderr: (s: string) => void, command = 'codecanvas-cdk8s', env: NodeJS.ProcessEnv = process.env): number {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const oneLine = maskSecrets(message.slice(0, 2000)).replace(/\s+/g, ' ').trim().slice(0, 300);
  stderr(`codecanvas-cdk8s ${command}: ${UNEXPECTED_ERROR}: ${oneLine}\n`);
  if (env.CODECANVAS_DEBUG && e instanceof Error && e.stack) stderr(`${maskSecrets(e.stack)}\n`);
  return 1;
}

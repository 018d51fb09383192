import { CommandIO, UsageError } from './args';
import { runDiff, runSynthCommand, runValidate } from './commands';

export const MAIN_HELP = `Usage: codecanvas-cdk8s <command> [options]

Commands:
  validate    check the config and the output it would produce; writes nothing
  synth       synthesize the installation into the output directory
  diff        what a synth would change in the committed output (exit 1 on drift)
  preflight   check a live cluster against what the output needs
  plan        size a dev-environment cluster with the guide's method
  keys        generate key material for relay, jump, operator and the master secret

Run 'codecanvas-cdk8s <command> --help' for a command's options.
Exit codes: 0 success, 1 invalid input / failed check / drift, 2 usage error.
`;

type Command = (argv: string[], io: CommandIO) => number | Promise<number>;

const COMMANDS: Record<string, () => Command> = {
  validate: () => runValidate,
  synth: () => runSynthCommand,
  diff: () => runDiff,
  // Loaded on demand: preflight pulls in the Kubernetes client, which synth and validate never need.
  preflight: () => require('../preflight/preflight-command').runPreflightCommand,
  plan: () => require('../plan/plan-command').runPlanCommand,
  keys: () => require('../keys/keys-command').runKeysCommand,
};

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MAIN_HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`codecanvas-cdk8s: unknown command ${JSON.stringify(name)}\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command()(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`codecanvas-cdk8s ${name}: ${e.message}\nRun 'codecanvas-cdk8s ${name} --help' for usage.\n`);
      return 2;
    }
    return lastResort(e, io.stderr, name);
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
  const oneLine = message.replace(/\s+/g, ' ').trim().slice(0, 300);
  stderr(`codecanvas-cdk8s ${command}: ${UNEXPECTED_ERROR}: ${oneLine}\n`);
  if (env.CODECANVAS_DEBUG && e instanceof Error && e.stack) stderr(`${e.stack}\n`);
  return 1;
}

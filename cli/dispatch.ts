/**
 * The codecanvas-cdk8s command line's rules: which argument asks for what (a command, its help, the main help, the
 * version), the main help text, every line the dispatcher prints itself, the masking of everything printed, and the
 * last-resort handler. cli/main.ts loads the command and does the printing.
 */
import { CommandIO } from './args';
import { COMMAND_SPECS } from './command-definitions';
import { PROGRAM } from './command-spec';
import { maskSecrets } from '../lib/util/secret-text';

export const MAIN_HELP = `Usage: ${PROGRAM} <command> [options]
       ${PROGRAM} help <command> | --version

Commands:
${COMMAND_SPECS.map((c) => `  ${c.name.padEnd(14)}${c.brief}`).join('\n')}

Run '${PROGRAM} help <command>' or '${PROGRAM} <command> --help' for a command's options.
Exit codes: 0 success, 1 invalid input / failed check, 2 usage error; diff: 3 safe changes, 4 dangerous changes.
`;

/** What a command line asks for. */
export type Route =
  | { readonly kind: 'version' }
  /** The main help; exit code 0 when asked for, 2 when no command was given. */
  | { readonly kind: 'help'; readonly code: 0 | 2 }
  | { readonly kind: 'command'; readonly name: string; readonly argv: readonly string[] }
  | { readonly kind: 'unknown'; readonly name: string };

/**
 * What `argv` asks for, given the names of the `commands`: `--version` (`-V`, `version`); `help <command>`, which is
 * `<command> --help`; the main help (`--help`, `-h`, `help`, or nothing: a usage error); a command with its
 * arguments; or an unknown command.
 */
export function route(argv: readonly string[], commands: readonly string[]): Route {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') return { kind: 'version' };
  if (name === 'help' && commands.includes(rest[0])) return { kind: 'command', name: rest[0], argv: ['--help'] };
  if (!name || name === '--help' || name === '-h' || name === 'help') return { kind: 'help', code: name ? 0 : 2 };
  if (!commands.includes(name)) return { kind: 'unknown', name };
  return { kind: 'command', name, argv: rest };
}

/** The line of `--version`. */
export function versionLine(version: string): string {
  return `${PROGRAM} ${version}\n`;
}

/** What an unknown command gets on stderr: the line, and the main help. */
export function unknownCommandText(name: string): string {
  return `${PROGRAM}: unknown command ${JSON.stringify(name)}\n\n${MAIN_HELP}`;
}

/** What a usage error of `command` that the command did not print itself gets on stderr. */
export function usageErrorText(command: string, message: string): string {
  return `${PROGRAM} ${command}: ${message}\nRun '${PROGRAM} ${command} --help' for usage.\n`;
}

/**
 * `io` with everything printed masked (maskSecrets), stdout as well as stderr: problems, warnings and notes go to
 * stderr, but results (validate's summary, diff's before and after values, plan's tables, the JSON reports) go to
 * stdout, and both end up in CI logs. One rule for both; no command prints a secret on purpose (the keys command
 * writes its material into files, never to stdout).
 */
export function maskedIO(io: CommandIO): CommandIO {
  return { ...io, stdout: (s) => io.stdout(maskSecrets(s)), stderr: (s) => io.stderr(maskSecrets(s)) };
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

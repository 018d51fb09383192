// The command line's dispatch rules and the lines the dispatcher prints itself (cli/dispatch.ts), called directly:
// what each first argument asks for, the main help, and the last-resort line, exactly. cli.test.ts runs main().
import { lastResort, MAIN_HELP, maskedIO, route, UNEXPECTED_ERROR, unknownCommandText, usageErrorText, versionLine } from '../cli/dispatch';
import { COMMAND_SPECS } from '../cli/command-definitions';
import { maskSecrets } from '../lib/util/secret-text';

const COMMANDS = ['validate', 'synth', 'plan'];

describe('route', () => {
  it('--version, -V and version ask for the version, whatever follows', () => {
    for (const v of ['--version', '-V', 'version']) expect(route([v, 'synth'], COMMANDS)).toEqual({ kind: 'version' });
  });

  it('help <command> is <command> --help (other arguments dropped); help <unknown> is the main help', () => {
    expect(route(['help', 'plan'], COMMANDS)).toEqual({ kind: 'command', name: 'plan', argv: ['--help'] });
    expect(route(['help', 'synth', '--out', 'x'], COMMANDS)).toEqual({ kind: 'command', name: 'synth', argv: ['--help'] });
    expect(route(['help', 'frobnicate'], COMMANDS)).toEqual({ kind: 'help', code: 0 });
  });

  it('--help, -h and help give the main help (exit 0); no command gives it as a usage error (exit 2)', () => {
    for (const h of ['--help', '-h', 'help']) expect(route([h], COMMANDS)).toEqual({ kind: 'help', code: 0 });
    expect(route([], COMMANDS)).toEqual({ kind: 'help', code: 2 });
    expect(route([''], COMMANDS)).toEqual({ kind: 'help', code: 2 });
  });

  it('a command gets the rest of the arguments; any other name is unknown', () => {
    expect(route(['synth', '--out', 'x'], COMMANDS)).toEqual({ kind: 'command', name: 'synth', argv: ['--out', 'x'] });
    expect(route(['validate'], COMMANDS)).toEqual({ kind: 'command', name: 'validate', argv: [] });
    expect(route(['frobnicate', 'synth'], COMMANDS)).toEqual({ kind: 'unknown', name: 'frobnicate' });
    // Names of the object prototype are no commands.
    expect(route(['constructor'], COMMANDS)).toEqual({ kind: 'unknown', name: 'constructor' });
    expect(route(['help', 'toString'], COMMANDS)).toEqual({ kind: 'help', code: 0 });
  });
});

describe('dispatcher texts', () => {
  it('the main help lists every command with its brief, then how to get a command\'s options and the exit codes', () => {
    expect(MAIN_HELP.startsWith('Usage: codecanvas-cdk8s <command> [options]\n       codecanvas-cdk8s help <command> | --version\n\nCommands:\n')).toBe(true);
    for (const c of COMMAND_SPECS) expect(MAIN_HELP).toContain(`\n  ${c.name.padEnd(14)}${c.brief}\n`);
    expect(MAIN_HELP.endsWith(
      "\n\nRun 'codecanvas-cdk8s help <command>' or 'codecanvas-cdk8s <command> --help' for a command's options.\n" +
        'Exit codes: 0 success, 1 invalid input / failed check, 2 usage error; diff: 3 safe changes, 4 dangerous changes.\n',
    )).toBe(true);
  });

  it('version, unknown command and usage error lines', () => {
    expect(versionLine('1.2.3')).toBe('codecanvas-cdk8s 1.2.3\n');
    expect(unknownCommandText('frob nicate')).toBe(`codecanvas-cdk8s: unknown command "frob nicate"\n\n${MAIN_HELP}`);
    expect(usageErrorText('upgrade-check', '--chart FILE is required')).toBe(
      "codecanvas-cdk8s upgrade-check: --chart FILE is required\nRun 'codecanvas-cdk8s upgrade-check --help' for usage.\n",
    );
  });

  it('masks stdout and stderr alike, and keeps the rest of the io', () => {
    const out: string[] = [];
    const env = { A: 'b' };
    const io = maskedIO({ stdout: (s) => out.push(`out:${s}`), stderr: (s) => out.push(`err:${s}`), env, cwd: '/w' });
    const secret = 'https://u:Zx9pass@h.example.com/';
    io.stdout(secret);
    io.stderr(secret);
    expect(out).toEqual([`out:${maskSecrets(secret)}`, `err:${maskSecrets(secret)}`]);
    expect(out.join('')).not.toContain('Zx9pass');
    expect(io.env).toBe(env);
    expect(io.cwd).toBe('/w');
  });
});

describe('last resort', () => {
  it('one line naming the command and the error, exit 1; the stack only with CODECANVAS_DEBUG', () => {
    const out: string[] = [];
    expect(lastResort(new TypeError('x is\n  undefined'), (s) => out.push(s), 'synth', {})).toBe(1);
    expect(out).toEqual([`codecanvas-cdk8s synth: ${UNEXPECTED_ERROR}: TypeError: x is undefined\n`]);
    const debug: string[] = [];
    const e = new Error('boom');
    lastResort(e, (s) => debug.push(s), 'synth', { CODECANVAS_DEBUG: '1' });
    expect(debug).toEqual([`codecanvas-cdk8s synth: ${UNEXPECTED_ERROR}: Error: boom\n`, `${e.stack}\n`]);
    const quiet: string[] = [];
    lastResort(e, (s) => quiet.push(s), 'synth', { CODECANVAS_DEBUG: '' });
    expect(quiet).toHaveLength(1);
  });

  it('a thrown non-Error is shown as text; the default command name is the program', () => {
    const out: string[] = [];
    lastResort('plain', (s) => out.push(s), undefined, { CODECANVAS_DEBUG: '1' });
    expect(out).toEqual([`codecanvas-cdk8s codecanvas-cdk8s: ${UNEXPECTED_ERROR}: plain\n`]);
    expect(UNEXPECTED_ERROR).toBe('unexpected error (a bug in codecanvas-cdk8s, not in your config)');
  });

  it('keeps at most 300 characters of the first 2,000, blanks squeezed and trimmed, secrets masked', () => {
    const out: string[] = [];
    lastResort(new Error(`  ${'a'.repeat(400)}`), (s) => out.push(s), 'plan', {});
    expect(out[0]).toBe(`codecanvas-cdk8s plan: ${UNEXPECTED_ERROR}: ${`Error: ${'a'.repeat(400)}`.slice(0, 300)}\n`);
    const tail: string[] = [];
    // Past 2,000 characters nothing is read, so whitespace there cannot pull text into the 300.
    lastResort(new Error(`${' '.repeat(1990)}bcdefghijklmn`), (s) => tail.push(s), 'plan', {});
    expect(tail[0]).toBe(`codecanvas-cdk8s plan: ${UNEXPECTED_ERROR}: Error: bcd\n`);
    const masked: string[] = [];
    lastResort(new Error('at https://u:Zx9pass@h.example.com/'), (s) => masked.push(s), 'plan', {});
    expect(masked[0]).not.toContain('Zx9pass');
    const padded: string[] = [];
    lastResort('  plain \n', (s) => padded.push(s), 'plan', {});
    lastResort(new Error('boom \n\t'), (s) => padded.push(s), 'plan', {});
    expect(padded).toEqual([`codecanvas-cdk8s plan: ${UNEXPECTED_ERROR}: plain\n`, `codecanvas-cdk8s plan: ${UNEXPECTED_ERROR}: Error: boom\n`]);
  });
});

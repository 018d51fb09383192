// The CLI's own files directly in cli/ (args.ts, command-spec.ts, command-definitions.ts, commands.ts), called
// in-process: the exact --help text of the program and of every command, the help layout rules, the option parsing
// rules with their exact messages, the README tables, and the environment-variable checks per command.
import { main } from '../cli/main';
import { COMMAND_VARIABLES, environmentProblems, parseOptions, refusedEnvironment, UsageError } from '../cli/args';
import { COMMAND_SPECS } from '../cli/command-definitions';
import {
  CommandSpec,
  commandsMarkdown,
  COMMANDS_END,
  COMMANDS_START,
  helpText,
  optionsOf,
  parseArgsOptions,
  parseCommand,
  replaceCommandsReference,
  usageLines,
} from '../cli/command-spec';
import { ROOT } from './helpers';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('--help texts, exactly', () => {
  test('the main help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  test.each(COMMAND_SPECS.map((s) => s.name))('%s --help', async (name) => {
    const r = await run([name, '--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatchSnapshot();
  });
});

const SPEC: CommandSpec = {
  name: 'demo',
  brief: 'b',
  summary: 'one | two\nthree   four ',
  usage: ['[--in FILE]', '', 'other'],
  description: 'Does things.\n\n',
  options: [
    { name: 'in', value: 'FILE', help: 'input\nsecond line', required: true },
    { name: 'list', value: 'X', short: 'l', multiple: true, help: 'many' },
    { name: 'force', group: 'Dangerous', help: 'go' },
  ],
  footer: 'Exit codes: 0 ok.\n\n',
};

describe('help layout (command-spec.ts)', () => {
  test('usage lines: the first after "Usage:", the others aligned; an empty synopsis adds nothing', () => {
    expect(usageLines(SPEC)).toEqual(['Usage: codecanvas-cdk8s demo [--in FILE]', '       codecanvas-cdk8s demo', '       codecanvas-cdk8s demo other']);
  });

  test('--help is added once, under the last option\'s group; a spec that lists help keeps its own', () => {
    expect(optionsOf(SPEC).map((o) => [o.name, o.group])).toEqual([['in', undefined], ['list', undefined], ['force', 'Dangerous'], ['help', 'Dangerous']]);
    expect(optionsOf(SPEC).at(-1)).toEqual({ name: 'help', short: 'h', help: 'this text', group: 'Dangerous' });
    const own = { ...SPEC, options: [{ name: 'help', help: 'mine' }] };
    expect(optionsOf(own)).toBe(own.options);
    expect(optionsOf({ ...SPEC, options: [] })).toEqual([{ name: 'help', short: 'h', help: 'this text', group: undefined }]);
  });

  test('the whole text: groups, aligned flags, continuation lines, trimmed description and footer', () => {
    expect(helpText(SPEC)).toBe(
      [
        'Usage: codecanvas-cdk8s demo [--in FILE]',
        '       codecanvas-cdk8s demo',
        '       codecanvas-cdk8s demo other',
        '',
        'Does things.',
        '',
        'Options:',
        '  --in FILE      input',
        '                 second line',
        '  -l, --list X   many',
        '',
        'Dangerous:',
        '  --force        go',
        '  -h, --help     this text',
        '',
        'Exit codes: 0 ok.',
        '',
      ].join('\n'),
    );
  });

  test('the parseArgs table: string options with value, booleans without, short and multiple when set', () => {
    expect(parseArgsOptions(SPEC)).toEqual({
      in: { type: 'string' },
      list: { type: 'string', short: 'l', multiple: true },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
  });

  test('README tables: cells on one line, pipes escaped, help left out, required marked', () => {
    expect(commandsMarkdown([{ ...SPEC, options: [...SPEC.options, { name: 'help', help: 'x' }] }])).toBe(
      [
        '| command | what it does |',
        '| --- | --- |',
        '| `demo [--in FILE]` | one \\| two three four |',
        '',
        'Options of each command (every command also takes `-h`/`--help`):',
        '',
        '| command | option | required | meaning |',
        '| --- | --- | --- | --- |',
        '| `demo` | `--in FILE` | yes | input second line |',
        '| `demo` | `-l, --list X` |  | many |',
        '| `demo` | `--force` |  | go |',
      ].join('\n'),
    );
  });

  test('the reference markers: replaced between them; missing or reversed markers are an error', () => {
    const doc = `a\n${COMMANDS_START}\nold\n${COMMANDS_END}\nb`;
    expect(replaceCommandsReference(doc, 'T')).toBe(`a\n${COMMANDS_START}\nT\n${COMMANDS_END}\nb`);
    expect(replaceCommandsReference(`${COMMANDS_START}${COMMANDS_END}`, 'T')).toBe(`${COMMANDS_START}\nT\n${COMMANDS_END}`);
    const message = 'docs/cli.md lacks the CLI reference markers';
    expect(() => replaceCommandsReference('a', 'T')).toThrow(message);
    expect(() => replaceCommandsReference(`${COMMANDS_START}\n`, 'T')).toThrow(message);
    expect(() => replaceCommandsReference(`${COMMANDS_END}\n`, 'T')).toThrow(message);
    expect(() => replaceCommandsReference(`${COMMANDS_END}\n${COMMANDS_START}`, 'T')).toThrow(message);
  });
});

describe('option parsing (args.ts, command-spec.ts)', () => {
  test('values with and without "=", short flags, repeated options', () => {
    expect(parseCommand(['--in=a.yaml', '-l', 'x', '--list', 'y', '--force'], SPEC)).toEqual({ in: 'a.yaml', list: ['x', 'y'], force: true });
    expect(parseCommand(['--in', 'b'], SPEC)).toEqual({ in: 'b' });
  });

  test('unknown options, missing values and positionals are UsageErrors with parseArgs\' message', () => {
    const usage = (argv: string[]) => {
      try {
        parseCommand(argv, SPEC);
      } catch (e) {
        return [(e as Error).name, e instanceof UsageError, (e as Error).message];
      }
      return undefined;
    };
    expect(usage(['--nope'])).toEqual(['UsageError', true, expect.stringContaining("Unknown option '--nope'")]);
    expect(usage(['--in'])).toEqual(['UsageError', true, expect.stringContaining("Option '--in <value>' argument missing")]);
    expect(usage(['stray'])).toEqual(['UsageError', true, expect.stringContaining("Unexpected argument 'stray'")]);
    expect(usage(['--force=yes'])).toEqual(['UsageError', true, expect.stringContaining("Option '--force' does not take an argument")]);
    expect(parseOptions(['--a'], { a: { type: 'boolean' } }).values).toEqual({ a: true });
  });

  test('flag values breaking the config-string rules: every flag named, one line each', () => {
    expect(() => parseCommand(['--in', 'a\u200bb', '-l', 'p\u0430ypal', '-l', 'ok'], SPEC)).toThrow(
      /^--in "a<U\+200B>b" .*\n--list "p<U\+0430>ypal" .*flag value/,
    );
    let message = '';
    try {
      parseCommand(['--in', 'p\u0430ypal'], SPEC);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^--in "p<U\+0430>ypal" /);
    expect(message).toContain('flag value');
    expect(message).not.toContain('\n');
  });

  test('through main: a usage error is exit 2 with the command\'s hint', async () => {
    const r = await run(['synth', '--out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Option '--out <value>' argument missing");
    expect(r.stderr).toContain("Run 'codecanvas-cdk8s synth --help' for usage.");
  });
});

describe('environment variables per command (args.ts)', () => {
  test('the variables each command reads paths from', () => {
    expect(COMMAND_VARIABLES).toEqual({
      validate: ['CODECANVAS_CONFIG', 'CODECANVAS_CHART'],
      synth: ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT'],
      diff: ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT'],
      preflight: ['CODECANVAS_CONFIG', 'KUBECONFIG'],
      plan: [],
      keys: ['CODECANVAS_CONFIG', 'CDK8S_OUTDIR', 'CDK8S_OUTPUT'],
      'upgrade-check': ['CODECANVAS_CONFIG', 'CODECANVAS_CHART'],
    });
  });

  test('a homoglyph path names the variable and says "path"; unset and clean variables pass', () => {
    const problems = environmentProblems({ A: 'p\u0430th', B: 'ok' }, ['A', 'B', 'C']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^environment variable A "p<U\+0430>th" .*path/);
  });

  test('refusedEnvironment: one line per problem after the prefix; an unknown command reads no variable', () => {
    const err: string[] = [];
    expect(refusedEnvironment({ CODECANVAS_CONFIG: 'a\u200b' }, 'synth', 'P', (s) => err.push(s))).toBe(true);
    expect(err).toEqual([expect.stringMatching(/^P: environment variable CODECANVAS_CONFIG "a<U\+200B>" .*\n$/)]);
    const read: PropertyKey[] = [];
    const env = new Proxy({ CODECANVAS_CONFIG: 'a\u200b' } as NodeJS.ProcessEnv, { get: (t, k) => (read.push(k), Reflect.get(t, k)) });
    expect(refusedEnvironment(env, 'frobnicate', 'P', (s) => err.push(s))).toBe(false);
    expect(err).toHaveLength(1);
    expect(read).toEqual([]);
  });
});

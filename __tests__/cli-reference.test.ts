import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMMAND_SPECS } from '../cli/command-definitions';
import { commandsMarkdown, parseCommand, replaceCommandsReference } from '../cli/command-spec';
import { main } from '../cli/main';
import { packageVersion } from '../lib/paths';
import { ROOT } from './helpers';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd: ROOT });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('CLI definitions: --help, parsing and README come from one place', () => {
  test('the command tables in docs/cli.md are current (run npm run schema)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
    expect(replaceCommandsReference(readme, commandsMarkdown(COMMAND_SPECS))).toBe(readme);
    // and they say what the definitions say: preflight --context optional, plan --strategy required
    expect(readme).toContain('| `preflight` | `--context NAME` |  |');
    expect(readme).toContain('| `plan` | `--strategy S` | yes |');
  });

  test.each(COMMAND_SPECS.map((s) => [s.name]))('%s: every usage line names the command; help <command> = <command> --help', async (name) => {
    const help = await run([name, '--help']);
    expect(help.code).toBe(0);
    const usage = help.stdout.split('\n').filter((l) => /^(Usage:| {7}codecanvas-cdk8s)/.test(l));
    expect(usage.length).toBeGreaterThan(0);
    for (const line of usage) expect(line).toMatch(new RegExp(`^(Usage:| {6}) codecanvas-cdk8s ${name}\\b`));
    expect(await run(['help', name])).toEqual(help);
  });

  test.each(COMMAND_SPECS.map((s) => [s.name, s]))('%s: every --flag its help mentions is one the parser accepts', (_name, spec) => {
    const help = (spec as (typeof COMMAND_SPECS)[number]);
    const text = `${help.usage.join('\n')}\n${help.description}\n${help.options.map((o) => o.help).join('\n')}\n${help.footer}`;
    // `az keyvault secret set ... --file` (keys) and `helm pull ... --version` (upgrade-check) are other tools' flags.
    const flags = new Set([...text.replace(/\(az [^)]*\)/g, '').replace(/helm pull [^\n]*/g, '').matchAll(/--([a-z][a-z-]+)/g)].map((m) => m[1]));
    for (const flag of flags) {
      const option = help.options.find((o) => o.name === flag);
      expect({ flag, known: option !== undefined || flag === 'help' }).toEqual({ flag, known: true });
      expect(() => parseCommand(option?.value ? [`--${flag}`, 'x'] : [`--${flag}`], help)).not.toThrow();
    }
    expect(() => parseCommand(['--no-such-flag'], help)).toThrow(/Unknown option '--no-such-flag'/);
  });

  test('--version prints the package.json version, found by walking up from the module', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `codecanvas-cdk8s ${version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`codecanvas-cdk8s ${version}\n`);
    // a compiled location: any folder below the root finds the same package.json
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-version-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'codecanvas-cdk8s', version: '9.8.7' }));
    expect(packageVersion(dir)).toBe('9.8.7');
  });

  test('the main help lists every command; help with an unknown command is the main help', async () => {
    const r = await run(['help']);
    for (const s of COMMAND_SPECS) expect(r.stdout).toContain(`  ${s.name.padEnd(14)}${s.brief}`);
    expect((await run(['help', 'nope'])).stdout).toBe(r.stdout);
  });
});

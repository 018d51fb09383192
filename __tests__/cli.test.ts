import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { main } from '../cli/main';
import { diffOutputs, renderDiff } from '../cli/diff';
import { COMMAND_VARIABLES } from '../cli/args';
import { COMMAND_SPECS } from '../cli/command-definitions';
import { exampleConfig, ROOT, withField } from './helpers';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function tempConfig(config: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-'));
  const file = path.join(dir, 'codecanvas.yaml');
  fs.writeFileSync(file, yaml.dump(config));
  return file;
}

describe('codecanvas-cdk8s', () => {
  test('without a command: usage and exit 2; unknown command: exit 2', async () => {
    expect(await run([])).toMatchObject({ code: 2, stdout: expect.stringContaining('Usage: codecanvas-cdk8s <command>') });
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });

  test.each(['validate', 'synth', 'diff', 'preflight', 'plan', 'keys'])('%s --help documents its exit codes', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage:/);
    expect(r.stdout).toMatch(/[Ee]xit codes?/);
  });

  test('an unknown option is a usage error (exit 2)', async () => {
    const r = await run(['validate', '--strict-mode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--strict-mode'");
  });

  describe('validate', () => {
    test('the example is valid, and nothing is written', async () => {
      const before = fs.readdirSync(ROOT).sort();
      const r = await run(['validate']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/examples\/aks\.yaml: valid \(11 output files checked/);
      expect(fs.readdirSync(ROOT).sort()).toEqual(before);
    });

    test('every input problem, exit 1; --json for CI', async () => {
      const file = tempConfig(withField(withField(exampleConfig(), 'database.port', 0), 'domain', 'bad domain'));
      const human = await run(['validate', '--config', file]);
      expect(human.code).toBe(1);
      expect(human.stderr).toContain('2 problems found');
      expect(human.stderr).toContain('database.port: is 0; must be an integer between 1 and 65535');
      const json = await run(['validate', '--config', file, '--json']);
      expect(json.code).toBe(1);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.valid).toBe(false);
      expect(parsed.problems.map((p: { where: string }) => p.where).sort()).toEqual(['database.port', 'domain']);
    });

    test('validate prints the warnings synth prints (releases left out), in the same words, and still exits 0', async () => {
      // Without instance IDs the operator and jump releases cannot be configured yet: synth leaves them out.
      let raw = withField(exampleConfig(), 'devEnvironmentClusters.0.operator.instanceId', undefined);
      raw = withField(raw, 'devEnvironmentClusters.0.jump.instanceId', undefined);
      const file = tempConfig(raw);
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-')), 'out');
      const synth = await run(['synth', '--config', file, '--out', out]);
      expect(synth.code).toBe(0);
      const warnings = synth.stderr.split('\n').filter((l) => l.startsWith('warning: '));
      expect(warnings).toEqual([
        expect.stringMatching(/^warning: devEnvironmentClusters\[0\]\.jump \(dev-westeurope\): release codecanvas-jump left out: /),
        expect.stringMatching(/^warning: devEnvironmentClusters\[0\]\.operator \(dev-westeurope\): release codecanvas-operator left out: /),
      ]);
      const validate = await run(['validate', '--config', file]);
      expect(validate.code).toBe(0);
      expect(validate.stdout).toMatch(/: valid \(/);
      expect(validate.stderr).toBe(synth.stderr.split('\n').filter((l) => /^(warning|note): /.test(l)).map((l) => `${l}\n`).join(''));
      const json = await run(['validate', '--config', file, '--json']);
      expect(json.code).toBe(0);
      expect(json.stderr).toBe('');
      const parsed = JSON.parse(json.stdout);
      expect(parsed.valid).toBe(true);
      expect(parsed.warnings.map((w: string) => `warning: ${w}`)).toEqual(warnings);
    });

    test('synth-time problems count too (a missing environment variable)', async () => {
      const file = tempConfig(withField(withField(exampleConfig(), 'secrets', { source: 'env', allowPlaintextSecrets: true }), 'devEnvironmentClusters', []));
      const r = await run(['validate', '--config', file, '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).problems.map((p: { message: string }) => p.message)).toEqual([
        expect.stringContaining('environment variable CODECANVAS_DB_PASSWORD is not set'),
        expect.stringContaining('environment variable CODECANVAS_MASTER_SECRET is not set'),
      ]);
    });
  });

  describe('synth and diff', () => {
    test('synth --out writes; diff against it is clean (exit 0)', async () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-')), 'out');
      expect((await run(['synth', '--out', out])).code).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['INSTALL.md', 'application', 'bootstrap', 'dev-westeurope']);
      const r = await run(['diff', '--out', out]);
      expect(r).toMatchObject({ code: 0, stdout: 'no changes: the output is up to date\n' });
    });

    test('diff reports changed fields per cluster and object; a deletion makes the exit code 4 unless allowed', async () => {
      const file = tempConfig(withField(withField(exampleConfig(), 'application.replicas', 3), 'devEnvironmentClusters.0.storageClasses', [{ name: 'codecanvas-storage' }]));
      const r = await run(['diff', '--config', file, '--out', path.join(ROOT, 'dist')]);
      expect(r.code).toBe(4);
      expect(r.stdout).toContain(
        'application/\n  ~ Application argocd/codecanvas  (30-releases.yaml)  [update in place]\n      spec.source.helm.valuesObject.application.replicaCount: 2 -> 3',
      );
      expect(r.stdout).toContain('dev-westeurope/\n  - StorageClass codecanvas-storage-premium  (10-cluster-resources.yaml)  [DELETION]');
      expect((await run(['diff', '--config', file, '--out', path.join(ROOT, 'dist'), '--allow-deletions'])).code).toBe(3);
      const json = JSON.parse((await run(['diff', '--config', file, '--out', path.join(ROOT, 'dist'), '--json'])).stdout);
      expect(json.upToDate).toBe(false);
      expect(json.changes.map((c: { object: string; change: string }) => `${c.change} ${c.object}`)).toEqual(
        expect.arrayContaining(['changed Application argocd/codecanvas', 'removed StorageClass codecanvas-storage-premium']),
      );
    });

    test('diff never prints the values of Secrets', () => {
      const secret = (value: string) =>
        yaml.dump({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { DB_PASSWORD: Buffer.from(value).toString('base64') } });
      const changes = diffOutputs(new Map([['application/20-secrets.yaml', secret('old-value')]]), [{ path: 'application/20-secrets.yaml', content: secret('new-value') }]);
      const text = renderDiff(changes);
      expect(text).toContain('data.DB_PASSWORD: changed (value not shown)');
      expect(text).not.toContain(Buffer.from('old-value').toString('base64'));
      expect(text).not.toContain(Buffer.from('new-value').toString('base64'));
    });
  });

  describe('flag values and environment variables: the rule of config strings (control, invisible and bidi characters, padding)', () => {
    // Every flag of every command that takes a value: --config, --out, --cluster, --vault-name, --context, --chart, ...
    const flags = COMMAND_SPECS.flatMap((spec) => spec.options.filter((o) => o.value).map((o) => [spec.name, o.name] as const));
    test('every command has flags with values to draw from', () => {
      expect(flags.map(([c, f]) => `${c} --${f}`)).toEqual(expect.arrayContaining(['synth --out', 'validate --config', 'keys --cluster', 'keys --vault-name', 'preflight --context', 'upgrade-check --chart', 'keys --cert', 'preflight --kubeconfig']));
    });

    test.each(flags)('%s --%s: refused (exit 2), the flag named and the character spelled out', async (command, flag) => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-flag-'));
      const r = await run([command, `--${flag}`, 'dist\u200b\u202e'], {}, work);
      expect({ code: r.code, stdout: r.stdout, names: r.stderr.includes(`--${flag} "dist<U+200B><U+202E>" contains U+200B ZERO WIDTH SPACE (an invisible character) at position 5, U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control) at position 6`) }).toEqual({
        code: 2,
        stdout: '',
        names: true,
      });
      // Nothing ran: no file appeared where the command was started.
      expect(fs.readdirSync(work)).toEqual([]);
      expect(r.stderr).not.toMatch(/[\u200b\u202e]/);
    });

    test('every bad flag value of one command line is named at once; a padded value and an ESC too', async () => {
      const r = await run(['keys', '--out', 'keys ', '--cluster', 'dev\u001b[2J', '--cluster', 'ok', '--vault-name', 'kv\u00a0x']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--out "keys " has whitespace at its end: remove it (it would become part of the flag value)');
      expect(r.stderr).toContain('--cluster "dev<U+001B>[2J" contains U+001B ESCAPE (a control character) at position 4');
      expect(r.stderr).toContain('--vault-name "kv<U+00A0>x" contains U+00A0 NO-BREAK SPACE (a space other than the ASCII space) at position 3');
      expect(r.stderr).not.toContain('\u001b');
    });

    test('a look-alike letter of another script in a flag value or a path variable is refused the same way', async () => {
      const flag = await run(['keys', '--cluster', 'dev-w\u0435steurope']);
      expect({ code: flag.code, names: flag.stderr.includes('--cluster "dev-w<U+0435>steurope" mixes scripts in one word: U+0435 CYRILLIC SMALL LETTER IE (looks like "e") at position 6 among Latin letters') }).toEqual({ code: 2, names: true });
      const variable = await run(['synth'], { CDK8S_OUTDIR: 'dist-\u0440rod' });
      expect({ code: variable.code, names: variable.stderr.includes('environment variable CDK8S_OUTDIR "dist-<U+0440>rod" mixes scripts in one word: U+0440 CYRILLIC SMALL LETTER ER') }).toEqual({ code: 2, names: true });
      // One script per word is a path like any other.
      const cyrillic = await run(['diff'], { CDK8S_OUTDIR: '/nonexistent/\u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u0442\u0435\u043b\u044c/dist' });
      expect({ code: cyrillic.code, readsIt: cyrillic.stderr.includes('is not a directory') }).toEqual({ code: 1, readsIt: true });
    });

    test.each(Object.entries(COMMAND_VARIABLES).flatMap(([command, names]) => names.map((v) => [command, v] as const)))('%s: environment variable %s refused (exit 2), the variable named', async (command, variable) => {
      const r = await run([command], { [variable]: 'codecanvas.yaml\u2066' });
      expect({ code: r.code, stdout: r.stdout, names: r.stderr.includes(`codecanvas-cdk8s ${command}: environment variable ${variable} "codecanvas.yaml<U+2066>" contains U+2066 LEFT-TO-RIGHT ISOLATE (a bidirectional control) at position 16`) }).toEqual({
        code: 2,
        stdout: '',
        names: true,
      });
    });

    test('every command that reads a config reads CODECANVAS_CONFIG; a variable a command does not read is not its concern', async () => {
      expect(Object.entries(COMMAND_VARIABLES).filter(([, names]) => names.includes('CODECANVAS_CONFIG')).map(([c]) => c).sort()).toEqual(
        COMMAND_SPECS.filter((spec) => spec.options.some((o) => o.name === 'config')).map((spec) => spec.name).sort(),
      );
      expect((await run(['plan', '--example'], { KUBECONFIG: 'x\u200b' })).code).toBe(0);
    });

    test('help and version do not read the variables; an ordinary value passes', async () => {
      expect((await run(['--version'], { CODECANVAS_CONFIG: 'x\u200b' })).code).toBe(0);
      expect((await run(['validate'], { CODECANVAS_CHART: '', CDK8S_OUTDIR: 'out dir/with spaces' })).code).toBe(0);
    });
  });

  test('plan --example reproduces the guide through the dispatcher', async () => {
    const r = await run(['plan', '--example', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('240');
  });
});

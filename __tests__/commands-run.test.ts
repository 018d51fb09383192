// The validate, synth and diff commands (cli/commands.ts) called in-process: what each prints and its exit code on
// every path, with the schema, reference and upgrade checks replaced by spies where a real config cannot reach a path.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runDiff, runSynthCommand, runValidate } from '../cli/commands';
import * as synth from '../cli/synth';
import * as manifestSchemas from '../cli/validate/manifest-schemas';
import * as references from '../cli/validate/references';
import * as upgrade from '../cli/upgrade/upgrade-check';
import { CommandIO } from '../cli/args';
import { exampleConfig, exampleFile, fakeSecretEnv, readTree, ROOT, withField } from './helpers';

function call(command: (argv: string[], io: CommandIO) => number, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = command(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: ROOT });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cmd-'));
}

function tempConfig(config: object): string {
  const file = path.join(tempDir(), 'codecanvas.yaml');
  fs.writeFileSync(file, yaml.dump(config));
  return file;
}

// Pass-through spies: each test that needs another behaviour sets it for one call (mockImplementationOnce).
function passThrough(module: string, ...names: string[]) {
  const actual = jest.requireActual(module);
  return { ...actual, ...Object.fromEntries(names.map((n) => [n, jest.fn(actual[n])])) };
}
jest.mock('../cli/synth', () => passThrough('../cli/synth', 'synthesize'));
jest.mock('../cli/validate/manifest-schemas', () => passThrough('../cli/validate/manifest-schemas', 'validateYamlFiles'));
jest.mock('../cli/validate/references', () => passThrough('../cli/validate/references', 'danglingReferences'));
jest.mock('../cli/upgrade/upgrade-check', () => passThrough('../cli/upgrade/upgrade-check', 'upgradeCheck'));

beforeEach(() => jest.clearAllMocks());

describe('validate', () => {
  test('the example: one line on stdout naming the config and the number of files checked', () => {
    const schemas = jest.mocked(manifestSchemas.validateYamlFiles);
    const synthesize = jest.mocked(synth.synthesize);
    const env = { X: '1' };
    const r = call(runValidate, [], env);
    expect(r).toEqual({ code: 0, stdout: `${path.join(ROOT, 'examples/aks.yaml')}: valid (11 output files checked against Kubernetes and CRD schemas)\n`, stderr: '' });
    expect(synthesize).toHaveBeenCalledWith(expect.anything(), { env });
    // Only the manifests are checked against the schemas (not INSTALL.md).
    const checked = schemas.mock.calls[0][0].map((f) => f.path);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.every((p) => p.endsWith('.yaml'))).toBe(true);
    expect(synthesize.mock.results[0].value.files.length).toBeGreaterThan(checked.length);
  });

  test('schema and reference problems, each with where and message; --json lists them', () => {
    for (let i = 0; i < 2; i++) {
      jest.mocked(manifestSchemas.validateYamlFiles).mockReturnValueOnce([
        { file: 'application/a.yaml', kind: 'Deployment', name: 'x', path: '/spec', message: 'bad' } as never,
        { kind: 'Service', name: 'y', path: '/p', message: 'worse' } as never,
      ]);
      jest.mocked(references.danglingReferences).mockReturnValueOnce(['dev/b.yaml: Secret s: missing']);
    }
    const json = call(runValidate, ['--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      config: path.join(ROOT, 'examples/aks.yaml'),
      valid: false,
      problems: [
        { where: 'application/a.yaml Deployment/x', message: 'application/a.yaml: Deployment x: /spec: bad' },
        { where: 'Service/y', message: ': Service y: /p: worse' },
        { where: 'dev/b.yaml', message: 'dev/b.yaml: Secret s: missing' },
      ],
      warnings: [],
      notes: [],
    });
    const human = call(runValidate, []);
    expect(human).toMatchObject({ code: 1, stdout: '' });
    expect(human.stderr).toBe(
      `${path.join(ROOT, 'examples/aks.yaml')}: 3 problems found\n  - application/a.yaml: Deployment x: /spec: bad\n  - : Service y: /p: worse\n  - dev/b.yaml: Secret s: missing\n`,
    );
  });

  test('notes absent from the synth result are an empty list', () => {
    const real = jest.requireActual('../cli/synth').synthesize as typeof synth.synthesize;
    jest.mocked(synth.synthesize).mockImplementationOnce((...a) => ({ ...real(...a), notes: undefined }));
    expect(JSON.parse(call(runValidate, ['--json']).stdout)).toMatchObject({ valid: true, problems: [], warnings: [], notes: [] });
  });

  test('a config that does not load: its problems, the given path as source, no notices', () => {
    const missing = path.join(tempDir(), 'none.yaml');
    const r = call(runValidate, ['--config', missing, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ config: missing, valid: false, warnings: [], notes: [] });
    expect(json.problems).toHaveLength(1);
    const human = call(runValidate, ['--config', missing]);
    expect(human.stderr.startsWith(`${missing}: 1 problem found\n  - `)).toBe(true);
  });

  test('without --config, a config that does not load is named "(config)" until it is read', () => {
    const r = call(runValidate, [], { CODECANVAS_CONFIG: path.join(tempDir(), 'none.yaml') });
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('(config): 1 problem found\n')).toBe(true);
  });

  test('a SynthError: each problem, its where the text before the first colon', () => {
    jest.mocked(synth.synthesize).mockImplementationOnce(() => {
      throw new synth.SynthError(['clusters.a: two things', 'b: c: d']);
    });
    const json = JSON.parse(call(runValidate, ['--json']).stdout);
    expect(json.problems).toEqual([
      { where: 'clusters.a', message: 'clusters.a: two things' },
      { where: 'b', message: 'b: c: d' },
    ]);
  });

  test('any other error is not a problem of the config: it is thrown', () => {
    jest.mocked(manifestSchemas.validateYamlFiles).mockImplementationOnce(() => {
      throw new RangeError('boom');
    });
    expect(() => call(runValidate, [])).toThrow(RangeError);
  });

  test('with CODECANVAS_CHART: the upgrade-check\'s problems, and a chart it cannot read as one problem', () => {
    jest.mocked(upgrade.upgradeCheck).mockReturnValueOnce({
      chart: { name: 'codecanvas', version: '9.9' },
      problems: [{ release: 'codecanvas', path: 'a.b', message: 'is unknown' }],
    } as never);
    const json = JSON.parse(call(runValidate, ['--json'], { CODECANVAS_CHART: 'x.tgz' }).stdout);
    expect(json.problems).toEqual([
      { where: 'upgrade-check codecanvas a.b', message: 'codecanvas (chart codecanvas 9.9 from CODECANVAS_CHART): a.b: is unknown' },
    ]);
    const missing = JSON.parse(call(runValidate, ['--json'], { CODECANVAS_CHART: path.join(tempDir(), 'none.tgz') }).stdout);
    expect(missing.problems).toEqual([{ where: 'CODECANVAS_CHART', message: expect.any(String) }]);
    expect(missing.problems[0].message.length).toBeGreaterThan(0);
  });
});

describe('diff', () => {
  const sealedFile = () => path.join(ROOT, 'examples/flux-sealed-secrets.yaml');
  const keyed = fakeSecretEnv(['dev-northeurope']);
  const { CODECANVAS_SEALING_KEY: _key, ...unkeyed } = keyed;

  test('sealed without the sealing key: a note that every SealedSecret shows as a rotation; with the key, none', () => {
    const file = sealedFile();
    const out = path.join(tempDir(), 'out');
    expect(call(runSynthCommand, ['--config', file, '--out', out], keyed).code).toBe(0);
    expect(call(runDiff, ['--config', file, '--out', out], keyed)).toMatchObject({ code: 0, stderr: '' });
    // With the key, a SealedSecret rotates only when a value changed: no note.
    const rotated = call(runDiff, ['--config', file, '--out', out], { ...keyed, CODECANVAS_DB_PASSWORD: 'changed-db-password-77' });
    expect(rotated.stdout).toMatch(/SealedSecret .*\[secret rotation\]/);
    expect(rotated).toMatchObject({ code: 3, stderr: '' });
    const r = call(runDiff, ['--config', file, '--out', out], unkeyed);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'diff: note: CODECANVAS_SEALING_KEY is not set, so this synth sealed every Secret with fresh randomness: each SealedSecret below shows as a ' +
        'secret rotation even where no value changed; set CODECANVAS_SEALING_KEY (from `codecanvas-cdk8s keys`) as for synth to compare them\n',
    );
  });

  test('sealed without the key: the note also when other objects change; none when no SealedSecret rotates', () => {
    const file = sealedFile();
    const out = path.join(tempDir(), 'out');
    expect(call(runSynthCommand, ['--config', file, '--out', out], keyed).code).toBe(0);
    const changed = tempConfig(withField(exampleFile('flux-sealed-secrets.yaml'), 'application.replicas', 3));
    fs.copyFileSync(path.join(ROOT, 'examples/sealed-secrets-cert.pem'), path.join(path.dirname(changed), 'sealed-secrets-cert.pem'));
    const both = call(runDiff, ['--config', changed, '--out', out], unkeyed);
    expect(both.stdout).toContain('[update in place]');
    expect(both.stderr).toContain('diff: note: CODECANVAS_SEALING_KEY is not set');
    // With the committed SealedSecrets removed, they are created, not rotated: no note.
    for (const [f, text] of Object.entries(readTree(out))) if (text.includes('kind: SealedSecret')) fs.rmSync(path.join(out, f));
    const created = call(runDiff, ['--config', file, '--out', out], unkeyed);
    expect(created.stdout).toContain('SealedSecret');
    expect(created).toMatchObject({ code: 3, stderr: '' });
  });

  test('rotations of plain Secrets get no sealing note', () => {
    const file = tempConfig(exampleFile('kubectl-helm.yaml'));
    const out = path.join(tempDir(), 'out');
    const env = fakeSecretEnv(['dev-westeurope']);
    expect(call(runSynthCommand, ['--config', file, '--out', out], env).code).toBe(0);
    const { CODECANVAS_SEALING_KEY: _, ...noKey } = env;
    const r = call(runDiff, ['--config', file, '--out', out], { ...noKey, CODECANVAS_DB_PASSWORD: 'changed-db-password-77' });
    expect(r.stdout).toContain('[secret rotation]');
    expect(r).toMatchObject({ code: 3, stderr: '' });
  });

  test('dangerous changes: a line on stderr counting them; --json names the blocked objects', () => {
    const file = tempConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.storageClasses', [{ name: 'codecanvas-storage' }]));
    const dist = path.join(ROOT, 'dist');
    const r = call(runDiff, ['--config', file, '--out', dist]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^diff: [1-9]\d* replacement\(s\) or deletion\(s\) above; review them, then pass --allow-replacements \/ --allow-deletions to accept\n$/);
    const allowed = call(runDiff, ['--config', file, '--out', dist, '--allow-deletions']);
    expect(allowed).toMatchObject({ code: 3, stderr: '' });
    const json = JSON.parse(call(runDiff, ['--config', file, '--out', dist, '--json']).stdout);
    expect(json).toMatchObject({ outdir: dist, upToDate: false, exitCode: 4 });
    expect(json.blocked).toContain('StorageClass codecanvas-storage-premium');
    expect(json.blocked.every((b: unknown) => typeof b === 'string')).toBe(true);
    // A changed StorageClass parameter is a replacement: blocked unless --allow-replacements.
    const replaced = tempConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.storageClasses.1.skuName', 'StandardSSD_LRS'));
    expect(call(runDiff, ['--config', replaced, '--out', dist]).code).toBe(4);
    expect(call(runDiff, ['--config', replaced, '--out', dist, '--allow-replacements'])).toMatchObject({ code: 3, stderr: '' });
    const upToDate = JSON.parse(call(runDiff, ['--out', dist, '--json']).stdout);
    expect(upToDate).toMatchObject({ upToDate: true, exitCode: 0, blocked: [], changes: [] });
  });

  test('files synth did not write are not compared', () => {
    const out = path.join(tempDir(), 'out');
    expect(call(runSynthCommand, ['--out', out]).code).toBe(0);
    fs.writeFileSync(path.join(out, 'application', 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n');
    expect(call(runDiff, ['--out', out])).toMatchObject({ code: 0, stdout: 'no changes: the output is up to date\n' });
  });

  test('a config that does not load: its message, exit 1; other errors are thrown', () => {
    const missing = path.join(tempDir(), 'none.yaml');
    const r = call(runDiff, ['--config', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stdout).toBe('');
    jest.mocked(synth.synthesize).mockImplementationOnce(() => {
      throw new RangeError('boom');
    });
    expect(() => call(runDiff, [])).toThrow(RangeError);
  });
});

/**
 * `npm run synth`'s command (scripts/run-ts.js main.ts, the cdk8s app) and the bin, each run in a child process as
 * a user runs them: exit codes, what reaches stderr, and what is written or left alone. The same paths run in-process
 * in __tests__ (cli/main.ts's main, synthesize); these prove the entry points around them. Moved out of `npm test`
 * because each run starts Node and loads the whole synthesis (0.1-0.3 s apiece).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { BASE_ENV, Case, cases, prepare } from '../../__tests__/bad-config-corpus';
import { exampleConfig, readTree, ROOT, withField } from '../../__tests__/helpers';

const EXAMPLE = path.join(ROOT, 'examples', 'aks.yaml');

function runMain(env: NodeJS.ProcessEnv, cwd = os.tmpdir()) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-ts.js'), path.join(ROOT, 'main.ts')], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('main.ts as users run it', () => {
  test('CDK8S_OUTDIR falls under the rule of config strings: named, the hidden character spelled out (exit 2), nothing written', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-entry-'));
    const app = runMain({ CDK8S_OUTDIR: path.join(work, 'app-out\u2060') }, work);
    expect({ status: app.status, names: /^synth: environment variable CDK8S_OUTDIR ".*app-out<U\+2060>" contains U\+2060 WORD JOINER/.test(app.stderr), written: fs.existsSync(path.join(work, 'app-out\u2060')) }).toEqual({
      status: 2,
      names: true,
      written: false,
    });
  });

  test('bad input: every problem, exit code 1, no stack trace, output untouched', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
    const config = path.join(dir, 'bad.yaml');
    fs.writeFileSync(config, yaml.dump(withField(withField(exampleConfig(), 'database.port', 99999), 'licenseAgreementAccepted', false)));
    const out = path.join(dir, 'dist');
    fs.mkdirSync(path.join(out, 'application'), { recursive: true });
    fs.writeFileSync(path.join(out, 'application', 'keep.yaml'), 'previous output\n');

    const run = runMain({ CODECANVAS_CONFIG: config, CDK8S_OUTDIR: out });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${config}: 2 problems found`);
    expect(run.stderr).toContain('database.port: is 99999; must be an integer between 1 and 65535');
    expect(run.stderr).toContain('licenseAgreementAccepted: is false;');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(out)).toEqual({ 'application/keep.yaml': 'previous output\n' });
  });

  test("a good config replaces synth's own files in the output directory (stale ones removed)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
    const out = path.join(dir, 'dist');
    fs.mkdirSync(path.join(out, 'stale'), { recursive: true });
    // A file an earlier synth wrote (a cluster since removed from the config); files of the user are kept
    // (__tests__/output-write.test.ts).
    fs.writeFileSync(path.join(out, 'stale', 'old.yaml'), 'kind: Namespace\nmetadata: { name: a, labels: { app.kubernetes.io/managed-by: codecanvas-cdk8s } }\n');
    const run = runMain({ CODECANVAS_CONFIG: EXAMPLE, CDK8S_OUTDIR: out });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readTree(out)).toEqual(readTree(path.join(ROOT, 'dist')));
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('./codecanvas.yaml in the working directory is used when CODECANVAS_CONFIG is unset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
    fs.writeFileSync(path.join(dir, 'codecanvas.yaml'), yaml.dump(withField(exampleConfig(), 'namespace', 'from-cwd')));
    const run = runMain({ CDK8S_OUTDIR: 'out' }, dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`synthesized ${path.join(dir, 'codecanvas.yaml')} into out/`);
    expect(fs.readFileSync(path.join(dir, 'out', 'application', '00-namespaces.yaml'), 'utf8')).toContain('name: from-cwd');
  });

  test('an unreadable sealing certificate is an input error naming the field (with the variables the source reads, in the same run)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
    const config = path.join(dir, 'sealed.yaml');
    fs.writeFileSync(config, yaml.dump(withField(exampleConfig(), 'secrets', { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'missing.pem' } })));
    const run = runMain({ CODECANVAS_CONFIG: config, CDK8S_OUTDIR: path.join(dir, 'out') });
    expect(run.status).toBe(1);
    // The certificate, then the two installation secrets and the three keys of dev-westeurope, none set here.
    expect(run.stderr).toContain(`${config}: 6 problems found`);
    expect(run.stderr).toContain('environment variable DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY: is required');
    expect(run.stderr).toMatch(/secrets\.sealedSecrets\.certificateFile: is "missing\.pem"; names .*missing\.pem, which does not exist/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('without CODECANVAS_CONFIG or ./codecanvas.yaml the embedded example is used', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
    const run = runMain({ CDK8S_OUTDIR: path.join(dir, 'out') });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`synthesized ${EXAMPLE}`);
  });
});

describe('the bad-input corpus end to end, as a user runs it', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-entry-bad-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const e2e: [string, Case][] = [
    ['npm run synth (main.ts)', cases.find((c) => c.id === 'empty file')!],
    ['npm run synth (main.ts)', cases.find((c) => c.id === 'billion laughs inside application.values')!],
    ['npm run synth (main.ts)', cases.find((c) => c.id === 'PKCS#8 private key in relay.jwtPublicKey')!],
    ['bin/codecanvas-cdk8s.js synth', cases.find((c) => c.id === 'helm delivery, chart repository "oci://registry.example.com/charts$(touch${IFS}/tmp/x)"')!],
  ];

  test.each(e2e.map(([how, c], i) => [how, c.id, c, i] as const))('%s: %s', (how, _id, c, i) => {
    const { file, outdir } = prepare(work, c, 2000 + i);
    const env = { ...process.env, ...BASE_ENV[c.base ?? 'aks'], CODECANVAS_CONFIG: file, CDK8S_OUTDIR: outdir };
    const args = how.startsWith('bin') ? [path.join(ROOT, 'bin', 'codecanvas-cdk8s.js'), 'synth'] : [path.join(ROOT, 'scripts', 'run-ts.js'), path.join(ROOT, 'main.ts')];
    const r = spawnSync(process.execPath, args, { env, cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect({
      status: r.status,
      namesFileAndField: r.stderr.startsWith(`${file}: `) && r.stderr.includes(c.field) && c.rule.test(r.stderr),
      stackTrace: /\n\s+at .+:\d+:\d+/.test(r.stderr),
      output: fs.readdirSync(outdir),
    }).toEqual({ status: 1, namesFileAndField: true, stackTrace: false, output: ['MARKER'] });
  });
});

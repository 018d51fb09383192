/**
 * The bad-input corpus: each case is one of the valid example configs with exactly one defect, run through the
 * CLI's `synth` in-process. Every case must give exit code 1, a message naming the config file, the field and
 * the rule (and the value, unless it is secret), no stack trace, no last-resort "unexpected error", and leave
 * the output directory exactly as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, UNEXPECTED_ERROR } from '../cli/main';
import { Base, BASE_ENV, baseConfig, Case, cases, cluster, P256_PUBLIC, prepare as prepareIn, secondCluster, SECRET_TEXT, set } from './bad-config-corpus';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bad-configs-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Writes the case's config into a fresh folder of this file's work folder (see the corpus's prepare). */
const prepare = (c: Case, index: number) => prepareIn(work, c, index);

async function synth(file: string, outdir: string, env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['synth', '--config', file, '--out', outdir], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: path.dirname(file) });
  // The MARKER file proves a failed synth leaves the folder alone; a successful synth keeps it (a file synth did not
  // write) and says so in a note, which is not what these cases are about.
  const stderr = err.join('').replace(/^note: kept 1 file\(s\) in .* that synth did not write: MARKER\n/m, '');
  return { code, stdout: out.join(''), stderr };
}

describe('bad-input corpus: each valid example with one defect', () => {
  test('has at least 150 cases, each with a distinct name', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test.each(['aks', 'helm', 'sealed'] as Base[])('the %s base itself synthesizes (so each case has exactly one defect)', async (base) => {
    const { file, outdir } = prepare({ id: `base ${base}`, base, field: '', rule: /./ }, 1000 + ['aks', 'helm', 'sealed'].indexOf(base));
    const r = await synth(file, outdir, BASE_ENV[base]);
    expect(r).toMatchObject({ code: 0, stderr: base === 'helm' ? expect.stringContaining('warning:') : '' });
  });

  test.each(cases.map((c, i) => [c.id, c, i] as const))('%s', async (_id, c, index) => {
    const { file, outdir } = prepare(c, index);
    const r = await synth(file, outdir, c.env ?? BASE_ENV[c.base ?? 'aks']);
    const problemLine = r.stderr.split('\n').find((l) => l.includes(c.field) && c.rule.test(l)) ?? '';
    expect({
      code: r.code,
      namesFile: r.stderr.startsWith(`${file}: `),
      problemLine: problemLine !== '' && (c.value === undefined || problemLine.includes(c.value)) ? 'names field, rule and value' : r.stderr,
      stackTrace: /\n\s+at .+:\d+:\d+/.test(r.stderr),
      lastResort: r.stderr.includes(UNEXPECTED_ERROR),
      output: fs.readdirSync(outdir),
      stdout: r.stdout,
      echoesSecret: SECRET_TEXT.some((secret) => r.stderr.includes(secret)),
    }).toEqual({
      code: 1,
      namesFile: true,
      problemLine: 'names field, rule and value',
      stackTrace: false,
      lastResort: false,
      output: ['MARKER'],
      stdout: '',
      echoesSecret: false,
    });
  });
});

/**
 * The secret source's environment variables are reported in the run that reports the config's own problems, not in
 * a second run once those are fixed: each names the variable and the field that reads it, and never the value.
 */
describe('config problems and the secret variables: every problem in one run', () => {
  async function report(c: Case, index: number, command: 'synth' | 'validate' | 'diff' = 'synth') {
    const { file, outdir } = prepare(c, index);
    const out: string[] = [];
    const err: string[] = [];
    const argv = command === 'validate' ? [command, '--config', file] : [command, '--config', file, '--out', outdir];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: c.env ?? {}, cwd: path.dirname(file) });
    const stderr = err.join('');
    return { code, stderr, lines: stderr.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4)), output: fs.readdirSync(outdir) };
  }

  const helmBroken: Case = {
    id: 'helm: a config problem, a missing, a short and a hidden-text variable',
    base: 'helm',
    edit: (c) => (c.database.port = 0),
    env: { ...BASE_ENV.helm, CODECANVAS_DB_PASSWORD: undefined, CODECANVAS_MASTER_SECRET: 'Leak7short', CODECANVAS_STORAGE_ACCOUNT_KEY: 'Leak7\u200b' },
    field: '',
    rule: /./,
  };

  test.each(['synth', 'validate', 'diff'] as const)('%s: the config problem and every variable at once, named by variable and field', async (command) => {
    const r = await report({ ...helmBroken, edit: (c) => { c.database.port = 0; c.objectStorage.auth = 'accountKey'; } }, 5000 + ['synth', 'validate', 'diff'].indexOf(command), command);
    expect({ code: r.code, output: r.output, lines: r.lines }).toEqual({
      code: 1,
      output: ['MARKER'],
      lines: [
        'database.port: is 0; must be an integer between 1 and 65535',
        'environment variable CODECANVAS_DB_PASSWORD: is required: secrets.names.databasePassword reads the PostgreSQL password from it, and it is not set (or empty)',
        'environment variable CODECANVAS_MASTER_SECRET: is "(hidden)"; must be Base64 that decodes to at least 32 bytes (generate one with: openssl rand -base64 32) (secrets.names.masterSecret reads the CodeCanvas master secret from it)',
        expect.stringMatching(/^environment variable CODECANVAS_STORAGE_ACCOUNT_KEY: is "\(hidden\)"; contains U\+200B ZERO WIDTH SPACE \(an invisible character\) at position 6: .*\(secrets\.names\.storageAccountKey reads the Blob Storage account key \(objectStorage\.auth: accountKey\) from it\)$/),
      ],
    });
    expect(r.stderr).not.toContain('Leak7');
  });

  test('sealed: an unreadable certificate, a malformed sealing key and missing cluster keys in one run', async () => {
    const r = await report(
      {
        id: 'sealed: certificate, sealing key and cluster keys',
        base: 'sealed',
        edit: (c) => (c.secrets.sealedSecrets.certificateFile = 'nope.pem'),
        env: { ...BASE_ENV.sealed, CODECANVAS_SEALING_KEY: 'Leak7', DEV_NORTHEUROPE_JUMP_SSH_HOST_KEY: undefined, DEV_NORTHEUROPE_OPERATOR_JWT_PRIVATE_KEY: '' },
        field: '',
        rule: /./,
      },
      5010,
    );
    expect({ code: r.code, lines: r.lines }).toEqual({
      code: 1,
      lines: [
        expect.stringMatching(/^secrets\.sealedSecrets\.certificateFile: is "nope\.pem"; names .*nope\.pem, which does not exist$/),
        'environment variable DEV_NORTHEUROPE_JUMP_SSH_HOST_KEY: is required: devEnvironmentClusters[0] (jumpSshHostKey) reads the jump server\'s SSH host key of cluster dev-northeurope from it, and it is not set (or empty)',
        'environment variable DEV_NORTHEUROPE_OPERATOR_JWT_PRIVATE_KEY: is required: devEnvironmentClusters[0] (operatorJwtPrivateKey) reads the operator\'s JWT private key of cluster dev-northeurope from it, and it is not set (or empty)',
        expect.stringMatching(/^environment variable CODECANVAS_SEALING_KEY: is "\(hidden\)"; must be Base64 of at least 32 random bytes/),
      ],
    });
    expect(r.stderr).not.toContain('Leak7');
  });

  test('sealed, a valid config: a malformed sealing key no longer hides the missing variables', async () => {
    const r = await report({ id: 'sealed: sealing key and a cluster key', base: 'sealed', env: { ...BASE_ENV.sealed, CODECANVAS_SEALING_KEY: 'short', CODECANVAS_DB_PASSWORD: undefined }, field: '', rule: /./ }, 5011);
    expect({ code: r.code, paths: r.lines.map((l) => l.split(':')[0]).sort() }).toEqual({
      code: 1,
      paths: ['environment variable CODECANVAS_DB_PASSWORD', 'environment variable CODECANVAS_SEALING_KEY'],
    });
  });

  test('what the broken config hides is left out, what it shows is reported', async () => {
    // A cluster without a name: its variables are unknown; the installation's are still named.
    const r = await report({ ...helmBroken, edit: (c) => { c.database.port = 0; c.devEnvironmentClusters = [{ jump: { enabled: true, instanceId: 'j' } }]; } }, 5012);
    expect(r.lines.map((l) => l.split(':')[0])).toEqual(['database.port', 'devEnvironmentClusters[0].name', 'environment variable CODECANVAS_DB_PASSWORD', 'environment variable CODECANVAS_MASTER_SECRET']);
    // An unknown secret source: which variables it would read is unknown.
    const unknown = await report({ ...helmBroken, edit: (c) => (c.secrets.source = 'environment') }, 5013);
    expect(unknown.lines.map((l) => l.split(':')[0])).toEqual(['secrets.source']);
    // The env source needs the plaintext opt-in anyway: without it, the admin password's variable is still named.
    const optIn = await report({ ...helmBroken, env: { ...helmBroken.env, CODECANVAS_ADMIN_PASSWORD: undefined }, edit: (c) => { delete c.secrets.allowPlaintextSecrets; c.localAdministrator.setPassword = true; } }, 5015);
    expect(optIn.lines.map((l) => l.split(':')[0])).toEqual([
      'secrets.allowPlaintextSecrets', 'localAdministrator.setPassword', 'environment variable CODECANVAS_DB_PASSWORD', 'environment variable CODECANVAS_MASTER_SECRET', 'environment variable CODECANVAS_ADMIN_PASSWORD',
    ]);
    // Key Vault reads no variable.
    const keyVault = await report({ id: 'kv', edit: (c) => (c.database.port = 0), env: {}, field: '', rule: /./ }, 5014);
    expect(keyVault.lines.map((l) => l.split(':')[0])).toEqual(['database.port']);
  });

  test('the library reports them with the config problems too (CodeCanvasInstallation), unless it is given a source of its own', async () => {
    const { App } = await import('cdk8s');
    const { CodeCanvasInstallation } = await import('../lib/codecanvas-installation');
    const { ConfigError } = await import('../lib/config/errors');
    const config = baseConfig('helm');
    config.database.port = 0;
    const issues = (props: Record<string, unknown>) => {
      try {
        new CodeCanvasInstallation(new App(), 'CodeCanvas', { config: config as any, env: { CODECANVAS_MASTER_SECRET: 'short' }, ...props });
      } catch (e) {
        return (e as InstanceType<typeof ConfigError>).issues.map((i) => i.path);
      }
      return [];
    };
    expect(issues({})).toEqual(['database.port', 'environment variable CODECANVAS_DB_PASSWORD', 'environment variable CODECANVAS_MASTER_SECRET']);
    const { KeyVaultSecretSource } = await import('../lib/secrets/key-vault-secret-source');
    const own = new KeyVaultSecretSource({ vaultUrl: 'https://kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' });
    expect(issues({ secretSource: own })).toEqual(['database.port']);
  });

  test('with a valid config the charts read exactly the variables the early report names', async () => {
    const { secretVariables } = await import('../lib/charts/secret-variables');
    const variants: [Base, (c: Record<string, any>) => void][] = [
      ['helm', () => undefined],
      ['sealed', () => undefined],
      ['helm', (c) => { c.objectStorage.auth = 'accountKey'; c.localAdministrator.setPassword = true; c.secrets.names = { databasePassword: 'MY_DB' }; }],
      ['sealed', (c) => { c.localAdministrator.setPassword = false; cluster(c).operator.instanceId = undefined; secondCluster(c, { jump: { enabled: true, instanceId: 'j2' } }); }],
    ];
    for (const [base, edit] of variants) {
      const config = baseConfig(base);
      edit(config);
      const named = secretVariables(config).map((v) => v.variable).sort();
      const { file, outdir } = prepare({ id: 'x', base, edit, field: '', rule: /./ }, 5020 + variants.findIndex(([b, e]) => b === base && e === edit));
      // Nothing set but the sealing key: synth names every variable it reads.
      const r = await synth(file, outdir, { CODECANVAS_SEALING_KEY: BASE_ENV.sealed.CODECANVAS_SEALING_KEY });
      const read = [...new Set([...r.stderr.matchAll(/environment variable (\w+) is not set/g)].map((m) => m[1]))].sort();
      expect({ base, named }).toEqual({ base, named: read });
      expect(named.length).toBeGreaterThan(1);
    }
  });
});

/** Edits that look unusual but are valid: the rules above must not refuse them. */
const GOOD_VARIANTS: [string, (c: Record<string, any>) => void][] = [
  ['Key Vault in Azure China', (c) => (c.secrets.keyVault.vaultUrl = 'https://codecanvas-kv.vault.azure.cn/')],
  ['Key Vault in Azure Government, no trailing slash', (c) => (c.secrets.keyVault.vaultUrl = 'https://Codecanvas-KV-01.vault.usgovcloudapi.net')],
  ['Key Vault in Azure Germany', (c) => (c.secrets.keyVault.vaultUrl = 'https://kv1.vault.microsoftazure.de/')],
  ['PostgreSQL host as IPv4', (c) => (c.database.host = '10.0.0.4')],
  ['PostgreSQL host as IPv6', (c) => (c.database.host = 'fd00::4')],
  ['PostgreSQL host as a single label', (c) => (c.database.host = 'postgres')],
  ['release-candidate chart version', (c) => (c.application.chart.version = '2025.1-RC.875')],
  ['chart version with build metadata', (c) => (c.application.chart.version = '2025.1.2+build.7')],
  ['chart repository with a port and nested path', (c) => (c.application.chart.repository = 'oci://registry.example.com:5000/team_a/charts.v2')],
  ['release name of 53 characters', (c) => (c.application.releaseName = 'c'.repeat(53))],
  ['second cluster with a 55-character name', (c) => c.devEnvironmentClusters.push({ name: `d${'x'.repeat(54)}` })],
  ['second cluster with its own relay host', (c) => c.devEnvironmentClusters.push({ name: 'dev-two', relay: { enabled: true, hostname: `relay-two.${c.domain}`, jwtPublicKey: P256_PUBLIC } })],
  ['cluster name with a leading digit (Key Vault source)', (c) => (cluster(c).name = '1dev')],
  ['relay.jwtPublicKey with CRLF line ends', (c) => (cluster(c).relay.jwtPublicKey = P256_PUBLIC.replace(/\n/g, '\r\n'))],
  ['values with empty secret keys and harmless keys', (c) => (c.application.values = { application: { secret: { postgresql: { password: '' } } }, passwordPolicy: { strongPassword: true } })],
  ['public key text in values', (c) => (c.application.values = { note: P256_PUBLIC })],
  ['gitops.repoURL over SSH with the plain user git', (c) => (c.gitops.repoURL = 'ssh://git@github.com/example-org/codecanvas-platform.git')],
  ['$schema with a query and a fragment', (c) => (c.$schema = 'https://schemas.example.com/codecanvas.schema.json?v=2#/definitions/config')],
  [
    'values that name Secrets, reference secrets or look alike without being one',
    (c) =>
      (c.application.values = {
        redis: { auth: { existingSecret: 'redis-auth', existingSecretPasswordKey: 'redis-password' } },
        extraEnvVarsSecret: 'codecanvas-extra-env',
        tls: { secretName: 'codecanvas-tls' },
        passwordPolicy: { minLength: 12 },
        tokenTTL: 3600,
        extraEnv: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'JAVA_OPTS', value: '-Xmx2g' }],
        docs: 'https://docs.example.com/codecanvas#install',
        image: 'registry.example.com/team/nginx:1.25@sha256:0123456789abcdef',
        region: 'sk-northeurope-dev-cluster-01',
        auth: 'Basic Authentication is off',
      }),
  ],
];

test.each(GOOD_VARIANTS)('still valid: %s', async (_name, edit) => {
  const { file, outdir } = prepare({ id: _name, edit, field: '', rule: /./ }, 4000 + GOOD_VARIANTS.findIndex(([n]) => n === _name));
  const r = await synth(file, outdir, {});
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
});

test('with secrets.allowPlaintextSecrets a secret in values is accepted, and synth warns naming the field', async () => {
  const c: Case = {
    id: 'opt-in',
    edit: (config) => {
      config.secrets.allowPlaintextSecrets = true;
      set(config, 'application.values.application.secret.codecanvas.masterSecret', 'opted-in-plaintext');
    },
    field: '',
    rule: /./,
  };
  const { file, outdir } = prepare(c, 3000);
  const r = await synth(file, outdir, {});
  expect({ code: r.code, warning: r.stderr }).toEqual({
    code: 0,
    warning: 'warning: application.values.application.secret.codecanvas.masterSecret (chart values) is written in plain text into the output (secrets.allowPlaintextSecrets: true)\n',
  });
  const manifests = fs.readdirSync(path.join(outdir, 'application')).map((f) => fs.readFileSync(path.join(outdir, 'application', f), 'utf8'));
  expect(manifests.filter((text) => text.includes('masterSecret: opted-in-plaintext'))).toHaveLength(1);
});


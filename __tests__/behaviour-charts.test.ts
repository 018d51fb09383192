// The charts' wiring from config to constructs: secret key names per source, renderer choice per delivery mode,
// values merging, and the secret source a config selects. Each test builds what it asserts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Chart, Testing } from 'cdk8s';
import { parseConfig } from '../lib/config/load';
import { ConfigError } from '../lib/config/errors';
import { deepMerge } from '../lib/charts/deep-merge';
import { rendererFor } from '../lib/charts/delivery';
import { clusterSecretKey, clusterSecretRef, DEFAULT_SECRET_KEYS, secretRef } from '../lib/charts/secret-names';
import { secretSourceFor } from '../lib/charts/secret-source-for';
import { codecanvasValues } from '../lib/charts/codecanvas-values';
import { hostnames } from '../lib/util/names';
import { codecanvasAppNames } from '../lib/charts/codecanvas-lookup-fields';
import { HelmChart } from '../lib/constructs/helm-chart';
import { ApplicationClusterChart } from '../lib/charts/application-cluster-chart';
import { synthesize } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, ROOT, testApp, testChart, withField } from './helpers';

const coords = { repository: 'oci://registry.example.com/charts', name: 'codecanvas', version: '1' };

describe('deepMerge', () => {
  test('objects merge key by key; arrays, scalars and null replace; inputs stay unchanged', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } };
    const override = { a: { c: [3], g: true }, d: null, e: 'flat', h: { i: 1 } };
    expect(deepMerge(base, override)).toEqual({ a: { b: 1, c: [3], g: true }, d: null, e: 'flat', h: { i: 1 } });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } });
    expect(deepMerge({ a: [1] }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(deepMerge({ a: { b: 1 } }, { a: [2] })).toEqual({ a: [2] });
    expect(deepMerge({ a: null }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(deepMerge({ a: 'xy', n: 5 }, { a: { b: 1 }, n: { c: 2 } })).toEqual({ a: { b: 1 }, n: { c: 2 } });
    // null over an object clears it (how a user removes a generated chart value).
    expect(deepMerge({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
  });
});

describe('secret names', () => {
  const cfg = (source: string) =>
    parseConfig(
      source === 'keyVault'
        ? exampleConfig()
        : withField(withField(withField(exampleConfig(), 'secrets.keyVault', undefined), 'secrets.source', source), 'secrets.allowPlaintextSecrets', true),
    );

  test('Key Vault secret names and environment variable names by default; a configured name wins', () => {
    expect(secretRef(cfg('keyVault'), 'databasePassword')).toEqual({ key: 'codecanvas-db-password', field: 'secrets.names.databasePassword', check: undefined });
    expect(secretRef(cfg('env'), 'storageAccountKey').key).toBe('CODECANVAS_STORAGE_ACCOUNT_KEY');
    expect(DEFAULT_SECRET_KEYS.keyVault.adminPassword).toBe('codecanvas-admin-password');
    expect(DEFAULT_SECRET_KEYS.env.adminPassword).toBe('CODECANVAS_ADMIN_PASSWORD');
    const named = parseConfig(withField(exampleConfig(), 'secrets.names', { databasePassword: 'pg-pw' }));
    expect(secretRef(named, 'databasePassword').key).toBe('pg-pw');
  });

  test('only the master secret carries a value check: Base64 of at least 32 bytes', () => {
    const check = secretRef(cfg('env'), 'masterSecret').check!;
    expect(check.test(Buffer.alloc(32).toString('base64'))).toBe(true);
    expect(check.test(Buffer.alloc(31).toString('base64'))).toBe(false);
    expect(check.rule).toMatch(/Base64 that decodes to at least 32 bytes/);
    expect(secretRef(cfg('env'), 'adminPassword').check).toBeUndefined();
  });

  test('per-cluster keys: <cluster>-<suffix> in Key Vault, <CLUSTER>_<SUFFIX> in the environment', () => {
    expect(clusterSecretKey('keyVault', 'dev-west', 'jumpSshHostKey')).toBe('dev-west-jump-ssh-host-key');
    expect(clusterSecretKey('env', 'dev-west', 'jumpJwtPrivateKey')).toBe('DEV_WEST_JUMP_JWT_PRIVATE_KEY');
    expect(clusterSecretKey('sealedSecrets', 'dev-west', 'operatorJwtPrivateKey')).toBe('DEV_WEST_OPERATOR_JWT_PRIVATE_KEY');
    expect(clusterSecretRef(cfg('keyVault'), 0, 'operatorJwtPrivateKey')).toEqual({
      key: 'dev-westeurope-operator-jwt-private-key',
      field: 'devEnvironmentClusters[0] (operatorJwtPrivateKey)',
    });
  });
});

describe('rendererFor', () => {
  const render = (config: Record<string, any>, cluster?: { name: string; argocdDestinationServer?: string }) => {
    const app = testApp();
    const hub = new Chart(app, 'hub');
    const chart = new Chart(app, 'c');
    new HelmChart(chart, 'h', { chart: coords, releaseName: 'rel', namespace: 'ns', renderer: rendererFor(parseConfig(config), cluster, hub) });
    return { own: Testing.synth(chart), hub: Testing.synth(hub), chart };
  };

  test.each([
    ['argocd', 'argocd'],
    ['helm', 'helm'],
    ['flux', 'flux'],
    ['k3s', 'k3s'],
  ])('delivery.mode %s picks the %s renderer', (mode, kind) => {
    expect(rendererFor(parseConfig(withField(exampleConfig(), 'delivery', { mode }))).kind).toBe(kind);
  });

  test('argocd: namespace, project and destination from the config', () => {
    const config = withField(exampleConfig(), 'delivery', { mode: 'argocd', argocd: { namespace: 'gitops', project: 'cc', destinationServer: 'https://app:6443' } });
    const [app] = render(config).own;
    expect(app.metadata).toMatchObject({ name: 'rel', namespace: 'gitops' });
    expect(app.spec.project).toBe('cc');
    expect(app.spec.destination.server).toBe('https://app:6443');
  });

  test('argocd, dev cluster: names prefixed with the cluster; with its own destination, the Application goes to the hub', () => {
    const config = exampleConfig();
    const local = render(config, { name: 'dev' });
    expect(local.own.map((o) => o.metadata.name)).toEqual(['dev-rel']);
    expect(local.hub).toEqual([]);
    const remote = render(config, { name: 'dev', argocdDestinationServer: 'https://dev:6443' });
    expect(remote.own).toEqual([]);
    expect(remote.hub.map((o) => [o.metadata.name, o.spec.destination.server])).toEqual([['dev-rel', 'https://dev:6443']]);
  });

  test('flux: the configured interval', () => {
    const { own } = render(withField(exampleConfig(), 'delivery', { mode: 'flux', flux: { interval: '2m' } }));
    expect(own.map((o) => `${o.kind} ${o.spec.interval}`)).toEqual(['OCIRepository 2m', 'HelmRelease 2m']);
  });
});

describe('secretSourceFor', () => {
  test('keyVault: the store settings from the config, the workload identity client ID by default', () => {
    // A valid vault name (3-24 characters): the config rejects a URL whose vault name Azure would refuse (issue 10).
    const config = parseConfig(withField(exampleConfig(), 'secrets.keyVault', { vaultUrl: 'https://kv-cc.vault.azure.net/', storeKind: 'ClusterSecretStore', storeName: 'vault', serviceAccountName: 'reader', refreshInterval: '15m' }));
    const chart = testChart();
    const source = secretSourceFor(config, ROOT, {});
    expect(source.kind).toBe('keyVault');
    source.materialize(chart, 's', { name: 'x', namespace: 'ns', secrets: { K: { key: 'k', field: 'f' } } });
    const objects = Testing.synth(chart);
    const store = objects.find((o) => o.kind === 'ClusterSecretStore');
    expect(store.metadata.name).toBe('vault');
    expect(store.spec.provider.azurekv.vaultUrl).toBe('https://kv-cc.vault.azure.net/');
    const sa = objects.find((o) => o.kind === 'ServiceAccount');
    expect(sa.metadata.name).toBe('reader');
    expect(sa.metadata.annotations['azure.workload.identity/client-id']).toBe(config.workloadIdentity.clientId);
    expect(objects.find((o) => o.kind === 'ExternalSecret').spec.refreshInterval).toBe('15m');
  });

  test('env: values from the given environment, with the config\'s opt-in', () => {
    const config = parseConfig(withField(withField(withField(exampleConfig(), 'secrets.keyVault', undefined), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true));
    const chart = testChart();
    const source = secretSourceFor(config, ROOT, { K: 'v' });
    source.materialize(chart, 's', { name: 'x', namespace: 'ns', secrets: { K: { key: 'K', field: 'f' } } });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
    expect(Buffer.from(Testing.synth(chart)[0].data.K, 'base64').toString()).toBe('v');
  });

  test('sealedSecrets: the certificate file relative to the config, the scope from the config; an unreadable file is a config error', () => {
    const sealed = (certificateFile: string) =>
      parseConfig(withField(withField(withField(exampleConfig(), 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', { certificateFile, scope: 'namespace-wide' }));
    const source = secretSourceFor(sealed('sealed-secrets/tls.crt'), path.join(ROOT, '__tests__', 'fixtures'), {});
    expect(source.kind).toBe('sealedSecrets');
    expect((source as unknown as { scope: string }).scope).toBe('namespace-wide');
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-')), 'none.pem');
    let error: unknown;
    try {
      secretSourceFor(sealed(missing), ROOT, {}, 'my.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('my.yaml');
    expect((error as Error).message).toContain('secrets.sealedSecrets.certificateFile');
    // An absolute path is the file itself: named once.
    expect((error as Error).message).toContain(`certificateFile: is ${JSON.stringify(missing)}; does not exist`);
  });

  const sealedConfig = (certificateFile: string) =>
    parseConfig(withField(withField(withField(exampleConfig(), 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', { certificateFile }));
  const thrown = (f: () => unknown): ConfigError => {
    try {
      f();
    } catch (e) {
      return e as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  test('sealedSecrets: without a source name the errors name "config"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-'));
    const error = thrown(() => secretSourceFor(sealedConfig('none.pem'), dir, {}));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.source).toBe('config');
    expect(error.message).toBe(`config: 1 problem found\n  - secrets.sealedSecrets.certificateFile: is "none.pem"; names ${path.join(dir, 'none.pem')}, which does not exist`);
  });

  test('sealedSecrets: a bad sealing key is a config error that does not show the key; an empty one counts as unset', () => {
    const fixtures = path.join(ROOT, '__tests__', 'fixtures');
    const error = thrown(() => secretSourceFor(sealedConfig('sealed-secrets/tls.crt'), fixtures, { CODECANVAS_SEALING_KEY: 'c2hvcnQ=' }, 'my.yaml'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toEqual([{ path: 'environment variable CODECANVAS_SEALING_KEY', value: '(hidden)', rule: expect.any(String) }]);
    expect(error.message).toContain('environment variable CODECANVAS_SEALING_KEY: is "(hidden)"; ');
    expect(error.message).not.toContain('c2hvcnQ=');
    expect(secretSourceFor(sealedConfig('sealed-secrets/tls.crt'), fixtures, { CODECANVAS_SEALING_KEY: '' }).kind).toBe('sealedSecrets');
  });

  test('sealedSecrets: a file that is not a certificate is a config error on the certificate file, without the class name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-'));
    fs.writeFileSync(path.join(dir, 'bad.pem'), 'not a certificate\n');
    const error = thrown(() => secretSourceFor(sealedConfig('bad.pem'), dir, {}, 'my.yaml'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe('secrets.sealedSecrets.certificateFile');
    expect(error.issues[0].value).toBe('bad.pem');
    expect(error.issues[0].rule).toMatch(/^the certificate /);
  });
});

describe('CodeCanvas chart values', () => {
  test('host names: the domain, computeservice.<domain>, gateway.<domain>', () => {
    expect(hostnames('cc.example.com')).toEqual({ main: 'cc.example.com', compute: 'computeservice.cc.example.com', gateway: 'gateway.cc.example.com' });
  });

  test('the admin password only when given; sslmode only when configured; extra values merge over ours', () => {
    const config = parseConfig(withField(withField(exampleConfig(), 'database.sslMode', 'require'), 'application.values', { application: { replicaCount: 5, extra: 1 } }));
    const values = codecanvasValues(config, { adminPassword: 'pw' }) as any;
    expect(values.application.secret.codecanvas.localAdministrator.password).toBe('pw');
    expect(values.application.config.codecanvas.db).toEqual({ sslmode: 'require' });
    expect(values.application.replicaCount).toBe(5);
    expect(values.application.extra).toBe(1);
    expect(values.application.ingress.hostname).toBe(config.domain);
    const plain = codecanvasValues(parseConfig(withField(exampleConfig(), 'database.sslMode', undefined))) as any;
    expect('password' in plain.application.secret.codecanvas.localAdministrator).toBe(false);
    expect(plain.application.config.codecanvas.db).toBeUndefined();
  });
});

describe('CodeCanvas app chart names', () => {
  test('a release name too long with the chart name is cut to 63 characters like Helm, then "-app" is added', () => {
    const release = 'r'.repeat(53);
    expect(codecanvasAppNames(release, 'codecanvas', 'codecanvas', {})).toEqual({ appName: `${release}-codecanva-app`, namespace: 'codecanvas' });
  });

  test('overrides that are not strings are ignored: the names follow the release and chart names', () => {
    expect(codecanvasAppNames('cc', 'ns', 'codecanvas', { fullnameOverride: 42, nameOverride: true, application: { name: 7 }, namespaceOverride: 42 })).toEqual({
      appName: 'cc-codecanvas-app',
      namespace: 'ns',
    });
  });
});

describe('ApplicationClusterChart', () => {
  type Doc = Record<string, any>;
  const envConfig = (mode: string, edits: Record<string, unknown> = {}) => {
    let raw = withField(exampleConfig(), 'delivery', { mode });
    raw = withField(raw, 'secrets', { source: 'env', allowPlaintextSecrets: true });
    for (const [field, value] of Object.entries(edits)) raw = withField(raw, field, value);
    return raw;
  };
  const synthFiles = (raw: Doc, env: NodeJS.ProcessEnv = fakeSecretEnv(['dev-westeurope'])) =>
    synthesize({ config: parseConfig(raw, 'test.yaml'), source: 'test.yaml', baseDir: ROOT }, { env }).files;
  const applicationObjects = (files: readonly { path: string; content: string }[]): Doc[] =>
    files.filter((f) => f.path.startsWith('application/')).flatMap((f) => (yaml.loadAll(f.content) as Doc[]).filter(Boolean));
  const decoded = (secret: Doc) => Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  const env = fakeSecretEnv(['dev-westeurope']);

  test('flux: the master secret, and the admin password with setPassword, reach the release through a chart-values Secret and valuesFrom', () => {
    const withPassword = applicationObjects(synthFiles(envConfig('flux', { 'localAdministrator.setPassword': true })));
    const secret = withPassword.find((d) => d.kind === 'Secret' && d.metadata.name === 'codecanvas-chart-values')!;
    expect(secret.metadata.namespace).toBe('codecanvas');
    expect(decoded(secret)).toEqual({ masterSecret: env.CODECANVAS_MASTER_SECRET, adminPassword: env.CODECANVAS_ADMIN_PASSWORD });
    const release = withPassword.find((d) => d.kind === 'HelmRelease' && d.metadata.name === 'codecanvas')!;
    expect(release.spec.valuesFrom).toEqual([
      { kind: 'Secret', name: 'codecanvas-chart-values', valuesKey: 'masterSecret', targetPath: 'application.secret.codecanvas.masterSecret' },
      { kind: 'Secret', name: 'codecanvas-chart-values', valuesKey: 'adminPassword', targetPath: 'application.secret.codecanvas.localAdministrator.password' },
    ]);
    // The master secret is not also in the database Secret's environment.
    expect(Object.keys(withPassword.find((d) => d.kind === 'Secret' && d.metadata.name === 'codecanvas-db-secret-ext')!.data)).not.toContain('CODECANVAS_MASTER_SECRET');

    const without = applicationObjects(synthFiles(envConfig('flux', { 'localAdministrator.setPassword': false })));
    expect(decoded(without.find((d) => d.kind === 'Secret' && d.metadata.name === 'codecanvas-chart-values')!)).toEqual({ masterSecret: env.CODECANVAS_MASTER_SECRET });
    expect(without.find((d) => d.kind === 'HelmRelease' && d.metadata.name === 'codecanvas')!.spec.valuesFrom).toEqual([
      { kind: 'Secret', name: 'codecanvas-chart-values', valuesKey: 'masterSecret', targetPath: 'application.secret.codecanvas.masterSecret' },
    ]);
  });

  test('helm: with setPassword and the plaintext opt-in the admin password is written into the values; a missing variable is named', () => {
    const raw = envConfig('helm', { 'localAdministrator.setPassword': true });
    const values = yaml.load(synthFiles(raw).find((f) => f.path === 'helm/application/codecanvas.values.yaml')!.content) as Doc;
    expect(values.application.secret.codecanvas.localAdministrator.password).toBe(env.CODECANVAS_ADMIN_PASSWORD);
    expect(applicationObjects(synthFiles(raw)).some((d) => d.metadata?.name === 'codecanvas-chart-values')).toBe(false);

    const { CODECANVAS_ADMIN_PASSWORD: _unset, ...withoutPassword } = env;
    expect(() => synthFiles(raw, withoutPassword)).toThrow(
      'secrets.names.adminPassword: environment variable CODECANVAS_ADMIN_PASSWORD is not set (needed for the local administrator password in the chart values of release codecanvas)',
    );
  });

  test('helm with the plaintext opt-in: the warning names the admin password and the release whose values hold it', () => {
    const result = synthesize({ config: parseConfig(envConfig('helm', { 'localAdministrator.setPassword': true }), 'test.yaml'), source: 'test.yaml', baseDir: ROOT }, { env });
    expect(result.warnings).toContain('secrets.names.adminPassword (chart values of release codecanvas) is written in plain text into the output (secrets.allowPlaintextSecrets: true)');
  });

  test('used as a library with a combination the config rules refuse: the chart reports the admin password, reads no variable and writes none', () => {
    // k3s and Key Vault: the password could only be in the values, and Key Vault cannot fill them.
    const valid = parseConfig(withField(exampleConfig(), 'delivery', { mode: 'k3s' }), 'test.yaml');
    const config = { ...valid, localAdministrator: { ...valid.localAdministrator, setPassword: true } } as typeof valid;
    const chart = new ApplicationClusterChart(Testing.app(), { config, secretSource: secretSourceFor(config, ROOT, env), renderer: rendererFor(config), env });
    expect(chart.node.validate()).toEqual([
      'localAdministrator.setPassword: is true; cannot be used with delivery.mode k3s and secrets.source keyVault: k3s can only pass the admin password inside the chart values, ' +
        'which cannot come from Key Vault; use delivery.mode flux (valuesFrom a Secret), or set setPassword: false and let the CodeCanvas application generate a password at its first start',
    ]);
    expect(chart.plaintextFields).toEqual([]);
    expect('password' in (chart.release.values as Doc).application.secret.codecanvas.localAdministrator).toBe(false);
  });

  test('object storage: auth accountKey puts the account key into the Secret; workloadIdentity does not', () => {
    const storageSecret = (auth: string) =>
      applicationObjects(synthFiles(envConfig('helm', { 'objectStorage.auth': auth }))).find((d) => d.kind === 'Secret' && d.metadata.name === 'codecanvas-objectstorage-secret-ext')!;
    expect(decoded(storageSecret('accountKey')).CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_KEY).toBe(env.CODECANVAS_STORAGE_ACCOUNT_KEY);
    expect(Object.keys(storageSecret('workloadIdentity').data)).not.toContain('CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_KEY');
  });
});

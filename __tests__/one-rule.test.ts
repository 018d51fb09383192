/**
 * One rule, one verdict. A rule that the config schema and a construct (which library users call directly) both apply
 * lives once in lib/util, and both call it. Each table below feeds the same good and bad values to both paths: the
 * schema (checkConfig on a valid config with one field changed) and the construct (its constructor). Both must accept,
 * or both refuse with the same rule: the construct's sentence (after the value it names) starts the schema's.
 * Defaults the schema fills in must be what the construct does when the prop is left out.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { checkConfig, parseConfig } from '../lib/config/load';
import { relayHostname } from '../lib/charts/dev-environment-cluster-chart';
import { codecanvasAppNames } from '../lib/charts/codecanvas-lookup-fields';
import { LetsEncryptClusterIssuer } from '../lib/constructs/lets-encrypt-cluster-issuer';
import { CodeCanvasOperator, OperatorAutoscaling } from '../lib/constructs/codecanvas-operator';
import { DatabaseSecret } from '../lib/constructs/database-secret';
import { GitFolderApplication } from '../lib/constructs/git-folder-application';
import { KeyVaultSecretStore } from '../lib/constructs/key-vault-secret-store';
import { ObjectStorageSecret } from '../lib/constructs/object-storage-secret';
import { AzureDiskStorageClass } from '../lib/constructs/azure-disk-storage-class';
import { AzureDiskVolumeSnapshotClass } from '../lib/constructs/azure-disk-volume-snapshot-class';
import { EnvSecretSource } from '../lib/secrets/env-secret-source';
import { KeyVaultSecretSource } from '../lib/secrets/key-vault-secret-source';
import { SealedSecretSource } from '../lib/secrets/sealed-secret-source';
import { ENV_PLAINTEXT_REMEDY } from '../lib/util/secret-text';
import { AZURE_DISK_SKUS, INT32_MAX } from '../lib/util/rules';
import { keyVaultName } from '../cli/keys/formats';
import { planCluster } from '../cli/preflight/cluster-plan';
import { synthesize } from '../cli/synth';
import { exampleConfig, minimalConfig, REFUSED_KEY_VAULT_URLS, ROOT, testApp, testChart, withField } from './helpers';

const GUID = '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc';
const RC_IMAGE = 'registry.jetbrains.team/p/rdo/nightly-images/codecanvas-operator:2025.1-RC.875';

/** `devEnvironmentClusters.0.name` as checkConfig prints it: `devEnvironmentClusters[0].name`. */
const printed = (dotted: string) => dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

/** The rule of the schema's first issue at or below `dotted` (a field path), or undefined when it has none. */
function schemaRule(config: Record<string, any>, dotted: string): string | undefined {
  const at = printed(dotted);
  const issue = checkConfig(config).find((i) => i.path === at || i.path.startsWith(`${at}.`) || i.path.startsWith(`${at}[`));
  return issue?.rule;
}

/** The construct's refusal without its `Construct: field "value" ` head, or undefined when it builds. */
function constructRule(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    const start = message.search(/ (must|has|is) /);
    return start === -1 ? message : message.slice(start + 1);
  }
}

/** Both accept, or both refuse with one rule (the construct's sentence starts the schema's). */
function expectAgreement(value: unknown, schema: string | undefined, construct: string | undefined): void {
  expect({ value, refusedBySchema: schema !== undefined }).toEqual({ value, refusedBySchema: construct !== undefined });
  if (schema !== undefined && construct !== undefined) expect({ value, schema: schema.slice(0, construct.length) }).toEqual({ value, schema: construct });
}

const source = () => new EnvSecretSource({ env: { P: 'pw' }, allowPlaintext: true });

describe('Azure storage account and container names: schema and ObjectStorageSecret', () => {
  const build = (over: Record<string, string>) => () =>
    new ObjectStorageSecret(testChart(), 'o', { namespace: 'cc', accountName: 'codecanvasdata', container: 'codecanvas', source: source(), ...over });
  test.each(['abc', 'a'.repeat(24), 'acct123', 'ab', 'a'.repeat(25), 'Acct', 'my-acct', 'x acct', ''])('accountName %j', (v) => {
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'objectStorage.accountName', v), 'objectStorage.accountName'), constructRule(build({ accountName: v })));
  });
  test.each(['abc', 'a-b-c', 'c'.repeat(63), '123', 'ab', 'c'.repeat(64), 'a--b', '-ab', 'ab-', 'Data', 'a_b'])('container %j', (v) => {
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'objectStorage.container', v), 'objectStorage.container'), constructRule(build({ container: v })));
  });
});

describe('Key Vault URL: schema and KeyVaultSecretStore (once they differed: the construct took any https:// URL)', () => {
  const build = (vaultUrl: string) => () =>
    new KeyVaultSecretStore(testChart(), 's', { name: 'kv', vaultUrl, clientId: GUID, namespace: 'cc', serviceAccountName: 'reader' });
  test.each([
    'https://codecanvas-kv.vault.azure.net/',
    'https://codecanvas-kv.vault.azure.net',
    'https://kv-01.vault.azure.cn/',
    'https://Gov-Vault.vault.usgovcloudapi.net/',
    ...REFUSED_KEY_VAULT_URLS,
    'https://user:secret@codecanvas-kv.vault.azure.net/',
    'https://codecanvas-kv.vault.azure.net/?sig=abc',
  ])('%s', (v) => {
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'secrets.keyVault.vaultUrl', v), 'secrets.keyVault.vaultUrl'), constructRule(build(v)));
  });
});

describe('Key Vault store kind: schema and KeyVaultSecretStore (once any other kind silently became a ClusterSecretStore)', () => {
  test.each(['SecretStore', 'ClusterSecretStore', 'secretstore', 'Store', ''])('%j', (v) => {
    const build = () => new KeyVaultSecretStore(testChart(), 's', { name: 'kv', kind: v as never, vaultUrl: 'https://codecanvas-kv.vault.azure.net/', clientId: GUID, namespace: 'cc', serviceAccountName: 'r' });
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'secrets.keyVault.storeKind', v), 'secrets.keyVault.storeKind'), constructRule(build));
  });
  test('the default kind is the same', () => {
    const store = new KeyVaultSecretStore(testChart(), 's', { name: 'kv', vaultUrl: 'https://codecanvas-kv.vault.azure.net/', clientId: GUID, namespace: 'cc', serviceAccountName: 'r' });
    expect(store.kind).toBe(parseConfig(minimalConfig()).secrets.keyVault!.storeKind);
  });
});

describe('Key Vault name: the vault of a vaultUrl and keys --vault-name', () => {
  test.each(['codecanvas-kv', 'abc', 'a1-b2', 'ab', '1kv', 'kv-', 'k--v', 'a'.repeat(25), 'k_v'])('%j', (v) => {
    const config = parseConfig(minimalConfig());
    const viaUrl = schemaRule(withField(minimalConfig(), 'secrets.keyVault.vaultUrl', `https://${v}.vault.azure.net/`), 'secrets.keyVault.vaultUrl');
    // The schema names the vault inside the URL ("has the vault name ..., which <rule>"); keys names the option.
    const viaOption = constructRule(() => keyVaultName(config, v));
    expect({ v, refusedBySchema: viaUrl !== undefined }).toEqual({ v, refusedBySchema: viaOption !== undefined });
    if (viaUrl && viaOption) expect(viaUrl).toContain(viaOption);
  });
});

describe("Let's Encrypt: one schema for the top-level and the per-cluster issuer, and LetsEncryptClusterIssuer", () => {
  const build = (over: Record<string, string>) => () =>
    new LetsEncryptClusterIssuer(testChart(), 'i', { name: 'le', email: 'ops@example.com', ingressClassName: 'nginx', ...(over as object) });
  const cluster = (letsEncrypt: object) =>
    withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', ingress: { clusterIssuer: 'dev-issuer', letsEncrypt } }]);
  test.each(['production', 'staging', 'prod', 'Production', 'toString', 'constructor', ''])('server %j', (v) => {
    const letsEncrypt = { email: 'ops@example.com', server: v };
    const construct = constructRule(build({ server: v }));
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'ingress.letsEncrypt', letsEncrypt), 'ingress.letsEncrypt'), construct);
    // Per cluster the same schema sits in a union with `false`, whose own sentence reports it: the verdict agrees.
    expect({ v, refused: schemaRule(cluster(letsEncrypt), 'devEnvironmentClusters.0.ingress.letsEncrypt') !== undefined }).toEqual({ v, refused: construct !== undefined });
  });
  test.each(['ops@example.com', 'a.b+c@sub.example.org', 'ops', 'ops@localhost', 'a b@example.com'])('email %j', (v) => {
    const letsEncrypt = { email: v };
    const construct = constructRule(build({ email: v }));
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'ingress.letsEncrypt', letsEncrypt), 'ingress.letsEncrypt'), construct);
    expect({ v, refused: schemaRule(cluster(letsEncrypt), 'devEnvironmentClusters.0.ingress.letsEncrypt') !== undefined }).toEqual({ v, refused: construct !== undefined });
  });
  test('the server default is the same', () => {
    const config = parseConfig(withField(minimalConfig(), 'ingress.letsEncrypt', { email: 'ops@example.com' }));
    const chart = testChart();
    new LetsEncryptClusterIssuer(chart, 'i', { name: 'le', email: 'ops@example.com', ingressClassName: 'nginx' });
    const other = testChart();
    new LetsEncryptClusterIssuer(other, 'i', { name: 'le', email: 'ops@example.com', ingressClassName: 'nginx', server: config.ingress.letsEncrypt!.server });
    expect(Testing.synth(chart)).toEqual(Testing.synth(other));
  });
});

describe('operator pod counts and autoscaling: schema and CodeCanvasOperator (its HorizontalPodAutoscaler)', () => {
  const operator = (over: object) => () =>
    new CodeCanvasOperator(testChart(), 'Operator', { namespace: 'sys', targetNamespace: 'envs', secretName: 's', image: RC_IMAGE, ...over });
  test.each([1, 2, INT32_MAX, 0, -1, 1.5, INT32_MAX + 1])('replicas %j', (v) => {
    const field = 'devEnvironmentClusters.0.operator.replicas';
    expectAgreement(v, schemaRule(withField(exampleConfig(), field, v), field), constructRule(operator({ replicas: v })));
  });
  test.each<OperatorAutoscaling>([
    {},
    { minReplicas: 3 },
    { minReplicas: 2, maxReplicas: 5, targetMemoryUtilizationPercentage: 70 },
    { minReplicas: 4 },
    { minReplicas: 4, maxReplicas: 2 },
    { maxReplicas: 0 },
    { minReplicas: 1.5 },
    { targetCPUUtilizationPercentage: 0 },
    { targetMemoryUtilizationPercentage: INT32_MAX + 1 },
  ])('autoscaling %j', (v) => {
    const field = 'devEnvironmentClusters.0.operator.autoscaling';
    expectAgreement(v, schemaRule(withField(exampleConfig(), field, v), field), constructRule(operator({ autoscaling: v })));
  });
  test('the defaults of an autoscaling block are the same', () => {
    const config = parseConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.operator.autoscaling', {}));
    const op = new CodeCanvasOperator(testChart(), 'Operator', { namespace: 'sys', targetNamespace: 'envs', secretName: 's', image: RC_IMAGE, autoscaling: {} });
    const hpa = op.autoscaler!.apiObject.toJson();
    const fromConfig = config.devEnvironmentClusters[0].operator.autoscaling!;
    expect({ minReplicas: hpa.spec.minReplicas, maxReplicas: hpa.spec.maxReplicas, cpu: hpa.spec.metrics[0].resource.target.averageUtilization }).toEqual({
      minReplicas: fromConfig.minReplicas,
      maxReplicas: fromConfig.maxReplicas,
      cpu: fromConfig.targetCPUUtilizationPercentage,
    });
  });
});

describe('database port: schema and DatabaseSecret', () => {
  const build = (port: number) => () =>
    new DatabaseSecret(testChart(), 'db', { namespace: 'cc', host: 'pg', database: 'cc', username: 'u', password: { key: 'P', field: 'f' }, source: source(), port });
  test.each([1, 5432, 65535, 0, 65536, 1.5, -1])('%j', (v) => {
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'database.port', v), 'database.port'), constructRule(build(v)));
  });
  test('the default port and Secret names are the same', () => {
    const config = parseConfig(minimalConfig());
    const chart = testChart();
    const db = new DatabaseSecret(chart, 'db', { namespace: 'cc', host: 'pg', database: 'cc', username: 'u', password: { key: 'P', field: 'f' }, source: source() });
    const blob = new ObjectStorageSecret(chart, 'o', { namespace: 'cc', accountName: 'codecanvasdata', container: 'codecanvas', source: source() });
    expect(Buffer.from(Testing.synth(chart)[0].data.DB_PORT, 'base64').toString()).toBe(String(config.database.port));
    expect([db.name, blob.name]).toEqual([config.database.secretName, config.objectStorage.secretName]);
  });
});

describe('Azure Disk StorageClass: schema and AzureDiskStorageClass', () => {
  test.each([...AZURE_DISK_SKUS, 'Premium_GRS', 'standardssd_lrs', ''])('skuName %j', (v) => {
    const field = 'devEnvironmentClusters.0.storageClasses';
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', storageClasses: [{ name: 'disk', skuName: v }] }]);
    expectAgreement(v, schemaRule(config, field), constructRule(() => new AzureDiskStorageClass(testChart(), 'sc', { name: 'disk', skuName: v as never })));
  });
  test.each([
    ['reclaimPolicy', 'Delete'],
    ['reclaimPolicy', 'Retain'],
    ['reclaimPolicy', 'delete'],
    ['reclaimPolicy', 'Recycle'],
    ['volumeBindingMode', 'Immediate'],
    ['volumeBindingMode', 'WaitForFirstConsumer'],
    ['volumeBindingMode', 'Lazy'],
  ])('%s %j', (field, v) => {
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', storageClasses: [{ name: 'disk', [field]: v }] }]);
    const build = () => new AzureDiskStorageClass(testChart(), 'sc', { name: 'disk', [field]: v });
    expectAgreement(v, schemaRule(config, 'devEnvironmentClusters.0.storageClasses'), constructRule(build));
  });
  test.each(['Delete', 'Retain', 'Keep', ''])('VolumeSnapshotClass deletionPolicy %j', (v) => {
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', volumeSnapshotClasses: [{ name: 'snap', deletionPolicy: v }] }]);
    const build = () => new AzureDiskVolumeSnapshotClass(testChart(), 'vsc', { name: 'snap', deletionPolicy: v as never });
    expectAgreement(v, schemaRule(config, 'devEnvironmentClusters.0.volumeSnapshotClasses'), constructRule(build));
  });
  test('a VolumeSnapshotClass given only its name gets the same deletion policy', () => {
    const config = parseConfig(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', volumeSnapshotClasses: [{ name: 'snap' }] }]));
    const chart = testChart();
    new AzureDiskVolumeSnapshotClass(chart, 'vsc', { name: 'snap' });
    expect(Testing.synth(chart)[0].deletionPolicy).toBe(config.devEnvironmentClusters[0].volumeSnapshotClasses[0].deletionPolicy);
  });
  test('a StorageClass given only its name gets the same settings', () => {
    const config = parseConfig(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', storageClasses: [{ name: 'disk' }] }]));
    const chart = testChart();
    new AzureDiskStorageClass(chart, 'sc', { name: 'disk' });
    const [sc] = Testing.synth(chart);
    const { name, ...settings } = config.devEnvironmentClusters[0].storageClasses[0];
    expect({ name: sc.metadata.name, skuName: sc.parameters.skuName, reclaimPolicy: sc.reclaimPolicy, volumeBindingMode: sc.volumeBindingMode, allowVolumeExpansion: sc.allowVolumeExpansion }).toEqual({
      name,
      ...settings,
    });
  });
});

describe('Key Vault store defaults: schema and KeyVaultSecretSource', () => {
  test('store name, reader ServiceAccount and refresh interval', () => {
    const kv = parseConfig(minimalConfig()).secrets.keyVault!;
    const chart = new Chart(testApp(), 'c');
    new KeyVaultSecretSource({ vaultUrl: kv.vaultUrl, clientId: GUID }).materialize(chart, 's', { name: 'x', namespace: 'cc', secrets: { K: { key: 'k', field: 'f' } } });
    const out = Testing.synth(chart);
    const of = (kind: string) => out.find((o) => o.kind === kind);
    expect({ store: of('SecretStore').metadata.name, reader: of('ServiceAccount').metadata.name, refresh: of('ExternalSecret').spec.refreshInterval }).toEqual({
      store: kv.storeName,
      reader: kv.serviceAccountName,
      refresh: kv.refreshInterval,
    });
  });
});

describe('Argo CD defaults: schema and GitFolderApplication', () => {
  test('namespace, project and destination server', () => {
    const argocd = parseConfig(minimalConfig()).delivery.argocd;
    const chart = testChart();
    new GitFolderApplication(chart, 'a', { name: 'x', repoURL: 'https://example.com/r.git', revision: 'main', path: 'dist/x' });
    const [app] = Testing.synth(chart);
    expect({ namespace: app.metadata.namespace, project: app.spec.project, destinationServer: app.spec.destination.server }).toEqual(argocd);
  });
});

describe('sealing scope: schema (secrets.sealedSecrets.scope) and SealedSecretSource', () => {
  const certificate = fs.readFileSync(path.join(ROOT, 'examples', 'sealed-secrets-cert.pem'), 'utf8');
  const sealed = (scope?: string) =>
    withField(minimalConfig(), 'secrets', { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'sealed-secrets-cert.pem', ...(scope === undefined ? {} : { scope }) } });
  test.each(['strict', 'namespace-wide', 'cluster-wide', 'global', 'Strict', 'toString', ''])('%j', (v) => {
    expectAgreement(v, schemaRule(sealed(v), 'secrets.sealedSecrets.scope'), constructRule(() => new SealedSecretSource({ certificate, scope: v as never })));
  });
  test('the default scope is the same', () => {
    expect(new SealedSecretSource({ certificate }).scope).toBe(parseConfig(sealed()).secrets.sealedSecrets!.scope);
  });
});

describe('Git repository URL: schema (gitops.repoURL) and GitFolderApplication', () => {
  test.each([
    'https://github.com/acme/platform.git',
    'ssh://git@github.com/acme/platform.git',
    'git@github.com:acme/platform.git',
    'http://git.example.com/r.git',
    'xhttps://git.example.com/r.git',
    'https://git.example.com/r.git and more',
    'https://git.example.com',
    'https://user:token@git.example.com/r.git',
  ])('%s', (v) => {
    const build = () => new GitFolderApplication(testChart(), 'a', { name: 'x', repoURL: v, revision: 'main', path: 'dist' });
    expectAgreement(v, schemaRule(withField(minimalConfig(), 'gitops', { repoURL: v }), 'gitops.repoURL'), constructRule(build));
  });
});

describe('secrets.source env without the opt-in: the schema and EnvSecretSource refuse alike, with one remedy', () => {
  test.each([false, true])('allowPlaintextSecrets %j', (allow) => {
    const schema = schemaRule(withField(minimalConfig(), 'secrets', { source: 'env', allowPlaintextSecrets: allow }), 'secrets.allowPlaintextSecrets');
    const chart = testChart();
    new EnvSecretSource({ env: { P: 'pw' }, allowPlaintext: allow }).materialize(chart, 's', { name: 'x', namespace: 'cc', secrets: { K: { key: 'P', field: 'secrets.names.p' } } });
    const errors = chart.node.validate();
    expect({ schema: schema !== undefined, source: errors.length > 0 }).toEqual({ schema: !allow, source: !allow });
    if (!allow) {
      expect(schema!.endsWith(ENV_PLAINTEXT_REMEDY)).toBe(true);
      expect(errors.every((e) => e.endsWith(ENV_PLAINTEXT_REMEDY))).toBe(true);
    }
  });
});

describe('derived names: what the schema checks is what the charts write', () => {
  const withClusters = (clusters: object[]) => withField(minimalConfig(), 'devEnvironmentClusters', clusters);
  test.each([0, 1])('the default relay host of cluster %i is the host the schema reserves for it', (index) => {
    const host = relayHostname(parseConfig(withClusters([{ name: 'dev-a' }, { name: 'dev-b' }])), index);
    const taken = withClusters([{ name: 'dev-a' }, { name: 'dev-b' }, { name: 'dev-c', relay: { hostname: host } }]);
    expect(schemaRule(taken, 'devEnvironmentClusters.2.relay.hostname')).toBe(`is already the host of devEnvironmentClusters[${index}].relay.hostname: every host of the installation must be different (one Ingress per host)`);
    const free = withClusters([{ name: 'dev-a' }, { name: 'dev-b' }, { name: 'dev-c', relay: { hostname: `other.${host}` } }]);
    expect(schemaRule(free, 'devEnvironmentClusters.2.relay.hostname')).toBeUndefined();
  });
  test.each([
    ['codecanvas', {}],
    ['cc', { application: { name: 'web' } }],
    ['cc', { fullnameOverride: 'canvas' }],
  ])('the app chart Secret <app>-envs (release %s, values %j) is the name the schema keeps free', (releaseName, values) => {
    const config = withField(withField(minimalConfig(), 'application', { releaseName, values }), 'secrets', { keyVault: minimalConfig().secrets!.keyVault });
    const { appName } = codecanvasAppNames(releaseName, 'codecanvas', 'codecanvas', values);
    expect(schemaRule(withField(config, 'database.secretName', `${appName}-envs`), 'database.secretName')).toMatch(/^is also a Secret the application chart writes/);
    expect(schemaRule(withField(config, 'database.secretName', `${appName}-other`), 'database.secretName')).toBeUndefined();
  });
  test('the Argo CD Applications preflight plans are the ones synth writes', () => {
    const hub = withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:443');
    const config = parseConfig(hub);
    const written = synthesize({ config, source: 'c.yaml', baseDir: path.join(ROOT, 'examples') })
      .files.filter((f) => f.path.startsWith('application/'))
      .flatMap((f) => [...f.content.matchAll(/^kind: Application\n(?:.*\n)*?  name: (\S+)$/gm)].map((m) => m[1]))
      .sort();
    const plan = planCluster(config);
    expect(plan.delivery?.mode === 'argocd' ? plan.delivery.applications.map((a) => a.name).sort() : []).toEqual(written);
  });
});

describe('no second copy of a shared rule', () => {
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
    });
  // The generated config types repeat the schema's descriptions and defaults as documentation.
  const files = [...sources(path.join(ROOT, 'lib')), ...sources(path.join(ROOT, 'cli'))].filter((f) => !f.endsWith(path.join('config', 'config-types.ts')));
  // Without comments: TSDoc repeats a default (@default) for the API docs.
  const code = (f: string) => fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const text = new Map(files.map((f) => [path.relative(ROOT, f), code(f)]));
  const where = (needle: string) => [...text].filter(([, t]) => t.includes(needle)).map(([f]) => f);
  // Under StrykerJS the files are its instrumented copies, with every mutant's text inline (a Regex mutant of the Flux
  // URL check reads "(https|ssh):"): this scan reads text, which no active mutant changes, so it is left out there.
  const instrumented = [...text.values()].some((t) => t.includes('stryMutAct_9fa48('));

  (instrumented ? test.skip.each : test.each)([
    ["Helm's trunc 63", '.slice(0, 63)', 'lib/util/names.ts'],
    ['the Azure storage account pattern', '[a-z0-9]{3,24}', 'lib/util/rules.ts'],
    ['the Azure container pattern', '(?=.{3,63}$)', 'lib/util/rules.ts'],
    ['the Key Vault DNS suffix', "'vault.azure.net'", 'lib/util/rules.ts'],
    ['the Let\'s Encrypt directory', 'acme-v02.api.letsencrypt.org', 'lib/util/rules.ts'],
    ['the DNS-1123 label pattern', '[a-z0-9]([-a-z0-9]*[a-z0-9])?$/', 'lib/util/rules.ts'],
    ['the Git URL pattern', '(https|ssh):', 'lib/util/rules.ts'],
    ['the sealing scopes', "'namespace-wide', 'cluster-wide'", 'lib/util/rules.ts'],
    ['the port range', '65535', 'lib/util/rules.ts'],
    ['the compute host', "'computeservice.'", 'lib/util/names.ts'],
    ['the relay host label', "'gateway-'", 'lib/util/names.ts'],
    ['the database Secret default', "'codecanvas-db-secret-ext'", 'lib/util/names.ts'],
    ['the object-storage Secret default', "'codecanvas-objectstorage-secret-ext'", 'lib/util/names.ts'],
    ['the chart values Secret', "'codecanvas-chart-values'", 'lib/util/names.ts'],
    ['the Key Vault store default', "'codecanvas-key-vault'", 'lib/util/names.ts'],
    ['the relay chart', "'codecanvas-relay'", 'lib/util/names.ts'],
    ['the jump chart', "'codecanvas-jump'", 'lib/util/names.ts'],
    ['the in-cluster API server', "'https://kubernetes.default.svc'", 'lib/util/names.ts'],
    ['the package version reader', 'function packageVersion', 'lib/paths.ts'],
  ])('%s is written once (%s)', (_what, needle, home) => {
    expect(where(needle)).toEqual([home]);
  });
});

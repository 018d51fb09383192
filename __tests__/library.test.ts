// The public API (lib/index.ts): the L3 CodeCanvasInstallation inside a user's own App, metadata pass-through on
// every L2, sync waves set by the installation rather than by each construct, and the config entry points.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as api from '../lib/index';
import {
  applySyncWaves,
  AzureDiskStorageClass,
  AzureDiskVolumeSnapshotClass,
  CodeCanvasInstallation,
  ConfigError,
  DatabaseSecret,
  HelmChart,
  KeyVaultSecretSource,
  KeyVaultSecretStore,
  LetsEncryptClusterIssuer,
  Namespace,
  ObjectStorageSecret,
  CodeCanvasOperator,
  CodeCanvasOperatorDeployment,
  CodeCanvasOperatorRbac,
  FluxGitKustomization,
  FluxGitRepository,
  GitFolderApplication,
  HorizontalPodAutoscaler,
  parseConfig,
  ServiceAccount,
  SYNC_WAVE_ANNOTATION,
} from '../lib/index';
import { exampleConfig as exampleRecord, minimalConfig, ROOT, testApp, testChart, withField } from './helpers';

const exampleConfig = () => exampleRecord() as api.CodeCanvasConfig;

const META = { labels: { team: 'platform' }, annotations: { 'example.com/owner': 'ops' } };
const source = new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' });

describe('public API', () => {
  test('exports the L3, the L2 constructs, renderers, secret sources and config functions', () => {
    for (const name of [
      'CodeCanvasInstallation', 'Namespace', 'DatabaseSecret', 'ObjectStorageSecret', 'AzureDiskStorageClass',
      'AzureDiskVolumeSnapshotClass', 'LetsEncryptClusterIssuer', 'KeyVaultSecretStore', 'HelmChart',
      'ArgoCdRenderer', 'FluxRenderer', 'HelmCliRenderer', 'K3sHelmChartRenderer',
      'EnvSecretSource', 'KeyVaultSecretSource', 'SealedSecretSource', 'parseConfig', 'loadConfigFile', 'ConfigError',
    ]) {
      expect(`${name}: ${typeof (api as Record<string, unknown>)[name]}`).toBe(`${name}: function`);
    }
    // CLI and output internals stay out of the API.
    for (const name of ['main', 'synthesize', 'runSynth', 'chartFiles', 'writeOutput', 'ApplicationClusterChart']) {
      expect(name in api).toBe(false);
    }
  });
});

describe('CodeCanvasInstallation', () => {
  test('adds one Chart per cluster to the caller\'s App, next to the caller\'s own chart, and synthesizes with app.synth()', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-l3-'));
    try {
      const app = new App({ outdir });
      const own = new Chart(app, 'platform');
      new Namespace(own, 'Monitoring', { name: 'monitoring' });
      const cc = new CodeCanvasInstallation(app, 'CodeCanvas', { config: exampleConfig() });
      expect(cc.charts.map((c) => c.node.id)).toEqual(['application', 'dev-westeurope']);
      expect(cc.application).toBe(cc.charts[0]);
      expect(cc.config.database.port).toBe(5432);
      app.synth();
      const files = fs.readdirSync(outdir).sort();
      expect(files).toHaveLength(3);
      const docsOf = (f: string) => yaml.loadAll(fs.readFileSync(path.join(outdir, f), 'utf8')) as any[];
      const docs = files.flatMap(docsOf);
      const byKind = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name).sort();
      expect(byKind('Namespace')).toEqual(['codecanvas', 'codecanvas-devenv', 'codecanvas-system', 'monitoring']);
      // delivery.mode argocd: the operator is plain manifests in the dev cluster's chart, not an Application.
      expect(byKind('Application')).toEqual(['codecanvas', 'dev-westeurope-codecanvas-jump', 'dev-westeurope-codecanvas-relay']);
      const devFile = files.find((f) => f.includes('dev-westeurope'));
      expect(devFile).toBeDefined();
      const operatorWaves = docsOf(devFile!)
        .filter((d) => d.metadata.name.startsWith('codecanvas-operator-') && !d.kind.endsWith('Secret'))
        .map((d) => `${d.kind} ${d.metadata.namespace ?? '-'}/${d.metadata.name} wave ${d.metadata.annotations?.[SYNC_WAVE_ANNOTATION]}`)
        .sort();
      expect(operatorWaves).toEqual([
        'ClusterRole -/codecanvas-operator-codecanvas-devenv-cluster-role wave -1',
        'ClusterRoleBinding -/codecanvas-operator-codecanvas-devenv-cluster-rolebinding wave -1',
        'Deployment codecanvas-system/codecanvas-operator-codecanvas-devenv wave 1',
        'Role codecanvas-devenv/codecanvas-operator-codecanvas-devenv-service-role wave 0',
        'RoleBinding codecanvas-devenv/codecanvas-operator-codecanvas-devenv-service-rolebinding wave 0',
        'ServiceAccount codecanvas-system/codecanvas-operator-codecanvas-devenv-service-account wave 0',
      ]);
      // Waves come from the installation: every CodeCanvas object has one, the user's own chart is left alone.
      for (const d of docs) {
        const wave = d.metadata.annotations?.[SYNC_WAVE_ANNOTATION];
        expect(`${d.kind}/${d.metadata.name}: ${wave === undefined ? 'none' : 'set'}`).toBe(`${d.kind}/${d.metadata.name}: ${d.metadata.name === 'monitoring' ? 'none' : 'set'}`);
      }
      expect(docs.find((d) => d.kind === 'Namespace' && d.metadata.name === 'codecanvas').metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('-2');
      expect(docs.find((d) => d.kind === 'StorageClass').metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('-1');
      expect(docs.find((d) => d.kind === 'ExternalSecret').metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('0');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('delivery.mode helm under plain app.synth() (or app.synthYaml()) is refused, once per chart, naming the files and `codecanvas-cdk8s synth`; nothing is written', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-l3-helm-'));
    try {
      const app = new App({ outdir });
      new Namespace(new Chart(app, 'platform'), 'Monitoring', { name: 'monitoring' });
      new CodeCanvasInstallation(app, 'CodeCanvas', { config: withField(exampleConfig(), 'delivery', { mode: 'helm' }) as api.CodeCanvasConfig });
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      const problems = message.split('\n').filter((l) => l.startsWith('  ['));
      expect(problems.map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(['  [CodeCanvas/application]', '  [CodeCanvas/dev-westeurope]']);
      expect(problems[0]).toContain(': helm/application/codecanvas.values.yaml and 1 step(s) of install.sh.');
      expect(problems[1]).toMatch(/: helm\/dev-westeurope\/codecanvas-relay\.values\.yaml, helm\/dev-westeurope\/codecanvas-jump\.values\.yaml, .* and 3 step\(s\) of install\.sh\./);
      for (const problem of problems) expect(problem).toContain('`codecanvas-cdk8s synth`');
      // Refused before cdk8s writes a chart: no manifest without its values and install script.
      expect(fs.readdirSync(outdir)).toEqual([]);
      // The in-memory synthesis refuses it the same way (no YAML without the values and install script).
      expect(() => app.synthYaml()).toThrow(/\[CodeCanvas\/application\] holds files that cdk8s's app\.synth\(\) does not write .*Run `codecanvas-cdk8s synth`/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the helm renderer in a user\'s own chart is refused the same way; argocd mode synthesizes', () => {
    const chart = testChart();
    new HelmChart(chart, 'Tool', { chart: { name: 'tool', version: '1.0.0', repository: 'oci://registry.example.com/charts' }, releaseName: 'tool', namespace: 'tools', renderer: new api.HelmCliRenderer() });
    expect(() => Testing.synth(chart)).toThrow(/\[test\] holds files that cdk8s's app\.synth\(\) does not write \(it writes Kubernetes manifests only\): helm\/test\/tool\.values\.yaml and 1 step\(s\) of install\.sh\. Run `codecanvas-cdk8s synth`/);
    const argocd = new CodeCanvasInstallation(testApp(), 'CodeCanvas', { config: exampleConfig() });
    expect(Testing.synth(argocd.application).length).toBeGreaterThan(0);
  });

  test('syncWaves: false leaves every object (L2s and rendered releases) without the Argo CD annotation', () => {
    const app = testApp();
    const cc = new CodeCanvasInstallation(app, 'CodeCanvas', { config: minimalConfig(), syncWaves: false });
    const ns = Testing.synth(cc.application).find((d) => d.kind === 'Namespace');
    expect(ns.metadata.annotations?.[SYNC_WAVE_ANNOTATION]).toBeUndefined();
    // The operator's plain manifests (argocd mode) too: no L2 sets a wave itself.
    const withExample = new CodeCanvasInstallation(testApp(), 'CodeCanvas', { config: exampleConfig(), syncWaves: false });
    const operator = Testing.synth(withExample.devEnvironments[0]).filter((d) => d.metadata.name.startsWith('codecanvas-operator-') && !d.kind.endsWith('Secret'));
    expect(operator.map((d) => d.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Role', 'RoleBinding', 'ServiceAccount']);
    for (const d of operator) expect(`${d.kind}: ${d.metadata.annotations?.[SYNC_WAVE_ANNOTATION]}`).toBe(`${d.kind}: undefined`);
    // Nor do the Helm renderers: no object of the installation carries a wave.
    const all = withExample.charts.flatMap((c) => Testing.synth(c));
    expect(all.filter((d) => d.kind === 'Application').length).toBeGreaterThan(0);
    expect(all.filter((d) => d.metadata.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined).map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([]);
  });

  test('rejects an invalid config with every problem at once, naming the source', () => {
    const bad: any = { ...exampleConfig(), domain: 'EXTERNAL_DOMAIN_PLACEHOLDER', database: { ...exampleConfig().database, port: 99999 } };
    let error: unknown;
    try {
      new CodeCanvasInstallation(testApp(), 'CodeCanvas', { config: bad, source: 'my.yaml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^my\.yaml: 2 problems found/);
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual(['database.port', 'domain']);
  });

  test('resolves the sealing certificate against baseDir', () => {
    const config = yaml.load(fs.readFileSync(path.join(ROOT, 'examples/flux-sealed-secrets.yaml'), 'utf8')) as any;
    expect(() => new CodeCanvasInstallation(testApp(), 'CC', { config, baseDir: '/nonexistent' })).toThrow(/certificateFile/);
    const cc = new CodeCanvasInstallation(testApp(), 'CC', { config, baseDir: path.join(ROOT, 'examples'), env: {} });
    expect(cc.secretSource.kind).toBe('sealedSecrets');
  });
});

describe('parseConfig', () => {
  test('YAML text and the same object give the same resolved config', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples/aks.yaml'), 'utf8');
    expect(parseConfig(text)).toEqual(parseConfig(exampleConfig()));
  });
  test('invalid YAML is a ConfigError naming the source', () => {
    expect(() => parseConfig('a: [', { source: 'x.yaml' })).toThrow(/x\.yaml: .*is not valid YAML/s);
  });
  test('loadConfigFile reads a file: the config, its file and the folder its relative paths resolve against', () => {
    const file = path.join(ROOT, 'examples', 'aks.yaml');
    const loaded = api.loadConfigFile(file);
    expect(loaded).toEqual({ config: parseConfig(fs.readFileSync(file, 'utf8')), source: file, baseDir: path.join(ROOT, 'examples') });
  });
});

describe('metadata pass-through (cdk8s-plus style)', () => {
  const GUID = '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc';
  const probe = { initialDelaySeconds: 1, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 1, periodSeconds: 1 };
  const repo = (c: Chart, id = 'Repo', metadata?: any) => new FluxGitRepository(c, id, { name: 'repo', namespace: 'flux-system', url: 'https://git.example.com/r.git', branch: 'main', interval: '5m', metadata });
  /**
   * Every construct class the package exports (the test below fails when one is missing), built with `metadata`.
   * Objects a case needs besides the construct (a target Namespace, a GitRepository source, the Key Vault source's
   * shared store) are created outside the construct, so they are not among its objects.
   */
  const ALL: [string, (chart: Chart, metadata: any) => Construct][] = [
    ['Namespace', (c, metadata) => new Namespace(c, 'X', { name: 'ns', metadata })],
    ['ServiceAccount', (c, metadata) => new ServiceAccount(c, 'X', { name: 'sa', namespace: 'sys', metadata })],
    ['AzureDiskStorageClass', (c, metadata) => new AzureDiskStorageClass(c, 'X', { name: 'sc', metadata })],
    ['AzureDiskVolumeSnapshotClass', (c, metadata) => new AzureDiskVolumeSnapshotClass(c, 'X', { name: 'vsc', metadata })],
    ['LetsEncryptClusterIssuer', (c, metadata) => new LetsEncryptClusterIssuer(c, 'X', { name: 'le', email: 'a@example.com', ingressClassName: 'nginx', metadata })],
    ['KeyVaultSecretStore', (c, metadata) => new KeyVaultSecretStore(c, 'X', { name: 'kv', namespace: 'ns', vaultUrl: 'https://my-kv.vault.azure.net/', clientId: GUID, serviceAccountName: 'sa', metadata })],
    ['DatabaseSecret', (c, metadata) => new DatabaseSecret(c, 'X', { namespace: 'ns', host: 'pg', database: 'db', username: 'u', password: { key: 'k', field: 'f' }, source, metadata })],
    ['ObjectStorageSecret', (c, metadata) => new ObjectStorageSecret(c, 'X', { namespace: 'ns', accountName: 'acct', container: 'box', source, metadata })],
    ['HelmChart', (c, metadata) => new HelmChart(c, 'X', { chart: { repository: 'oci://r.example.com/charts', name: 'cc', version: '1.0.0' }, releaseName: 'cc', namespace: 'ns', renderer: new api.FluxRenderer(), metadata })],
    ['CodeCanvasOperator', (c, metadata) => {
      new Namespace(c, 'Target', { name: 'dev-envs' });
      return new CodeCanvasOperator(c, 'X', { namespace: 'sys', targetNamespace: 'dev-envs', secretName: 's', image: 'r.example.com/op:1', autoscaling: {}, serviceAccountAnnotations: { 'example.com/sa': 'yes' }, metadata });
    }],
    ['CodeCanvasOperatorDeployment', (c, metadata) => new CodeCanvasOperatorDeployment(c, 'X', {
      name: 'op', namespace: 'sys', selectorLabels: { app: 'op' }, serviceAccountName: 'sa', secretName: 's', image: 'r.example.com/op:1', livenessProbe: probe, metadata,
    })],
    ['CodeCanvasOperatorRbac', (c, metadata) => new CodeCanvasOperatorRbac(c, 'X', { namePrefix: 'op', targetNamespace: 'dev-envs', serviceAccount: { name: 'sa', namespace: 'sys' }, metadata })],
    ['HorizontalPodAutoscaler', (c, metadata) => new HorizontalPodAutoscaler(c, 'X', {
      name: 'op', namespace: 'sys', maxReplicas: 2, targetCPUUtilizationPercentage: 80, target: new ApiObject(c, 'T', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'op', namespace: 'sys' } }), metadata,
    })],
    ['GitFolderApplication', (c, metadata) => new GitFolderApplication(c, 'X', { name: 'app', repoURL: 'https://git.example.com/r.git', revision: 'main', path: 'dist/application', metadata })],
    ['FluxGitRepository', (c, metadata) => repo(c, 'X', metadata)],
    ['FluxGitKustomization', (c, metadata) => new FluxGitKustomization(c, 'X', { name: 'k', path: './dist', interval: '5m', source: repo(c), metadata })],
  ];
  const objectsOf = (construct: Construct) => construct.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());

  test('the table covers every construct class the package exports (the L3 aside)', () => {
    const classes = Object.entries(api)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Construct)
      .map(([name]) => name)
      .filter((name) => name !== 'CodeCanvasInstallation' && name !== 'Resource');
    expect(classes.sort()).toEqual(ALL.map(([name]) => name).sort());
  });

  test.each(ALL)('%s: the labels and annotations of metadata reach every object it creates, next to its own', (name, make) => {
    const chart = testChart();
    const construct = make(chart, META);
    const objects = objectsOf(construct);
    const kinds = objects.map((o) => o.kind).sort();
    // The constructs of several objects: every one of them (the known misses were the Key Vault store's ServiceAccount
    // and the operator's autoscaler).
    const expected: Record<string, string[]> = {
      KeyVaultSecretStore: ['SecretStore', 'ServiceAccount'],
      CodeCanvasOperator: ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'HorizontalPodAutoscaler', 'Role', 'RoleBinding', 'ServiceAccount'],
      CodeCanvasOperatorRbac: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
      HelmChart: ['HelmRelease', 'OCIRepository'],
    };
    expect(kinds).toEqual(expected[name] ?? [kinds[0]]);
    for (const o of objects) {
      expect(`${o.kind}: ${JSON.stringify(o.metadata.labels)}`).toBe(`${o.kind}: ${JSON.stringify({ ...o.metadata.labels, ...META.labels })}`);
      expect(`${o.kind}: ${JSON.stringify(o.metadata.annotations)}`).toBe(`${o.kind}: ${JSON.stringify({ ...o.metadata.annotations, ...META.annotations })}`);
    }
    // What the construct sets itself stays: the operator's chart labels and its ServiceAccount's annotation.
    if (name === 'CodeCanvasOperator') {
      for (const o of objects) expect(o.metadata.labels).toMatchObject({ app: 'codecanvas-operator', 'app.kubernetes.io/name': 'codecanvas-operator' });
      expect(objects.find((o) => o.kind === 'ServiceAccount').metadata.annotations['example.com/sa']).toBe('yes');
    }
  });

  test.each(ALL)('%s keeps the labels and annotations it sets itself: another value in metadata is refused naming the key, the same value is accepted', (name, make) => {
    const own = objectsOf(make(testChart(), undefined)).flatMap((o) => [
      ...Object.entries<string>(o.metadata.labels ?? {}).map(([key, value]) => ['labels', key, value] as const),
      ...Object.entries<string>(o.metadata.annotations ?? {}).map(([key, value]) => ['annotations', key, value] as const),
    ]);
    for (const [field, key, value] of own) {
      expect(() => make(testChart(), { [field]: { [key]: value } })).not.toThrow();
      expect(() => make(testChart(), { [field]: { [key]: `${value}-other` } })).toThrow(
        `${name}: metadata.${field}[${JSON.stringify(key)}] ${JSON.stringify(`${value}-other`)} must not replace ${JSON.stringify(value)}, which the construct sets itself`,
      );
    }
    const withOwn = ['Namespace', 'KeyVaultSecretStore', 'CodeCanvasOperator', 'CodeCanvasOperatorDeployment'];
    expect(own.length > 0).toBe(withOwn.includes(name));
  });

  test.each(ALL.filter(([name]) => name !== 'HelmChart'))('%s is a Resource where it wraps one primary object: apiObject has construct id `Resource`, name/kind/apiVersion/metadata are its', (name, make) => {
    const construct = make(testChart(), undefined);
    if (!(construct instanceof api.Resource)) {
      // The constructs of several objects of equal rank, or of other constructs.
      expect(['CodeCanvasOperator', 'CodeCanvasOperatorRbac']).toContain(name);
      return;
    }
    expect(ApiObject.of(construct)).toBe(construct.apiObject);
    expect(construct.apiObject.node.id).toBe('Resource');
    expect([construct.name, construct.kind, construct.apiVersion]).toEqual([construct.apiObject.name, construct.apiObject.kind, construct.apiObject.apiVersion]);
    expect(construct.metadata).toBe(construct.apiObject.metadata);
  });

  test('labels of the enclosing Chart rank below metadata (cdk8s\'s own order), and the Chart\'s label is not the construct\'s own', () => {
    const chart = new Chart(testApp(), 'c', { labels: { team: 'chart' } });
    new Namespace(chart, 'X', { name: 'ns', metadata: { labels: { team: 'user' } } });
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'ns', team: 'user' });
  });

  test('a KeyVaultSecretSource\'s storeMetadata reaches the store and its ServiceAccount; a DatabaseSecret\'s metadata reaches only its ExternalSecret', () => {
    const chart = testChart();
    const kv = new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: GUID, storeMetadata: { labels: { store: 'yes' } } });
    new DatabaseSecret(chart, 'Db', { namespace: 'ns', host: 'pg', database: 'db', username: 'u', password: { key: 'k', field: 'f' }, source: kv, metadata: { labels: { secret: 'yes' } } });
    expect(Testing.synth(chart).map((o) => `${o.kind} ${JSON.stringify(o.metadata.labels)}`).sort()).toEqual([
      'ExternalSecret {"secret":"yes"}',
      'SecretStore {"store":"yes"}',
      'ServiceAccount {"store":"yes"}',
    ]);
  });

  test('a SealedSecret keeps its sealing scope: a DatabaseSecret\'s metadata may add annotations, not change the scope\'s', () => {
    const certificate = fs.readFileSync(path.join(ROOT, 'examples', 'sealed-secrets-cert.pem'), 'utf8');
    const sealed = new api.SealedSecretSource({ certificate, scope: 'namespace-wide', env: { P: 'pw' } });
    const make = (metadata: any) => new DatabaseSecret(testChart(), 'Db', { namespace: 'ns', host: 'pg', database: 'db', username: 'u', password: { key: 'P', field: 'f' }, source: sealed, metadata });
    expect(make({ annotations: { 'example.com/owner': 'ops' } }).apiObject.toJson().metadata.annotations).toEqual({
      'example.com/owner': 'ops',
      'sealedsecrets.bitnami.com/namespace-wide': 'true',
    });
    expect(() => make({ annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'false' } })).toThrow(
      'DatabaseSecret: metadata.annotations["sealedsecrets.bitnami.com/namespace-wide"] "false" must not replace "true", which the construct sets itself',
    );
  });

  test.each(ALL)('%s refuses metadata.name and metadata.namespace, naming the construct and the field', (name, make) => {
    expect(() => make(testChart(), { name: 'other' })).toThrow(new RegExp(`^${name}: metadata\\.name "other" must not be set`));
    expect(() => make(testChart(), { namespace: 'other' })).toThrow(new RegExp(`^${name}: metadata\\.namespace "other" must not be set`));
  });

  test('finalizers and ownerReferences are added next to labels and annotations', () => {
    const chart = testChart();
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1234' };
    new Namespace(chart, 'X', { name: 'ns', metadata: { ...META, finalizers: ['example.com/keep'], ownerReferences: [owner] } });
    expect(Testing.synth(chart)[0].metadata).toEqual({
      name: 'ns',
      labels: { 'kubernetes.io/metadata.name': 'ns', ...META.labels },
      annotations: META.annotations,
      finalizers: ['example.com/keep'],
      ownerReferences: [owner],
    });
  });

  test('labels alone add no finalizers and no ownerReferences', () => {
    const chart = testChart();
    new Namespace(chart, 'X', { name: 'ns', metadata: { labels: META.labels } });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'ns', labels: { 'kubernetes.io/metadata.name': 'ns', ...META.labels } });
  });

  test.each(ALL)('%s refuses a metadata field it cannot pass on, naming the construct, the field and the supported ones', (name, make) => {
    expect(() => make(testChart(), { generateName: 'x-' })).toThrow(
      `${name}: metadata.generateName "x-" is not supported; only labels, annotations, finalizers and ownerReferences are`,
    );
  });

  test.each(ALL)('%s sets no sync wave itself; applySyncWaves places every object it creates', (_name, make) => {
    const chart = testChart();
    make(chart, undefined);
    for (const d of Testing.synth(chart)) expect(`${d.kind}: ${d.metadata.annotations?.[SYNC_WAVE_ANNOTATION]}`).toBe(`${d.kind}: undefined`);
    const unplaced = applySyncWaves(chart).map((o) => o.kind);
    // The bootstrap kinds (GitRepository, Kustomization) get no wave: the bootstrap chart is applied as one folder.
    expect(unplaced.filter((k) => k !== 'GitRepository' && k !== 'Kustomization')).toEqual([]);
  });

  test('applySyncWaves places the operator\'s objects: cluster RBAC with the cluster resources, namespaced RBAC and the ServiceAccount with the Secrets, the workload with the releases', () => {
    const chart = testChart();
    new Namespace(chart, 'Target', { name: 'dev-envs' });
    new CodeCanvasOperator(chart, 'Op', { namespace: 'sys', targetNamespace: 'dev-envs', secretName: 's', image: 'r.example.com/op:1', autoscaling: {} });
    expect(applySyncWaves(chart)).toEqual([]);
    expect(Testing.synth(chart).map((d) => `${d.kind} ${d.metadata.annotations[SYNC_WAVE_ANNOTATION]}`).sort()).toEqual([
      'ClusterRole -1',
      'ClusterRoleBinding -1',
      'Deployment 1',
      'HorizontalPodAutoscaler 1',
      'Namespace -2',
      'Role 0',
      'RoleBinding 0',
      'ServiceAccount 0',
    ]);
  });

  test('applySyncWaves keeps a wave that is already set and places the rest by kind', () => {
    const chart = testChart();
    const ns = new Namespace(chart, 'Ns', { name: 'ns', metadata: { annotations: { [SYNC_WAVE_ANNOTATION]: '5' } } });
    new AzureDiskStorageClass(chart, 'Sc', { name: 'sc' });
    expect(applySyncWaves(chart)).toEqual([]);
    expect(ns.apiObject.metadata.toJson().annotations[SYNC_WAVE_ANNOTATION]).toBe('5');
    expect(Testing.synth(chart).find((d) => d.kind === 'StorageClass').metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('-1');
  });

  test('applySyncWaves returns an object of a kind it has no wave for and leaves it unannotated', () => {
    const chart = testChart();
    const cm = new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    new AzureDiskStorageClass(chart, 'Sc', { name: 'sc' });
    expect(applySyncWaves(chart)).toEqual([cm]);
    expect(Testing.synth(chart).map((d) => `${d.kind} ${d.metadata.annotations?.[SYNC_WAVE_ANNOTATION]}`)).toEqual(['ConfigMap undefined', 'StorageClass -1']);
  });
});

test('the README library section shows examples/library/main.ts verbatim (the file the package test compiles)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const code = fs.readFileSync(path.join(ROOT, 'examples', 'library', 'main.ts'), 'utf8');
  expect(readme).toContain('```ts\n' + code + '```');
  expect(code).toMatch(/from 'codecanvas-cdk8s'/);
});

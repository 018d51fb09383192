// The public API (lib/index.ts): the L3 CodeCanvasInstallation inside a user's own App, metadata pass-through on
// every L2, sync waves set by the installation rather than by each construct, and the config entry points.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
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
  ArgoCdRenderer,
  parseConfig,
  SYNC_WAVE_ANNOTATION,
} from '../lib/index';
import { exampleConfig as exampleRecord, minimalConfig, ROOT } from './helpers';

const exampleConfig = () => exampleRecord() as api.CodeCanvasConfig;

const META = { labels: { team: 'platform' }, annotations: { 'example.com/owner': 'ops' } };
const source = new KeyVaultSecretSource({ vaultUrl: 'https://kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' });

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
      const docs = files.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(outdir, f), 'utf8')) as any[]);
      const byKind = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name).sort();
      expect(byKind('Namespace')).toEqual(['codecanvas', 'codecanvas-devenv', 'codecanvas-system', 'monitoring']);
      expect(byKind('Application')).toEqual(['codecanvas', 'dev-westeurope-codecanvas-jump', 'dev-westeurope-codecanvas-operator', 'dev-westeurope-codecanvas-relay']);
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

  test('syncWaves: false leaves the L2 objects without the Argo CD annotation', () => {
    const app = Testing.app();
    const cc = new CodeCanvasInstallation(app, 'CodeCanvas', { config: minimalConfig(), syncWaves: false });
    const ns = Testing.synth(cc.application).find((d) => d.kind === 'Namespace');
    expect(ns.metadata.annotations?.[SYNC_WAVE_ANNOTATION]).toBeUndefined();
  });

  test('rejects an invalid config with every problem at once, naming the source', () => {
    const bad: any = { ...exampleConfig(), domain: 'EXTERNAL_DOMAIN_PLACEHOLDER', database: { ...exampleConfig().database, port: 99999 } };
    let error: unknown;
    try {
      new CodeCanvasInstallation(Testing.app(), 'CodeCanvas', { config: bad, source: 'my.yaml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^my\.yaml: 2 problems found/);
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual(['database.port', 'domain']);
  });

  test('resolves the sealing certificate against baseDir', () => {
    const config = yaml.load(fs.readFileSync(path.join(ROOT, 'examples/flux-sealed-secrets.yaml'), 'utf8')) as any;
    expect(() => new CodeCanvasInstallation(Testing.app(), 'CC', { config, baseDir: '/nonexistent' })).toThrow(/certificateFile/);
    const cc = new CodeCanvasInstallation(Testing.app(), 'CC', { config, baseDir: path.join(ROOT, 'examples'), env: {} });
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
});

describe('metadata pass-through (cdk8s-plus style)', () => {
  const cases: [string, (chart: Chart, metadata: any) => { resource: ApiObject } | HelmChart][] = [
    ['Namespace', (c, metadata) => new Namespace(c, 'X', { name: 'ns', metadata })],
    ['AzureDiskStorageClass', (c, metadata) => new AzureDiskStorageClass(c, 'X', { name: 'sc', metadata })],
    ['AzureDiskVolumeSnapshotClass', (c, metadata) => new AzureDiskVolumeSnapshotClass(c, 'X', { name: 'vsc', metadata })],
    ['LetsEncryptClusterIssuer', (c, metadata) => new LetsEncryptClusterIssuer(c, 'X', { name: 'le', email: 'a@example.com', ingressClassName: 'nginx', metadata })],
    ['KeyVaultSecretStore', (c, metadata) => new KeyVaultSecretStore(c, 'X', { name: 'kv', namespace: 'ns', vaultUrl: 'https://kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc', serviceAccountName: 'sa', metadata })],
    ['DatabaseSecret', (c, metadata) => new DatabaseSecret(c, 'X', { namespace: 'ns', host: 'pg', database: 'db', username: 'u', password: { key: 'k', field: 'f' }, source, metadata })],
    ['ObjectStorageSecret', (c, metadata) => new ObjectStorageSecret(c, 'X', { namespace: 'ns', accountName: 'acct', container: 'box', source, metadata })],
    ['HelmChart', (c, metadata) => new HelmChart(c, 'X', { chart: { repository: 'oci://r.example.com/charts', name: 'cc', version: '1.0.0' }, releaseName: 'cc', namespace: 'ns', renderer: new ArgoCdRenderer(), metadata })],
  ];

  test.each(cases)('%s adds the labels and annotations to its object', (name, make) => {
    const chart = Testing.chart();
    make(chart, META);
    const objects = Testing.synth(chart).filter((d) => d.kind !== 'ServiceAccount' && d.kind !== 'SecretStore' || name === 'KeyVaultSecretStore' && d.kind === 'SecretStore');
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject(META.labels);
      expect(o.metadata.annotations).toMatchObject(META.annotations);
    }
  });

  test.each(cases)('%s refuses metadata.name, naming the construct and the field', (name, make) => {
    expect(() => make(Testing.chart(), { name: 'other' })).toThrow(new RegExp(`^${name}: metadata\\.name "other" must not be set`));
  });

  test('applySyncWaves keeps a wave that is already set and places the rest by kind', () => {
    const chart = Testing.chart();
    const ns = new Namespace(chart, 'Ns', { name: 'ns', metadata: { annotations: { [SYNC_WAVE_ANNOTATION]: '5' } } });
    new AzureDiskStorageClass(chart, 'Sc', { name: 'sc' });
    expect(applySyncWaves(chart)).toEqual([]);
    expect(ns.resource.metadata.toJson().annotations[SYNC_WAVE_ANNOTATION]).toBe('5');
    expect(Testing.synth(chart).find((d) => d.kind === 'StorageClass').metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('-1');
  });
});

test('the README library section shows examples/library/main.ts verbatim (the file the package test compiles)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const code = fs.readFileSync(path.join(ROOT, 'examples', 'library', 'main.ts'), 'utf8');
  expect(readme).toContain('```ts\n' + code + '```');
  expect(code).toMatch(/from 'codecanvas-cdk8s'/);
});

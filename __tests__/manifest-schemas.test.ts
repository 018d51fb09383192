// Every synthesized object against schemas this project did not generate: kubernetes-models for core kinds, the
// pinned CRDs' openAPIV3Schema for custom resources, and the CodeCanvas chart's own values.schema.json for the
// chart values. Plus negative tests proving that the validator reports what it should, with a useful path.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { LoadedConfig, loadConfigFile, parseConfig } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import {
  formatProblems,
  knownCustomResources,
  ManifestProblem,
  validateChartDir,
  validateChartValues,
  validateManifests,
  validateYamlFiles,
} from '../cli/validate/manifest-schemas';
import { exampleConfig, ROOT, withField } from './helpers';

const DIST = path.join(ROOT, 'dist');
const EXAMPLES = path.join(ROOT, 'examples');
const CHART = path.join(ROOT, 'test', 'fixtures', 'codecanvas-chart-2025.1-RC.875');
/** Chart name (as the renderers write it) -> the chart folder whose schema applies. */
const CHART_DIRS: Record<string, string> = {
  codecanvas: CHART,
  'codecanvas-relay': path.join(CHART, 'charts', 'codecanvas-relay'),
  'codecanvas-jump': path.join(CHART, 'charts', 'codecanvas-jump'),
  'codecanvas-operator': path.join(CHART, 'charts', 'codecanvas-operator'),
};

type File = { path: string; content: string };
type Doc = Record<string, any>;

/** Manifest files of an output tree: everything but helm/ (values files, install scripts) and the Flux layers' kustomization.yaml files. */
const isManifestFile = (rel: string) => /\.ya?ml$/.test(rel) && rel.split(/[\\/]/)[0] !== 'helm' && !/^bootstrap[\\/]kustomize[\\/]/.test(rel);

function readTree(dir: string): File[] {
  if (!fs.existsSync(dir)) return [];
  const out: File[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ path: path.relative(dir, full), content: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Fake values for every env-sourced secret the docs name, per dev-environment cluster as well. */
function fakeEnv(loaded: LoadedConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    CODECANVAS_DB_PASSWORD: 'fake-db-password-1b2c',
    CODECANVAS_MASTER_SECRET: Buffer.alloc(32, 0x5a).toString('base64'), // Base64 of 32 bytes, as `openssl rand -base64 32`
    CODECANVAS_STORAGE_ACCOUNT_KEY: Buffer.alloc(64, 0x33).toString('base64'),
    CODECANVAS_ADMIN_PASSWORD: 'fake-admin-password-7d8e',
  };
  for (const cluster of loaded.config.devEnvironmentClusters) {
    const prefix = cluster.name.toUpperCase().replace(/-/g, '_');
    env[`${prefix}_JUMP_JWT_PRIVATE_KEY`] = `fake-jump-jwt-private-key-${cluster.name}`;
    env[`${prefix}_JUMP_SSH_HOST_KEY`] = `fake-jump-ssh-host-key-${cluster.name}`;
    env[`${prefix}_OPERATOR_JWT_PRIVATE_KEY`] = `fake-operator-jwt-private-key-${cluster.name}`;
  }
  return env;
}

function synthFiles(loaded: LoadedConfig): File[] {
  return synthesize(loaded, { env: fakeEnv(loaded) }).files.map((f) => ({ path: f.path, content: f.content }));
}

const docsOf = (files: readonly File[]): Doc[] =>
  files.filter((f) => isManifestFile(f.path)).flatMap((f) => (yaml.loadAll(f.content) as Doc[]).filter((d) => d));

interface Release {
  where: string;
  chart: string;
  values: unknown;
}

/** Every Helm release in an output tree, whatever the delivery mode, with its chart name and inline values. */
function releasesIn(files: readonly File[]): Release[] {
  const docs = docsOf(files);
  const lastSegment = (url: string) => url.replace(/\/+$/, '').split('/').pop() ?? url;
  const releases: Release[] = [];
  for (const d of docs) {
    const where = `${d.kind} ${d.metadata?.namespace ?? ''}/${d.metadata?.name}`;
    if (d.kind === 'Application') {
      for (const source of [d.spec.source, ...(d.spec.sources ?? [])].filter(Boolean)) {
        if (source.chart) releases.push({ where, chart: source.chart, values: source.helm?.valuesObject ?? {} });
      }
    } else if (d.kind === 'HelmRelease') {
      const ref = d.spec.chartRef;
      const repo = ref && docs.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && o.metadata.namespace === (ref.namespace ?? d.metadata.namespace));
      const chart = d.spec.chart?.spec?.chart ?? (repo ? lastSegment(repo.spec.url) : undefined);
      if (chart) releases.push({ where, chart, values: d.spec.values ?? {} });
    } else if (d.kind === 'HelmChart' && d.apiVersion.startsWith('helm.cattle.io/')) {
      releases.push({ where, chart: lastSegment(d.spec.chart), values: yaml.load(d.spec.valuesContent ?? '') ?? {} });
    }
  }
  for (const f of files.filter((x) => /^helm\/.*\.values\.yaml$/.test(x.path))) {
    const chart = /^# Helm values for release \S+ \((\S+) /m.exec(f.content)?.[1];
    if (chart) releases.push({ where: f.path, chart, values: yaml.load(f.content) ?? {} });
  }
  return releases;
}

function chartProblems(releases: readonly Release[]): string[] {
  return releases.flatMap((r) =>
    CHART_DIRS[r.chart] ? validateChartDir(r.values, CHART_DIRS[r.chart]).map((p) => `${r.where} (${r.chart}) ${p.path || '/'}: ${p.message}`) : [],
  );
}

// -----------------------------------------------------------------------------------------------------------------

describe('dist/', () => {
  const files = readTree(DIST);
  const manifests = files.filter((f) => isManifestFile(f.path));
  // dist/ is committed (and CI checks it is what the code synthesizes), so there is always something to validate.
  test('every object in every dist/**/*.yaml validates', () => {
    expect(manifests.length).toBeGreaterThan(0);
    const problems = validateYamlFiles(manifests.map((f) => ({ path: `dist/${f.path}`, content: f.content })));
    expect(formatProblems(problems)).toBe('');
    expect(docsOf(manifests).length).toBeGreaterThan(0);
  });

  test('every Helm release in dist/ has values that the RC chart schemas accept', () => {
    const releases = releasesIn(files);
    expect(releases.some((r) => r.chart === 'codecanvas')).toBe(true);
    expect(chartProblems(releases)).toEqual([]);
  });
});

describe('examples/*.yaml synthesize (in memory) into valid objects', () => {
  const examples = fs.readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f)).sort();
  test('there is at least one example', () => expect(examples.length).toBeGreaterThan(0));

  test.each(examples)('%s', (name) => {
    const files = synthFiles(loadConfigFile(path.join(EXAMPLES, name)));
    expect(formatProblems(validateYamlFiles(files.filter((f) => isManifestFile(f.path))))).toBe('');
    expect(chartProblems(releasesIn(files))).toEqual([]);
  });
});

describe('delivery modes and secret sources (the example, one setting changed)', () => {
  const devAll = (c: Doc) =>
    ['relay', 'jump', 'operator'].reduce((acc, r) => withField(acc, `devEnvironmentClusters.0.${r}.enabled`, true), c);
  const variants: Record<string, (c: Doc) => Doc> = {
    'delivery.mode flux': (c) => withField(c, 'delivery.mode', 'flux'),
    'delivery.mode k3s': (c) => withField(c, 'delivery.mode', 'k3s'),
    'delivery.mode helm': (c) => withField(c, 'delivery.mode', 'helm'),
    'keyVault ClusterSecretStore': (c) => withField(c, 'secrets.keyVault.storeKind', 'ClusterSecretStore'),
    'secrets.source env': (c) => withField(withField(withField(c, 'secrets.keyVault', undefined), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true),
    'secrets.source sealedSecrets': (c) =>
      withField(withField(withField(c, 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', {
        certificateFile: '__tests__/fixtures/sealed-secrets/tls.crt',
      }),
    'relay, jump and operator on the dev cluster (argocd)': devAll,
    'relay, jump and operator on the dev cluster (flux)': (c) => devAll(withField(c, 'delivery.mode', 'flux')),
    'relay, jump and operator on the dev cluster (k3s, sealed)': (c) =>
      devAll(
        withField(withField(withField(withField(c, 'delivery.mode', 'k3s'), 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', {
          certificateFile: '__tests__/fixtures/sealed-secrets/tls.crt',
        }),
      ),
  };

  test.each(Object.keys(variants))('%s', (name) => {
    const loaded: LoadedConfig = { config: parseConfig(variants[name](exampleConfig()), name), source: name, baseDir: ROOT };
    const files = synthFiles(loaded);
    expect(formatProblems(validateYamlFiles(files.filter((f) => isManifestFile(f.path))))).toBe('');
    expect(chartProblems(releasesIn(files))).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------------------------

describe('the CodeCanvas chart values', () => {
  const releasesFile = path.join(DIST, 'application', '30-releases.yaml');
  const fromDist = fs.existsSync(releasesFile);
  const docs: Doc[] = fromDist
    ? (yaml.loadAll(fs.readFileSync(releasesFile, 'utf8')) as Doc[])
    : docsOf(synthFiles(loadConfigFile(path.join(EXAMPLES, 'aks.yaml'))));
  const app = docs.find((d) => d?.kind === 'Application' && d.spec?.source?.helm?.releaseName === 'codecanvas');
  const values = app?.spec.source.helm.valuesObject as Doc;

  test(`the Argo CD Application of release codecanvas is in ${fromDist ? 'dist/application/30-releases.yaml' : 'the in-memory synth'}`, () => {
    expect(app).toBeDefined();
    expect(app!.spec.source.chart).toBe('codecanvas');
  });

  test('its valuesObject validates against the RC chart\'s values.schema.json, as given and coalesced with the chart defaults', () => {
    expect(validateChartValues(values, path.join(CHART, 'values.schema.json'))).toEqual([]);
    expect(validateChartDir(values, CHART)).toEqual([]);
  });

  test('it carries every key of the guide\'s custom.values.yaml', () => {
    const guideKeys = [
      'application.replicaCount',
      'application.serviceAccount.name',
      'application.serviceAccount.annotations.azure\\.workload\\.identity/client-id',
      'application.podLabels.azure\\.workload\\.identity/use',
      'application.ingress.annotations.cert-manager\\.io/cluster-issuer',
      'application.ingress.ingressClassName',
      'application.ingress.hostname',
      'application.ingress.computeHostname',
      'application.ingress.tlsEnabled',
      'application.config.codecanvas.bootstrap.relay.enabled',
      'application.config.codecanvas.bootstrap.jump.enabled',
      'application.config.codecanvas.licenseAgreementAccepted',
      'application.secret.objectStorage.type',
      'application.secret.objectStorage.existingSecretName',
      'application.secret.postgresql.existingSecretName',
      'application.secret.codecanvas.localAdministrator.firstName',
      'application.secret.codecanvas.localAdministrator.lastName',
      'application.secret.codecanvas.localAdministrator.username',
      'application.secret.codecanvas.localAdministrator.email',
      'jump.enabled',
      'relay.enabled',
    ];
    const get = (dotted: string) =>
      dotted
        .split(/(?<!\\)\./)
        .map((k) => k.replace(/\\\./g, '.'))
        .reduce<unknown>((at, k) => (at && typeof at === 'object' ? (at as Doc)[k] : undefined), values);
    expect(guideKeys.filter((k) => get(k) === undefined)).toEqual([]);
    expect(get('application.secret.objectStorage.type')).toBe('azure');
    expect(get('application.config.codecanvas.licenseAgreementAccepted')).toBe(true);
    expect(get('application.podLabels.azure\\.workload\\.identity/use')).toBe('true');
    expect([get('jump.enabled'), get('relay.enabled')]).toEqual([false, false]);
  });

  test('the chart schema bites: a wrong objectStorage type and an unknown postgresql key are reported', () => {
    const bad = withField(withField(values, 'application.secret.objectStorage.type', 'azureblob'), 'application.secret.postgresql.existingSecret', 'x');
    const problems = validateChartValues(bad, path.join(CHART, 'values.schema.json'));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/application/secret/postgresql/existingSecret', message: expect.stringMatching(/unknown field "existingSecret"/) },
        { path: '/application/secret/objectStorage/type', message: 'must be "azure"' },
      ]),
    );
  });

  test('subcharts are validated under their alias when enabled (jump.enabled: true with a bad key)', () => {
    const bad = withField(withField(values, 'jump.enabled', true), 'jump.application.sshService.port', 'ssh');
    expect(validateChartDir(bad, CHART)).toEqual([{ path: '/jump/application/sshService/port', message: 'must be of type integer' }]);
    expect(validateChartDir(withField(bad, 'jump.enabled', false), CHART)).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------------------------

describe('the validator bites', () => {
  // Synthesized in the test that uses it (once per test), not at describe scope: mutation testing attributes coverage per test.
  let cached: { test?: string; docs: Doc[] } = { docs: [] };
  const example = () => {
    const current = expect.getState().currentTestName;
    if (cached.test !== current) cached = { test: current, docs: docsOf(synthFiles(loadConfigFile(path.join(EXAMPLES, 'aks.yaml')))) };
    return cached.docs;
  };
  const find = (kind: string) => {
    const d = example().find((o) => o.kind === kind);
    if (!d) throw new Error(`the example has no ${kind}`);
    return JSON.parse(JSON.stringify(d)) as Doc;
  };
  const check = (doc: Doc) => validateManifests([doc]);
  const expectProblem = (problems: ManifestProblem[], pointer: string, message: RegExp) => {
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${escapeRe(pointer)}: ${message.source}`))]));
  };

  test('the unchanged objects are valid (the baseline of every negative test)', () => {
    expect(formatProblems(validateManifests(example()))).toBe('');
    expect(new Set(example().map((d) => d.kind))).toEqual(
      new Set(['Namespace', 'ClusterIssuer', 'ServiceAccount', 'SecretStore', 'Secret', 'ExternalSecret', 'Application', 'StorageClass', 'VolumeSnapshotClass', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment']),
    );
  });

  test('an unknown field in an Application spec (a typo the API server would prune silently)', () => {
    const app = find('Application');
    app.spec.source.targetRevison = app.spec.source.targetRevision;
    app.spec.syncPolicy.automatic = { prune: true };
    const problems = check(app);
    expect(problems).toEqual([
      { kind: 'Application', name: app.metadata.name, path: '/spec/source/targetRevison', message: expect.stringMatching(/^unknown field "targetRevison"/) },
      { kind: 'Application', name: app.metadata.name, path: '/spec/syncPolicy/automatic', message: expect.stringMatching(/^unknown field "automatic"/) },
    ]);
  });

  test('but any key in a preserve-unknown-fields subtree (the chart values) is fine', () => {
    const app = find('Application');
    app.spec.source.helm.valuesObject.anything = { goes: [1, 'two', { three: null }] };
    expect(check(app)).toEqual([]);
  });

  test('a wrong enum value in an ExternalSecret', () => {
    const es = find('ExternalSecret');
    es.spec.target.creationPolicy = 'Own';
    expectProblem(check(es), '/spec/target/creationPolicy', /must be one of "Owner", "Orphan", "Merge", "None"/);
  });

  test('a wrong type and a missing required field in an ExternalSecret', () => {
    const es = find('ExternalSecret');
    es.spec.data[0].remoteRef = { version: 'latest' }; // key is required
    es.spec.refreshInterval = 3600; // must be a string
    const problems = check(es);
    expectProblem(problems, '/spec/data/0/remoteRef/key', /is required/);
    expectProblem(problems, '/spec/refreshInterval', /must be of type string/);
  });

  test('a namespaced custom resource without a namespace', () => {
    const app = find('Application');
    delete app.metadata.namespace;
    expect(check(app)).toEqual([
      { kind: 'Application', name: app.metadata.name, path: '/metadata/namespace', message: expect.stringMatching(/^is required: Application is namespaced/) },
    ]);
  });

  test('a cluster-scoped object with a namespace: custom (ClusterIssuer, VolumeSnapshotClass) and core (Namespace, StorageClass)', () => {
    for (const kind of ['ClusterIssuer', 'VolumeSnapshotClass', 'Namespace', 'StorageClass']) {
      const doc = find(kind);
      doc.metadata.namespace = 'codecanvas';
      expect(check(doc)).toEqual([
        { kind, name: doc.metadata.name, path: '/metadata/namespace', message: `must not be set: ${kind} is cluster-scoped (found "codecanvas")` },
      ]);
    }
  });

  test('a namespaced core object without a namespace', () => {
    const sa = find('ServiceAccount');
    delete sa.metadata.namespace;
    expectProblem(check(sa), '/metadata/namespace', /is required: ServiceAccount is namespaced/);
  });

  test('a Secret with a non-string data value, and one that is not Base64', () => {
    const secret = find('Secret');
    secret.data = { DB_PORT: 5432, DB_HOST: 'not base64!' };
    const problems = check(secret);
    expectProblem(problems, '/data/DB_PORT', /must be of type string/);
    expectProblem(problems, '/data/DB_HOST', /must match format "byte"/);
  });

  test('a StorageClass with a bad field: a typo, a wrong type, an unknown nested field', () => {
    const sc = find('StorageClass');
    sc.volumeBindingmode = 'WaitForFirstConsumer';
    sc.allowVolumeExpansion = 'yes';
    sc.allowedTopologies = [{ matchLabelExpressions: [{ key: 'topology.disk.csi.azure.com/zone', value: ['westeurope-1'] }] }];
    const problems = check(sc);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['/allowVolumeExpansion', '/allowedTopologies/0/matchLabelExpressions/0/value', '/allowedTopologies/0/matchLabelExpressions/0/values', '/volumeBindingmode'].sort(),
    );
    expectProblem(problems, '/volumeBindingmode', /unknown field "volumeBindingmode"/);
    expectProblem(problems, '/allowVolumeExpansion', /must be of type boolean/);
    expectProblem(problems, '/allowedTopologies/0/matchLabelExpressions/0/value', /unknown field "value"/);
    expectProblem(problems, '/allowedTopologies/0/matchLabelExpressions/0/values', /is required/);
  });

  test('unknown metadata fields, on core kinds and custom resources alike', () => {
    const ns = find('Namespace');
    ns.metadata.label = { a: 'b' };
    expectProblem(check(ns), '/metadata/label', /unknown field "label"/);
    const issuer = find('ClusterIssuer');
    issuer.metadata.annotation = {};
    expectProblem(check(issuer), '/metadata/annotation', /unknown field "annotation"/);
  });

  test('names and labels the API server would reject', () => {
    const ns = find('Namespace');
    ns.metadata.name = 'Code_Canvas';
    ns.metadata.labels['app.kubernetes.io/part-of'] = 'not a valid label value';
    const problems = check(ns);
    expectProblem(problems, '/metadata/name', /"Code_Canvas" must be an RFC 1123 label/);
    expectProblem(problems, '/metadata/labels/app.kubernetes.io~1part-of', /label value "not a valid label value"/);
    const app = find('Application');
    delete app.metadata.name;
    expectProblem(check(app), '/metadata/name', /is required/);
  });

  test('an apiVersion that the CRD does not serve, and a kind nobody knows', () => {
    const es = find('ExternalSecret');
    es.apiVersion = 'external-secrets.io/v1beta1';
    expectProblem(check(es), '/apiVersion', /external-secrets.io\/v1beta1 ExternalSecret is defined but not served by the CRD \(use v1\)/);
    expectProblem(check({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), '/kind', /no schema known for example.com\/v1 Widget/);
    expectProblem(check({ apiVersion: 'v1', kind: 'ConfigMapp', metadata: { name: 'w', namespace: 'x' } }), '/kind', /no schema known for v1 ConfigMapp/);
  });

  test('Kubernetes schema extensions: int-or-string, nullable, Go durations', () => {
    const app = find('Application');
    app.spec.source.kustomize = { replicas: [{ name: 'a', count: 3 }, { name: 'b', count: '3' }] };
    expect(check(app)).toEqual([]);
    app.spec.source.kustomize.replicas[0].count = true;
    expect(check(app)).toEqual([
      { kind: 'Application', name: app.metadata.name, path: '/spec/source/kustomize/replicas/0/count', message: 'must be of type integer or string' },
    ]);

    const sealed = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 's', namespace: 'codecanvas' },
      spec: { encryptedData: { A: 'AgB=' }, template: { data: null, metadata: { name: 's' } } },
    };
    expect(check(sealed)).toEqual([]); // template.data is nullable
    (sealed.spec.template as Doc).data = 5;
    expectProblem(check(sealed), '/spec/template/data', /must be of type object or null$/);

    const es = find('ExternalSecret');
    es.spec.refreshInterval = '1h30m';
    expect(check(es)).toEqual([]);
  });

  test('free-form core fields are not unknown fields: StorageClass parameters, Secret data', () => {
    const sc = find('StorageClass');
    sc.parameters = { ...sc.parameters, anyKey: 'v', 'other.key': 'w' };
    expect(check(sc)).toEqual([]);
    const secret = find('Secret');
    secret.data.SOMETHING_NEW = Buffer.from('x').toString('base64');
    expect(check(secret)).toEqual([]);
  });

  test('every CRD file in crds/ is indexed by group and kind (read from its header without parsing it)', () => {
    // Expected: group from the file name (<group>_<plural>.yaml), kind from the provenance table in crds/SOURCES.md.
    const sources = fs.readFileSync(path.join(ROOT, 'crds', 'SOURCES.md'), 'utf8');
    const kinds = Object.fromEntries([...sources.matchAll(/^\| `([^`]+\.yaml)` \| (\w+) \(/gm)].map((m) => [m[1], m[2]]));
    const files = fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml')).sort();
    expect(knownCustomResources()).toEqual(files.map((file) => ({ group: file.split('_')[0], kind: kinds[file], file })));
  });

  test('validateYamlFiles names the file and document, and reports unparsable YAML', () => {
    const content = yaml.dump(find('Namespace')) + '---\n' + yaml.dump({ ...find('StorageClass'), reclaimPolicy: 7 });
    const problems = validateYamlFiles([
      { path: 'x/10-cluster-resources.yaml', content },
      { path: 'x/broken.yaml', content: 'a: [' },
    ]);
    expect(problems).toEqual([
      { file: 'x/10-cluster-resources.yaml', doc: 1, kind: 'StorageClass', name: expect.any(String), path: '/reclaimPolicy', message: 'must be of type string' },
      { file: 'x/10-cluster-resources.yaml', doc: 1, kind: 'StorageClass', name: expect.any(String), path: '/reclaimPolicy', message: 'must be one of "Delete", "Recycle", "Retain"' },
      { file: 'x/broken.yaml', kind: '(file)', name: '', path: '', message: expect.stringMatching(/^is not valid YAML/) },
    ]);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

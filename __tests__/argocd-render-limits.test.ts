// What Argo CD needs from the app chart's Application (ignoreDifferences for the fields the chart keeps only
// through Helm lookup, RespectIgnoreDifferences) and what the config rules refuse in delivery.mode argocd. That
// the ignored fields are exactly what differs between two lookup-less renders is proven in the cluster tier
// (test/cluster/argocd-render.cluster.test.ts).
import * as yaml from 'js-yaml';
import { checkConfig, parseConfig } from '../lib/config/load';
import { formatIssue } from '../lib/config/errors';
import { codecanvasAppNames, codecanvasLookupDependentFields } from '../lib/charts/codecanvas-lookup-fields';
import { synthesize } from '../cli/synth';
import { formatProblems, validateManifests } from '../cli/validate/manifest-schemas';
import { exampleConfig, minimalConfig, withField } from './helpers';

type Doc = Record<string, any>;

function appApplication(raw: Doc): Doc {
  const files = synthesize({ config: parseConfig(raw, 'test.yaml'), source: 'test.yaml', baseDir: '.' }).files;
  const docs = yaml.loadAll(files.find((f) => f.path === 'application/30-releases.yaml')!.content) as Doc[];
  const app = docs.find((d) => d.kind === 'Application' && d.spec.source.chart === 'codecanvas')!;
  expect(formatProblems(validateManifests([app]))).toBe('');
  return app;
}

describe('the app chart\'s Application under Argo CD', () => {
  test('ignores the client secret and the pod annotation that hashes it, and keeps them on sync', () => {
    const app = appApplication(exampleConfig());
    expect(app.spec.ignoreDifferences).toEqual([
      { group: '', kind: 'Secret', name: 'codecanvas-app-envs', namespace: 'codecanvas', jsonPointers: ['/data/CODECANVAS_COMPUTESERVICE_CLIENT_SECRET'] },
      { group: 'apps', kind: 'Deployment', name: 'codecanvas-app', namespace: 'codecanvas', jsonPointers: ['/spec/template/metadata/annotations/checksum~1envs'] },
    ]);
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=false', 'ServerSideApply=true', 'RespectIgnoreDifferences=true']);
  });

  test('the relay and jump Applications need none (their renders are stable)', () => {
    const files = synthesize({ config: parseConfig(exampleConfig(), 'test.yaml'), source: 'test.yaml', baseDir: '.' }).files;
    const docs = yaml.loadAll(files.find((f) => f.path === 'dev-westeurope/30-releases.yaml')!.content) as Doc[];
    for (const app of docs.filter((d) => d.kind === 'Application')) {
      expect(app.spec.ignoreDifferences).toBeUndefined();
      expect(app.spec.syncPolicy.syncOptions).not.toContain('RespectIgnoreDifferences=true');
    }
  });

  test.each([
    ['release named as the chart', 'codecanvas', {}, 'codecanvas-app', 'ns'],
    ['release containing the chart name', 'my-codecanvas', {}, 'my-codecanvas-app', 'ns'],
    ['other release name', 'canvas', {}, 'canvas-codecanvas-app', 'ns'],
    ['nameOverride', 'canvas', { nameOverride: 'cc' }, 'canvas-cc-app', 'ns'],
    ['fullnameOverride', 'canvas', { fullnameOverride: 'web-' }, 'web-app', 'ns'],
    ['application.name', 'codecanvas', { application: { name: 'server' } }, 'codecanvas-server', 'ns'],
    ['namespaceOverride', 'codecanvas', { namespaceOverride: 'other' }, 'codecanvas-app', 'other'],
  ])('names follow the chart\'s helpers: %s', (_what, release, values, appName, namespace) => {
    expect(codecanvasAppNames(release, 'ns', 'codecanvas', values)).toEqual({ appName, namespace });
    const fields = codecanvasLookupDependentFields(release, 'ns', 'codecanvas', values);
    expect(fields.map((f) => `${f.kind} ${f.namespace}/${f.name}`)).toEqual([`Secret ${namespace}/${appName}-envs`, `Deployment ${namespace}/${appName}`]);
  });

  test('a release name from the config and name overrides in application.values reach the Application', () => {
    let raw = withField(exampleConfig(), 'application.releaseName', 'canvas');
    raw = withField(raw, 'application.values', { application: { name: 'web' } });
    const app = appApplication(raw);
    expect(app.spec.ignoreDifferences.map((r: Doc) => r.name)).toEqual(['canvas-codecanvas-web-envs', 'canvas-codecanvas-web']);
  });

  test('without the app (application.include: false) nothing is ignored and the sync option is left out', () => {
    const app = appApplication(withField(exampleConfig(), 'application.values', { application: { include: false } }));
    expect(app.spec.ignoreDifferences).toBeUndefined();
    expect(app.spec.syncPolicy.syncOptions).not.toContain('RespectIgnoreDifferences=true');
  });
});

describe('config rules for delivery.mode argocd', () => {
  const messages = (raw: unknown) => checkConfig(raw).map(formatIssue);

  test('the bundled operator in application.values cannot be rendered by Argo CD', () => {
    expect(messages(withField(exampleConfig(), 'application.values', { operator: { enabled: true } }))).toEqual([
      expect.stringMatching(/^application\.values\.operator\.enabled: is true; cannot be rendered by Argo CD: .*Helm lookup.*devEnvironmentClusters with operator\.enabled: true/),
    ]);
  });

  test('Redis auth without an existing Secret would rotate the password on every render', () => {
    const raw = withField(exampleConfig(), 'application.values', { redis: { auth: { enabled: true } } });
    expect(messages(raw)).toEqual([expect.stringMatching(/^application\.values\.redis\.auth\.enabled: is true; would make Argo CD generate a new Redis password on every render.*existingSecret/)]);
    expect(messages(withField(raw, 'application.values.redis.auth.existingSecret', 'redis-auth'))).toEqual([]);
  });

  test('operator.values would be ignored when the operator is plain manifests; the message lists the typed fields', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.operator.values', { replicaCount: 2, image: { tag: 'x' } });
    expect(messages(raw)).toEqual([
      'devEnvironmentClusters[0].operator.values: is an object; would be ignored (image, replicaCount): in delivery.mode argocd the operator is delivered as plain manifests, not its chart (Argo CD cannot render it: it needs Helm lookup); use the typed operator fields (image, imagePullPolicy, imagePullSecrets, replicas, resources, autoscaling, nodeSelector, tolerations, affinity, podSecurityContext, securityContext, podAnnotations) instead',
    ]);
  });

  test('an empty delivery: (YAML null) is reported, and the default mode argocd still has its rules checked', () => {
    let raw = withField(minimalConfig(), 'delivery', null);
    raw = withField(raw, 'application.values', { operator: { enabled: true } });
    expect(messages(raw)).toEqual([
      expect.stringMatching(/^delivery: is null; must be a mapping of field names to values: the field is empty/),
      expect.stringMatching(/^application\.values\.operator\.enabled: is true; cannot be rendered by Argo CD: /),
    ]);
  });

  test('the bundled operator switched off, Redis switched off, or Redis auth with a fixed password: nothing to refuse', () => {
    expect(messages(withField(exampleConfig(), 'application.values', { operator: { enabled: false, image: { tag: 'x' } } }))).toEqual([]);
    expect(messages(withField(exampleConfig(), 'application.values', { redis: { enabled: false, auth: { enabled: true } } }))).toEqual([]);
    const plaintextOptIn = withField(exampleConfig(), 'secrets.allowPlaintextSecrets', true);
    expect(messages(withField(plaintextOptIn, 'application.values', { redis: { auth: { enabled: true, password: 'fixed' } } }))).toEqual([]);
  });

  test('an empty operator: (YAML null) of a cluster is reported once, as a wrong type', () => {
    expect(messages(withField(exampleConfig(), 'devEnvironmentClusters.0.operator', null))).toEqual([
      'devEnvironmentClusters[0].operator: is null; must be a mapping of field names to values: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field',
    ]);
  });

  test('an operator chart version without a known image needs operator.image; the message names the command that shows it', () => {
    let raw = withField(exampleConfig(), 'devEnvironmentClusters.0.operator.image', undefined);
    raw = withField(raw, 'devEnvironmentClusters.0.operator.chart', { repository: 'oci://registry.example.com/mirror', name: 'cc-operator', version: '2025.2.0' });
    expect(messages(raw)).toEqual([
      'devEnvironmentClusters[0].operator.image: is required in delivery.mode argocd for operator chart version 2025.2.0: this project knows the operator image only for 2025.1-RC.875; ' +
        'read image.registry, image.repository and image.tag from `helm show values oci://registry.example.com/mirror/cc-operator --version 2025.2.0` and set image: <registry>/<repository>:<tag>',
    ]);
    expect(messages(withField(raw, 'devEnvironmentClusters.0.operator.chart.version', '2025.1-RC.875'))).toEqual([]);
  });

  test('an empty operator chart: (YAML null) is reported, and the image rule names the default chart', () => {
    let raw = withField(exampleConfig(), 'devEnvironmentClusters.0.operator.image', undefined);
    raw = withField(raw, 'devEnvironmentClusters.0.operator.chart', null);
    expect(messages(raw)).toEqual([
      'devEnvironmentClusters[0].operator.chart: is null; must be a mapping of field names to values: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field',
      'devEnvironmentClusters[0].operator.image: is required in delivery.mode argocd for operator chart version 2025.1.2: this project knows the operator image only for 2025.1-RC.875; ' +
        'read image.registry, image.repository and image.tag from `helm show values oci://public.registry.jetbrains.space/p/codecanvas/release-charts/codecanvas-operator --version 2025.1.2` and set image: <registry>/<repository>:<tag>',
    ]);
  });

  test('all problems at once; none of them in the modes whose controllers render against the cluster', () => {
    let raw = withField(exampleConfig(), 'application.values', { operator: { enabled: true }, redis: { auth: { enabled: true } } });
    raw = withField(raw, 'devEnvironmentClusters.0.operator.values', { replicaCount: 2 });
    raw = withField(raw, 'devEnvironmentClusters.0.operator.image', undefined);
    expect(messages(raw)).toHaveLength(4);
    for (const mode of ['flux', 'helm', 'k3s']) {
      let other = withField(raw, 'delivery.mode', mode);
      other = withField(other, 'secrets', { source: 'env', allowPlaintextSecrets: true });
      expect(messages(other)).toEqual([]);
    }
  });
});

describe('what Argo CD\'s application-controller normalizes', () => {
  // Mirrors NormalizeSource in Argo CD's util/argo (v2.14 and v3.x): a source's directory, helm, kustomize or plugin
  // block whose fields all hold their defaults is dropped from the live spec, so an Application written with one never
  // equals Git and self-heal re-applies it on every refresh (seen with the real v2.14.21 controller: 15 automatic
  // syncs in 14 minutes for `directory: {recurse: false}`).
  const isDefault = (v: unknown): boolean =>
    v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.values(v as Doc).every(isDefault));
  const examples = ['aks.yaml', 'three-clusters.yaml'];

  test.each(examples)('no Application written for examples/%s carries a source block of defaults only', (example) => {
    const raw = yaml.load(require('fs').readFileSync(require('path').join(__dirname, '..', 'examples', example), 'utf8')) as Doc;
    const files = synthesize({ config: parseConfig(raw, example), source: example, baseDir: '.' }).files;
    const apps = files
      .filter((f) => f.path.endsWith('.yaml'))
      .flatMap((f) => (yaml.loadAll(f.content) as Doc[]).filter((d) => d?.kind === 'Application'));
    expect(apps.length).toBeGreaterThan(2);
    expect(apps.some((a) => a.metadata.name.includes('bootstrap') || a.spec.source.path !== undefined)).toBe(true);
    for (const app of apps) {
      for (const source of [app.spec.source, ...(app.spec.sources ?? [])].filter(Boolean)) {
        for (const block of ['directory', 'helm', 'kustomize', 'plugin']) {
          if (block in source) expect([app.metadata.name, block, isDefault(source[block])]).toEqual([app.metadata.name, block, false]);
        }
      }
    }
  });

  test('the mirror itself: a directory block of defaults is what the controller drops, recurse: true is kept', () => {
    expect(isDefault({ recurse: false })).toBe(true);
    expect(isDefault({ recurse: false, jsonnet: {}, exclude: '', include: '' })).toBe(true);
    expect(isDefault({ recurse: true })).toBe(false);
    expect(isDefault({ releaseName: 'codecanvas' })).toBe(false);
  });
});

describe('chart repositories Argo CD can pull', () => {
  test.each([
    ['application.chart.repository', 'oci://10.1.2.3:5000/charts'],
    ['application.chart.repository', 'oci://192.168.0.10:443/p/codecanvas/charts'],
  ])('%s %s (an IP address with a port) is refused with the reason', (field, repository) => {
    const issues = checkConfig(withField(exampleConfig(), field, repository)).map(formatIssue);
    expect(issues).toEqual([expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}: .*cannot be pulled by Argo CD: .*invalid chart URL.*DNS name`))]);
  });

  test('a relay or jump chart on an IP with a port is refused where that release is on', () => {
    let raw = withField(exampleConfig(), 'devEnvironmentClusters.0.relay.chart.repository', 'oci://127.0.0.1:5000/charts');
    raw = withField(raw, 'devEnvironmentClusters.0.jump.chart.repository', 'oci://127.0.0.1:5000/charts');
    const fields = checkConfig(raw).map((i) => formatIssue(i).split(':')[0]);
    expect(fields).toEqual(expect.arrayContaining(['devEnvironmentClusters[0].relay.chart.repository', 'devEnvironmentClusters[0].jump.chart.repository']));
    expect(checkConfig(withField(raw, 'devEnvironmentClusters.0.relay.enabled', false)).map((i) => formatIssue(i).split(':')[0])).not.toContain(
      'devEnvironmentClusters[0].relay.chart.repository',
    );
  });

  test.each(['oci://registry.example.com:5000/charts', 'oci://10.1.2.3/charts'])('%s is accepted (a host name with a port, an IP without one)', (repository) => {
    expect(checkConfig(withField(exampleConfig(), 'application.chart.repository', repository))).toEqual([]);
  });

  test('a value that is no OCI URL is the URL rule\'s alone, even with an IP and a port after its start', () => {
    const repository = 'https://oci://10.1.2.3:5000/charts';
    expect(checkConfig(withField(exampleConfig(), 'application.chart.repository', repository)).map(formatIssue)).toEqual([
      `application.chart.repository: is ${JSON.stringify(repository)}; must be an OCI repository URL oci://host[:port]/path: lowercase path segments of letters, digits and . _ - (OCI naming), no trailing "/", no spaces, quotes or shell characters`,
    ]);
  });

  test('a repository that is not text is reported as such alone, even as a list holding an IP with a port', () => {
    expect(checkConfig(withField(exampleConfig(), 'application.chart.repository', ['oci://10.1.2.3:5000/charts'])).map(formatIssue)).toEqual([
      expect.stringMatching(/^application\.chart\.repository: is a list; must be /),
    ]);
  });

  test('Flux and helm pull an IP with a port: the rule is Argo CD\'s only', () => {
    let raw = withField(exampleConfig(), 'application.chart.repository', 'oci://10.1.2.3:5000/charts');
    raw = withField(raw, 'delivery.mode', 'flux');
    expect(checkConfig(raw).map(formatIssue).join('\n')).not.toMatch(/cannot be pulled by Argo CD/);
  });
});

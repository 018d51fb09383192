// What each delivery mode puts in the output for one release: defaults, options, and the install order signals
// (sync waves, dependsOn) a user relies on. Complements constructs.test.ts; each test builds its own chart.
import { Chart, Testing } from 'cdk8s';
import { HelmChart, IHelmRenderer } from '../lib/constructs/helm-chart';
import { ArgoCdRenderer } from '../lib/renderers/argocd-renderer';
import { FluxRenderer, HELM_CHART_LAYER_MEDIA_TYPE } from '../lib/renderers/flux-renderer';
import { helmUpgradeCommand, HelmCliRenderer } from '../lib/renderers/helm-cli-renderer';
import { K3sHelmChartRenderer } from '../lib/renderers/k3s-helm-chart-renderer';
import { applySyncWaves } from '../lib/constructs/sync-wave';
import { InstallStep } from '../lib/constructs/install-step';
import { helmFolder, OutputFile, writesOutputFiles } from '../lib/constructs/output-file';
import { CHART_VERSION_RULE, DNS1123_LABEL_RULE, HELM_RELEASE_NAME_RULE, OCI_URL_RULE } from '../lib/util/rules';
import { testApp, testChart } from './helpers';

const WAVE = 'argocd.argoproj.io/sync-wave';
const coords = { repository: 'oci://registry.example.com/charts', name: 'codecanvas', version: '2025.1.2' };

function render(renderer: IHelmRenderer, extra: Partial<ConstructorParameters<typeof HelmChart>[2]> = {}) {
  const chart = testChart();
  writesOutputFiles(chart); // as the command's writer does: the helm renderer's files are not manifests
  const helm = new HelmChart(chart, 'cc', { chart: coords, releaseName: 'codecanvas', namespace: 'cc-ns', values: { a: { b: 1 } }, renderer, ...extra });
  // A renderer sets no sync wave itself (a library user decides); the installation's applySyncWaves places every
  // object it renders, which is what these tests then see.
  const bare = Testing.synth(chart);
  expect(bare.filter((o) => o.metadata?.annotations?.[WAVE] !== undefined)).toEqual([]);
  expect(applySyncWaves(chart)).toEqual([]);
  return { chart, helm, objects: Testing.synth(chart) };
}

describe('Argo CD', () => {
  test('defaults: namespace argocd, project default, the in-cluster server, automated prune+selfHeal with retry, the resources finalizer', () => {
    const [app] = render(new ArgoCdRenderer()).objects;
    expect(app.metadata).toEqual({ name: 'codecanvas', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'], annotations: { [WAVE]: '1' } });
    expect(app.spec.project).toBe('default');
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'cc-ns' });
    // A failed automated sync (e.g. a hub-managed cluster whose namespace its folder Application has not created yet)
    // is retried with backoff instead of waiting for the next Git revision.
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
      syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'],
    });
    expect(app.spec.source.repoURL).toBe('registry.example.com/charts');
  });

  test('options: project, manual sync, application name', () => {
    const [app] = render(new ArgoCdRenderer({ project: 'platform', automated: false, applicationName: (r) => `dev-${r.releaseName}` })).objects;
    expect(app.metadata.name).toBe('dev-codecanvas');
    expect(app.spec.project).toBe('platform');
    expect(app.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'] });
    expect(app.spec.source.helm.releaseName).toBe('codecanvas');
  });

  test('ignoreDifferences: a lookup-dependent field without a namespace is the release\'s, an explicit one is kept', () => {
    const field = { group: '', kind: 'Secret', name: 'codecanvas-envs', jsonPointers: ['/data/KEY'] };
    const [app] = render(new ArgoCdRenderer(), { lookupDependentFields: [field, { ...field, name: 'other', namespace: 'elsewhere' }] }).objects;
    expect(app.spec.ignoreDifferences).toEqual([
      { ...field, namespace: 'cc-ns' },
      { ...field, name: 'other', namespace: 'elsewhere' },
    ]);
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=false', 'ServerSideApply=true', 'RespectIgnoreDifferences=true']);
  });

  test('hub: the Application goes to the hub chart, the release\'s own chart gets nothing', () => {
    const app = testApp();
    const hub = new Chart(app, 'hub');
    const remote = new Chart(app, 'remote');
    new HelmChart(remote, 'cc', { chart: coords, releaseName: 'codecanvas', namespace: 'cc-ns', renderer: new ArgoCdRenderer({ hub, destinationServer: 'https://remote:6443' }) });
    expect(Testing.synth(remote)).toEqual([]);
    const [obj] = Testing.synth(hub);
    expect(obj).toMatchObject({ kind: 'Application', metadata: { name: 'codecanvas' }, spec: { destination: { server: 'https://remote:6443', namespace: 'cc-ns' } } });
    expect(hub.node.findAll().map((c) => c.node.id)).toContain('Application-codecanvas');
  });
});

describe('Flux', () => {
  test('defaults: 10m interval, 3 retries, the Helm chart layer copied, no dependsOn/valuesFrom when there are none', () => {
    const { objects } = render(new FluxRenderer());
    const source = objects.find((o) => o.kind === 'OCIRepository');
    const release = objects.find((o) => o.kind === 'HelmRelease');
    expect(source.metadata).toEqual({ name: 'codecanvas', namespace: 'cc-ns', annotations: { [WAVE]: '1' } });
    expect(source.spec).toEqual({
      interval: '10m',
      url: 'oci://registry.example.com/charts/codecanvas',
      ref: { tag: '2025.1.2' },
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    });
    expect(HELM_CHART_LAYER_MEDIA_TYPE).toBe('application/vnd.cncf.helm.chart.content.v1.tar+gzip');
    expect(release.metadata.annotations).toEqual({ [WAVE]: '1' });
    expect(release.spec).toEqual({
      interval: '10m',
      releaseName: 'codecanvas',
      chartRef: { kind: 'OCIRepository', name: 'codecanvas', namespace: 'cc-ns' },
      install: { timeout: '15m', remediation: { retries: 3 } },
      upgrade: { timeout: '15m', remediation: { retries: 3, remediateLastFailure: true } },
      values: { a: { b: 1 } },
    });
    // The source is emitted before the release that refers to it.
    expect(objects.map((o) => o.kind)).toEqual(['OCIRepository', 'HelmRelease']);
  });

  test('retries, interval and timeout are configurable', () => {
    const release = render(new FluxRenderer({ retries: 7, interval: '1h', timeout: '30m' })).objects.find((o) => o.kind === 'HelmRelease');
    expect(release.spec.interval).toBe('1h');
    expect(release.spec.install.timeout).toBe('30m');
    expect(release.spec.upgrade.timeout).toBe('30m');
    expect(release.spec.install.remediation.retries).toBe(7);
    expect(release.spec.upgrade.remediation.retries).toBe(7);
  });
});

describe('k3s', () => {
  test('default namespace kube-system, the release namespace is not created, sync wave 1', () => {
    const [hc] = render(new K3sHelmChartRenderer()).objects;
    expect(hc.metadata).toEqual({ name: 'codecanvas', namespace: 'kube-system', annotations: { [WAVE]: '1' } });
    expect(hc.spec).toEqual({ chart: 'oci://registry.example.com/charts/codecanvas', version: '2025.1.2', targetNamespace: 'cc-ns', createNamespace: false, valuesContent: 'a:\n  b: 1\n' });
  });
  test('the HelmChart namespace is configurable', () => {
    expect(render(new K3sHelmChartRenderer({ namespace: 'helm-system' })).objects[0].metadata.namespace).toBe('helm-system');
  });
});

describe('helm command line', () => {
  test('the values file names the release and chart, says how to install, and holds the values', () => {
    const { helm } = render(new HelmCliRenderer());
    const file = helm.node.findAll().find(OutputFile.isOutputFile)!;
    expect(file.path).toBe(`${helmFolder('test')}/codecanvas.values.yaml`);
    expect(file.content).toBe(
      '# Helm values for release codecanvas (codecanvas 2025.1.2), generated by codecanvas-cdk8s.\n' +
        '# Install with ./install.sh in this folder. Do not edit: change the installation config and synth again.\n' +
        'a:\n  b: 1\n',
    );
    const step = helm.node.findAll().find(InstallStep.isInstallStep)!;
    expect(step.comment).toBe('codecanvas 2025.1.2 as release codecanvas in namespace cc-ns');
    expect(step.command).toBe(helmUpgradeCommand(helm, 'codecanvas.values.yaml'));
  });
  // helmUpgradeCommand re-checks every word it writes into install.sh (HelmChart's constructor holds the same
  // grammars): a release that got past it anyway, e.g. built by other code, is refused with the field named.
  describe('a word that breaks its grammar is refused, naming the construct path, field, value and rule', () => {
    const release = (override: Record<string, unknown>) => {
      const { helm } = render(new HelmCliRenderer());
      return Object.create(helm, Object.fromEntries(Object.entries(override).map(([k, v]) => [k, { value: v }]))) as HelmChart<object>;
    };
    const refused = (override: Record<string, unknown>, valuesFile = 'codecanvas.values.yaml') => {
      try {
        helmUpgradeCommand(release(override), valuesFile);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    test.each([
      ['namespace', { namespace: 'cc ns' }, 'cc ns', DNS1123_LABEL_RULE],
      ['releaseName', { releaseName: 'a;b' }, 'a;b', HELM_RELEASE_NAME_RULE],
      ['chart URL', { chart: { ...coords, repository: 'oci://registry.example.com/$(id)' } }, 'oci://registry.example.com/$(id)/codecanvas', OCI_URL_RULE],
      ['chart.version', { chart: { ...coords, version: '1.0 && id' } }, '1.0 && id', CHART_VERSION_RULE],
    ])('%s', (field, override, value, rule) => {
      expect(refused(override)).toBe(`test/cc: ${field} ${JSON.stringify(value)} ${rule}; it is written into install.sh`);
    });
    test.each([['../codecanvas.values.yaml'], ['codecanvas.values.yaml.bak'], ['codecanvas.values.yaml x'], ['-.values.yaml']])('values file %s', (file) => {
      expect(refused({}, file)).toBe(`test/cc: values file ${JSON.stringify(file)} must be <release>.values.yaml; it is written into install.sh`);
    });
    test('a one-letter release gives a valid values file name', () => {
      expect(helmUpgradeCommand(release({ releaseName: 'a' }), 'a.values.yaml')).toContain('-f a.values.yaml \\\n  a \\');
    });
    test('a value that is not a string is refused, not stringified', () => {
      expect(refused({ namespace: ['cc-ns'] })).toBe(`test/cc: namespace ["cc-ns"] ${DNS1123_LABEL_RULE}; it is written into install.sh`);
    });
  });
  test('helmFolder is helm/<cluster>', () => {
    expect(helmFolder('dev-west')).toBe('helm/dev-west');
  });
});

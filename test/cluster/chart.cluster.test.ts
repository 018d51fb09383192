/**
 * The real CodeCanvas chart with the values our HelmChart wrapper generates. When env CODECANVAS_CHART names a
 * packaged chart (`helm pull oci://public.registry.jetbrains.space/p/codecanvas/release-charts/codecanvas`; CI uses
 * the shared RC fixture), it is rendered with `helm template`, and the rendered objects are server-side dry-run
 * against the test API server after our Namespace and Secrets have been applied. Then: the app Deployment loads
 * our Secrets with envFrom, the Ingress hosts are our domains, and the service account carries the Workload
 * Identity annotation. The relay, jump and operator subcharts inside the package are rendered with the values
 * of the dev-environment releases the same way.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigFile, LoadedConfig } from '../../lib/config/load';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { CHART, HELM, hasEnvtestBinaries, run } from './chart-fixture';
import { Cluster, kubernetesVersions, startCluster } from './envtest';
import { cannotRun, describeEachOrCannotRun } from '../proof-gate';

const ROOT = path.resolve(__dirname, '..', '..');

type Doc = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any };

const versions = kubernetesVersions().filter(hasEnvtestBinaries);
const skipReason = !CHART
  ? 'CODECANVAS_CHART is not set: point it at a packaged CodeCanvas chart (.tgz from helm pull) to test against the real chart'
  : !fs.existsSync(CHART)
    ? `CODECANVAS_CHART=${CHART} does not exist`
    : !fs.existsSync(HELM)
      ? 'no helm binary: run bash tools/build.sh'
      : versions.length === 0
        ? 'no envtest binaries: run bash tools/build.sh'
        : undefined;

/** The example delivered with plain helm and env secrets: the values files, and Secrets we can apply without ESO. */
function synthForChart(work: string): { loaded: LoadedConfig; out: string } {
  const example = loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml'));
  const config = {
    ...example.config,
    delivery: { ...example.config.delivery, mode: 'helm' as const },
    secrets: { ...example.config.secrets, source: 'env' as const, allowPlaintextSecrets: true },
  };
  const loaded = { ...example, config };
  const out = path.join(work, 'out');
  writeOutput(out, synthesize(loaded, { env: fakeSecretEnv(config.devEnvironmentClusters.map((c) => c.name)) }).files);
  return { loaded, out };
}

if (skipReason) {
  cannotRun('real chart', skipReason);
} else {
  describeEachOrCannotRun(versions, 'real chart: no envtest binaries: run bash tools/build.sh', (v) => `the real CodeCanvas chart on Kubernetes ${v}`, (version) => {
    let cluster: Cluster;
    let work: string;
    let loaded: LoadedConfig;
    let out: string;
    let chartDir: string;

    const kubectl = (args: string[], what: string) => run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args], what);
    const render = (chart: string, release: string, namespace: string, valuesFile: string): Doc[] => {
      // --dry-run=server lets the chart's lookup() calls see the API server (the operator chart checks that its
      // target namespace exists), so our Namespaces and Secrets are applied before rendering.
      const text = run(
        HELM,
        ['template', release, chart, '-n', namespace, '-f', valuesFile, '--dry-run=server', '--kubeconfig', cluster.kubeconfig],
        `helm template ${release}`,
      );
      fs.writeFileSync(path.join(work, `${release}.rendered.yaml`), text);
      return (yaml.loadAll(text) as Doc[]).filter(Boolean);
    };
    const dryRun = (release: string) =>
      kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', path.join(work, `${release}.rendered.yaml`)], `dry-run of ${release}`);
    const applyOurs = (cluster: string) => {
      for (const f of ['00-namespaces.yaml', '20-secrets.yaml']) {
        const file = path.join(out, cluster, f);
        if (fs.existsSync(file)) kubectl(['apply', '-f', file], `applying ${cluster}/${f}`);
      }
    };

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-cluster-'));
      ({ loaded, out } = synthForChart(work));
      chartDir = path.join(work, 'chart');
      fs.mkdirSync(chartDir);
      run('tar', ['-xzf', CHART!, '-C', chartDir], 'unpacking the chart');
      cluster = await startCluster({ version });
    });

    afterAll(async () => {
      await cluster?.stop();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    test('codecanvas: renders with our values, passes a server-side dry-run, and uses our names', () => {
      const { config } = loaded;
      const values = path.join(out, 'helm', 'application', 'codecanvas.values.yaml');
      applyOurs('application');
      const docs = render(path.join(chartDir, 'codecanvas'), config.application.releaseName, config.namespace, values);
      dryRun(config.application.releaseName);

      const deployment = docs.find((d) => d.kind === 'Deployment' && d.spec.template.spec.containers.some((c: any) => c.envFrom));
      expect(deployment).toBeDefined();
      const envFrom = deployment!.spec.template.spec.containers.flatMap((c: any) => (c.envFrom ?? []).map((e: any) => e.secretRef?.name));
      expect(envFrom).toEqual(expect.arrayContaining([config.database.secretName, config.objectStorage.secretName]));
      expect(deployment!.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
      expect(deployment!.spec.template.spec.serviceAccountName).toBe(config.workloadIdentity.serviceAccountName);
      expect(deployment!.spec.replicas).toBe(config.application.replicas);

      const ingresses = docs.filter((d) => d.kind === 'Ingress');
      const hosts = ingresses.flatMap((i) => i.spec.rules.map((r: any) => r.host)).sort();
      expect(hosts).toEqual([config.domain, `computeservice.${config.domain}`].sort());
      for (const i of ingresses) {
        expect(i.spec.ingressClassName).toBe(config.ingress.className);
        expect(i.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe(config.ingress.clusterIssuer);
      }

      const sa = docs.find((d) => d.kind === 'ServiceAccount' && d.metadata.name === config.workloadIdentity.serviceAccountName);
      expect(sa?.metadata.annotations?.['azure.workload.identity/client-id']).toBe(config.workloadIdentity.clientId);
    });

    test.each([
      ['relay', 'codecanvas-relay'],
      ['jump', 'codecanvas-jump'],
      ['operator', 'codecanvas-operator'],
    ] as const)('%s: the subchart renders with our values and passes a server-side dry-run', (component, chartName) => {
      const subchart = path.join(chartDir, 'codecanvas', 'charts', chartName);
      if (!fs.existsSync(subchart)) {
        console.warn(`${chartName} is not inside ${CHART}; not rendered`);
        return;
      }
      const cluster0 = loaded.config.devEnvironmentClusters[0];
      const release = cluster0[component].releaseName;
      applyOurs(cluster0.name);
      const docs = render(subchart, release, cluster0.systemNamespace, path.join(out, 'helm', cluster0.name, `${release}.values.yaml`));
      dryRun(release);
      const text = JSON.stringify(docs);
      const secretName = { relay: 'codecanvas-relay-secret', jump: 'codecanvas-jump-secret', operator: 'codecanvas-operator-secret' }[component];
      expect(text).toContain(`"${secretName}"`);
      if (component === 'relay') {
        const hosts = docs.filter((d) => d.kind === 'Ingress').flatMap((i) => i.spec.rules.map((r: any) => r.host));
        expect(hosts).toEqual([`gateway.${loaded.config.domain}`]);
      }
    });
  });
}

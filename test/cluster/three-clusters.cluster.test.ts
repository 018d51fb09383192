/**
 * examples/three-clusters.yaml (different ingress class and issuer per cluster, one dev cluster through the hub
 * Argo CD, one declared before its IDs exist) against real API servers, one fresh API server per cluster, as the
 * clusters are separate:
 *   1. synthesized, and every object validated against the Kubernetes and pinned CRD schemas;
 *   2. each cluster folder applied in one pass to its own empty API server (CRDs and the Argo CD namespace only),
 *      so nothing it needs can come from another folder; then the cluster's bootstrap (if it has one);
 *   3. every ClusterIssuer the cluster's relay / application Ingress names exists there afterwards, unless the config
 *      declares it as existing (then it is created first, as the platform team would, and preflight's plan says so);
 *   4. the dangling-reference check of the unit tier agrees (no reference left open).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigFile } from '../../lib/config/load';
import { clusterIngress } from '../../lib/charts/cluster-ingress';
import { writeOutput } from '../../cli/output/write';
import { planCluster } from '../../cli/preflight/cluster-plan';
import { synthesize } from '../../cli/synth';
import { formatProblems, validateManifests } from '../../cli/validate/manifest-schemas';
import { danglingReferences } from '../../cli/validate/references';
import { CHART, HELM, hasEnvtestBinaries } from './chart-fixture';
import { Cluster, kubectl as runKubectl, kubernetesVersions, ok, startCluster } from './envtest';
import { cannotRun, describeOrCannotRun } from '../proof-gate';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(ROOT, 'examples', 'three-clusters.yaml');

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kubectl that must succeed: its stdout. */
function kubectl(cluster: Cluster, args: string[], input?: string): string {
  return ok(runKubectl(cluster, args, input), `kubectl ${args.join(' ')}`);
}

const version = kubernetesVersions().find(hasEnvtestBinaries);
if (!version) cannotRun('three clusters on their own API servers', 'no envtest binaries: run `bash tools/build.sh` (or set KUBEBUILDER_ASSETS)');

const loaded = loadConfigFile(CONFIG);
const result = synthesize(loaded);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'three-clusters-'));
writeOutput(outdir, result.files);
const docs = (rel: string): Obj[] =>
  result.files.filter((f) => f.path.startsWith(`${rel}/`) && f.path.split('/').length === rel.split('/').length + 1).flatMap((f) => yaml.loadAll(f.content) as Obj[]);

test('synthesized with one warning per release left out, and every object validates', () => {
  expect(result.warnings).toHaveLength(2);
  const all = result.files.filter((f) => f.path.endsWith('.yaml') && !f.path.startsWith('bootstrap/kustomize/')).flatMap((f) => yaml.loadAll(f.content));
  expect(formatProblems(validateManifests(all))).toBe('');
  expect(danglingReferences(result.files, loaded.config)).toEqual([]);
});

const clusters = ['application', 'dev-westeurope', 'dev-eastus'];
const bootstrapOf: Record<string, string | undefined> = { application: 'bootstrap/argocd/application', 'dev-westeurope': 'bootstrap/argocd/dev-westeurope' };

if (version) describe.each(clusters)('%s on its own API server', (name) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ version: version! });
    for (const file of fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml')).sort()) {
      spawnSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'create', '--validate=false', '-f', path.join(ROOT, 'crds', file)], { encoding: 'utf8' });
    }
    kubectl(cluster, ['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    kubectl(cluster, ['create', 'namespace', 'argocd']);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  test('its folder applies in one pass, re-applies unchanged, and every issuer its Ingresses name is there', () => {
    const ingress = clusterIngress(loaded.config, name);
    if (!ingress.letsEncrypt) {
      // declared as existing: the platform team's issuer, which preflight checks instead of our output creating it
      expect(planCluster(loaded.config, name).ingress).toMatchObject({ clusterIssuer: ingress.clusterIssuer, issuerInOutput: false });
      kubectl(cluster, ['create', '-f', '-'], yaml.dump({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: ingress.clusterIssuer }, spec: { selfSigned: {} } }));
    }
    const dir = path.join(outdir, name);
    const expected = docs(name);
    const first = kubectl(cluster, ['apply', '--validate=strict', '-f', dir]);
    expect(first.trim().split('\n')).toHaveLength(expected.length);
    const second = kubectl(cluster, ['apply', '--validate=strict', '-f', dir]);
    expect(second.trim().split('\n').filter((l) => !l.endsWith(' unchanged'))).toEqual([]);

    // Every ClusterIssuer named by the values of an Application that deploys to THIS cluster is on this API server.
    const server = loaded.config.devEnvironmentClusters.find((c) => c.name === name)?.argocdDestinationServer;
    const hubServers = new Set(loaded.config.devEnvironmentClusters.map((c) => c.argocdDestinationServer).filter(Boolean));
    const apps = server
      ? docs('application').filter((o) => o.kind === 'Application' && o.spec.destination.server === server)
      : docs(name).filter((o) => o.kind === 'Application' && !hubServers.has(o.spec.destination.server));
    const named = new Set<string>(
      apps.map((o) => o.spec.source.helm?.valuesObject?.application?.ingress?.annotations?.['cert-manager.io/cluster-issuer']).filter(Boolean),
    );
    expect([...named]).toEqual(name === 'application' ? ['letsencrypt-prod'] : name === 'dev-westeurope' ? ['letsencrypt-staging'] : ['platform-issuer']);
    for (const issuer of named) expect(kubectl(cluster, ['get', 'clusterissuer', issuer, '-o', 'name']).trim()).toBe(`clusterissuer.cert-manager.io/${issuer}`);
  });

  test('its GitOps bootstrap applies (the one command a user runs by hand)', () => {
    const rel = bootstrapOf[name];
    if (!rel) {
      // dev-eastus is synced by the hub: its folder's Application is in the application cluster's bootstrap
      const hub = docs('bootstrap/argocd/application');
      expect(hub.map((o) => o.metadata.name)).toContain('codecanvas-dev-eastus');
      return;
    }
    const expected = docs(rel);
    const out = kubectl(cluster, ['apply', '--validate=strict', '-f', path.join(outdir, rel)]);
    expect(out.trim().split('\n')).toHaveLength(expected.length);
    const live = JSON.parse(kubectl(cluster, ['get', '-n', 'argocd', 'applications.argoproj.io', '-o', 'json'])) as { items: Obj[] };
    for (const o of expected) {
      const got = live.items.find((x) => x.metadata.name === o.metadata.name)!;
      expect(got.spec.source).toEqual(o.spec.source);
      expect(got.spec.destination).toEqual(o.spec.destination);
    }
  });
});

// The jump server's SSH exposure through the real jump chart: the Service our endpoint names, with the type,
// annotations and port the config asks for. Needs CODECANVAS_CHART (a packaged CodeCanvas chart) and helm.
const chartReady = !!CHART && fs.existsSync(CHART) && fs.existsSync(HELM);

describeOrCannotRun(chartReady ? undefined : 'needs CODECANVAS_CHART (a packaged CodeCanvas chart) and helm (bash tools/build.sh)', 'jump SSH exposure in the real jump chart', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jump-chart-'));
  beforeAll(() => {
    const r = spawnSync('tar', ['-xzf', CHART!, '-C', work], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  });

  test.each([
    ['dev-westeurope (internal LoadBalancer + ExternalDNS name)', 0],
    ['dev-eastus (NodePort, the default)', 1],
  ])('%s', (_label, index) => {
    const { jumpSshEndpoint } = require('../../lib/charts/dev-environment-cluster-chart');
    const c = loaded.config.devEnvironmentClusters[index];
    // The values our output carries for this release (also for dev-eastus, whose jump is left out until its ID is set).
    const withId = { ...loaded, config: { ...loaded.config, devEnvironmentClusters: loaded.config.devEnvironmentClusters.map((d, i) => (i === index ? { ...d, jump: { ...d.jump, instanceId: 'test-id' } } : d)) } };
    const files = synthesize(withId).files;
    const apps = files.filter((f) => f.path.endsWith('30-releases.yaml')).flatMap((f) => yaml.loadAll(f.content) as Obj[]);
    const app = apps.find((o) => o.kind === 'Application' && o.metadata.name === `${c.name}-codecanvas-jump`)!;
    const valuesFile = path.join(work, `${c.name}.values.yaml`);
    fs.writeFileSync(valuesFile, yaml.dump(app.spec.source.helm.valuesObject));
    const r = spawnSync(HELM, ['template', c.jump.releaseName, path.join(work, 'codecanvas', 'charts', 'codecanvas-jump'), '-n', c.systemNamespace, '-f', valuesFile], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const endpoint = jumpSshEndpoint(c);
    const svc = (yaml.loadAll(r.stdout) as Obj[]).find((d) => d?.kind === 'Service' && d.metadata.name === endpoint.serviceName)!;
    expect(svc).toBeDefined();
    expect(svc.spec.type).toBe(endpoint.type);
    expect(svc.spec.ports[0].port).toBe(63101);
    if (index === 0) {
      expect(svc.metadata.annotations).toMatchObject({
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'external-dns.alpha.kubernetes.io/hostname': 'ssh-westeurope.canvas.example.net',
      });
      expect(endpoint.address).toBe('ssh-westeurope.canvas.example.net:63101');
    }
  });
});

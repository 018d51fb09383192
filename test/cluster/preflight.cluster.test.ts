/**
 * `preflight` against a real kube-apiserver (test/cluster/envtest.ts): first the failures of an empty cluster,
 * then the same run after creating every object it looks for (Nodes with allocatable resources, IngressClass,
 * CRDs from crds/, ClusterIssuer, CSIDriver, Workload Identity webhook, namespaces, the Sealed Secrets Service and a
 * stand-in controller that serves a certificate through the API server's service proxy, the Key Vault reader's
 * ServiceAccount).
 *
 * preflight runs as a child process, the way users run it: @kubernetes/client-node v1 is an ES module that Node
 * loads through require() but Jest's module system cannot, so the command is bundled with esbuild (like
 * scripts/run-ts.js does) and run by plain Node.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { assetsFor, Cluster, kubernetesVersions, startCluster } from './envtest';
import { cannotRun } from '../proof-gate';
import { loadConfigFile } from '../../lib/config/load';
import { planCluster } from '../../cli/preflight/cluster-plan';

const ROOT = path.resolve(__dirname, '..', '..');
const CONTEXT = 'codecanvas-preflight';
const SEALED_FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'sealed-secrets');

/** An IPv4 address of this host that is not loopback (the API server refuses to proxy to loopback). */
function hostAddress(): string {
  const found = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('no non-loopback IPv4 address on this host for the stand-in controller');
  return found.address;
}

interface Result {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'warn';
  detail: string;
  fix?: string;
}
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json?: { results: Result[]; summary: { pass: number; fail: number; warn: number }; context: string; server: string };
}

const missingBinaries = (assets: string) => ['etcd', 'kube-apiserver', 'kubectl'].filter((b) => !fs.existsSync(path.join(assets, b)));

// ---- the command as a child process -------------------------------------------------------------------------------

let work: string;
let driver: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-cluster-'));
  const bundle = path.join(work, 'preflight-command.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'cli', 'preflight-command.ts')],
    outfile: bundle,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  driver = path.join(work, 'preflight.js');
  fs.writeFileSync(
    driver,
    `const { runPreflightCommand } = require(${JSON.stringify(bundle)});
runPreflightCommand(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env, cwd: process.cwd() })
  .then((code) => { process.exitCode = code; }, (e) => { process.stderr.write('internal error: ' + (e && e.stack || e) + '\\n'); process.exitCode = 70; });
`,
  );
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function preflight(args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [driver, ...args],
      // The bundle lives in a temp dir: NODE_PATH lets it find the project's node_modules.
      { cwd: work, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), KUBECONFIG: '' }, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number | null) ?? null : 0;
        let json: Run['json'];
        if (args.includes('--json') && stdout.trim().startsWith('{')) json = JSON.parse(stdout);
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr, json });
      },
    );
  });
}

const byId = (run: Run): Record<string, Result> => Object.fromEntries((run.json?.results ?? []).map((r) => [r.id, r]));
const statuses = (run: Run): Record<string, string> => Object.fromEntries((run.json?.results ?? []).map((r) => [r.id, r.status]));
const notPassing = (run: Run) => (run.json?.results ?? []).filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.id}: ${r.detail}`);

// ---- configs ------------------------------------------------------------------------------------------------------

function writeConfig(name: string, mutate: (raw: Record<string, any>) => void = () => undefined, from = 'aks.yaml'): string {
  const raw = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', from), 'utf8')) as Record<string, any>;
  mutate(raw);
  const file = path.join(work, name);
  fs.writeFileSync(file, yaml.dump(raw));
  return file;
}

// ---- the suites, one per Kubernetes version built ------------------------------------------------------------------

const versions = kubernetesVersions();
const ready = versions.filter((v) => missingBinaries(assetsFor(v)).length === 0);

if (ready.length === 0) {
  // eslint-disable-next-line no-console
  console.warn(
    `preflight cluster tests skipped: no Kubernetes version has etcd, kube-apiserver and kubectl under ` +
      `${versions.length ? path.dirname(assetsFor(versions[0])) : '.cache/assets'} ` +
      `(pinned: ${versions.join(', ') || 'none'}); build them with \`bash tools/build.sh\` (see tools/README.md)`,
  );
  cannotRun('preflight against a real API server', 'binaries missing: run `bash tools/build.sh`');
}
for (const v of versions.filter((x) => !ready.includes(x))) {
  cannotRun(`preflight against Kubernetes ${v}`, `missing ${missingBinaries(assetsFor(v)).join(', ')} in ${assetsFor(v)}; run \`bash tools/build.sh ${v}\``);
}

for (const version of ready) describe(`preflight against kube-apiserver ${version}`, () => {
  let cluster: Cluster;
  let kubeconfig: string;
  let aksConfig: string;

  const kubectl = (args: string[], input?: string): string =>
    execFileSync(cluster.kubectl, ['--kubeconfig', kubeconfig, '--context', CONTEXT, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const apply = (objects: object[]) => kubectl(['apply', '--server-side', '--field-manager=preflight-test', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
  // `create`, not a server-side apply: newer CRDs carry fields older API servers do not know (ESO 2.x has
  // selectableFields, Kubernetes 1.30+), which server-side apply rejects and `--validate=ignore` lets the server drop.
  const applyCrdFiles = (files: string[]) => {
    kubectl(['create', '--validate=ignore', ...files.flatMap((f) => ['-f', path.join(ROOT, 'crds', f)])]);
  };
  const waitEstablished = (names: string[]) => kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names.map((n) => `crd/${n}`)]);
  const patchStatus = (resource: string, status: object) =>
    kubectl(['patch', resource, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  const run = (config: string, ...more: string[]) => preflight(['--config', config, '--kubeconfig', kubeconfig, '--context', CONTEXT, '--json', ...more]);

  beforeAll(async () => {
    cluster = await startCluster({ version });
    // A kubeconfig with our context next to an unusable current-context: --context must select ours.
    const base = JSON.parse(fs.readFileSync(cluster.kubeconfig, 'utf8'));
    kubeconfig = path.join(work, `kubeconfig-${version}`);
    fs.writeFileSync(
      kubeconfig,
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [...base.clusters, { name: 'elsewhere', cluster: { server: 'https://127.0.0.1:1' } }],
        users: base.users,
        contexts: [
          { name: CONTEXT, context: { cluster: base.clusters[0].name, user: base.users[0].name } },
          { name: 'elsewhere', context: { cluster: 'elsewhere', user: base.users[0].name } },
        ],
        'current-context': 'elsewhere',
      }),
      { mode: 0o600 },
    );
    aksConfig = writeConfig(`aks-${version}.yaml`);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('an empty cluster: fails with a fix for each missing piece', async () => {
    const r = await run(aksConfig);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.json!.context).toBe(CONTEXT);
    expect(r.json!.server).toBe(cluster.server);
    expect(statuses(r)).toEqual({
      'one-folder-per-api-server': 'pass', // no context of the kubeconfig is named after another output folder
      'kubernetes-version': 'pass',
      nodes: 'fail',
      'ingress-class': 'fail',
      'cert-manager-crds': 'fail',
      'cluster-issuer': 'pass', // not there, but the output creates it (ingress.letsEncrypt)
      'workload-identity-webhook': 'warn',
      'namespace:codecanvas': 'pass',
      'argocd-crd': 'fail',
      'argocd-namespace': 'fail',
      'argocd-project': 'fail',
      'external-secrets-crds': 'fail',
      'key-vault-reader:codecanvas/codecanvas-key-vault-reader': 'pass', // not there; the output creates it
      'secret:codecanvas/codecanvas-db-secret-ext': 'pass',
      'secret:codecanvas/codecanvas-objectstorage-secret-ext': 'pass',
    });
    const results = byId(r);
    expect(results['kubernetes-version'].detail).toBe(`v${version} (>= 1.29)`);
    expect(results.nodes.detail).toContain('0 of 0 nodes');
    expect(results['cert-manager-crds'].detail).toBe('missing clusterissuers.cert-manager.io, certificates.cert-manager.io');
    for (const res of r.json!.results.filter((x) => x.status !== 'pass')) expect(res.fix).toBeTruthy();

    // The same run as text: one line per check, fix lines, a summary.
    const text = await preflight(['--config', aksConfig, '--kubeconfig', kubeconfig, '--context', CONTEXT]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`preflight: cluster application of ${aksConfig}, context ${CONTEXT} (${cluster.server})`);
    expect(text.stdout).toContain(`PASS  Kubernetes version — v${version} (>= 1.29)`);
    expect(text.stdout).toMatch(/\nFAIL  IngressClass nginx — IngressClass nginx not found; the cluster has no IngressClass\n      fix: Install an ingress controller/);
    expect(text.stdout).toMatch(/\n7 checks passed, 7 failed, 1 warning\n$/);
  });

  it('a dev-environment cluster: the CSI driver and snapshot CRDs are missing', async () => {
    const r = await run(aksConfig, '--cluster', 'dev-westeurope');
    expect(r.code).toBe(1);
    // The dev cluster's own output creates its Let's Encrypt issuer (per-cluster ingress settings), so that check passes.
    expect(statuses(r)).toMatchObject({ nodes: 'warn', 'azure-disk-csi-driver': 'fail', 'snapshot-crds': 'fail', 'cluster-issuer': 'pass' });
    expect(byId(r)['cluster-issuer'].detail).toContain('our output creates it');
    expect(byId(r)['azure-disk-csi-driver'].fix).toContain('--enable-disk-driver');
  });

  it('after creating what it looks for, every check of the application cluster passes', async () => {
    // Nodes: four Linux x86_64 nodes with 8 CPU / 32 GiB (allocatable 7820m / 28 GiB), one arm64 node that does not count.
    const nodes = ['aks-app-0', 'aks-app-1', 'aks-app-2', 'aks-app-3', 'aks-arm-0'];
    apply(
      nodes.map((name) => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': name.includes('arm') ? 'arm64' : 'amd64' } },
      })),
    );
    for (const name of nodes) {
      patchStatus(`node/${name}`, {
        capacity: { cpu: '8', memory: '32879748Ki', pods: '110' },
        allocatable: { cpu: '7820m', memory: '28Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }],
      });
      // The API server taints new Nodes not-ready; the node lifecycle controller (not running here) lifts it.
      kubectl(['taint', 'nodes', name, 'node.kubernetes.io/not-ready:NoSchedule-']);
    }
    apply([{ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }]);

    // cert-manager: the pinned ClusterIssuer CRD and a minimal Certificate CRD (not in crds/: our output has no Certificate).
    applyCrdFiles(['cert-manager.io_clusterissuers.yaml']);
    apply([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'certificates.cert-manager.io' },
        spec: {
          group: 'cert-manager.io',
          scope: 'Namespaced',
          names: { kind: 'Certificate', listKind: 'CertificateList', plural: 'certificates', singular: 'certificate' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      },
    ]);
    applyCrdFiles([
      'external-secrets.io_externalsecrets.yaml',
      'external-secrets.io_secretstores.yaml',
      'external-secrets.io_clustersecretstores.yaml',
      'argoproj.io_applications.yaml',
    ]);
    waitEstablished([
      'clusterissuers.cert-manager.io',
      'certificates.cert-manager.io',
      'externalsecrets.external-secrets.io',
      'secretstores.external-secrets.io',
      'applications.argoproj.io',
    ]);
    // Argo CD's AppProject: a minimal CRD (not in crds/: our output has no AppProject) and the default project.
    apply([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'appprojects.argoproj.io' },
        spec: {
          group: 'argoproj.io',
          scope: 'Namespaced',
          names: { kind: 'AppProject', listKind: 'AppProjectList', plural: 'appprojects', singular: 'appproject' },
          versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      },
    ]);
    waitEstablished(['appprojects.argoproj.io']);
    apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'codecanvas' } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'default', namespace: 'argocd' },
        spec: { destinations: [{ server: '*', namespace: '*' }], sourceRepos: ['*'] },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata: { name: 'azure-wi-webhook-mutating-webhook-configuration' },
        webhooks: [
          {
            name: 'mutation.azure-workload-identity.io',
            admissionReviewVersions: ['v1', 'v1beta1'],
            clientConfig: { service: { name: 'azure-wi-webhook-webhook-service', namespace: 'azure-workload-identity-system', path: '/mutate-v1-pod' } },
            failurePolicy: 'Ignore',
            matchPolicy: 'Equivalent',
            objectSelector: { matchLabels: { 'azure.workload.identity/use': 'true' } },
            rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
            sideEffects: 'None',
          },
        ],
      },
    ]);

    const r = await run(aksConfig);
    expect(notPassing(r)).toEqual([]);
    expect(r.code).toBe(0);
    const results = byId(r);
    expect(results.nodes.detail).toBe(
      '4 of 5 nodes are schedulable Linux x86_64 with >= 4 CPU / 8.0 GiB allocatable (need 4); not counted: aks-arm-0 (linux/arm64)',
    );
    expect(results['namespace:codecanvas'].detail).toBe('exists');
    expect(results['cluster-issuer'].detail).toContain('our output creates it');
    expect(results['external-secrets-crds'].detail).toBe('externalsecrets.external-secrets.io (v1), secretstores.external-secrets.io (v1) installed');
  });

  it('the ClusterIssuer: not Ready is a warning, Ready passes', async () => {
    apply([
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: 'letsencrypt-prod' },
        spec: {
          acme: {
            server: 'https://acme-v02.api.letsencrypt.org/directory',
            email: 'platform-team@example.com',
            privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
            solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
          },
        },
      },
    ]);
    let r = await run(aksConfig);
    expect(byId(r)['cluster-issuer']).toMatchObject({ status: 'warn', detail: 'ClusterIssuer letsencrypt-prod exists but is not Ready: no Ready condition yet' });
    expect(r.code).toBe(0); // warnings do not fail the run

    patchStatus('clusterissuer/letsencrypt-prod', {
      conditions: [{ type: 'Ready', status: 'True', reason: 'ACMEAccountRegistered', message: 'The ACME account was registered', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    });
    r = await run(aksConfig);
    expect(byId(r)['cluster-issuer']).toMatchObject({ status: 'pass', detail: 'ClusterIssuer letsencrypt-prod exists and is Ready (our output updates it)' });
    expect(r.code).toBe(0);
  });

  it('Argo CD: a project that does not allow our repository fails; a hub-managed dev cluster must be registered', async () => {
    apply([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'platform', namespace: 'argocd' },
        spec: { destinations: [{ server: '*', namespace: '*' }], sourceRepos: ['github.com/acme/*'] },
      },
    ]);
    const config = writeConfig(`hub-${version}.yaml`, (raw) => {
      raw.delivery = { mode: 'argocd', argocd: { project: 'platform' } };
      raw.devEnvironmentClusters[0].argocdDestinationServer = 'https://dev-westeurope.example.com:443';
    });
    let r = await run(config);
    expect(statuses(r)).toMatchObject({ 'argocd-project': 'fail', 'argocd-clusters': 'fail' });
    expect(byId(r)['argocd-project'].fix).toContain('argocd proj add-source platform public.registry.jetbrains.space/p/codecanvas/release-charts');
    expect(byId(r)['argocd-clusters'].fix).toContain('--name dev-westeurope');
    apply([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'platform', namespace: 'argocd' },
        spec: { destinations: [{ server: '*', namespace: '*' }], sourceRepos: ['public.registry.jetbrains.space/*'] },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'cluster-dev-westeurope', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
        stringData: { name: 'dev-westeurope', server: 'https://dev-westeurope.example.com:443', config: '{"bearerToken":"secret-token-never-read"}' },
      },
    ]);
    r = await run(config);
    expect(statuses(r)).toMatchObject({ 'argocd-project': 'pass', 'argocd-clusters': 'pass' });
    expect(r.stdout).not.toContain('secret-token-never-read');
  });

  it("the Key Vault reader ServiceAccount must carry the cluster's client ID", async () => {
    const [reader] = planCluster(loadConfigFile(aksConfig).config).externalSecrets!.readers;
    const at = `key-vault-reader:${reader.namespace}/${reader.name}`;
    kubectl(['create', 'serviceaccount', '-n', reader.namespace, reader.name]);
    kubectl(['annotate', 'serviceaccount', '-n', reader.namespace, reader.name, 'azure.workload.identity/client-id=00000000-0000-4000-8000-000000000000']);
    let r = await run(aksConfig);
    expect(byId(r)[at]).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        `cluster application: ServiceAccount ${reader.namespace}/${reader.name} is annotated azure.workload.identity/client-id 00000000-0000-4000-8000-000000000000, but ${reader.clientIdField} is ${reader.clientId}`,
      ),
    });
    expect(r.code).toBe(1);
    kubectl(['annotate', '--overwrite', 'serviceaccount', '-n', reader.namespace, reader.name, `azure.workload.identity/client-id=${reader.clientId}`]);
    r = await run(aksConfig);
    expect(byId(r)[at].status).toBe('pass');
    expect(r.code).toBe(0);
  });

  it('a Secret made by hand where an ExternalSecret will write is a warning', async () => {
    kubectl(['create', 'secret', 'generic', 'codecanvas-db-secret-ext', '-n', 'codecanvas', '--from-literal=DB_PASSWORD=by-hand']);
    const r = await run(aksConfig);
    expect(byId(r)['secret:codecanvas/codecanvas-db-secret-ext']).toMatchObject({ status: 'warn' });
    expect(byId(r)['secret:codecanvas/codecanvas-db-secret-ext'].fix).toContain('kubectl get secret -n codecanvas codecanvas-db-secret-ext -o yaml');
    expect(r.code).toBe(0);
    kubectl(['delete', 'secret', 'codecanvas-db-secret-ext', '-n', 'codecanvas']);
  });

  it('after creating the CSI driver and snapshot CRDs, every check of the dev-environment cluster passes', async () => {
    apply([{ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'disk.csi.azure.com' }, spec: { attachRequired: true, podInfoOnMount: false } }]);
    applyCrdFiles([
      'snapshot.storage.k8s.io_volumesnapshotclasses.yaml',
      'snapshot.storage.k8s.io_volumesnapshots.yaml',
      'snapshot.storage.k8s.io_volumesnapshotcontents.yaml',
    ]);
    waitEstablished(['volumesnapshotclasses.snapshot.storage.k8s.io', 'volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io']);
    const r = await run(aksConfig, '--cluster', 'dev-westeurope');
    expect(notPassing(r)).toEqual([]);
    expect(r.code).toBe(0);
    expect(Object.keys(statuses(r))).toEqual(expect.arrayContaining(['azure-disk-csi-driver', 'snapshot-crds', 'namespace:codecanvas-system', 'secret:codecanvas-system/codecanvas-operator-secret']));
  });

  it('Flux + Sealed Secrets: their CRDs, the controller Service and its certificate per cluster, an existing ClusterIssuer', async () => {
    // Two committed test certificates: the application cluster's, and the dev cluster's own controller's.
    const config = writeConfig(`flux-sealed-${version}.yaml`, (raw) => {
      raw.secrets.sealedSecrets.certificateFile = path.join(SEALED_FIXTURES, 'tls.crt');
      raw.devEnvironmentClusters[0].sealedSecrets = { certificateFile: path.join(SEALED_FIXTURES, 'second.crt') };
    }, 'flux-sealed-secrets.yaml');
    let r = await run(config);
    expect(r.code).toBe(1);
    expect(statuses(r)).toMatchObject({
      'ingress-class': 'fail', // webapprouting.kubernetes.azure.com
      'cluster-issuer': 'pass', // letsencrypt-prod exists (created above)
      'flux-crds': 'fail',
      'sealed-secrets-crd': 'fail',
      'sealed-secrets-controller': 'fail',
    });
    expect(byId(r)['ingress-class'].fix).toContain('set ingress.className to one of: nginx');

    apply([
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'webapprouting.kubernetes.azure.com' }, spec: { controller: 'webapprouting.kubernetes.azure.com/nginx' } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'sealed-secrets-controller', namespace: 'kube-system' },
        spec: { selector: { 'app.kubernetes.io/name': 'sealed-secrets' }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] },
      },
    ]);
    applyCrdFiles(['helm.toolkit.fluxcd.io_helmreleases.yaml', 'source.toolkit.fluxcd.io_ocirepositories.yaml', 'bitnami.com_sealedsecrets.yaml']);
    waitEstablished(['helmreleases.helm.toolkit.fluxcd.io', 'ocirepositories.source.toolkit.fluxcd.io', 'sealedsecrets.bitnami.com']);
    // A hand-made Secret the Sealed Secrets controller would refuse to overwrite, until annotated.
    kubectl(['create', 'secret', 'generic', 'codecanvas-chart-values', '-n', 'codecanvas', '--from-literal=masterSecret=by-hand']);
    r = await run(config);
    expect(notPassing(r)).toEqual([
      // The Service has no endpoint yet: nothing answers at /v1/cert.pem (older API servers: 404, no Endpoints object).
      expect.stringMatching(/^fail sealed-secrets-certificate: could not check: GET namespaces\/kube-system\/services\/http:sealed-secrets-controller:http\/proxy\/v1\/cert\.pem(: not found \(HTTP 404\)| failed with HTTP 503)/),
      expect.stringMatching(/^fail secret:codecanvas\/codecanvas-chart-values: exists and is not managed by a SealedSecret/),
    ]);
    kubectl(['annotate', 'secret', '-n', 'codecanvas', 'codecanvas-chart-values', 'sealedsecrets.bitnami.com/managed=true']);

    // The controller: a stand-in that serves a certificate at /v1/cert.pem as the controller does, reached through
    // the API server's service proxy (the Service's endpoint is this host's address: the API server does not proxy
    // to loopback addresses).
    let served = fs.readFileSync(path.join(SEALED_FIXTURES, 'tls.crt'), 'utf8');
    const server = http.createServer((req, res) => {
      if (req.url !== '/v1/cert.pem') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const ip = hostAddress();
      // The API server proxies only to an address that belongs to a Pod (targetRef, and the Pod's IP): a stand-in
      // Pod (nothing runs it here) whose status carries this host's address.
      const pod = { kind: 'Pod', name: 'sealed-secrets-stand-in', namespace: 'kube-system' };
      apply([
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: pod.name, namespace: pod.namespace, labels: { 'app.kubernetes.io/name': 'sealed-secrets' } },
          spec: { automountServiceAccountToken: false, containers: [{ name: 'controller', image: 'stand-in' }] },
        },
      ]);
      kubectl(['patch', 'pod', pod.name, '-n', pod.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { podIP: ip, podIPs: [{ ip }] } })]);
      apply([
        { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'sealed-secrets-controller', namespace: 'kube-system' }, subsets: [{ addresses: [{ ip, targetRef: pod }], ports: [{ name: 'http', port }] }] },
        {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { name: 'sealed-secrets-controller-test', namespace: 'kube-system', labels: { 'kubernetes.io/service-name': 'sealed-secrets-controller' } },
          addressType: 'IPv4',
          endpoints: [{ addresses: [ip], conditions: { ready: true }, targetRef: pod }],
          ports: [{ name: 'http', port, protocol: 'TCP' }],
        },
      ]);

      r = await run(config);
      expect(notPassing(r)).toEqual([]);
      expect(byId(r)['sealed-secrets-certificate'].detail).toMatch(/^cluster application: secrets\.sealedSecrets\.certificateFile \(.*tls\.crt\) has the public key the controller kube-system\/sealed-secrets-controller serves/);
      expect(r.code).toBe(0);
      // The dev cluster is sealed with its own certificate, which this controller does not serve.
      r = await run(config, '--cluster', 'dev-northeurope');
      expect(notPassing(r)).toEqual([
        expect.stringMatching(/^fail sealed-secrets-certificate: cluster dev-northeurope: devEnvironmentClusters\[0\]\.sealedSecrets\.certificateFile \(.*second\.crt\) holds a different public key/),
      ]);
      served = fs.readFileSync(path.join(SEALED_FIXTURES, 'second.crt'), 'utf8');
      r = await run(config, '--cluster', 'dev-northeurope');
      expect(notPassing(r)).toEqual([]);
      expect(statuses(r)).toMatchObject({ 'flux-crds': 'pass', 'sealed-secrets-crd': 'pass', 'sealed-secrets-certificate': 'pass', 'secret:codecanvas-system/codecanvas-relay-secret': 'pass' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('k3s delivery: the HelmChart CRD', async () => {
    const config = writeConfig(`k3s-${version}.yaml`, (raw) => (raw.delivery = { mode: 'k3s' }));
    let r = await run(config);
    expect(byId(r)['k3s-helmchart-crd']).toMatchObject({ status: 'fail', detail: 'missing helmcharts.helm.cattle.io' });
    // The pinned k3s CRD's CEL rules use optional oldSelf (Kubernetes 1.30+); preflight only needs the CRD to
    // exist and serve v1, so it is created without its x-kubernetes-validations.
    const crd = yaml.load(fs.readFileSync(path.join(ROOT, 'crds', 'helm.cattle.io_helmcharts.yaml'), 'utf8'));
    const stripCel = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(stripCel)
        : x && typeof x === 'object'
          ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'x-kubernetes-validations').map(([k, v]) => [k, stripCel(v)]))
          : x;
    kubectl(['create', '-f', '-'], JSON.stringify(stripCel(crd)));
    waitEstablished(['helmcharts.helm.cattle.io']);
    r = await run(config);
    expect(notPassing(r)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('an old External Secrets Operator (only v1beta1 served) fails', async () => {
    // Flip the served versions of the ExternalSecret CRD as ESO < 0.17 had them.
    const crd = JSON.parse(kubectl(['get', 'crd', 'externalsecrets.external-secrets.io', '-o', 'json']));
    const versions = crd.spec.versions.map((v: { name: string }) => ({ ...v, served: v.name === 'v1beta1', storage: v.name === 'v1beta1' }));
    kubectl(['patch', 'crd', 'externalsecrets.external-secrets.io', '--type=merge', '-p', JSON.stringify({ spec: { versions } })]);
    try {
      const r = await run(aksConfig);
      expect(byId(r)['external-secrets-crds']).toMatchObject({
        status: 'fail',
        detail: 'externalsecrets.external-secrets.io serves v1beta1 but our output uses v1',
      });
      expect(r.code).toBe(1);
    } finally {
      kubectl(['patch', 'crd', 'externalsecrets.external-secrets.io', '--type=merge', '-p', JSON.stringify({ spec: { versions: crd.spec.versions } })]);
    }
  });

  it('a user without read access: each check fails with the HTTP 403, the run does not crash', async () => {
    kubectl(['create', 'serviceaccount', 'nobody', '-n', 'default']);
    const token = kubectl(['create', 'token', 'nobody', '-n', 'default', '--duration=1h']).trim();
    const base = yaml.load(fs.readFileSync(kubeconfig, 'utf8')) as Record<string, any>;
    const limited = path.join(work, `kubeconfig-nobody-${version}`);
    base.users = [...base.users, { name: 'nobody', user: { token } }];
    base.contexts = [...base.contexts, { name: 'nobody', context: { cluster: base.contexts[0].context.cluster, user: 'nobody' } }];
    fs.writeFileSync(limited, yaml.dump(base), { mode: 0o600 });
    const r = await preflight(['--config', aksConfig, '--kubeconfig', limited, '--context', 'nobody', '--json']);
    expect(r.code).toBe(1);
    expect(byId(r)['kubernetes-version'].status).toBe('pass'); // /version is public to authenticated users
    expect(byId(r).nodes).toMatchObject({ status: 'fail' });
    expect(byId(r).nodes.detail).toMatch(/^could not check: GET nodes failed with HTTP 403: the user of context nobody may not read it \(nodes is forbidden/);
    expect(byId(r).nodes.fix).toContain('kubectl auth can-i');
  });

  it('two output folders whose contexts reach this one API server: the one-folder-per-server check fails', async () => {
    const base = yaml.load(fs.readFileSync(kubeconfig, 'utf8')) as Record<string, any>;
    const shared = path.join(work, `kubeconfig-shared-${version}`);
    const ours = base.contexts[0].context;
    base.contexts = [...base.contexts, { name: 'application', context: ours }, { name: 'dev-westeurope', context: ours }];
    fs.writeFileSync(shared, yaml.dump(base), { mode: 0o600 });
    const r = await preflight(['--config', aksConfig, '--kubeconfig', shared, '--context', 'dev-westeurope', '--cluster', 'dev-westeurope', '--json']);
    expect(r.code).toBe(1);
    expect(byId(r)['one-folder-per-api-server']).toMatchObject({ status: 'fail' });
    expect(byId(r)['one-folder-per-api-server'].detail).toBe(
      `folder dev-westeurope (context dev-westeurope) and folder application (context of the same name) reach one API server, ${cluster.server}: ` +
        "their cluster-scoped objects and same-named namespaced objects would have two owners, and pruning one folder would delete the other's",
    );
  });

  it('kubeconfig problems: unknown context, bad token, unreachable server', async () => {
    const unknown = await preflight(['--config', aksConfig, '--kubeconfig', kubeconfig, '--context', 'nope']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe(`preflight: context "nope" is not in the kubeconfig; it has: ${CONTEXT}, elsewhere\n`);

    const base = yaml.load(fs.readFileSync(kubeconfig, 'utf8')) as Record<string, any>;
    const badToken = path.join(work, `kubeconfig-badtoken-${version}`);
    fs.writeFileSync(badToken, yaml.dump({ ...base, users: [{ name: base.users[0].name, user: { token: 'not-a-valid-token' } }] }), { mode: 0o600 });
    const denied = await preflight(['--config', aksConfig, '--kubeconfig', badToken, '--context', CONTEXT]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(`preflight: GET /version failed with HTTP 401: the credentials of context ${CONTEXT} were rejected (log in again or refresh the kubeconfig)\n`);

    const refused = await preflight(['--config', aksConfig, '--kubeconfig', kubeconfig, '--context', 'elsewhere']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^preflight: cannot reach the API server https:\/\/127\.0\.0\.1:1 \(context elsewhere\): .*ECONNREFUSED.*; fix: check the network path/);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    const refusedJson = await preflight(['--config', aksConfig, '--kubeconfig', kubeconfig, '--context', 'elsewhere', '--json']);
    expect(refusedJson).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(refusedJson.stdout)).toMatchObject({ ok: false, exitCode: 1, error: expect.stringContaining('cannot reach the API server') });

    // Entra ID AKS: the user logs in through kubelogin, which is not installed here.
    const entra = path.join(work, `kubeconfig-entra-${version}`);
    fs.writeFileSync(
      entra,
      yaml.dump({ ...base, users: [{ name: base.users[0].name, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token'] } } }] }),
      { mode: 0o600 },
    );
    const nologin = await preflight(['--config', aksConfig, '--kubeconfig', entra, '--context', CONTEXT]);
    expect(nologin.code).toBe(1);
    expect(nologin.stderr).toMatch(new RegExp(`^preflight: context ${CONTEXT} logs in with the credential plugin kubelogin, which is not installed \\(not found on PATH\\); fix: install kubelogin .*\\n$`));
    expect(nologin.stderr).not.toContain('ENOENT');

    const empty = path.join(work, `kubeconfig-empty-${version}`);
    fs.writeFileSync(empty, '');
    const emptyRun = await preflight(['--config', aksConfig, '--kubeconfig', empty]);
    expect(emptyRun).toMatchObject({ code: 1, stdout: '' });
    expect(emptyRun.stderr).toBe(`preflight: kubeconfig ${empty} is empty; fix: fetch the cluster's credentials: az aks get-credentials --resource-group <rg> --name <cluster> (or pass --kubeconfig FILE)\n`);

    // A server that accepts connections and never answers: the per-request timeout ends the run.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const hanging = path.join(work, `kubeconfig-silent-${version}`);
      fs.writeFileSync(
        hanging,
        yaml.dump({ ...base, clusters: [{ name: 'silent', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }], contexts: [{ name: 'silent', context: { cluster: 'silent', user: base.users[0].name } }], 'current-context': 'silent' }),
        { mode: 0o600 },
      );
      const started = Date.now();
      const r = await preflight(['--config', aksConfig, '--kubeconfig', hanging, '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^preflight: no answer from the API server https://127\\.0\\.0\\.1:${port} \\(context silent\\) within 1s; fix: check the network path .*raise --timeout\\n$`));
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      silent.close();
    }
  });
});

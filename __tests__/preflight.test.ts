import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { loadConfigFile, parseConfig } from '../lib/config/load';
import { ResolvedConfig } from '../lib/config/schema';
import {
  ClusterPlan,
  ClusterReader,
  CrdView,
  NodeView,
  ObjectView,
  PlannedSecret,
  UnknownClusterError,
  VersionView,
  checkClusterIssuer,
  checkCrds,
  checkIngressClass,
  checkKubernetesVersion,
  checkNamespace,
  checkNodes,
  checkKeyVaultReader,
  checkSealedSecretsController,
  checkSealingCertificate,
  checkSecret,
  checkWorkloadIdentityWebhook,
  parseKubernetesVersion,
  parseQuantity,
  planCluster,
  publicKeyFingerprint,
  runChecks,
} from '../cli/preflight/checks';
import { runPreflightCommand } from '../cli/preflight-command';
import { AppProjectView, ArgoCdClusterView } from '../cli/preflight/cluster-reader';
import { argoGlobMatch, checkAppProject, checkHubRegistration } from '../cli/preflight/argocd-checks';
import { KubeReaderError } from '../cli/preflight/kube-reader';
import { precheckKubeconfig } from '../cli/preflight/kubeconfig-precheck';
import { buildInstallation } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, minimalConfig, ROOT, withField } from './helpers';

const GiB = 1024 ** 3;

// ---- a fake cluster -------------------------------------------------------------------------------------------------

class FakeCluster implements ClusterReader {
  version: VersionView = { gitVersion: 'v1.29.15', major: '1', minor: '29' };
  nodes: NodeView[] = [];
  ingressClasses = new Set<string>();
  crds = new Map<string, CrdView>();
  issuers = new Map<string, ObjectView>();
  csiDrivers = new Set<string>();
  namespaces = new Map<string, ObjectView>();
  secrets = new Map<string, ObjectView>();
  services = new Set<string>();
  webhooks = new Set<string>();
  /** Names of methods that throw, to test error handling. */
  broken = new Set<keyof ClusterReader>();

  private guard(method: keyof ClusterReader): void {
    if (this.broken.has(method)) throw new KubeReaderError(`GET ${method} failed with HTTP 403: forbidden`);
  }
  async getVersion() {
    this.guard('getVersion');
    return this.version;
  }
  async listNodes() {
    this.guard('listNodes');
    return this.nodes;
  }
  async getIngressClass(name: string) {
    return this.ingressClasses.has(name) ? { metadata: { name } } : undefined;
  }
  async listIngressClasses() {
    return [...this.ingressClasses].sort();
  }
  async getCrd(name: string) {
    this.guard('getCrd');
    return this.crds.get(name);
  }
  async getClusterIssuer(name: string) {
    return this.issuers.get(name);
  }
  async getCsiDriver(name: string) {
    return this.csiDrivers.has(name) ? { metadata: { name } } : undefined;
  }
  async getNamespace(name: string) {
    return this.namespaces.get(name);
  }
  async getSecret(namespace: string, name: string) {
    return this.secrets.get(`${namespace}/${name}`);
  }
  async getService(namespace: string, name: string) {
    return this.services.has(`${namespace}/${name}`) ? { metadata: { name, namespace } } : undefined;
  }
  serviceAccounts = new Map<string, ObjectView>();
  async getServiceAccount(namespace: string, name: string) {
    return this.serviceAccounts.get(`${namespace}/${name}`);
  }
  /** The certificate each Sealed Secrets controller Service serves, by namespace/name (a Service in `services`). */
  sealingCertificates = new Map<string, string>();
  async getSealedSecretsCertificate(namespace: string, service: string) {
    this.guard('getSealedSecretsCertificate');
    if (!this.services.has(`${namespace}/${service}`)) return undefined;
    return this.sealingCertificates.get(`${namespace}/${service}`) ?? 'no certificate configured in the fake';
  }
  async getMutatingWebhookConfiguration(name: string) {
    return this.webhooks.has(name) ? { metadata: { name } } : undefined;
  }
  appProjects = new Map<string, AppProjectView>();
  argoClusters: ArgoCdClusterView[] = [];
  async getAppProject(namespace: string, name: string) {
    return this.appProjects.get(`${namespace}/${name}`);
  }
  async listArgoCdClusters(_namespace: string) {
    return this.argoClusters;
  }

  addCrd(name: string, ...versions: string[]): this {
    this.crds.set(name, { metadata: { name }, spec: { versions: (versions.length ? versions : ['v1']).map((v) => ({ name: v, served: true })) } });
    return this;
  }
}

function node(name: string, opts: { cpu?: string; memory?: string; capCpu?: string; capMemory?: string; os?: string; arch?: string; unschedulable?: boolean; taint?: string } = {}): NodeView {
  return {
    metadata: { name, labels: { 'kubernetes.io/os': opts.os ?? 'linux', 'kubernetes.io/arch': opts.arch ?? 'amd64' } },
    spec: { unschedulable: opts.unschedulable, taints: opts.taint ? [{ key: opts.taint, value: 'true', effect: 'NoSchedule' }] : undefined },
    status: {
      allocatable: { cpu: opts.cpu ?? '7820m', memory: opts.memory ?? '28Gi' },
      capacity: { cpu: opts.capCpu ?? opts.cpu ?? '8', memory: opts.capMemory ?? opts.memory ?? '32Gi' },
    },
  };
}

/** A cluster holding everything `plan` looks for, so that every check passes. */
function preparedCluster(plan: ClusterPlan): FakeCluster {
  const c = new FakeCluster();
  c.nodes = ['a', 'b', 'c', 'd'].map((n) => node(`aks-pool-${n}`));
  c.ingressClasses.add('nginx').add('webapprouting.kubernetes.azure.com');
  c.addCrd('clusterissuers.cert-manager.io').addCrd('certificates.cert-manager.io');
  if (plan.ingress) {
    c.issuers.set(plan.ingress.clusterIssuer, { metadata: { name: plan.ingress.clusterIssuer }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  c.webhooks.add('azure-wi-webhook-mutating-webhook-configuration');
  c.csiDrivers.add('disk.csi.azure.com');
  for (const crd of ['volumesnapshotclasses', 'volumesnapshots', 'volumesnapshotcontents']) c.addCrd(`${crd}.snapshot.storage.k8s.io`);
  c.addCrd('applications.argoproj.io', 'v1alpha1');
  c.namespaces.set('argocd', { metadata: { name: 'argocd' }, status: { phase: 'Active' } });
  c.addCrd('helmreleases.helm.toolkit.fluxcd.io', 'v2').addCrd('ocirepositories.source.toolkit.fluxcd.io', 'v1');
  c.addCrd('helmcharts.helm.cattle.io', 'v1');
  c.addCrd('externalsecrets.external-secrets.io', 'v1').addCrd('secretstores.external-secrets.io', 'v1').addCrd('clustersecretstores.external-secrets.io', 'v1');
  c.addCrd('sealedsecrets.bitnami.com', 'v1alpha1');
  c.services.add('kube-system/sealed-secrets-controller');
  // The controller serves the certificate this cluster's output is sealed with (relative paths: to the examples).
  if (plan.sealedSecrets) {
    const { controllerNamespace, controllerName, certificate } = plan.sealedSecrets;
    c.sealingCertificates.set(`${controllerNamespace}/${controllerName}`, fs.readFileSync(path.resolve(ROOT, 'examples', certificate.file), 'utf8'));
  }
  // Each Key Vault reader ServiceAccount exists, annotated as the config says.
  for (const sa of plan.externalSecrets?.readers ?? []) {
    c.serviceAccounts.set(`${sa.namespace}/${sa.name}`, { metadata: { name: sa.name, namespace: sa.namespace, annotations: { 'azure.workload.identity/client-id': sa.clientId } } });
  }
  c.appProjects.set('argocd/default', { metadata: { name: 'default' }, spec: { destinations: [{ server: '*', namespace: '*' }], sourceRepos: ['*'] } });
  if (plan.delivery?.mode === 'argocd') c.argoClusters = plan.delivery.remoteClusters.map((r) => ({ name: `cluster-${r.cluster}`, server: r.server }));
  return c;
}

const config = (raw: Record<string, unknown> = exampleConfig()): ResolvedConfig => parseConfig(raw);

// ---- parsing -------------------------------------------------------------------------------------------------------

describe('parseQuantity', () => {
  it.each([
    ['4', 4],
    ['3860m', 3.86],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['100n', 100e-9],
    ['250u', 250e-6],
    ['15Gi', 15 * GiB],
    ['16393216Ki', 16393216 * 1024],
    ['512Mi', 512 * 1024 ** 2],
    ['1Ti', 1024 ** 4],
    ['8G', 8e9],
    ['500M', 500e6],
    ['2k', 2000],
    ['1e3', 1000],
    ['1E3', 1000],
    ['12e-1', 1.2],
    ['1E', 1e18],
    ['-1', -1],
    ['+2Gi', 2 * GiB],
  ])('%s is %d', (text, expected) => {
    expect(parseQuantity(text)).toBeCloseTo(expected, 12);
  });

  it.each(['', 'abc', '4 cores', '1.2.3', '1Gib', 'Gi', '1KiB', '0x10'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('undefined stays undefined', () => expect(parseQuantity(undefined)).toBeUndefined());
});

describe('parseKubernetesVersion', () => {
  it.each([
    ['v1.29.15', { major: 1, minor: 29, patch: 15 }],
    ['v1.30.2-eks-1552ad0', { major: 1, minor: 30, patch: 2 }],
    ['v1.31.1+k3s1', { major: 1, minor: 31, patch: 1 }],
    ['1.28', { major: 1, minor: 28, patch: undefined }],
  ])('%s', (gitVersion, expected) => {
    expect(parseKubernetesVersion(gitVersion)).toEqual(expected);
  });

  it('falls back to major/minor ("29+")', () => {
    expect(parseKubernetesVersion({ gitVersion: '', major: '1', minor: '29+' })).toEqual({ major: 1, minor: 29 });
  });

  it('is undefined for garbage', () => {
    expect(parseKubernetesVersion('unknown')).toBeUndefined();
    expect(parseKubernetesVersion({ gitVersion: 'dev', major: '', minor: '' })).toBeUndefined();
  });
});

// ---- single checks ---------------------------------------------------------------------------------------------------

describe('checkKubernetesVersion', () => {
  const run = (gitVersion: string, more: Partial<VersionView> = {}) => {
    const c = new FakeCluster();
    c.version = { gitVersion, ...more };
    return checkKubernetesVersion(c);
  };

  it('passes at 1.29 and later, including vendor suffixes', async () => {
    expect((await run('v1.29.0')).status).toBe('pass');
    expect((await run('v1.30.2-eks-1552ad0')).status).toBe('pass');
    expect((await run('v2.0.0')).status).toBe('pass');
    expect((await run('v1.29.15')).detail).toBe('v1.29.15 (>= 1.29)');
  });

  it('fails below 1.29 with the upgrade command', async () => {
    const r = await run('v1.28.9');
    expect(r).toMatchObject({ id: 'kubernetes-version', status: 'fail', detail: 'v1.28.9 is older than 1.29' });
    expect(r.fix).toContain('az aks upgrade');
    expect(r.fix).toContain('1.29');
  });

  it('warns when the version cannot be read', async () => {
    const r = await run('custom-build');
    expect(r.status).toBe('warn');
    expect(r.fix).toContain('kubectl version');
  });
});

describe('checkNodes', () => {
  const app = { kind: 'application' } as const;
  const dev = { kind: 'devEnvironment' } as const;
  const withNodes = (...nodes: NodeView[]) => {
    const c = new FakeCluster();
    c.nodes = nodes;
    return c;
  };
  const four = (opts: Parameters<typeof node>[1] = {}) => [1, 2, 3, 4].map((i) => node(`n${i}`, opts));

  it('passes with four Linux amd64 nodes of >= 4 CPU / 8 GiB allocatable (Kubernetes quantities)', async () => {
    const r = await checkNodes(withNodes(...four({ cpu: '4', memory: '16393216Ki' })), app);
    expect(r.status).toBe('pass');
    expect(r.detail).toMatch(/^4 of 4 nodes are schedulable Linux x86_64/);
  });

  it('fails on the application cluster with three, naming the fix', async () => {
    const r = await checkNodes(withNodes(...four().slice(0, 3)), app);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('3 of 3 nodes');
    expect(r.detail).toContain('(need 4)');
    expect(r.fix).toContain('az aks nodepool add');
  });

  it('does not count arm64, Windows, cordoned, tainted or small nodes, and says why', async () => {
    const r = await checkNodes(
      withNodes(
        node('good1'),
        node('good2'),
        node('good3'),
        node('arm', { arch: 'arm64' }),
        node('win', { os: 'windows' }),
        node('cordoned', { unschedulable: true }),
        node('system', { taint: 'CriticalAddonsOnly' }),
        node('small', { cpu: '1900m', memory: '5Gi', capCpu: '2', capMemory: '7Gi' }),
      ),
      app,
    );
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('3 of 8 nodes');
    expect(r.detail).toContain('arm (linux/arm64)');
    expect(r.detail).toContain('win (windows/amd64)');
    expect(r.detail).toContain('cordoned (cordoned)');
    expect(r.detail).toContain('system (tainted CriticalAddonsOnly=true:NoSchedule)');
    expect(r.detail).toContain('small (allocatable 1900m CPU / 5.0 GiB)');
  });

  it('warns (not fails) when 4 vCPU / 8 GiB nodes have a little less allocatable', async () => {
    const r = await checkNodes(withNodes(...four({ cpu: '3860m', memory: '12Gi', capCpu: '4', capMemory: '16Gi' })), app);
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('0 of 4 nodes');
    expect(r.detail).toContain('4 more have 4 CPU / 8.0 GiB capacity');
    expect(r.fix).toBeDefined();
  });

  it('fails when allocatable is missing', async () => {
    const bare: NodeView = { metadata: { name: 'x', labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } } };
    expect((await checkNodes(withNodes(bare, bare, bare, bare), app)).status).toBe('fail');
  });

  it('on a dev-environment cluster warns under one node and passes with one', async () => {
    const none = await checkNodes(withNodes(), dev);
    expect(none.status).toBe('warn');
    expect(none.detail).toContain('0 of 0 nodes');
    expect(none.fix).toContain('--min-count 1');
    expect((await checkNodes(withNodes(node('one')), dev)).status).toBe('pass');
  });
});

describe('checkIngressClass', () => {
  it('passes when it exists', async () => {
    const c = new FakeCluster();
    c.ingressClasses.add('nginx');
    expect(await checkIngressClass(c, 'nginx')).toMatchObject({ status: 'pass', detail: 'IngressClass nginx exists' });
  });

  it('fails and lists the classes there are', async () => {
    const c = new FakeCluster();
    c.ingressClasses.add('webapprouting.kubernetes.azure.com').add('traefik');
    const r = await checkIngressClass(c, 'nginx');
    expect(r.status).toBe('fail');
    expect(r.detail).toBe('IngressClass nginx not found; the cluster has traefik, webapprouting.kubernetes.azure.com');
    expect(r.fix).toContain('set ingress.className to one of: traefik, webapprouting.kubernetes.azure.com');
  });

  it('fails on a cluster without any class', async () => {
    const r = await checkIngressClass(new FakeCluster(), 'nginx');
    expect(r.detail).toContain('the cluster has no IngressClass');
    expect(r.fix).toContain('ingress-nginx');
  });
});

describe('checkCrds', () => {
  const req = [
    { name: 'externalsecrets.external-secrets.io', version: 'v1' },
    { name: 'secretstores.external-secrets.io', version: 'v1' },
  ];

  it('passes when all are there and serve the version', async () => {
    const c = new FakeCluster().addCrd(req[0].name, 'v1', 'v1beta1').addCrd(req[1].name, 'v1');
    const r = await checkCrds(c, 'eso', 'ESO', req, 'install ESO');
    expect(r.status).toBe('pass');
    expect(r.detail).toBe('externalsecrets.external-secrets.io (v1), secretstores.external-secrets.io (v1) installed');
  });

  it('fails naming the missing ones', async () => {
    const c = new FakeCluster().addCrd(req[0].name, 'v1');
    expect(await checkCrds(c, 'eso', 'ESO', req, 'install ESO')).toMatchObject({
      status: 'fail',
      detail: 'missing secretstores.external-secrets.io',
      fix: 'install ESO',
    });
  });

  it('fails when the CRD only serves an older version (e.g. ESO < 0.17)', async () => {
    const c = new FakeCluster().addCrd(req[0].name, 'v1beta1').addCrd(req[1].name, 'v1beta1');
    const r = await checkCrds(c, 'eso', 'ESO', req, 'upgrade');
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('externalsecrets.external-secrets.io serves v1beta1 but our output uses v1');
  });
});

describe('checkClusterIssuer', () => {
  const ingress = { className: 'nginx', clusterIssuer: 'letsencrypt-prod', issuerInOutput: false };

  it('passes when missing but created by our output', async () => {
    const r = await checkClusterIssuer(new FakeCluster(), { ...ingress, issuerInOutput: true });
    expect(r.status).toBe('pass');
    expect(r.detail).toContain('our output creates it');
  });

  it('fails when missing and not in our output', async () => {
    const r = await checkClusterIssuer(new FakeCluster(), ingress);
    expect(r).toMatchObject({ status: 'fail', detail: 'ClusterIssuer letsencrypt-prod not found' });
    expect(r.fix).toContain('ingress.letsEncrypt');
  });

  it('passes when Ready, warns when not', async () => {
    const c = new FakeCluster();
    c.issuers.set('letsencrypt-prod', { metadata: { name: 'letsencrypt-prod' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect((await checkClusterIssuer(c, ingress)).status).toBe('pass');
    c.issuers.set('letsencrypt-prod', {
      metadata: { name: 'letsencrypt-prod' },
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ErrRegisterACMEAccount', message: 'no such host' }] },
    });
    const r = await checkClusterIssuer(c, ingress);
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('Ready=False (ErrRegisterACMEAccount: no such host)');
    expect(r.fix).toContain('kubectl describe clusterissuer letsencrypt-prod');
  });
});

describe('checkWorkloadIdentityWebhook', () => {
  it('passes when the webhook is there', async () => {
    const c = new FakeCluster();
    c.webhooks.add('azure-wi-webhook-mutating-webhook-configuration');
    expect((await checkWorkloadIdentityWebhook(c)).status).toBe('pass');
  });

  it('warns with the az aks update fix', async () => {
    const r = await checkWorkloadIdentityWebhook(new FakeCluster());
    expect(r.status).toBe('warn');
    expect(r.fix).toContain('az aks update');
    expect(r.fix).toContain('--enable-oidc-issuer --enable-workload-identity');
  });
});

describe('checkNamespace', () => {
  it('passes when missing (our output creates it) or present', async () => {
    const c = new FakeCluster();
    expect(await checkNamespace(c, 'codecanvas')).toMatchObject({ status: 'pass', detail: 'not there yet; our output creates it' });
    c.namespaces.set('codecanvas', { metadata: { name: 'codecanvas' }, status: { phase: 'Active' } });
    expect(await checkNamespace(c, 'codecanvas')).toMatchObject({ status: 'pass', detail: 'exists' });
  });

  it('fails while the namespace is terminating', async () => {
    const c = new FakeCluster();
    c.namespaces.set('codecanvas', { metadata: { name: 'codecanvas', deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Terminating' } });
    const r = await checkNamespace(c, 'codecanvas');
    expect(r.status).toBe('fail');
    expect(r.fix).toContain('finalizers');
  });
});

describe('checkSecret', () => {
  const at = (producer: PlannedSecret['producer']): PlannedSecret => ({ namespace: 'codecanvas', name: 'codecanvas-db-secret-ext', producer });
  const withSecret = (secret?: ObjectView) => {
    const c = new FakeCluster();
    if (secret) c.secrets.set('codecanvas/codecanvas-db-secret-ext', secret);
    return c;
  };
  const meta = { name: 'codecanvas-db-secret-ext', namespace: 'codecanvas' };

  it('plain Secret in our output: passes either way', async () => {
    expect((await checkSecret(withSecret(), at('output'))).detail).toBe('not there yet; our output creates it');
    expect((await checkSecret(withSecret({ metadata: meta }), at('output'))).detail).toBe('exists; our output replaces it');
  });

  it('plain Secret in our output: warns when a controller owns the one there', async () => {
    const r = await checkSecret(withSecret({ metadata: { ...meta, ownerReferences: [{ kind: 'ExternalSecret', name: 'codecanvas-db-secret-ext' }] } }), at('output'));
    expect(r.status).toBe('warn');
    expect(r.fix).toContain('kubectl delete externalsecret -n codecanvas codecanvas-db-secret-ext');
  });

  it('ExternalSecret: passes when absent or owned by our ExternalSecret', async () => {
    expect((await checkSecret(withSecret(), at('externalSecret'))).detail).toContain('External Secrets Operator creates it from ExternalSecret codecanvas/codecanvas-db-secret-ext');
    const owned = withSecret({ metadata: { ...meta, ownerReferences: [{ kind: 'ExternalSecret', name: 'codecanvas-db-secret-ext' }] } });
    expect((await checkSecret(owned, at('externalSecret'))).status).toBe('pass');
  });

  it('ExternalSecret: warns about a hand-made Secret ESO takes over, fails on another owner', async () => {
    const manual = await checkSecret(withSecret({ metadata: meta }), at('externalSecret'));
    expect(manual.status).toBe('warn');
    expect(manual.fix).toContain('kubectl get secret -n codecanvas codecanvas-db-secret-ext -o yaml');
    const other = await checkSecret(withSecret({ metadata: { ...meta, ownerReferences: [{ kind: 'ExternalSecret', name: 'legacy' }] } }), at('externalSecret'));
    expect(other.status).toBe('fail');
    expect(other.fix).toContain('kubectl delete externalsecret -n codecanvas legacy');
  });

  it('SealedSecret: passes when absent, owned, or annotated managed; fails on an unmanaged Secret', async () => {
    expect((await checkSecret(withSecret(), at('sealedSecret'))).status).toBe('pass');
    const owned = withSecret({ metadata: { ...meta, ownerReferences: [{ kind: 'SealedSecret', name: 'codecanvas-db-secret-ext' }] } });
    expect((await checkSecret(owned, at('sealedSecret'))).status).toBe('pass');
    const annotated = withSecret({ metadata: { ...meta, annotations: { 'sealedsecrets.bitnami.com/managed': 'true' } } });
    expect((await checkSecret(annotated, at('sealedSecret'))).status).toBe('pass');
    const r = await checkSecret(withSecret({ metadata: meta }), at('sealedSecret'));
    expect(r.status).toBe('fail');
    expect(r.fix).toContain('kubectl annotate secret -n codecanvas codecanvas-db-secret-ext sealedsecrets.bitnami.com/managed=true');
  });
});

describe('checkSealedSecretsController', () => {
  it('passes with the Service, fails without', async () => {
    const c = new FakeCluster();
    expect((await checkSealedSecretsController(c, 'kube-system', 'sealed-secrets-controller')).status).toBe('fail');
    c.services.add('kube-system/sealed-secrets-controller');
    expect((await checkSealedSecretsController(c, 'kube-system', 'sealed-secrets-controller')).status).toBe('pass');
  });
});

// ---- plans and which checks run -----------------------------------------------------------------------------------

describe('planCluster and runChecks', () => {
  const ids = async (cfg: ResolvedConfig, cluster?: string) => (await runChecks(new FakeCluster(), planCluster(cfg, cluster))).map((r) => r.id);

  it('application cluster, Key Vault + Argo CD (the example)', async () => {
    expect(await ids(config())).toEqual([
      'kubernetes-version',
      'nodes',
      'ingress-class',
      'cert-manager-crds',
      'cluster-issuer',
      'workload-identity-webhook',
      'namespace:codecanvas',
      'argocd-crd',
      'argocd-namespace',
      'argocd-project',
      'external-secrets-crds',
      'key-vault-reader:codecanvas/codecanvas-key-vault-reader',
      'secret:codecanvas/codecanvas-db-secret-ext',
      'secret:codecanvas/codecanvas-objectstorage-secret-ext',
    ]);
  });

  it('dev-environment cluster, Key Vault + Argo CD (the example)', async () => {
    expect(await ids(config(), 'dev-westeurope')).toEqual([
      'kubernetes-version',
      'nodes',
      'ingress-class',
      'cert-manager-crds',
      'cluster-issuer',
      'azure-disk-csi-driver',
      'snapshot-crds',
      'namespace:codecanvas-devenv',
      'namespace:codecanvas-system',
      'argocd-crd',
      'argocd-namespace',
      'argocd-project',
      'external-secrets-crds',
      'key-vault-reader:codecanvas-system/codecanvas-key-vault-reader',
      'secret:codecanvas-system/codecanvas-relay-secret',
      'secret:codecanvas-system/codecanvas-jump-secret',
      'secret:codecanvas-system/codecanvas-operator-secret',
    ]);
  });

  it('Sealed Secrets + Flux', async () => {
    const cfg = loadConfigFile(path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml')).config;
    const app = await ids(cfg);
    expect(app).toEqual(expect.arrayContaining(['flux-crds', 'sealed-secrets-crd', 'sealed-secrets-controller', 'sealed-secrets-certificate', 'secret:codecanvas/codecanvas-chart-values']));
    expect(app).not.toContain('argocd-crd');
    expect(app).not.toContain('external-secrets-crds');
  });

  it('env + helm: no delivery or secret-controller checks', async () => {
    const cfg = loadConfigFile(path.join(ROOT, 'examples', 'kubectl-helm.yaml')).config;
    const dev = await ids(cfg, 'dev-local');
    expect(dev).toEqual(['kubernetes-version', 'nodes', 'azure-disk-csi-driver', 'snapshot-crds', 'namespace:codecanvas-devenv']);
  });

  it('k3s delivery checks the HelmChart CRD', async () => {
    const cfg = config(withField(exampleConfig(), 'delivery', { mode: 'k3s' }));
    expect(await ids(cfg)).toContain('k3s-helmchart-crd');
    const step = async (c: FakeCluster) => (await runChecks(c, planCluster(cfg))).find((r) => r.id === 'k3s-helmchart-crd');
    expect(await step(new FakeCluster())).toMatchObject({ status: 'fail', detail: 'missing helmcharts.helm.cattle.io' });
    expect(await step(new FakeCluster().addCrd('helmcharts.helm.cattle.io', 'v1'))).toMatchObject({ status: 'pass', detail: 'helmcharts.helm.cattle.io (v1) installed' });
  });

  it('a dev-environment cluster managed from the hub Argo CD has no Argo CD checks', async () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:443');
    const dev = await ids(config(raw), 'dev-westeurope');
    expect(dev).not.toContain('argocd-crd');
    expect(dev).not.toContain('argocd-namespace');
  });

  it('ClusterSecretStore mode checks its CRD', async () => {
    const plan = planCluster(config(withField(exampleConfig(), 'secrets.keyVault.storeKind', 'ClusterSecretStore')));
    const r = await runChecks(preparedCluster(plan), plan);
    expect(r.find((x) => x.id === 'external-secrets-crds')?.detail).toContain('clustersecretstores.external-secrets.io');
  });

  it('unknown --cluster is an error naming the choices', () => {
    expect(() => planCluster(config(), 'nope')).toThrow(UnknownClusterError);
    expect(() => planCluster(config(), 'nope')).toThrow('choose one of: application, dev-westeurope');
  });

  it('the unknown-cluster error names itself and carries the cluster and the choices, for callers of planCluster', () => {
    let thrown: unknown;
    try {
      planCluster(config(), 'nope');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UnknownClusterError);
    const e = thrown as UnknownClusterError;
    expect(String(e)).toBe('UnknownClusterError: cluster "nope" is not in the config; choose one of: application, dev-westeurope');
    expect({ cluster: e.cluster, known: e.known }).toEqual({ cluster: 'nope', known: ['application', 'dev-westeurope'] });
  });

  it('every check passes on a prepared cluster, for each example and cluster', async () => {
    for (const file of ['aks.yaml', 'flux-sealed-secrets.yaml', 'kubectl-helm.yaml']) {
      const cfg = loadConfigFile(path.join(ROOT, 'examples', file)).config;
      for (const cluster of ['application', ...cfg.devEnvironmentClusters.map((c) => c.name)]) {
        const plan = planCluster(cfg, cluster);
        const results = await runChecks(preparedCluster(plan), plan, { baseDir: path.join(ROOT, 'examples') });
        expect(results.filter((r) => r.status !== 'pass').map((r) => `${file} ${cluster}: ${r.id} ${r.detail}`)).toEqual([]);
      }
    }
  });

  it('every fail and warn carries a fix sentence', async () => {
    for (const cluster of ['application', 'dev-westeurope']) {
      const results = await runChecks(new FakeCluster(), planCluster(config(), cluster));
      for (const r of results.filter((x) => x.status !== 'pass')) {
        expect(r.fix).toMatch(/^[A-Za-z].{20,}[.)]$/);
      }
    }
  });

  it('a check whose read fails becomes a failing result, the others still run', async () => {
    const plan = planCluster(config());
    const c = preparedCluster(plan);
    c.broken.add('getCrd');
    const results = await runChecks(c, plan);
    const crd = results.find((r) => r.id === 'cert-manager-crds')!;
    expect(crd.status).toBe('fail');
    expect(crd.detail).toContain('could not check: GET getCrd failed with HTTP 403');
    expect(crd.fix).toContain('kubectl auth can-i');
    expect(results.find((r) => r.id === 'ingress-class')!.status).toBe('pass');
  });
});

// ---- the plan matches what the synth builds ------------------------------------------------------------------------

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: any };

/** What a chart of the real construct tree contains, in the terms of a ClusterPlan. */
function observed(objects: Manifest[]) {
  const secrets = objects
    .flatMap((o): PlannedSecret[] => {
      if (o.kind === 'Secret') return [{ namespace: o.metadata.namespace!, name: o.metadata.name, producer: 'output' }];
      if (o.kind === 'ExternalSecret') return [{ namespace: o.metadata.namespace!, name: o.spec?.target?.name ?? o.metadata.name, producer: 'externalSecret' }];
      if (o.kind === 'SealedSecret') return [{ namespace: o.metadata.namespace!, name: o.spec?.template?.metadata?.name ?? o.metadata.name, producer: 'sealedSecret' }];
      return [];
    })
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const kinds = new Set(objects.map((o) => o.kind));
  const delivery = kinds.has('Application') ? 'argocd' : kinds.has('HelmRelease') ? 'flux' : kinds.has('HelmChart') ? 'k3s' : undefined;
  const store = kinds.has('ClusterSecretStore') ? 'ClusterSecretStore' : kinds.has('SecretStore') ? 'SecretStore' : undefined;
  // The ServiceAccounts the stores log in as, with the client ID they are annotated with.
  const storeAccounts = new Set(
    objects.filter((o) => o.kind === 'SecretStore' || o.kind === 'ClusterSecretStore').map((o) => {
      const auth = o.spec.provider.azurekv.serviceAccountRef;
      return `${auth.namespace ?? o.metadata.namespace}/${auth.name}`;
    }),
  );
  const readers = objects
    .filter((o) => o.kind === 'ServiceAccount' && storeAccounts.has(`${o.metadata.namespace}/${o.metadata.name}`))
    .map((o) => `${o.metadata.namespace}/${o.metadata.name} ${(o.metadata as any).annotations['azure.workload.identity/client-id']}`)
    .sort();
  return {
    readers,
    namespaces: objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort(),
    secrets,
    issuers: objects.filter((o) => o.kind === 'ClusterIssuer').map((o) => o.metadata.name),
    delivery,
    store,
    sealed: kinds.has('SealedSecret'),
  };
}

function expected(plan: ClusterPlan) {
  return {
    readers: (plan.externalSecrets?.readers ?? []).map((r) => `${r.namespace}/${r.name} ${r.clientId}`).sort(),
    namespaces: [...plan.namespaces].sort(),
    secrets: [...plan.secrets].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
    issuers: plan.ingress?.issuerInOutput ? [plan.ingress.clusterIssuer] : [],
    delivery: plan.delivery?.mode === 'helm' ? undefined : plan.delivery?.mode,
    store: plan.externalSecrets?.storeKind,
    sealed: !!plan.sealedSecrets,
  };
}

describe('planCluster agrees with the synthesized output', () => {
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-test-'));
  afterAll(() => fs.rmSync(certDir, { recursive: true, force: true }));

  const variants: [string, () => Record<string, any>][] = [
    ['aks.yaml', () => exampleConfig()],
    ['aks.yaml, ClusterSecretStore + accountKey', () => withField(withField(exampleConfig(), 'secrets.keyVault.storeKind', 'ClusterSecretStore'), 'objectStorage.auth', 'accountKey')],
    ['aks.yaml, hub Argo CD', () => withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:443')],
    ['aks.yaml, the dev cluster without an identity of its own', () => withField(exampleConfig(), 'devEnvironmentClusters.0.keyVault', undefined)],
    ['three-clusters.yaml', () => yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'three-clusters.yaml'), 'utf8')) as Record<string, any>],
    ['aks.yaml, flux, no releases on the dev cluster', () => {
      let raw = withField(exampleConfig(), 'delivery', { mode: 'flux' });
      for (const r of ['relay', 'jump', 'operator']) raw = withField(raw, `devEnvironmentClusters.0.${r}.enabled`, false);
      return raw;
    }],
    ['aks.yaml, k3s, system namespace = namespace', () => withField(withField(exampleConfig(), 'delivery', { mode: 'k3s' }), 'devEnvironmentClusters.0.systemNamespace', 'codecanvas-devenv')],
    ['flux-sealed-secrets.yaml', () => yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml'), 'utf8')) as Record<string, any>],
    ['kubectl-helm.yaml', () => yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'kubectl-helm.yaml'), 'utf8')) as Record<string, any>],
    ['minimal, env + flux', () => ({ ...minimalConfig(), secrets: { source: 'env', allowPlaintextSecrets: true }, delivery: { mode: 'flux' } })],
  ];

  it.each(variants)('%s', (_name, make) => {
    const raw = make();
    const cfg = parseConfig(raw);
    const loaded = { config: cfg, source: path.join(ROOT, 'examples', 'test.yaml'), baseDir: path.join(ROOT, 'examples') };
    const installation = buildInstallation(loaded, { env: fakeSecretEnv(cfg.devEnvironmentClusters.map((c) => c.name)) });
    const charts = [installation.application, ...installation.devEnvironments];
    for (const chart of charts) {
      const plan = planCluster(cfg, chart.node.id);
      expect({ cluster: chart.node.id, ...observed(chart.toJson() as Manifest[]) }).toEqual({ cluster: chart.node.id, ...expected(plan) });
    }
  });
});

// ---- the command ---------------------------------------------------------------------------------------------------

describe('runPreflightCommand', () => {
  const examplePath = path.join(ROOT, 'examples', 'aks.yaml');
  async function run(argv: string[], cluster?: FakeCluster | Error) {
    let out = '';
    let err = '';
    const requests: unknown[] = [];
    const code = await runPreflightCommand(
      argv,
      { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {}, cwd: ROOT },
      {
        createReader: async (request) => {
          requests.push(request);
          if (cluster instanceof Error) throw cluster;
          return Object.assign(cluster ?? new FakeCluster(), { context: 'test-ctx', server: 'https://test:6443' });
        },
      },
    );
    return { code, out, err, requests };
  }

  it('prints one line per check, fix lines for failures, and a summary; exit 1 on failure', async () => {
    const { code, out, err, requests } = await run(['--config', examplePath, '--context', 'test-ctx', '--kubeconfig', 'kc.yaml']);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(requests).toEqual([expect.objectContaining({ context: 'test-ctx', kubeconfig: 'kc.yaml', timeoutMs: 30000, cwd: ROOT })]);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`preflight: cluster application of ${examplePath}, context test-ctx (https://test:6443)`);
    expect(out).toContain('PASS  Kubernetes version — v1.29.15 (>= 1.29)\n');
    expect(out).toMatch(/\nFAIL  Linux x86_64 nodes — 0 of 0 nodes are schedulable Linux x86_64 with >= 4 CPU \/ 8\.0 GiB allocatable \(need 4\)\n      fix: Add Linux/);
    expect(out).toMatch(/\nWARN  Azure Workload Identity webhook — .*\n      fix: .*--enable-oidc-issuer --enable-workload-identity/);
    expect(out).toContain('PASS  Namespace codecanvas — not there yet; our output creates it\n');
    expect(out).not.toMatch(/PASS .*\n      fix:/);
    expect(lines.filter((l) => /^(PASS|FAIL|WARN)  /.test(l))).toHaveLength(14);
    expect(out).toMatch(/\n\d+ checks passed, \d+ failed, 1 warning\n$/);
  });

  it('exit 0 when nothing fails', async () => {
    const cfg = config();
    const { code, out } = await run(['--config', examplePath, '--cluster', 'dev-westeurope'], preparedCluster(planCluster(cfg, 'dev-westeurope')));
    expect(code).toBe(0);
    expect(out).toContain('17 checks passed, 0 failed, 0 warnings');
    expect(out).not.toContain('FAIL');
  });

  it('--json', async () => {
    const { code, out } = await run(['--config', examplePath, '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ cluster: 'application', context: 'test-ctx', server: 'https://test:6443', ok: false });
    expect(json.results[0]).toEqual({ id: 'kubernetes-version', title: 'Kubernetes version', status: 'pass', detail: 'v1.29.15 (>= 1.29)' });
    expect(json.summary.fail).toBeGreaterThan(0);
  });

  it('--help and usage errors', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--help'])).out).toContain('Usage: codecanvas-cdk8s preflight');
    const unknown = await run(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Run 'codecanvas-cdk8s preflight --help'");
    expect((await run(['extra'])).code).toBe(2);
    expect((await run(['--context'])).code).toBe(2);
    expect((await run(['--context='])).code).toBe(2);
  });

  it('invalid input: bad timeout, unknown cluster, config errors (no stack), kubeconfig errors', async () => {
    expect((await run(['--config', examplePath, '--timeout', 'soon'])).code).toBe(1);
    const cluster = await run(['--config', examplePath, '--cluster', 'dev-nowhere']);
    expect(cluster.code).toBe(1);
    expect(cluster.err).toBe('preflight: cluster "dev-nowhere" is not in the config; choose one of: application, dev-westeurope\n');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-cfg-'));
    try {
      const bad = path.join(dir, 'bad.yaml');
      fs.writeFileSync(bad, 'namespace: Not_Valid\n');
      const r = await run(['--config', bad]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('problems found');
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const kube = await run(['--config', examplePath, '--context', 'nope'], new KubeReaderError('context "nope" is not in the kubeconfig; it has: a, b'));
    expect(kube).toMatchObject({ code: 1, out: '', err: 'preflight: context "nope" is not in the kubeconfig; it has: a, b\n' });
  });

  it('an unreachable API server is one message, not one per check', async () => {
    const c = new FakeCluster();
    c.broken.add('getVersion');
    const r = await run(['--config', examplePath], c);
    expect(r).toMatchObject({ code: 1, out: '', err: 'preflight: GET getVersion failed with HTTP 403: forbidden\n' });
  });

  it('--json prints JSON for errors too: usage, config, kubeconfig', async () => {
    const usage = await run(['--bogus', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.out)).toMatchObject({ ok: false, exitCode: 2, error: expect.stringContaining("Unknown option '--bogus'") });
    const kube = await run(['--config', examplePath, '--json'], new KubeReaderError('kubeconfig /x is empty', 'fetch the credentials'));
    expect(kube).toMatchObject({ code: 1, err: '' });
    expect(JSON.parse(kube.out)).toEqual({ ok: false, exitCode: 1, error: 'kubeconfig /x is empty; fix: fetch the credentials' });
    const cluster = await run(['--config', examplePath, '--cluster', 'nowhere', '--json']);
    expect(JSON.parse(cluster.out).error).toContain('cluster "nowhere" is not in the config');
  });
});

describe('kubeconfig problems are one line with the fix (read before client-node loads)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-kc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = (user: object) =>
    yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'aks', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'aks', context: { cluster: 'aks', user: 'u' } }],
      'current-context': 'aks',
    });
  const reject = async (file: string, env: NodeJS.ProcessEnv = { PATH: '/nonexistent' }) => {
    try {
      precheckKubeconfig({ kubeconfig: file, env, cwd: dir });
    } catch (e) {
      return e as KubeReaderError;
    }
    throw new Error('expected a KubeReaderError');
  };

  it('an empty kubeconfig', async () => {
    const file = path.join(dir, 'empty');
    fs.writeFileSync(file, '\n');
    const e = await reject(file);
    expect(e).toBeInstanceOf(KubeReaderError);
    expect(e.message).toBe(`kubeconfig ${file} is empty`);
    expect(e.fix).toContain('az aks get-credentials');
  });

  it('kubelogin (the Entra ID exec plugin) not installed: named, with how to install it', async () => {
    const file = path.join(dir, 'entra');
    fs.writeFileSync(file, kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token'] } }));
    const e = await reject(file);
    expect(e.message).toBe('context aks logs in with the credential plugin kubelogin, which is not installed (not found on PATH)');
    expect(e.fix).toMatch(/az aks install-cli .*kubelogin convert-kubeconfig -l azurecli/);
    expect(`${e.message}${e.fix}`).not.toContain('\n');
  });

  it('kubelogin on PATH, or a token user: no complaint', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-bin-'));
    fs.writeFileSync(path.join(bin, 'kubelogin'), '#!/bin/sh\n', { mode: 0o755 });
    const file = path.join(dir, 'entra-ok');
    fs.writeFileSync(file, kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin' } }));
    expect(() => precheckKubeconfig({ kubeconfig: file, env: { PATH: bin }, cwd: dir })).not.toThrow();
    fs.writeFileSync(file, kubeconfig({ token: 't' }));
    expect(() => precheckKubeconfig({ kubeconfig: file, env: { PATH: '/nonexistent' }, cwd: dir })).not.toThrow();
  });
});

describe('Argo CD AppProject and hub registration', () => {
  const project = (spec: AppProjectView['spec']): FakeCluster => {
    const c = new FakeCluster();
    c.appProjects.set('argocd/platform', { metadata: { name: 'platform' }, spec });
    return c;
  };
  const hubConfig = () =>
    config(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:443'), 'delivery.argocd', { project: 'platform' }));

  it('argoGlobMatch follows Argo CD patterns', () => {
    expect(argoGlobMatch('*', 'https://x')).toBe(true);
    expect(argoGlobMatch('public.registry.jetbrains.space/*', 'public.registry.jetbrains.space/p/codecanvas/release-charts')).toBe(true);
    expect(argoGlobMatch('codecanvas-*', 'codecanvas')).toBe(false);
    expect(argoGlobMatch('!codecanvas', 'codecanvas')).toBe(false);
    expect(argoGlobMatch(undefined, 'x')).toBe(false);
  });

  it('the plan names the project, every Application of the hub and the clusters it manages', () => {
    const plan = planCluster(hubConfig());
    expect(plan.delivery).toMatchObject({
      mode: 'argocd',
      project: 'platform',
      remoteClusters: [{ cluster: 'dev-westeurope', server: 'https://dev.example.com:443' }],
    });
    const apps = plan.delivery?.mode === 'argocd' ? plan.delivery.applications : [];
    expect(apps.map((a) => `${a.name} -> ${a.server} ${a.namespace}`)).toEqual([
      'codecanvas -> https://kubernetes.default.svc codecanvas',
      'dev-westeurope-codecanvas-relay -> https://dev.example.com:443 codecanvas-system',
      'dev-westeurope-codecanvas-jump -> https://dev.example.com:443 codecanvas-system',
    ]);
  });

  it('the hub plans Applications only for the releases a managed dev cluster enables', () => {
    const plan = planCluster(config(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:443'), 'devEnvironmentClusters.0.jump.enabled', false)));
    const apps = plan.delivery?.mode === 'argocd' ? plan.delivery.applications : [];
    expect(apps.map((a) => a.name)).toEqual(['codecanvas', 'dev-westeurope-codecanvas-relay']);
  });

  it("a dev cluster without a hub plans its own Argo CD Applications, to the destination server, in its system namespace; the hub's plan has none of them", () => {
    const cfg = config(withField(exampleConfig(), 'delivery.argocd', { project: 'platform' }));
    const dev = planCluster(cfg, 'dev-westeurope');
    expect(dev.kind).toBe('devEnvironment');
    expect(dev.delivery).toEqual({
      mode: 'argocd',
      namespace: 'argocd',
      project: 'platform',
      applications: [
        { name: 'dev-westeurope-codecanvas-relay', server: 'https://kubernetes.default.svc', namespace: 'codecanvas-system', repoURL: 'public.registry.jetbrains.space/p/codecanvas/release-charts' },
        { name: 'dev-westeurope-codecanvas-jump', server: 'https://kubernetes.default.svc', namespace: 'codecanvas-system', repoURL: 'public.registry.jetbrains.space/p/codecanvas/release-charts' },
      ],
      remoteClusters: [],
    });
    const app = planCluster(cfg);
    expect(app.kind).toBe('application');
    expect(app.delivery?.mode === 'argocd' ? app.delivery.applications.map((a) => a.name) : []).toEqual(['codecanvas']);
  });

  it('a missing AppProject fails with how to create it', async () => {
    const plan = planCluster(hubConfig());
    const apps = plan.delivery?.mode === 'argocd' ? plan.delivery.applications : [];
    const r = await checkAppProject(new FakeCluster(), 'argocd', 'platform', apps);
    expect(r).toMatchObject({ status: 'fail', detail: expect.stringContaining('AppProject argocd/platform not found'), fix: expect.stringContaining('argocd proj create platform') });
  });

  it('a project that does not allow a destination or the chart repository fails, naming each, with the argocd proj commands', async () => {
    const plan = planCluster(hubConfig());
    const apps = plan.delivery?.mode === 'argocd' ? plan.delivery.applications : [];
    const r = await checkAppProject(
      project({ destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'codecanvas' }], sourceRepos: ['github.com/acme/*'] }),
      'argocd',
      'platform',
      apps,
    );
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('destination https://dev.example.com:443 namespace codecanvas-system (Application dev-westeurope-codecanvas-relay)');
    expect(r.detail).toContain('source public.registry.jetbrains.space/p/codecanvas/release-charts');
    expect(r.detail).not.toContain('(Application codecanvas)');
    expect(r.fix).toBe(
      'argocd proj add-destination platform https://dev.example.com:443 codecanvas-system && argocd proj add-source platform public.registry.jetbrains.space/p/codecanvas/release-charts (or edit spec.destinations / spec.sourceRepos of the AppProject).',
    );
    const open = await checkAppProject(project({ destinations: [{ server: '*', namespace: 'codecanvas*' }], sourceRepos: ['public.registry.jetbrains.space/*'] }), 'argocd', 'platform', apps);
    expect(open.status).toBe('pass');
  });

  it('a hub-managed dev cluster must be registered in the hub Argo CD (cluster Secret with its server URL)', async () => {
    const plan = planCluster(hubConfig());
    const remote = plan.delivery?.mode === 'argocd' ? plan.delivery.remoteClusters : [];
    const c = new FakeCluster();
    const missing = await checkHubRegistration(c, 'argocd', remote);
    expect(missing).toMatchObject({ status: 'fail', fix: expect.stringContaining('argocd cluster add <kube-context of dev-westeurope> --name dev-westeurope') });
    expect(missing.detail).toContain('has server https://dev.example.com:443 (dev-westeurope)');
    c.argoClusters = [{ name: 'cluster-dev', server: 'https://dev.example.com:443/' }];
    expect((await checkHubRegistration(c, 'argocd', remote)).status).toBe('pass');
    expect((await runChecks(new FakeCluster(), plan)).map((x) => x.id)).toEqual(expect.arrayContaining(['argocd-project', 'argocd-clusters']));
    expect((await runChecks(new FakeCluster(), planCluster(config()))).map((x) => x.id)).not.toContain('argocd-clusters');
  });
});


// ---- per-cluster identity and certificate --------------------------------------------------------------------------

describe('per cluster: the Key Vault reader identity and the Sealed Secrets certificate', () => {
  const threeClusters = () => loadConfigFile(path.join(ROOT, 'examples', 'three-clusters.yaml')).config;
  const readerOf = (plan: ClusterPlan) => plan.externalSecrets!.readers;
  const annotated = (namespace: string, name: string, annotations: Record<string, string>): ObjectView => ({ metadata: { name, namespace, annotations } });

  it('each cluster plans its own reader identity, naming the field it comes from; none before the cluster has ExternalSecrets', () => {
    const cfg = threeClusters();
    expect(readerOf(planCluster(cfg))).toEqual([
      { namespace: 'codecanvas', name: 'codecanvas-key-vault-reader', clientId: '3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d', clientIdField: 'workloadIdentity.clientId', tenantId: undefined },
    ]);
    expect(readerOf(planCluster(cfg, 'dev-westeurope'))).toEqual([
      { namespace: 'codecanvas-system', name: 'codecanvas-key-vault-reader', clientId: '5a6b7c8d-1e2f-4a3b-9c4d-0e1f2a3b4c5d', clientIdField: 'devEnvironmentClusters[0].keyVault.clientId', tenantId: undefined },
    ]);
    // dev-eastus has no jump or operator ID yet: no ExternalSecret, so no reader to check.
    expect(planCluster(cfg, 'dev-eastus').externalSecrets).toBeUndefined();
    // Without an identity of its own, a dev cluster's reader inherits secrets.keyVault.clientId (else workloadIdentity.clientId).
    const inherited = config(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.keyVault', undefined), 'secrets.keyVault.clientId', '11111111-2222-4333-8444-555555555555'));
    expect(readerOf(planCluster(inherited, 'dev-westeurope'))[0]).toMatchObject({ clientId: '11111111-2222-4333-8444-555555555555', clientIdField: 'secrets.keyVault.clientId' });
  });

  it('the reader ServiceAccount: absent passes (the output creates it), matching passes, another or no client ID fails naming cluster, field and both values', async () => {
    const plan = planCluster(threeClusters(), 'dev-westeurope');
    const [sa] = readerOf(plan);
    const c = new FakeCluster();
    let r = await checkKeyVaultReader(c, plan.cluster, sa);
    expect(r).toMatchObject({ id: 'key-vault-reader:codecanvas-system/codecanvas-key-vault-reader', status: 'pass' });
    expect(r.detail).toBe('cluster dev-westeurope: not there yet; our output creates it annotated azure.workload.identity/client-id 5a6b7c8d-1e2f-4a3b-9c4d-0e1f2a3b4c5d (devEnvironmentClusters[0].keyVault.clientId)');

    c.serviceAccounts.set('codecanvas-system/codecanvas-key-vault-reader', annotated('codecanvas-system', 'codecanvas-key-vault-reader', { 'azure.workload.identity/client-id': '5a6b7c8d-1e2f-4a3b-9c4d-0e1f2a3b4c5d' }));
    expect((await checkKeyVaultReader(c, plan.cluster, sa)).status).toBe('pass');

    // Still the application's identity (as before the cluster had its own).
    c.serviceAccounts.set('codecanvas-system/codecanvas-key-vault-reader', annotated('codecanvas-system', 'codecanvas-key-vault-reader', { 'azure.workload.identity/client-id': '3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d' }));
    r = await checkKeyVaultReader(c, plan.cluster, sa);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain(
      'cluster dev-westeurope: ServiceAccount codecanvas-system/codecanvas-key-vault-reader is annotated azure.workload.identity/client-id 3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d, ' +
        'but devEnvironmentClusters[0].keyVault.clientId is 5a6b7c8d-1e2f-4a3b-9c4d-0e1f2a3b4c5d',
    );
    expect(r.fix).toContain('federated credential for system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader');
    expect(r.fix).toContain('set devEnvironmentClusters[0].keyVault.clientId to 3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d');

    c.serviceAccounts.set('codecanvas-system/codecanvas-key-vault-reader', annotated('codecanvas-system', 'codecanvas-key-vault-reader', {}));
    r = await checkKeyVaultReader(c, plan.cluster, sa);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('has no azure.workload.identity/client-id annotation, but devEnvironmentClusters[0].keyVault.clientId is 5a6b7c8d-1e2f-4a3b-9c4d-0e1f2a3b4c5d');
  });

  it('the reader ServiceAccount: a configured tenant must match too', async () => {
    const cfg = config(withField(exampleConfig(), 'secrets.keyVault.tenantId', '99999999-8888-4777-8666-555555555555'));
    const plan = planCluster(cfg);
    const [sa] = readerOf(plan);
    const c = new FakeCluster();
    c.serviceAccounts.set(`${sa.namespace}/${sa.name}`, annotated(sa.namespace, sa.name, { 'azure.workload.identity/client-id': sa.clientId, 'azure.workload.identity/tenant-id': '00000000-1111-4222-8333-444444444444' }));
    const r = await checkKeyVaultReader(c, plan.cluster, sa);
    expect(r.status).toBe('fail');
    expect(r.detail).toBe(
      `cluster application: ServiceAccount ${sa.namespace}/${sa.name} is annotated azure.workload.identity/tenant-id 00000000-1111-4222-8333-444444444444, but secrets.keyVault.tenantId is 99999999-8888-4777-8666-555555555555: ` +
        'External Secrets Operator logs in to Key Vault as the identity the live annotation names until the output is applied',
    );
    c.serviceAccounts.set(`${sa.namespace}/${sa.name}`, annotated(sa.namespace, sa.name, { 'azure.workload.identity/client-id': sa.clientId, 'azure.workload.identity/tenant-id': '99999999-8888-4777-8666-555555555555' }));
    expect((await checkKeyVaultReader(c, plan.cluster, sa)).status).toBe('pass');
  });

  it('the reader ServiceAccount: its title, the pass detail, a tenant annotation not asked for, and every difference at once with the full fix', async () => {
    const plan = planCluster(threeClusters(), 'dev-westeurope');
    const [sa] = readerOf(plan);
    const at = 'codecanvas-system/codecanvas-key-vault-reader';
    const c = new FakeCluster();
    // No tenant configured: a live tenant annotation is not compared.
    c.serviceAccounts.set(at, annotated('codecanvas-system', 'codecanvas-key-vault-reader', { 'azure.workload.identity/client-id': sa.clientId, 'azure.workload.identity/tenant-id': '00000000-1111-4222-8333-444444444444' }));
    expect(await checkKeyVaultReader(c, plan.cluster, sa)).toEqual({
      id: `key-vault-reader:${at}`,
      title: `Key Vault reader ServiceAccount ${at}`,
      status: 'pass',
      detail: 'cluster dev-westeurope: annotated azure.workload.identity/client-id 5a6b7c8d-1e2f-4a3b-9c4d-0e1f2a3b4c5d (devEnvironmentClusters[0].keyVault.clientId)',
    });
    // A configured tenant, and a ServiceAccount with neither annotation: both differences, joined, and the fix in full.
    const tenant = '99999999-8888-4777-8666-555555555555';
    c.serviceAccounts.set(at, annotated('codecanvas-system', 'codecanvas-key-vault-reader', {}));
    const r = await checkKeyVaultReader(c, plan.cluster, { ...sa, tenantId: tenant });
    expect(r).toEqual({
      id: `key-vault-reader:${at}`,
      title: `Key Vault reader ServiceAccount ${at}`,
      status: 'fail',
      detail:
        `cluster dev-westeurope: ServiceAccount ${at} has no azure.workload.identity/client-id annotation, but devEnvironmentClusters[0].keyVault.clientId is ${sa.clientId}; ` +
        `and has no azure.workload.identity/tenant-id annotation, but secrets.keyVault.tenantId is ${tenant}: ` +
        'External Secrets Operator logs in to Key Vault as the identity the live annotation names until the output is applied',
      fix:
        'If devEnvironmentClusters[0].keyVault.clientId is the identity this cluster should use, give it a federated credential for ' +
        "system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader with this cluster's OIDC issuer and Key Vault Secrets User on the secrets " +
        'INSTALL.md lists for dev-westeurope, then apply the output (it sets the annotation); if the live annotation is right, set ' +
        'devEnvironmentClusters[0].keyVault.clientId to <its client ID> and synthesize again.',
    });
  });

  // Two committed test controller certificates (fixtures/sealed-secrets): tls.crt for the application cluster and
  // the dev cluster that inherits it, second.crt for the dev cluster with its own controller.
  const SEALED = path.join(__dirname, 'fixtures', 'sealed-secrets');
  const TLS = fs.readFileSync(path.join(SEALED, 'tls.crt'), 'utf8');
  const SECOND = fs.readFileSync(path.join(SEALED, 'second.crt'), 'utf8');
  const sealedConfig = () =>
    config({
      ...minimalConfig(),
      secrets: { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'tls.crt' } },
      delivery: { mode: 'flux' },
      devEnvironmentClusters: [
        { name: 'dev-own', sealedSecrets: { certificateFile: 'second.crt' }, jump: { enabled: true, instanceId: 'j-1' }, operator: { enabled: true, instanceId: 'o-1' } },
        { name: 'dev-shared', jump: { enabled: true, instanceId: 'j-2' }, operator: { enabled: true, instanceId: 'o-2' } },
      ],
    });
  const controller = (pem?: string) => {
    const c = new FakeCluster();
    c.services.add('kube-system/sealed-secrets-controller');
    if (pem !== undefined) c.sealingCertificates.set('kube-system/sealed-secrets-controller', pem);
    return c;
  };
  const check = (c: FakeCluster, cluster: string) => {
    const plan = planCluster(sealedConfig(), cluster);
    return checkSealingCertificate(c, plan.cluster, plan.sealedSecrets!, SEALED);
  };

  it('each cluster compares the certificate it is sealed with (its own, else the inherited one)', () => {
    expect(planCluster(sealedConfig()).sealedSecrets!.certificate).toEqual({ field: 'secrets.sealedSecrets.certificateFile', file: 'tls.crt' });
    expect(planCluster(sealedConfig(), 'dev-own').sealedSecrets!.certificate).toEqual({ field: 'devEnvironmentClusters[0].sealedSecrets.certificateFile', file: 'second.crt' });
    expect(planCluster(sealedConfig(), 'dev-shared').sealedSecrets!.certificate).toEqual({ field: 'secrets.sealedSecrets.certificateFile', file: 'tls.crt' });
  });

  it('the controller serving the configured public key passes; another fails naming cluster, field and both key fingerprints', async () => {
    const tls = publicKeyFingerprint(TLS);
    const second = publicKeyFingerprint(SECOND);
    expect(tls).not.toBe(second);
    expect(tls).toMatch(/^[0-9a-f]{64}$/);
    expect(await check(controller(SECOND), 'dev-own')).toMatchObject({
      status: 'pass',
      detail: `cluster dev-own: devEnvironmentClusters[0].sealedSecrets.certificateFile (second.crt) has the public key the controller kube-system/sealed-secrets-controller serves (SHA-256 ${second})`,
    });
    expect((await check(controller(TLS), 'dev-shared')).status).toBe('pass');
    expect((await check(controller(TLS), 'application')).status).toBe('pass');

    const own = await check(controller(TLS), 'dev-own');
    expect(own.status).toBe('fail');
    expect(own.detail).toBe(
      'cluster dev-own: devEnvironmentClusters[0].sealedSecrets.certificateFile (second.crt) holds a different public key than the controller kube-system/sealed-secrets-controller serves at /v1/cert.pem ' +
        `(SHA-256 of the public key: configured ${second}, controller ${tls}): this controller cannot unseal what synth seals for dev-own, unless it still holds the configured key from before a key renewal`,
    );
    expect(own.fix).toBe(
      "Fetch this cluster's certificate: kubeseal --context dev-own --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > second.crt, then synthesize again and commit.",
    );
    // A dev cluster that inherits the application cluster's certificate, with a controller of its own: told to give it its own file.
    const shared = await check(controller(SECOND), 'dev-shared');
    expect(shared.status).toBe('fail');
    expect(shared.detail).toContain(`cluster dev-shared: secrets.sealedSecrets.certificateFile (tls.crt) holds a different public key`);
    expect(shared.fix).toContain('devEnvironmentClusters[].sealedSecrets.certificateFile of dev-shared');
    expect((await check(controller(SECOND), 'application')).fix).not.toContain('devEnvironmentClusters[]');
  });

  it('a missing Service, an unreadable configured file, or something that is no certificate fails with what was read', async () => {
    const missing = await check(new FakeCluster(), 'dev-own');
    expect(missing).toMatchObject({ status: 'fail', title: 'Sealed Secrets certificate', detail: 'cluster dev-own: Service kube-system/sealed-secrets-controller not found, so its certificate cannot be compared with devEnvironmentClusters[0].sealedSecrets.certificateFile' });
    expect(missing.fix).toBe(
      'Install the controller or correct secrets.sealedSecrets.controllerNamespace / controllerName, then: ' +
        "Fetch this cluster's certificate: kubeseal --context dev-own --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > second.crt, then synthesize again and commit.",
    );
    const garbage = await check(controller('<html>proxy error</html>'), 'dev-own');
    expect(garbage.status).toBe('fail');
    expect(garbage.fix).toBe("Check the controller's logs (kubectl --context dev-own -n kube-system logs deploy/sealed-secrets-controller).");
    expect(garbage.detail).toContain('cluster dev-own: the controller kube-system/sealed-secrets-controller serves at /v1/cert.pem what is not a PEM certificate');
    const plan = planCluster(sealedConfig(), 'dev-own');
    const unreadable = await checkSealingCertificate(controller(SECOND), plan.cluster, plan.sealedSecrets!, os.tmpdir());
    expect(unreadable.status).toBe('fail');
    expect(unreadable.detail).toBe('cluster dev-own: devEnvironmentClusters[0].sealedSecrets.certificateFile second.crt does not exist');
    const notACert = await checkSealingCertificate(controller(SECOND), plan.cluster, { ...plan.sealedSecrets!, certificate: { field: 'f', file: 'tls.key' } }, SEALED);
    expect(notACert.detail).toBe('cluster dev-own: f tls.key is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" block)');
  });

  it('the command reads the configured certificate relative to the config file, and runs both checks per cluster', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-sealed-'));
    try {
      fs.copyFileSync(path.join(SEALED, 'tls.crt'), path.join(dir, 'tls.crt'));
      fs.copyFileSync(path.join(SEALED, 'second.crt'), path.join(dir, 'second.crt'));
      const file = path.join(dir, 'codecanvas.yaml');
      fs.writeFileSync(file, yaml.dump({
        ...minimalConfig(),
        secrets: { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'tls.crt' } },
        delivery: { mode: 'flux' },
        devEnvironmentClusters: [{ name: 'dev-own', sealedSecrets: { certificateFile: 'second.crt' }, jump: { enabled: true, instanceId: 'j-1' } }],
      }));
      let out = '';
      const code = await runPreflightCommand(['--config', file, '--cluster', 'dev-own', '--json'], { stdout: (s) => (out += s), stderr: () => undefined, env: {}, cwd: ROOT }, {
        createReader: async () => Object.assign(controller(TLS), { context: 'dev-own', server: 'https://dev-own:6443' }),
      });
      expect(code).toBe(1);
      const result = JSON.parse(out).results.find((x: { id: string }) => x.id === 'sealed-secrets-certificate');
      expect(result.status).toBe('fail');
      expect(result.detail).toContain('cluster dev-own: devEnvironmentClusters[0].sealedSecrets.certificateFile (second.crt) holds a different public key');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The one-folder-per-API-server check (cli/preflight/same-server.ts; its cases in preflight-same-server.test.ts).
test('the command runs the check first when the reader knows the kubeconfig contexts, and exits 1 on a shared server', async () => {
  let out = '';
  const code = await runPreflightCommand(
    ['--config', path.join(ROOT, 'examples', 'aks.yaml'), '--cluster', 'dev-westeurope', '--context', 'dev-westeurope'],
    { stdout: (s) => (out += s), stderr: () => undefined, env: {}, cwd: ROOT },
    {
      createReader: async () =>
        Object.assign(new FakeCluster(), {
          context: 'dev-westeurope',
          server: 'https://one:6443',
          contextServers: new Map([
            ['application', 'https://one:6443'],
            ['dev-westeurope', 'https://one:6443'],
          ]),
        }),
    },
  );
  expect(code).toBe(1);
  expect(out.split('\n')[2]).toMatch(/^FAIL {2}one cluster folder per API server — folder dev-westeurope \(context dev-westeurope\) and folder application /);
});

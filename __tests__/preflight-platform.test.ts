// preflight's platform checks (Kubernetes version, nodes, IngressClass, CRDs, ClusterIssuer, Workload Identity
// webhook, Azure Disk CSI driver): each outcome with the exact detail the user reads.
import {
  checkClusterIssuer,
  checkCrds,
  checkCsiDriver,
  checkIngressClass,
  checkKubernetesVersion,
  checkNodes,
  checkWorkloadIdentityWebhook,
} from '../cli/preflight/platform-checks';
import type { ClusterReader, CrdView, NodeView, ObjectView } from '../cli/preflight/cluster-reader';

const reader = (methods: Partial<Record<keyof ClusterReader, (...args: any[]) => unknown>>) =>
  Object.fromEntries(Object.entries(methods).map(([k, f]) => [k, async (...a: unknown[]) => f!(...a)])) as unknown as ClusterReader;

describe('Kubernetes version', () => {
  const check = (info: object) => checkKubernetesVersion(reader({ getVersion: () => info }));

  test('at or above 1.29 passes, below fails; the gitVersion is shown, else major.minor', async () => {
    expect(await check({ gitVersion: 'v1.29.0' })).toMatchObject({ status: 'pass', detail: 'v1.29.0 (>= 1.29)' });
    expect(await check({ gitVersion: 'v2.0.1' })).toMatchObject({ status: 'pass', detail: 'v2.0.1 (>= 1.29)' });
    expect(await check({ gitVersion: '', major: '1', minor: '30+' })).toMatchObject({ status: 'pass', detail: '1.30 (>= 1.29)' });
    expect(await check({ gitVersion: 'v1.28.9' })).toMatchObject({ status: 'fail', detail: 'v1.28.9 is older than 1.29' });
    expect(await check({ gitVersion: 'v0.30.0' })).toMatchObject({ status: 'fail', detail: 'v0.30.0 is older than 1.29' });
  });

  test('an answer without a version: a warning saying what came back', async () => {
    expect(await check({ gitVersion: 'unknown' })).toEqual({
      id: 'kubernetes-version',
      title: 'Kubernetes version',
      status: 'warn',
      detail: 'cannot read the version from the API server\'s answer (gitVersion "unknown")',
      fix: 'Check the version by hand with kubectl version; CodeCanvas requires 1.29+.',
    });
  });
});

describe('nodes', () => {
  const node = (name: string | undefined, o: { os?: string; arch?: string; cpu?: string; memory?: string; capCpu?: string; capMemory?: string; taints?: object[]; cordoned?: boolean } = {}): NodeView =>
    ({
      metadata: {
        ...(name ? { name } : {}),
        labels: { ...(o.os === '' ? {} : { 'kubernetes.io/os': o.os ?? 'linux' }), ...(o.arch === '' ? {} : { 'kubernetes.io/arch': o.arch ?? 'amd64' }) },
      },
      spec: { ...(o.cordoned ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
      status: {
        allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi' },
        ...(o.capCpu || o.capMemory ? { capacity: { ...(o.capCpu ? { cpu: o.capCpu } : {}), ...(o.capMemory ? { memory: o.capMemory } : {}) } } : {}),
      },
    }) as unknown as NodeView;
  const check = (nodes: NodeView[], kind: 'application' | 'devEnvironment' = 'application') => checkNodes(reader({ listNodes: () => nodes }), { kind });
  const REQ = '>= 4 CPU / 8.0 GiB allocatable';

  test('enough nodes: every node that does not count is named, with why (five at most)', async () => {
    const r = await check([
      node('ok-1'),
      node('ok-2', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }),
      node('ok-3'),
      node('ok-4'),
      node('win', { os: 'windows' }),
      node('arm', { arch: 'arm64' }),
      node(undefined, { os: '', arch: '' }),
      node('cordoned', { cordoned: true }),
      node('tainted', { taints: [{ key: 'a', value: 'b', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }] }),
      node('small', { cpu: '3860m', memory: '7Gi' }),
    ]);
    expect(r).toEqual({
      id: 'nodes',
      title: 'Linux x86_64 nodes',
      status: 'pass',
      detail:
        `4 of 10 nodes are schedulable Linux x86_64 with ${REQ} (need 4); not counted: win (windows/amd64), arm (linux/arm64), ` +
        '(unnamed) (no os label/no arch label), cordoned (cordoned), tainted (tainted a=b:NoSchedule, c:NoExecute), and 1 more',
    });
  });

  test('too few on the application cluster: a failure; one node is "node"', async () => {
    const r = await check([node('small', { cpu: '2', memory: '16Gi' })]);
    expect(r.status).toBe('fail');
    expect(r.detail).toBe(`0 of 1 node are schedulable Linux x86_64 with ${REQ} (need 4); not counted: small (allocatable 2 CPU / 16 GiB)`);
    expect(r.fix).toMatch(/^Add Linux x86_64 nodes until at least 4 have >= 4 CPU \/ 8\.0 GiB allocatable \(e\.g\. a Standard_D8s_v5 pool: .* --node-count 4\);/);
  });

  test('nodes of the right size whose allocatable is a little short after the reservation: a warning', async () => {
    const nodes = [1, 2, 3, 4].map((i) => node(`n${i}`, { cpu: '3860m', memory: '6Gi', capCpu: '4', capMemory: '8Gi' }));
    const r = await check(nodes);
    expect(r.status).toBe('warn');
    expect(r.detail).toMatch(/^0 of 4 nodes .*; 4 more have 4 CPU \/ 8\.0 GiB capacity but less allocatable after the system reservation$/);
    expect(r.fix).toMatch(/^Pods get less than the guide's 4 CPU \/ 8\.0 GiB per node; this works, but for headroom use a larger VM size\. Add Linux/);
    // Capacity below the minimum in either resource does not count as a near miss.
    expect((await check([1, 2, 3, 4].map((i) => node(`n${i}`, { cpu: '3', memory: '6Gi', capCpu: '3', capMemory: '8Gi' })))).status).toBe('fail');
    expect((await check([1, 2, 3, 4].map((i) => node(`n${i}`, { cpu: '3', memory: '6Gi', capCpu: '4', capMemory: '7Gi' })))).status).toBe('fail');
    // Without a capacity, the allocatable figures stand for it.
    expect((await check([1, 2, 3, 4].map((i) => node(`n${i}`, { cpu: '3', memory: '8Gi' })))).status).toBe('fail');
  });

  test('exactly five nodes not counted are all named; a node that reports no allocatable does not count', async () => {
    const r = await check([1, 2, 3, 4, 5].map((i) => node(`w${i}`, { os: 'windows' })));
    expect(r.detail).toMatch(/not counted: w1 \(windows\/amd64\), w2 .*, w5 \(windows\/amd64\)$/);
    const bare = { metadata: { name: 'bare', labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } }, status: {} } as unknown as NodeView;
    expect((await check([bare], 'devEnvironment')).detail).toBe(`0 of 1 node are schedulable Linux x86_64 with ${REQ} (need 1); not counted: bare (allocatable ? CPU / ?)`);
  });

  test('exactly the minimum counts; a dev-environment cluster needs one node and only warns', async () => {
    expect((await check([1, 2, 3, 4].map((i) => node(`n${i}`, { cpu: '4', memory: '8Gi' })))).status).toBe('pass');
    expect((await check([node('n', { cpu: '4', memory: `${8 * 1024 - 1}Mi` })], 'devEnvironment')).status).toBe('warn');
    const r = await check([], 'devEnvironment');
    expect(r.status).toBe('warn');
    expect(r.detail).toBe(`0 of 0 nodes are schedulable Linux x86_64 with ${REQ} (need 1)`);
    expect(r.fix).toMatch(/^Give the dev-environment cluster at least one schedulable Linux x86_64 node with /);
    expect((await check([node('n')], 'devEnvironment')).status).toBe('pass');
  });
});

describe('IngressClass', () => {
  test('found, or not found with the classes the cluster has', async () => {
    const base = { id: 'ingress-class', title: 'IngressClass nginx' };
    expect(await checkIngressClass(reader({ getIngressClass: () => ({}), listIngressClasses: () => [] }), 'nginx')).toEqual({ ...base, status: 'pass', detail: 'IngressClass nginx exists' });
    const install =
      'Install an ingress controller that provides IngressClass nginx (e.g. helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx --namespace ingress-nginx --create-namespace)';
    expect(await checkIngressClass(reader({ getIngressClass: () => undefined, listIngressClasses: () => ['a', 'b'] }), 'nginx')).toEqual({
      ...base,
      status: 'fail',
      detail: 'IngressClass nginx not found; the cluster has a, b',
      fix: `${install}, or set ingress.className to one of: a, b.`,
    });
    expect(await checkIngressClass(reader({ getIngressClass: () => undefined, listIngressClasses: () => [] }), 'nginx')).toEqual({
      ...base,
      status: 'fail',
      detail: 'IngressClass nginx not found; the cluster has no IngressClass',
      fix: `${install}, or set ingress.className to the class of the controller you use.`,
    });
  });
});

test('CRDs: installed with the served version, or each missing and unserved one named', async () => {
  const crd = (...versions: [string, boolean][]): CrdView => ({ metadata: { name: 'x' }, spec: { versions: versions.map(([name, served]) => ({ name, served })) } }) as CrdView;
  const crds: Record<string, CrdView | undefined> = { 'a.io': crd(['v1', true]), 'b.io': crd(['v1', false], ['v2', true], ['v3', true]), 'c.io': crd(['v1', false]) };
  const r = reader({ getCrd: (name: string) => crds[name] });
  const req = (name: string) => ({ name, version: 'v1' });
  expect(await checkCrds(r, 'id', 'T', [req('a.io')], 'fix it')).toEqual({ id: 'id', title: 'T', status: 'pass', detail: 'a.io (v1) installed' });
  expect(await checkCrds(r, 'id', 'T', [req('a.io'), { name: 'b.io', version: 'v2' }], 'fix it')).toMatchObject({ status: 'pass', detail: 'a.io (v1), b.io (v2) installed' });
  expect(await checkCrds(r, 'id', 'T', [req('a.io'), req('b.io'), req('c.io'), req('d.io'), req('e.io')], 'fix it')).toEqual({
    id: 'id',
    title: 'T',
    status: 'fail',
    detail: 'missing d.io, e.io; b.io serves v2, v3 but our output uses v1; c.io serves no version but our output uses v1',
    fix: 'fix it',
  });
  expect((await checkCrds(r, 'id', 'T', [req('b.io')], 'fix it')).detail).toBe('b.io serves v2, v3 but our output uses v1');
});

describe('ClusterIssuer', () => {
  const ingress = (issuerInOutput: boolean) => ({ className: 'nginx', clusterIssuer: 'le', issuerInOutput });
  const issuer = (conditions?: object[]) => ({ metadata: { name: 'le' }, ...(conditions ? { status: { conditions } } : {}) }) as unknown as ObjectView;
  const check = (found: ObjectView | undefined, inOutput = false) => checkClusterIssuer(reader({ getClusterIssuer: () => found }), ingress(inOutput));

  test('missing: our output creates it, or a failure', async () => {
    expect(await check(undefined, true)).toEqual({
      id: 'cluster-issuer',
      title: 'ClusterIssuer le',
      status: 'pass',
      detail: "not in the cluster yet; our output creates it (Let's Encrypt ACME, HTTP-01 via IngressClass nginx)",
    });
    expect(await check(undefined)).toMatchObject({
      status: 'fail',
      detail: 'ClusterIssuer le not found',
      fix: "Create ClusterIssuer le (kubectl apply -f <issuer>.yaml; the application cluster's output has one when ingress.letsEncrypt is set), or set ingress.clusterIssuer to an existing issuer (kubectl get clusterissuers).",
    });
  });

  test('Ready, or why not', async () => {
    expect((await check(issuer([{ type: 'Other', status: 'True' }, { type: 'Ready', status: 'True' }]))).detail).toBe('ClusterIssuer le exists and is Ready');
    expect((await check(issuer([{ type: 'Ready', status: 'True' }]), true)).detail).toBe('ClusterIssuer le exists and is Ready (our output updates it)');
    const notReady = async (found: ObjectView) => {
      const r = await check(found);
      expect(r.status).toBe('warn');
      return r.detail.replace('ClusterIssuer le exists but is not Ready: ', '');
    };
    expect(await notReady(issuer())).toBe('no Ready condition yet');
    expect(await notReady({ metadata: { name: 'le' }, status: {} } as unknown as ObjectView)).toBe('no Ready condition yet');
    expect(await notReady(issuer([{ type: 'Other', status: 'True' }]))).toBe('no Ready condition yet');
    expect(await notReady(issuer([{ type: 'Ready', status: 'False' }]))).toBe('Ready=False');
    expect(await notReady(issuer([{ type: 'Ready', status: 'False', reason: 'ErrRegisterACMEAccount' }]))).toBe('Ready=False (ErrRegisterACMEAccount)');
    expect(await notReady(issuer([{ type: 'Ready', status: 'Unknown', reason: 'Pending', message: 'no account yet' }]))).toBe('Ready=Unknown (Pending: no account yet)');
  });
});

test('the Workload Identity webhook and the Azure Disk CSI driver: found by name', async () => {
  expect(await checkWorkloadIdentityWebhook(reader({ getMutatingWebhookConfiguration: (name: string) => (name === 'azure-wi-webhook-mutating-webhook-configuration' ? {} : undefined) }))).toEqual({
    id: 'workload-identity-webhook',
    title: 'Azure Workload Identity webhook',
    status: 'pass',
    detail: 'MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration exists',
  });
  expect(await checkWorkloadIdentityWebhook(reader({ getMutatingWebhookConfiguration: () => undefined }))).toMatchObject({
    status: 'warn',
    detail:
      'MutatingWebhookConfiguration azure-wi-webhook-mutating-webhook-configuration not found: pods labelled azure.workload.identity/use=true get no Azure token, so CodeCanvas cannot reach Blob Storage with Workload Identity',
    fix: expect.stringMatching(/^Enable the OIDC issuer and Workload Identity on the cluster: az aks update .* --enable-oidc-issuer --enable-workload-identity /),
  });
  expect(await checkCsiDriver(reader({ getCsiDriver: (name: string) => (name === 'disk.csi.azure.com' ? {} : undefined) }))).toEqual({
    id: 'azure-disk-csi-driver',
    title: 'CSIDriver disk.csi.azure.com',
    status: 'pass',
    detail: 'CSIDriver disk.csi.azure.com is installed',
  });
  expect(await checkCsiDriver(reader({ getCsiDriver: () => undefined }))).toMatchObject({
    status: 'fail',
    detail: 'CSIDriver disk.csi.azure.com not found: our StorageClasses and VolumeSnapshotClasses use it for dev-environment volumes and snapshots',
  });
});

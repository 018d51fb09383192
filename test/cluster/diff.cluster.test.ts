/**
 * `diff`'s predictions against a real kube-apiserver: for each change scenario the old output is applied, then
 *   - every change diff calls create / in place / rotation is applied with `kubectl apply` and must succeed (each
 *     rotation field of change-rules has a case);
 *   - every change it calls a replacement because of an immutable field must be refused by the API server;
 *   - every object it calls replaced by a rename, or deleted, must still be in the cluster after the new output
 *     is applied (kubectl apply orphans it, as the consequence says).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { IMMUTABLE_FIELDS, ROTATION_FIELDS } from '../../cli/change-rules';
import { diffOutputs, ObjectChange } from '../../cli/diff';
import { loadConfigFile, parseConfig } from '../../lib/config/load';
import { OutputEntry } from '../../cli/output/layout';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { assetsFor, Cluster, kubectl, kubernetesVersions, ok, startCluster } from './envtest';
import { describeEachOrCannotRun } from '../proof-gate';

const ROOT = path.resolve(__dirname, '..', '..');

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

const example = () => yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8')) as Record<string, any>;

function synth(config: Record<string, any>): readonly OutputEntry[] {
  return synthesize({ config: parseConfig(config, 'scenario.yaml'), source: 'scenario.yaml', baseDir: path.join(ROOT, 'examples') }).files;
}

/** The cluster folders (the GitOps bootstrap under bootstrap/ is applied to Argo CD / Flux, not tested here). */
function folders(files: Iterable<string>): string[] {
  return [...new Set([...files].filter(isClusterFile).map((f) => f.split('/')[0]))].sort();
}

function isClusterFile(file: string): boolean {
  return file.includes('/') && !file.startsWith('helm/') && !file.startsWith('bootstrap/') && file.endsWith('.yaml');
}

/** Writes a file map to a temp folder and applies each cluster folder of it to the one test cluster. */
function applyAll(cluster: Cluster, files: ReadonlyMap<string, string>, what: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-cluster-'));
  writeOutput(dir, [...files].map(([p, content]) => ({ path: p, content })));
  for (const folder of folders(files.keys())) ok(kubectl(cluster, ['apply', '-f', path.join(dir, folder)]), `${what}: kubectl apply -f ${folder}`);
}

function objectsByKey(files: ReadonlyMap<string, string>): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const [file, content] of files) {
    if (!isClusterFile(file)) continue;
    for (const o of yaml.loadAll(content) as Obj[]) if (o) out.set(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`, o);
  }
  return out;
}

function exists(cluster: Cluster, o: Obj): boolean {
  return kubectl(cluster, ['get', o.kind, o.metadata.name, ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : [])]).code === 0;
}

/**
 * Applies `before`, then checks every prediction diff makes for `after`. Returns the changes (to assert which
 * actions a scenario produced).
 */
function verify(cluster: Cluster, before: ReadonlyMap<string, string>, after: readonly OutputEntry[]): ObjectChange[] {
  applyAll(cluster, before, 'old output');
  const changes = diffOutputs(before, after).filter((c) => c.action !== 'file' && isClusterFile(c.file));
  const afterMap = new Map(after.map((f) => [f.path, f.content]));
  const next = objectsByKey(afterMap);
  const old = objectsByKey(before);
  const refused = changes.filter((c) => c.action === 'replacement' && c.change === 'changed');
  for (const c of refused) {
    const r = kubectl(cluster, ['apply', '-f', '-'], yaml.dump(next.get(c.object)));
    expect({ object: c.object, refused: r.code !== 0 }).toEqual({ object: c.object, refused: true });
    // The API server's words: "field is immutable", "updates to ... are forbidden", "may not change once set".
    expect(r.stderr).toMatch(/immutable|forbidden|may not change once set/);
  }
  if (refused.length === 0) {
    // Everything else applies in one pass, as users run it; creates, in-place updates and rotations included.
    applyAll(cluster, afterMap, 'new output');
    // ... and the server now holds the new values.
    for (const c of changes.filter((x) => x.change !== 'removed')) {
      const got = JSON.parse(ok(kubectl(cluster, ['get', '-o', 'json', '-f', '-'], yaml.dump(next.get(c.object))), `get ${c.object}`));
      const live = got.kind === 'List' ? got.items[0] : got;
      expect(live.metadata.name).toBe(next.get(c.object)!.metadata.name);
      for (const f of c.fields) {
        const expected = 'after' in f ? f.after : at(next.get(c.object), f.path);
        const actual = at(live, f.path);
        // The server may add defaults inside objects (CRD defaults such as ESO's remoteRef strategies).
        if (expected !== null && typeof expected === 'object') expect({ field: f.path, value: actual }).toMatchObject({ field: f.path, value: expected });
        else expect({ field: f.path, value: actual }).toEqual({ field: f.path, value: expected });
      }
    }
    // What diff says is replaced by a rename or deleted is orphaned: still there after kubectl apply.
    for (const c of changes.filter((x) => x.change === 'removed')) {
      expect({ object: c.object, stillThere: exists(cluster, old.get(c.object)!) }).toEqual({ object: c.object, stillThere: true });
    }
  }
  return changes;
}

/** The value at a path as diff prints it: `a.b`, `list[2]`, `containers[name=operator].image`. */
function at(root: unknown, fieldPath: string): any {
  let cur: any = root;
  for (const part of fieldPath.match(/[^.[\]]+|\[[^\]]*\]/g) ?? []) {
    if (cur === undefined || cur === null) return undefined;
    const byName = /^\[name=(.*)\]$/.exec(part);
    const byIndex = /^\[(\d+)\]$/.exec(part);
    cur = byName ? (cur as any[]).find((x) => x?.name === byName[1]) : byIndex ? cur[Number(byIndex[1])] : cur[part];
  }
  return cur;
}

const versions = kubernetesVersions().filter((v) => ['etcd', 'kube-apiserver', 'kubectl'].every((b) => fs.existsSync(path.join(assetsFor(v), b))));

function withField(config: Record<string, any>, dotted: string, value: unknown): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(config));
  const keys = dotted.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k];
  at[keys.at(-1)!] = value;
  return copy;
}

describeEachOrCannotRun(versions, 'no envtest binaries: run `bash tools/build.sh` (or set KUBEBUILDER_ASSETS)', (v) => `Kubernetes ${v}: diff predicts what the API server does`, (version) => {
  let cluster: Cluster;
  let base: Map<string, string>;

  beforeAll(async () => {
    cluster = await startCluster({ version });
    for (const file of fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml')).sort()) {
      kubectl(cluster, ['create', '--validate=false', '-f', path.join(ROOT, 'crds', file)]);
    }
    ok(kubectl(cluster, ['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']), 'waiting for the CRDs');
    ok(kubectl(cluster, ['create', 'namespace', 'argocd']), 'creating namespace argocd');
    const loaded = loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml'));
    base = new Map(synthesize(loaded).files.map((f) => [f.path, f.content]));
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const sc = 'devEnvironmentClusters.0.storageClasses.0';
  test.each([
    ['StorageClass skuName', `${sc}.skuName`, 'Premium_LRS'],
    ['StorageClass reclaimPolicy', `${sc}.reclaimPolicy`, 'Retain'],
    ['StorageClass volumeBindingMode', `${sc}.volumeBindingMode`, 'WaitForFirstConsumer'],
  ])('%s: diff says replacement, the API server refuses the update', (_what, field, value) => {
    const changes = verify(cluster, base, synth(withField(example(), field, value)));
    expect(changes.map((c) => `${c.action} ${c.object}`)).toEqual(['replacement StorageClass codecanvas-storage']);
  });

  test.each([
    ['StorageClass allowVolumeExpansion', `${sc}.allowVolumeExpansion`, false, 'in-place StorageClass codecanvas-storage'],
    ['VolumeSnapshotClass deletionPolicy', 'devEnvironmentClusters.0.volumeSnapshotClasses.0.deletionPolicy', 'Retain', 'in-place VolumeSnapshotClass codecanvas-volume-snapshot'],
    ['application replicas', 'application.replicas', 3, 'in-place Application argocd/codecanvas'],
    ['Key Vault secret name', 'secrets.names', { databasePassword: 'pg-password-2026' }, 'rotation ExternalSecret codecanvas/codecanvas-db-secret-ext'],
  ])('%s: diff says it applies in place (or rotates), and kubectl apply succeeds', (_what, field, value, expected) => {
    const changes = verify(cluster, base, synth(withField(example(), field, value)));
    expect(changes.map((c) => `${c.action} ${c.object}`)).toEqual([expected]);
  });

  test('a renamed StorageClass: created under the new name, the old one orphaned', () => {
    const classes = example().devEnvironmentClusters[0].storageClasses;
    const changes = verify(cluster, base, synth(withField(example(), 'devEnvironmentClusters.0.storageClasses', [{ ...classes[0], name: 'codecanvas-ssd' }, ...classes.slice(1)])));
    expect(changes.map((c) => `${c.action} ${c.object}`)).toEqual(['create StorageClass codecanvas-ssd', 'replacement StorageClass codecanvas-storage']);
  });

  test('a renamed namespace: the new one is created, the old Namespace orphaned', () => {
    const changes = verify(cluster, base, synth(withField(example(), 'namespace', 'codecanvas-two')));
    expect(changes.find((c) => c.object === 'Namespace codecanvas')?.action).toBe('replacement');
  });

  test('a removed StorageClass is a deletion that kubectl apply leaves behind', () => {
    const classes = example().devEnvironmentClusters[0].storageClasses;
    const changes = verify(cluster, base, synth(withField(example(), 'devEnvironmentClusters.0.storageClasses', classes.slice(0, 1))));
    expect(changes.map((c) => `${c.action} ${c.object}`)).toEqual(['deletion StorageClass codecanvas-storage-premium']);
  });

  const raw = (o: object) => new Map([['c/20-secrets.yaml', yaml.dump(o)]]);
  const entry = (o: object): OutputEntry[] => [{ path: 'c/20-secrets.yaml', content: yaml.dump(o) }];
  const secret = (type: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', type, metadata: { name: 'diff-test', namespace: 'argocd' }, data });

  test('a Secret type change: diff says replacement, the API server refuses it', () => {
    const changes = verify(cluster, raw(secret('Opaque', { 'tls.crt': 'YQ==', 'tls.key': 'YQ==' })), entry(secret('kubernetes.io/tls', { 'tls.crt': 'YQ==', 'tls.key': 'YQ==' })));
    expect(changes.map((c) => c.action)).toEqual(['replacement']);
  });

  test('a Secret value change: diff says rotation, applied in place', () => {
    const changes = verify(cluster, raw(secret('Opaque', { K: 'YQ==' })), entry(secret('Opaque', { K: 'Yg==' })));
    expect(changes.map((c) => c.action)).toEqual(['rotation']);
  });

  // Every immutable field diff knows, changed on a real object: the API server must refuse each one. The list of
  // cases is checked against IMMUTABLE_FIELDS, so a rule added there without a case here fails this file.
  const labels = { app: 'diff-test' };
  const podSpec = (image: string, restartPolicy = 'Never') => ({ containers: [{ name: 'c', image }], restartPolicy });
  const template = (l: Record<string, string>, restartPolicy = 'Always') => ({ metadata: { labels: l }, spec: podSpec('busybox:1', restartPolicy) });
  const immutableCases: [string, string, object, object][] = [
    ['Deployment', 'spec.selector',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { selector: { matchLabels: labels }, template: template(labels) } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { selector: { matchLabels: { ...labels, tier: 'x' } }, template: template({ ...labels, tier: 'x' }) } }],
    ['StatefulSet', 'spec.selector',
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { serviceName: 's', selector: { matchLabels: labels }, template: template(labels) } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { serviceName: 's', selector: { matchLabels: { ...labels, tier: 'x' } }, template: template({ ...labels, tier: 'x' }) } }],
    ['Job', 'spec.template',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { template: { spec: podSpec('busybox:1') } } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { template: { spec: podSpec('busybox:2') } } }],
    ['Job', 'spec.selector',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'diff-sel', namespace: 'argocd' }, spec: { manualSelector: true, selector: { matchLabels: labels }, template: template(labels, 'Never') } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'diff-sel', namespace: 'argocd' }, spec: { manualSelector: true, selector: { matchLabels: { ...labels, tier: 'x' } }, template: template(labels, 'Never') } }],
    ['Service', 'spec.clusterIP',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { clusterIP: '10.0.0.50', ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { clusterIP: '10.0.0.51', ports: [{ port: 80 }] } }],
    ['PersistentVolumeClaim', 'spec.storageClassName',
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { storageClassName: 'a', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'diff-test', namespace: 'argocd' }, spec: { storageClassName: 'b', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  ];

  test('every immutable field in change-rules has a case here, and the StorageClass and Secret ones above', () => {
    const covered = [...immutableCases.map(([k, f]) => `${k} ${f}`), 'StorageClass parameters', 'StorageClass provisioner', 'StorageClass reclaimPolicy', 'StorageClass volumeBindingMode', 'Secret type'];
    const claimed = Object.entries(IMMUTABLE_FIELDS).flatMap(([k, fields]) => fields.map((f) => `${k} ${f.path}`));
    expect(covered.sort()).toEqual(claimed.sort());
  });

  test.each(immutableCases)('%s %s: diff says replacement, the API server refuses the update', (_kind, field, before, after) => {
    const changes = verify(cluster, raw(before), entry(after));
    expect(changes.map((c) => c.action)).toEqual(['replacement']);
    expect(changes[0].reason).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}[.\\[ ]`));
  });

  test('the example\'s operator Deployment: a new operator releaseName changes its selector; diff says replacement, the API server refuses it', () => {
    // argocd mode writes the operator as plain manifests whose selector carries app.kubernetes.io/instance: <releaseName>.
    const changes = verify(cluster, base, synth(withField(example(), 'devEnvironmentClusters.0.operator.releaseName', 'codecanvas-operator-2')));
    const deployments = changes.filter((c) => c.object.startsWith('Deployment '));
    expect(deployments.map((c) => `${c.action} ${c.object}`)).toEqual(['replacement Deployment codecanvas-system/codecanvas-operator-codecanvas-devenv']);
    expect(deployments[0].reason).toMatch(/^spec\.selector[.[ ]/);
  });

  // Every rotation field diff knows, changed on a real object: kubectl apply takes it in place and the server holds
  // the new value. The cases are checked against ROTATION_FIELDS, so a rule added there without a case fails here.
  const sealed = (spec: object) => ({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'diff-rot', namespace: 'argocd' }, spec });
  const external = (spec: object) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'diff-rot', namespace: 'argocd' },
    spec: { secretStoreRef: { name: 'store-a', kind: 'SecretStore' }, target: { name: 'diff-rot' }, ...spec },
  });
  const plain = (over: object) => ({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'diff-rot', namespace: 'argocd' }, ...over });
  const remote = (key: string) => [{ secretKey: 'k', remoteRef: { key } }];
  const rotationCases: [string, string, object, object][] = [
    ['Secret', 'data', plain({ data: { K: 'YQ==' } }), plain({ data: { K: 'Yg==' } })],
    ['Secret', 'stringData', plain({ stringData: { K: 'a' } }), plain({ stringData: { K: 'b' } })],
    ['SealedSecret', 'spec.encryptedData', sealed({ encryptedData: { K: 'AgAone' } }), sealed({ encryptedData: { K: 'AgAtwo' } })],
    ['SealedSecret', 'spec.template.data', sealed({ encryptedData: { K: 'AgAone' }, template: { data: { url: 'a' } } }), sealed({ encryptedData: { K: 'AgAone' }, template: { data: { url: 'b' } } })],
    ['ExternalSecret', 'spec.data', external({ data: remote('a') }), external({ data: remote('b') })],
    ['ExternalSecret', 'spec.dataFrom', external({ dataFrom: [{ extract: { key: 'a' } }] }), external({ dataFrom: [{ extract: { key: 'b' } }] })],
    ['ExternalSecret', 'spec.secretStoreRef', external({ data: remote('a') }), external({ data: remote('a'), secretStoreRef: { name: 'store-b', kind: 'SecretStore' } })],
  ];

  test('every rotation field in change-rules has a case here', () => {
    const claimed = Object.entries(ROTATION_FIELDS).flatMap(([k, fields]) => fields.map((f) => `${k} ${f}`));
    expect(rotationCases.map(([k, f]) => `${k} ${f}`).sort()).toEqual(claimed.sort());
  });

  test.each(rotationCases)('%s %s: diff says rotation, kubectl apply takes it in place', (kind, field, before, after) => {
    const file = 'c/20-secrets.yaml';
    ok(kubectl(cluster, ['delete', kind, 'diff-rot', '-n', 'argocd', '--ignore-not-found']), `deleting the previous ${kind}`);
    applyAll(cluster, raw(before), 'old object');
    const changes = diffOutputs(raw(before), entry(after)).filter((c) => c.action !== 'file');
    expect(changes.map((c) => [c.action, c.fields.map((f) => f.path).every((p) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[`))])).toEqual([['rotation', true]]);
    applyAll(cluster, new Map([[file, yaml.dump(after)]]), 'new object');
    const live = JSON.parse(ok(kubectl(cluster, ['get', kind, 'diff-rot', '-n', 'argocd', '-o', 'json']), `get ${kind}`));
    // The API server keeps a Secret's stringData only as data (base64); every other field as written.
    if (field === 'stringData') expect(live.data).toEqual({ K: Buffer.from('b').toString('base64') });
    else expect({ field, value: at(live, field) }).toMatchObject({ field, value: at(after, field) });
  });

  test('StorageClass provisioner: diff says replacement, the API server refuses it', () => {
    const sc = (provisioner: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'diff-prov' }, provisioner });
    const changes = verify(cluster, new Map([['c/10-cluster-resources.yaml', yaml.dump(sc('disk.csi.azure.com'))]]), [
      { path: 'c/10-cluster-resources.yaml', content: yaml.dump(sc('file.csi.azure.com')) },
    ]);
    expect(changes.map((c) => c.action)).toEqual(['replacement']);
  });

  test('a VolumeSnapshotClass driver and parameters change is accepted in place (its CRD has no immutability rule)', () => {
    const vsc = (driver: string, incremental: string) => ({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'diff-test' },
      driver,
      parameters: { incremental },
      deletionPolicy: 'Delete',
    });
    const changes = verify(cluster, new Map([['c/10-cluster-resources.yaml', yaml.dump(vsc('disk.csi.azure.com', 'true'))]]), [
      { path: 'c/10-cluster-resources.yaml', content: yaml.dump(vsc('file.csi.azure.com', 'false')) },
    ]);
    // verify() read both fields back from the server: the new values are there.
    expect(changes.map((c) => `${c.action} ${c.fields.map((f) => f.path).join()}`)).toEqual(['in-place driver,parameters.incremental']);
  });
});

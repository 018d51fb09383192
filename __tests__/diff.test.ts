import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { diffExitCode, diffOutputs, ObjectChange, renderDiff } from '../cli/diff';
import { readOutputDir } from '../cli/read-output';
import { main } from '../cli/main';
import { parseConfig } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, ROOT, withField } from './helpers';

const DIST = readOutputDir(path.join(ROOT, 'dist'));

/** The changes from the committed dist/ (the example) to the example with `edits` applied. */
function changesFor(...edits: [string, unknown][]): ObjectChange[] {
  let config = exampleConfig();
  for (const [field, value] of edits) config = withField(config, field, value);
  return diffOutputs(DIST, synthesize({ config: parseConfig(config, 'test.yaml'), source: 'test.yaml', baseDir: ROOT }).files).filter((c) => c.action !== 'file');
}

const summary = (changes: readonly ObjectChange[]) => changes.map((c) => `${c.action} ${c.object}`);

describe('diff classifies every change by what applying it does', () => {
  test('a StorageClass SKU change is a replacement that names the object and what happens to existing volumes', () => {
    const changes = changesFor(['devEnvironmentClusters.0.storageClasses.0.skuName', 'Premium_LRS']);
    expect(summary(changes)).toEqual(['replacement StorageClass codecanvas-storage']);
    expect(changes[0].reason).toMatch(/^parameters\.skuName is immutable/);
    expect(changes[0].consequence).toMatch(/existing PersistentVolumeClaims .* keep the settings they were provisioned with/);
    expect(diffExitCode(changes, {})).toBe(4);
    expect(diffExitCode(changes, { allowReplacements: true })).toBe(3);
    expect(diffExitCode(changes, { allowDeletions: true })).toBe(4);
  });

  test.each([
    ['reclaimPolicy', 'Retain'],
    ['volumeBindingMode', 'WaitForFirstConsumer'],
  ])('StorageClass %s is immutable too', (field, value) => {
    expect(summary(changesFor([`devEnvironmentClusters.0.storageClasses.0.${field}`, value]))).toEqual(['replacement StorageClass codecanvas-storage']);
  });

  test('allowVolumeExpansion and a VolumeSnapshotClass deletionPolicy apply in place', () => {
    const changes = changesFor(
      ['devEnvironmentClusters.0.storageClasses.0.allowVolumeExpansion', false],
      ['devEnvironmentClusters.0.volumeSnapshotClasses.0.deletionPolicy', 'Retain'],
    );
    expect(summary(changes)).toEqual(['in-place StorageClass codecanvas-storage', 'in-place VolumeSnapshotClass codecanvas-volume-snapshot']);
    expect(changes[1].consequence).toMatch(/existing VolumeSnapshots keep/);
    expect(diffExitCode(changes, {})).toBe(3);
  });

  test('a renamed StorageClass: the old one is replaced (left behind or pruned), the new one created', () => {
    const classes = exampleConfig().devEnvironmentClusters[0].storageClasses;
    const changes = changesFor(['devEnvironmentClusters.0.storageClasses', [{ ...classes[0], name: 'codecanvas-ssd' }, ...classes.slice(1)]]);
    expect(summary(changes)).toEqual(['create StorageClass codecanvas-ssd', 'replacement StorageClass codecanvas-storage']);
    expect(changes[1].reason).toBe('renamed to StorageClass codecanvas-ssd: the old object is not renamed but replaced');
    expect(changes[1].consequence).toMatch(/kubectl apply leaves the old object in the cluster \(orphaned\); Argo CD or Flux with pruning delete it/);
    expect(changes[0].reason).toBe('replaces StorageClass codecanvas-storage (rename)');
  });

  test('a removed StorageClass is a deletion; an added one a create', () => {
    const classes = exampleConfig().devEnvironmentClusters[0].storageClasses;
    expect(summary(changesFor(['devEnvironmentClusters.0.storageClasses', classes.slice(0, 1)]))).toEqual(['deletion StorageClass codecanvas-storage-premium']);
    const more = changesFor(['devEnvironmentClusters.0.storageClasses', [...classes, { name: 'codecanvas-ultra', skuName: 'UltraSSD_LRS' }]]);
    expect(summary(more)).toEqual(['create StorageClass codecanvas-ultra']);
    expect(diffExitCode(more, {})).toBe(3);
  });

  test('renaming the namespace replaces the Namespace and warns that pruning it deletes everything inside', () => {
    const changes = changesFor(['namespace', 'codecanvas-2']);
    const ns = changes.find((c) => c.object === 'Namespace codecanvas')!;
    expect(ns.action).toBe('replacement');
    expect(ns.reason).toBe('renamed to Namespace codecanvas-2: the old object is not renamed but replaced');
    expect(ns.consequence).toMatch(/deletes everything in it, PersistentVolumeClaims and their disks included/);
  });

  test('a new application releaseName replaces the release Application, and says that deleting it deletes what it deployed', () => {
    const changes = changesFor(['application.releaseName', 'codecanvas-2']);
    expect(summary(changes)).toEqual(['replacement Application argocd/codecanvas', 'create Application argocd/codecanvas-2']);
    expect(changes[0].consequence).toMatch(/deleting this Application \(it carries Argo CD's resources finalizer\) makes Argo CD delete every resource it deployed$/);
    expect(diffExitCode(changes, {})).toBe(4);
  });

  test('an ExternalSecret that reads another Key Vault secret is a secret rotation, not an ordinary change', () => {
    const changes = changesFor(['secrets.names', { databasePassword: 'pg-password-2026' }]);
    expect(summary(changes)).toEqual(['rotation ExternalSecret codecanvas/codecanvas-db-secret-ext']);
    expect(changes[0].consequence).toMatch(/only after a restart/);
    expect(diffExitCode(changes, {})).toBe(3);
  });

  const doc = (o: object) => yaml.dump(o);
  const secret = (type: string, value: string) => doc({ apiVersion: 'v1', kind: 'Secret', type, metadata: { name: 's', namespace: 'n' }, data: { K: value } });
  const sealed = (cipher: string) =>
    doc({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 's', namespace: 'n' }, spec: { encryptedData: { K: cipher } } });

  test.each([
    ['a Secret type change', secret('Opaque', 'YQ=='), secret('kubernetes.io/tls', 'YQ=='), 'replacement'],
    ['a Secret value change', secret('Opaque', 'YQ=='), secret('Opaque', 'Yg=='), 'rotation'],
    ['a re-sealed SealedSecret', sealed('AgA1'), sealed('AgB2'), 'rotation'],
  ])('%s', (_what, before, after, action) => {
    const changes = diffOutputs(new Map([['application/20-secrets.yaml', before]]), [{ path: 'application/20-secrets.yaml', content: after }]);
    expect(changes.map((c) => c.action)).toEqual([action]);
    expect(renderDiff(changes)).not.toMatch(/YQ==|Yg==|AgA1|AgB2/);
  });

  test('an object moving to another wave file is a change of nothing, not a delete and create', () => {
    const ns = doc({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    expect(diffOutputs(new Map([['c/00-namespaces.yaml', ns]]), [{ path: 'c/10-cluster-resources.yaml', content: ns }])).toEqual([]);
  });

  const one = (before: object[], after: object[]) =>
    diffOutputs(new Map([['c/30-releases.yaml', before.map(doc).join('---\n')]]), [{ path: 'c/30-releases.yaml', content: after.map(doc).join('---\n') }]);

  test('objects are told apart by API group: one name in two groups is two objects, labelled with the group', () => {
    const app = (apiVersion: string, replicas: number) => ({ apiVersion, kind: 'Application', metadata: { name: 'a', namespace: 'n' }, spec: { replicas } });
    const changes = one([app('argoproj.io/v1alpha1', 1), app('app.k8s.io/v1beta1', 1)], [app('argoproj.io/v1alpha1', 2), app('app.k8s.io/v1beta1', 1)]);
    expect(changes.map((c) => `${c.action} ${c.object} ${c.fields.map((f) => f.path).join()}`)).toEqual(['in-place Application.argoproj.io n/a spec.replicas']);
    // Without another group of that label, the label stays short.
    expect(one([app('argoproj.io/v1alpha1', 1)], [app('argoproj.io/v1alpha1', 2)]).map((c) => c.object)).toEqual(['Application n/a']);
  });

  test('a new version of the same group is the same object (an apiVersion change), another group is a replacement', () => {
    const hpa = (apiVersion: string) => ({ apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' } });
    expect(one([hpa('autoscaling/v1')], [hpa('autoscaling/v2')]).map((c) => `${c.action} ${c.fields.map((f) => f.path).join()}`)).toEqual(['in-place apiVersion']);
    expect(one([hpa('autoscaling/v2')], [hpa('example.com/v1')]).map((c) => c.action).sort()).toEqual(['create', 'deletion']);
  });

  test('lists are compared element by element: by name where every element has a distinct one, else by position', () => {
    const deploy = (containers: object[], tolerations: object[] = []) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'n' },
      spec: { template: { spec: { containers, tolerations } } },
    });
    const c = (name: string, image: string) => ({ name, image });
    const fields = (before: object, after: object) => one([before], [after]).flatMap((x) => x.fields.map((f) => `${f.path}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`));
    // Reordered and one image changed: only that image, addressed by the container's name.
    expect(fields(deploy([c('a', 'x:1'), c('b', 'y:1')]), deploy([c('b', 'y:1'), c('a', 'x:2')]))).toEqual(['spec.template.spec.containers[name=a].image: "x:1" -> "x:2"']);
    expect(fields(deploy([c('a', 'x:1')]), deploy([c('a', 'x:1'), c('b', 'y:1')]))).toEqual(['spec.template.spec.containers[name=b]: undefined -> {"name":"b","image":"y:1"}']);
    // No names: by position when the length is the same, else the whole list.
    expect(fields(deploy([], [{ key: 'k', effect: 'NoSchedule' }]), deploy([], [{ key: 'k', effect: 'NoExecute' }]))).toEqual([
      'spec.template.spec.tolerations[0].effect: "NoSchedule" -> "NoExecute"',
    ]);
    expect(fields(deploy([], []), deploy([], [{ key: 'k' }]))).toEqual(['spec.template.spec.tolerations: [] -> [{"key":"k"}]']);
    // Duplicate names fall back to positions.
    expect(fields(deploy([c('a', 'x:1'), c('a', 'x:1')]), deploy([c('a', 'x:1'), c('a', 'x:2')]))).toEqual(['spec.template.spec.containers[1].image: "x:1" -> "x:2"']);
  });

  test('an element-wise change under an immutable field is still a replacement (Deployment spec.selector)', () => {
    const deploy = (app: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [app] }] } } });
    const changes = one([deploy('a')], [deploy('b')]);
    expect(changes.map((c) => `${c.action} ${c.fields.map((f) => f.path).join()}`)).toEqual(['replacement spec.selector.matchExpressions[0].values[0]']);
  });

  test('top-level files are grouped under "(output root)", not printed as a folder', () => {
    const text = renderDiff(diffOutputs(new Map([['INSTALL.md', 'a']]), [{ path: 'INSTALL.md', content: 'b' }]));
    expect(text).toContain('(output root)\n  ~ INSTALL.md (changed)\n');
    expect(text).not.toContain('INSTALL.md/');
  });
});

const docs = (...objects: (object | null)[]) => objects.map((o) => (o === null ? '' : yaml.dump(o))).join('---\n');
const configMap = (name: string | undefined, namespace?: string, data: object = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  ...(name === undefined ? {} : { metadata: { name, ...(namespace ? { namespace } : {}) } }),
  data,
});
/** The diff of one file `c/30-releases.yaml` holding `before`, then `after`. */
const inOneFile = (before: (object | null)[], after: (object | null)[]) =>
  diffOutputs(new Map([['c/30-releases.yaml', docs(...before)]]), [{ path: 'c/30-releases.yaml', content: docs(...after) }]);
const listed = (changes: readonly ObjectChange[]) => changes.map((c) => `${c.action} ${c.object}${c.reason ? `: ${c.reason}` : ''}`);

describe('the diff listing', () => {
  test('every kind of change, grouped by folder, ordered by file then object, with reasons, consequences and counts; files outside the folders last', () => {
    const app = (namespace: string, name: string, replicas: number) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace }, spec: { replicas } });
    const sc = (name: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'disk.csi.azure.com' });
    const vsc = (incremental: string) => ({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'snap' }, driver: 'disk.csi.azure.com', parameters: { incremental } });
    const secret = (value: string, team: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', labels: { team } }, data: { K: value } });
    const deploy = (label: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { selector: { matchLabels: { app: label } } } });
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const current = new Map([
      ['INSTALL.md', 'a'],
      ['kustomization.yaml', 'resources: []\n'],
      ['bootstrap/argocd/c/bootstrap.yaml', docs(app('argocd', 'boot', 1))],
      ['c/00-namespaces.yaml', docs(ns('n'), ns('old'))],
      ['c/10-cluster-resources.yaml', docs(sc('sc-a'), vsc('true'))],
      ['c/20-secrets.yaml', docs(secret('YQ==', 'a'))],
      ['c/30-releases.yaml', docs(deploy('a'), app('n', 'app', 1))],
      // The same Namespace in another cluster folder stays: it must not hide the deletion in c/.
      ['d/00-namespaces.yaml', docs(ns('old'))],
    ]);
    const next = [
      { path: 'INSTALL.md', content: 'b' },
      { path: 'helm/c/values.yaml', content: 'x: 1\n' },
      { path: 'bootstrap/argocd/c/bootstrap.yaml', content: docs(app('argocd', 'boot', 2)) },
      { path: 'c/00-namespaces.yaml', content: docs(ns('n')) },
      { path: 'c/10-cluster-resources.yaml', content: docs(sc('sc-b'), vsc('false')) },
      { path: 'c/20-secrets.yaml', content: docs(secret('Yg==', 'b')) },
      { path: 'c/30-releases.yaml', content: docs(deploy('b'), app('n', 'app', 2)) },
      { path: 'd/00-namespaces.yaml', content: docs(ns('old')) },
    ];
    const changes = diffOutputs(current, next);
    const orphaned = 'kubectl apply leaves the old object in the cluster (orphaned); Argo CD or Flux with pruning delete it';
    expect(renderDiff(changes)).toBe(
      [
        'bootstrap/',
        '  ~ Application argocd/boot  (bootstrap.yaml)  [update in place]',
        '      spec.replicas: 1 -> 2',
        'c/',
        '  - Namespace old  (00-namespaces.yaml)  [DELETION]',
        '      no longer in the output',
        `      data: ${orphaned}, and deleting a Namespace deletes everything in it, PersistentVolumeClaims and their disks included`,
        '  ! StorageClass sc-a  (10-cluster-resources.yaml)  [REPLACEMENT]',
        '      renamed to StorageClass sc-b: the old object is not renamed but replaced',
        `      data: ${orphaned}; PersistentVolumeClaims that name it keep their disks but cannot be resized through it, and new claims for it stay Pending`,
        '  + StorageClass sc-b  (10-cluster-resources.yaml)  [create]',
        '      replaces StorageClass sc-a (rename)',
        '  ~ VolumeSnapshotClass snap  (10-cluster-resources.yaml)  [update in place]',
        '      parameters.incremental: "true" -> "false"',
        '      data: applied in place; existing VolumeSnapshots keep the content they were taken with, new snapshots use the new settings',
        '  ~ Secret n/s  (20-secrets.yaml)  [secret rotation]',
        '      data.K: changed (value not shown)',
        '      metadata.labels.team: changed (value not shown)',
        '      its secret values or their source changed',
        '      data: the Secret gets new values; pods that load it with envFrom see them only after a restart (kubectl rollout restart)',
        '  ~ Application n/app  (30-releases.yaml)  [update in place]',
        '      spec.replicas: 1 -> 2',
        '  ! Deployment n/d  (30-releases.yaml)  [REPLACEMENT]',
        '      spec.selector.matchLabels.app: "a" -> "b"',
        '      spec.selector.matchLabels.app is immutable: the API server refuses the update, so the object must be deleted and recreated (kubectl replace --force, or Argo CD Replace=true)',
        '      data: the Deployment and its pods are recreated (downtime unless done with a second Deployment)',
        'helm/c/',
        '  ~ values.yaml (added)',
        '(output root)',
        '  ~ INSTALL.md (changed)',
        '  ~ kustomization.yaml (removed)',
        '1 to create, 3 to update in place, 1 secret rotation(s), 2 replacement(s), 1 deletion(s), 3 other file(s) changed',
        '',
      ].join('\n'),
    );
    // What --json prints: the same changes, in the same order (the consequences are checked above).
    const file = (path: string, change: string) => ({ file: path, object: path, change, action: 'file', fields: [] });
    expect(changes.map(({ consequence: _, ...rest }) => rest)).toEqual([
      file('INSTALL.md', 'changed'),
      { file: 'bootstrap/argocd/c/bootstrap.yaml', object: 'Application argocd/boot', change: 'changed', action: 'in-place', fields: [{ path: 'spec.replicas', before: 1, after: 2 }] },
      { file: 'c/00-namespaces.yaml', object: 'Namespace old', change: 'removed', action: 'deletion', reason: 'no longer in the output', fields: [] },
      { file: 'c/10-cluster-resources.yaml', object: 'StorageClass sc-a', change: 'removed', action: 'replacement', reason: 'renamed to StorageClass sc-b: the old object is not renamed but replaced', fields: [] },
      { file: 'c/10-cluster-resources.yaml', object: 'StorageClass sc-b', change: 'added', action: 'create', reason: 'replaces StorageClass sc-a (rename)', fields: [] },
      { file: 'c/10-cluster-resources.yaml', object: 'VolumeSnapshotClass snap', change: 'changed', action: 'in-place', fields: [{ path: 'parameters.incremental', before: 'true', after: 'false' }] },
      { file: 'c/20-secrets.yaml', object: 'Secret n/s', change: 'changed', action: 'rotation', reason: 'its secret values or their source changed', fields: [{ path: 'data.K' }, { path: 'metadata.labels.team' }] },
      { file: 'c/30-releases.yaml', object: 'Application n/app', change: 'changed', action: 'in-place', fields: [{ path: 'spec.replicas', before: 1, after: 2 }] },
      {
        file: 'c/30-releases.yaml',
        object: 'Deployment n/d',
        change: 'changed',
        action: 'replacement',
        reason: expect.stringMatching(/^spec\.selector\.matchLabels\.app is immutable/),
        fields: [{ path: 'spec.selector.matchLabels.app', before: 'a', after: 'b' }],
      },
      file('helm/c/values.yaml', 'added'),
      file('kustomization.yaml', 'removed'),
    ]);
    expect(changes.map((c) => Object.keys(c).join())).toEqual(changes.map((c) => ['file', 'object', 'change', 'action', ...(c.reason ? ['reason'] : []), ...(c.consequence ? ['consequence'] : []), 'fields'].join()));
  });

  test('a created object that replaces nothing has no reason; an update in place of an ordinary kind has no consequence', () => {
    expect(inOneFile([configMap('a', 'n', { k: '1' })], [configMap('a', 'n', { k: '2' }), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'n' } }])).toEqual([
      { file: 'c/30-releases.yaml', object: 'ConfigMap n/a', change: 'changed', action: 'in-place', fields: [{ path: 'data.k', before: '1', after: '2' }] },
      { file: 'c/30-releases.yaml', object: 'Service n/b', change: 'added', action: 'create', fields: [] },
    ]);
  });

  test('two renames of one kind at once pair old and new names in name order, whatever the order of the documents', () => {
    const sc = (name: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name } });
    const expected = [
      'replacement StorageClass a: renamed to StorageClass c: the old object is not renamed but replaced',
      'replacement StorageClass b: renamed to StorageClass d: the old object is not renamed but replaced',
      'create StorageClass c: replaces StorageClass a (rename)',
      'create StorageClass d: replaces StorageClass b (rename)',
    ];
    expect(listed(inOneFile([sc('b'), sc('a')], [sc('c'), sc('d')]))).toEqual(expected);
    expect(listed(inOneFile([sc('a'), sc('b')], [sc('d'), sc('c')]))).toEqual(expected);
  });

  test('a rename is only a removed and an added object of the same kind and namespace', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'y', namespace: 'n' } };
    expect(listed(inOneFile([configMap('x', 'n')], [secret]))).toEqual(['deletion ConfigMap n/x: no longer in the output', 'create Secret n/y']);
    expect(listed(inOneFile([configMap('x', 'a')], [configMap('y', 'b')]))).toEqual(['deletion ConfigMap a/x: no longer in the output', 'create ConfigMap b/y']);
    expect(listed(inOneFile([configMap('x')], [configMap('y', 'n')]))).toEqual(['create ConfigMap n/y', 'deletion ConfigMap x: no longer in the output']);
  });

  test('an object without metadata or apiVersion is listed as `Kind ?` and compared like any other', () => {
    expect(listed(inOneFile([configMap(undefined)], [configMap('x')]))).toEqual([
      'replacement ConfigMap ?: renamed to ConfigMap x: the old object is not renamed but replaced',
      'create ConfigMap x: replaces ConfigMap ? (rename)',
    ]);
    expect(listed(inOneFile([configMap('x')], [configMap(undefined)]))).toEqual([
      'create ConfigMap ?: replaces ConfigMap x (rename)',
      'replacement ConfigMap x: renamed to ConfigMap ?: the old object is not renamed but replaced',
    ]);
    const bare = (replicas: number) => ({ kind: 'Thing', metadata: { name: 't' }, spec: { replicas } });
    expect(listed(inOneFile([bare(1)], [bare(2)]))).toEqual(['in-place Thing t']);
  });

  test('empty YAML documents in a file are skipped', () => {
    expect(listed(inOneFile([null, configMap('a', 'n', { k: '1' }), null], [configMap('a', 'n', { k: '2' }), null]))).toEqual(['in-place ConfigMap n/a']);
  });

  test('the core group and another group share a label: the core object keeps the short one, the other is qualified', () => {
    const other = (k: string) => ({ apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' }, data: { k } });
    const changes = inOneFile([configMap('a', 'n', { k: '1' }), other('1')], [configMap('a', 'n', { k: '2' }), other('2')]);
    expect(changes.map((c) => c.object)).toEqual(['ConfigMap n/a', 'ConfigMap.example.com n/a']);
  });

  test('changed fields are listed in key order, list elements with names in name order', () => {
    const paths = (before: object, after: object) => inOneFile([configMap('a', 'n', before)], [configMap('a', 'n', after)]).flatMap((c) => c.fields.map((f) => f.path));
    expect(paths({ b: '1', a: '1' }, { b: '2', a: '2' })).toEqual(['data.a', 'data.b']);
    const named = (z: string, y: string) => ({ list: [{ name: 'z', v: z }, { name: 'y', v: y }] });
    expect(paths(named('1', '1'), named('2', '2'))).toEqual(['data.list[name=y].v', 'data.list[name=z].v']);
  });

  test('a list that becomes a mapping or a text (or back), or null that becomes a mapping, is one change of that field', () => {
    const fields = (before: unknown, after: unknown) => inOneFile([configMap('a', 'n', { x: before })], [configMap('a', 'n', { x: after })]).flatMap((c) => c.fields);
    expect(fields([1], { y: 1 })).toEqual([{ path: 'data.x', before: [1], after: { y: 1 } }]);
    expect(fields(['a', 'b'], 'ab')).toEqual([{ path: 'data.x', before: ['a', 'b'], after: 'ab' }]);
    expect(fields({ y: 1 }, [1])).toEqual([{ path: 'data.x', before: { y: 1 }, after: [1] }]);
    expect(fields('ab', ['a', 'b'])).toEqual([{ path: 'data.x', before: 'ab', after: ['a', 'b'] }]);
    expect(fields(null, { y: 1 })).toEqual([{ path: 'data.x', before: null, after: { y: 1 } }]);
    expect(fields([null], [{ name: 'y' }])).toEqual([{ path: 'data.x[0]', before: null, after: { name: 'y' } }]);
  });
});

describe('diff command', () => {
  async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: ROOT });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  test('sealedSecrets without CODECANVAS_SEALING_KEY: the rotations it reports are said to come from the missing key', async () => {
    const config = path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml');
    const clusters = (yaml.load(fs.readFileSync(config, 'utf8')) as { devEnvironmentClusters: { name: string }[] }).devEnvironmentClusters.map((c) => c.name);
    const keyed = fakeSecretEnv(clusters);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-diff-sealed-'));
    expect((await run(['synth', '--config', config, '--out', out], keyed)).code).toBe(0);
    // With the key, an unchanged config is up to date and nothing is said.
    const same = await run(['diff', '--config', config, '--out', out], keyed);
    expect({ code: same.code, stderr: same.stderr }).toEqual({ code: 0, stderr: '' });
    const unkeyed: NodeJS.ProcessEnv = { ...keyed };
    delete unkeyed.CODECANVAS_SEALING_KEY;
    const r = await run(['diff', '--config', config, '--out', out], unkeyed);
    expect(r.stdout).toMatch(/SealedSecret .*\[secret rotation\]/);
    expect(r.stderr).toContain('diff: note: CODECANVAS_SEALING_KEY is not set, so this synth sealed every Secret with fresh randomness');
  });

  test('--out that does not exist is an error, not an empty folder', async () => {
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-diff-')), 'nope');
    const r = await run(['diff', '--out', missing]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain(`diff: ${missing} is not a directory`);
  });

  test('--json carries action, reason and consequence, the exit code and what the gates block', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-diff-'));
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, yaml.dump(withField(exampleConfig(), 'devEnvironmentClusters.0.storageClasses.0.skuName', 'Premium_LRS')));
    const r = await run(['diff', '--config', file, '--json']);
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ upToDate: false, exitCode: 4, blocked: ['StorageClass codecanvas-storage'] });
    expect(json.changes.find((c: ObjectChange) => c.action !== 'file')).toMatchObject({ action: 'replacement', object: 'StorageClass codecanvas-storage', consequence: expect.any(String) });
    const allowed = await run(['diff', '--config', file, '--allow-replacements']);
    expect(allowed.code).toBe(3);
    expect(allowed.stdout).toContain('! StorageClass codecanvas-storage  (10-cluster-resources.yaml)  [REPLACEMENT]');
  });
});

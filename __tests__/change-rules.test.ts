// The lookups of diff's change rules (cli/change-rules.ts): a changed field path is matched against the tables by
// whole path segments, and a kind the tables do not list (whatever its name) has no rule. What the API server does
// with each listed field is proven on the cluster tier (test/cluster/diff.cluster.test.ts).
import { immutableFieldFor, IMMUTABLE_FIELDS, isRotationField, leftBehind, ROTATION_FIELDS } from '../cli/change-rules';
import { ARGOCD_RESOURCES_FINALIZER } from '../lib/util/names';

describe('change rules: which changed field falls under which rule', () => {
  test.each([
    ['Deployment', 'spec.selector', 'spec.selector'],
    ['Deployment', 'spec.selector.matchLabels.app', 'spec.selector'],
    ['Job', 'spec.template.spec.containers[name=c].image', 'spec.template'],
    ['StorageClass', 'parameters.skuName', 'parameters'],
  ])('%s %s is the immutable field %s', (kind, fieldPath, field) => {
    expect(immutableFieldFor(kind, fieldPath)?.path).toBe(field);
  });

  test.each([
    ['Deployment', 'spec.selectorX'],
    ['Deployment', 'spec.replicas'],
    ['StatefulSet', 'spec.template.spec'],
    ['ConfigMap', 'data.x'],
    ['constructor', 'spec.selector'],
    ['toString', 'data'],
  ])('%s %s has no immutable field', (kind, fieldPath) => {
    expect(immutableFieldFor(kind, fieldPath)).toBeUndefined();
  });

  test.each<[string, string, boolean]>([
    ['Secret', 'data.K', true],
    ['Secret', 'data["tls.crt"]', true],
    ['Secret', 'stringData', true],
    ['SealedSecret', 'spec.encryptedData.K', true],
    ['SealedSecret', 'spec.template.data.url', true],
    ['ExternalSecret', 'spec.data[0].remoteRef.key', true],
    ['ExternalSecret', 'spec.dataFrom[0]', true],
    ['ExternalSecret', 'spec.secretStoreRef.name', true],
    ['Secret', 'type', false],
    ['Secret', 'dataX', false],
    ['SealedSecret', 'spec.template.metadata.labels', false],
    ['ExternalSecret', 'spec.refreshInterval', false],
    ['ConfigMap', 'data.K', false],
    ['constructor', 'data', false],
    ['hasOwnProperty', 'data', false],
  ])('%s %s is a rotation: %s', (kind, fieldPath, rotation) => {
    expect(isRotationField(kind, fieldPath)).toBe(rotation);
  });

  test('no field is both immutable and a rotation', () => {
    for (const [kind, fields] of Object.entries(ROTATION_FIELDS)) for (const f of fields) expect({ kind, f, immutable: immutableFieldFor(kind, f) }).toEqual({ kind, f, immutable: undefined });
    expect(Object.keys(IMMUTABLE_FIELDS).length).toBeGreaterThan(0);
  });

  const STORAGE_CLASS_DATA = 'existing PersistentVolumeClaims and their disks keep the settings they were provisioned with; only new volumes get the new ones';
  test.each([
    ['StorageClass', 'parameters.skuName', 'parameters', STORAGE_CLASS_DATA],
    ['StorageClass', 'provisioner', 'provisioner', STORAGE_CLASS_DATA],
    ['StorageClass', 'reclaimPolicy', 'reclaimPolicy', `${STORAGE_CLASS_DATA}; existing PersistentVolumes keep their reclaim policy`],
    ['StorageClass', 'volumeBindingMode', 'volumeBindingMode', STORAGE_CLASS_DATA],
    ['Secret', 'type', 'type', 'pods that use the Secret read the recreated one only after they restart'],
    ['Deployment', 'spec.selector.matchLabels.app', 'spec.selector', 'the Deployment and its pods are recreated (downtime unless done with a second Deployment)'],
    ['StatefulSet', 'spec.selector.matchLabels.app', 'spec.selector', 'the StatefulSet is recreated; its PersistentVolumeClaims stay'],
    ['Job', 'spec.template.spec.containers[name=c].image', 'spec.template', 'the Job runs again from the start'],
    ['Job', 'spec.selector.matchLabels.app', 'spec.selector', 'the Job runs again from the start'],
    ['Service', 'spec.clusterIP', 'spec.clusterIP', 'the Service gets a new cluster IP; clients that cached the old one break'],
    ['PersistentVolumeClaim', 'spec.storageClassName', 'spec.storageClassName', 'recreating a PersistentVolumeClaim loses its data unless the volume is retained and rebound'],
  ])('a %s change of %s falls under %s, with what recreating the object does', (kind, fieldPath, field, consequence) => {
    expect(immutableFieldFor(kind, fieldPath)).toEqual({ path: field, consequence });
  });
});

describe('change rules: what a removed object leaves behind', () => {
  const base = 'kubectl apply leaves the old object in the cluster (orphaned); Argo CD or Flux with pruning delete it';
  const secretGone = `${base}; pods that still reference the old Secret fail to start once it is gone`;
  test.each([
    ['Namespace', `${base}, and deleting a Namespace deletes everything in it, PersistentVolumeClaims and their disks included`],
    ['StorageClass', `${base}; PersistentVolumeClaims that name it keep their disks but cannot be resized through it, and new claims for it stay Pending`],
    ['Secret', secretGone],
    ['SealedSecret', secretGone],
    ['ExternalSecret', secretGone],
    ['ConfigMap', base],
  ])('%s', (kind, text) => {
    expect(leftBehind(kind)).toBe(text);
  });

  test("an Argo CD Application with the resources finalizer (as the output writes the release Applications) takes what it deployed with it", () => {
    expect(leftBehind('Application', ['other', ARGOCD_RESOURCES_FINALIZER])).toBe(
      `${base}, and deleting this Application (it carries Argo CD's resources finalizer) makes Argo CD delete every resource it deployed`,
    );
    expect(leftBehind('Application', ['other'])).toBe(base);
    expect(leftBehind('Application')).toBe(base);
    expect(leftBehind('ConfigMap', [ARGOCD_RESOURCES_FINALIZER])).toBe(base);
  });
});

// The lookups of diff's change rules (cli/change-rules.ts): a changed field path is matched against the tables by
// whole path segments, and a kind the tables do not list (whatever its name) has no rule. What the API server does
// with each listed field is proven on the cluster tier (test/cluster/diff.cluster.test.ts).
import { immutableFieldFor, IMMUTABLE_FIELDS, isRotationField, ROTATION_FIELDS } from '../cli/change-rules';

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
});

// The validator's own Kubernetes rules, called directly: name syntax (k8s-names.ts), JSON pointers (json.ts), the
// unknown-field message (problems.ts) and the metadata checks (metadata.ts). Exact messages, both sides of every bound.
import { escapePointer, isObject } from '../cli/validate/json';
import {
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN_MAX,
  isRfc1035Label,
  isRfc1123Label,
  isRfc1123Subdomain,
  isStdBase64,
} from '../cli/validate/k8s-names';
import { checkMetadata, coreScope, Scope } from '../cli/validate/metadata';
import { unknownFieldMessage } from '../cli/validate/problems';

const a = (n: number) => 'a'.repeat(n);

describe('k8s-names', () => {
  test('the apimachinery bounds', () => {
    expect(DNS1123_LABEL_MAX).toBe(63);
    expect(DNS1123_SUBDOMAIN_MAX).toBe(253);
  });

  test.each([
    ['a', true],
    ['z', true],
    ['0', true],
    ['9', true],
    ['a-b', true],
    ['a--9', true],
    ['9a', true],
    [a(63), true],
    [a(64), false],
    ['', false],
    ['-', false],
    ['-a', false],
    ['a-', false],
    ['A', false],
    ['aB', false],
    ['a.b', false],
    ['a_b', false],
    ['`', false], // the characters just outside a-z and 0-9
    ['{', false],
    ['/', false],
    [':', false],
    ['a`b', false],
    ['a{b', false],
    ['a/b', false],
    ['a:b', false],
    ['a b', false],
  ])('isRfc1123Label(%j) is %s', (value, expected) => {
    expect(isRfc1123Label(value)).toBe(expected);
  });

  test.each([
    ['a', true],
    ['a.b', true],
    ['a-1.b-2.c', true],
    [a(100), true], // a part has no bound of its own
    [`${a(126)}.${a(126)}`, true], // 253
    [`${a(126)}.${a(127)}`, false], // 254
    [a(253), true],
    [a(254), false],
    ['', false],
    ['.a', false],
    ['a.', false],
    ['a..b', false],
    ['A.b', false],
    ['a-.b', false],
    ['a.-b', false],
    ['a_b.c', false],
  ])('isRfc1123Subdomain(%j) is %s', (value, expected) => {
    expect(isRfc1123Subdomain(value)).toBe(expected);
  });

  test.each([
    ['a', true],
    ['z', true],
    ['a1', true],
    ['z-9', true],
    [a(63), true],
    [a(64), false],
    ['0', false],
    ['9', false],
    ['1a', false],
    ['-a', false],
    ['', false],
  ])('isRfc1035Label(%j) is %s', (value, expected) => {
    expect(isRfc1035Label(value)).toBe(expected);
  });

  test.each([
    ['', true],
    ['QQ==', true],
    ['QUI=', true],
    ['QUJD', true],
    ['ab+/', true],
    ['AZaz09+/QUJD', true],
    ['QUJ', false], // not a multiple of 4
    ['QQ=', false],
    ['QUJDQ', false],
    ['Q===', false], // at most two padding characters
    ['Q=QQ', false], // padding only at the end
    ['=QQQ', false],
    ['QQ==QUJD', false],
    ['Q-_a', false], // the URL alphabet is not the standard one
    ['QU J', false],
    ['QUJ\n', false],
  ])('isStdBase64(%j) is %s', (value, expected) => {
    expect(isStdBase64(value)).toBe(expected);
  });
});

describe('json', () => {
  test.each([
    ['plain', 'plain'],
    ['a/b', 'a~1b'],
    ['a//b', 'a~1~1b'],
    ['~', '~0'],
    ['~~', '~0~0'],
    ['~1', '~01'], // ~ first, or this would read back as "/"
    ['a~/b', 'a~0~1b'],
    ['', ''],
  ])('escapePointer(%j) is %j', (segment, expected) => {
    expect(escapePointer(segment)).toBe(expected);
  });

  test.each([
    [{}, true],
    [{ a: 1 }, true],
    [null, false],
    [undefined, false],
    [[], false],
    ['x', false],
    [1, false],
  ])('isObject(%j) is %s', (value, expected) => {
    expect(isObject(value)).toBe(expected);
  });

  test('the unknown-field message', () => {
    expect(unknownFieldMessage('spec.x')).toBe('unknown field "spec.x" (not in the schema; the API server would reject or silently drop it)');
  });
});

describe('coreScope', () => {
  const CLUSTER_SCOPED = [
    '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
    'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
    'storage.k8s.io/VolumeAttributesClass',
    'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
    'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass',
    'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
    'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
    'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
    'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
    'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
    'authentication.k8s.io/TokenReview', 'authentication.k8s.io/SelfSubjectReview',
    'authorization.k8s.io/SubjectAccessReview', 'authorization.k8s.io/SelfSubjectAccessReview', 'authorization.k8s.io/SelfSubjectRulesReview',
    'internal.apiserver.k8s.io/StorageVersion', 'storagemigration.k8s.io/StorageVersionMigration',
    'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice',
  ];
  const split = (entry: string) => [entry.slice(0, entry.lastIndexOf('/')), entry.slice(entry.lastIndexOf('/') + 1)] as const;

  test.each(CLUSTER_SCOPED)('%s is cluster-scoped', (entry) => {
    const [group, kind] = split(entry);
    expect(coreScope(group, kind)).toBe('Cluster');
  });

  test.each([
    ['', 'Secret'],
    ['', 'ServiceAccount'],
    ['apps', 'Deployment'],
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'RoleBinding'],
    ['apps', 'Namespace'], // the kind in another group
    ['', 'StorageClass'], // the group matters
    ['', ''],
  ])('%j %j is namespaced', (group, kind) => {
    expect(coreScope(group, kind)).toBe('Namespaced');
  });
});

describe('checkMetadata', () => {
  const check = (doc: Record<string, unknown>, kind = 'ConfigMap', scope: Scope = 'Namespaced') => {
    const out: [string, string][] = [];
    checkMetadata(doc, kind, scope, (pointer, message) => out.push([pointer, message]));
    return out;
  };
  const meta = (metadata: Record<string, unknown>) => ({ metadata });
  const ok = { name: 'n', namespace: 'ns' };

  test('metadata must be an object; nothing else is checked without one', () => {
    for (const metadata of [undefined, null, 'x', ['name']]) {
      expect(check({ metadata })).toEqual([['/metadata', 'is required (an object with at least name)']]);
      expect(check({ metadata }, 'Namespace', 'Cluster')).toEqual([['/metadata', 'is required (an object with at least name)']]);
    }
  });

  test('a valid object has no problem', () => {
    expect(check(meta(ok))).toEqual([]);
    expect(check(meta({ name: 'n' }), 'Namespace', 'Cluster')).toEqual([]);
  });

  test('name: required and not empty; a non-string name is left to the schema', () => {
    expect(check(meta({ namespace: 'ns' }))).toEqual([['/metadata/name', 'is required']]);
    expect(check(meta({ name: '', namespace: 'ns' }))).toEqual([['/metadata/name', 'is required']]);
    expect(check(meta({ name: 5, namespace: 'ns' }))).toEqual([]);
  });

  const SUBDOMAIN = 'must be an RFC 1123 subdomain (lowercase alphanumerics, - and ., at most 253 characters)';
  const LABEL = 'must be an RFC 1123 label (lowercase alphanumerics and -, at most 63 characters)';
  const DNS1035 = 'must be an RFC 1035 label (start with a letter; lowercase alphanumerics and -, at most 63 characters)';
  const ROLE = 'may not be "." or ".." or contain "/" or "%"';
  const nameProblems = (kind: string, name: string, scope: Scope = 'Namespaced') =>
    check(meta({ name, ...(scope === 'Namespaced' ? { namespace: 'ns' } : {}) }), kind, scope);

  test.each([
    ['Namespace', 'ns-1', 'Cluster', undefined],
    ['Namespace', a(63), 'Cluster', undefined],
    ['Namespace', a(64), 'Cluster', LABEL],
    ['Namespace', 'a.b', 'Cluster', LABEL],
    ['Namespace', 'Ns', 'Cluster', LABEL],
    ['Service', 'svc', 'Namespaced', undefined],
    ['Service', a(63), 'Namespaced', undefined],
    ['Service', a(64), 'Namespaced', DNS1035],
    ['Service', '1svc', 'Namespaced', DNS1035],
    ['Service', 'a.b', 'Namespaced', DNS1035],
    ['ConfigMap', 'a.b-c', 'Namespaced', undefined],
    ['ConfigMap', a(253), 'Namespaced', undefined],
    ['ConfigMap', a(254), 'Namespaced', SUBDOMAIN],
    ['ConfigMap', 'A', 'Namespaced', SUBDOMAIN],
    ['ConfigMap', 'a..b', 'Namespaced', SUBDOMAIN],
    ['Secret', '1a', 'Namespaced', undefined],
    ['StorageClass', 'x_y', 'Cluster', SUBDOMAIN],
    ['Role', 'system:Controller_x', 'Namespaced', undefined],
    ['RoleBinding', 'system:Controller_x', 'Namespaced', undefined],
    ['ClusterRole', 'system:Controller_x', 'Cluster', undefined],
    ['ClusterRoleBinding', a(300), 'Cluster', undefined],
    ['ClusterRole', '...', 'Cluster', undefined],
    ['Role', '.', 'Namespaced', ROLE],
    ['Role', '..', 'Namespaced', ROLE],
    ['RoleBinding', 'a/b', 'Namespaced', ROLE],
    ['ClusterRole', 'a%b', 'Cluster', ROLE],
    ['ClusterRoleBinding', '/', 'Cluster', ROLE],
    // The role rule is for exactly these four kinds.
    ['XRole', 'Upper', 'Namespaced', SUBDOMAIN],
    ['RoleX', 'Upper', 'Namespaced', SUBDOMAIN],
    ['ClusterRoleBindingX', 'Upper', 'Namespaced', SUBDOMAIN],
    ['Cluster', 'Upper', 'Namespaced', SUBDOMAIN],
    ['Binding', 'Upper', 'Namespaced', SUBDOMAIN],
  ] as const)('%s name %j', (kind, name, scope, problem) => {
    expect(nameProblems(kind, name, scope)).toEqual(problem ? [['/metadata/name', `"${name}" ${problem}`]] : []);
  });

  test('namespace against the scope', () => {
    const ns = (namespace: unknown, scope: Scope, kind = 'Thing') => check(meta({ name: 'n', ...(namespace === undefined ? {} : { namespace }) }), kind, scope);
    expect(ns('x', 'Cluster', 'ClusterIssuer')).toEqual([['/metadata/namespace', 'must not be set: ClusterIssuer is cluster-scoped (found "x")']]);
    expect(ns(5, 'Cluster', 'ClusterIssuer')).toEqual([['/metadata/namespace', 'must not be set: ClusterIssuer is cluster-scoped (found "5")']]);
    expect(ns('', 'Cluster')).toEqual([]);
    expect(ns(undefined, 'Cluster')).toEqual([]);
    const required = [['/metadata/namespace', 'is required: Thing is namespaced (without it, kubectl/Argo CD/Flux pick a namespace from context)']];
    expect(ns(undefined, 'Namespaced')).toEqual(required);
    expect(ns('', 'Namespaced')).toEqual(required);
    expect(ns('Bad', 'Namespaced')).toEqual([['/metadata/namespace', '"Bad" must be an RFC 1123 label']]);
    expect(ns(a(64), 'Namespaced')).toEqual([['/metadata/namespace', `"${a(64)}" must be an RFC 1123 label`]]);
    expect(ns(a(63), 'Namespaced')).toEqual([]);
    expect(ns('a.b', 'Namespaced')).toEqual([['/metadata/namespace', '"a.b" must be an RFC 1123 label']]);
    expect(ns(5, 'Namespaced')).toEqual([]); // a non-string namespace is left to the schema
  });

  const NAME_PART = 'name part must be 1-63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  const labelKey = (key: string) => check(meta({ ...ok, labels: { [key]: 'v' } }));
  const annotationKey = (key: string) => check(meta({ ...ok, annotations: { [key]: 'v' } }));

  test.each([
    ['a', undefined],
    ['A', undefined],
    ['9', undefined],
    ['A_b.c-D9', undefined],
    [a(63), undefined],
    [`example.com/${a(63)}`, undefined],
    ['app.kubernetes.io/name', undefined],
    [a(64), NAME_PART],
    [`example.com/${a(64)}`, NAME_PART],
    ['', NAME_PART],
    ['x/', NAME_PART],
    ['-a', NAME_PART],
    ['a-', NAME_PART],
    ['_a', NAME_PART],
    ['a.', NAME_PART],
    ['a!', NAME_PART],
    ['!a', NAME_PART],
    ['a b', NAME_PART],
    ['a/b/c', 'must be [prefix/]name with at most one "/"'],
    ['/x', 'prefix must be an RFC 1123 subdomain'],
    ['Example.com/x', 'prefix must be an RFC 1123 subdomain'],
    [`${a(254)}/x`, 'prefix must be an RFC 1123 subdomain'],
    [`${a(253)}/x`, undefined],
  ])('label and annotation key %j', (key, problem) => {
    const pointerKey = key.replace(/~/g, '~0').replace(/\//g, '~1');
    expect(labelKey(key)).toEqual(problem ? [[`/metadata/labels/${pointerKey}`, `key "${key}": ${problem}`]] : []);
    expect(annotationKey(key)).toEqual(problem ? [[`/metadata/annotations/${pointerKey}`, `key "${key}": ${problem}`]] : []);
  });

  const VALUE = 'must be at most 63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  test.each([
    ['', true],
    ['a', true],
    ['Z', true],
    ['A_b.c-9', true],
    [a(63), true],
    [a(64), false],
    ['-a', false],
    ['a-', false],
    ['.a', false],
    ['a!', false],
    ['!a', false],
    ['a b', false],
  ])('label value %j valid: %s (annotation values are free)', (value, valid) => {
    expect(check(meta({ ...ok, labels: { k: value } }))).toEqual(valid ? [] : [['/metadata/labels/k', `label value "${value}" ${VALUE}`]]);
    expect(check(meta({ ...ok, annotations: { k: value } }))).toEqual([]);
  });

  test('non-string label values and non-object maps are left to the schema', () => {
    expect(check(meta({ ...ok, labels: { k: 5, j: null } }))).toEqual([]);
    expect(check(meta({ ...ok, labels: ['-bad-'], annotations: 'x' }))).toEqual([]);
  });

  test('every problem, in order: name, namespace, then each label (key before value), then each annotation', () => {
    expect(
      check(
        meta({
          name: 'Bad',
          namespace: 'Bad',
          labels: { 'a/b/c': '-v', ok: 'v', '-k': 'w' },
          annotations: { 'x/y/z': '-free' },
        }),
      ),
    ).toEqual([
      ['/metadata/name', `"Bad" ${SUBDOMAIN}`],
      ['/metadata/namespace', '"Bad" must be an RFC 1123 label'],
      ['/metadata/labels/a~1b~1c', 'key "a/b/c": must be [prefix/]name with at most one "/"'],
      ['/metadata/labels/a~1b~1c', `label value "-v" ${VALUE}`],
      ['/metadata/labels/-k', `key "-k": ${NAME_PART}`],
      ['/metadata/annotations/x~1y~1z', 'key "x/y/z": must be [prefix/]name with at most one "/"'],
    ]);
  });
});

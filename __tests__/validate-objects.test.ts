// One object through the validator (cli/validate/manifest-schemas.ts), with the small CRDs of
// fixtures/validate-crds/ and the core kinds of kubernetes-models: what each kind of object gets checked against, the
// exact problems in their order, YAML files, and the recording validator of core-kinds.ts on models written here.
import * as path from 'path';
import { coreKinds, coreModel, ModelClass, validateObjectMeta, validateWithModel } from '../cli/validate/core-kinds';
import { formatProblems, validateManifests, validateYamlFiles } from '../cli/validate/manifest-schemas';

const crdDir = path.join(__dirname, 'fixtures', 'validate-crds');
const validate = (doc: unknown) => validateManifests([doc], { crdDir });
const UNKNOWN = (key: string) => `unknown field "${key}" (not in the schema; the API server would reject or silently drop it)`;
const widget = (over: Record<string, unknown> = {}) => ({
  apiVersion: 'a.example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'ns' },
  spec: { size: 1 },
  ...over,
});

describe('what is not an object, or has no apiVersion or kind', () => {
  test.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'an array'],
    ['text', 'string'],
    [5, 'number'],
    [true, 'boolean'],
  ])('%j', (doc, described) => {
    expect(validate(doc)).toEqual([{ kind: '(unknown)', name: '', path: '', message: `is not an object (${described})` }]);
  });

  test('both missing: both reported, nothing else checked', () => {
    expect(validate({ metadata: { name: 'x' } })).toEqual([
      { kind: '(no kind)', name: 'x', path: '/apiVersion', message: 'is required (a non-empty string)' },
      { kind: '(no kind)', name: 'x', path: '/kind', message: 'is required (a non-empty string)' },
    ]);
    expect(validate({ apiVersion: '', kind: '', metadata: 'x' })).toEqual([
      { kind: '', name: '', path: '/apiVersion', message: 'is required (a non-empty string)' },
      { kind: '', name: '', path: '/kind', message: 'is required (a non-empty string)' },
    ]);
  });

  test('one missing or not a string', () => {
    expect(validate({ apiVersion: 1, kind: 'Secret', metadata: { name: 7 } })).toEqual([
      { kind: 'Secret', name: '', path: '/apiVersion', message: 'is required (a non-empty string)' },
    ]);
    expect(validate({ apiVersion: 'v1', kind: 2 })).toEqual([{ kind: '(no kind)', name: '', path: '/kind', message: 'is required (a non-empty string)' }]);
  });
});

describe('custom resources: the CRD of their group and kind', () => {
  test('a valid one', () => {
    expect(validate(widget())).toEqual([]);
  });

  test('a version the CRD does not define: that alone', () => {
    expect(validate(widget({ apiVersion: 'a.example.com/v7', metadata: {} }))).toEqual([
      { kind: 'Widget', name: '', path: '/apiVersion', message: 'a.example.com/v7 is not a version of Widget (the CRD defines v1, v1beta1, v2, v3)' },
    ]);
  });

  test('a version defined but not served: reported, and the object still checked', () => {
    expect(validate(widget({ apiVersion: 'a.example.com/v1beta1', metadata: { name: 'w' }, spec: 1 }))).toEqual([
      { kind: 'Widget', name: 'w', path: '/apiVersion', message: 'a.example.com/v1beta1 Widget is defined but not served by the CRD (use v1, v2, v3)' },
      { kind: 'Widget', name: 'w', path: '/metadata/namespace', message: 'is required: Widget is namespaced (without it, kubectl/Argo CD/Flux pick a namespace from context)' },
      { kind: 'Widget', name: 'w', path: '/spec', message: UNKNOWN('spec') },
    ]);
  });

  test('a root schema of `type: object` alone still allows apiVersion, kind and metadata (the API server keeps them)', () => {
    expect(validate({ apiVersion: 'c.example.com/v1', kind: 'Flow', metadata: { name: 'f' } })).toEqual([]);
    expect(validate({ apiVersion: 'c.example.com/v1', kind: 'Flow', metadata: { name: 'f' }, spec: {} })).toEqual([
      { kind: 'Flow', name: 'f', path: '/spec', message: UNKNOWN('spec') },
    ]);
  });

  test('in order: metadata rules, ObjectMeta, then the CRD schema', () => {
    expect(validate(widget({ metadata: { name: 'W', namespace: 'ns', bogus: 1 }, spec: { size: 'x' } }))).toEqual([
      { kind: 'Widget', name: 'W', path: '/metadata/name', message: '"W" must be an RFC 1123 subdomain (lowercase alphanumerics, - and ., at most 253 characters)' },
      { kind: 'Widget', name: 'W', path: '/metadata/bogus', message: UNKNOWN('bogus') },
      { kind: 'Widget', name: 'W', path: '/spec/size', message: 'must be of type integer' },
    ]);
  });

  test('the CRD\'s scope decides about the namespace', () => {
    expect(validate({ apiVersion: 'b.example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { on: true } })).toEqual([]);
    expect(validate({ apiVersion: 'b.example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'ns' } })).toEqual([
      { kind: 'Gadget', name: 'g', path: '/metadata/namespace', message: 'must not be set: Gadget is cluster-scoped (found "ns")' },
    ]);
  });

  test('no metadata: the rule says so, and ObjectMeta is not run on nothing', () => {
    expect(validate({ apiVersion: 'b.example.com/v1', kind: 'Gadget' })).toEqual([
      { kind: 'Gadget', name: '', path: '/metadata', message: 'is required (an object with at least name)' },
    ]);
  });

  test('a version that cannot be validated says so', () => {
    expect(validate(widget({ apiVersion: 'a.example.com/v2' }))).toEqual([
      { kind: 'Widget', name: 'w', path: '', message: 'cannot be validated: a.example.com_widgets.yaml has no openAPIV3Schema for Widget v2' },
    ]);
  });

  test('the group is everything before the last "/"', () => {
    expect(validate(widget({ apiVersion: 'x/a.example.com/v1' }))).toEqual([
      {
        kind: 'Widget',
        name: 'w',
        path: '/kind',
        message: 'no schema known for x/a.example.com/v1 Widget: neither a core kind of the output (kubernetes-models, listed in cli/validate/core-kinds.ts) nor a CRD in crds/',
      },
    ]);
  });
});

describe('core kinds: kubernetes-models, with the built-in scope', () => {
  const secret = (over: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, ...over });

  test('a valid one; a free-form map is not checked for unknown keys', () => {
    expect(validate(secret({ stringData: { anything: 'x' }, type: 'Opaque' }))).toEqual([]);
  });

  test('metadata rules, then the model\'s schema and unknown fields', () => {
    expect(validate(secret({ metadata: { name: 's' }, type: 1, strnigData: {} }))).toEqual([
      { kind: 'Secret', name: 's', path: '/metadata/namespace', message: 'is required: Secret is namespaced (without it, kubectl/Argo CD/Flux pick a namespace from context)' },
      { kind: 'Secret', name: 's', path: '/type', message: 'must be of type string' },
      { kind: 'Secret', name: 's', path: '/strnigData', message: UNKNOWN('strnigData') },
    ]);
  });

  test('the scope of the core group and of a named group', () => {
    expect(validate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', namespace: 'x' } })).toEqual([
      { kind: 'Namespace', name: 'n', path: '/metadata/namespace', message: 'must not be set: Namespace is cluster-scoped (found "x")' },
    ]);
    expect(validate({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' }, provisioner: 'p' })).toEqual([]);
    expect(validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: {}, template: {} } })).toEqual([
      { kind: 'Deployment', name: 'd', path: '/metadata/namespace', message: 'is required: Deployment is namespaced (without it, kubectl/Argo CD/Flux pick a namespace from context)' },
    ]);
  });

  test('a core kind in the CRD folder\'s unqualified group is still the core kind', () => {
    expect(validateManifests([secret()], { crdDir })).toEqual([]);
  });

  test('coreModel and coreKinds: keyed by apiVersion and kind', () => {
    expect(coreKinds()).toEqual([
      'v1/Namespace', 'v1/Secret', 'v1/ServiceAccount', 'storage.k8s.io/v1/StorageClass', 'apps/v1/Deployment',
      'autoscaling/v2/HorizontalPodAutoscaler', 'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
      'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ]);
    expect(coreModel('v1', 'Secret')).toBeDefined();
    expect(coreModel('apps/v1', 'Secret')).toBeUndefined();
    expect(coreModel('v1', 'Deployment')).toBeUndefined();
  });
});

describe('validateManifests and validateYamlFiles', () => {
  test('every object\'s problems, in the order of the objects', () => {
    expect(validateManifests([5, widget(), { kind: 'K' }], { crdDir })).toEqual([
      { kind: '(unknown)', name: '', path: '', message: 'is not an object (number)' },
      { kind: 'K', name: '', path: '/apiVersion', message: 'is required (a non-empty string)' },
    ]);
    expect(validateManifests([], { crdDir })).toEqual([]);
  });

  test('each problem names its file and document; empty documents are skipped but counted', () => {
    const files = [
      { path: 'a.yaml', content: '---\n---\nkind: K\n---\napiVersion: v1\n' },
      { path: 'b.yaml', content: 'apiVersion: a.example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: ns}\nspec: {size: 1}\n' },
      { path: 'c.yaml', content: 'a: [\n' },
      { path: 'd.yaml', content: '5\n' },
    ];
    const problems = validateYamlFiles(files, { crdDir });
    expect(problems.slice(0, 2)).toEqual([
      { file: 'a.yaml', doc: 1, kind: 'K', name: '', path: '/apiVersion', message: 'is required (a non-empty string)' },
      { file: 'a.yaml', doc: 2, kind: '(no kind)', name: '', path: '/kind', message: 'is required (a non-empty string)' },
    ]);
    expect(problems[2]).toEqual({ file: 'c.yaml', kind: '(file)', name: '', path: '', message: expect.stringMatching(/^is not valid YAML: \S/) });
    expect(problems.slice(3)).toEqual([{ file: 'd.yaml', doc: 0, kind: '(unknown)', name: '', path: '', message: 'is not an object (number)' }]);
  });

  test('formatProblems: one line each, file#doc when known', () => {
    expect(
      formatProblems([
        { file: 'f.yaml', doc: 0, kind: 'K', name: 'n', path: '/p', message: 'm' },
        { file: 'f.yaml', kind: 'K', name: '', path: '', message: 'm' },
        { kind: 'K', name: 'n', path: '/p', message: 'm' },
      ]),
    ).toBe('f.yaml#0: K/n /p: m\nf.yaml: K/(unnamed) /: m\nK/n /p: m');
    expect(formatProblems([])).toBe('');
  });
});

describe('the recording validator (core-kinds.ts) on models written here', () => {
  /** A model whose validator reads what `read` reads, then throws `errors` as ajv's ValidationError does. */
  const model = (read: (data: any) => void, errors?: unknown[]): ModelClass => ({
    prototype: {
      validate(this: unknown) {
        read(this);
        if (errors) throw Object.assign(new Error('invalid'), { errors });
      },
    },
  });

  test('every key of a read object that was not read is unknown; unread objects are not looked into', () => {
    const doc = { a: 1, b: { c: 1, d: { deep: 1 } }, list: [{ x: 1, y: 2 }, { x: 3 }], 'k/~': 1 };
    const readAB = model((data) => {
      void data.a;
      void data.b.c;
      void data.list;
      for (let i = 0; i < data.list.length; i++) void data.list[i].x;
    });
    expect(validateWithModel(readAB, doc)).toEqual([
      { path: '/b/d', message: UNKNOWN('d') },
      { path: '/list/0/y', message: UNKNOWN('y') },
      { path: '/k~1~0', message: UNKNOWN('k/~') },
    ]);
  });

  test('an object the validator enumerated (a map) has no unknown keys, but its values are walked', () => {
    const doc = { map: { one: { v: 1, w: 2 }, two: 'x' } };
    const enumerates = model((data) => {
      void data.map;
      for (const key of Object.keys(data.map)) void key;
      void data.map.one.v;
    });
    expect(validateWithModel(enumerates, doc)).toEqual([{ path: '/map/one/w', message: UNKNOWN('w') }]);
  });

  test('reading a symbol (iteration, conversion) does not make an object typed', () => {
    const symbols = model((data) => {
      void data.free[Symbol.iterator];
      void data.free[Symbol.toPrimitive];
    });
    expect(validateWithModel(symbols, { free: { a: 1 } })).toEqual([]);
  });

  test('schema errors first, then unknown fields; a scalar document has no fields', () => {
    const failing = model((data) => void data.a, [{ keyword: 'type', instancePath: '/a', schemaPath: '#/properties/a/type', params: { type: 'string' } }]);
    expect(validateWithModel(failing, { a: 1, z: 2 })).toEqual([
      { path: '/a', message: 'must be of type string' },
      { path: '/z', message: UNKNOWN('z') },
    ]);
    expect(validateWithModel(model(() => undefined), 'scalar')).toEqual([]);
    expect(validateWithModel(model(() => undefined), null)).toEqual([]);
  });

  test('anything but an ajv ValidationError is not a problem of the object: it is thrown', () => {
    const broken = model(() => {
      throw new TypeError('bug in the model');
    });
    expect(() => validateWithModel(broken, {})).toThrow('bug in the model');
    const notAList = model(() => undefined, 'errors' as unknown as unknown[]);
    expect(() => validateWithModel({ prototype: { validate: () => { throw Object.assign(new Error('odd'), { errors: 'x' }); } } }, {})).toThrow('odd');
    void notAList;
  });

  test('validateObjectMeta: the ObjectMeta schema, unknown fields included', () => {
    expect(validateObjectMeta({ name: 'x', labels: { any: 'v' } })).toEqual([]);
    expect(validateObjectMeta({ name: 'x', generation: 'one', nmae: 'y' })).toEqual([
      { path: '/generation', message: 'must be of type integer' },
      { path: '/nmae', message: UNKNOWN('nmae') },
    ]);
  });
});

// synth renders objects with cdk8s's resolve replaced by cli/output/fast-render.ts for its run. These tests hold it
// to cdk8s's own: the same JSON, key order included, for every object of every example and for hand-made values
// (Lazy, implicit tokens, number-or-string unions, nulls, lists, values cdk8s refuses), cdk8s's own path whenever an
// App has other resolvers, and cdk8s's resolve back in place however the run ends.
import * as path from 'path';
import {
  ApiObject, ApiObjectMetadataDefinition, App, Chart, ImplicitTokenResolver, IResolver, Lazy, LazyResolver, NumberStringUnionResolver, ResolutionContext,
} from 'cdk8s';
import { fastResolve, isDefaultResolvers, metadataToJson, Resolve, withFastRender } from '../cli/output/fast-render';
import { buildInstallation, synthesize } from '../cli/synth';
import { loadConfigFile } from '../lib/config/load';
import { fakeSecretEnv, ROOT } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolveModule: { resolve: Resolve } = require('cdk8s/lib/resolve');

/** An object's JSON (and its error, if cdk8s refuses it) as text, so that key order counts too. */
function rendered(render: () => unknown): string {
  try {
    return JSON.stringify(render());
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const EXAMPLES: Record<string, NodeJS.ProcessEnv> = {
  'aks.yaml': {},
  'kubectl-helm.yaml': fakeSecretEnv(['dev-local']),
  'flux-sealed-secrets.yaml': fakeSecretEnv(['dev-northeurope', 'dev-westus']),
  'three-clusters.yaml': {},
};

describe.each(Object.entries(EXAMPLES))('examples/%s', (file, env) => {
  test('every object and its metadata render to the same JSON as with cdk8s resolve', () => {
    const loaded = loadConfigFile(path.join(ROOT, 'examples', file));
    const { app } = buildInstallation(loaded, { env });
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) {
      const expected = rendered(() => o.toJson());
      expect(`${o.node.path}: ${rendered(() => withFastRender(() => o.toJson()))}`).toBe(`${o.node.path}: ${expected}`);
      expect(rendered(() => withFastRender(() => o.metadata.toJson()))).toBe(rendered(() => o.metadata.toJson()));
    }
  });
});

class Quantity {
  constructor(readonly value: string | number) {}
}
class Flag {
  readonly value = true;
}
class Token {
  constructor(private readonly produce: () => unknown) {}
  resolve(): unknown {
    return this.produce();
  }
}

/** A class that is not a union (no `value`) holding a Lazy: cdk8s resolves none of its fields, and refuses to render it. */
class Box {
  readonly inner = Lazy.any({ produce: () => 'inside' });
}

/** `o` with an own enumerable `__proto__` key holding `value`, as JSON.parse or a spread makes one. */
function withOwnProto<T extends object>(o: T, value: unknown): T {
  return Object.defineProperty(o, '__proto__', { value, enumerable: true, writable: true, configurable: true });
}

/** An object in a fresh App (default resolvers unless given) holding `spec`. */
function objectWith(spec: unknown, resolvers?: IResolver[]): ApiObject {
  const app = new App(resolvers ? { resolvers } : {});
  const chart = new Chart(app, 'c', { labels: { team: Lazy.any({ produce: () => 'platform' }) as unknown as string } });
  return new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n', annotations: { a: 'b' } }, spec });
}

const VALUES: Record<string, () => unknown> = {
  'plain values, nested': () => ({ b: [1, 'x', true, { d: 0, c: '' }], a: { z: [], y: {} } }),
  'null and undefined in objects and lists': () => ({ a: null, b: undefined, c: [null, undefined, 1], d: { e: undefined } }),
  'a Lazy, and a Lazy that produces a Lazy and a list': () => ({
    a: Lazy.any({ produce: () => 'lazy' }),
    b: Lazy.any({ produce: () => Lazy.any({ produce: () => [1, Lazy.any({ produce: () => ({ x: 2 }) })] }) }),
  }),
  'an implicit token (a resolve method), and one resolving to a Lazy': () => ({
    a: new Token(() => ({ k: 'v' })),
    b: new Token(() => Lazy.any({ produce: () => 3 })),
  }),
  'number-or-string unions (an IntOrString, a Quantity) in a list and an object': () => ({
    a: new Quantity(8080),
    b: [new Quantity('500m'), { c: new Quantity(0) }],
  }),
  'a plain object whose `value` is a number stays a mapping': () => ({ port: { value: 1 } }),
  'a class instance whose `value` is a boolean (cdk8s refuses it)': () => ({ a: new Flag() }),
  'a Date (cdk8s refuses it)': () => ({ when: new Date(0) }),
  'a function value': () => ({ f: () => 1, g: [Math.max] }),
  'only the last value changes': () => ({ a: 1, b: 'x', c: [1, 2, Lazy.any({ produce: () => 3 })] }),
  'a changed list inside an unchanged object': () => ({ a: { b: { c: ['x', new Token(() => 'y')] } }, d: 'z' }),
  'an object with no prototype': () => ({ a: Object.assign(Object.create(null), { value: 'v' }) }),
  'a function with a resolve method, and one with a number value (resolved like objects)': () => ({
    a: Object.assign(() => 'called', { resolve: () => 'resolved' }),
    b: [Object.assign(() => 'called', { value: 3 })],
  }),
  'a class instance holding a Lazy (not resolved inside; cdk8s refuses it)': () => ({ a: new Box() }),
  'an own __proto__ key holding a Lazy that produces text (the copy keeps its plain prototype)': () => ({ a: withOwnProto({ b: 1 }, Lazy.any({ produce: () => 'text' })) }),
};

describe('hand-made values', () => {
  test.each(Object.entries(VALUES))('%s: the same JSON, or the same error, as cdk8s resolve', (_name, spec) => {
    const expected = rendered(() => objectWith(spec()).toJson());
    expect(rendered(() => withFastRender(() => objectWith(spec()).toJson()))).toBe(expected);
    const o = objectWith(spec());
    expect(rendered(() => withFastRender(() => o.metadata.toJson()))).toBe(rendered(() => o.metadata.toJson()));
  });

  test('each value as cdk8s resolves it, top level included', () => {
    const original = resolveModule.resolve;
    const fast = fastResolve(original);
    const o = objectWith({});
    for (const [name, make] of Object.entries(VALUES)) {
      expect(`${name}: ${rendered(() => fast(['spec'], make(), o))}`).toBe(`${name}: ${rendered(() => original(['spec'], make(), o))}`);
    }
    for (const leaf of [null, undefined, 0, -1.5, '', 'text', true, false, new Quantity(3), new Quantity('1Gi'), new Flag(), [], {}]) {
      expect(rendered(() => fast([], leaf, o))).toBe(rendered(() => original([], leaf, o)));
      expect(fast([], leaf, o)).toStrictEqual(original([], leaf, o));
    }
  });

  test('what does not change is not copied; a change copies only the lists and objects on its path', () => {
    const fast = fastResolve(resolveModule.resolve);
    const o = objectWith({});
    const plain = { a: [1, { b: 'c' }], d: { e: 'f' } };
    expect(fast([], plain, o)).toBe(plain);
    const changed = { keep: { x: 1 }, list: ['a', Lazy.any({ produce: () => 'b' }), 'c'], after: 'z' };
    const result = fast([], changed, o) as typeof changed;
    expect(result).not.toBe(changed);
    expect(result).toStrictEqual({ keep: { x: 1 }, list: ['a', 'b', 'c'], after: 'z' });
    expect(Object.keys(result)).toEqual(['keep', 'list', 'after']);
    expect(result.keep).toBe(changed.keep);
    expect(result.list).not.toBe(changed.list);
    expect(changed.list[1]).toBeInstanceOf(Lazy);
  });

  test('the rendered JSON shares nothing with the props: changing it leaves the next rendering as it was', () => {
    const o = objectWith({ a: { b: ['c'] } });
    const first = withFastRender(() => o.toJson());
    first.spec.a.b.push('changed');
    first.spec.a.x = 1;
    expect(withFastRender(() => o.toJson()).spec).toEqual({ a: { b: ['c'] } });
  });
});

/** An object whose metadata was given `metadata` and then changed by `change`. */
function objectWithMetadata(metadata: Record<string, unknown>, change: (m: ApiObjectMetadataDefinition) => void = () => undefined): ApiObject {
  const chart = new Chart(new App(), 'c', { labels: { team: 'platform' } });
  const o = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata });
  change(o.metadata);
  return o;
}

const METADATA: Record<string, () => ApiObject> = {
  'name, namespace, labels and annotations': () => objectWithMetadata({ name: 'n', namespace: 'ns', labels: { a: 'b' }, annotations: { c: 'd' } }),
  'no name: cdk8s makes one; no namespace': () => objectWithMetadata({}),
  'extra attributes before and after the known fields, in the order given': () =>
    objectWithMetadata({ generateName: 'g-', name: 'n', uid: 'u', annotations: { z: '1' }, resourceVersion: '7' }, (m) => m.add('zeta', 'z')),
  'finalizers, owner references, and what was added after construction': () =>
    objectWithMetadata({ name: 'n', finalizers: ['f'], ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'o', uid: 'u' }] }, (m) => {
      m.addLabel('added', 'label');
      m.addAnnotation('added', 'annotation');
      m.addFinalizers('g');
    }),
  'empty lists and mappings are left out, nested ones too': () =>
    objectWithMetadata({ name: 'n', finalizers: [], labels: {}, annotations: {} }, (m) => m.add('extra', { empty: {}, list: [], keep: 'x' })),
  'Lazy and token values in extra attributes and labels': () =>
    objectWithMetadata({ name: 'n', labels: { l: Lazy.any({ produce: () => 'lazy' }) as unknown as string } }, (m) => m.add('extra', new Token(() => ({ t: 1 })))),
  'an extra attribute named __proto__': () => objectWithMetadata({ name: 'n' }, (m) => m.add('__proto__', { polluted: 'yes' })),
  'an extra attribute cdk8s refuses (a Date)': () => objectWithMetadata({ name: 'n' }, (m) => m.add('when', new Date(0))),
  'an own __proto__ key holding a Date (cdk8s refuses the object it becomes the prototype of)': () => objectWithMetadata(withOwnProto({ name: 'n' }, new Date(0))),
};

describe('metadata', () => {
  test.each(Object.entries(METADATA))('%s: the same JSON, key order included, as cdk8s renders it', (_name, make) => {
    const o = make();
    const expected = rendered(() => o.metadata.toJson());
    expect(rendered(() => metadataToJson.call(o.metadata))).toBe(expected);
    expect(rendered(() => withFastRender(() => o.metadata.toJson()))).toBe(expected);
    expect(rendered(() => withFastRender(() => o.toJson()))).toBe(rendered(() => o.toJson()));
  });

  test('an own __proto__ key (as JSON.parse makes one) in the metadata and the props: what cdk8s makes of it, prototypes included', () => {
    const make = () => {
      const chart = new Chart(new App(), 'c');
      return new ApiObject(chart, 'o', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: JSON.parse('{"name": "n", "__proto__": {"polluted": "meta"}}'),
        spec: JSON.parse('{"a": 1, "__proto__": {"polluted": "spec"}}'),
      });
    };
    const plain = make().toJson();
    const fast = withFastRender(() => make().toJson());
    expect(JSON.stringify(fast)).toBe(JSON.stringify(plain));
    expect(Object.getPrototypeOf(fast.metadata)).toBe(Object.getPrototypeOf(plain.metadata));
    expect(Object.getPrototypeOf(fast.spec)).toBe(Object.getPrototypeOf(plain.spec));
    expect(fast.spec.polluted).toBe(plain.spec.polluted);
    expect(fast.metadata.polluted).toBe(plain.metadata.polluted);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

class Recorder implements IResolver {
  readonly seen: string[] = [];
  resolve(context: ResolutionContext): void {
    this.seen.push(context.key.join('.'));
  }
}
class OwnLazyResolver extends LazyResolver {}

describe('an App with other resolvers than the defaults', () => {
  test('default resolvers: exactly those three classes, in that order', () => {
    expect(isDefaultResolvers(new App().resolvers)).toBe(true);
    expect(isDefaultResolvers([new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()])).toBe(true);
    expect(isDefaultResolvers([new LazyResolver(), new ImplicitTokenResolver()])).toBe(false);
    expect(isDefaultResolvers([new ImplicitTokenResolver(), new LazyResolver(), new NumberStringUnionResolver()])).toBe(false);
    expect(isDefaultResolvers([new OwnLazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()])).toBe(false);
    expect(isDefaultResolvers([new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver(), new Recorder()])).toBe(false);
    expect(isDefaultResolvers([])).toBe(false);
  });

  test('are asked by cdk8s itself, with every key path, exactly as without the replacement', () => {
    const spec = () => ({ a: [1, { b: Lazy.any({ produce: () => 'c' }) }], d: new Quantity(2) });
    const plain = new Recorder();
    const expected = rendered(() => objectWith(spec(), [plain, new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()]).toJson());
    const replaced = new Recorder();
    const actual = rendered(() => withFastRender(() => objectWith(spec(), [replaced, new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()]).toJson()));
    expect(actual).toBe(expected);
    expect(replaced.seen).toEqual(plain.seen);
    expect(plain.seen).toContain('spec.a.1.b');
  });
});

describe('withFastRender', () => {
  test('cdk8s resolve and the metadata toJson are replaced during the run and put back after it', () => {
    const original = resolveModule.resolve;
    const originalMetadata = ApiObjectMetadataDefinition.prototype.toJson;
    let during: Resolve | undefined;
    let duringMetadata: unknown;
    expect(withFastRender(() => {
      during = resolveModule.resolve;
      duringMetadata = ApiObjectMetadataDefinition.prototype.toJson;
      return 42;
    })).toBe(42);
    expect(during).not.toBe(original);
    expect(during!([], { a: Lazy.any({ produce: () => 1 }) }, objectWith({}))).toEqual({ a: 1 });
    expect(duringMetadata).toBe(metadataToJson);
    expect(resolveModule.resolve).toBe(original);
    expect(ApiObjectMetadataDefinition.prototype.toJson).toBe(originalMetadata);
  });

  test('both are put back when the run throws', () => {
    const original = resolveModule.resolve;
    const originalMetadata = ApiObjectMetadataDefinition.prototype.toJson;
    expect(() => withFastRender(() => {
      throw new Error('render failed');
    })).toThrow('render failed');
    expect(resolveModule.resolve).toBe(original);
    expect(ApiObjectMetadataDefinition.prototype.toJson).toBe(originalMetadata);
  });

  test('synth renders with it: cdk8s resolve itself is not called for any value of the example', () => {
    const spy = jest.spyOn(resolveModule, 'resolve');
    try {
      objectWith({ a: 1 }).toJson();
      expect(spy).toHaveBeenCalled();
      spy.mockClear();
      const loaded = loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml'));
      const files = synthesize(loaded, { env: {} }).files;
      expect(files.length).toBeGreaterThan(5);
      expect(spy).not.toHaveBeenCalled();
      expect(resolveModule.resolve).toBe(spy);
    } finally {
      spy.mockRestore();
    }
  });
});

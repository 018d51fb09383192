// synth renders objects with cdk8s's resolve replaced by cli/output/fast-resolve.ts for its run. These tests hold it
// to cdk8s's own: the same JSON, key order included, for every object of every example and for hand-made values
// (Lazy, implicit tokens, number-or-string unions, nulls, lists, values cdk8s refuses), cdk8s's own path whenever an
// App has other resolvers, and cdk8s's resolve back in place however the run ends.
import * as path from 'path';
import {
  ApiObject, App, Chart, ImplicitTokenResolver, IResolver, Lazy, LazyResolver, NumberStringUnionResolver, ResolutionContext,
} from 'cdk8s';
import { fastResolve, isDefaultResolvers, Resolve, withFastResolve } from '../cli/output/fast-resolve';
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
    const loaded = loadConfigFile(path.join(ROOT, 'examples', file), { env });
    const { app } = buildInstallation(loaded, { env });
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) {
      const expected = rendered(() => o.toJson());
      expect(`${o.node.path}: ${rendered(() => withFastResolve(() => o.toJson()))}`).toBe(`${o.node.path}: ${expected}`);
      expect(rendered(() => withFastResolve(() => o.metadata.toJson()))).toBe(rendered(() => o.metadata.toJson()));
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
};

describe('hand-made values', () => {
  test.each(Object.entries(VALUES))('%s: the same JSON, or the same error, as cdk8s resolve', (_name, spec) => {
    const expected = rendered(() => objectWith(spec()).toJson());
    expect(rendered(() => withFastResolve(() => objectWith(spec()).toJson()))).toBe(expected);
    const o = objectWith(spec());
    expect(rendered(() => withFastResolve(() => o.metadata.toJson()))).toBe(rendered(() => o.metadata.toJson()));
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
    const first = withFastResolve(() => o.toJson());
    first.spec.a.b.push('changed');
    first.spec.a.x = 1;
    expect(withFastResolve(() => o.toJson()).spec).toEqual({ a: { b: ['c'] } });
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
    const actual = rendered(() => withFastResolve(() => objectWith(spec(), [replaced, new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()]).toJson()));
    expect(actual).toBe(expected);
    expect(replaced.seen).toEqual(plain.seen);
    expect(plain.seen).toContain('spec.a.1.b');
  });
});

describe('withFastResolve', () => {
  test('cdk8s resolve is replaced during the run and put back after it', () => {
    const original = resolveModule.resolve;
    let during: Resolve | undefined;
    expect(withFastResolve(() => {
      during = resolveModule.resolve;
      return 42;
    })).toBe(42);
    expect(during).not.toBe(original);
    expect(during!([], { a: Lazy.any({ produce: () => 1 }) }, objectWith({}))).toEqual({ a: 1 });
    expect(resolveModule.resolve).toBe(original);
  });

  test('cdk8s resolve is put back when the run throws', () => {
    const original = resolveModule.resolve;
    expect(() => withFastResolve(() => {
      throw new Error('render failed');
    })).toThrow('render failed');
    expect(resolveModule.resolve).toBe(original);
  });

  test('synth renders with it: cdk8s resolve itself is not called for any value of the example', () => {
    const spy = jest.spyOn(resolveModule, 'resolve');
    try {
      objectWith({ a: 1 }).toJson();
      expect(spy).toHaveBeenCalled();
      spy.mockClear();
      const loaded = loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml'), { env: {} });
      const files = synthesize(loaded, { env: {} }).files;
      expect(files.length).toBeGreaterThan(5);
      expect(spy).not.toHaveBeenCalled();
      expect(resolveModule.resolve).toBe(spy);
    } finally {
      spy.mockRestore();
    }
  });
});

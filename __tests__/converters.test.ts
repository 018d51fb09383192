// scripts/converters.js: the generated converters' undefined-filter (a reduce that spreads the object built so far
// once per key) rewritten in synth's bundles as one linear function, and the generated classes' spread of their GVK
// and props as a call of one copying function. Each must give the same object for every input, and the rewrite must
// touch exactly those expressions. (That the bundles then write the committed dist/ byte for byte
// is checked by the slow tier: test/slow/entry-points.slow.test.ts for `npm run synth`'s bundle, bundles.slow.test.ts for
// every example.)
import * as fs from 'fs';
import * as path from 'path';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { ApiObject, Chart } from 'cdk8s';
import { ROOT, testChart } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { definedFields, spread, rewriteConverters, HELPER_NAME, SPREAD_NAME } = require('../scripts/converters') as {
  definedFields: (o: unknown) => Record<string, unknown>;
  spread: (a: unknown, b: unknown) => Record<PropertyKey, unknown>;
  rewriteConverters: (code: string) => { code: string; count: number; spreads: number };
  HELPER_NAME: string;
  SPREAD_NAME: string;
};

/** The expression as `cdk8s import` writes it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const generated = (o: any) => Object.entries(o).reduce((r, i) => (i[1] === undefined ? r : { ...r, [i[0]]: i[1] }), {});

/** Everything about an object that a later reader could tell apart: its prototype, own keys in order, each value and descriptor. */
function shape(o: object): unknown {
  return {
    proto: Object.getPrototypeOf(o) === Object.prototype,
    keys: Reflect.ownKeys(o),
    props: Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)]),
  };
}

const KEYS = ['a', 'b', 'apiVersion', '__proto__', 'constructor', 'toString', '0', '1', '10', '2', '-1', '01', '4294967295', 'x-y', '$ref', ''];
const VALUES = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(0), fc.constant(''), fc.constant(false), fc.string(), fc.integer(), fc.constant([]), fc.constant({}));

describe('definedFields', () => {
  test('gives what the generated reduce gives: same own keys in the same order, same values, a plain object (random objects, a new seed each run)', () => {
    const entries = fc.array(fc.tuple(fc.constantFrom(...KEYS), VALUES), { maxLength: 12 });
    fc.assert(
      fc.property(entries, (pairs) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
        expect(shape(definedFields(o))).toEqual(shape(generated(o)));
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['an own __proto__ key stays an own property, the prototype untouched', JSON.parse('{"__proto__": {"x": 1}, "a": 2}')],
    ['integer-like keys first, ascending, then the rest in insertion order', { b: 1, 2: 'two', a: undefined, 1: 'one', c: null }],
    ['undefined dropped; null, false, 0 and empty text kept', { a: undefined, b: null, c: false, d: 0, e: '' }],
    ['nothing defined', { a: undefined }],
    ['empty', {}],
  ])('%s', (_what, o) => {
    expect(shape(definedFields(o))).toEqual(shape(generated(o)));
  });

  test('a non-enumerable or inherited property is not copied, as Object.entries does not list it', () => {
    const o = Object.create({ inherited: 1 });
    Object.defineProperty(o, 'hidden', { value: 2, enumerable: false });
    o.own = 3;
    expect(shape(definedFields(o))).toEqual(shape(generated(o)));
    expect(definedFields(o)).toEqual({ own: 3 });
  });

  test('null and undefined are refused as Object.entries refuses them', () => {
    expect(() => generated(null)).toThrow(TypeError);
    expect(() => definedFields(null)).toThrow(TypeError);
    expect(() => definedFields(undefined)).toThrow(TypeError);
  });
});

describe('spread', () => {
  const SYMBOLS = [Symbol('s1'), Symbol.for('s2')];
  /** A plain object with the given own properties, each defined as a spread or a literal defines it (so `__proto__` stays a key). */
  const objectOf = (pairs: readonly (readonly [PropertyKey, unknown])[]) => {
    const o: Record<PropertyKey, unknown> = {};
    for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
    return o;
  };

  test('gives what `{ ...a, ...b }` gives: the same keys in the same order, symbols included, the same values and descriptors (random objects, a new seed each run)', () => {
    const entries = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...SYMBOLS)), VALUES), { maxLength: 10 });
    fc.assert(
      fc.property(entries, entries, (first, second) => {
        const a = objectOf(first);
        const b = objectOf(second);
        expect(shape(spread(a, b))).toEqual(shape({ ...a, ...b }));
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['null and undefined give nothing', null, undefined],
    ['a key of both keeps the first place with the second value', { a: 1, b: 2, c: 3 }, { b: 'two', d: 4 }],
    ['an own __proto__ key stays an own property, the prototype untouched', JSON.parse('{"__proto__": {"x": 1}, "a": 2}'), { b: 3 }],
    ['integer-like keys first, ascending, then the rest in insertion order', { b: 1, 2: 'two' }, { a: 0, 1: 'one' }],
    ['a string spreads its characters, a number nothing', 'ab', 7],
    ['a list spreads its items by index', ['x', 'y'], { kind: 'K' }],
  ])('%s', (_what, a, b) => {
    expect(shape(spread(a, b))).toEqual(shape({ ...(a as object), ...(b as object) }));
  });

  test('a non-enumerable or inherited property is not copied; a getter is read once, its value copied', () => {
    const a = Object.create({ inherited: 1 });
    Object.defineProperty(a, 'hidden', { value: 2, enumerable: false });
    Object.defineProperty(a, Symbol.for('hidden'), { value: 3, enumerable: false });
    let reads = 0;
    Object.defineProperty(a, 'computed', { get: () => ++reads, enumerable: true });
    const result = spread(a, undefined);
    expect(reads).toBe(1);
    expect(shape(result)).toEqual(shape({ computed: 1 }));
    expect(shape({ ...a })).toEqual(shape({ computed: 2 }));
  });
});

describe('rewriteConverters', () => {
  /** Our generated bindings and cdk8s-plus-28's, as esbuild prints them plain and whitespace-minified. */
  const sources = [
    ...fs.readdirSync(path.join(ROOT, 'imports')).map((f) => path.join(ROOT, 'imports', f)),
    require.resolve('cdk8s-plus-28/lib/imports/k8s.js'),
  ];
  const compiled = new Map<string, string>();
  /** What esbuild prints for a file (each form compiled once for the tests below). */
  const compile = (file: string, minify: boolean) => {
    const key = `${minify}:${file}`;
    if (!compiled.has(key)) {
      compiled.set(key, esbuild.transformSync(fs.readFileSync(file, 'utf8'), { loader: file.endsWith('.ts') ? 'ts' : 'js', format: 'cjs', minifyWhitespace: minify, target: 'node20' }).code);
    }
    return compiled.get(key)!;
  };

  test.each([false, true])('replaces every plain undefined-filter of the generated bindings and nothing else (whitespace minified: %s)', (minify) => {
    let total = 0;
    for (const file of sources) {
      const code = compile(file, minify);
      const { code: out, count } = rewriteConverters(code);
      // What the rewrite replaced, counted independently: the filters whose kept value is `i[1]` itself.
      const filters = code.match(/\[i\[0\]\]:\s*i\[1\]\s*\}/g) ?? [];
      expect([path.basename(file), count]).toEqual([path.basename(file), filters.length]);
      total += count;
      // The other filters (a value converted on the way: `i[1]?.value`, `toJson_X(i[1])`) are left as they are.
      const others = (code.match(/\[i\[0\]\]:\s*[^\s}]/g) ?? []).length - filters.length;
      expect((out.match(/\[i\[0\]\]:/g) ?? []).length).toBe(others);
      // Each call passes what Object.entries was given, in the same order.
      const before = [...code.matchAll(/Object\.entries\(([\w$.]+)\)\.reduce\(\(r,\s*i\)\s*=>\s*\(?\s*i\[1\]\s*===\s*(?:void 0|undefined)\s*\)?\s*\?\s*r\s*:\s*\(?\s*\{\s*\.\.\.r,\s*\[i\[0\]\]:\s*i\[1\]\s*\}/g)].map((m) => m[1]);
      const after = [...out.matchAll(new RegExp(`(?<!function )${HELPER_NAME}\\(([\\w$.]+)\\)`, 'g'))].map((m) => m[1]);
      expect(after).toEqual(before);
      // The helper is defined once, only where something was replaced.
      expect((out.match(new RegExp(`function ${HELPER_NAME}\\(`, 'g')) ?? []).length).toBe(count > 0 ? 1 : 0);
    }
    // cdk8s-plus-28's bindings alone hold well over a thousand: a cdk8s that wrote them differently would show here.
    expect(total).toBeGreaterThan(1500);
  });

  test('a rewritten module gives the same converter results as the generated one', () => {
    // The Argo CD Application converter on a full spec: nested objects, lists, maps, undefined and null fields.
    const load = (code: string) => {
      const module = { exports: {} as Record<string, (o: unknown) => unknown> };
      // eslint-disable-next-line no-new-func
      new Function('module', 'exports', 'require', code)(module, module.exports, require);
      return module.exports;
    };
    const file = path.join(ROOT, 'imports', 'argocd-argoproj.io.ts');
    const code = compile(file, true);
    const original = load(code);
    const rewritten = load(rewriteConverters(code).code);
    const props = {
      metadata: { name: 'a', labels: { x: 'y', z: undefined } },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'codecanvas', name: undefined },
        source: { repoUrl: 'https://git.example.com/r.git', path: 'dist/app', targetRevision: 'main', helm: { valueFiles: ['a.yaml'], parameters: [{ name: 'p', value: 'v', forceString: undefined }] } },
        syncPolicy: { automated: { prune: true, selfHeal: true, allowEmpty: undefined }, syncOptions: ['CreateNamespace=false'], retry: { limit: 5, backoff: { duration: '5s', factor: 2 } } },
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'], name: null }],
      },
    };
    const a = original.toJson_ApplicationProps(props);
    const b = rewritten.toJson_ApplicationProps(props);
    // The converters ran (field names mapped, undefined fields dropped at every level), so the comparison means something.
    expect((a as any).spec).toMatchObject({ source: { repoURL: 'https://git.example.com/r.git' }, syncPolicy: { automated: { prune: true } } });
    expect(Object.keys((a as any).spec.destination).sort()).toEqual(['namespace', 'server']);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(b).toEqual(a);
    // The class's GVK spreads: its manifest, and an object made in a chart and rendered.
    const Original = original.Application as unknown as { manifest: (p: unknown) => unknown; new (scope: Chart, id: string, p: unknown): ApiObject };
    const Rewritten = rewritten.Application as unknown as typeof Original;
    expect(JSON.stringify(Rewritten.manifest(props))).toBe(JSON.stringify(Original.manifest(props)));
    expect((Rewritten.manifest(props) as { kind: string }).kind).toBe('Application');
    const chart = testChart();
    const made = [new Original(chart, 'original', props), new Rewritten(chart, 'rewritten', props)].map((o) => o.toJson());
    expect(made[1]).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec: { source: { repoURL: 'https://git.example.com/r.git' } } });
    expect(JSON.stringify(made[1]).replace(/rewritten/g, 'original')).toBe(JSON.stringify(made[0]));
  });

  test('code without either expression is returned as it is, with nothing appended', () => {
    const code = 'const x = Object.entries(o).reduce((r, i) => r, {});\nconst y = { ...K.GVK, ...a.b };\nconst z = { ...K.GVK, extra, ...props };\n';
    expect(rewriteConverters(code)).toEqual({ code, count: 0, spreads: 0 });
  });

  test.each([false, true])('replaces every GVK spread of the generated classes and nothing else (whitespace minified: %s)', (minify) => {
    let total = 0;
    for (const file of sources) {
      const code = compile(file, minify);
      const { code: out, spreads } = rewriteConverters(code);
      // Counted independently: every spread of a class's GVK, which the classes follow with the props alone.
      const before = [...code.matchAll(/\.\.\.([\w$]+\.GVK),\s*\.\.\.([\w$]+(?:\([\w$]+\))?)/g)].map((m) => `${m[1]}, ${m[2]}`);
      expect([path.basename(file), spreads]).toEqual([path.basename(file), before.length]);
      expect(out).not.toMatch(/\.\.\.[\w$]+\.GVK/);
      // Each call passes the same two objects, in the same order.
      const after = [...out.matchAll(new RegExp(`\\(${SPREAD_NAME}\\(([\\w$.]+, [\\w$]+(?:\\([\\w$]+\\))?)\\)\\)`, 'g'))].map((m) => m[1]);
      expect(after).toEqual(before);
      expect((out.match(new RegExp(`function ${SPREAD_NAME}\\(`, 'g')) ?? []).length).toBe(spreads > 0 ? 1 : 0);
      total += spreads;
    }
    // Three per class (constructor, manifest, toJson): cdk8s-plus-28's bindings alone have about 150 classes.
    expect(total).toBeGreaterThan(400);
  });
});

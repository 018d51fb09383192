/**
 * synth's rendering of objects to JSON, made cheaper without changing a byte of it.
 *
 * cdk8s renders an object (`ApiObject.toJson()`, and its metadata's `toJson()`) through its `resolve(key, value,
 * apiObject)`, which for every value of the object, leaves included: walks the construct tree up to the App to read
 * its resolvers (`App.of`), allocates a `ResolutionContext`, copies the key path, and asks each resolver in turn. On a
 * 1,000-cluster synth that was about a fifth of the CPU time. With the App's default resolvers (Lazy, implicit
 * tokens, number-or-string unions) none of that per-value work is needed: they look only at the value.
 *
 * {@link fastResolve} is a drop-in for cdk8s's `resolve`: with exactly the default resolvers it applies their three
 * rules itself, in their order, once per value; with any other resolvers (a user's App) it calls cdk8s's own. synth
 * installs it for its own run only ({@link withFastResolve}), on cdk8s's resolve module, where `ApiObject.toJson`
 * and the metadata's `toJson` look it up on every call. The library never does; a user's `app.synth()` is cdk8s's
 * own path. `__tests__/fast-resolve.test.ts` proves it returns what cdk8s's returns, value for value, on every
 * object of every example, and that the committed `dist/` (rendered by cdk8s's path) is what synth writes.
 */
import { App, ApiObject, ImplicitTokenResolver, IResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** cdk8s's `resolve`: the value with every token, Lazy and union resolved. */
export type Resolve = (key: string[], value: unknown, apiObject: ApiObject) => unknown;

/** cdk8s's module that holds `resolve`; ApiObject and its metadata call `resolve` through it on every call. */
interface ResolveModule {
  resolve: Resolve;
}

// A plain require: the module object itself (not an import's copy) is what cdk8s's own modules call through.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolveModule: ResolveModule = require('cdk8s/lib/resolve');

/** Read once: a compiled import is a property read on every use. */
const LAZY = Lazy;

/** The exact classes of an App's default resolvers, in their order (cdk8s's App constructor). */
const DEFAULT_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** Whether `resolvers` are exactly cdk8s's defaults, in order: no subclass, nothing added. */
export function isDefaultResolvers(resolvers: readonly IResolver[]): boolean {
  return resolvers.length === DEFAULT_RESOLVERS.length && resolvers.every((r, i) => r.constructor === DEFAULT_RESOLVERS[i]);
}

/**
 * A `resolve` that gives what `original` (cdk8s's) gives: the default resolvers' rules applied here, once per value;
 * any other resolvers through `original`.
 */
export function fastResolve(original: Resolve): Resolve {
  return (key, value, apiObject) => (isDefaultResolvers(App.of(apiObject).resolvers) ? resolveDefault(value) : original(key, value, apiObject));
}

/**
 * What cdk8s's resolve returns with the default resolvers: null and undefined as they are; a Lazy produced (the
 * LazyResolver), then a value with a `resolve` method resolved (the ImplicitTokenResolver), then an object that is
 * not a plain one and has a number or string `value` made `{ value }` (the NumberStringUnionResolver), each
 * replacement resolved again; then lists and plain objects value by value; anything else as it is.
 *
 * Unlike cdk8s's, a list or plain object none of whose values changes is returned itself rather than copied: its
 * two callers (ApiObject's and its metadata's `toJson`) hand the result straight to cdk8s's `sanitizeValue`, which
 * copies every list and object it keeps and changes none it reads, so the rendered JSON shares nothing with the
 * construct's props either way; only the copies that were thrown away are gone.
 */
function resolveDefault(value: any): unknown {
  // A string, number or boolean: no resolver replaces it (none of their prototypes has `resolve` or `value`).
  if (value == null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (value instanceof LAZY) return resolveDefault(value.produce());
  if (typeof value.resolve === 'function') return resolveDefault(value.resolve());
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return resolveDefault({ value: value.value });
  }
  if (Array.isArray(value)) {
    let list: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = resolveDefault(value[i]);
      if (list === undefined && item !== value[i]) list = value.slice(0, i);
      if (list !== undefined) list.push(item);
    }
    return list ?? value;
  }
  if (value.constructor === Object) {
    const keys = Object.keys(value);
    let result: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const item = resolveDefault(value[keys[i]]);
      if (result === undefined && item !== value[keys[i]]) {
        result = {};
        for (let j = 0; j < i; j++) result[keys[j]] = value[keys[j]];
      }
      if (result !== undefined) result[keys[i]] = item;
    }
    return result ?? value;
  }
  return value;
}

/** Runs `render` with {@link fastResolve} in place of cdk8s's resolve, and puts cdk8s's back however it ends. */
export function withFastResolve<T>(render: () => T): T {
  const original = resolveModule.resolve;
  resolveModule.resolve = fastResolve(original);
  try {
    return render();
  } finally {
    resolveModule.resolve = original;
  }
}

/**
 * synth's rendering of objects to JSON, made cheaper without changing a byte of it.
 *
 * cdk8s renders an object (`ApiObject.toJson()`, and its metadata's `toJson()`) through its `resolve(key, value,
 * apiObject)`, which for every value of the object, leaves included: walks the construct tree up to the App to read
 * its resolvers (`App.of`), allocates a `ResolutionContext`, copies the key path, and asks each resolver in turn. On a
 * 1,000-cluster synth that was about a fifth of the CPU time. With the App's default resolvers (Lazy, implicit
 * tokens, number-or-string unions) none of that per-value work is needed: they look only at the value. And the
 * metadata's `toJson()` copies its extra attributes with an object spread, which is slow on that object (cdk8s
 * deletes a property from it when it is made): another 4 %.
 *
 * {@link fastResolve} is a drop-in for cdk8s's `resolve`: with exactly the default resolvers it applies their three
 * rules itself, in their order, once per value; with any other resolvers (a user's App) it calls cdk8s's own.
 * {@link metadataToJson} is cdk8s's metadata `toJson` with the spread written as a loop. synth installs both for its
 * own run only ({@link withFastRender}): the resolve on cdk8s's resolve module, where `ApiObject.toJson` and the
 * metadata's `toJson` look it up on every call, and the metadata's `toJson` on its class. The library never does; a
 * user's `app.synth()` is cdk8s's own path. `__tests__/fast-render.test.ts` proves they return what cdk8s's return,
 * value for value and key order included, on every object of every example, and the committed `dist/` (rendered by
 * cdk8s's path) is what synth writes.
 */
import { App, ApiObject, ApiObjectMetadataDefinition, ImplicitTokenResolver, IResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** cdk8s's `resolve`: the value with every token, Lazy and union resolved. */
export type Resolve = (key: string[], value: unknown, apiObject: ApiObject) => unknown;

/** cdk8s's module that holds `resolve`; ApiObject and its metadata call `resolve` through it on every call. */
interface ResolveModule {
  resolve: Resolve;
}

// A plain require: the module object itself (not an import's copy) is what cdk8s's own modules call through.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolveModule: ResolveModule = require('cdk8s/lib/resolve');

/** cdk8s's module that holds `sanitizeValue`, which both `toJson`s apply to what resolve gives. */
interface UtilModule {
  sanitizeValue: (value: unknown, options: { filterEmptyArrays?: boolean; filterEmptyObjects?: boolean }) => unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const utilModule: UtilModule = require('cdk8s/lib/_util');

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
  if (value == null) return value;
  // A string, number or boolean: no resolver replaces it (none of their prototypes has `resolve` or `value`). A
  // function goes on: like an object, it may have either.
  // Stryker disable next-line ConditionalExpression: a shortcut only: a primitive that went on would come out of the steps below as it is
  if (typeof value !== 'object' && typeof value !== 'function') return value;
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
      // An own `__proto__` key is always copied the way cdk8s copies it (an assignment, which sets the copy's
      // prototype), so that what sanitizeValue then reads is what it reads from cdk8s's copy.
      if (result === undefined && (item !== value[keys[i]] || keys[i] === '__proto__')) {
        result = {};
        for (let j = 0; j < i; j++) result[keys[j]] = value[keys[j]];
      }
      if (result !== undefined) result[keys[i]] = item;
    }
    return result ?? value;
  }
  return value;
}

/** The fields of cdk8s's ApiObjectMetadataDefinition that its `toJson` reads (private in its typings). */
interface MetadataFields {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations: unknown;
  readonly finalizers: unknown;
  readonly ownerReferences: unknown;
  readonly labels: unknown;
  readonly apiObject: ApiObject;
}

/**
 * cdk8s's metadata `toJson`: the extra attributes, then the name, namespace, annotations, finalizers, owner
 * references and labels (each in the place an extra attribute of that name had, as a spread would), resolved, then
 * sanitized leaving out empty lists and mappings. The extra attributes are copied by a loop instead of a spread,
 * each as an own property (a `__proto__` key too, as a spread makes it).
 */
export function metadataToJson(this: ApiObjectMetadataDefinition): unknown {
  const m = this as unknown as MetadataFields;
  const data: Record<string, unknown> = {};
  const extra = m._additionalAttributes;
  for (const key of Object.keys(extra)) {
    // An own enumerable property, as a spread makes it (not writable or configurable, which nothing sees: no later
    // step writes or deletes that key of data). Set by assignment instead, it would become data's prototype; what
    // resolve and sanitizeValue then make of data is the same JSON (the fast-render test's __proto__ cases), so no
    // test sees it.
    // Stryker disable next-line ConditionalExpression,StringLiteral,EqualityOperator: the same output either way (above)
    if (key === '__proto__') Object.defineProperty(data, key, { value: extra[key], enumerable: true });
    else data[key] = extra[key];
  }
  data.name = m.name;
  data.namespace = m.namespace;
  data.annotations = m.annotations;
  data.finalizers = m.finalizers;
  data.ownerReferences = m.ownerReferences;
  data.labels = m.labels;
  return utilModule.sanitizeValue(resolveModule.resolve([], data, m.apiObject), { filterEmptyArrays: true, filterEmptyObjects: true });
}

/**
 * Runs `render` with {@link fastResolve} in place of cdk8s's resolve and {@link metadataToJson} in place of the
 * metadata's `toJson`, and puts cdk8s's back however it ends.
 */
export function withFastRender<T>(render: () => T): T {
  const original = resolveModule.resolve;
  const originalMetadata = ApiObjectMetadataDefinition.prototype.toJson;
  resolveModule.resolve = fastResolve(original);
  ApiObjectMetadataDefinition.prototype.toJson = metadataToJson;
  try {
    return render();
  } finally {
    resolveModule.resolve = original;
    ApiObjectMetadataDefinition.prototype.toJson = originalMetadata;
  }
}

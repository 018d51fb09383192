/**
 * Core kinds: the validators compiled into `kubernetes-models` (from the upstream Kubernetes OpenAPI spec), run
 * over a recording Proxy so that fields the schema does not know are reported too (see `runTracked`).
 */
import type { ErrorObject } from 'ajv';
import { ajvProblems } from './ajv-problems';
import { escapePointer, isObject, Json } from './json';
import { unknownFieldMessage, ValuesProblem } from './problems';

export interface ModelClass {
  prototype: { validate(this: unknown): void };
}

const modelCache = new Map<string, ModelClass | null>();

/**
 * The kubernetes-models class of a built-in kind: the package exports every model as
 * `kubernetes-models/<apiVersion>/<Kind>` (`v1/Namespace`, `storage.k8s.io/v1/StorageClass`, ...).
 */
export function coreModel(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    let model: ModelClass | null = null;
    if (/^[A-Za-z0-9.]+$/.test(kind) && /^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)) {
      try {
        const mod = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, unknown>;
        const candidate = mod[kind] as ModelClass | undefined;
        if (typeof candidate === 'function' && typeof (candidate as ModelClass).prototype?.validate === 'function') model = candidate;
      } catch {
        model = null;
      }
    }
    modelCache.set(key, model);
  }
  return modelCache.get(key) ?? undefined;
}

/** Validates `doc` with a kubernetes-models class: schema errors plus the fields its validator never read. */
export function validateWithModel(model: ModelClass, doc: unknown): ValuesProblem[] {
  return runTracked((data) => model.prototype.validate.call(data), doc);
}

let objectMetaModel: ModelClass | undefined;

/** Custom resources: their `metadata` is a Kubernetes ObjectMeta, whatever the CRD schema says. */
export function validateObjectMeta(metadata: Json): ValuesProblem[] {
  if (!objectMetaModel) {
    // kubernetes-models' own dependency (always installed with it): the apimachinery types it builds on.
    objectMetaModel = require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta').ObjectMeta as ModelClass;
  }
  return validateWithModel(objectMetaModel, metadata);
}

/**
 * Runs a kubernetes-models validator (which throws an ajv ValidationError) over a Proxy that records which
 * properties of which objects the validator read. The compiled validators read every declared property of a typed
 * object (`data.x === undefined || validate(data.x)`), and iterate maps with for-in; so a property of a typed object
 * that was never read is not in the schema: the API server would reject it (strict field validation) or drop it.
 * Objects the validator never looked into (free-form objects such as RawExtension) are not checked.
 */
function runTracked(validate: (data: unknown) => void, doc: unknown): ValuesProblem[] {
  const read = new Map<object, Set<string>>();
  const enumerated = new Set<object>();
  const proxies = new WeakMap<object, unknown>();
  const wrap = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          if (typeof key === 'string') {
            let keys = read.get(target);
            if (!keys) read.set(target, (keys = new Set()));
            keys.add(key);
          }
          return wrap(Reflect.get(target, key, receiver));
        },
        ownKeys(target) {
          enumerated.add(target);
          return Reflect.ownKeys(target);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };

  const problems: ValuesProblem[] = [];
  try {
    validate(wrap(doc));
  } catch (e) {
    const errors = (e as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(errors)) throw e;
    problems.push(...ajvProblems(errors));
  }
  const walk = (value: unknown, pointer: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${pointer}/${i}`));
      return;
    }
    if (!isObject(value)) return;
    const keys = read.get(value);
    const typed = keys !== undefined && !enumerated.has(value);
    for (const [key, child] of Object.entries(value)) {
      if (typed && !keys.has(key)) problems.push({ path: `${pointer}/${escapePointer(key)}`, message: unknownFieldMessage(key) });
      else walk(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  walk(doc, '');
  return problems;
}

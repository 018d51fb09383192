/**
 * Core kinds: the validators compiled into `kubernetes-models` (from the upstream Kubernetes OpenAPI spec), run
 * over a recording Proxy so that fields the schema does not know are reported too (see `runTracked`).
 */
import type { ErrorObject } from 'ajv';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ajvProblems } from './ajv-problems';
import { escapePointer, isObject, Json } from './json';
import { unknownFieldMessage, ValuesProblem } from './problems';

export interface ModelClass {
  prototype: { validate(this: unknown): void };
}

/**
 * The kubernetes-models class of every core kind the project's output can contain: one per `k8s.Kube*` L1 class
 * that lib/ or cli/ creates (__tests__/core-kinds.test.ts fails when the two lists differ). Imported statically so
 * that esbuild bundles exactly these models, and the validators they share, into the CLI: kubernetes-models is a
 * devDependency, not installed with the package. Keyed by the models' own `apiVersion` and `kind`.
 */
const CORE_MODELS: ReadonlyMap<string, ModelClass> = new Map(
  [Namespace, Secret, ServiceAccount, StorageClass, Deployment, HorizontalPodAutoscaler, Role, RoleBinding, ClusterRole, ClusterRoleBinding].map(
    (model) => [`${model.apiVersion}/${model.kind}`, model],
  ),
);

/** `apiVersion/kind` of every core kind `coreModel` knows, such as `v1/Namespace` or `apps/v1/Deployment`. */
export function coreKinds(): string[] {
  return [...CORE_MODELS.keys()];
}

/** The kubernetes-models class of a core kind of the output (`v1`, `Namespace`), or undefined for any other kind. */
export function coreModel(apiVersion: string, kind: string): ModelClass | undefined {
  return CORE_MODELS.get(`${apiVersion}/${kind}`);
}

/** Validates `doc` with a kubernetes-models class: schema errors plus the fields its validator never read. */
export function validateWithModel(model: ModelClass, doc: unknown): ValuesProblem[] {
  return runTracked((data) => model.prototype.validate.call(data), doc);
}

/** Custom resources: their `metadata` is a Kubernetes ObjectMeta, whatever the CRD schema says. */
export function validateObjectMeta(metadata: Json): ValuesProblem[] {
  return validateWithModel(ObjectMeta, metadata);
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
    // Stryker disable next-line ConditionalExpression: a cache; a fresh proxy of the same target records into the same maps (keyed by the target)
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

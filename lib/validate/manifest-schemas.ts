/**
 * Validates synthesized Kubernetes objects against schemas this project did NOT generate, so a bug in our
 * constructs or in the cdk8s imports cannot hide behind a schema derived from the same code:
 *
 * - core kinds (Namespace, Secret, StorageClass, ...): the JSON schemas compiled into the `kubernetes-models`
 *   package (from the upstream Kubernetes OpenAPI spec). Those schemas never set `additionalProperties: false`, so
 *   on their own they accept any unknown field; we run their validators over a recording Proxy and report every
 *   field of a typed object that the validator never looked at (see `unknownFieldsOf`).
 * - custom resources: the `openAPIV3Schema` of the pinned CRDs in `crds/`, compiled with ajv after translating the
 *   Kubernetes extensions (int-or-string, preserve-unknown-fields, embedded-resource, nullable, formats). Structural
 *   CRD schemas never set `additionalProperties: false` either: the API server silently PRUNES unknown fields, which
 *   hides typos. We close every structural object that has no `x-kubernetes-preserve-unknown-fields` and report
 *   unknown fields as problems.
 * - for every object: metadata (name required and well-formed, namespace present exactly when the kind is
 *   namespaced, label syntax), with ObjectMeta from `kubernetes-models` for custom resources too.
 *
 * Not checked: CEL rules (`x-kubernetes-validations`), list-type/map-type uniqueness, admission webhooks, and
 * server-side defaulting. Helm chart values: `validateChartValues` / `validateChartDir`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { packageRoot } from '../paths';

/** One thing wrong with one object. */
export interface ManifestProblem {
  /** The file the object came from (validateYamlFiles). */
  file?: string;
  /** Index of the YAML document in its file (0-based; validateYamlFiles). */
  doc?: number;
  kind: string;
  name: string;
  /** JSON pointer into the object, such as `/spec/source/helm/valuesObject`; `` for the object itself. */
  path: string;
  message: string;
}

/** One thing wrong with a set of Helm chart values. */
export interface ValuesProblem {
  /** JSON pointer into the values, such as `/application/ingress/hostname`. */
  path: string;
  message: string;
}

export interface ValidateOptions {
  /** Folder holding the CRD YAML files. @default `<packageRoot>/crds` */
  readonly crdDir?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Entry points

/** Validates parsed Kubernetes objects. Returns every problem found (empty when all objects are valid). */
export function validateManifests(docs: readonly unknown[], options: ValidateOptions = {}): ManifestProblem[] {
  const registry = crdRegistry(options.crdDir ?? path.join(packageRoot(), 'crds'));
  return docs.flatMap((doc) => validateObject(doc, registry));
}

/** Parses multi-document YAML files (`---` separated) and validates every object in them. */
export function validateYamlFiles(
  files: readonly { path: string; content: string }[],
  options: ValidateOptions = {},
): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const file of files) {
    let docs: unknown[];
    try {
      docs = yaml.loadAll(file.content, undefined, { filename: file.path });
    } catch (e) {
      problems.push({ file: file.path, kind: '(file)', name: '', path: '', message: `is not valid YAML: ${(e as Error).message}` });
      continue;
    }
    docs.forEach((doc, index) => {
      if (doc === null || doc === undefined) return; // empty document, e.g. a leading `---`
      for (const problem of validateManifests([doc], options)) problems.push({ file: file.path, doc: index, ...problem });
    });
  }
  return problems;
}

/** One line per problem, for test failures and CLI output. */
export function formatProblems(problems: readonly ManifestProblem[]): string {
  return problems
    .map((p) => {
      const where = p.file === undefined ? '' : `${p.file}${p.doc === undefined ? '' : `#${p.doc}`}: `;
      return `${where}${p.kind}/${p.name || '(unnamed)'} ${p.path || '/'}: ${p.message}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// One object

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function validateObject(doc: unknown, registry: CrdRegistry): ManifestProblem[] {
  if (!isObject(doc)) return [{ kind: '(unknown)', name: '', path: '', message: `is not an object (${describe(doc)})` }];
  const kind = typeof doc.kind === 'string' ? doc.kind : '(no kind)';
  const metadata = isObject(doc.metadata) ? doc.metadata : undefined;
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  const problems: ManifestProblem[] = [];
  const report = (pointer: string, message: string) => problems.push({ kind, name, path: pointer, message });

  if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '') report('/apiVersion', 'is required (a non-empty string)');
  if (typeof doc.kind !== 'string' || doc.kind === '') report('/kind', 'is required (a non-empty string)');
  if (problems.length > 0) return problems;
  const apiVersion = doc.apiVersion as string;
  const { group, version } = splitApiVersion(apiVersion);

  const crd = registry.find(group, kind);
  if (crd) {
    const served = crd.versions.find((v) => v.name === version);
    if (!served) {
      report('/apiVersion', `${apiVersion} is not a version of ${kind} (the CRD defines ${crd.versions.map((v) => v.name).join(', ')})`);
      return problems;
    }
    if (!served.served) report('/apiVersion', `${apiVersion} ${kind} is defined but not served by the CRD (use ${crd.servedVersions().join(', ')})`);
    checkMetadata(doc, kind, crd.scope, report);
    if (metadata) for (const p of validateObjectMeta(metadata)) report(`/metadata${p.path}`, p.message);
    for (const e of crd.validate(version, doc)) report(e.path, e.message);
    return problems;
  }

  const model = coreModel(apiVersion, kind);
  if (!model) {
    report('/kind', `no schema known for ${apiVersion} ${kind}: neither a Kubernetes core kind (kubernetes-models) nor a CRD in crds/`);
    return problems;
  }
  checkMetadata(doc, kind, CLUSTER_SCOPED_CORE.has(`${group}/${kind}`) ? 'Cluster' : 'Namespaced', report);
  for (const p of runTracked((data) => model.prototype.validate.call(data), doc)) report(p.path, p.message);
  return problems;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata rules that the schemas cannot express

/** Cluster-scoped kinds of the built-in API groups (`<group>/<kind>`, core group ``). Everything else built in is namespaced. */
const CLUSTER_SCOPED_CORE = new Set([
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
]);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** How the API server validates `metadata.name` per kind (apimachinery ValidateObjectMeta + each kind's name func). */
function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Namespace') return isDnsLabel(name) ? undefined : 'must be an RFC 1123 label (lowercase alphanumerics and -, at most 63 characters)';
  if (kind === 'Service') return DNS1035_LABEL.test(name) && name.length <= 63 ? undefined : 'must be an RFC 1035 label (start with a letter; lowercase alphanumerics and -, at most 63 characters)';
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return name === '.' || name === '..' || /[/%]/.test(name) ? 'may not be "." or ".." or contain "/" or "%"' : undefined;
  return isDnsSubdomain(name) ? undefined : 'must be an RFC 1123 subdomain (lowercase alphanumerics, - and ., at most 253 characters)';
}

const isDnsLabel = (s: string) => s.length <= 63 && DNS1123_LABEL.test(s);
const isDnsSubdomain = (s: string) => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'must be [prefix/]name with at most one "/"';
  const [prefix, nm] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return 'prefix must be an RFC 1123 subdomain';
  if (nm.length === 0 || nm.length > 63 || !QUALIFIED_NAME_PART.test(nm)) {
    return 'name part must be 1-63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  }
  return undefined;
}

function checkMetadata(doc: Json, kind: string, scope: 'Cluster' | 'Namespaced', report: (pointer: string, message: string) => void): void {
  if (!isObject(doc.metadata)) {
    report('/metadata', 'is required (an object with at least name)');
    return;
  }
  const md = doc.metadata;
  if (md.name === undefined || md.name === '') report('/metadata/name', 'is required');
  else if (typeof md.name === 'string') {
    const problem = nameProblem(kind, md.name);
    if (problem) report('/metadata/name', `"${md.name}" ${problem}`);
  }
  const hasNamespace = md.namespace !== undefined && md.namespace !== '';
  if (scope === 'Cluster' && hasNamespace) {
    report('/metadata/namespace', `must not be set: ${kind} is cluster-scoped (found "${String(md.namespace)}")`);
  } else if (scope === 'Namespaced' && !hasNamespace) {
    report('/metadata/namespace', `is required: ${kind} is namespaced (without it, kubectl/Argo CD/Flux pick a namespace from context)`);
  } else if (scope === 'Namespaced' && typeof md.namespace === 'string' && !isDnsLabel(md.namespace)) {
    report('/metadata/namespace', `"${md.namespace}" must be an RFC 1123 label`);
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = md[field];
    if (!isObject(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      const pointer = `/metadata/${field}/${escapePointer(key)}`;
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) report(pointer, `key "${key}": ${keyProblem}`);
      if (field === 'labels' && typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
        report(pointer, `label value "${value}" must be at most 63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric`);
      }
    }
  }
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

// ---------------------------------------------------------------------------------------------------------------
// Core kinds: kubernetes-models

interface ModelClass {
  prototype: { validate(this: unknown): void };
}

const modelCache = new Map<string, ModelClass | null>();

/**
 * The kubernetes-models class of a built-in kind: the package exports every model as
 * `kubernetes-models/<apiVersion>/<Kind>` (`v1/Namespace`, `storage.k8s.io/v1/StorageClass`, ...).
 */
function coreModel(apiVersion: string, kind: string): ModelClass | undefined {
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

let objectMetaModel: ModelClass | undefined;

/** Custom resources: their `metadata` is a Kubernetes ObjectMeta, whatever the CRD schema says. */
function validateObjectMeta(metadata: Json): ValuesProblem[] {
  if (!objectMetaModel) {
    // kubernetes-models' own dependency (always installed with it): the apimachinery types it builds on.
    objectMetaModel = require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta').ObjectMeta as ModelClass;
  }
  const model = objectMetaModel;
  return runTracked((data) => model.prototype.validate.call(data), metadata);
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

const unknownFieldMessage = (key: string) => `unknown field "${key}" (not in the schema; the API server would reject or silently drop it)`;

// ---------------------------------------------------------------------------------------------------------------
// ajv error messages

function ajvProblems(errors: readonly ErrorObject[]): ValuesProblem[] {
  // An anyOf/oneOf whose branches all failed on the value itself (int-or-string, a Quantity's number-or-string, ...)
  // becomes one message instead of one per branch plus "must match a schema in anyOf".
  const absorbed = new Set<ErrorObject>();
  const unions = new Map<ErrorObject, string>();
  errors.forEach((e, index) => {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') return;
    let branches = errors.filter((x) => x !== e && x.schemaPath.startsWith(`${e.schemaPath}/`));
    if (branches.length === 0) {
      // kubernetes-models' compiled validators report branch errors relative to the branch (`#/type`): take the run
      // of errors just before this one at the same place (ajv reports branches first).
      let start = index;
      while (start > 0 && errors[start - 1].instancePath === e.instancePath && !absorbed.has(errors[start - 1])) start--;
      branches = errors.slice(start, index).filter((x) => x.keyword !== 'anyOf' && x.keyword !== 'oneOf');
    }
    if (branches.length === 0 || !branches.every((x) => x.instancePath === e.instancePath)) return;
    branches.forEach((x) => absorbed.add(x));
    unions.set(
      e,
      branches.every((x) => x.keyword === 'type')
        ? `must be of type ${[...new Set(branches.flatMap((x) => typeNames(x.params.type)))].join(' or ')}`
        : `must satisfy one of: ${[...new Set(branches.map((x) => ajvProblem(x).message))].join('; or ')}`,
    );
  });
  const seen = new Set<string>();
  const out: ValuesProblem[] = [];
  for (const e of errors) {
    if (absorbed.has(e)) continue;
    const union = unions.get(e);
    const problem = union ? { path: e.instancePath, message: union } : ajvProblem(e);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

const typeNames = (t: unknown): string[] => (Array.isArray(t) ? t.map(String) : String(t).split(','));

function ajvProblem(e: ErrorObject): ValuesProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { path: `${e.instancePath}/${escapePointer(key)}`, message: unknownFieldMessage(key) };
    }
    case 'required':
      return { path: `${e.instancePath}/${escapePointer(String(params.missingProperty))}`, message: 'is required' };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path: e.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path: e.instancePath, message: `must be of type ${typeNames(params.type).join(' or ')}` };
    default:
      return { path: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Custom resources: the pinned CRDs

interface CrdVersion {
  name: string;
  served: boolean;
  schema: unknown;
}

class Crd {
  private readonly translated = new Map<string, Json>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly group: string,
    readonly kind: string,
    readonly scope: 'Cluster' | 'Namespaced',
    readonly versions: readonly CrdVersion[],
    readonly file: string,
  ) {}

  servedVersions(): string[] {
    return this.versions.filter((v) => v.served).map((v) => v.name);
  }

  /**
   * Validates `doc` against one version. The translated schema is sliced down to the fields `doc` has (see
   * `sliceSchema`) before ajv compiles it: compiling a whole 700 KB CRD schema takes ajv about a second, a slice a few
   * milliseconds, and identical slices (same object shape) share one compiled validator.
   */
  validate(version: string, doc: unknown): ValuesProblem[] {
    let schema = this.translated.get(version);
    if (!schema) {
      const v = this.versions.find((x) => x.name === version);
      if (!v || !isObject(v.schema)) {
        return [{ path: '', message: `cannot be validated: ${path.basename(this.file)} has no openAPIV3Schema for ${this.kind} ${version}` }];
      }
      schema = toAjvSchema(v.schema);
      this.translated.set(version, schema);
    }
    const slice = sliceSchema(schema, [doc]);
    const key = JSON.stringify(slice);
    let validate = this.compiled.get(key);
    if (!validate) {
      try {
        validate = crdAjv().compile(slice);
      } catch (e) {
        return [{ path: '', message: `cannot be validated: ajv cannot compile the ${this.kind} ${version} schema of ${path.basename(this.file)}: ${(e as Error).message}` }];
      }
      this.compiled.set(key, validate);
    }
    return validate(doc) ? [] : ajvProblems(validate.errors ?? []);
  }
}

interface CrdHeader {
  file: string;
  group: string;
  kind: string;
}

class CrdRegistry {
  private readonly loaded = new Map<string, Crd[]>();
  private headers?: CrdHeader[];


  constructor(private readonly dir: string) {}

  /** The CRD of `group`/`kind`, parsing only the files whose header names them. */
  find(group: string, kind: string): Crd | undefined {
    if (group === '' || !group.includes('.')) return undefined; // the core group and the unqualified built-in groups
    for (const header of this.scan()) {
      if (header.group !== group || header.kind !== kind) continue;
      const crd = this.load(header.file).find((c) => c.group === group && c.kind === kind);
      if (crd) return crd;
    }
    return undefined;
  }

  /** Reads `spec.group` and `spec.names.kind` of each CRD file without parsing it (the files are megabytes). */
  scan(): readonly CrdHeader[] {
    if (!this.headers) {
      this.headers = [];
      const files = fs.existsSync(this.dir) ? fs.readdirSync(this.dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
      for (const f of files) {
        const file = path.join(this.dir, f);
        const text = fs.readFileSync(file, 'utf8');
        const group = /^ {2}group: *["']?([^\s"']+)/m.exec(text)?.[1];
        const names = /^ {2}names:\n((?: {4}.*\n| {6}.*\n)+)/m.exec(text)?.[1];
        const kind = names && /^ {4}kind: *["']?([^\s"']+)/m.exec(names)?.[1];
        if (group && kind) this.headers.push({ file, group, kind });
        else for (const crd of this.load(file)) this.headers.push({ file, group: crd.group, kind: crd.kind }); // unusual layout: parse it
      }
    }
    return this.headers;
  }

  private load(file: string): Crd[] {
    let crds = this.loaded.get(file);
    if (!crds) {
      crds = [];
      for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'), undefined, { filename: file })) {
        if (!isObject(doc) || doc.kind !== 'CustomResourceDefinition' || !isObject(doc.spec)) continue;
        const spec = doc.spec as { group: string; scope: string; names: { kind: string }; versions: { name: string; served?: boolean; schema?: { openAPIV3Schema?: unknown } }[] };
        crds.push(
          new Crd(
            spec.group,
            spec.names.kind,
            spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
            spec.versions.map((v) => ({ name: v.name, served: v.served !== false, schema: v.schema?.openAPIV3Schema })),
            file,
          ),
        );
      }
      this.loaded.set(file, crds);
    }
    return crds;
  }
}

const registries = new Map<string, CrdRegistry>();

function crdRegistry(dir: string): CrdRegistry {
  const key = path.resolve(dir);
  let registry = registries.get(key);
  if (!registry) registries.set(key, (registry = new CrdRegistry(key)));
  return registry;
}

/** The custom resource kinds the validator knows from the CRD files (`crds/`), with the file of each. */
export function knownCustomResources(options: ValidateOptions = {}): { group: string; kind: string; file: string }[] {
  return crdRegistry(options.crdDir ?? path.join(packageRoot(), 'crds'))
    .scan()
    .map(({ group, kind, file }) => ({ group, kind, file: path.basename(file) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes structural schema -> ajv JSON schema

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Go time.ParseDuration, plus the d and w units that the apiserver's `duration` format (go-openapi strfmt) also accepts. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w))+)$/;
const QUANTITY = /^[+-]?(\d+|\d+\.\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

let sharedCrdAjv: Ajv | undefined;

function crdAjv(): Ajv {
  if (!sharedCrdAjv) {
    // unicodeRegExp: false because CRD patterns are Go RE2, which allows escapes (`\-`) that JavaScript's u-mode rejects.
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, unicodeRegExp: false });
    addFormats(ajv);
    // Formats the apiserver knows (k8s.io/kube-openapi strfmt) that ajv-formats lacks or defines differently.
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('float', { type: 'number', validate: () => true });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('byte', BASE64);
    ajv.addFormat('binary', true);
    ajv.addFormat('password', true);
    ajv.addFormat('duration', GO_DURATION); // ajv-formats' duration is ISO 8601 (P1D); Kubernetes means Go durations (1h30m)
    ajv.addFormat('quantity', QUANTITY);
    ajv.addFormat('cidr', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
    ajv.addFormat('mac', /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/);
    ajv.addFormat('bsonobjectid', /^[0-9a-fA-F]{24}$/);
    ajv.addFormat('datetime', ajv.formats['date-time'] as RegExp);
    sharedCrdAjv = ajv;
  }
  return sharedCrdAjv;
}

const VALUE_VALIDATIONS = ['allOf', 'anyOf', 'oneOf'] as const;
const DROPPED = new Set(['description', 'example', 'externalDocs', 'nullable', 'x-kubernetes-validations']);

/**
 * Translates a CRD's openAPIV3Schema into a JSON schema that ajv checks the way the API server does, and stricter
 * on unknown fields: every object node of the structural part (not inside anyOf/allOf/oneOf/not) that lists
 * `properties` or is `type: object` without `additionalProperties` and without `x-kubernetes-preserve-unknown-fields`
 * gets `additionalProperties: false`, because the API server would prune the extra fields. Root `metadata` stays
 * open (validated as ObjectMeta separately).
 */
export function toAjvSchema(schema: Json): Json {
  const root = convert(schema, true);
  if (isObject(root.properties)) {
    const props = root.properties as Json;
    const metadata: Json = isObject(props.metadata) ? { ...props.metadata } : { type: 'object' };
    delete metadata.additionalProperties;
    props.metadata = metadata;
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
  }
  return root;
}

function convert(node: unknown, structural: boolean): Json {
  if (!isObject(node)) return node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, structural)]));
    } else if (key === 'items') {
      out.items = Array.isArray(value) ? value.map((v) => convert(v, structural)) : convert(value, structural);
    } else if (key === 'additionalProperties') {
      out.additionalProperties = typeof value === 'boolean' ? value : convert(value, structural);
    } else if ((VALUE_VALIDATIONS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((v) => convert(v, false));
    } else if (key === 'not') {
      out.not = convert(value, false);
    } else if (key === 'pattern' && typeof value === 'string') {
      if (jsRegExpOk(value)) out.pattern = value; // an RE2-only construct would make ajv throw; the apiserver still checks it
    } else {
      out[key] = value;
    }
  }

  if (node['x-kubernetes-int-or-string'] === true && !out.anyOf && !out.oneOf) {
    delete out.type;
    out.type = ['integer', 'string'];
  } else if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
  }

  if (node['x-kubernetes-embedded-resource'] === true) {
    const props = (out.properties = { ...((out.properties as Json | undefined) ?? {}) } as Json);
    props.apiVersion ??= { type: 'string', minLength: 1 };
    props.kind ??= { type: 'string', minLength: 1 };
    props.metadata ??= { type: 'object' };
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  }

  // The API server applies defaults before it validates: a required property with a default is never missing.
  if (Array.isArray(out.required) && isObject(out.properties)) {
    const props = out.properties;
    out.required = (out.required as string[]).filter((name) => !(isObject(props[name]) && (props[name] as Json).default !== undefined));
  }

  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const isObjectNode = out.type === 'object' || isObject(out.properties);
  if (structural && isObjectNode && !preserve && out.additionalProperties === undefined) out.additionalProperties = false;

  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * The part of `schema` that can apply to `values` (every value validated at this schema node): properties that no
 * value has become `{}` (the name stays, so `additionalProperties: false` still knows it), and so do `items` and
 * `additionalProperties` when no value reaches them. Every keyword that looks at present data is kept, so the slice
 * accepts and rejects exactly what the full schema does for these values.
 */
export function sliceSchema(schema: unknown, values: readonly unknown[]): Json {
  if (!isObject(schema)) return schema as Json;
  const out: Json = { ...schema };
  const objects = values.filter(isObject);
  const declared = isObject(schema.properties) ? schema.properties : {};
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(declared).map(([key, sub]) => {
        const present = objects.filter((o) => Object.prototype.hasOwnProperty.call(o, key)).map((o) => o[key]);
        return [key, present.length > 0 ? sliceSchema(sub, present) : {}];
      }),
    );
  }
  if (isObject(schema.additionalProperties)) {
    const extra = objects.flatMap((o) => Object.entries(o).filter(([k]) => !(k in declared)).map(([, v]) => v));
    out.additionalProperties = extra.length > 0 ? sliceSchema(schema.additionalProperties, extra) : {};
  }
  if (isObject(schema.items)) {
    const items = values.flatMap((v) => (Array.isArray(v) ? v : []));
    out.items = items.length > 0 ? sliceSchema(schema.items, items) : {};
  }
  for (const key of VALUE_VALIDATIONS) {
    const branches = schema[key];
    if (Array.isArray(branches)) out[key] = branches.map((b) => sliceSchema(b, values));
  }
  if (isObject(schema.not)) out.not = sliceSchema(schema.not, values);
  return out;
}

function jsRegExpOk(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helm chart values

const valuesValidators = new Map<string, ValidateFunction>();

/**
 * Validates chart values against a Helm chart's `values.schema.json`. The schema's `$schema` picks the draft:
 * 2020-12 and 2019-09 get ajv's matching class, anything else draft-07 (what Helm's validators support).
 * `defaults` (the chart's values.yaml) are coalesced under `values` first, as `helm install` does.
 */
export function validateChartValues(values: unknown, schemaFile: string, options: { defaults?: unknown } = {}): ValuesProblem[] {
  const key = path.resolve(schemaFile);
  let validate = valuesValidators.get(key);
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(key, 'utf8')) as Json;
    const draft = String(schema.$schema ?? '');
    const opts = { strict: false, allErrors: true, logger: false as const };
    const ajv = draft.includes('2020-12') ? new Ajv2020(opts) : draft.includes('2019-09') ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(ajv);
    const { $schema: _ignored, ...rest } = schema; // the draft is chosen above; ajv would reject an unknown meta-schema URL
    void _ignored;
    validate = ajv.compile(rest);
    valuesValidators.set(key, validate);
  }
  const data = options.defaults === undefined ? values : coalesce(options.defaults, values);
  return validate(data) ? [] : ajvProblems(validate.errors ?? []);
}

/**
 * Validates values the way `helm install` does for the chart folder `chartDir` (holding Chart.yaml, values.yaml,
 * values.schema.json and charts/<subchart>/...): the chart's defaults coalesced under `values`, then each enabled
 * subchart (`condition` of its dependency, alias applied) against its own schema with its own defaults and the
 * parent's `global`. Problem paths are relative to the top-level values.
 */
export function validateChartDir(values: unknown, chartDir: string): ValuesProblem[] {
  const readYaml = (file: string): unknown => (fs.existsSync(file) ? yaml.load(fs.readFileSync(file, 'utf8')) : undefined);
  const defaults = readYaml(path.join(chartDir, 'values.yaml')) ?? {};
  const merged = coalesce(defaults, values) as Json;
  const schemaFile = path.join(chartDir, 'values.schema.json');
  const problems = fs.existsSync(schemaFile) ? validateChartValues(merged, schemaFile) : [];
  const chart = (readYaml(path.join(chartDir, 'Chart.yaml')) ?? {}) as { dependencies?: { name: string; alias?: string; condition?: string }[] };
  for (const dep of chart.dependencies ?? []) {
    const subDir = path.join(chartDir, 'charts', dep.name);
    if (!fs.existsSync(subDir)) continue; // not vendored here (e.g. bitnami common/redis)
    if (dep.condition && !conditionHolds(merged, dep.condition)) continue;
    const key = dep.alias ?? dep.name;
    const subValues = { ...(isObject(merged[key]) ? (merged[key] as Json) : {}), global: merged.global ?? {} };
    for (const p of validateChartDir(subValues, subDir)) problems.push({ path: `/${escapePointer(key)}${p.path}`, message: p.message });
  }
  return problems;
}

/** Helm dependency conditions: comma-separated paths, the first one that resolves to a boolean wins; default enabled. */
function conditionHolds(values: Json, condition: string): boolean {
  for (const dotted of condition.split(',').map((c) => c.trim())) {
    let at: unknown = values;
    for (const part of dotted.split('.')) at = isObject(at) ? at[part] : undefined;
    if (typeof at === 'boolean') return at;
  }
  return true;
}

/** Helm's coalescing: `over` wins, maps merge recursively, a null in `over` deletes the default. */
export function coalesce(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = coalesce(base[key], value);
  }
  return out;
}

/**
 * Kubernetes structural schemas (a CRD's openAPIV3Schema) -> ajv JSON schemas: the shared ajv instance with the
 * apiserver's formats, the translation of the Kubernetes extensions, and slicing a schema down to the data at hand.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isObject, Json } from './json';
import { isStdBase64 } from './k8s-names';

/** Go time.ParseDuration, plus the d and w units that the apiserver's `duration` format (go-openapi strfmt) also accepts. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w))+)$/;
const QUANTITY = /^[+-]?(\d+|\d+\.\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

let sharedCrdAjv: Ajv | undefined;

export function crdAjv(): Ajv {
  if (!sharedCrdAjv) {
    // unicodeRegExp: false because CRD patterns are Go RE2, which allows escapes (`\-`) that JavaScript's u-mode rejects.
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, unicodeRegExp: false });
    addFormats(ajv);
    // Formats the apiserver knows (k8s.io/kube-openapi strfmt) that ajv-formats lacks or defines differently.
    // (int32, int64, float, double, binary and password: ajv-formats' own are the apiserver's; the tests pin them.)
    ajv.addFormat('byte', isStdBase64); // ajv-formats' byte tests each line of a multi-line value on its own
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
/** Dropped besides every `x-kubernetes-*` key (x-kubernetes-validations, CEL, included). */
const DROPPED = new Set(['description', 'example', 'externalDocs', 'nullable']);

/**
 * Translates a CRD's openAPIV3Schema into a JSON schema that ajv checks the way the API server does, and stricter
 * on unknown fields: every object node of the structural part (not inside anyOf/allOf/oneOf/not) that lists
 * `properties` or is `type: object` without `additionalProperties` and without `x-kubernetes-preserve-unknown-fields`
 * gets `additionalProperties: false`, because the API server would prune the extra fields. Root `metadata` stays
 * open (validated as ObjectMeta separately), and an object root always allows `apiVersion`, `kind` and `metadata`.
 */
export function toAjvSchema(schema: Json): Json {
  const root = convert(schema, true);
  // Every object root has apiVersion, kind and metadata, listed or not (a root of `type: object` alone included).
  if (isObject(root.properties) || root.type === 'object') {
    const props = (root.properties = { ...((root.properties as Json | undefined) ?? {}) });
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
      out.additionalProperties = convert(value, structural); // a boolean comes back as it is
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
    // Stryker disable next-line BlockStatement: an empty catch returns undefined, which the one caller reads as false
  } catch {
    return false;
  }
}

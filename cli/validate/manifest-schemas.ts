/**
 * Validates synthesized Kubernetes objects against schemas this project did NOT generate, so a bug in our
 * constructs or in the cdk8s imports cannot hide behind a schema derived from the same code:
 *
 * - core kinds (Namespace, Secret, StorageClass, ...): the JSON schemas compiled into the `kubernetes-models`
 *   package (from the upstream Kubernetes OpenAPI spec). Those schemas never set `additionalProperties: false`, so
 *   on their own they accept any unknown field; we run their validators over a recording Proxy and report every
 *   field of a typed object that the validator never looked at (see `runTracked` in core-kinds.ts).
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
 *
 * This module is the public entry; the pieces live next to it: metadata.ts (scope and name/label rules),
 * core-kinds.ts (kubernetes-models), crd-registry.ts (the CRD files), crd-schema.ts (openAPIV3Schema -> ajv),
 * ajv-problems.ts (ajv errors -> messages), chart-values.ts (Helm values), problems.ts and json.ts (shared types).
 */
import { coreModel, validateObjectMeta, validateWithModel } from './core-kinds';
import { crdRegistry, CrdRegistry, ValidateOptions } from './crd-registry';
import { isObject } from './json';
import { checkMetadata, coreScope } from './metadata';
import type { ManifestProblem } from './problems';
import { readYamlDocuments } from './read-yaml';

export type { ManifestProblem, ValuesProblem } from './problems';
export type { ValidateOptions } from './crd-registry';
export { knownCustomResources } from './crd-registry';
export { sliceSchema, toAjvSchema } from './crd-schema';
export { coalesce, validateChartDir, validateChartValues } from './chart-values';

// ---------------------------------------------------------------------------------------------------------------
// Entry points

/** Validates parsed Kubernetes objects. Returns every problem found (empty when all objects are valid). */
export function validateManifests(docs: readonly unknown[], options: ValidateOptions = {}): ManifestProblem[] {
  const registry = crdRegistry(options);
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
      docs = readYamlDocuments(file.content);
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
    report('/kind', `no schema known for ${apiVersion} ${kind}: neither a core kind of the output (kubernetes-models, listed in cli/validate/core-kinds.ts) nor a CRD in crds/`);
    return problems;
  }
  checkMetadata(doc, kind, coreScope(group, kind), report);
  for (const p of validateWithModel(model, doc)) report(p.path, p.message);
  return problems;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  // Stryker disable next-line EqualityOperator: with a leading slash the group is '' either way, and no CRD has group '' (core kinds go by the whole apiVersion)
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

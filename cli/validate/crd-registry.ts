/**
 * Custom resources: the pinned CRDs in `crds/`. The registry indexes the CRD files by group and kind from their
 * headers and parses a file only when an object needs it; each CRD translates and compiles its schemas lazily.
 * A CRD file's JSON form (`json/<name>.json` beside it, written by `npm run crd-json`) is read instead of the YAML
 * when it was made from exactly that file's text: the yaml package takes about 0.2 s for one of the 700 KB CRDs,
 * JSON.parse a few milliseconds.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import { packageRoot } from '../../lib/paths';
import { ajvProblems } from './ajv-problems';
import { crdAjv, sliceSchema, toAjvSchema } from './crd-schema';
import { isObject, Json } from './json';
import type { Scope } from './metadata';
import type { ValuesProblem } from './problems';
import { readYamlDocuments } from './read-yaml';

export interface ValidateOptions {
  /** Folder holding the CRD YAML files. @default `<packageRoot>/crds` */
  readonly crdDir?: string;
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema: unknown;
}

/** What the validator takes from one CustomResourceDefinition document. */
export interface CrdDefinition {
  readonly group: string;
  readonly kind: string;
  readonly scope: Scope;
  readonly versions: readonly CrdVersion[];
}

/**
 * The JSON form of a CRD file: the definitions of its documents (crdDefinitions) and the SHA-256 of the text they
 * were read from, so that a form made from another text is never taken for this one.
 */
export interface CrdJsonForm {
  readonly source: string;
  readonly crds: readonly CrdDefinition[];
}

/** The definitions in a CRD file's documents, in order; documents that are not a CustomResourceDefinition are skipped. */
export function crdDefinitions(docs: readonly unknown[]): CrdDefinition[] {
  const crds: CrdDefinition[] = [];
  for (const doc of docs) {
    if (!isObject(doc) || doc.kind !== 'CustomResourceDefinition' || !isObject(doc.spec)) continue;
    const spec = doc.spec as { group: string; scope: string; names: { kind: string }; versions: { name: string; served?: boolean; schema?: { openAPIV3Schema?: unknown } }[] };
    crds.push({
      group: spec.group,
      kind: spec.names.kind,
      scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
      versions: spec.versions.map((v) => ({ name: v.name, served: v.served !== false, schema: v.schema?.openAPIV3Schema })),
    });
  }
  return crds;
}

/** Where the JSON form of the CRD file `file` is kept: `json/<name>.json` in its folder. */
export function crdJsonFormFile(file: string): string {
  return path.join(path.dirname(file), 'json', path.basename(file).replace(/\.ya?ml$/, '.json'));
}

/** The JSON form of a CRD file's `text`, as `npm run crd-json` writes it (one line, then a line break). */
export function crdJsonFormText(text: string): string {
  const form: CrdJsonForm = { source: sha256(text), crds: crdDefinitions(readYamlDocuments(text)) };
  return `${JSON.stringify(form)}\n`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The definitions of the CRD file `file` (its `text` given) from its JSON form, or undefined when there is none, it
 * is not JSON, or it was made from another text (the YAML changed since `npm run crd-json`): the YAML is read then.
 */
function fromJsonForm(file: string, text: string): readonly CrdDefinition[] | undefined {
  let form: Partial<CrdJsonForm> | undefined;
  try {
    form = JSON.parse(fs.readFileSync(crdJsonFormFile(file), 'utf8')) as Partial<CrdJsonForm>;
  } catch {
    // No JSON form, or not JSON: form stays undefined and the YAML is read.
  }
  return isObject(form) && form.source === sha256(text) && Array.isArray(form.crds) ? form.crds : undefined;
}

class Crd {
  private readonly translated = new Map<string, Json>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly group: string,
    readonly kind: string,
    readonly scope: Scope,
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
    // Stryker disable next-line ConditionalExpression: a cache; translating again gives an equal schema, so the same slice and compiled validator
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
    // Stryker disable next-line ArrayDeclaration: ajv always sets errors when validate returns false
    return validate(doc) ? [] : ajvProblems(validate.errors ?? []);
  }
}

interface CrdHeader {
  file: string;
  group: string;
  kind: string;
}

export class CrdRegistry {
  private readonly loaded = new Map<string, Crd[]>();
  private headers?: CrdHeader[];

  constructor(private readonly dir: string) {}

  /** The CRD of `group`/`kind`, parsing only the files whose header names them. */
  find(group: string, kind: string): Crd | undefined {
    if (!group.includes('.')) return undefined; // the core group ('') and the unqualified built-in groups
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
        // Stryker disable next-line StringLiteral: without an encoding the Buffer the regexes read converts to the same UTF-8 text
        const text = fs.readFileSync(file, 'utf8');
        const group = /^ {2}group: *["']?([^\s"']+)/m.exec(text)?.[1];
        const names = /^ {2}names:\n((?: {4}.*\n)+)/m.exec(text)?.[1];
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
      const text = fs.readFileSync(file, 'utf8');
      const definitions = fromJsonForm(file, text) ?? crdDefinitions(readYamlDocuments(text));
      crds = definitions.map((d) => new Crd(d.group, d.kind, d.scope, d.versions, file));
      this.loaded.set(file, crds);
    }
    return crds;
  }
}

const registries = new Map<string, CrdRegistry>();

/** The registry of the CRD folder `options.crdDir` (default `<packageRoot>/crds`); one per folder, kept for the process. */
export function crdRegistry(options: ValidateOptions = {}): CrdRegistry {
  const key = path.resolve(options.crdDir ?? path.join(packageRoot(), 'crds'));
  let registry = registries.get(key);
  if (!registry) registries.set(key, (registry = new CrdRegistry(key)));
  return registry;
}

/** The custom resource kinds the validator knows from the CRD files (`crds/`), with the file of each. */
export function knownCustomResources(options: ValidateOptions = {}): { group: string; kind: string; file: string }[] {
  return crdRegistry(options)
    .scan()
    .map(({ group, kind, file }) => ({ group, kind, file: path.basename(file) }));
}

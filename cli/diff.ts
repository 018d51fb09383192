import { isManifestPath, OutputEntry } from './output/layout';
import { immutableFieldFor, isRotationField, leftBehind, ROTATION_NOTE, VOLUME_SNAPSHOT_CLASS_NOTE } from './change-rules';
import { loadYamlDocuments } from '../lib/util/yaml';

export type ChangeKind = 'added' | 'removed' | 'changed';

/**
 * What applying the change does: `create` a new object, update `in-place`, `rotation` (a Secret's values change),
 * `replacement` (the API server refuses the update, or a rename: the object is deleted and recreated), `deletion`.
 * `file` is a change to a file that is not applied (INSTALL.md, helm values).
 */
export type ChangeAction = 'create' | 'in-place' | 'rotation' | 'replacement' | 'deletion' | 'file';

export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ObjectChange {
  /** Output file, such as `application/20-secrets.yaml`. */
  readonly file: string;
  /** `Kind namespace/name` for manifests, the file name for other files. */
  readonly object: string;
  readonly change: ChangeKind;
  readonly action: ChangeAction;
  /** Why the action is what it is, such as `parameters.skuName is immutable` or `renamed to StorageClass b`. */
  readonly reason?: string;
  /** What it means for running workloads and data. */
  readonly consequence?: string;
  /** For changed manifests: the fields that differ (values of Secret-like kinds are not shown). */
  readonly fields: readonly FieldChange[];
}

/** Kinds whose field values are secret or opaque: a diff names their changed fields but not the values. */
const HIDDEN_VALUE_KINDS = new Set(['Secret', 'SealedSecret']);

type Manifest = { apiVersion?: string; kind: string; metadata?: { name?: string; namespace?: string; finalizers?: string[] } };

/**
 * What writing `next` over the files in `current` would change, per file and per object: added, removed, or
 * changed fields, each classified by what applying it does (see ChangeAction). Objects are matched by cluster
 * folder, API group, kind, namespace and name, so an object that moves between wave files is a change, not a
 * delete and create. Empty when the output is up to date.
 */
export function diffOutputs(current: ReadonlyMap<string, string>, next: readonly OutputEntry[]): ObjectChange[] {
  const nextByPath = new Map(next.map((f) => [f.path, f.content]));
  const changes: ObjectChange[] = [];
  for (const file of new Set([...current.keys(), ...nextByPath.keys()])) {
    if (isManifestFile(file)) continue;
    const before = current.get(file);
    const after = nextByPath.get(file);
    if (before === after) continue;
    changes.push({ file, object: file, change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', action: 'file', fields: [] });
  }
  const manifests = (files: ReadonlyMap<string, string>) => [...files].filter(([p]) => isManifestFile(p));
  const beforeAll = manifests(current);
  const afterAll = manifests(nextByPath);
  for (const folder of new Set([...beforeAll, ...afterAll].map(([p]) => folderOf(p)))) {
    const inFolder = (files: readonly [string, string][]) => files.filter(([p]) => folderOf(p) === folder);
    const before = inFolder(beforeAll);
    const after = inFolder(afterAll);
    const ambiguous = ambiguousLabels([...before, ...after]);
    changes.push(...diffCluster(objectsOf(before, ambiguous), objectsOf(after, ambiguous)));
  }
  // The order of the listing: by file, then object. Changes were collected in any order; this sort alone orders them.
  return changes.sort((a, b) => (a.file === b.file ? compare(a.object, b.object) : compare(a.file, b.file)));
}

/** Never called with equal strings: no two changes have the same file and object. */
function compare(a: string, b: string): number {
  // Stryker disable next-line EqualityOperator: `a <= b` differs only for equal strings, which never meet here
  return a < b ? -1 : 1;
}

/** Files of Kubernetes objects in a folder (cluster folders and the GitOps bootstrap folders). */
function isManifestFile(file: string): boolean {
  return file.includes('/') && isManifestPath(file);
}

/** The folder whose objects are matched by identity: a cluster folder, or one bootstrap folder (one per cluster). */
function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/'));
}

interface Located {
  readonly file: string;
  readonly doc: Manifest;
}

function diffCluster(oldObjects: Map<string, Located>, newObjects: Map<string, Located>): ObjectChange[] {
  const changes: ObjectChange[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const key of [...new Set([...oldObjects.keys(), ...newObjects.keys()])].sort()) {
    const a = oldObjects.get(key);
    const b = newObjects.get(key);
    if (a === undefined) added.push(key);
    else if (b === undefined) removed.push(key);
    else {
      const fields = fieldChanges(a.doc, b.doc, '', HIDDEN_VALUE_KINDS.has(b.doc.kind));
      if (fields.length > 0) changes.push({ file: b.file, object: key, change: 'changed', ...classifyUpdate(b.doc.kind, fields), fields });
    }
  }
  // A removed and an added object of the same kind (and namespace) is a rename: the API server has no rename, so
  // the new name is created and the old one is left behind or pruned.
  const renamedTo = new Map<string, string>();
  const renamedFrom = new Map<string, string>();
  for (const r of removed) {
    const old = oldObjects.get(r)!.doc;
    const match = added.find((a) => !renamedFrom.has(a) && sameSlot(old, newObjects.get(a)!.doc));
    // Stryker disable next-line ConditionalExpression: without a match both maps get an undefined entry, which no lookup reads as a rename
    if (match) {
      renamedTo.set(r, match);
      renamedFrom.set(match, r);
    }
  }
  for (const key of added) {
    const from = renamedFrom.get(key);
    changes.push({ file: newObjects.get(key)!.file, object: key, change: 'added', action: 'create', ...(from ? { reason: `replaces ${from} (rename)` } : {}), fields: [] });
  }
  for (const key of removed) {
    const { file, doc } = oldObjects.get(key)!;
    const to = renamedTo.get(key);
    changes.push({
      file,
      object: key,
      change: 'removed',
      action: to ? 'replacement' : 'deletion',
      reason: to ? `renamed to ${to}: the old object is not renamed but replaced` : 'no longer in the output',
      consequence: leftBehind(doc.kind, doc.metadata?.finalizers),
      fields: [],
    });
  }
  return changes;
}

function sameSlot(a: Manifest, b: Manifest): boolean {
  return a.kind === b.kind && groupOf(a.apiVersion) === groupOf(b.apiVersion) && (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');
}

function classifyUpdate(kind: string, fields: readonly FieldChange[]): Pick<ObjectChange, 'action' | 'reason' | 'consequence'> {
  for (const f of fields) {
    const immutable = immutableFieldFor(kind, f.path);
    if (immutable) {
      return {
        action: 'replacement',
        reason: `${f.path} is immutable: the API server refuses the update, so the object must be deleted and recreated (kubectl replace --force, or Argo CD Replace=true)`,
        consequence: immutable.consequence,
      };
    }
  }
  if (fields.some((f) => isRotationField(kind, f.path))) return { action: 'rotation', reason: 'its secret values or their source changed', consequence: ROTATION_NOTE };
  if (kind === 'VolumeSnapshotClass') return { action: 'in-place', consequence: VOLUME_SNAPSHOT_CLASS_NOTE };
  return { action: 'in-place' };
}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> the core group ""): an object's identity has no version. */
function groupOf(apiVersion: string | undefined): string {
  const slash = apiVersion?.lastIndexOf('/') ?? -1;
  return slash === -1 ? '' : apiVersion!.slice(0, slash);
}

/**
 * Objects by identity: API group, kind, namespace and name, as the API server tells objects apart (two kinds of one
 * name in different groups are two objects; a new version of the same group is the same object). The key is the
 * label diff prints, `Kind namespace/name`, qualified as `Kind.group` only where that label alone would be ambiguous.
 */
function objectsOf(files: readonly (readonly [string, string])[], ambiguous: ReadonlySet<string>): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const [file, content] of files) {
    for (const doc of loadYamlDocuments(content) as Manifest[]) {
      if (!doc) continue;
      const label = labelOf(doc);
      const group = groupOf(doc.apiVersion);
      out.set(ambiguous.has(label) && group ? `${doc.kind}.${group}${label.slice(doc.kind.length)}` : label, { file, doc });
    }
  }
  return out;
}

function labelOf(doc: Manifest): string {
  const ns = doc.metadata?.namespace;
  return `${doc.kind} ${ns ? `${ns}/` : ''}${doc.metadata?.name ?? '?'}`;
}

/** Labels (`Kind namespace/name`) that objects of more than one API group share in these files. */
function ambiguousLabels(files: readonly (readonly [string, string])[]): Set<string> {
  const groups = new Map<string, Set<string>>();
  for (const [, content] of files) {
    for (const doc of loadYamlDocuments(content) as Manifest[]) {
      if (!doc) continue;
      const label = labelOf(doc);
      groups.set(label, (groups.get(label) ?? new Set()).add(groupOf(doc.apiVersion)));
    }
  }
  return new Set([...groups].filter(([, g]) => g.size > 1).map(([label]) => label));
}

/**
 * The fields that differ. Lists are compared element by element: by `name` where every element on both sides is a
 * mapping with a distinct name (containers, env, volumes, ports: `containers[name=operator].image`), else by
 * position when both have the same length (`tolerations[0].effect`); a list that changed length otherwise is one
 * change of the whole list.
 */
function fieldChanges(a: unknown, b: unknown, at: string, hide: boolean): FieldChange[] {
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => fieldChanges(a[k], b[k], at ? `${at}.${k}` : k, hide));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const byNameA = namedElements(a);
    const byNameB = namedElements(b);
    if (byNameA && byNameB) {
      const names = [...new Set([...byNameA.keys(), ...byNameB.keys()])].sort();
      return names.flatMap((n) => fieldChanges(byNameA.get(n), byNameB.get(n), `${at}[name=${n}]`, hide));
    }
    if (a.length === b.length) return a.flatMap((x, i) => fieldChanges(x, b[i], `${at}[${i}]`, hide));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [hide ? { path: at } : { path: at, before: a, after: b }];
}

/** A list's elements by their `name`, when every element is a mapping with a distinct string name. */
function namedElements(list: readonly unknown[]): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const x of list) {
    if (!isObject(x) || typeof x.name !== 'string' || out.has(x.name)) return undefined;
    out.set(x.name, x);
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const SIGN: Record<ChangeAction, string> = { create: '+', 'in-place': '~', rotation: '~', replacement: '!', deletion: '-', file: '~' };
const LABEL: Record<Exclude<ChangeAction, 'file'>, string> = {
  create: 'create',
  'in-place': 'update in place',
  rotation: 'secret rotation',
  replacement: 'REPLACEMENT',
  deletion: 'DELETION',
};

/** Human-readable diff, grouped by cluster folder; files outside the folders (INSTALL.md) come last. */
export function renderDiff(changes: readonly ObjectChange[]): string {
  if (changes.length === 0) return 'no changes: the output is up to date\n';
  const lines: string[] = [];
  let group: string | undefined;
  const ordered = [...changes.filter((c) => c.file.includes('/')), ...changes.filter((c) => !c.file.includes('/'))];
  for (const c of ordered) {
    const parts = c.file.split('/');
    const folder = parts.length === 1 ? '(output root)' : `${parts[0] === 'helm' ? parts.slice(0, 2).join('/') : parts[0]}/`;
    if (folder !== group) {
      group = folder;
      lines.push(folder);
    }
    const name = c.object !== c.file ? `${c.object}  (${parts.at(-1)})` : parts.slice(parts.length === 1 ? 0 : parts[0] === 'helm' ? 2 : 1).join('/');
    const label = c.action === 'file' ? ` (${c.change})` : `  [${LABEL[c.action]}]`;
    lines.push(`  ${SIGN[c.action]} ${name}${label}`);
    for (const f of c.fields) {
      lines.push(
        'before' in f
          ? `      ${f.path}: ${show(f.before)} -> ${show(f.after)}`
          : `      ${f.path}: changed (value not shown)`,
      );
    }
    if (c.reason) lines.push(`      ${c.reason}`);
    if (c.consequence) lines.push(`      data: ${c.consequence}`);
  }
  const count = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
  lines.push(
    `${count('create')} to create, ${count('in-place')} to update in place, ${count('rotation')} secret rotation(s), ` +
      `${count('replacement')} replacement(s), ${count('deletion')} deletion(s), ${count('file')} other file(s) changed`,
  );
  return `${lines.join('\n')}\n`;
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

/** Exit codes of `diff`. */
export const DIFF_EXIT = { upToDate: 0, invalid: 1, usage: 2, safeChanges: 3, dangerousChanges: 4 } as const;

export interface DiffGates {
  /** Let replacements (immutable fields, renames) pass the gate. */
  readonly allowReplacements?: boolean;
  /** Let deletions pass the gate. */
  readonly allowDeletions?: boolean;
}

/** Changes the gates do not let through. */
export function blockedChanges(changes: readonly ObjectChange[], gates: DiffGates): ObjectChange[] {
  return changes.filter((c) => (c.action === 'replacement' && !gates.allowReplacements) || (c.action === 'deletion' && !gates.allowDeletions));
}

/** 0 no change, 3 only changes that apply safely (or that the gates allow), 4 replacements or deletions not allowed. */
export function diffExitCode(changes: readonly ObjectChange[], gates: DiffGates): number {
  if (changes.length === 0) return DIFF_EXIT.upToDate;
  return blockedChanges(changes, gates).length > 0 ? DIFF_EXIT.dangerousChanges : DIFF_EXIT.safeChanges;
}

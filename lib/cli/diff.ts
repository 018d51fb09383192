import * as yaml from 'js-yaml';
import { isManifestPath, OutputEntry } from '../output/layout';

export type ChangeKind = 'added' | 'removed' | 'changed';

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
  /** For changed manifests: the fields that differ (values of Secret-like kinds are not shown). */
  readonly fields: readonly FieldChange[];
}

/** Kinds whose field values are secret or opaque: a diff names their changed fields but not the values. */
const HIDDEN_VALUE_KINDS = new Set(['Secret', 'SealedSecret']);

type Manifest = { kind: string; metadata?: { name?: string; namespace?: string } };

/**
 * What writing `next` over the files in `current` would change, per file and per object: added, removed, or
 * changed fields. Empty when the output is up to date.
 */
export function diffOutputs(current: ReadonlyMap<string, string>, next: readonly OutputEntry[]): ObjectChange[] {
  const nextByPath = new Map(next.map((f) => [f.path, f.content]));
  const paths = [...new Set([...current.keys(), ...nextByPath.keys()])].sort();
  const changes: ObjectChange[] = [];
  for (const file of paths) {
    const before = current.get(file);
    const after = nextByPath.get(file);
    if (before === after) continue;
    if (!isManifestPath(file)) {
      changes.push({ file, object: file, change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', fields: [] });
      continue;
    }
    const oldObjects = objectsOf(before);
    const newObjects = objectsOf(after);
    for (const key of [...new Set([...oldObjects.keys(), ...newObjects.keys()])].sort()) {
      const a = oldObjects.get(key);
      const b = newObjects.get(key);
      if (a === undefined) changes.push({ file, object: key, change: 'added', fields: [] });
      else if (b === undefined) changes.push({ file, object: key, change: 'removed', fields: [] });
      else {
        const fields = fieldChanges(a, b, '', HIDDEN_VALUE_KINDS.has((b as Manifest).kind));
        if (fields.length > 0) changes.push({ file, object: key, change: 'changed', fields });
      }
    }
  }
  return changes;
}

function objectsOf(content: string | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (content === undefined) return out;
  for (const doc of yaml.loadAll(content) as Manifest[]) {
    if (!doc) continue;
    const ns = doc.metadata?.namespace;
    out.set(`${doc.kind} ${ns ? `${ns}/` : ''}${doc.metadata?.name ?? '?'}`, doc);
  }
  return out;
}

function fieldChanges(a: unknown, b: unknown, at: string, hide: boolean): FieldChange[] {
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => fieldChanges(a[k], b[k], at ? `${at}.${k}` : k, hide));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [hide ? { path: at } : { path: at, before: a, after: b }];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Human-readable diff, grouped by cluster folder. */
export function renderDiff(changes: readonly ObjectChange[]): string {
  if (changes.length === 0) return 'no changes: the output is up to date\n';
  const lines: string[] = [];
  let cluster = '';
  for (const c of changes) {
    const folder = c.file.split('/')[0] === 'helm' ? c.file.split('/').slice(0, 2).join('/') : c.file.split('/')[0];
    if (folder !== cluster) {
      cluster = folder;
      lines.push(`${folder}/`);
    }
    const sign = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    lines.push(`  ${sign} ${c.object}${c.object === c.file ? '' : `  (${c.file.split('/').pop()})`}`);
    for (const f of c.fields) {
      lines.push(
        'before' in f || 'after' in f
          ? `      ${f.path}: ${show(f.before)} -> ${show(f.after)}`
          : `      ${f.path}: changed (value not shown)`,
      );
    }
  }
  const count = (k: ChangeKind) => changes.filter((c) => c.change === k).length;
  lines.push(`${count('added')} added, ${count('removed')} removed, ${count('changed')} changed`);
  return `${lines.join('\n')}\n`;
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

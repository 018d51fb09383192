import * as yaml from 'js-yaml';

const DUMP_OPTIONS: yaml.DumpOptions = { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false };

/**
 * YAML as every file in the output is written: js-yaml's dump with no line folding, no anchors, keys in
 * insertion order. The text is js-yaml's, byte for byte; it is put together faster (see blockNode).
 */
export function toYaml(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const text = blockNode(value, 0, true);
    if (text !== undefined) return `${text}\n`;
  }
  return yaml.dump(value, DUMP_OPTIONS);
}

/** Several objects as one multi-document YAML stream. */
export function toYamlStream(docs: readonly unknown[]): string {
  return docs.map((d) => `---\n${toYaml(d)}`).join('');
}

// js-yaml spends most of a dump choosing each scalar's style and testing it against every implicit type, for
// the same few hundred texts (kinds, label keys, annotation values) in every object of every cluster. Below,
// each scalar is still written by js-yaml (yaml.dump of the scalar alone: with lineWidth -1 its style and text
// do not depend on where it stands) and remembered; only the block layout around it, which is fixed for
// these options, is put together here, as js-yaml's dumper does it (indent 2, mappings and sequences in block
// style at every level, an empty one as {} or []). Whatever that does not cover (a class instance, a key over
// 1024 characters or with a line break, a block scalar's header that is not a literal) makes blockNode
// return undefined, and the whole document is dumped by js-yaml instead.

const scalars = new Map<unknown, string>();
const SCALARS_MAX = 100_000;

/**
 * Texts js-yaml always writes plain, as they are: a lowercase letter, then lowercase letters, digits and `._/-`
 * (names, hosts, paths). No YAML type resolves such a text (numbers, dates and `.inf` start otherwise) except
 * these words, which js-yaml quotes (null, booleans, and YAML 1.1 booleans in its compatibility mode).
 */
const PLAIN = /^[a-z][a-z0-9._/-]*$/;
const QUOTED_WORDS = new Set(['null', 'true', 'false', 'y', 'yes', 'n', 'no', 'on', 'off']);

/** js-yaml's text of a scalar at the top level (no trailing line break). */
function scalarText(value: string | number | boolean | null): string {
  if (typeof value === 'string' && PLAIN.test(value) && !QUOTED_WORDS.has(value)) return value;
  // -0 and 0 are one Map key but two texts (-0.0, 0).
  if (Object.is(value, -0)) return yaml.dump(value, DUMP_OPTIONS).slice(0, -1);
  let text = scalars.get(value);
  if (text === undefined) {
    text = yaml.dump(value, DUMP_OPTIONS).slice(0, -1);
    if (scalars.size >= SCALARS_MAX) scalars.clear();
    scalars.set(value, text);
  }
  return text;
}

const indents: string[] = [];
function newline(level: number): string {
  return (indents[level] ??= `\n${' '.repeat(2 * level)}`);
}

/**
 * A node at `level` as js-yaml writes it inside a block mapping or sequence (`compact`: the first line follows
 * the `- ` of a sequence item, or starts the document), or undefined when it is not covered here. undefined
 * values are left out of mappings and written as null in sequences, as js-yaml does.
 */
function blockNode(value: unknown, level: number, compact: boolean): string | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return scalarText(value);
  if (typeof value === 'string') return stringText(value, level);
  if (typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '';
    for (const item of value) {
      const text = blockNode(item === undefined ? null : item, level + 1, true);
      if (text === undefined) return undefined;
      if (!compact || out !== '') out += newline(level);
      out += text.charCodeAt(0) === 10 ? '-' : '- ';
      out += text;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  let out = '';
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    // A key with a line break is written double-quoted by js-yaml (not as the top-level scalar), and a key
    // over 1024 characters as an explicit `? ` entry.
    if (key.includes('\n')) return undefined;
    const keyText = scalarText(key);
    if (keyText.length > 1024) return undefined;
    const text = blockNode(item, level + 1, false);
    if (text === undefined) return undefined;
    if (!compact || out !== '') out += newline(level);
    out += keyText;
    out += text.charCodeAt(0) === 10 ? ':' : ': ';
    out += text;
  }
  return out === '' ? '{}' : out;
}

/**
 * A string value at `level`. Without a line break its text is the same at every level. With one, js-yaml writes
 * it double-quoted (the same everywhere) or as a literal block scalar whose lines are indented by the level.
 */
function stringText(value: string, level: number): string | undefined {
  const text = scalarText(value);
  if (!value.includes('\n') || text.charCodeAt(0) !== 124 /* | */) return text;
  const header = text.slice(0, text.indexOf('\n') + 1);
  if (!/^\|[0-9]?[-+]?\n$/.test(header)) return undefined;
  const indent = ' '.repeat(2 * Math.max(1, level));
  const body = value
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
  return header + (body.endsWith('\n') ? body.slice(0, -1) : body);
}

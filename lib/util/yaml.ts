import { Document, parse, parseAllDocuments } from 'yaml';

/**
 * The values of every document of a YAML stream (output files, manifests, CRDs, Chart.yaml), read with the `yaml`
 * package (YAML 1.2 core schema). Throws the first error the package reports in any document: such a file is not
 * read in part. A config is read by config/yaml-source.ts instead, with its limits and messages.
 */
export function loadYamlDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  for (const doc of docs) if (doc.errors.length > 0) throw doc.errors[0];
  return docs.map((doc) => doc.toJS());
}

/** The value of a one-document YAML text (see loadYamlDocuments); undefined for an empty text. */
export function loadYaml(text: string): unknown {
  return parse(text) ?? undefined;
}

/**
 * YAML as every file in the output is written: block style at every level (indent 2, a sequence in a mapping
 * indented under its key, an empty one as {} or []), keys in insertion order, no anchors, no line folding. A text is
 * written plain when YAML reads it back as that text, else as a literal block (`|`) when it has line breaks, else
 * double-quoted. This is the text js-yaml's dump gave (lineWidth -1, noRefs, double quotes), which the output was
 * first written with: a user's committed output does not change when the writer does.
 */
export function toYaml(value: unknown): string {
  const text = blockNode(value === undefined ? null : value, 0, true);
  return `${text}\n`;
}

/** Several objects as one multi-document YAML stream. */
export function toYamlStream(docs: readonly unknown[]): string {
  return docs.map((d) => `---\n${toYaml(d)}`).join('');
}

/**
 * The regular expressions by which a YAML 1.2 (core schema) or YAML 1.1 reader (kubectl and Helm read YAML 1.1
 * booleans, octals and sexagesimals) takes a plain text for something else than text: null, a boolean, a number, a
 * timestamp or the merge key `<<`. The `yaml` package's own tables; a text one of them matches is quoted. Plus a
 * signed 0o octal, which Go's number parser (the YAML 1.1 reader of kubectl) takes as a number, and the wider
 * sexagesimal pattern the output has always quoted.
 */
const IMPLICIT: readonly RegExp[] = [
  ...['1.1', '1.2'].flatMap((version) =>
    new Document(null, { version: version as '1.1' | '1.2' }).schema.tags.flatMap((t) => (t.default && t.test ? [t.test] : [])),
  ),
  /^[-+]?0o[0-7_]+$/,
  // Sexagesimal-looking texts beyond YAML 1.1's own pattern (0:60, 1_0:99.5), quoted since the first release.
  /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/,
];

/**
 * Whether a YAML reader takes the plain `text` for something else than text. The `yaml` package's YAML 1.1
 * exponent pattern also matches an exponent without digits before it (e1, .e5), which no reader takes for a number
 * (YAML 1.1 requires them): those stay plain.
 */
function implicit(text: string): boolean {
  return IMPLICIT.some((re) => re.test(text)) && !/^[-+]?\.?[eE]/.test(text);
}

/**
 * A character a YAML file may hold as it is (YAML 1.2's printable set less line breaks, tab, U+FEFF and U+2028/9,
 * which YAML 1.1 readers take as line breaks); any other is written as an escape in double quotes.
 */
const NOT_PRINTABLE = /[^\x20-\x7e\xa1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;
/**
 * First characters that start YAML syntax (an indicator) or that YAML 1.1 gives a meaning (`=`), and YAML's white
 * space (space and tab only: U+3000 and the other spaces of Unicode are text to YAML).
 */
const PLAIN_FIRST = /^[^-?:,[\]{}#&*!|=>'"%@` \t]/;
/** What ends a plain text early or is not kept in it: `: `, ` #`, a trailing space or colon. */
const PLAIN_BREAK = /: | #|[ :]$/;

/** Double-quoted escapes with a name. */
const ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};

/**
 * `text` in double quotes, every character that is not printable escaped: by name, else by number as \xHH below
 * U+0100 and \uHHHH above (uppercase digits). Every character from U+0100 to U+0FFF and beyond U+FFFF is printable,
 * so the number of hex digits alone tells which, and YAML's \U escape is never needed.
 */
function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const escape = ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (!NOT_PRINTABLE.test(ch)) out += ch;
    else {
      const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0');
      out += (hex.length === 2 ? '\\x' : '\\u') + hex;
    }
  }
  return `${out}"`;
}

/**
 * A number as YAML 1.1 and 1.2 readers both take it back: a float always with a `.` before its exponent (String
 * writes one digit before it, and a `.` only when a fraction follows).
 */
function numberText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value === Infinity ? '.inf' : '-.inf';
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return Number.isInteger(value) ? text : text.replace(/^(-?[0-9])e/, '$1.e');
}

const scalars = new Map<string, string>();
const SCALARS_MAX = 100_000;

/**
 * A text on one line: plain when that is read back as the same text, else double-quoted. The same few hundred texts
 * (kinds, label keys, annotation values) come back in every object, so each answer is remembered.
 */
function lineText(value: string): string {
  return scalars.get(value) ?? rememberedLineText(value);
}

/** lineText worked out, and remembered (the memo is emptied when full). */
function rememberedLineText(value: string): string {
  const plain = PLAIN_FIRST.test(value) && !PLAIN_BREAK.test(value) && !NOT_PRINTABLE.test(value) && !implicit(value);
  const text = plain ? value : doubleQuoted(value);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: emptying the memo at another size, or never, changes only its memory: a text not in it is worked out anew
  if (scalars.size >= SCALARS_MAX) scalars.clear();
  scalars.set(value, text);
  return text;
}

const indents: string[] = [];
function newline(level: number): string {
  return (indents[level] ??= `\n${' '.repeat(2 * level)}`);
}

/**
 * A string value at `level`: on one line as lineText writes it; with line breaks as a literal block scalar whose
 * lines are indented by the level (an indentation indicator when the first line starts with a space; `-` strips
 * a missing final line break, `+` keeps several), or double-quoted when it has a character a file may not hold.
 */
function stringText(value: string, level: number): string {
  if (!value.includes('\n')) return lineText(value);
  if (value.split('\n').some((line) => NOT_PRINTABLE.test(line))) return doubleQuoted(value);
  const clip = value.endsWith('\n');
  const chomp = clip && (value.endsWith('\n\n') || value === '\n') ? '+' : clip ? '' : '-';
  const indent = ' '.repeat(2 * Math.max(1, level));
  const body = value
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
  return `|${/^\n* /.test(value) ? '2' : ''}${chomp}\n${body.endsWith('\n') ? body.slice(0, -1) : body}`;
}

/** A mapping key: on one line (double-quoted when it has a line break). */
function keyText(key: string): string {
  return key.includes('\n') ? doubleQuoted(key) : lineText(key);
}

/**
 * Whether blockNode's text of `value`, written not compact, starts with a line break: a list or mapping with an entry
 * (every other text starts with a character of its own, and an empty list or mapping is `[]` or `{}`). Told from the
 * value, not by reading the text's first character, which would copy the text built so far into one string at every
 * level of nesting.
 */
function opensBlock(value: unknown, text: string): boolean {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && text.length > 2;
}

/**
 * A node at `level` inside a block mapping or sequence (`compact`: the first line follows the `- ` of a sequence
 * item, the `? ` of a long key, or starts the document). undefined values are left out of mappings and written as
 * null in sequences; a Date is written as its ISO timestamp; an object of a class as a mapping of its own fields.
 */
function blockNode(value: unknown, level: number, compact: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return stringText(value, level);
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object' || value instanceof Uint8Array || value instanceof Map || value instanceof Set) {
    throw new TypeError(`cannot write ${Object.prototype.toString.call(value)} as YAML: only text, numbers, booleans, null, lists and mappings`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '';
    for (const item of value) {
      const text = blockNode(item === undefined ? null : item, level + 1, true);
      if (!compact || out !== '') out += newline(level);
      // An item is written compact, so its text never starts on a line of its own.
      out += `- ${text}`;
    }
    return out;
  }
  let out = '';
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const keyAs = keyText(key);
    // A key over 1024 characters cannot be an implicit key: it is written as an explicit `? ` entry.
    const explicit = keyAs.length > 1024;
    const text = blockNode(item, level + 1, explicit);
    if (!compact || out !== '') out += newline(level);
    out += explicit ? `? ${keyAs}${newline(level)}` : keyAs;
    out += !explicit && opensBlock(item, text) ? ':' : ': ';
    out += text;
  }
  return out === '' ? '{}' : out;
}

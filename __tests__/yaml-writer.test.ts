// lib/util/yaml.ts writes the output's YAML. Its text must be the text js-yaml's dump gave (the output was first
// written with it, and a user's committed output must not change with the writer), and it must read back as the value
// under YAML 1.2 and YAML 1.1 (kubectl and Helm read 1.1's booleans, octals and sexagesimals). Compared here on random
// JSON-like documents (every kind of text: line breaks, quotes, YAML keywords, numbers as text, control and astral
// characters) and on the committed output. js-yaml is a devDependency for this reason only: an independent
// implementation of the format the output has, and a second reader of it.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import * as YAML from 'yaml';
import { loadYaml, loadYamlDocuments, toYaml, toYamlStream } from '../lib/util/yaml';
import { ROOT } from './helpers';

const jsYaml = (value: unknown) => yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });

/** The value as a reader gets it back: undefined left out of mappings, null in lists. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : plain(v)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** The texts of a document (keys and values). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...texts(v)]);
  return [];
}

/**
 * Where the writer quotes what js-yaml left plain: a text that js-yaml writes plain and a YAML 1.1 reader takes for
 * a number (1_000, 0_7, 1_0.5).
 */
const jsYamlMisreads = (text: string) => YAML.parse(jsYaml(text), { version: '1.1' }) !== text;

/** Texts that make js-yaml choose each of its styles. */
const tricky = fc.constantFrom(
  '', ' ', 'a', 'true', 'False', 'yes', 'ON', 'n', 'null', '~', 'NULL', '1', '-1', '0x1F', '1e3', '.5', '.inf', '-.Inf', '.NaN',
  '2025-01-02', '2025-01-02T03:04:05Z', '1:20', '190:20:30', '<<', '- a', '? a', ': a', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '&a', '*a',
  '!a', '|a', '>a', "'a'", '"a"', '%a', '@a', '`a', '{a}', '[a]', 'a,b', 'a ', ' a', 'a\n', '\na', 'a\nb', 'a\n\nb\n', 'a\n\n', ' a\nb',
  '\n', '\n\n', '\n a', 'a\tb', 'a\rb', 'a\u0000b', 'a\u2028b', '\ufeffa', 'é', '😀', 'a😀\nb', 'x'.repeat(1100), `${'y'.repeat(1030)}\nz`,
  '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n',
);
// Names, hosts and paths, which the writer takes as plain without asking js-yaml, and words that look like them.
const nameLike = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9._/-]{0,12}$/), fc.constantFrom('nul', 'nulls', 'yes-', 'a/', 'a.', 'a-', 'o.n', 'e1', 'x_'));
// Texts made of what numbers, times and dates are made of, where the readers' patterns differ most.
const numberLike = fc.stringMatching(/^[-+.~]?[0-9_:.eEoxbT-]{1,8}$/);
const text = fc.oneof(tricky, nameLike, numberLike, fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(0, -0, 1.5, 1e21, -1e-7, NaN, Infinity), fc.boolean(), fc.constant(null));
const { doc } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(fc.oneof(tie('node'), fc.constant(undefined)), { maxLength: 4 }),
  map: fc.dictionary(text, fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 5 }),
  doc: fc.oneof(tie('map'), tie('list'), scalar),
}));

describe('toYaml gives js-yaml dump text, read back as the value by YAML 1.2 and 1.1 readers', () => {
  test('on random documents', () => {
    fc.assert(
      fc.property(doc, (value) => {
        if (!texts(value).some(jsYamlMisreads)) expect(toYaml(value)).toBe(jsYaml(value));
        // Read back inside a mapping, as the output's documents are (js-yaml cannot read its own top-level "|+" of
        // line breaks only).
        const text = toYaml({ v: value });
        expect(yaml.load(text)).toEqual({ v: plain(value) });
        // The yaml package's YAML 1.1 reader takes e1 for a number (NaN), which YAML 1.1 does not (see below).
        if (!texts(value).some((t) => /^[-+]?\.?[eE][-+]?[0-9]+$/.test(t))) {
          expect(YAML.parse(text, { version: '1.1', uniqueKeys: false })).toEqual({ v: plain(value) });
        }
      }),
      // A new seed every run (fast-check's default), so the cases add up over runs; 1,000 keep the fast tier fast.
      { numRuns: 1000 },
    );
  });

  test.each([
    ['a nested document', { a: { b: [1, { c: 'x\ny\n', d: [] }, [['z']], {}], e: undefined }, f: [undefined, null] }],
    ['a key with a line break', { 'a\nb': 1 }],
    ['a key over 1024 characters', { ['k'.repeat(1100)]: { v: 1 } }],
    ['a key over 1024 characters with a text value', { ['k'.repeat(1100)]: 'v' }],
    ['a class instance', { a: new (class Thing { x = 1 })() }],
    ['a date', { a: new Date(0) }],
    ['an object without prototype', Object.assign(Object.create(null), { a: 1 })],
    ['a top-level text', 'a\nb'],
    ['numbers', [0, -0, 1.5, 1e21, -1e-7, 5e-324, NaN, Infinity, -Infinity]],
  ])('%s', (_label, value) => {
    expect(toYaml(value)).toBe(jsYaml(value));
  });

  test.each(['1_000', '0_7', '1_0.5'])('%s, which js-yaml writes plain and a YAML 1.1 reader takes for a number, is quoted', (text) => {
    expect(jsYamlMisreads(text)).toBe(true);
    expect(toYaml({ a: text })).toBe(`a: "${text}"\n`);
    expect(YAML.parse(toYaml({ a: text }), { version: '1.1' })).toEqual({ a: text });
  });

  test('a key of a Unicode space other than space and tab is plain, as js-yaml writes it; a space is quoted', () => {
    expect(toYaml({ a: { '\u3000': [], ' ': [] } })).toBe('a:\n  \u3000: []\n  " ": []\n');
    expect(toYaml({ a: { '\u3000': [], ' ': [] } })).toBe(jsYaml({ a: { '\u3000': [], ' ': [] } }));
  });

  test('sexagesimal-looking texts are quoted as before, within and beyond YAML 1.1\'s pattern', () => {
    expect(toYaml(['1:20', '0:60', '1_0:99.5', '+0o17'])).toBe('- "1:20"\n- "0:60"\n- "1_0:99.5"\n- "+0o17"\n');
  });

  test('e1 and .e5 stay plain: no reader takes an exponent without digits before it for a number', () => {
    expect(toYaml(['e1', '.e5', '1e5', '1.e5'])).toBe('- e1\n- .e5\n- "1e5"\n- "1.e5"\n');
  });

  test('a value YAML cannot hold is refused, naming its kind', () => {
    expect(() => toYaml({ a: () => 1 })).toThrow(/cannot write \[object Function\] as YAML/);
    expect(() => toYaml({ a: new Map() })).toThrow(/cannot write \[object Map\] as YAML/);
  });

  test('on every manifest of the committed output', () => {
    const dist = path.join(ROOT, 'dist');
    const files = (fs.readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const content = fs.readFileSync(path.join(dist, file), 'utf8');
      const docs = yaml.loadAll(content);
      const rewritten = content.startsWith('---\n') ? toYamlStream(docs) : toYaml(docs[0]);
      expect(rewritten).toBe(content);
    }
  });
});

/** The text as the writer writes it as a mapping value, checked to read back as the text by js-yaml. */
function written(text: string): string {
  const out = toYaml({ a: text });
  expect(yaml.load(out)).toEqual({ a: text });
  return out;
}

describe('each rule of the writer at its edge, with exact text', () => {
  test.each([
    ['\0', '\\0'], ['\x07', '\\a'], ['\b', '\\b'], ['\t', '\\t'], ['\v', '\\v'], ['\f', '\\f'], ['\r', '\\r'], ['\x1b', '\\e'],
    ['\x85', '\\N'], ['\xa0', '\\_'], ['\u2028', '\\L'], ['\u2029', '\\P'],
  ])('%j is written by its escape name %s', (ch, escape) => {
    expect(written(`x${ch}y`)).toBe(`a: "x${escape}y"\n`);
  });

  test('a quote and a backslash in a quoted text are escaped by name; a line break in one as \\n', () => {
    expect(written('"a\\b')).toBe('a: "\\"a\\\\b"\n');
    expect(written('a\x01\nb')).toBe('a: "a\\x01\\nb"\n');
  });

  test.each([
    ['\x01', '\\x01'], ['\x7f', '\\x7F'], ['\x80', '\\x80'], ['\x9f', '\\x9F'],
    ['\ufeff', '\\uFEFF'], ['\ud800', '\\uD800'], ['\ufffe', '\\uFFFE'], ['\uffff', '\\uFFFF'],
  ])('U+%j, not printable and without a name, is escaped by number as %s', (ch, escape) => {
    expect(written(`x${ch}`)).toBe(`a: "x${escape}"\n`);
  });

  test('the printable characters next to those escaped by number are written as they are, astral ones too', () => {
    for (const ch of ['\xa1', '\xff', '\u0100', '\u0fff', '\ufffd', '\u{10000}', '\u{1fffe}', '\u{10ffff}']) expect(written(`x${ch}`)).toBe(`a: x${ch}\n`);
  });

  test('every character of the Basic Multilingual Plane in one text is read back as that text', () => {
    const all = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).join('');
    const out = toYaml({ a: all });
    expect(out.startsWith('a: "\\0\\x01')).toBe(true);
    expect(yaml.load(out)).toEqual({ a: all });
    expect(YAML.parse(out)).toEqual({ a: all });
  });

  test('a text of several lines is a literal block, unless a line holds a character a file may not hold', () => {
    expect(written('a\nb')).toBe('a: |-\n  a\n  b\n');
    expect(written('a\n\x01')).toBe('a: "a\\n\\x01"\n');
    expect(written('a\tb\nc')).toBe('a: "a\\tb\\nc"\n');
  });

  test('infinities, and a float whose String has an exponent without a dot', () => {
    expect(toYaml([Infinity, -Infinity, NaN])).toBe('- .inf\n- -.inf\n- .nan\n');
    expect(toYaml([1e-7, -1e-7, 1.5e-7, -1.5e-7, 5e-324, 1e21, -1.5e21])).toBe('- 1.e-7\n- -1.e-7\n- 1.5e-7\n- -1.5e-7\n- 5.e-324\n- 1e+21\n- -1.5e+21\n');
    expect(yaml.load(toYaml([1e-7, -1e-7]))).toEqual([1e-7, -1e-7]);
    expect(YAML.parse(toYaml([1e-7, -1e-7]), { version: '1.1' })).toEqual([1e-7, -1e-7]);
  });

  test('0o octals, signed or not and with underscores, are quoted; a text that only starts like one is plain', () => {
    expect(toYaml(['0o17', '+0o17', '-0o1_7', '0o1_7', '0o17x'])).toBe('- "0o17"\n- "+0o17"\n- "-0o1_7"\n- "0o1_7"\n- 0o17x\n');
  });

  test('sexagesimal-looking texts: any number of parts, a sign, a fraction of any length; not with other characters', () => {
    expect(toYaml(['1:2:99', '+1_0:99.5', '1:99.', '1:99.55', '-1:2:99.5'])).toBe('- "1:2:99"\n- "+1_0:99.5"\n- "1:99."\n- "1:99.55"\n- "-1:2:99.5"\n');
    expect(toYaml(['1:2x', 'x1:2', '1:2.5x', '1:2:99a'])).toBe('- 1:2x\n- x1:2\n- 1:2.5x\n- 1:2:99a\n');
  });

  test('a key of 1024 characters is an implicit key; one of 1025 an explicit ? entry', () => {
    const k1024 = 'k'.repeat(1024);
    const k1025 = 'k'.repeat(1025);
    expect(toYaml({ [k1024]: 'v' })).toBe(`${k1024}: v\n`);
    expect(toYaml({ [k1025]: 'v' })).toBe(`? ${k1025}\n: v\n`);
    // The key as written counts: a key of 1021 characters starting with a quote is 1024 written.
    expect(toYaml({ [`"${'k'.repeat(1020)}`]: 1 })).toBe(`"\\"${'k'.repeat(1020)}": 1\n`);
    expect(toYaml({ [`"${'k'.repeat(1021)}`]: 1 })).toBe(`? "\\"${'k'.repeat(1021)}"\n: 1\n`);
    expect(yaml.load(toYaml({ [k1025]: 'v', [k1024]: 'w' }))).toEqual({ [k1025]: 'v', [k1024]: 'w' });
  });

  test('a list item starts on the line of its dash, whatever it holds', () => {
    expect(toYaml([['a', 'b'], { c: 1, d: 2 }, 'x\ny', [], {}, undefined])).toBe('- - a\n  - b\n- c: 1\n  d: 2\n- |-\n  x\n  y\n- []\n- {}\n- null\n');
  });

  test('undefined is written as null', () => {
    expect(toYaml(undefined)).toBe('null\n');
    expect(toYamlStream([undefined, { a: 1 }])).toBe('---\nnull\n---\na: 1\n');
  });

  test('more distinct texts than the writer remembers are each still written right', () => {
    const many = Array.from({ length: 100_010 }, (_, i) => String(i));
    expect(toYaml(many)).toBe(`${many.map((t) => `- "${t}"`).join('\n')}\n`);
    // The texts written first, after the memo was emptied, and plain ones next to quoted ones.
    expect(toYaml(['0', 'x0', '100009', 'true', 'x'])).toBe('- "0"\n- x0\n- "100009"\n- "true"\n- x\n');
    expect(toYaml({ true: 'true', x: { true: ['true'] } })).toBe('"true": "true"\nx:\n  "true":\n    - "true"\n');
  });
});

describe('block scalar chomping and the octal rule at their edges', () => {
  test.each([
    ['a\n\n', 'k: |+\n  a\n\n'],
    ['\n', 'k: |+\n\n'],
    ['\n\na\n', 'k: |\n\n\n  a\n'],
  ])('%j: keep (+) only for two final line breaks or a lone one', (value, text) => {
    expect(toYaml({ k: value })).toBe(text);
    expect(yaml.load(text)).toEqual({ k: value });
  });

  test.each([
    ['a b\nc\n', 'k: |\n  a b\n  c\n'],
    ['a\n b\n', 'k: |\n  a\n   b\n'],
    [' a\nb\n', 'k: |2\n   a\n  b\n'],
    ['\n\n a\n', 'k: |2\n\n\n   a\n'],
  ])('%j: an indentation indicator only when the first line of text starts with a space', (value, text) => {
    expect(toYaml({ k: value })).toBe(text);
    expect(yaml.load(text)).toEqual({ k: value });
  });

  test('a 0o octal is quoted only as a whole word: with a letter before it, it stays plain', () => {
    expect(toYaml({ k: 'x0o17' })).toBe('k: x0o17\n');
    expect(toYaml({ k: '0o17' })).toBe('k: "0o17"\n');
  });
});

describe('loadYaml and loadYamlDocuments', () => {
  test('loadYaml gives the value of a text, undefined for an empty one', () => {
    expect(loadYaml('a: 1\nb: [x]\n')).toEqual({ a: 1, b: ['x'] });
    expect(loadYaml('')).toBeUndefined();
    expect(loadYaml('0o17')).toBe(15);
  });

  test('loadYamlDocuments gives every document, and throws the first error of any document', () => {
    expect(loadYamlDocuments('a: 1\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(() => loadYamlDocuments('a: 1\n---\nb: [\n')).toThrow(YAML.YAMLParseError);
    expect(() => loadYamlDocuments('a: 1\n---\nb: [\n')).toThrow(/Flow sequence .* at line 4/);
    expect(() => loadYamlDocuments('a: 1\na: 2\n---\nb: [\n')).toThrow(/Map keys must be unique at line 2/);
  });
});

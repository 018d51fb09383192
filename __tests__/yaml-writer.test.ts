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
import { toYaml, toYamlStream } from '../lib/util/yaml';
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
      { numRuns: 3000 },
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

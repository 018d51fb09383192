// lib/util/yaml.ts writes the output's YAML faster than js-yaml's dump but must give js-yaml's text byte for
// byte: compared here on random JSON-like documents (every kind of text: line breaks, quotes, YAML keywords,
// numbers as text, control and astral characters) and on the committed output.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { toYaml, toYamlStream } from '../lib/util/yaml';
import { ROOT } from './helpers';

const jsYaml = (value: unknown) => yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });

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
const text = fc.oneof(tricky, nameLike, fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(0, -0, 1.5, 1e21, -1e-7, NaN, Infinity), fc.boolean(), fc.constant(null));
const { doc } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(fc.oneof(tie('node'), fc.constant(undefined)), { maxLength: 4 }),
  map: fc.dictionary(text, fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 5 }),
  doc: fc.oneof(tie('map'), tie('list'), scalar),
}));

describe('toYaml gives js-yaml dump text', () => {
  test('on random documents', () => {
    fc.assert(
      fc.property(doc, (value) => {
        expect(toYaml(value)).toBe(jsYaml(value));
      }),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['a nested document', { a: { b: [1, { c: 'x\ny\n', d: [] }, [['z']], {}], e: undefined }, f: [undefined, null] }],
    ['a key with a line break', { 'a\nb': 1 }],
    ['a key over 1024 characters', { ['k'.repeat(1100)]: { v: 1 } }],
    ['a class instance', { a: new (class Thing { x = 1 })() }],
    ['a date', { a: new Date(0) }],
    ['an object without prototype', Object.assign(Object.create(null), { a: 1 })],
  ])('%s', (_label, value) => {
    expect(toYaml(value)).toBe(jsYaml(value));
  });

  test('a value js-yaml cannot write is refused as js-yaml refuses it', () => {
    expect(() => toYaml({ a: () => 1 })).toThrow(/unacceptable kind of an object to dump/);
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

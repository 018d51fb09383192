// lib/config/yaml-source.ts: a config's YAML text read with the yaml package, its limits, and the excerpt of an
// error built from the text and the error's offset (masked by the project's rule, whatever the library's message says).
import * as YAML from 'yaml';
import { MAX_ALIAS_COUNT, MAX_DEPTH, parseYamlSource, yamlExcerpt, type YamlSource } from '../lib/config/yaml-source';

const rule = (source: YamlSource): string => ('issue' in source ? source.issue.rule : 'no problem');
const raw = (source: YamlSource): unknown => ('raw' in source ? source.raw : source.issue);

afterEach(() => jest.restoreAllMocks());

describe('the values YAML gives', () => {
  test('YAML 1.2 for booleans and numbers, with the timestamps, !!binary and merge keys of YAML 1.1', () => {
    const text = 'a: [yes, no, on, off, y, 0777, 0o17, 0x1F, 2025.10, ~, true, False]\nb: 2025-01-02\nc: !!binary aGVsbG8=\nd: {<<: {x: 1}, y: 2}\n';
    const value = raw(parseYamlSource(text, 'c.yaml')) as Record<string, unknown>;
    expect(value.a).toEqual(['yes', 'no', 'on', 'off', 'y', 777, 15, 31, 2025.1, null, true, false]);
    expect(value.b).toEqual(new Date('2025-01-02T00:00:00Z'));
    expect(Buffer.from(value.c as Uint8Array).toString()).toBe('hello');
    expect(value.d).toEqual({ x: 1, y: 2 });
  });

  test('an empty text and one of comments only are null', () => {
    expect(raw(parseYamlSource('', 'c.yaml'))).toBeNull();
    expect(raw(parseYamlSource('# nothing\n', 'c.yaml'))).toBeNull();
  });

  test('the text of a scalar as written, by path, for a message about a value YAML changed', () => {
    const source = parseYamlSource('chart:\n  version: 2025.10\n  name: "2025.10"\n', 'c.yaml');
    if (!('written' in source)) throw new Error(rule(source));
    expect(source.written(['chart', 'version'])).toBe('2025.10');
    // Quoted, missing or a mapping: nothing.
    expect(source.written(['chart', 'name'])).toBeUndefined();
    expect(source.written(['chart', 'other'])).toBeUndefined();
    expect(source.written(['chart'])).toBeUndefined();
  });
});

describe('limits', () => {
  test('a "billion laughs" document is refused by the library\'s own alias limit, while it converts the document', () => {
    const toJS = jest.spyOn(YAML.Document.prototype, 'toJS');
    const lines = ['a0: &a0 [lol]', ...Array.from({ length: 40 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`)];
    const source = parseYamlSource(`${lines.join('\n')}\n`, 'lol.yaml');
    expect(source).toEqual({ issue: expect.objectContaining({ path: '(root)', value: `more than ${MAX_ALIAS_COUNT} repeats of an anchor through aliases` }) });
    expect(toJS).toHaveBeenCalledWith({ maxAliasCount: MAX_ALIAS_COUNT });
    // The library threw its ReferenceError: no tree was built.
    expect(toJS.mock.results[0]).toEqual({ type: 'throw', value: expect.any(ReferenceError) });
  });

  test('mappings nested so deep that the library\'s composer runs out of stack: its error code, our words', () => {
    const text = `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
    expect(rule(parseYamlSource(text, 'deep.yaml'))).toMatch(new RegExp(`^is not valid YAML: nests mappings and lists deeper than ${MAX_DEPTH} levels in "deep\\.yaml" \\(\\d+:\\d+\\)\\n`));
  });

  test(`${MAX_DEPTH} levels pass, one more is refused where it starts`, () => {
    const nest = (levels: number) => `a: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n`;
    expect(raw(parseYamlSource(nest(MAX_DEPTH), 'ok.yaml'))).toEqual({ a: expect.any(Array) });
    expect(rule(parseYamlSource(nest(MAX_DEPTH + 1), 'deep.yaml'))).toMatch(new RegExp(`deeper than ${MAX_DEPTH} levels in "deep\\.yaml" \\(1:${3 + MAX_DEPTH}\\)`));
    // Block levels count as flow ones do.
    const block = `${Array.from({ length: MAX_DEPTH + 1 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
    expect(rule(parseYamlSource(block, 'deep.yaml'))).toMatch(new RegExp(`deeper than ${MAX_DEPTH} levels in "deep\\.yaml" \\(${MAX_DEPTH + 1}:${MAX_DEPTH + 1}\\)`));
  });

  test('a limit is the problem reported wherever it is reached, a syntax error before it and a document after it included', () => {
    const deep = `a: ${'['.repeat(MAX_DEPTH + 1)}\n`;
    const syntax = 'x: [\n'.repeat(1) + 'y: {\n';
    expect(rule(parseYamlSource(`${syntax}${deep}`, 'deep.yaml'))).toMatch(/^is not valid YAML: nests mappings and lists deeper than/);
    expect(rule(parseYamlSource(`${deep}---\nb: 1\n`, 'deep.yaml'))).toMatch(/deeper than .* \(1:\d+\)/);
    // Closing a flow collection lowers the depth again, never below zero: one deep level at a time passes.
    const wide = `a: [${Array.from({ length: MAX_DEPTH * 2 }, () => '[1]').join(', ')}]\n]]]\n`;
    expect(rule(parseYamlSource(wide, 'wide.yaml'))).not.toMatch(/deeper than/);
  });

  test('the lexer\'s own markers take no room: the offset of a limit is the text\'s own', () => {
    const nest = `"q": 'r'\nb: ${'{'.repeat(MAX_DEPTH + 1)}\n`;
    expect(rule(parseYamlSource(nest, 'deep.yaml'))).toMatch(new RegExp(`deeper than ${MAX_DEPTH} levels in "deep\\.yaml" \\(2:${3 + MAX_DEPTH + 1}\\)`));
  });

  test('a flow collection left open ends where the indentation falls back: its depth no longer counts', () => {
    const open = (levels: number) => `a: [1,\nb: ${'{'.repeat(levels)}\n`;
    expect(rule(parseYamlSource(open(MAX_DEPTH), 'open.yaml'))).not.toMatch(/deeper than/);
    expect(rule(parseYamlSource(open(MAX_DEPTH), 'open.yaml'))).toMatch(/^is not valid YAML: /);
    expect(rule(parseYamlSource(open(MAX_DEPTH + 1), 'open.yaml'))).toMatch(new RegExp(`deeper than ${MAX_DEPTH} levels in "open\\.yaml" \\(2:${3 + MAX_DEPTH + 1}\\)`));
  });

  test('a control character other than tab and line breaks is refused with its position; a NUL by name', () => {
    expect(rule(parseYamlSource('a: 1\nb: x\u0007y\n', 'c.yaml'))).toBe(
      'is not valid YAML: contains the control character U+0007 at line 2, column 5; YAML allows none but tab and line breaks (a binary file has them)',
    );
    expect(rule(parseYamlSource('a:\tb\r\n', 'c.yaml'))).toBe('no problem');
    expect(rule(parseYamlSource('a: b\0\0', 'c.yaml'))).toMatch(/^contains 2 NUL bytes \(U\+0000\), the first at line 1, column 5: /);
    // The whole words, for one NUL and for several; a code with letters in uppercase hex digits.
    expect(rule(parseYamlSource('a: b\0', 'c.yaml'))).toBe(
      'contains a NUL byte (U+0000), the first at line 1, column 5: a config is text; remove it (a file saved as UTF-16, or a binary file, has them)',
    );
    expect(rule(parseYamlSource('a: b\0\nc: \0\0', 'c.yaml'))).toBe(
      'contains 3 NUL bytes (U+0000), the first at line 1, column 5: a config is text; remove them (a file saved as UTF-16, or a binary file, has them)',
    );
    expect(rule(parseYamlSource('a: \x1b[0m\n', 'c.yaml'))).toMatch(/^is not valid YAML: contains the control character U\+001B at line 1, column 4;/);
  });

  test('only brackets count toward the flow depth: spaces between them change nothing, a closing one lowers it by one', () => {
    // Written with a space after each bracket: the spaces, commas and scalars between brackets neither lower the depth
    // nor end the collection.
    expect(rule(parseYamlSource(`a: ${'[ '.repeat(MAX_DEPTH + 1)}\n`, 'deep.yaml'))).toMatch(/deeper than 100 levels in "deep\.yaml" \(1:/);
    expect(rule(parseYamlSource(`a: ${'{ '.repeat(MAX_DEPTH + 1)}\n`, 'deep.yaml'))).toMatch(/deeper than 100 levels in "deep\.yaml" \(1:/);
    // 60 levels, an empty list closed at the 61st, then 50 more: 110 levels open at the end.
    const reopened = `a: ${'['.repeat(60)}[], ${'['.repeat(50)}\n`;
    expect(rule(parseYamlSource(reopened, 'deep.yaml'))).toMatch(/deeper than 100 levels in "deep\.yaml" \(1:/);
  });
});

describe('the excerpt of a YAML error', () => {
  test('lines before the error and a caret under its column; line numbers aligned', () => {
    const text = Array.from({ length: 12 }, (_, i) => `k${i}: v`).join('\n');
    expect(yamlExcerpt(text, 10, 4)).toBe(['  7 | k6: v', '  8 | k7: v', '  9 | k8: v', ' 10 | k9: v', '---------^'].join('\n'));
    expect(yamlExcerpt('a: [\n', 1, 1)).toBe([' 1 | a: [', '-----^'].join('\n'));
    // A file with CRLF line ends: no carriage return reaches the terminal.
    expect(yamlExcerpt('a: 1\r\nb: [\r\n', 2, 4)).toBe([' 1 | a: 1', ' 2 | b: [', '--------^'].join('\n'));
  });

  test('a long line is masked whole, then cut around the column: the cut key still masks its value', () => {
    const secret = `Q7x${'k9'.repeat(60)}`;
    const text = `a: 1\ndb:\n  apiToken: ${secret} more\n`;
    const excerpt = yamlExcerpt(text, 3, text.split('\n')[2].length);
    expect(excerpt).not.toContain('apiToken');
    expect(excerpt).not.toMatch(/k9k9/);
    // Everything after the key's colon is masked, "more" too.
    expect(excerpt.split('\n')[2]).toMatch(/^ 3 \| \.\.\. \*+ \*{4}$/);
    // The caret stays under the column: the line's last character.
    const [line, caret] = excerpt.split('\n').slice(2);
    expect(caret.length - 1).toBe(line.length - 1);
  });

  test('masking does not depend on the library\'s message: with every message replaced, the excerpt is still masked', () => {
    const text = 'database:\n  host: db.example.com\n  password: hunter2\n  url: https://u:Zx9pw@git.example.com/r.git\n  replicas: [\n';
    const genuine = rule(parseYamlSource(text, 'c.yaml'));
    let replaced = '';
    jest.isolateModules(() => {
      jest.doMock('yaml', () => {
        const actual = jest.requireActual('yaml');
        // Every document the composer gives has each error's and warning's message replaced.
        class Composer extends actual.Composer {
          *compose(...args: unknown[]) {
            for (const doc of super.compose(...args)) {
              for (const e of [...doc.errors, ...doc.warnings]) e.message = 'password: hunter2 Zx9pw';
              yield doc;
            }
          }
        }
        return { ...actual, Composer };
      });
      const isolated = require('../lib/config/yaml-source') as typeof import('../lib/config/yaml-source');
      replaced = rule(isolated.parseYamlSource(text, 'c.yaml'));
    });
    jest.dontMock('yaml');
    // The reason is whatever the library says; the excerpt after it is the same, masked by our rule.
    expect(replaced.split('\n\n')[0]).toMatch(/^is not valid YAML: password: hunter2 Zx9pw in "c\.yaml" \(6:1\)$/);
    const excerpt = replaced.split('\n\n')[1];
    expect(excerpt).toBe(genuine.split('\n\n')[1]);
    expect(excerpt).toContain(' 3 |   password: *******');
    expect(excerpt).toContain(' 4 |   url: https://*******@git.example.com/r.git');
    expect(excerpt).not.toMatch(/hunter2|Zx9/);
  });
});

describe('the checks\' details', () => {
  test(`a flow collection alone may nest ${MAX_DEPTH} levels: the lexer counts levels as the tree does`, () => {
    const nest = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    let deepest = raw(parseYamlSource(nest(MAX_DEPTH), 'ok.yaml'));
    for (let level = 1; level < MAX_DEPTH; level++) deepest = (deepest as unknown[])[0];
    expect(deepest).toEqual([]);
    expect(rule(parseYamlSource(nest(MAX_DEPTH + 1), 'deep.yaml'))).toMatch(new RegExp(`deeper than ${MAX_DEPTH} levels in "deep\\.yaml" \\(1:${MAX_DEPTH + 1}\\)`));
  });

  test('a key nested deeper than the limit is refused as a value is', () => {
    const key = `? ${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}\n: 1\n`;
    expect(rule(parseYamlSource(key, 'ok.yaml'))).toBe('no problem');
    const deeper = `? ${'- '.repeat(MAX_DEPTH)}1\n: 1\n`;
    expect(rule(parseYamlSource(deeper, 'deep.yaml'))).toMatch(new RegExp(`^is not valid YAML: nests mappings and lists deeper than ${MAX_DEPTH} levels in "deep\\.yaml" \\(1:`));
  });

  test('duplicate keys: the first repeat is reported with the line of the key it repeats; a null key is the empty one', () => {
    expect(rule(parseYamlSource('x:\n  a: 1\n  b: 2\n  a: 3\n  b: 4\n', 'c.yaml'))).toMatch(/^is not valid YAML: repeats the key "a" of its mapping \(first at line 2\); a key may appear once in "c\.yaml" \(4:3\)\n/);
    expect(rule(parseYamlSource('? ~\n: 1\n"": 2\n', 'c.yaml'))).toMatch(/^is not valid YAML: repeats the key "" of its mapping \(first at line 1\); a key may appear once in "c\.yaml" \(3:1\)\n/);
    // Keys that are lists are not compared (each becomes its text, an unknown field for the schema).
    expect(raw(parseYamlSource('? [a]\n: 1\n? [b]\n: 2\n', 'c.yaml'))).toEqual({ '[ a ]': 1, '[ b ]': 2 });
  });

  test('aliases: the first bad one is reported; an alias at the start or the end of the node it names is inside it', () => {
    expect(rule(parseYamlSource('a: *x\nb: *y\n', 'c.yaml'))).toMatch(/^is not valid YAML: \*x names no anchor \(&x\) written before it in "c\.yaml" \(1:4\)\n/);
    const inside = /^is not valid YAML: \*x is inside the node it refers to \(&x\), which would repeat itself forever in "c\.yaml" \((\d+:\d+)\)\n/;
    expect(rule(parseYamlSource('a: &x\n  b: *x\nc: *y\n', 'c.yaml'))).toMatch(inside);
    // Without a final line break the mapping ends where its last value, the alias, ends.
    expect(rule(parseYamlSource('a: &x\n  b: *x', 'c.yaml')).match(inside)?.[1]).toBe('2:6');
    expect(rule(parseYamlSource('a: &x\n  *x : 1\n', 'c.yaml')).match(inside)?.[1]).toBe('2:3');
    // The anchor an alias names is the last of that name before it.
    expect(raw(parseYamlSource('a: &x 1\nb: &x 2\nc: *x\n', 'c.yaml'))).toEqual({ a: 1, b: 2, c: 2 });
  });

  test('an error of the library other than its alias limit is not reported as that limit', () => {
    jest.spyOn(YAML.Document.prototype, 'toJS').mockImplementation(() => {
      throw new TypeError('a bug');
    });
    expect(() => parseYamlSource('a: 1\n', 'c.yaml')).toThrow(new TypeError('a bug'));
  });

  test('the written text of a scalar: signs, dots and exponents kept; a plain scalar over several lines is not one', () => {
    const source = parseYamlSource('a: -1.5e+3\nb: x\n  y\nc: |\n  12\n', 'c.yaml');
    if (!('written' in source)) throw new Error(rule(source));
    expect(source.written(['a'])).toBe('-1.5e+3');
    expect(source.written(['b'])).toBeUndefined();
    expect(source.written(['c'])).toBeUndefined();
  });
});

describe('the excerpt\'s window and masking', () => {
  test('a long line is cut to 79 characters centred on the column, "..." on each cut side, the caret under the column', () => {
    const digits = '0123456789'.repeat(20);
    const excerpt = yamlExcerpt(`k: ${digits}`, 1, 120);
    // Column 120 is the line's 120th character; the window starts 39 characters before it.
    expect(excerpt).toBe([` 1 | ... ${`k: ${digits}`.slice(80, 159)} ...`, `${'-'.repeat(48)}^`].join('\n'));
    const [line, caret] = excerpt.split('\n');
    expect(line[caret.length - 1]).toBe(`k: ${digits}`[119]);
  });

  test('a line of 79 characters is shown whole; one of 80 is cut on the side away from the column', () => {
    expect(yamlExcerpt('x'.repeat(79), 1, 79)).toBe([` 1 | ${'x'.repeat(79)}`, `${'-'.repeat(83)}^`].join('\n'));
    expect(yamlExcerpt('x'.repeat(80), 1, 80)).toBe([` 1 | ... ${'x'.repeat(79)}`, `${'-'.repeat(87)}^`].join('\n'));
    expect(yamlExcerpt('x'.repeat(80), 1, 1)).toBe([` 1 | ${'x'.repeat(79)} ...`, '-----^'].join('\n'));
  });

  test('the lines that continue a secret value are masked, a blank one kept blank; the value ends where the indentation falls back', () => {
    expect(yamlExcerpt('a: 1\npassword: |\n  hunter2\n  more\n\nb: [\n  c: d\n', 6, 4)).toBe(
      [' 3 |   *******', ' 4 |   ****', ' 5 | ', ' 6 | b: [', '--------^'].join('\n'),
    );
    // A blank line inside a block scalar does not end it.
    expect(yamlExcerpt('password: |\n  one\n\n  two\nb: [\n', 5, 4)).toBe([' 2 |   ***', ' 3 | ', ' 4 |   ***', ' 5 | b: [', '--------^'].join('\n'));
    expect(yamlExcerpt('password: x\nb: 1\n  c: 2\n', 3, 1)).toBe([' 1 | password: *', ' 2 | b: 1', ' 3 |   c: 2', '-----^'].join('\n'));
    // An RSA `private` key, and a key that may name a Kubernetes Secret, mask their values too; other keys do not.
    expect(yamlExcerpt('rsa:\n  private: abc\n  tlsSecret: not_a_name\n  other: x\nb: [\n', 5, 4)).toBe(
      [' 2 |   private: ***', ' 3 |   tlsSecret: **********', ' 4 |   other: x', ' 5 | b: [', '--------^'].join('\n'),
    );
  });

  test('a file that holds a private key gets no excerpt', () => {
    const text = 'a: |\n  -----BEGIN PRIVATE KEY-----\n  x\nb: [\n';
    expect(rule(parseYamlSource(text, 'c.yaml'))).toMatch(/^is not valid YAML: .* in "c\.yaml" \(5:1\)$/);
  });
});

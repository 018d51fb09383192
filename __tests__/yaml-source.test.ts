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

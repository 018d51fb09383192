// What a user sees from the config layer: where the config comes from, how each problem is worded (field, value,
// rule), and the rules themselves at their boundaries. Each test builds what it asserts.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { ConfigError, formatIssue, formatIssues, formatPath, formatValue } from '../lib/config/errors';
import { checkConfig, loadConfigFile, MAX_ALIAS_EXPANSION, MAX_CONFIG_BYTES, parseConfig, resolveConfigPath } from '../lib/config/load';
import { MAX_ALIAS_COUNT } from '../lib/config/yaml-source';
import { parseConfig as parseConfigInput } from '../lib/config/public';
import { DNS_NAME, ENV_VAR, isValidMasterSecret, KEY_VAULT_SECRET_NAME } from '../lib/config/rules';
import { assertLabel, assertSubdomain, EMAIL, GUID, isDns1123Label, isDns1123Subdomain } from '../lib/util/rules';
import { configJsonSchema, configJsonSchemaText } from '../cli/reference/json-schema';
import { configReferenceMarkdown, referenceMarkdown } from '../cli/reference/reference';
import { replaceReference, REFERENCE_END, REFERENCE_START } from '../cli/reference/readme';
import { exampleConfig, minimalConfig, ROOT, withField } from './helpers';

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cc-config-'));

describe('problem messages', () => {
  test('paths: dotted names, [index] for list items, (root) for the document', () => {
    expect(formatPath(['devEnvironmentClusters', 0, 'relay', 'hostname'])).toBe('devEnvironmentClusters[0].relay.hostname');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('(root)');
  });
  test('values: strings quoted and cut at 80 characters, lists and objects named, others as text', () => {
    expect(formatValue(undefined)).toBe('missing');
    expect(formatValue('x'.repeat(80))).toBe(JSON.stringify('x'.repeat(80)));
    expect(formatValue('x'.repeat(81))).toBe(JSON.stringify(`${'x'.repeat(77)}...`));
    // A long value whose secret masks it short still shows that it was cut (the first 1000 characters are masked).
    const key = (length: number) => `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(length - 28)}`;
    expect(key(1000)).toHaveLength(1000);
    expect(formatValue(key(1000))).toBe('"-----BEGIN PRIVATE KEY-----***"');
    expect(formatValue(key(1001))).toBe('"-----BEGIN PRIVATE KEY-----***..."');
    expect(formatValue([1])).toBe('a list');
    expect(formatValue({})).toBe('an object');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(5)).toBe('5');
  });
  test('an issue: field, value, rule; a missing value says so unless the rule already does', () => {
    expect(formatIssue({ path: 'a', value: 1, rule: 'must be 2' })).toBe('a: is 1; must be 2');
    expect(formatIssue({ path: 'a', value: undefined, rule: 'must be 2' })).toBe('a: missing; must be 2');
    expect(formatIssue({ path: 'a', value: undefined, rule: 'is required' })).toBe('a: is required');
  });
  test('the error lists every problem under the file name with a count', () => {
    expect(formatIssues('c.yaml', [{ path: 'a', value: 1, rule: 'r' }])).toBe('c.yaml: 1 problem found\n  - a: is 1; r');
    const e = new ConfigError('c.yaml', [{ path: 'a', value: 1, rule: 'r' }, { path: 'b', value: 'x', rule: 's' }]);
    expect(e.message).toBe('c.yaml: 2 problems found\n  - a: is 1; r\n  - b: is "x"; s');
    expect(e.name).toBe('ConfigError');
    expect(e.source).toBe('c.yaml');
    expect(e.issues).toHaveLength(2);
  });
});

describe('loading', () => {
  test('where the config comes from: --config, then $CODECANVAS_CONFIG, then ./codecanvas.yaml, then the embedded example', () => {
    const dir = tmpDir();
    expect(resolveConfigPath('x.yaml', { CODECANVAS_CONFIG: 'y.yaml' }, dir)).toBe(path.join(dir, 'x.yaml'));
    expect(resolveConfigPath(undefined, { CODECANVAS_CONFIG: 'y.yaml' }, dir)).toBe(path.join(dir, 'y.yaml'));
    expect(resolveConfigPath(undefined, {}, dir)).toBe(path.join(ROOT, 'examples', 'aks.yaml'));
    fs.writeFileSync(path.join(dir, 'codecanvas.yaml'), '');
    expect(resolveConfigPath(undefined, {}, dir)).toBe(path.join(dir, 'codecanvas.yaml'));
  });

  test('a file that cannot be read or parsed is one problem naming the file', () => {
    const dir = tmpDir();
    const missing = path.join(dir, 'none.yaml');
    expect(() => loadConfigFile(missing)).toThrow(`${missing}: 1 problem found\n  - (file): is ${JSON.stringify(missing)}; does not exist`);
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'a: [1,\n');
    expect(() => loadConfigFile(bad)).toThrow(/\(file\): is ".*bad\.yaml"; is not valid YAML: /);
  });

  test('a YAML error in a file that holds a private key gives line and column, without the excerpt of the file', () => {
    const dir = tmpDir();
    const key = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const indented = key.trim().split('\n').map((line) => `    ${line}`).join('\n');
    const text = `namespace: codecanvas\nnotes:\n  key: |\n${indented}\n  key: again\n`;
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, text);
    const reason = `repeats the key "key" of its mapping (first at line 3); a key may appear once in ${JSON.stringify(file)} (9:3)`;
    expect(() => loadConfigFile(file)).toThrow(new ConfigError(file, [{ path: '(file)', value: file, rule: `is not valid YAML: ${reason}` }]));
    expect(() => parseConfigInput(text, { source: 'c.yaml' })).toThrow(
      new ConfigError('c.yaml', [{ path: '(file)', value: 'c.yaml', rule: 'is not valid YAML: repeats the key "key" of its mapping (first at line 3); a key may appear once in "c.yaml" (9:3)' }]),
    );
    // Without a private key the excerpt stays: it shows where the error is.
    fs.writeFileSync(file, 'notes:\n  key: a\n  key: again\n');
    expect(() => loadConfigFile(file)).toThrow(` (3:3)\n\n 1 | notes:\n 2 |   key: a\n 3 |   key: again\n-------^`);
  });

  test('a YAML error excerpt masks the values of secret keys, keeps the others, and its caret still points at the error', () => {
    const text = [
      'namespace: codecanvas',
      'database:',
      '  host: db.example.com',
      '  "password" : hunter2',
      '  rsa: { private: pr1v }',
      '  replicas: [',
    ].join('\n');
    let message = '';
    try {
      parseConfigInput(`${text}\n`, { source: 'c.yaml' });
    } catch (e) {
      message = (e as Error).message;
    }
    // The excerpt shows the error line and the three before it; after a secret key the whole rest of its line is masked.
    expect(message.slice(message.indexOf('\n\n') + 2).split('\n')).toEqual([
      ' 4 |   "password" : *******',
      ' 5 |   rsa: { private: **** *',
      ' 6 |   replicas: [',
      ' 7 | ',
      '-----^',
    ]);
    for (const secret of ['hunter2', 'pr1v']) expect(message).not.toContain(secret);

  });

  test('a YAML error excerpt also masks the lines that continue a secret value, up to the next key, wherever the excerpt starts', () => {
    const excerpt = (lines: string[]): string[] => {
      try {
        parseConfigInput(`${lines.join('\n')}\n`, { source: 'c.yaml' });
      } catch (e) {
        const message = (e as Error).message;
        return message.slice(message.indexOf('\n\n') + 2).split('\n');
      }
      throw new Error('no YAML error');
    };
    // A folded block scalar whose key is above the excerpt, with an empty and a blank line inside the block.
    expect(excerpt(['namespace: codecanvas', 'database:', '  password: >-', '    hunter2', '', ' ', '    again', '  replicas: ['])).toEqual([
      ' 6 |  ',
      ' 7 |     *****',
      ' 8 |   replicas: [',
      ' 9 | ',
      '-----^',
    ]);
    // The key in view, at line 10 and on, where the line numbers get wider.
    const filler = ['namespace: codecanvas', 'domain: example.com', 'database:', '  host: a', '  port: 5432', '  name: b', '  user: c', '  sslmode: x', '  extra: y'];
    expect(excerpt([...filler, '  password: |', '    hunter2', '  replicas: ['])).toEqual([
      ' 10 |   password: *',
      ' 11 |     *******',
      ' 12 |   replicas: [',
      ' 13 | ',
      '------^',
    ]);
    // A value that starts on the next line, and a plain scalar over two lines.
    expect(excerpt(['database:', '  password:', '    hunter2', '  replicas: ['])).toEqual([' 2 |   password:', ' 3 |     *******', ' 4 |   replicas: [', ' 5 | ', '-----^']);
    expect(excerpt(['database:', '  masterSecret: hunter3', '    hunter4', '  replicas: ['])).toEqual([
      ' 2 |   masterSecret: *******',
      ' 3 |     *******',
      ' 4 |   replicas: [',
      ' 5 | ',
      '-----^',
    ]);
    // The value ends at the next key; a block under another key stays as written.
    expect(excerpt(['database:', '  password: |', '    hunter2', '  host: |', '    db.example.com', '  replicas: ['])).toEqual([
      ' 4 |   host: |',
      ' 5 |     db.example.com',
      ' 6 |   replicas: [',
      ' 7 | ',
      '-----^',
    ]);
  });

  test('a loaded file knows its folder (certificate paths are relative to it)', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, yaml.dump(minimalConfig()));
    const loaded = loadConfigFile(file);
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.source).toBe(file);
    expect(loaded.config.namespace).toBe('codecanvas');
  });

  test('all problems at once: placeholders, unknown fields, wrong types, missing fields, bad options', () => {
    const config = withField(withField(withField(withField(minimalConfig(), 'database.host', 'X_PLACEHOLDER'), 'databse', 1), 'domain', 5), 'delivery', { mode: 'kubectl' });
    delete (config as any).namespace;
    const lines = checkConfig(config).map(formatIssue);
    expect(lines).toEqual(
      expect.arrayContaining([
        'database.host: is "X_PLACEHOLDER"; still contains "_PLACEHOLDER": replace the install guide\'s placeholder with the real value',
        'databse: is 1; is not a known field; did you mean database?',
        // Issue 10: a YAML number where a string belongs gets a hint to quote it.
        'domain: is 5; must be a string: YAML reads the unquoted 5 as a number; quote it ("5")',
        'namespace: is required',
        expect.stringMatching(/^delivery\.mode: is "kubectl"; must be one of "argocd", /),
      ]),
    );
    // A placeholder is reported once, not also by the rule of its field.
    expect(lines.filter((l) => l.startsWith('database.host'))).toHaveLength(1);
    expect(checkConfig([]).map(formatIssue)[0]).toBe('(root): is a list; must be a mapping of config fields (licenseAgreementAccepted, namespace, domain, ...): see examples/aks.yaml');
    // Nothing at all (an empty YAML document is null; the library's parseConfig may be handed undefined from JavaScript).
    for (const nothing of [null, undefined]) {
      expect(checkConfig(nothing).map(formatIssue)).toEqual([
        '(root): is "nothing (the file is empty or holds only comments)"; must be a mapping of config fields (licenseAgreementAccepted, namespace, domain, ...): see examples/aks.yaml',
      ]);
    }
    expect(checkConfig(withField(minimalConfig(), 'devEnvironmentClusters', {})).map(formatIssue)).toEqual(['devEnvironmentClusters: is an object; must be a list']);
  });

  test('parseConfig throws every problem under the given source name', () => {
    expect(() => parseConfig(withField(minimalConfig(), 'domain', 'x'), 'my.yaml')).toThrow(/^my\.yaml: 1 problem found/);
  });

  test('without a source name, problems are listed under "config"', () => {
    expect(() => parseConfig(withField(minimalConfig(), 'domain', 'x'))).toThrow(/^config: 1 problem found\n {2}- domain: is "x"; /);
    expect(() => parseConfigInput(withField(minimalConfig(), 'domain', 'x') as any)).toThrow(/^config: 1 problem found\n {2}- domain: is "x"; /);
  });

  test('a YAML syntax error names the file, line and column, and shows the spot', () => {
    const dir = tmpDir();
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'a: [1,\n');
    const issues = (() => {
      try {
        loadConfigFile(bad);
      } catch (e) {
        return (e as ConfigError).issues;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(issues).toEqual([
      { path: '(file)', value: bad, rule: `is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] in "${bad}" (2:1)\n\n 1 | a: [1,\n 2 | \n-----^` },
    ]);
  });

  test('YAML text given to parseConfig: a syntax error is one problem under the source name ("config" unless given)', () => {
    const rule = (source: string) => `is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] in "${source}" (2:1)\n\n 1 | a: [1,\n 2 | \n-----^`;
    expect(() => parseConfigInput('a: [1,\n')).toThrow(`config: 1 problem found\n  - (file): is "config"; ${rule('config')}`);
    expect(() => parseConfigInput('a: [1,\n', { source: 'team.yaml' })).toThrow(`team.yaml: 1 problem found\n  - (file): is "team.yaml"; ${rule('team.yaml')}`);
    expect(parseConfigInput(yaml.dump(minimalConfig())).namespace).toBe('codecanvas');
  });

  test(`a config file may hold ${MAX_CONFIG_BYTES} bytes, counted as bytes (not characters); one more is refused before reading`, () => {
    const dir = tmpDir();
    const head = `${yaml.dump(minimalConfig())}# `;
    // "é" is two bytes in UTF-8: the file at the limit has far fewer characters than bytes.
    const room = MAX_CONFIG_BYTES - Buffer.byteLength(head) - 1;
    const atLimit = `${head}${'é'.repeat(Math.floor(room / 2))}${'a'.repeat(room % 2)}\n`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_CONFIG_BYTES);
    const ok = path.join(dir, 'ok.yaml');
    fs.writeFileSync(ok, atLimit);
    expect(loadConfigFile(ok).config.namespace).toBe('codecanvas');
    // Over the limit in bytes, far under it in characters.
    const over = path.join(dir, 'over.yaml');
    fs.writeFileSync(over, `x${atLimit}`);
    expect(`x${atLimit}`.length).toBeLessThan(MAX_CONFIG_BYTES * 0.51);
    expect(() => loadConfigFile(over)).toThrow(
      `${over}: 1 problem found\n  - (file): is ${JSON.stringify(over)}; is ${MAX_CONFIG_BYTES + 1} bytes; at most 4 MiB (${MAX_CONFIG_BYTES} bytes) are read`,
    );
  });
});

describe('values YAML reads as something other than text', () => {
  test('dates, !!binary and .inf are named with what YAML made of them, in mappings and in lists', () => {
    const text = `${yaml.dump(minimalConfig())}application:\n  values: { since: 2024-12-24, blob: !!binary aGVsbG8=, limits: [1, .inf] }\n`;
    expect(() => parseConfigInput(text, { source: 'c.yaml' })).toThrow(
      [
        'c.yaml: 3 problems found',
        '  - application.values.since: is "2024-12-24 (a date)"; must be text, not a date: YAML reads the unquoted 2024-12-24 as a timestamp; quote it ("2024-12-24")',
        '  - application.values.blob: is "(!!binary data)"; must be text, a number, a boolean, a list or a mapping: !!binary data cannot be written into the output',
        '  - application.values.limits[1]: is Infinity; must be a finite number (.inf and .nan cannot be written into the output)',
      ].join('\n'),
    );
  });

  test('an empty value (null) and a number where a list belongs: the rule, with no hint to quote', () => {
    expect(checkConfig(withField(minimalConfig(), 'database.host', null)).map(formatIssue)).toEqual([
      'database.host: is null; must be a string: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field',
    ]);
    expect(checkConfig(withField(minimalConfig(), 'devEnvironmentClusters', 5)).map(formatIssue)).toEqual(['devEnvironmentClusters: is 5; must be a list']);
  });
});

describe('placeholders and private keys', () => {
  test('placeholders in lists are named by index; a private key that also holds a placeholder is reported once, as a private key', () => {
    let config = withField(minimalConfig(), 'application.values', { hosts: ['a.example.com', 'HOST_PLACEHOLDER'] });
    config = withField(config, 'database.username', '-----BEGIN EC PRIVATE KEY-----\nJUMP_KEY_PLACEHOLDER\n-----END EC PRIVATE KEY-----\n');
    config = withField(config, 'database.host', 'DB_HOST_PLACEHOLDER');
    expect(checkConfig(config).map(formatIssue)).toEqual([
      expect.stringMatching(/^database\.username: is "\(a private key\)"; holds a private key, which must not be in a config file/),
      'database.host: is "DB_HOST_PLACEHOLDER"; still contains "_PLACEHOLDER": replace the install guide\'s placeholder with the real value',
      'application.values.hosts[1]: is "HOST_PLACEHOLDER"; still contains "_PLACEHOLDER": replace the install guide\'s placeholder with the real value',
    ]);
  });
});

describe('YAML aliases (*name)', () => {
  const yamlAliasRule = `expands YAML aliases (*name) past the limit (an anchor and its aliases ${MAX_ALIAS_COUNT} times at most, an alias inside an anchored node counting once per repeat of that node): write the values out instead of nesting anchors (a "billion laughs" document is refused)`;
  const aliasRule = `expands YAML aliases (*name) to more than ${MAX_ALIAS_EXPANSION} nodes beyond what is written: write the values out instead of nesting anchors (a "billion laughs" document is refused)`;

  test(`reusing anchors may add up to ${MAX_ALIAS_EXPANSION} nodes; one more is refused with the count`, () => {
    // A list of 1000 items, referred to 101 times: 100 repeats of 1000 nodes each.
    const leaf = Array(1000).fill(0);
    const atLimit = withField(minimalConfig(), 'application.values', {});
    atLimit.application.values.lots = Array(101).fill(leaf);
    expect(checkConfig(atLimit)).toEqual([]);
    // One repeat more of a one-item list: 100001 nodes beyond what is written. The document expands to 101108 nodes:
    // the root, lots (1 + 101 * 1001) and pair (1 + 2 * 2).
    const item = [0];
    expect(checkConfig({ lots: Array(101).fill(leaf), pair: [item, item] })).toEqual([
      { path: '(root)', value: '101108 nodes after expanding aliases', rule: aliasRule },
    ]);
  });

  test('a "billion laughs" document is refused by the yaml package\'s alias limit, before it is expanded', () => {
    // Each anchor is a list of the previous one twice: 50 levels expand to about 3 * 2^50 nodes.
    const lines = ['a0: &a0 [lol]', ...Array.from({ length: 50 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`)];
    expect(() => parseConfigInput(`${lines.join('\n')}\n`, { source: 'lol.yaml' })).toThrow(`lol.yaml: 1 problem found\n  - (root): is "more than ${MAX_ALIAS_COUNT} repeats of an anchor through aliases"; ${yamlAliasRule}`);
    // A list of 1000 items and 100 aliases of it: over the limit at once, long before 100000 nodes are added.
    const wide = `big: &big [${Array(1000).fill(0).join(',')}]\nrefs: [${Array(MAX_ALIAS_COUNT).fill('*big').join(',')}]\n`;
    expect(() => parseConfigInput(wide, { source: 'wide.yaml' })).toThrow(yamlAliasRule);
    // The limit itself passes, the anchor counting as one (unknown fields then, no alias problem).
    const atLimit = `big: &big [${Array(1000).fill(0).join(',')}]\nrefs: [${Array(MAX_ALIAS_COUNT - 1).fill('*big').join(',')}]\n`;
    expect(() => parseConfigInput(atLimit, { source: 'ok.yaml' })).toThrow(/big: is a list; is not a known field/);
  });

  test('the alias limit is the library\'s: a document under it expands to the shared nodes the yaml package gives', () => {
    // 3 levels of 9: 9 * 9 aliases of the first anchor through 9 of the second, under the limit of 100 repeats each.
    const text = `a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    expect(() => parseConfigInput(text, { source: 'ok.yaml' })).toThrow(/a: is a list; is not a known field/);
    const tenfold = `a: &a [x, x]\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: [${Array(11).fill('*b').join(', ')}]\n`;
    expect(() => parseConfigInput(tenfold, { source: 'lol.yaml' })).toThrow(yamlAliasRule);
  });

  test('an alias inside the node it names is refused, not followed forever', () => {
    const text = `${yaml.dump(minimalConfig())}application:\n  values: &values\n    again: *values\n`;
    const line = text.split('\n').length - 1;
    expect(() => parseConfigInput(text, { source: 'loop.yaml' })).toThrow(
      `loop.yaml: 1 problem found\n  - (file): is "loop.yaml"; is not valid YAML: *values is inside the node it refers to (&values), which would repeat itself forever in "loop.yaml" (${line}:12)`,
    );
    // The same from TypeScript: an object that contains itself.
    const config = withField(minimalConfig(), 'application.values', {});
    config.application.values.again = config.application.values;
    expect(checkConfig(config)).toEqual([
      { path: '(root)', value: '(self-referencing alias)', rule: 'must not contain an alias (*name) inside the node it refers to' },
    ]);
  });

  test('an expansion too large to count exactly is "billions of" nodes', () => {
    // Each level is a list of the previous one twice: with the root, n levels expand to 2^(n+1) nodes.
    const doubled = (levels: number) => {
      let node: unknown[] = [];
      for (let i = 0; i < levels; i++) node = [node, node];
      return node;
    };
    const expandedBy = (levels: number) => checkConfig({ lots: doubled(levels) }).map((i) => i.value);
    expect(expandedBy(40)).toEqual([`${2 ** 41} nodes after expanding aliases`]);
    // 2^52 is past a quarter of the largest exact integer: from there the count is not exact.
    expect(expandedBy(51)).toEqual(['billions of nodes after expanding aliases']);
    expect(expandedBy(200)).toEqual(['billions of nodes after expanding aliases']);
  });

  test('an object from TypeScript nested deeper than the YAML reader allows is one problem at any depth the stack holds, not a crash', () => {
    const nested = (levels: number) => {
      let deep: Record<string, unknown> = {};
      for (let i = 1; i < levels; i++) deep = { a: deep };
      const config = withField(minimalConfig(), 'application.values', {});
      config.application.values.deep = deep;
      return config;
    };
    // The root, application and values are three levels: values.deep adds the rest.
    expect(checkConfig(nested(97)).filter((i) => i.path === '(root)')).toEqual([]);
    for (const levels of [98, 2_000, 4_000]) {
      expect(checkConfig(nested(levels))).toEqual([
        { path: '(root)', value: `${levels + 3} levels of mappings and lists`, rule: 'nests mappings and lists deeper than 100 levels (aliases expanded); a config needs about 6' },
      ]);
    }
  });

  test('YAML aliases nested in aliases past 100 levels are one problem, though each anchor is shallow', () => {
    // 3 anchors, each 50 levels deep around an alias of the one before: 150 levels once expanded, within the
    // alias limits, no line of the text over 52 levels deep.
    const lines = ['licenseAgreementAccepted: true', 'chain:'];
    for (let k = 0; k < 3; k++) {
      const inner = k === 0 ? '1' : `*a${k - 1}`;
      lines.push(`  l${k}: &a${k} ${'{x: '.repeat(50)}${inner}${'}'.repeat(50)}`);
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-aliases-')), 'codecanvas.yaml');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    let problems: readonly unknown[] = [];
    try {
      loadConfigFile(file);
    } catch (e) {
      problems = (e as ConfigError).issues;
    }
    expect(problems).toEqual([
      { path: '(root)', value: '152 levels of mappings and lists', rule: 'nests mappings and lists deeper than 100 levels (aliases expanded); a config needs about 6' },
    ]);
  });

  test('an object from TypeScript nested deeper than the call stack is one problem, not a crash', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const config = withField(minimalConfig(), 'application.values', {});
    config.application.values.deep = deep;
    expect(checkConfig(config)).toEqual([
      { path: '(root)', value: '(nested too deeply)', rule: 'nests mappings and lists too deeply to be a config' },
    ]);
  });
});

describe('rules at their boundaries', () => {
  test('DNS-1123 label and subdomain lengths', () => {
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    const long = [63, 63, 63, 61].map((n) => 'a'.repeat(n)).join('.');
    expect(isDns1123Subdomain(long)).toBe(true);
    expect(isDns1123Subdomain(`${long}a`)).toBe(false);
    expect(isDns1123Subdomain('a..b')).toBe(false);
  });
  test('assertLabel / assertSubdomain name construct, field, value and the rule', () => {
    expect(() => assertLabel('C', 'f', 'A')).toThrow('C: f "A" must be a DNS-1123 label');
    expect(() => assertLabel('C', 'f', 'a.b')).toThrow('C: f "a.b" must be a DNS-1123 label');
    expect(() => assertSubdomain('C', 'f', 'a.b')).not.toThrow();
    expect(() => assertSubdomain('C', 'f', 'a_b')).toThrow('C: f "a_b" must be a DNS-1123 subdomain');
  });
  test.each([
    [DNS_NAME, ['codecanvas.example.com', 'a.b'], ['localhost', 'a.b.', '*.a.b', 'A.b', 'a.1b', `${'a'.repeat(64)}.com`]],
    [GUID, ['6f1c2f3e-8a4b-4c5d-9e0f-123456789ABC'], ['6f1c2f3e8a4b4c5d9e0f123456789abc', '6f1c2f3e-8a4b-4c5d-9e0f-123456789abcd']],
    [EMAIL, ['a@b.co', 'first.last+tag@example.com'], ['a@b', '@b.co', 'a b@c.de', 'a@b.c']],
    [ENV_VAR, ['A', '_a1'], ['1A', 'A-B', '']],
    [KEY_VAULT_SECRET_NAME, ['a', 'A-1', 'x'.repeat(127)], ['', 'a_b', 'x'.repeat(128)]],
  ] as const)('%s', (re, good, bad) => {
    for (const v of good) expect([v, re.test(v)]).toEqual([v, true]);
    for (const v of bad) expect([v, re.test(v)]).toEqual([v, false]);
  });
  test('master secret: canonical Base64 of at least 32 bytes, surrounding whitespace allowed', () => {
    expect(isValidMasterSecret(Buffer.alloc(32, 1).toString('base64'))).toBe(true);
    expect(isValidMasterSecret(` ${Buffer.alloc(48, 1).toString('base64')}\n`)).toBe(true);
    expect(isValidMasterSecret(Buffer.alloc(31, 1).toString('base64'))).toBe(false);
    expect(isValidMasterSecret('')).toBe(false);
    expect(isValidMasterSecret('not base64 at all, but long enough to be 32 bytes!!')).toBe(false);
  });
  test('master secret: Base64 without its padding, in the URL-safe alphabet or with text after it is refused, though it decodes to 32 bytes', () => {
    const padded = Buffer.alloc(32, 0xfb).toString('base64');
    expect(isValidMasterSecret(padded)).toBe(true);
    expect(isValidMasterSecret(padded.slice(0, -1))).toBe(false);
    expect(isValidMasterSecret(padded.replace(/\+/g, '-').replace(/\//g, '_'))).toBe(false);
    expect(isValidMasterSecret(`${padded}!`)).toBe(false);
    expect(isValidMasterSecret(`!${padded}`)).toBe(false);
  });
});

describe('JSON Schema and reference', () => {
  test('the schema names itself and is the committed codecanvas.schema.json', () => {
    const schema = configJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://codecanvas-cdk8s.invalid/codecanvas.schema.json');
    expect(schema.title).toBe('CodeCanvas on AKS installation (codecanvas-cdk8s)');
    expect(Object.keys(schema).slice(0, 3)).toEqual(['$schema', '$id', 'title']);
    expect(configJsonSchemaText()).toBe(fs.readFileSync(path.join(ROOT, 'codecanvas.schema.json'), 'utf8'));
  });
  test('the reference table has a row per field with type, required mark and default', () => {
    const rows = configReferenceMarkdown().split('\n');
    expect(rows.slice(0, 2)).toEqual(['| Field | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- |']);
    expect(rows.find((r) => r.startsWith('| `namespace` |'))).toMatch(/^\| `namespace` \| string \| yes \|  \| Namespace of the CodeCanvas application/);
    expect(rows.find((r) => r.startsWith('| `database.port` |'))).toMatch(/^\| `database\.port` \| (integer|number) \|  \| `5432` \|/);
    expect(rows.find((r) => r.startsWith('| `licenseAgreementAccepted` |'))).toMatch(/^\| `licenseAgreementAccepted` \| `true` \| yes \|/);
    expect(rows.find((r) => r.startsWith('| `delivery.mode` |'))).toMatch(/`argocd` \\\| `helm`|`argocd` \\\| /);
    expect(rows.some((r) => r.startsWith('| `devEnvironmentClusters[].name` |'))).toBe(true);
  });
  test('reference rows of each kind of field, from a zod schema: types, required marks, defaults up to 40 characters, one-line descriptions', () => {
    const schema = z.strictObject({
      name: z.string().describe('Name | alias,\nsecond line.'),
      mode: z.enum(['a', 'b']).default('a').describe('Mode.'),
      fits: z.string().default('x'.repeat(38)),
      long: z.string().default('x'.repeat(39)),
      anything: z.unknown().optional(),
      list: z.array(z.unknown()).optional(),
      issuer: z.union([z.strictObject({ email: z.string(), server: z.string().optional() }), z.literal(false)]).optional().describe('Issuer, or false.'),
      note: z.string().nullable().optional(),
      options: z.strictObject({ level: z.number().int().optional() }).optional(),
      labels: z.record(z.string(), z.string()).optional(),
      items: z.array(z.strictObject({ id: z.string() })).optional(),
    });
    expect(referenceMarkdown(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' })).split('\n')).toEqual([
      '| Field | Type | Required | Default | Description |',
      '| --- | --- | --- | --- | --- |',
      '| `name` | string | yes |  | Name \\| alias, second line. |',
      '| `mode` | `a` \\| `b` |  | `"a"` | Mode. |',
      `| \`fits\` | string |  | \`"${'x'.repeat(38)}"\` |  |`,
      '| `long` | string |  | (see description) |  |',
      '| `anything` | any |  |  |  |',
      '| `list` | list of any |  |  |  |',
      '| `issuer` | object \\| `false` |  |  | Issuer, or false. |',
      '| `issuer.email` | string | yes |  |  |',
      '| `issuer.server` | string |  |  |  |',
      '| `note` | string \\| null |  |  |  |',
      '| `options` | object |  |  |  |',
      '| `options.level` | integer |  |  |  |',
      '| `labels` | map |  |  |  |',
      '| `items` | list of object |  |  |  |',
      '| `items[].id` | string | yes |  |  |',
    ]);
  });
  test('the reference shows that a cluster\'s letsEncrypt may also be false', () => {
    const rows = configReferenceMarkdown().split('\n');
    expect(rows.find((r) => r.startsWith('| `devEnvironmentClusters[].ingress.letsEncrypt` |'))).toMatch(/^\| `devEnvironmentClusters\[\]\.ingress\.letsEncrypt` \| object \\\| `false` \|  \|  \| Create the ClusterIssuer in this cluster \(object\), or false/);
  });
  test('replaceReference swaps only the text between the markers, and needs both', () => {
    const text = `a\n${REFERENCE_START}\nold\n${REFERENCE_END}\nb`;
    expect(replaceReference(text, 'new')).toBe(`a\n${REFERENCE_START}\nnew\n${REFERENCE_END}\nb`);
    expect(() => replaceReference('no markers', 'x')).toThrow('docs/configuration.md lacks the config reference markers');
    expect(() => replaceReference(`${REFERENCE_END}${REFERENCE_START}`, 'x')).toThrow('docs/configuration.md lacks the config reference markers');
    expect(() => replaceReference(`${REFERENCE_END}\nold`, 'x')).toThrow('docs/configuration.md lacks the config reference markers');
    // Markers at the very start of the text; an end marker before the start marker is not the one that closes it.
    expect(replaceReference(`${REFERENCE_START}\nold\n${REFERENCE_END}`, 'new')).toBe(`${REFERENCE_START}\nnew\n${REFERENCE_END}`);
    expect(replaceReference(`${REFERENCE_END}\n${REFERENCE_START}\nold\n${REFERENCE_END}`, 'new')).toBe(`${REFERENCE_END}\n${REFERENCE_START}\nnew\n${REFERENCE_END}`);
  });
});

test('the example config round-trips through the loader', () => {
  expect(parseConfig(exampleConfig()).domain).toBe(exampleConfig().domain);
});

describe('config reference: cluster releases', () => {
  test('the relay, jump and operator of a dev-environment cluster are described in the reference and the JSON Schema', () => {
    const rows = configReferenceMarkdown().split('\n');
    expect(rows).toContain('| `devEnvironmentClusters[].relay` | object |  | `{}` | Relay server (JetBrains client connections) on this cluster. |');
    expect(rows).toContain('| `devEnvironmentClusters[].jump` | object |  | `{}` | Jump server (SSH access) on this cluster. |');
    expect(rows).toContain('| `devEnvironmentClusters[].operator` | object |  | `{}` | CodeCanvas operator that starts dev environments on this cluster. |');
    const cluster = (configJsonSchema() as any).properties.devEnvironmentClusters.items.properties;
    expect([cluster.relay.description, cluster.jump.description, cluster.operator.description]).toEqual([
      'Relay server (JetBrains client connections) on this cluster.',
      'Jump server (SSH access) on this cluster.',
      'CodeCanvas operator that starts dev environments on this cluster.',
    ]);
  });
});

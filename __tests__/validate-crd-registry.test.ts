// The CRD registry (cli/validate/crd-registry.ts) on the small CRDs of fixtures/validate-crds/, and the formats the
// shared CRD ajv knows (crd-schema.ts): header scan, lookup, versions, and each version's validation or refusal.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { crdDefinitions, crdJsonFormFile, crdJsonFormText, crdRegistry, CrdRegistry, knownCustomResources } from '../cli/validate/crd-registry';
import { readYamlDocuments } from '../cli/validate/read-yaml';
import { crdAjv } from '../cli/validate/crd-schema';

// readdirSync lists the scan tests' own folders (crd-scan-*) reversed, so they show that the scan sorts the files
// itself, whatever order the file system gives (this machine's already lists them sorted).
jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  const readdirSync = (...args: Parameters<typeof real.readdirSync>) => {
    const names = real.readdirSync(...args);
    return typeof args[0] === 'string' && path.basename(args[0]).startsWith('crd-scan-') ? [...names].reverse() : names;
  };
  return { ...real, readdirSync };
});

const DIR = path.join(__dirname, 'fixtures', 'validate-crds');
const WIDGETS = path.join(DIR, 'a.example.com_widgets.yaml');

describe('the header scan', () => {
  test('each .yaml and .yml file, sorted, by spec.group and spec.names.kind (quotes off, deeper keys ignored); other layouts parsed', () => {
    expect(knownCustomResources({ crdDir: DIR })).toEqual([
      { group: 'a.example.com', kind: 'Widget', file: 'a.example.com_widgets.yaml' },
      { group: 'b.example.com', kind: 'Gadget', file: 'b.example.com_gadgets.yml' },
      { group: 'c.example.com', kind: 'Flow', file: 'c.example.com_flows.yaml' },
      { group: 'c2.example.com', kind: 'Flow', file: 'c.example.com_flows.yaml' },
      { group: 'c.example.com', kind: 'Stream', file: 'c.example.com_flows.yaml' },
      { group: 'nodot', kind: 'Thing', file: 'd.example.com_nodot.yaml' },
      { group: 'e.example.com', kind: 'Quoted', file: 'e.example.com_quotedkey.yaml' },
      { group: 'f.example.com', kind: 'FlowNames', file: 'f.example.com_flownames.yaml' },
    ]);
  });

  test('a folder that does not exist has no CRDs', () => {
    expect(knownCustomResources({ crdDir: path.join(DIR, 'missing') })).toEqual([]);
    expect(new CrdRegistry(path.join(DIR, 'missing')).find('a.example.com', 'Widget')).toBeUndefined();
  });

  test('one registry per folder, however it is written; the scan runs once', () => {
    const registry = crdRegistry({ crdDir: DIR });
    expect(crdRegistry({ crdDir: `${DIR}/` })).toBe(registry);
    expect(crdRegistry({ crdDir: path.join(DIR, '..', 'validate-crds') })).toBe(registry);
    expect(crdRegistry({ crdDir: path.join(DIR, 'missing') })).not.toBe(registry);
    expect(registry.scan()).toBe(registry.scan());
  });

  test('the default folder is the package\'s crds/', () => {
    expect(crdRegistry()).toBe(crdRegistry({ crdDir: path.join(__dirname, '..', 'crds') }));
  });
});

describe('find', () => {
  const registry = new CrdRegistry(DIR);

  test('by group and kind, with the scope, the versions and the file', () => {
    const widget = registry.find('a.example.com', 'Widget')!;
    expect(widget.group).toBe('a.example.com');
    expect(widget.kind).toBe('Widget');
    expect(widget.scope).toBe('Namespaced');
    expect(widget.file).toBe(WIDGETS);
    expect(widget.versions.map((v) => [v.name, v.served])).toEqual([['v1', true], ['v1beta1', false], ['v2', true], ['v3', true]]);
    expect(widget.servedVersions()).toEqual(['v1', 'v2', 'v3']);
    expect(widget.versions[2].schema).toBeUndefined();
  });

  test('scope Cluster; served when the CRD does not say', () => {
    const gadget = registry.find('b.example.com', 'Gadget')!;
    expect(gadget.scope).toBe('Cluster');
    expect(gadget.servedVersions()).toEqual(['v1']);
    expect(registry.find('c.example.com', 'Flow')!.scope).toBe('Cluster');
  });

  test('a file of several CRDs: the one of that group and kind', () => {
    const found = (group: string, kind: string) => {
      const crd = registry.find(group, kind)!;
      return [crd.group, crd.kind, crd.scope, crd.servedVersions()];
    };
    expect(found('c.example.com', 'Flow')).toEqual(['c.example.com', 'Flow', 'Cluster', ['v1']]);
    expect(found('c2.example.com', 'Flow')).toEqual(['c2.example.com', 'Flow', 'Namespaced', ['v1']]);
    expect(found('c.example.com', 'Stream')).toEqual(['c.example.com', 'Stream', 'Namespaced', ['v2']]);
    expect(found('e.example.com', 'Quoted')).toEqual(['e.example.com', 'Quoted', 'Namespaced', ['v1']]);
    expect(found('f.example.com', 'FlowNames')).toEqual(['f.example.com', 'FlowNames', 'Namespaced', ['v1']]);
    expect(registry.find('x.example.com', 'Bogus')).toBeUndefined();
    expect(registry.find('c2.example.com', 'Stream')).toBeUndefined();
  });

  test.each([
    ['', 'Widget'], // the core group
    ['nodot', 'Thing'], // an unqualified group is built in, even if a file claims it
    ['a.example.com', 'Gadget'],
    ['b.example.com', 'Widget'],
    ['decoy.example.com', 'Widget'],
    ['a.example.com', 'Decoy'],
    ['json.example.com', 'Ignored'],
    ['bak.example.com', 'Bak'],
  ])('no CRD for %j %j', (group, kind) => {
    expect(registry.find(group, kind)).toBeUndefined();
  });

  test('the same CRD object each time (its compiled schemas are kept)', () => {
    expect(registry.find('a.example.com', 'Widget')).toBe(registry.find('a.example.com', 'Widget'));
  });
});

describe('the header scan reads headers without parsing (files whose body does not parse show it)', () => {
  // A body that does not parse (an unclosed flow sequence): the registry throws if it ever parses a.yaml or b.yaml.
  const broken = (group: string, kind: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  deeper:\n    names:\n      kind: Decoy\nspec:\n  group:  ${group}\n  names:\n    extra:\n      kind: Decoy\n    kind:  ${kind}\n    plural: x\n  versions: [\n`;
  const crd = (group: string, kind: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: ${group}\n  names:\n    kind: ${kind}\n  scope: Namespaced\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          type: object\n`;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-scan-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), broken('g.example.com', 'Other'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), broken('h.example.com', 'Good'));
    // Not a CRD, but laid out like one: the scan indexes it, find parses it, finds nothing and goes on to d.yaml.
    fs.writeFileSync(path.join(dir, 'c.yaml'), crd('g.example.com', 'Good').replace('kind: CustomResourceDefinition', 'kind: ConfigMap'));
    fs.writeFileSync(path.join(dir, 'd.yaml'), crd('g.example.com', 'Good'));
    // The names' kind key is quoted (the scan does not read it, so the file is parsed); a deeper kind after names is not it.
    fs.writeFileSync(path.join(dir, 'e.yaml'), crd('q.example.com', 'Real').replace('    kind: Real\n', '    "kind": Real\n    plural: reals\n  decoy:\n    kind: Decoy\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('sorted by file name; spaces after the colons, no quotes, a deeper names key, a nested kind before the kind: read from the header alone', () => {
    expect(new CrdRegistry(dir).scan().map(({ file, group, kind }) => [path.basename(file), group, kind])).toEqual([
      ['a.yaml', 'g.example.com', 'Other'],
      ['b.yaml', 'h.example.com', 'Good'],
      ['c.yaml', 'g.example.com', 'Good'],
      ['d.yaml', 'g.example.com', 'Good'],
      ['e.yaml', 'q.example.com', 'Real'],
    ]);
  });

  test('find parses only the files whose header has both the group and the kind, and goes past one without the CRD', () => {
    const registry = new CrdRegistry(dir);
    expect(registry.find('g.example.com', 'Good')?.file).toBe(path.join(dir, 'd.yaml'));
    expect(registry.find('q.example.com', 'Real')?.servedVersions()).toEqual(['v1']);
    expect(() => registry.find('g.example.com', 'Other')).toThrow(); // the broken bodies really do not parse
  });
});

describe('the JSON form of a CRD file (json/<name>.json beside it)', () => {
  const yamlText = fs.readFileSync(WIDGETS, 'utf8');
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-json-'));
    fs.writeFileSync(path.join(dir, 'a.example.com_widgets.yaml'), yamlText);
    fs.mkdirSync(path.join(dir, 'json'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const jsonFile = () => path.join(dir, 'json', 'a.example.com_widgets.json');
  /** The served versions of Widget as this registry reads them. */
  const served = () => new CrdRegistry(dir).find('a.example.com', 'Widget')?.servedVersions();

  test('is one line: the SHA-256 of the YAML text and the definitions its documents hold', () => {
    const text = crdJsonFormText(yamlText);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
    expect(JSON.parse(text)).toEqual({ source: sha(yamlText), crds: JSON.parse(JSON.stringify(crdDefinitions(readYamlDocuments(yamlText)))) });
    expect(crdJsonFormFile(path.join('x', 'crds', 'a.yml'))).toBe(path.join('x', 'crds', 'json', 'a.json'));
    expect(crdJsonFormFile(path.join('x', 'crds', 'a.yml.yaml'))).toBe(path.join('x', 'crds', 'json', 'a.yml.json'));
  });

  test('made from this very text, it is read instead of the YAML', () => {
    // A form that says otherwise than the YAML (v1 only) shows which one was read.
    const form = JSON.parse(crdJsonFormText(yamlText));
    form.crds[0].versions = form.crds[0].versions.filter((v: { name: string }) => v.name === 'v1');
    fs.writeFileSync(jsonFile(), JSON.stringify(form));
    expect(served()).toEqual(['v1']);
  });

  test('made from another text (the YAML changed since), not JSON, or without definitions, it is ignored and the YAML read', () => {
    const yamlServed = ['v1', 'v2', 'v3'];
    const form = JSON.parse(crdJsonFormText(yamlText));
    const other = { ...form, source: sha(`${yamlText}\n`), crds: [] };
    for (const text of [JSON.stringify(other), '{"source": ', JSON.stringify({ source: form.source }), JSON.stringify({ source: form.source, crds: {} }), 'null']) {
      fs.writeFileSync(jsonFile(), text);
      expect({ text, served: served() }).toEqual({ text, served: yamlServed });
    }
    fs.rmSync(path.join(dir, 'json'), { recursive: true });
    expect(served()).toEqual(yamlServed);
  });

  // That their definitions are what the YAML gives is .ci/run's drift check (npm run crd-json, then git status).
  test('each pinned CRD file has one committed form in crds/json/, carrying the SHA-256 of that file', () => {
    const crds = path.join(__dirname, '..', 'crds');
    const yamlFiles = fs.readdirSync(crds).filter((f) => f.endsWith('.yaml')).sort();
    const forms = fs.readdirSync(path.join(crds, 'json')).sort();
    expect(forms).toEqual(yamlFiles.map((f) => f.replace(/\.yaml$/, '.json')));
    for (const f of yamlFiles) {
      const form = JSON.parse(fs.readFileSync(crdJsonFormFile(path.join(crds, f)), 'utf8'));
      expect({ f, source: form.source }).toEqual({ f, source: sha(fs.readFileSync(path.join(crds, f), 'utf8')) });
    }
  });
});

describe('validate one version', () => {
  const widget = new CrdRegistry(DIR).find('a.example.com', 'Widget')!;
  const doc = (spec: unknown) => ({ apiVersion: 'a.example.com/v1', kind: 'Widget', metadata: { name: 'w', anything: 1 }, spec });

  test('valid, and every problem of an invalid object', () => {
    expect(widget.validate('v1', doc({ size: 3, mode: 'fast' }))).toEqual([]);
    expect(widget.validate('v1', doc({ size: 'x', mode: 'medium', colour: 'red' }))).toEqual([
      { path: '/spec/colour', message: 'unknown field "colour" (not in the schema; the API server would reject or silently drop it)' },
      { path: '/spec/size', message: 'must be of type integer' },
      { path: '/spec/mode', message: 'must be one of "fast", "slow"' },
    ]);
    expect(widget.validate('v1', doc({}))).toEqual([{ path: '/spec/size', message: 'is required' }]);
    expect(widget.validate('v1', { ...doc({ size: 1 }), status: {} })).toEqual([
      { path: '/status', message: 'unknown field "status" (not in the schema; the API server would reject or silently drop it)' },
    ]);
  });

  test('the same shape twice (one compiled slice) and another shape give their own answers', () => {
    const compile = jest.spyOn(crdAjv(), 'compile');
    const fresh = new CrdRegistry(DIR).find('a.example.com', 'Widget')!;
    expect(fresh.validate('v1', doc({ size: 1, mode: 'fast' }))).toEqual([]);
    expect(fresh.validate('v1', doc({ size: 2, mode: 'slow' }))).toEqual([]);
    expect(compile).toHaveBeenCalledTimes(1);
    compile.mockRestore();
    expect(widget.validate('v1', doc({ size: 2 ** 31 }))).toEqual([{ path: '/spec/size', message: 'must match format "int32"' }]);
    expect(widget.validate('v1', doc({ size: 2 ** 31 - 1 }))).toEqual([]);
    expect(widget.validate('v1', doc({ size: 1, mode: 'x' }))).toEqual([{ path: '/spec/mode', message: 'must be one of "fast", "slow"' }]);
  });

  test('a version without a schema, and one whose schema ajv cannot compile, cannot be validated', () => {
    const noSchema = [{ path: '', message: 'cannot be validated: a.example.com_widgets.yaml has no openAPIV3Schema for Widget v2' }];
    expect(widget.validate('v2', doc({}))).toEqual(noSchema);
    expect(widget.validate('v2', doc({}))).toEqual(noSchema);
    expect(widget.validate('v9', doc({}))).toEqual([{ path: '', message: 'cannot be validated: a.example.com_widgets.yaml has no openAPIV3Schema for Widget v9' }]);
    const broken = widget.validate('v3', doc({ a: 1 }));
    expect(broken).toEqual([{ path: '', message: expect.stringMatching(/^cannot be validated: ajv cannot compile the Widget v3 schema of a\.example\.com_widgets\.yaml: \S/) }]);
    expect(broken[0].message).toContain('#/definitions/missing');
  });
});

describe('the formats of the shared CRD ajv (the API server\'s, not ajv-formats\' where they differ)', () => {
  const valid = (format: string, value: unknown) => crdAjv().validate({ format }, value);

  test('one instance, every error reported, RE2 escapes accepted in patterns', () => {
    expect(crdAjv()).toBe(crdAjv());
    // `\_` is an RE2 (and plain JavaScript) escape that JavaScript's u-mode refuses.
    const validate = crdAjv().compile({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string', pattern: '^[a\\-z]+\\_?$' } } });
    expect(validate({ a: 1, b: 'a-z_' })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(['/a']);
    expect(validate({ a: 1, b: 'Q' })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(['/a', '/b']);
  });

  test.each([
    ['int32', -2147483648, true],
    ['int32', 2147483647, true],
    ['int32', -2147483649, false],
    ['int32', 2147483648, false],
    ['int32', 1.5, false],
    ['int32', 0, true],
    ['int64', 2 ** 40, true],
    ['int64', -(2 ** 40), true],
    ['int64', 0.5, false],
    ['float', 0.5, true],
    ['double', -1e300, true],
    ['byte', 'QUJD', true],
    ['byte', 'QUJ', false],
    ['byte', 'QUJD\n!!', false], // every line, not just the first
    ['int64', 2 ** 60, true],
    ['binary', '\u0000\u0001', true],
    ['password', 'anything', true],
    ['duration', '1h30m', true],
    ['duration', '0', true],
    ['duration', '-1.5h', true],
    ['duration', '+.5s', true],
    ['duration', '300ms', true],
    ['duration', '1us', true],
    ['duration', '1µs', true],
    ['duration', '1μs', true],
    ['duration', '10ns', true],
    ['duration', '2d', true],
    ['duration', '1w', true],
    ['duration', '1.h', true],
    ['duration', '1', false], // a unit is needed except for 0
    ['duration', 'P1D', false], // ISO 8601 is not a Go duration
    ['duration', '1x', false],
    ['duration', 'x1h', false],
    ['duration', '1hx', false],
    ['duration', '', false],
    ['quantity', '100Mi', true],
    ['quantity', '1', true],
    ['quantity', '1.5', true],
    ['quantity', '5.', true],
    ['quantity', '.5', true],
    ['quantity', '-1', true],
    ['quantity', '+1', true],
    ['quantity', '1e3', true],
    ['quantity', '1E-3', true],
    ['quantity', '1Ki', true],
    ['quantity', '2Ei', true],
    ['quantity', '500m', true],
    ['quantity', '1n', true],
    ['quantity', '1k', true],
    ['quantity', '1G', true],
    ['quantity', '1K', false],
    ['quantity', '1ki', false],
    ['quantity', '1Mix', false],
    ['quantity', 'x1', false],
    ['quantity', '1 Mi', false],
    ['quantity', '', false],
    ['quantity', '.', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '::/0', true],
    ['cidr', 'fd00:AB::/120', true],
    ['cidr', '10.0.0.0', false],
    ['cidr', '10.0.0.0/1234', false],
    ['cidr', '10.0.0.0/', false],
    ['cidr', 'x10.0.0.0/8', false],
    ['cidr', '10.0.0.0/8x', false],
    ['mac', '00:11:22:aa:BB:ff', true],
    ['mac', '00-11-22-33-44-55', true],
    ['mac', '00:11:22:33:44', false],
    ['mac', '00:11:22:33:44:55:66', false],
    ['mac', 'x00:11:22:33:44:55', false],
    ['mac', '00:11:22:33:44:5g', false],
    ['bsonobjectid', '0123456789abcdefABCDEF01', true],
    ['bsonobjectid', '0123456789abcdefABCDEF0', false],
    ['bsonobjectid', '0123456789abcdefABCDEF012', false],
    ['bsonobjectid', '0123456789abcdefABCDEF0g', false],
    ['datetime', '2024-01-02T03:04:05Z', true],
    ['datetime', '2024-01-02', false],
    ['date-time', '2024-01-02T03:04:05Z', true],
    ['email', 'a@example.com', true],
    ['email', 'nope', false],
  ])('%s %j: %s', (format, value, expected) => {
    expect(valid(format, value)).toBe(expected);
  });

  test('number formats do not apply to strings, nor string formats to numbers', () => {
    expect(valid('int32', 'x')).toBe(true);
    expect(valid('duration', 5)).toBe(true);
  });
});

// Helm chart values as `helm install` checks them (cli/validate/chart-values.ts), on small charts written here:
// the schema draft each `$schema` picks, defaults coalesced under the values, and subcharts by condition and alias.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AjvCore from 'ajv/dist/core';
import { coalesce, validateChartDir, validateChartValues } from '../cli/validate/chart-values';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chart-values-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** Writes `files` (name -> text or JSON value) into a new folder and returns it. */
function folder(files: Record<string, unknown>): string {
  const dir = path.join(tmp, String(n++));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}
const schemaFile = (schema: unknown) => path.join(folder({ 'values.schema.json': schema }), 'values.schema.json');

describe('coalesce (Helm)', () => {
  test.each([
    ['over wins for scalars', { a: 1, b: 2 }, { b: 3 }, { a: 1, b: 3 }],
    ['maps merge recursively', { a: { x: 1, y: 2 } }, { a: { y: 3, z: 4 } }, { a: { x: 1, y: 3, z: 4 } }],
    ['null deletes the default', { a: 1, b: { c: 1 } }, { a: null, b: { c: null } }, { b: {} }],
    ['arrays replace', { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ['a map over a scalar', { a: 1 }, { a: { x: 1 } }, { a: { x: 1 } }],
    ['a scalar over a map', { a: { x: 1 } }, { a: 'v' }, { a: 'v' }],
    ['undefined over: the base', { a: 1 }, undefined, { a: 1 }],
    ['a base that is no map', 'x', { a: 1 }, { a: 1 }],
    ['an over that is no map', { a: 1 }, 'y', 'y'],
  ])('%s', (_, base, over, expected) => {
    expect(coalesce(base, over)).toEqual(expected);
  });

  test('the base is not changed', () => {
    const base = { a: { x: 1 } };
    coalesce(base, { a: { x: 2 }, b: 1 });
    expect(base).toEqual({ a: { x: 1 } });
  });
});

describe('validateChartValues', () => {
  const object = { type: 'object', properties: { port: { type: 'integer' }, mode: { enum: ['a', 'b'] } }, additionalProperties: false };

  test('every problem at once (allErrors), in ajv\'s messages', () => {
    expect(validateChartValues({ port: 'x', mode: 'c', extra: 1 }, schemaFile(object))).toEqual([
      { path: '/extra', message: 'unknown field "extra" (not in the schema; the API server would reject or silently drop it)' },
      { path: '/port', message: 'must be of type integer' },
      { path: '/mode', message: 'must be one of "a", "b"' },
    ]);
    expect(validateChartValues({ port: 1, mode: 'a' }, schemaFile(object))).toEqual([]);
  });

  test('defaults are coalesced under the values first', () => {
    const file = schemaFile({ type: 'object', required: ['port'], properties: { port: { type: 'integer' } } });
    expect(validateChartValues({}, file)).toEqual([{ path: '/port', message: 'is required' }]);
    expect(validateChartValues({}, file, { defaults: { port: 80 } })).toEqual([]);
    expect(validateChartValues({ port: 'x' }, file, { defaults: { port: 80 } })).toEqual([{ path: '/port', message: 'must be of type integer' }]);
    expect(validateChartValues({ port: null }, file, { defaults: { port: 80 } })).toEqual([{ path: '/port', message: 'is required' }]);
  });

  test('formats are known (ajv-formats)', () => {
    const file = schemaFile({ type: 'object', properties: { mail: { type: 'string', format: 'email' } } });
    expect(validateChartValues({ mail: 'a@example.com' }, file)).toEqual([]);
    expect(validateChartValues({ mail: 'nope' }, file)).toEqual([{ path: '/mail', message: 'must match format "email"' }]);
  });

  // dependentRequired exists from 2019-09 on, prefixItems only in 2020-12; draft-07 knows neither (unknown keywords
  // are ignored, not refused).
  const dependent = { type: 'object', properties: { a: {}, b: {} }, dependentRequired: { a: ['b'] } };
  const prefix = { type: 'object', properties: { t: { type: 'array', prefixItems: [{ type: 'string' }] } } };
  const DEPENDENT = [{ path: '', message: 'must have property b when property a is present' }];
  const PREFIX = [{ path: '/t/0', message: 'must be of type string' }];

  test.each([
    ['https://json-schema.org/draft/2020-12/schema', DEPENDENT, PREFIX],
    ['https://json-schema.org/draft/2019-09/schema', DEPENDENT, []],
    ['http://json-schema.org/draft-07/schema#', [], []],
    ['http://json-schema.org/schema#', [], []],
    [undefined, [], []],
  ])('$schema %j picks its draft', (draft, dependentProblems, prefixProblems) => {
    const withDraft = (schema: object) => (draft === undefined ? schema : { $schema: draft, ...schema });
    expect(validateChartValues({ a: 1 }, schemaFile(withDraft(dependent)))).toEqual(dependentProblems);
    expect(validateChartValues({ t: [1] }, schemaFile(withDraft(prefix)))).toEqual(prefixProblems);
  });

  test('the same schema text in another file gives the same answers (compiled once, by content)', () => {
    const first = schemaFile(object);
    const second = schemaFile(object);
    expect(validateChartValues({ port: 'x' }, second)).toEqual(validateChartValues({ port: 'x' }, first));
    expect(validateChartValues({ port: 'x' }, second)).toEqual([{ path: '/port', message: 'must be of type integer' }]);
  });

  test('one compile per schema text, however many files and calls', () => {
    const compile = jest.spyOn(AjvCore.prototype, 'compile');
    const schema = { ...object, $comment: 'compiled once' };
    expect(validateChartValues({ port: 'x' }, schemaFile(schema))).toEqual([{ path: '/port', message: 'must be of type integer' }]);
    expect(validateChartValues({ port: 1 }, schemaFile(schema))).toEqual([]);
    expect(compile).toHaveBeenCalledTimes(1);
    compile.mockRestore();
  });
});

describe('validateChartDir', () => {
  const closed = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });
  const sub = (name: string, schema: Record<string, unknown>, values?: string) => ({
    [`charts/${name}/Chart.yaml`]: `name: ${name}\n`,
    [`charts/${name}/values.schema.json`]: schema,
    ...(values === undefined ? {} : { [`charts/${name}/values.yaml`]: values }),
  });

  test('the chart\'s own defaults and schema', () => {
    const dir = folder({
      'Chart.yaml': 'name: top\n',
      'values.yaml': 'port: 80\n',
      'values.schema.json': { type: 'object', required: ['port'], properties: { port: { type: 'integer' } } },
    });
    expect(validateChartDir({}, dir)).toEqual([]);
    expect(validateChartDir({ port: 'x' }, dir)).toEqual([{ path: '/port', message: 'must be of type integer' }]);
  });

  test('no values.yaml: no defaults; no schema: nothing to check at that level; no Chart.yaml: no subcharts', () => {
    expect(validateChartDir({}, folder({ 'values.schema.json': { type: 'object', required: ['port'] } }))).toEqual([{ path: '/port', message: 'is required' }]);
    expect(validateChartDir({ anything: 1 }, folder({ 'Chart.yaml': 'name: top\n' }))).toEqual([]);
    expect(validateChartDir({ anything: 1 }, folder({ 'values.yaml': '' }))).toEqual([]);
    // No values at all and no values.yaml: the values are an empty map.
    expect(validateChartDir(undefined, folder({ 'values.schema.json': { type: 'object' } }))).toEqual([]);
    expect(validateChartDir(undefined, folder({ 'values.yaml': '', 'values.schema.json': { type: 'object' } }))).toEqual([]);
  });

  test('a subchart: under its alias, with its own defaults and the parent\'s global; paths from the top', () => {
    const dir = folder({
      'Chart.yaml': 'name: top\ndependencies:\n  - name: inner\n    alias: in/ner\n',
      'values.yaml': 'global:\n  region: eu\n',
      ...sub('inner', closed({ size: { type: 'integer' }, global: { type: 'object', required: ['region'] } }), 'size: 1\n'),
    });
    expect(validateChartDir({}, dir)).toEqual([]);
    expect(validateChartDir({ 'in/ner': { size: 'big', typo: 1 } }, dir)).toEqual([
      { path: '/in~1ner/typo', message: 'unknown field "typo" (not in the schema; the API server would reject or silently drop it)' },
      { path: '/in~1ner/size', message: 'must be of type integer' },
    ]);
    expect(validateChartDir({ inner: { size: 'big' } }, dir)).toEqual([]); // the name is not the key when aliased
    expect(validateChartDir({ global: null }, dir)).toEqual([{ path: '/in~1ner/global/region', message: 'is required' }]);
  });

  test('without an alias, the subchart\'s name is its key; a non-map value there counts as empty', () => {
    const dir = folder({
      'Chart.yaml': 'name: top\ndependencies:\n  - name: inner\n',
      ...sub('inner', { type: 'object', required: ['size'], properties: { size: { type: 'integer' } } }),
    });
    expect(validateChartDir({ inner: { size: 1 } }, dir)).toEqual([]);
    expect(validateChartDir({ inner: { size: 'x' } }, dir)).toEqual([{ path: '/inner/size', message: 'must be of type integer' }]);
    expect(validateChartDir({ inner: 'scalar' }, dir)).toEqual([{ path: '/inner/size', message: 'is required' }]);
    expect(validateChartDir({}, dir)).toEqual([{ path: '/inner/size', message: 'is required' }]);
  });

  test('the subchart gets an empty global when the parent has none', () => {
    const dir = folder({
      'Chart.yaml': 'name: top\ndependencies:\n  - name: inner\n',
      ...sub('inner', { type: 'object', required: ['global'], properties: { global: { type: 'object', maxProperties: 0 } } }),
    });
    expect(validateChartDir({}, dir)).toEqual([]);
    expect(validateChartDir({ global: { a: 1 } }, dir)).toEqual([{ path: '/inner/global', message: 'must NOT have more than 0 properties' }]);
  });

  test('a dependency that is not vendored in charts/ is skipped', () => {
    const dir = folder({ 'Chart.yaml': 'name: top\ndependencies:\n  - name: redis\n', 'values.yaml': 'redis: {}\n' });
    expect(validateChartDir({ redis: { anything: 1 } }, dir)).toEqual([]);
  });

  describe('conditions: the first path that is a boolean decides; enabled by default', () => {
    const dir = folder({
      'Chart.yaml': 'name: top\ndependencies:\n  - name: inner\n    condition: inner.enabled, global.inner.enabled\n',
      ...sub('inner', { type: 'object', properties: { size: { type: 'integer' } } }),
    });
    const BAD = [{ path: '/inner/size', message: 'must be of type integer' }];
    test.each([
      ['no condition value: enabled', { inner: { size: 'x' } }, BAD],
      ['first path true', { inner: { enabled: true, size: 'x' } }, BAD],
      ['first path false', { inner: { enabled: false, size: 'x' } }, []],
      ['first path not a boolean: the second decides (false)', { inner: { enabled: 'no', size: 'x' }, global: { inner: { enabled: false } } }, []],
      ['second path (after ", ") false', { inner: { size: 'x' }, global: { inner: { enabled: false } } }, []],
      ['second path true', { inner: { size: 'x' }, global: { inner: { enabled: true } } }, BAD],
      ['the first wins over the second', { inner: { enabled: true, size: 'x' }, global: { inner: { enabled: false } } }, BAD],
      ['a path through a non-map', { inner: { size: 'x' }, global: 'x' }, BAD],
    ])('%s', (_, values, expected) => {
      expect(validateChartDir(values, dir)).toEqual(expected);
    });

    test('the chart\'s defaults count for the condition', () => {
      const withDefault = folder({
        'Chart.yaml': 'name: top\ndependencies:\n  - name: inner\n    condition: inner.enabled\n',
        'values.yaml': 'inner:\n  enabled: false\n',
        ...sub('inner', { type: 'object', properties: { size: { type: 'integer' } } }),
      });
      expect(validateChartDir({ inner: { size: 'x' } }, withDefault)).toEqual([]);
      expect(validateChartDir({ inner: { enabled: true, size: 'x' } }, withDefault)).toEqual([{ path: '/inner/size', message: 'must be of type integer' }]);
    });
  });

  test('problems of the chart come before those of its subcharts, subcharts in dependency order, nested ones nested', () => {
    const dir = folder({
      'Chart.yaml': 'name: top\ndependencies:\n  - name: b\n  - name: a\n',
      'values.schema.json': closed({ top: { type: 'string' }, a: {}, b: {}, global: {} }),
      ...sub('a', closed({ x: { type: 'string' }, global: {}, deep: {} })),
      ...sub('b', closed({ y: { type: 'string' }, global: {} })),
      'charts/a/Chart.yaml': 'name: a\ndependencies:\n  - name: deep\n',
      ...Object.fromEntries(Object.entries(sub('deep', closed({ z: { type: 'string' }, global: {} }))).map(([k, v]) => [`charts/a/${k}`, v])),
    });
    expect(validateChartDir({ top: 1, a: { x: 1, deep: { z: 1 } }, b: { y: 1 } }, dir)).toEqual([
      { path: '/top', message: 'must be of type string' },
      { path: '/b/y', message: 'must be of type string' },
      { path: '/a/x', message: 'must be of type string' },
      { path: '/a/deep/z', message: 'must be of type string' },
    ]);
  });
});

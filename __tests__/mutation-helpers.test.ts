// The mutation-run helpers in scripts/stryker/ only save time: a mutant must get the same verdict with them as
// without. These tests pin the rules that guarantee it: a test file or test is left out only when the dry run saw it
// never reach the mutant, anything unknown runs, and the bail stops only a mutant that already has a failure.
// (The end-to-end check is a control run: README "Mutation testing".)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutation-helpers-'));
const record = path.join(dir, 'coverage.jsonl');
const ACTIVE = '__STRYKER_ACTIVE_MUTANT__';

/** Fresh copies of the helper modules (they cache the record per process) reading `lines`. */
function load(lines: object[]) {
  fs.writeFileSync(record, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  process.env.STRYKER_FILE_COVERAGE = record;
  let modules: { filter: (p: string[]) => Promise<{ filtered: string[] }>; map: any } | undefined;
  jest.isolateModules(() => {
    modules = { filter: require('../scripts/stryker/file-filter.js'), map: require('../scripts/stryker/coverage-map.js') };
  });
  return modules!;
}

afterEach(() => {
  delete process.env[ACTIVE];
  delete process.env.STRYKER_FILE_COVERAGE;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lines = [
  { file: '/t/a.test.ts', static: ['1'], tests: { 'x one': ['2'], 'x two': [] } },
  { file: '/t/b.test.ts', static: [], tests: { 'y one': ['2', '3'] } },
  { file: '/t/c.test.ts', static: [], tests: { 'z one': [] } },
];
const all = ['/t/a.test.ts', '/t/b.test.ts', '/t/c.test.ts'];

test('the dry run (no active mutant) keeps every file', async () => {
  expect((await load(lines).filter(all)).filtered).toEqual(all);
});

test.each([
  ['1', ['/t/a.test.ts']],
  ['2', ['/t/a.test.ts', '/t/b.test.ts']],
  ['3', ['/t/b.test.ts']],
])('mutant %s runs only the files that reached it', async (mutant, files) => {
  const { filter } = load(lines);
  process.env[ACTIVE] = mutant;
  expect((await filter(all)).filtered).toEqual(files);
});

test('a mutant the record does not know, or whose files jest did not propose, keeps every proposed file', async () => {
  const { filter } = load(lines);
  process.env[ACTIVE] = '99';
  expect((await filter(all)).filtered).toEqual(all);
  process.env[ACTIVE] = '3';
  expect((await filter(['/t/a.test.ts', '/t/c.test.ts'])).filtered).toEqual(['/t/a.test.ts', '/t/c.test.ts']);
});

test('per file: reached outside tests means every test of the file; otherwise the tests that reached it', () => {
  const { map } = load(lines);
  const reached = map.reachedBy();
  expect(reached.get('1').get('/t/a.test.ts')).toBe(true);
  expect([...reached.get('2').get('/t/a.test.ts')]).toEqual(['x one']);
  expect([...reached.get('2').get('/t/b.test.ts')]).toEqual(['y one']);
  expect(reached.get('2').has('/t/c.test.ts')).toBe(false);
});

test('kills are counted once per mutant and file; the killed set is what stops later files', () => {
  const { map } = load(lines);
  map.recordKill('2', '/t/b.test.ts');
  map.recordKill('2', '/t/b.test.ts');
  map.recordKill('3', '/t/b.test.ts');
  expect(map.killsByFile.get('/t/b.test.ts')).toBe(2);
  expect([...map.killed]).toEqual(['2', '3']);
});

describe('lazily required modules are loaded before the first test of a mutation run', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lazy = require('../scripts/stryker/lazy-modules.js');
  const root = path.resolve(__dirname, '..');

  test('the globs of NOT_MUTATED: ** spans folders, * stays within a name, dots are literal', () => {
    const shell = lazy.globMatcher(['cli/main.ts', 'cli/**/*-command.ts', 'imports/**']);
    expect(['cli/main.ts', 'cli/keys-command.ts', 'cli/a/b/x-command.ts', 'imports/k8s/index.ts'].map(shell)).toEqual([true, true, true, true]);
    expect(['cli/mainXts', 'cli/commands.ts', 'lib/cli/main.ts', 'cli/main.ts.bak', 'cli/a-command.tsx'].map(shell)).toEqual([false, false, false, false, false]);
  });

  test('found in the source: every relative require(), except those of the files the run does not mutate', () => {
    expect(lazy.lazyModules(root)).toEqual(expect.arrayContaining(['cli/commands', 'cli/preflight-command', 'lib/config/schema']));
    const mutated = (file: string) => !lazy.globMatcher(['cli/main.ts', 'cli/**/*-command.ts'])(file);
    expect(lazy.lazyModules(root, mutated)).toEqual(['cli/upgrade/upgrade-check', 'cli/validate/manifest-schemas', 'cli/validate/references', 'lib/config/schema']);
  });

  test('a run loads only those inside the folders it mutates', () => {
    const mutated = (file: string) => !lazy.globMatcher(['cli/main.ts', 'cli/**/*-command.ts'])(file);
    expect(lazy.lazyModulesFor(root, ['lib/config'], mutated)).toEqual(['lib/config/schema']);
    expect(lazy.lazyModulesFor(root, ['cli/validate'], mutated)).toEqual(['cli/validate/manifest-schemas', 'cli/validate/references']);
    expect(lazy.lazyModulesFor(root, ['lib/util', 'cli/*.ts', 'lib/*.ts'], mutated)).toEqual([]);
    expect(lazy.lazyModulesFor(root, ['cli/*.ts'], () => true)).toEqual(['cli/commands', 'cli/keys-command', 'cli/plan-command', 'cli/preflight-command', 'cli/upgrade-check-command']);
    expect(lazy.lazyModulesFor(root, ['all'], mutated)).toHaveLength(4);
  });

  test('the setup file copies the static coverage, then requires each listed module from the project it is in', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-'));
    fs.mkdirSync(path.join(dir, 'scripts', 'stryker'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'lib'));
    for (const file of ['load-lazy-modules.js', 'lazy-modules.js']) fs.copyFileSync(path.join(root, 'scripts', 'stryker', file), path.join(dir, 'scripts', 'stryker', file));
    // Module a counts as a hit of mutant 7 outside tests, as Stryker's instrumented module-level code does.
    fs.writeFileSync(path.join(dir, 'lib', 'a.js'), 'globalThis.__lazyLoaded = [...(globalThis.__lazyLoaded || []), "a"]; globalThis.__stryker__.mutantCoverage.static["7"] += 1;\n');
    fs.writeFileSync(path.join(dir, 'lib', 'b.js'), 'globalThis.__lazyLoaded = [...(globalThis.__lazyLoaded || []), "b"];\n');
    const g = globalThis as { __lazyLoaded?: string[]; __stryker__?: unknown; __codecanvasStaticBefore?: unknown };
    try {
      g.__stryker__ = { mutantCoverage: { static: { '7': 2 }, perTest: {} } };
      process.env.STRYKER_LAZY_MODULES = 'lib/a,lib/b';
      jest.isolateModules(() => require(path.join(dir, 'scripts', 'stryker', 'load-lazy-modules.js')));
      expect(g.__lazyLoaded).toEqual(['a', 'b']);
      // The environment's "before" copy is taken ahead of the requires (jest runs setup files before the
      // environment's setup()), so the hit of module a counts as the test file's.
      expect(g.__codecanvasStaticBefore).toEqual({ '7': 2 });
      expect(g.__stryker__).toEqual({ mutantCoverage: { static: { '7': 3 }, perTest: {} } });
      delete g.__lazyLoaded;
      delete g.__stryker__;
      process.env.STRYKER_LAZY_MODULES = '';
      jest.isolateModules(() => require(path.join(dir, 'scripts', 'stryker', 'load-lazy-modules.js')));
      expect(g.__lazyLoaded).toBeUndefined();
      expect(g.__codecanvasStaticBefore).toEqual({});
    } finally {
      delete process.env.STRYKER_LAZY_MODULES;
      delete g.__lazyLoaded;
      delete g.__stryker__;
      delete g.__codecanvasStaticBefore;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Fast guard for the mutation-testing setup (the Stryker run itself is `npm run test:mutation`, not part of npm test):
// every folder with a mutation-score target stays in the config, none of them is excluded, and the scripts exist.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ROOT } from './helpers';

const FOLDERS_WITH_TARGET = ['lib/config', 'lib/constructs', 'lib/renderers', 'lib/secrets', 'lib/charts', 'cli/output', 'lib/util'];
const config = fs.readFileSync(path.join(ROOT, 'stryker.config.mjs'), 'utf8');

/** The string literals of `export const NAME = [...]` in the config (it is an ES module; jest here is CommonJS). */
function listed(name: string): string[] {
  const m = config.match(new RegExp(`export const ${name} = \\[([^\\]]*)\\]`));
  if (!m) throw new Error(`stryker.config.mjs has no ${name} list`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((s) => s[1]);
}

test('the mutation config lists every folder with a score target', () => {
  expect(listed('MUTATION_FOLDERS')).toEqual(expect.arrayContaining(FOLDERS_WITH_TARGET));
  for (const folder of FOLDERS_WITH_TARGET) expect(fs.existsSync(path.join(ROOT, folder))).toBe(true);
});

test('code moved out of a target folder stays mutated: every lib/ folder that a target folder imports is a target', () => {
  const imported = new Set<string>();
  for (const folder of FOLDERS_WITH_TARGET) {
    for (const file of fs.readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(ROOT, folder, file), 'utf8').matchAll(/from '\.\.\/([^'/.][^'/]*)\/[^']*'/g)) imported.add(`lib/${m[1]}`);
    }
  }
  expect(imported.size).toBeGreaterThan(0);
  expect([...imported].filter((f) => fs.statSync(path.join(ROOT, f)).isDirectory() && !listed('MUTATION_FOLDERS').includes(f))).toEqual([]);
  expect(imported).toContain('lib/util');
});

test('no folder with a target is excluded from mutation, only shells and generated code are', () => {
  const excluded = listed('NOT_MUTATED');
  for (const folder of FOLDERS_WITH_TARGET) {
    expect(excluded.filter((p) => p === folder || p.startsWith(`${folder}/**`))).toEqual([]);
  }
  expect(excluded).toContain('imports/**');
  // Whole-file exclusions inside the target folders would shrink the denominator: there are none.
  expect(excluded.filter((p) => FOLDERS_WITH_TARGET.some((f) => p.startsWith(`${f}/`)))).toEqual([]);
});

test('mutation scripts: per-folder run, proof run; reports are git-ignored', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.scripts['test:mutation']).toBe('node scripts/mutation.js');
  expect(pkg.scripts['test:mutation:proof']).toBe('node scripts/mutation-proof.js');
  expect(fs.existsSync(path.join(ROOT, 'scripts', 'mutation-proof.js'))).toBe(true);
  expect(config).toMatch(/incremental: true/);
  expect(config).toMatch(/ignoreStatic: false/);
  expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['reports/', '.stryker-tmp/']));
});

/** The config's exports, read by node itself (the config is an ES module). */
function exported<T>(name: string): T {
  const url = pathToFileURL(path.join(ROOT, 'stryker.config.mjs')).href;
  const script = `const m = await import(${JSON.stringify(url)}); process.stdout.write(JSON.stringify(m[${JSON.stringify(name)}]));`;
  // Without the run-narrowing variables: a Stryker run (STRYKER_PART set) runs this test too.
  const { STRYKER_FOLDERS: _folders, STRYKER_PART: _part, ...env } = process.env;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env }));
}

/** Stryker's reading of a mutate list: a file is in when a pattern matches it and no later `!pattern` does. */
function mutatedBy(globs: string[], file: string): boolean {
  let inside = false;
  for (const g of globs) {
    if (g.startsWith('!')) {
      if (path.matchesGlob(file, g.slice(1))) inside = false;
    } else if (path.matchesGlob(file, g)) inside = true;
  }
  return inside;
}

test('a folder split into parts is a target folder, and its parts together mutate each of its files exactly once', () => {
  const parts = exported<Record<string, Record<string, string[]>>>('MUTATION_PARTS');
  expect(Object.keys(parts)).toContain('lib/config');
  for (const [folder, byPart] of Object.entries(parts)) {
    expect(listed('MUTATION_FOLDERS')).toContain(folder);
    const files = (fs.readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${folder}/${f.split(path.sep).join('/')}`);
    expect(files.length).toBeGreaterThan(Object.keys(byPart).length);
    const times = Object.fromEntries(files.map((f) => [f, Object.values(byPart).filter((globs) => mutatedBy(globs, f)).length]));
    expect(times).toEqual(Object.fromEntries(files.map((f) => [f, 1])));
  }
});

test('a part that runs only some test files names test files that exist, of the part\'s own folder\'s area', () => {
  const partTests = exported<Record<string, string[]>>('PART_TESTS');
  const parts = exported<Record<string, Record<string, string[]>>>('MUTATION_PARTS');
  for (const [key, tests] of Object.entries(partTests)) {
    const [folder, part] = key.split(':');
    expect(parts[folder]?.[part]).toBeDefined();
    expect(tests.filter((t) => !fs.existsSync(path.join(ROOT, '__tests__', `${t}.test.ts`)))).toEqual([]);
  }
});

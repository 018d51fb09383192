// Fast guard for the mutation-testing setup (the Stryker run itself is `npm run test:mutation`, not part of npm test):
// every folder with a mutation-score target stays in the config, none of them is excluded, and the scripts exist.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ROOT } from './helpers';

/** The only files left unmutated: the CLI's I/O shells, and the generated CRD bindings. */
const SHELLS = ['cli/main.ts', 'cli/read-output.ts', 'cli/**/*-command.ts', 'cli/preflight/kube-reader.ts', 'lib/config/config-types.ts', 'imports/**'];
const config = fs.readFileSync(path.join(ROOT, 'stryker.config.mjs'), 'utf8');

/** The string literals of `export const NAME = [...]` in the config (it is an ES module; jest here is CommonJS). */
function listed(name: string): string[] {
  const m = config.match(new RegExp(`export const ${name} = \\[([^\\]]*)\\]`));
  if (!m) throw new Error(`stryker.config.mjs has no ${name} list`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((s) => s[1]);
}

/** Every .ts file under lib/ and cli/, relative to the root with `/` separators. */
function sourceFiles(): string[] {
  return ['lib', 'cli'].flatMap((top) =>
    (fs.readdirSync(path.join(ROOT, top), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${top}/${f.split(path.sep).join('/')}`),
  );
}

// Every entry of MUTATION_FOLDERS has the 95 % target; which entries there are follows from the test below (every
// .ts file is mutated by exactly one run unless it is a shell), so the list is not repeated here.
const FOLDERS_WITH_TARGET = listed('MUTATION_FOLDERS');

test('the mutation config names each folder of lib/ and cli/ and the files directly in each, all existing', () => {
  expect(FOLDERS_WITH_TARGET).toEqual(expect.arrayContaining(['lib/*.ts', 'cli/*.ts', 'lib/secrets', 'cli/preflight']));
  for (const entry of FOLDERS_WITH_TARGET) {
    expect(entry).toMatch(/^(lib|cli)\/([a-z-]+|\*\.ts)$/);
    expect(fs.statSync(path.join(ROOT, entry.replace(/\/\*\.ts$/, ''))).isDirectory()).toBe(true);
  }
});

test('only the I/O shells and generated code are excluded from mutation', () => {
  expect(listed('NOT_MUTATED')).toEqual(SHELLS);
});

test('every .ts file of lib/ and cli/ is mutated by exactly one run, unless it is an I/O shell: no folder or file drops out', () => {
  // What each run (STRYKER_FOLDERS=<entry>) gives Stryker as its mutate list, read from the config itself.
  const mutate = evaluate<Record<string, string[]>>(
    `const out = {}; for (const entry of ${JSON.stringify(FOLDERS_WITH_TARGET)}) { process.env.STRYKER_FOLDERS = entry; ` +
      `out[entry] = (await import(url + '?' + encodeURIComponent(entry))).default.mutate; } return out;`,
  );
  const files = sourceFiles();
  expect(files).toEqual(expect.arrayContaining(['lib/index.ts', 'lib/codecanvas-installation.ts', 'cli/synth.ts', 'cli/diff.ts', 'cli/main.ts', 'cli/keys/generate.ts']));
  const runs = Object.fromEntries(files.map((f) => [f, FOLDERS_WITH_TARGET.filter((entry) => mutatedBy(mutate[entry], f))]));
  const shells = files.filter((f) => SHELLS.some((g) => path.matchesGlob(f, g)));
  expect(shells).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/read-output.ts', 'cli/keys-command.ts', 'cli/preflight/kube-reader.ts']));
  expect(Object.entries(runs).filter(([f, by]) => by.length !== (shells.includes(f) ? 0 : 1))).toEqual([]);
  // A file is mutated by the run of its own folder (or the `*.ts` entry of its top folder).
  expect(runs['lib/secrets/sealed-secret-source.ts']).toEqual(['lib/secrets']);
  expect(runs['lib/codecanvas-installation.ts']).toEqual(['lib/*.ts']);
  expect(runs['cli/preflight/checks.ts']).toEqual(['cli/preflight']);
  expect(runs['cli/diff.ts']).toEqual(['cli/*.ts']);
});

test('each run and part writes reports of its own name', () => {
  const tags = evaluate<string[]>(
    `const m = await import(url); return [...m.MUTATION_FOLDERS.map((f) => m.reportTag(f)), ` +
      `...Object.entries(m.MUTATION_PARTS).flatMap(([f, parts]) => Object.keys(parts).map((p) => m.reportTag(f, p)))];`,
  );
  expect(new Set(tags).size).toBe(tags.length);
  expect(tags).toEqual(expect.arrayContaining(['lib-secrets', 'lib-top', 'cli-top', 'cli-preflight', 'lib-config-schema', 'lib-config-rest']));
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
  return evaluate<T>(`return (await import(url))[${JSON.stringify(name)}];`);
}

/** The value an async body returns, given `url` (the config's URL), run by node itself without the
 * run-narrowing variables (a Stryker run sets them, and runs this test too). */
function evaluate<T>(body: string): T {
  const url = pathToFileURL(path.join(ROOT, 'stryker.config.mjs')).href;
  const script = `const url = ${JSON.stringify(url)}; const value = await (async () => { ${body} })(); process.stdout.write(JSON.stringify(value));`;
  const { STRYKER_FOLDERS: _folders, STRYKER_PART: _part, STRYKER_TAG: _tag, ...env } = process.env;
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
    // A `*.ts` entry (`cli/*.ts`) is the files directly in its folder; a folder is its files at any depth.
    const dir = folder.endsWith('/*.ts') ? folder.slice(0, -'/*.ts'.length) : folder;
    const files = (fs.readdirSync(path.join(ROOT, dir), { recursive: !folder.endsWith('/*.ts') }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${dir}/${f.split(path.sep).join('/')}`);
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

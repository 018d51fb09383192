// scripts/run-ts.js's loadBundle: a bundle loaded as require loads it, compiled with V8's code cache kept next to it,
// and never with the cache of another bundle (V8 itself checks only the source's length). Each run is a child
// process: the cache is written when the process exits.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const RUN_TS = path.join(__dirname, '..', '..', 'scripts', 'run-ts.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-ts-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `bundle` with loadBundle in a new process; what it printed, and the exports' `answer` it printed last. */
function run(bundle: string, extra = ''): string {
  const script = `const { loadBundle } = require(${JSON.stringify(RUN_TS)});
const exported = loadBundle(${JSON.stringify(bundle)});
${extra}
process.stdout.write('exports ' + exported.answer + '\\n');`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function writeBundle(file: string, text: string, mtime: Date): void {
  fs.writeFileSync(file, text);
  fs.utimesSync(file, mtime, mtime);
}

const BUNDLE_A = "process.stdout.write('ran A ' + __filename.endsWith('b.js') + ' ' + typeof require('path').join + '\\n'); exports.answer = 41;";
// The same length as BUNDLE_A: V8 would take A's cache for it.
const BUNDLE_B = BUNDLE_A.replace('ran A', 'ran B').replace('41', '42');

test('the bundle runs as a module (its exports, __filename and require) and leaves a cache stamped with its size and time', () => {
  const bundle = path.join(dir, 'b.js');
  writeBundle(bundle, BUNDLE_A, new Date(2026, 0, 1));
  expect(run(bundle)).toBe('ran A true function\nexports 41\n');
  const cache = fs.readFileSync(`${bundle}.v8-cache`);
  const st = fs.statSync(bundle);
  const header = `${st.size}:${st.mtimeMs}\n`;
  expect(cache.subarray(0, header.length).toString()).toBe(header);
  expect(cache.length).toBeGreaterThan(header.length);
  // Only the cache is left beside the bundle: no temporary file.
  expect(fs.readdirSync(dir).sort()).toEqual(['b.js', 'b.js.v8-cache']);
});

test('a second run takes the cache (V8 accepts it) and does not write it again', () => {
  const bundle = path.join(dir, 'b.js');
  writeBundle(bundle, BUNDLE_A, new Date(2026, 0, 1));
  run(bundle);
  const first = fs.statSync(`${bundle}.v8-cache`);
  // What loadBundle hands V8, checked by V8: the cached data after the stamp line.
  const check = `const vm = require('vm'); const Module = require('module'); const fs = require('fs');
const f = ${JSON.stringify(bundle)}; const c = fs.readFileSync(f + '.v8-cache');
const s = new vm.Script(Module.wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: c.subarray(c.indexOf(10) + 1), importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
process.stdout.write('rejected ' + s.cachedDataRejected + '\\n');`;
  expect(spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout).toBe('rejected false\n');
  expect(run(bundle)).toBe('ran A true function\nexports 41\n');
  expect(fs.statSync(`${bundle}.v8-cache`).mtimeMs).toBe(first.mtimeMs);
});

test('a rebuilt bundle of the same length runs its own code, not the cached code of the old one, and gets its own cache', () => {
  const bundle = path.join(dir, 'b.js');
  expect(BUNDLE_B.length).toBe(BUNDLE_A.length);
  writeBundle(bundle, BUNDLE_A, new Date(2026, 0, 1));
  run(bundle);
  writeBundle(bundle, BUNDLE_B, new Date(2026, 0, 2));
  expect(run(bundle)).toBe('ran B true function\nexports 42\n');
  const st = fs.statSync(bundle);
  expect(fs.readFileSync(`${bundle}.v8-cache`).subarray(0, 40).toString().split('\n')[0]).toBe(`${st.size}:${st.mtimeMs}`);
});

test('a cache file that is garbage, or cut short, is refused: the bundle runs from source and the cache is written anew', () => {
  const bundle = path.join(dir, 'b.js');
  writeBundle(bundle, BUNDLE_A, new Date(2026, 0, 1));
  run(bundle);
  const st = fs.statSync(bundle);
  const good = fs.readFileSync(`${bundle}.v8-cache`);
  for (const broken of [Buffer.concat([Buffer.from(`${st.size}:${st.mtimeMs}\n`), Buffer.from('not V8 code')]), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
    fs.writeFileSync(`${bundle}.v8-cache`, broken);
    expect(run(bundle)).toBe('ran A true function\nexports 41\n');
    expect(fs.readFileSync(`${bundle}.v8-cache`).length).toBe(good.length);
  }
});

test('a cache that cannot be written changes nothing but the time', () => {
  const bundle = path.join(dir, 'b.js');
  writeBundle(bundle, BUNDLE_A, new Date(2026, 0, 1));
  // A folder where the cache file goes: neither read nor written.
  fs.mkdirSync(`${bundle}.v8-cache`);
  expect(run(bundle)).toBe('ran A true function\nexports 41\n');
  expect(fs.statSync(`${bundle}.v8-cache`).isDirectory()).toBe(true);
  expect(fs.readdirSync(dir).sort()).toEqual(['b.js', 'b.js.v8-cache']);
});

test('loaded once per process, as require does: a second load returns the same exports without running the bundle again', () => {
  const bundle = path.join(dir, 'b.js');
  writeBundle(bundle, BUNDLE_A, new Date(2026, 0, 1));
  const out = run(bundle, `const again = loadBundle(${JSON.stringify(bundle)}); process.stdout.write('same ' + (again === exported) + ' ' + (require(${JSON.stringify(bundle)}) === exported) + '\\n');`);
  expect(out).toBe('ran A true function\nsame true true\nexports 41\n');
});

test('a bundle that throws while loading is not left in require\'s cache: loading it again runs it again', () => {
  const bundle = path.join(dir, 'b.js');
  writeBundle(bundle, "process.stdout.write('loading\\n'); if (!global.failedOnce) { global.failedOnce = true; throw new Error('first load fails'); } exports.answer = 7;", new Date(2026, 0, 1));
  const script = `const { loadBundle } = require(${JSON.stringify(RUN_TS)});
try { loadBundle(${JSON.stringify(bundle)}); } catch (e) { process.stdout.write('threw ' + e.message + '\\n'); }
process.stdout.write('exports ' + loadBundle(${JSON.stringify(bundle)}).answer + '\\n');`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stdout).toBe('loading\nthrew first load fails\nloading\nexports 7\n');
});

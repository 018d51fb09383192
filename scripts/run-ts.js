#!/usr/bin/env node
// Runs a TypeScript entry point without type-checking: esbuild bundles it, with its dependencies, into
// .cache/build/, and the bundle is reused until one of the project's input files or package-lock.json changes.
// One bundled file loads about 100 ms faster than hundreds of separately resolved modules, which is most of
// the gap between a synth and bare Node start-up; V8's compiled code of the bundle is kept beside it too (loadBundle).
// Type-checking is `npm run typecheck` (tsc --noEmit), done once in CI, not per synth.
'use strict';
const fs = require('fs');
const path = require('path');
const { rewriteConverters } = require('./converters');

const root = path.resolve(__dirname, '..');
/**
 * Left as ordinary requires, loaded from the checkout's node_modules (devDependencies included): the validators
 * only `validate` needs (ajv, kubernetes-models), so that a synth does not parse them; @kubernetes/client-node
 * (ES-module only; preflight); esbuild itself. The installed bin's bundle (scripts/bundle-cli.js) has no externals.
 */
const EXTERNAL = ['esbuild', 'kubernetes-models', '@kubernetes-models/*', '@kubernetes/client-node', 'ajv', 'ajv/*', 'ajv-formats'];

function bundleFor(entry) {
  const abs = path.resolve(entry);
  const rel = path.relative(root, abs).replace(/[\\/]/g, '__').replace(/\.ts$/, '');
  const outDir = path.join(root, '.cache', 'build');
  const outfile = path.join(outDir, `${rel}.js`);
  const manifestFile = `${outfile}.inputs.json`;
  if (isFresh(outfile, manifestFile)) return outfile;

  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [abs],
    outfile,
    bundle: true,
    external: EXTERNAL,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Whitespace-only minification: the generated CRD bindings are megabytes of TypeScript, and parse time is
    // a large share of a synth. Identifiers are kept so stack traces stay readable.
    minifyWhitespace: true,
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
  });
  // The generated converters' quadratic undefined-filter made linear (scripts/converters.js).
  fs.writeFileSync(outfile, rewriteConverters(fs.readFileSync(outfile, 'utf8')).code);
  // Dependencies change only with the lock file; stamping it instead of every bundled module keeps the
  // freshness check to the project's own files, and to the two scripts that make the bundle.
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => path.resolve(p))
    .filter((p) => !p.split(path.sep).includes('node_modules'));
  inputs.push(path.join(root, 'package-lock.json'), __filename, require.resolve('./converters'));
  const stamps = Object.fromEntries(inputs.map((p) => [p, stamp(p)]));
  fs.writeFileSync(manifestFile, JSON.stringify(stamps));
  return outfile;
}

function stamp(file) {
  const st = fs.statSync(file);
  return `${st.size}:${st.mtimeMs}`;
}

function isFresh(outfile, manifestFile) {
  let stamps;
  try {
    stamps = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.accessSync(outfile);
  } catch {
    return false;
  }
  for (const [file, expected] of Object.entries(stamps)) {
    try {
      if (stamp(file) !== expected) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Loads a bundle as `require(file)` does (its exports are returned; it is registered in require's cache), compiled
 * with V8's code cache: `<file>.v8-cache` holds V8's compiled code of the bundle as the previous run left it (the
 * functions that run compiled), so that a run does not parse and compile the 2 MB bundle again: about 50 ms, a
 * quarter of the CPU time of a synth of the example, measured side by side. This is what Node 22's
 * module.enableCompileCache() does; Node 20 has no such switch.
 *
 * V8 checks that cached data was made by the same V8 with the same flags, but of the source it checks only the
 * length: a rebuilt bundle of the same length would run the old code. So the cache file starts with the bundle's
 * stamp (size and modification time, as the bundle's own freshness check uses) and is used only when it matches;
 * esbuild writes the bundle anew on every rebuild. A cache that is missing, stale or refused by V8 is written anew
 * when the process exits (to a temporary file renamed into place, as parallel runs may race); a cache that cannot
 * be read or written changes nothing but the time.
 */
function loadBundle(file) {
  const vm = require('vm');
  const Module = require('module');
  // Dynamic import() from a vm.Script needs this loader option (Node 20.12 and later); without it, a plain require.
  const importLoader = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!importLoader || require.cache[file]) return require(file);
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = `${file}.v8-cache`;
  const header = Buffer.from(`${stamp(file)}\n`);
  let cachedData;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, header.length).equals(header)) cachedData = cache.subarray(header.length);
  } catch {
    // No cache yet: compiled from source, and written at exit.
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: importLoader });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, Buffer.concat([header, script.createCachedData()]));
        fs.renameSync(temp, cacheFile);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

module.exports = { bundleFor, loadBundle };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: run-ts.js ENTRY.ts [ARGS...]\n');
    process.exit(2);
  }
  process.argv = [process.argv[0], path.resolve(entry), ...args];
  loadBundle(bundleFor(entry));
}

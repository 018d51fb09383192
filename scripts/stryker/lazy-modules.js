// Which project modules the mutated code requires lazily (a `require('./x')` inside a function, so that a command
// loads only what it needs), and the jest setup step that loads them before any test of a mutation run.
//
// Why: a module first required inside a test runs its module-level code (rule tables, patterns, schemas built at
// import) during that test only; jest keeps it in the file's registry afterwards. The dry run then credits those
// mutants to that one test, and Stryker runs only that test for them, although every later test of the file uses the
// mutated value. Loaded by a setup file, before any test, the same code is reached outside tests ("static" for the
// file), so a mutant of it runs against all of the file's tests. Running more tests can only kill more mutants: a
// verdict can only move from Survived to Killed, never back.
'use strict';
const fs = require('fs');
const path = require('path');

const LAZY_REQUIRE = /\brequire\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

/** Every `.ts` file under `dir` (relative to `root`, with `/`), skipping generated bindings. */
function tsFiles(root, dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'imports' && entry.name !== 'node_modules') out.push(...tsFiles(root, rel));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/**
 * The modules (project-relative, without extension, e.g. `lib/config/schema`) that a file under lib/ or cli/ requires
 * by a relative `require(...)`, for the files `included(file)` accepts (the mutated ones: an I/O shell's lazy
 * commands are never mutated, and loading the whole CLI in every test file would only cost time).
 */
function lazyModules(root, included = () => true) {
  const found = new Set();
  for (const file of [...tsFiles(root, 'lib'), ...tsFiles(root, 'cli')]) {
    if (!included(file)) continue;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(LAZY_REQUIRE)) {
      found.add(path.posix.join(path.posix.dirname(file), match[1]).replace(/\.(ts|js)$/, ''));
    }
  }
  return [...found].sort();
}

/**
 * The lazily required modules a run must load up front: those inside the folders it mutates (a run of lib/config
 * loads lib/config/schema, not the CLI's validators). `folders` are MUTATION_FOLDERS entries or `all`.
 */
function lazyModulesFor(root, folders, included) {
  const inRun = (m) => folders.some((f) => f === 'all' || (f.endsWith('/*.ts') ? path.posix.dirname(m) === f.slice(0, -5) : m.startsWith(`${f}/`)));
  return lazyModules(root, included).filter(inRun);
}

/** A matcher for the globs of NOT_MUTATED (`**` any folders, `*` within one name). */
function globMatcher(globs) {
  const patterns = globs.map((glob) => {
    const source = glob
      .split(/(\*\*\/|\*\*|\*)/)
      .map((part) => (part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`^${source}$`);
  });
  return (file) => patterns.some((p) => p.test(file));
}

module.exports = { lazyModules, lazyModulesFor, globMatcher, LAZY_MODULES_ENV: 'STRYKER_LAZY_MODULES' };

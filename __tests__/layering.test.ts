// The import graph of lib/, read from the sources: every relative import (import/export ... from, require(),
// import()) is mapped to the lib/ folder (or top-level file) it lands in. Two rules:
// 1. Each folder imports only the layers below it (LAYERS), so config -> charts -> constructs and never back,
//    and the library entry point (index.ts) never reaches the CLI.
// 2. No folder cycles at all: a cycle fails the test naming every import inside it.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers';

const LIB = path.join(ROOT, 'lib');
const CLI = path.join(ROOT, 'cli');

/**
 * What each node may import (besides itself). Library nodes are lib/'s folders and top-level files; `imports` is the
 * generated CRD bindings. CLI nodes carry a `cli/` prefix: cli/'s own top-level files are `cli`, its folders
 * `cli/<folder>`. The library never imports the CLI; the CLI may import any library node.
 */
const LIBRARY_NODES = ['util', 'k8s', 'paths', 'constructs', 'secrets', 'renderers', 'config', 'charts', 'codecanvas-installation', 'index', 'imports'];
const LAYERS: Record<string, readonly string[]> = {
  util: [],
  k8s: [],
  paths: [],
  constructs: ['util', 'imports', 'k8s'],
  secrets: ['constructs', 'util', 'imports', 'k8s'],
  renderers: ['constructs', 'util', 'imports', 'k8s'],
  config: ['util', 'paths'],
  charts: ['config', 'constructs', 'secrets', 'renderers', 'util', 'imports', 'k8s'],
  // Top-level assembly, library side: the L3 composes the cluster charts from config, secret sources and
  // constructs (and sets the sync waves).
  'codecanvas-installation': ['charts', 'config', 'constructs', 'secrets', 'util'],
  index: ['codecanvas-installation', 'constructs', 'renderers', 'secrets', 'config', 'charts', 'util'],
  // The CLI: the output side (the GitOps bootstrap charts, the output layout, the install guide, the writer), the
  // generated references, the manifest validator, then each command's domain logic, then the command shells.
  'cli/output': LIBRARY_NODES,
  'cli/reference': LIBRARY_NODES,
  'cli/synth': [...LIBRARY_NODES, 'cli/output'],
  'cli/validate': LIBRARY_NODES,
  'cli/upgrade': [...LIBRARY_NODES, 'cli/synth', 'cli/validate'],
  'cli/plan': LIBRARY_NODES,
  'cli/keys': [...LIBRARY_NODES, 'cli/output'],
  'cli/preflight': [...LIBRARY_NODES, 'cli/keys'],
  cli: [...LIBRARY_NODES, 'cli/synth', 'cli/output', 'cli/validate', 'cli/upgrade', 'cli/preflight', 'cli/plan', 'cli/keys', 'cli/reference'],
};

interface Edge {
  from: string;
  to: string;
  /** The importing file and the file it imports, repository-relative. */
  file: string;
  target: string;
  spec: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * The node a file belongs to: its folder under lib/, or its own name for lib/'s top-level files; `cli/<folder>` or
 * `cli/<name>` for the CLI's (`cli/synth` is the one top-level file with a layer of its own, the rest are `cli`);
 * the first path segment otherwise (`imports` for the bindings).
 */
function nodeOf(file: string): string {
  const fromCli = path.relative(CLI, file).split(path.sep);
  if (fromCli[0] !== '..') {
    if (fromCli.length > 1) return `cli/${fromCli[0]}`;
    return fromCli[0] === 'synth.ts' ? 'cli/synth' : 'cli';
  }
  const rel = path.relative(LIB, file).split(path.sep);
  if (rel[0] === '..') return path.relative(ROOT, file).split(path.sep)[0];
  return rel.length === 1 ? rel[0].replace(/\.ts$/, '') : rel[0];
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of [...sourceFiles(LIB), ...sourceFiles(CLI)]) {
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (!spec.startsWith('.')) continue;
      const resolved = path.resolve(path.dirname(file), spec);
      const target = fs.existsSync(`${resolved}.ts`) ? `${resolved}.ts` : path.join(resolved, 'index.ts');
      out.push({ from: nodeOf(file), to: nodeOf(target), file: path.relative(ROOT, file), target: path.relative(ROOT, target), spec });
    }
  }
  return out;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const info = new Map<string, { index: number; low: number; onStack: boolean }>();
  const result: string[][] = [];
  const visit = (v: string) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.low);
      } else if (info.get(w)!.onStack) {
        info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.index);
      }
    }
    if (info.get(v)!.low === info.get(v)!.index) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        info.get(w)!.onStack = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) result.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) visit(v);
  return result;
}

const files = edges();
/** Imports that cross from one node to another. */
const all = files.filter((e) => e.from !== e.to);

test('the parser sees the imports it must (sanity check of the rules below)', () => {
  expect(all).toContainEqual({
    from: 'charts',
    to: 'constructs',
    file: 'lib/charts/application-cluster-chart.ts',
    target: 'lib/constructs/namespace.ts',
    spec: '../constructs/namespace',
  });
  // Lazy requires count too.
  expect(all).toContainEqual({ from: 'cli', to: 'cli/validate', file: 'cli/commands.ts', target: 'cli/validate/references.ts', spec: './validate/references' });
  expect(all).toContainEqual({
    from: 'cli',
    to: 'cli/upgrade',
    file: 'cli/upgrade-check-command.ts',
    target: 'cli/upgrade/upgrade-check.ts',
    spec: './upgrade/upgrade-check',
  });
  // Every import resolves to a file that exists (a wrong resolution would hide edges from the rules below).
  expect(files.filter((e) => !fs.existsSync(path.join(ROOT, e.target)))).toEqual([]);
});

test('every lib/ and cli/ folder and top-level file has a layer rule', () => {
  const nodes = new Set(all.map((e) => e.from));
  expect([...nodes].filter((n) => !LAYERS[n]).sort()).toEqual([]);
});

test('every folder imports only the layers below it (config -> charts -> constructs, never back)', () => {
  const offending = all
    .filter((e) => !(LAYERS[e.from] ?? []).includes(e.to))
    .map((e) => `${e.file} imports ${e.spec} (${e.from} -> ${e.to}${LAYERS[e.from] ? '' : `; ${e.from} has no layer rule`})`);
  expect(offending).toEqual([]);
});

test('constructs depend on cdk8s, constructs, the generated imports and shared helpers only', () => {
  const packages = new Set<string>();
  for (const file of sourceFiles(path.join(LIB, 'constructs'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (!spec.startsWith('.')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  expect([...packages].sort()).toEqual(['cdk8s', 'constructs']);
});

test('the library never imports the CLI: nothing under lib/ reaches cli/', () => {
  expect(all.filter((e) => e.file.startsWith('lib/') && e.target.startsWith('cli/')).map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
});

test('what the package main exports stays inside lib/ and the bindings', () => {
  const reach = new Set<string>(['lib/index.ts']);
  const queue = ['lib/index.ts'];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const e of files) {
      if (e.file === file && !reach.has(e.target)) {
        reach.add(e.target);
        queue.push(e.target);
      }
    }
  }
  expect([...reach].filter((f) => !f.startsWith('lib/') && !f.startsWith('imports/')).sort()).toEqual([]);
  // The CLI's own files are many; none of them is part of the library.
  expect([...reach].some((f) => f.startsWith('cli/'))).toBe(false);
  expect(reach.size).toBeGreaterThan(50);
});

test('no cycles between files', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of files) {
    if (!graph.has(e.file)) graph.set(e.file, new Set());
    graph.get(e.file)!.add(e.target);
  }
  const found = cycles(graph);
  const explained = found.map((scc) => {
    const inside = files.filter((e) => scc.includes(e.file) && scc.includes(e.target));
    return `${scc.join(' <-> ')}: ${inside.map((e) => `${e.file} imports ${e.spec}`).join('; ')}`;
  });
  expect(explained).toEqual([]);
});

test('the cycle finder finds a two-file cycle and a longer one', () => {
  const graph = new Map<string, Set<string>>([
    ['a', new Set(['b'])],
    ['b', new Set(['a', 'c'])],
    ['c', new Set(['d'])],
    ['d', new Set(['e'])],
    ['e', new Set(['c'])],
    ['f', new Set(['a'])],
  ]);
  expect(cycles(graph).map((scc) => scc.join(',')).sort()).toEqual(['a,b', 'c,d,e']);
});

test('no cycles between folders', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of all) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  const found = cycles(graph);
  const explained = found.map((scc) => {
    const inside = all.filter((e) => scc.includes(e.from) && scc.includes(e.to));
    return `${scc.join(' <-> ')}: ${inside.map((e) => `${e.file} imports ${e.spec}`).join('; ')}`;
  });
  expect(explained).toEqual([]);
});

// The import graph of lib/, read from the sources: every relative import (import/export ... from, require(),
// import()) is mapped to the lib/ folder (or top-level file) it lands in. Two rules:
// 1. Each folder imports only the layers below it (LAYERS), so config -> charts -> constructs and never back,
//    and the library entry point (index.ts) never reaches the CLI.
// 2. No folder cycles at all: a cycle fails the test naming every import inside it.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers';

const LIB = path.join(ROOT, 'lib');

/** What each node may import (besides itself). `imports` is the generated CRD bindings, `k8s`/`paths` top-level files. */
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
  output: ['charts', 'config', 'constructs', 'util'],
  // Top-level assembly, output side: the installation, then the GitOps bootstrap charts (charts/bootstrap-chart),
  // which need the cluster folders' file lists from the output layout, then the install guide. Secret handling
  // stays in the installation (its warnings and notes).
  synth: ['codecanvas-installation', 'charts', 'output', 'config', 'constructs', 'paths', 'util'],
  // The command-line side may use everything below it.
  validate: ['config', 'charts', 'constructs', 'util', 'paths', 'imports', 'k8s'],
  // The chart-upgrade check: synthesizes the release values and checks them against a packaged chart. Its command
  // lives in cli/ with the others.
  upgrade: ['config', 'synth', 'constructs', 'validate', 'util'],
  // The subcommands' domain logic; their command shells (argument parsing, help, exit codes) live in cli/.
  plan: ['config', 'charts', 'util'],
  keys: ['config', 'charts', 'constructs', 'secrets', 'output', 'util', 'paths', 'k8s'],
  preflight: ['config', 'charts', 'constructs', 'keys', 'util', 'paths'],
  cli: ['synth', 'config', 'charts', 'secrets', 'output', 'validate', 'upgrade', 'preflight', 'plan', 'keys', 'util', 'paths'],
};

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The node a file belongs to: its folder under lib/, or its own name for top-level files; `imports` for bindings. */
function nodeOf(file: string): string {
  const rel = path.relative(LIB, file).split(path.sep);
  if (rel[0] === '..') return path.relative(ROOT, file).split(path.sep)[0];
  return rel.length === 1 ? rel[0].replace(/\.ts$/, '') : rel[0];
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(LIB)) {
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const from = nodeOf(file);
      const to = nodeOf(target.endsWith('.ts') ? target : `${target}.ts`);
      if (from !== to) out.push({ from, to, file: path.relative(ROOT, file), spec });
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

const all = edges();

test('the parser sees the imports it must (sanity check of the rules below)', () => {
  expect(all).toContainEqual({ from: 'charts', to: 'constructs', file: 'lib/charts/application-cluster-chart.ts', spec: '../constructs/namespace' });
  // Lazy requires count too.
  expect(all).toContainEqual({ from: 'cli', to: 'validate', file: 'lib/cli/commands.ts', spec: '../validate/references' });
  expect(all).toContainEqual({ from: 'cli', to: 'upgrade', file: 'lib/cli/upgrade-check-command.ts', spec: '../upgrade/upgrade-check' });
});

test('every lib/ folder and top-level file has a layer rule', () => {
  const nodes = new Set(all.map((e) => e.from));
  expect([...nodes].filter((n) => !LAYERS[n]).sort()).toEqual([]);
});

test('every lib/ folder imports only the layers below it (config -> charts -> constructs, never back)', () => {
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

test('no cycles between lib/ folders', () => {
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

/**
 * `upgrade-check`: before raising a chart version, check that the values we generate for every Helm release still
 * fit the new packaged chart: each release's values against the chart's (or subchart's) `values.schema.json`, as
 * `helm install` validates them, and every key we set that the chart's `values.yaml` no longer has (removed or
 * renamed keys are silently ignored by Helm templates, which is worse than an error).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { HelmChart } from '../../lib/constructs/helm-chart';
import { LoadedConfig } from '../../lib/config/load';
import { buildInstallation } from '../synth';
import { coalesce, validateChartDir } from '../validate/chart-values';
import { isObject, Json } from '../validate/json';
import { MAX_CHART_BYTES, readTgz } from './tar';
import { readBytes, UnreadableFileError } from '../../lib/util/read-file';
import { loadYaml } from '../../lib/util/yaml';

export interface ReleaseValues {
  /** Where it comes from, such as `application: codecanvas` or `dev-westeurope: codecanvas-relay`. */
  readonly where: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
}

export interface UpgradeProblem {
  readonly release: string;
  /** `schema`: the chart's values.schema.json refuses the values; `unknown-key`: a key the chart does not have. */
  readonly kind: 'schema' | 'unknown-key';
  /** Dotted values path, such as `application.ingress.tlsEnabled`. */
  readonly path: string;
  readonly message: string;
}

export interface UpgradeReport {
  readonly chart: { readonly name: string; readonly version: string };
  /** Releases checked, with the chart folder inside the package they were checked against. */
  readonly checked: readonly { readonly release: string; readonly chart: string; readonly configuredVersion: string }[];
  /** Releases whose chart is not in the package (neither the chart nor one of its subcharts). */
  readonly skipped: readonly string[];
  readonly problems: readonly UpgradeProblem[];
}

/** A packaged chart unpacked into a temporary folder (validateChartDir reads files). */
export interface UnpackedChart {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  /** Chart name -> folder, for the chart and every vendored subchart. */
  readonly charts: ReadonlyMap<string, string>;
  remove(): void;
}

export class UpgradeCheckError extends Error {}

/**
 * Unpacks a `.tgz` made by `helm package` / `helm pull` into a new folder in `tmp`; nested subchart archives in
 * `charts/` are unpacked too.
 */
export function unpackChart(archive: Buffer, label: string, tmp: string = os.tmpdir()): UnpackedChart {
  let files: Map<string, Buffer>;
  try {
    files = readTgz(archive);
  } catch (e) {
    throw new UpgradeCheckError(`${label} is not a packaged Helm chart (.tgz): ${(e as Error).message}`);
  }
  const dir = fs.mkdtempSync(path.join(tmp, 'codecanvas-upgrade-check-'));
  const write = (entries: Map<string, Buffer>, under: string) => {
    for (const [name, content] of entries) {
      const dest = path.join(under, ...name.split('/').filter((p) => p && p !== '..'));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      if (/\/charts\/[^/]+\.tgz$/.test(`/${name}`)) write(readTgz(content), path.dirname(dest));
      else fs.writeFileSync(dest, content);
    }
  };
  write(files, dir);
  const charts = new Map<string, string>();
  const walk = (d: string) => {
    const manifest = path.join(d, 'Chart.yaml');
    if (fs.existsSync(manifest)) {
      const name = (loadYaml(fs.readFileSync(manifest, 'utf8')) as { name?: string })?.name;
      if (name && !charts.has(name)) charts.set(name, d);
    }
    for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
  };
  walk(dir);
  const top = [...files.keys()].map((k) => k.split('/')[0]).find((k) => fs.existsSync(path.join(dir, k, 'Chart.yaml')));
  if (!top) {
    // Stryker disable next-line BooleanLiteral: force only matters for a folder that is gone, and this one was just made.
    fs.rmSync(dir, { recursive: true, force: true });
    throw new UpgradeCheckError(`${label} holds no <chart>/Chart.yaml: not a packaged Helm chart`);
  }
  const meta = loadYaml(fs.readFileSync(path.join(dir, top, 'Chart.yaml'), 'utf8')) as { name: string; version: string };
  return { dir: path.join(dir, top), name: meta.name, version: String(meta.version), charts, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The values of every Helm release the config produces, taken from the construct tree. Secret values the chart
 * values may carry (the plain-text admin password) are not needed for the check, so missing environment variables
 * read as a placeholder that passes the value rules (an empty value would not).
 */
export function releaseValues(loaded: LoadedConfig, env: NodeJS.ProcessEnv): ReleaseValues[] {
  // 32 bytes in Base64: also passes the master-secret rule.
  const placeholder = Buffer.alloc(32, 1).toString('base64');
  // Stryker disable next-line ConditionalExpression: the synthesis reads the environment by variable name only, never by a symbol.
  const withPlaceholders = new Proxy(env, { get: (target, key) => (typeof key === 'string' ? (target[key] ?? placeholder) : undefined) });
  const { app } = buildInstallation(loaded, { env: withPlaceholders });
  return app.node
    .findAll()
    .filter((c): c is HelmChart<object> => c instanceof HelmChart)
    .map((h) => ({
      where: `${Chart.of(h).node.id}: ${h.releaseName}`,
      chart: h.chart.name,
      version: h.chart.version,
      values: h.values as Record<string, unknown>,
    }));
}

/**
 * Checks the values of every release of `loaded` against the chart archive at `chartFile`, unpacked into a temporary
 * folder in `tmp` that is removed afterwards.
 */
export function upgradeCheck(loaded: LoadedConfig, chartFile: string, env: NodeJS.ProcessEnv, tmp: string = os.tmpdir()): UpgradeReport {
  let archive: Buffer;
  try {
    archive = readBytes(chartFile, MAX_CHART_BYTES);
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: readBytes throws only UnreadableFileError; anything else would be a bug, not the user's file.
    if (e instanceof UnreadableFileError) throw new UpgradeCheckError(`chart ${e.message}`);
    throw e;
  }
  const chart = unpackChart(archive, chartFile, tmp);
  try {
    return checkReleases(releaseValues(loaded, env), chart);
  } finally {
    chart.remove();
  }
}

export function checkReleases(releases: readonly ReleaseValues[], chart: UnpackedChart): UpgradeReport {
  const problems: UpgradeProblem[] = [];
  const checked: UpgradeReport['checked'][number][] = [];
  const skipped: string[] = [];
  for (const r of releases) {
    const dir = chart.charts.get(r.chart);
    if (!dir) {
      skipped.push(`${r.where} (chart ${r.chart} is not in ${chart.name} ${chart.version})`);
      continue;
    }
    checked.push({ release: r.where, chart: path.relative(path.dirname(chart.dir), dir), configuredVersion: r.version });
    for (const p of validateChartDir(r.values, dir)) {
      problems.push({ release: r.where, kind: 'schema', path: dotted(p.path), message: p.message });
    }
    const defaults = chartDefaults(dir);
    for (const unknown of unknownKeys(r.values, defaults, [])) {
      // The unknown path itself is not among them: its nearest ancestor in the defaults lacks its next key.
      const similar = pathsEndingWith(defaults, unknown.at(-1)!, []);
      problems.push({
        release: r.where,
        kind: 'unknown-key',
        path: unknown.join('.'),
        message:
          `we set it, but ${path.basename(dir)}'s values.yaml has no such key (removed or renamed in this chart version?)` +
          (similar.length ? `; the chart has ${similar.slice(0, 3).map((p) => p.join('.')).join(', ')}` : ''),
      });
    }
  }
  return { chart: { name: chart.name, version: chart.version }, checked, skipped, problems };
}

/** The chart's values.yaml with each vendored subchart's values.yaml under its alias (what Helm merges). */
function chartDefaults(dir: string): Json {
  const read = (f: string): unknown => (fs.existsSync(f) ? loadYaml(fs.readFileSync(f, 'utf8')) : undefined);
  let defaults = (read(path.join(dir, 'values.yaml')) ?? {}) as Json;
  const meta = (read(path.join(dir, 'Chart.yaml')) ?? {}) as { dependencies?: { name: string; alias?: string }[] };
  for (const dep of meta.dependencies ?? []) {
    const sub = path.join(dir, 'charts', dep.name);
    if (fs.existsSync(sub)) defaults = coalesce({ [dep.alias ?? dep.name]: chartDefaults(sub) }, defaults) as Json;
  }
  return defaults;
}

/**
 * Paths we set whose nearest ancestor in the chart's defaults is a map with keys that lacks the next key. Maps
 * that are empty (or absent) in the defaults are free-form (annotations, env, extra values) and not checked.
 */
function unknownKeys(values: unknown, defaults: unknown, at: string[]): string[][] {
  if (!isObject(values) || !isObject(defaults)) return [];
  const known = Object.keys(defaults);
  if (known.length === 0) return [];
  return Object.entries(values).flatMap(([k, v]) => (k in defaults ? unknownKeys(v, defaults[k], [...at, k]) : [[...at, k]]));
}

function pathsEndingWith(tree: unknown, key: string, at: string[]): string[][] {
  if (!isObject(tree)) return [];
  return Object.entries(tree).flatMap(([k, v]) => [...(k === key ? [[...at, k]] : []), ...pathsEndingWith(v, key, [...at, k])]);
}

/** JSON pointer `/a/b/0` -> `a.b.0`. */
function dotted(pointer: string): string {
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') || '(root)';
}

/** Human-readable report. */
export function renderUpgradeReport(report: UpgradeReport, source: string): string {
  const lines = [`upgrade-check: ${source} against chart ${report.chart.name} ${report.chart.version}`];
  for (const c of report.checked) {
    const note = c.configuredVersion === report.chart.version ? '' : ` (config pins ${c.configuredVersion})`;
    lines.push(`  checked ${c.release} against ${c.chart}${note}`);
  }
  for (const s of report.skipped) lines.push(`  skipped ${s}`);
  if (report.problems.length === 0) {
    lines.push('the generated values fit this chart: no schema errors, no keys the chart does not have');
  } else {
    lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
    for (const p of report.problems) lines.push(`  - ${p.release}: ${p.path}: ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}

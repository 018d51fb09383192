/**
 * Helm chart values against a chart's `values.schema.json`, the way `helm install` checks them: defaults coalesced
 * under the given values, and each enabled subchart against its own schema.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ajvProblems } from './ajv-problems';
import { escapePointer, isObject, Json } from './json';
import type { ValuesProblem } from './problems';
import { readYaml as yamlValue } from './read-yaml';

const valuesValidators = new Map<string, ValidateFunction>();

/**
 * Validates chart values against a Helm chart's `values.schema.json`. The schema's `$schema` picks the draft:
 * 2020-12 and 2019-09 get ajv's matching class, anything else draft-07 (what Helm's validators support).
 * `defaults` (the chart's values.yaml) are coalesced under `values` first, as `helm install` does.
 */
export function validateChartValues(values: unknown, schemaFile: string, options: { defaults?: unknown } = {}): ValuesProblem[] {
  // Keyed by content: upgrade-check unpacks the same chart into fresh temporary folders.
  const text = fs.readFileSync(path.resolve(schemaFile), 'utf8');
  let validate = valuesValidators.get(text);
  if (!validate) {
    const key = text;
    const schema = JSON.parse(text) as Json;
    const draft = String(schema.$schema); // 'undefined' when absent: draft-07
    const opts = { strict: false, allErrors: true, logger: false as const };
    const ajv = draft.includes('2020-12') ? new Ajv2020(opts) : draft.includes('2019-09') ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(ajv);
    const { $schema: _ignored, ...rest } = schema; // the draft is chosen above; ajv would reject an unknown meta-schema URL
    void _ignored;
    validate = ajv.compile(rest);
    valuesValidators.set(key, validate);
  }
  const data = coalesce(options.defaults, values); // no defaults: the values themselves
  // Stryker disable next-line ArrayDeclaration: ajv always sets errors when validate returns false
  return validate(data) ? [] : ajvProblems(validate.errors ?? []);
}

/**
 * Validates values the way `helm install` does for the chart folder `chartDir` (holding Chart.yaml, values.yaml,
 * values.schema.json and charts/<subchart>/...): the chart's defaults coalesced under `values`, then each enabled
 * subchart (`condition` of its dependency, alias applied) against its own schema with its own defaults and the
 * parent's `global`. Problem paths are relative to the top-level values.
 */
export function validateChartDir(values: unknown, chartDir: string): ValuesProblem[] {
  const readYaml = (file: string): unknown => (fs.existsSync(file) ? yamlValue(fs.readFileSync(file, 'utf8')) : undefined);
  const defaults = readYaml(path.join(chartDir, 'values.yaml')) ?? {};
  const merged = coalesce(defaults, values) as Json;
  const schemaFile = path.join(chartDir, 'values.schema.json');
  const problems = fs.existsSync(schemaFile) ? validateChartValues(merged, schemaFile) : [];
  const chart = (readYaml(path.join(chartDir, 'Chart.yaml')) ?? {}) as { dependencies?: { name: string; alias?: string; condition?: string }[] };
  for (const dep of chart.dependencies ?? []) {
    const subDir = path.join(chartDir, 'charts', dep.name);
    // Stryker disable next-line ConditionalExpression: a missing folder has no schema and no Chart.yaml, so no problems either; this only skips the work
    if (!fs.existsSync(subDir)) continue; // not vendored here (e.g. bitnami common/redis)
    if (dep.condition && !conditionHolds(merged, dep.condition)) continue;
    const key = dep.alias ?? dep.name;
    const subValues = { ...(isObject(merged[key]) ? (merged[key] as Json) : {}), global: merged.global ?? {} };
    for (const p of validateChartDir(subValues, subDir)) problems.push({ path: `/${escapePointer(key)}${p.path}`, message: p.message });
  }
  return problems;
}

/** Helm dependency conditions: comma-separated paths, the first one that resolves to a boolean wins; default enabled. */
function conditionHolds(values: Json, condition: string): boolean {
  for (const dotted of condition.split(',').map((c) => c.trim())) {
    let at: unknown = values;
    for (const part of dotted.split('.')) at = isObject(at) ? at[part] : undefined;
    if (typeof at === 'boolean') return at;
  }
  return true;
}

/** Helm's coalescing: `over` wins, maps merge recursively, a null in `over` deletes the default. */
export function coalesce(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = coalesce(base[key], value);
  }
  return out;
}

import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { z } from 'zod';
import { embeddedExamplePath } from '../paths';
import { ConfigError, ConfigIssue, formatPath } from './errors';
import { PLACEHOLDER_MARKER, PLACEHOLDER_RULE } from './rules';
import { CodeCanvasConfig, configSchema, ResolvedConfig } from './schema';

/** A parsed configuration and where it came from (relative paths in it resolve against `baseDir`). */
export interface LoadedConfig {
  /** The validated config with every default applied. */
  readonly config: ResolvedConfig;
  /** The file it was read from, or a label such as "inline" for objects passed from TypeScript. */
  readonly source: string;
  /** Folder that relative paths in the config resolve against (the config file's folder). */
  readonly baseDir: string;
}

/**
 * Which config file to use: `explicit` (a --config flag), else env CODECANVAS_CONFIG, else codecanvas.yaml in
 * `cwd`, else the embedded example.
 */
export function resolveConfigPath(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (explicit) return path.resolve(cwd, explicit);
  if (env.CODECANVAS_CONFIG) return path.resolve(cwd, env.CODECANVAS_CONFIG);
  const local = path.join(cwd, 'codecanvas.yaml');
  if (fs.existsSync(local)) return local;
  return embeddedExamplePath();
}

/** Reads and validates a YAML config file. Throws ConfigError listing every problem. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ path: '(file)', value: file, rule: `cannot be read: ${(e as Error).message}` }]);
  }
  let raw: unknown;
  try {
    raw = yaml.load(text, { filename: file });
  } catch (e) {
    const reason = e instanceof yaml.YAMLException ? e.message : String(e);
    throw new ConfigError(file, [{ path: '(file)', value: file, rule: `is not valid YAML: ${reason}` }]);
  }
  return { config: parseConfig(raw, file), source: file, baseDir: path.dirname(path.resolve(file)) };
}

/** Validates a configuration object and applies defaults. Throws ConfigError listing every problem. */
export function parseConfig(raw: unknown, source = 'config'): ResolvedConfig {
  const issues = checkConfig(raw);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return configSchema.parse(raw);
}

/** Every broken rule in `raw`, in document order; empty when the config is valid. */
export function checkConfig(raw: unknown): ConfigIssue[] {
  const placeholders = findPlaceholders(raw, []);
  const placeholderPaths = new Set(placeholders.map((p) => p.path));
  const result = configSchema.safeParse(raw as CodeCanvasConfig, { reportInput: true });
  const schemaIssues = result.success ? [] : result.error.issues.flatMap(toConfigIssues);
  return [...placeholders, ...schemaIssues.filter((i) => !placeholderPaths.has(i.path))];
}

function findPlaceholders(value: unknown, at: (string | number)[]): ConfigIssue[] {
  if (typeof value === 'string') {
    return value.includes(PLACEHOLDER_MARKER) ? [{ path: formatPath(at), value, rule: PLACEHOLDER_RULE }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, [...at, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findPlaceholders(v, [...at, k]));
  }
  return [];
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const at = issue.path as (string | number)[];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...at, key]),
        value: (input as Record<string, unknown> | undefined)?.[key],
        rule: 'is not a known field (check the spelling against the config reference)',
      }));
    case 'invalid_type':
      if (input === undefined) return [{ path: formatPath(at), value: undefined, rule: 'is required' }];
      if (!issue.message.startsWith('Invalid input')) return [{ path: formatPath(at), value: input, rule: issue.message }];
      return [{ path: formatPath(at), value: input, rule: `must be ${article(issue.expected)}` }];
    case 'invalid_value':
      if (issue.message.startsWith('Invalid option') || issue.message.startsWith('Invalid input')) {
        return [{ path: formatPath(at), value: input, rule: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
      }
      return [{ path: formatPath(at), value: input, rule: issue.message }];
    default:
      return [{ path: formatPath(at), value: input, rule: issue.message }];
  }
}

function article(type: string): string {
  if (type === 'object') return 'an object (a YAML mapping)';
  if (type === 'array') return 'a list';
  return `a ${type}`;
}

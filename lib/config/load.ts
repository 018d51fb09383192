import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { z } from 'zod';
import { embeddedExamplePath } from '../paths';
import { ConfigError, ConfigIssue, formatPath } from './errors';
import { PLACEHOLDER_MARKER, PLACEHOLDER_RULE } from './rules';
import { findPrivateKeys, isSecretValueKey, PRIVATE_KEY_MARKER } from './secret-rules';
import type { CodeCanvasConfig, ResolvedConfig } from './schema';
import { rememberValidated, revalidated } from './validated';

// The schema (zod and every rule) is loaded when a config is first validated, not when the library is required.
const schema = () => (require('./schema') as typeof import('./schema')).configSchema; // eslint-disable-line @typescript-eslint/no-require-imports

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
  if (text.length > MAX_CONFIG_CHARS) {
    throw new ConfigError(file, [
      { path: '(file)', value: file, rule: `is ${text.length} characters long; a config file may have at most ${MAX_CONFIG_CHARS}` },
    ]);
  }
  let raw: unknown;
  try {
    raw = yaml.load(text, { filename: file });
  } catch (e) {
    throw new ConfigError(file, [{ path: '(file)', value: file, rule: `is not valid YAML: ${yamlErrorReason(e as Error, text)}` }]);
  }
  return { config: parseConfig(raw, file), source: file, baseDir: path.dirname(path.resolve(file)) };
}

/** The line number and bar that start a line of js-yaml's excerpt (` 12 | `), then comes the line of the file. */
const EXCERPT_LINE = /(\d+) \| /;
/**
 * A mapping key (bare or quoted) and its colon, in block or flow style. It starts where no key character is before
 * it: a match is then tried once per run of key characters, not at each of them (linear time on a long line).
 */
const ENTRY_KEY = /(?<![\w-])(["']?)([\w-]+)\1\s*:(?=\s|$)/g;

/**
 * Why js-yaml refused `text` (it throws a YAMLException for every input it refuses, nesting too deep included):
 * its message, which ends in an excerpt of the lines around the error. Only up to the line and column when `text`
 * holds a private key (the excerpt would show lines of the key). Otherwise, on an excerpt line with a secret key
 * (SECRET_VALUE_KEYS, or an RSA `private`), everything after that key's colon is masked with `*`, one per
 * character, so that the caret still points where js-yaml put it; so is every line that continues its value.
 */
export function yamlErrorReason(e: Error, text: string): string {
  if (PRIVATE_KEY_MARKER.test(text)) return e.message.split('\n\n')[0];
  const continued = secretValueLines(text);
  return e.message
    .split('\n')
    .map((line) => {
      const excerpt = EXCERPT_LINE.exec(line);
      // js-yaml's reason and caret lines.
      if (!excerpt) return line;
      const start = excerpt.index + excerpt[0].length;
      const content = line.slice(start);
      if (continued.has(Number(excerpt[1]))) return line.slice(0, start) + stars(content);
      const at = secretValueAt(content);
      return at === undefined ? line : line.slice(0, start) + content.slice(0, at) + stars(content.slice(at));
    })
    .join('\n');
}

/**
 * The numbers (from 1) of the lines of `text` that continue the value of a secret key: the blank and more indented
 * lines after it (a block scalar, a plain or quoted scalar over several lines). From the whole text, as an excerpt
 * may start below the key.
 */
function secretValueLines(text: string): Set<number> {
  const lines = new Set<number>();
  let keyIndent: number | undefined;
  text.split('\n').forEach((content, index) => {
    const indent = content.length - content.trimStart().length;
    // A blank line outside a value joins the set too: masking it changes nothing.
    if (content.trim() === '' || indent > (keyIndent ?? Infinity)) {
      lines.add(index + 1);
      return;
    }
    keyIndent = secretValueAt(content) === undefined ? undefined : indent;
  });
  return lines;
}

/** Where the value after the first secret key of a line starts, when the line has one. */
function secretValueAt(content: string): number | undefined {
  for (const match of content.matchAll(ENTRY_KEY)) {
    if (isSecretValueKey(match[2]) || match[2] === 'private') return match.index! + match[0].length;
  }
  return undefined;
}

const stars = (s: string): string => s.replace(/\S/g, '*');

/** Largest config file read (characters); far above any real installation, small enough to parse in well under a second. */
export const MAX_CONFIG_CHARS = 4 * 1024 * 1024;

/**
 * How many nodes YAML aliases (`*name`) may add when the document is expanded into a tree. js-yaml shares an
 * aliased node instead of copying it, so loading is cheap, but every walk over the tree (validation, the
 * placeholder scan, writing chart values) visits the expansion: a "billion laughs" document of a few hundred
 * bytes expands to billions of nodes. Ordinary reuse of an anchor (a list of StorageClasses sharing settings)
 * adds a few dozen.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * Rejects a loaded document whose aliases expand it by more than `MAX_ALIAS_EXPANSION` nodes, or that refers to
 * itself. Runs in time linear in the number of distinct nodes (each shared node is sized once), before any
 * other walk over the tree.
 */
export function checkAliasExpansion(raw: unknown): ConfigIssue[] {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  // Nodes of the document as written: the root plus one per parent-child edge of a distinct container.
  let written = 1;
  let cyclic = false;
  const cap = Number.MAX_SAFE_INTEGER / 4;
  const size = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (open.has(value)) {
      cyclic = true;
      return 1;
    }
    open.add(value);
    const children = Array.isArray(value) ? value : Object.values(value);
    written += children.length;
    let total = 1;
    for (const child of children) total = Math.min(cap, total + size(child));
    open.delete(value);
    sizes.set(value, total);
    return total;
  };
  let expanded: number;
  try {
    expanded = size(raw);
  } catch {
    // Nesting deeper than the call stack: no hand-written config gets there.
    return [{ path: '(root)', value: '(nested too deeply)', rule: 'nests mappings and lists too deeply to be a config' }];
  }
  if (cyclic) {
    return [{ path: '(root)', value: '(self-referencing alias)', rule: 'must not contain an alias (*name) inside the node it refers to' }];
  }
  if (expanded - written > MAX_ALIAS_EXPANSION) {
    return [
      {
        path: '(root)',
        value: `${expanded >= cap ? 'billions of' : expanded} nodes after expanding aliases`,
        rule: `expands YAML aliases (*name) to more than ${MAX_ALIAS_EXPANSION} nodes beyond what is written: write the values out instead of nesting anchors (a "billion laughs" document is refused)`,
      },
    ];
  }
  return [];
}

/** Validates a configuration object and applies defaults. Throws ConfigError listing every problem. */
export function parseConfig(raw: unknown, source = 'config'): ResolvedConfig {
  const again = revalidated(raw);
  if (again) return again as ResolvedConfig;
  const { issues, config } = validateConfig(raw);
  if (issues.length > 0) throw new ConfigError(source, issues);
  // No issue shown yet the schema failed (none known): parse throws its own error, as before.
  return rememberValidated(config ?? schema().parse(raw));
}

/** Every broken rule in `raw`, in document order; empty when the config is valid. */
export function checkConfig(raw: unknown): ConfigIssue[] {
  return validateConfig(raw).issues;
}

/**
 * checkConfig's issues and, when there are none, the config with defaults applied: the schema's one pass over
 * `raw` gives both (the same data as `configSchema.parse`), so a valid config is not parsed a second time.
 */
function validateConfig(raw: unknown): { issues: ConfigIssue[]; config?: ResolvedConfig } {
  const root = checkRoot(raw);
  if (root.length > 0) return { issues: root };
  // Before any other walk over the tree: a walk over an alias bomb never ends.
  const aliases = checkAliasExpansion(raw);
  if (aliases.length > 0) return { issues: aliases };
  const placeholders = findPlaceholders(raw, []);
  const privateKeys = findPrivateKeys(raw);
  const nonPlain = findNonPlainValues(raw, []);
  // One message per field: a private key, a placeholder or a YAML-typed value explains the field; the schema's rule
  // for it would repeat it.
  const explained = new Set([...placeholders, ...privateKeys, ...nonPlain].map((p) => p.path));
  const result = schema().safeParse(raw as CodeCanvasConfig, { reportInput: true });
  const schemaIssues = result.success ? [] : result.error.issues.flatMap(toConfigIssues);
  // A private key used as a mapping key is reported at its mapping; any path through that key would print it.
  const issues = [
    ...privateKeys,
    ...nonPlain,
    ...placeholders.filter((p) => !privateKeys.some((k) => k.path === p.path)),
    ...schemaIssues.filter((i) => !explained.has(i.path)),
  ].filter((i) => !PRIVATE_KEY_MARKER.test(i.path));
  return { issues, config: result.success ? result.data : undefined };
}

/** The document must be a mapping; anything else gets one message (not one per missing field). */
function checkRoot(raw: unknown): ConfigIssue[] {
  const rule = 'must be a mapping of config fields (licenseAgreementAccepted, namespace, domain, ...): see examples/aks.yaml';
  if (raw === undefined || raw === null) {
    return [{ path: '(root)', value: 'nothing (the file is empty or holds only comments)', rule }];
  }
  if (Array.isArray(raw)) return [{ path: '(root)', value: raw, rule }];
  if (typeof raw !== 'object') return [{ path: '(root)', value: raw, rule }];
  return [];
}

/**
 * Values that JSON (and so the output) cannot carry: YAML timestamps (an unquoted 2025-01-02 becomes a date),
 * `!!binary` data, and .inf/.nan. Each gets a message that says what YAML made of it and to quote it.
 */
function findNonPlainValues(value: unknown, at: (string | number)[]): ConfigIssue[] {
  if (value instanceof Date) {
    const text = Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('T00:00:00.000Z', '');
    return [{ path: formatPath(at), value: `${text} (a date)`, rule: `must be text, not a date: YAML reads the unquoted ${text} as a timestamp; quote it ("${text}")` }];
  }
  if (value instanceof Uint8Array) {
    return [{ path: formatPath(at), value: '(!!binary data)', rule: 'must be text, a number, a boolean, a list or a mapping: !!binary data cannot be written into the output' }];
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return [{ path: formatPath(at), value, rule: 'must be a finite number (.inf and .nan cannot be written into the output)' }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findNonPlainValues(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => findNonPlainValues(v, [...at, k]));
  return [];
}

function findPlaceholders(value: unknown, at: (string | number)[]): ConfigIssue[] {
  if (typeof value === 'string') {
    return value.includes(PLACEHOLDER_MARKER) ? [{ path: formatPath(at), value, rule: PLACEHOLDER_RULE }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, [...at, i]));
  // A mapping; numbers, booleans and null have no entries.
  return Object.entries(value ?? {}).flatMap(([k, v]) => findPlaceholders(v, [...at, k]));
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const at = issue.path as (string | number)[];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...at, key]),
        value: (input as Record<string, unknown>)[key],
        rule: 'is not a known field (check the spelling against the config reference)',
      }));
    case 'invalid_type':
      if (input === undefined) return [{ path: formatPath(at), value: undefined, rule: 'is required' }];
      if (!issue.message.startsWith('Invalid input')) return [{ path: formatPath(at), value: input, rule: issue.message }];
      return [{ path: formatPath(at), value: input, rule: expectedRule(issue.expected, input) }];
    case 'invalid_value':
      if (issue.message.startsWith('Invalid option')) {
        return [{ path: formatPath(at), value: input, rule: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
      }
      return [{ path: formatPath(at), value: input, rule: issue.message }];
    default:
      return [{ path: formatPath(at), value: input, rule: issue.message }];
  }
}

/** "must be ..." for a value of the wrong type, with a hint when YAML read an unquoted value as a number or boolean. */
function expectedRule(expected: string, input: unknown): string {
  const rule = `must be ${article(expected)}`;
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    return `${rule}: YAML reads the unquoted ${String(input)} as a ${typeof input}; quote it ("${String(input)}")`;
  }
  if (input === null) return `${rule}: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field`;
  return rule;
}

function article(type: string): string {
  if (type === 'object') return 'a mapping of field names to values';
  if (type === 'record') return 'a mapping of keys to values (such as chart values)';
  if (type === 'array') return 'a list';
  return `a ${type}`;
}

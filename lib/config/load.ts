import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import { deliveryRules } from './delivery-rules';
import { embeddedExamplePath } from '../paths';
import { MIB, readTextFile, UnreadableFileError } from '../util/read-file';
import { ConfigError, ConfigIssue, formatPath } from './errors';
import { findMachineryKeys, knownKeysAt, unknownKeyRule } from './key-display';
import { PLACEHOLDER_MARKER, PLACEHOLDER_RULE } from './rules';
import { findHiddenText, visibleText } from './hidden-text';
import { findPrivateKeys, findSecretShapes, isSecretValueKey, PRIVATE_KEY_MARKER } from './secret-rules';
import type { CodeCanvasConfig, ResolvedConfig } from './config-types';
import { secretNameKind } from '../util/secret-text';
import { MAX_DEPTH, parseYamlSource, type WrittenScalar } from './yaml-source';
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

/** Options of the config checks. */
export interface CheckOptions {
  /**
   * Also check the rules of the built output (delivery-rules.ts: a relay's public key, what the delivery mode can
   * carry, Application names): what synth, validate and diff need; the keys command (which writes the relay's key)
   * and preflight do not.
   * @default true
   */
  readonly outputRules?: boolean;
  /**
   * Problems from outside the document that depend on it (the environment variables its secret source reads, see
   * lib/charts/secret-variables.ts), asked for only when the config has problems of its own and reported with them,
   * so that one run names every problem. When the config is valid, synth reports them itself.
   * @default - none
   */
  readonly moreIssues?: (raw: unknown) => readonly ConfigIssue[];
}

/**
 * Reads and validates a YAML config file: a regular file of at most 4 MiB of UTF-8 text (a FIFO, device or folder,
 * a larger file and other encodings are refused before parsing). Throws ConfigError listing every problem.
 */
export function loadConfigFile(file: string, options: CheckOptions = {}): LoadedConfig {
  const text = readConfigText(file, '(file)', file, MAX_CONFIG_BYTES);
  return { config: parseConfigText(text, file, options), source: file, baseDir: path.dirname(path.resolve(file)) };
}

/**
 * Parses the YAML `text` of a config (read from `source`) and validates it (the YAML rules: yaml-source.ts). Throws
 * ConfigError listing every problem; a message about a value YAML changed (2025.10 read as the number 2025.1) quotes
 * the text as written.
 */
export function parseConfigText(text: string, source: string, options: CheckOptions = {}): ResolvedConfig {
  const parsed = parseYamlSource(text, source);
  if ('issue' in parsed) throw new ConfigError(source, [parsed.issue]);
  return resolvedOrThrow(parsed.raw, source, parsed.written, options);
}

/** Largest config file read (bytes); far above any real installation, small enough to parse in well under a second. */
export const MAX_CONFIG_BYTES = 4 * MIB;

/** Largest certificate file read (bytes; `secrets.sealedSecrets.certificateFile`, `keys --cert`): a PEM certificate is a few KiB. */
export const MAX_CERTIFICATE_BYTES = 256 * 1024;

/**
 * The UTF-8 text of a file the config names or is (`field` and `value` say which, for the message), read with
 * readTextFile's checks; a refusal is a ConfigError of `source`.
 */
export function readConfigText(source: string, field: string, value: string, maxBytes: number, file = value): string {
  try {
    return readTextFile(file, maxBytes);
  } catch (e) {
    // Anything else would be a bug, for the CLI's last-resort handler, not a problem of the config.
    // Stryker disable next-line ConditionalExpression: readTextFile throws nothing but UnreadableFileError (lib/util/read-file.ts), so the rethrow is never taken.
    if (!(e instanceof UnreadableFileError)) throw e;
    throw new ConfigError(source, [{ path: field, value, rule: file === value ? e.reason : `names ${file}, which ${e.reason}` }]);
  }
}

/**
 * How many nodes shared objects may add when a config is walked as a tree: YAML aliases (`*name`), which the yaml
 * package resolves to the anchor's object instead of a copy, or one object placed twice by TypeScript. Loading is
 * cheap, but every walk over the tree (validation, the placeholder scan, writing chart values) visits the expansion.
 * The yaml package's alias limit (yaml-source.ts) refuses a "billion laughs" document before this; this bound is
 * for a large anchor repeated within that limit, and for objects from TypeScript. Ordinary reuse of an anchor (a
 * list of StorageClasses sharing settings) adds a few dozen.
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
  // How many levels of mappings and lists each distinct node holds, itself included, aliases expanded.
  const heights = new Map<object, number>();
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
    let height = 1;
    for (const child of children) {
      total = Math.min(cap, total + size(child));
      height = Math.max(height, 1 + (heights.get(child as object) ?? 0));
    }
    open.delete(value);
    sizes.set(value, total);
    heights.set(value, height);
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
  // The YAML reader refuses a text nested deeper than MAX_DEPTH; an object from TypeScript, or aliases nested in
  // aliases, can be deeper still, and every later walk over the tree recurses once per level.
  const depth = heights.get(raw as object) ?? 0;
  if (depth > MAX_DEPTH) {
    return [{ path: '(root)', value: `${depth} levels of mappings and lists`, rule: `nests mappings and lists deeper than ${MAX_DEPTH} levels (aliases expanded); a config needs about 6` }];
  }
  return [];
}

/**
 * Validates a configuration object and applies defaults. Throws ConfigError listing every problem. An unchanged copy
 * of a config this module already validated with every rule (validated.ts) is not validated again.
 */
export function parseConfig(raw: unknown, source = 'config', options: CheckOptions = {}): ResolvedConfig {
  if (options.outputRules !== false) {
    const again = revalidated(raw);
    if (again) return again as ResolvedConfig;
  }
  return resolvedOrThrow(raw, source, () => undefined, options);
}

/** validateConfig's config, or ConfigError with its issues; remembered when every rule ran (see parseConfig). */
function resolvedOrThrow(raw: unknown, source: string, written: WrittenScalar, options: CheckOptions): ResolvedConfig {
  const { issues, config } = validateConfig(raw, written, options);
  if (issues.length > 0) throw new ConfigError(source, [...issues, ...(options.moreIssues?.(raw) ?? [])]);
  // No issue shown yet the schema failed (none known): parse throws its own error, as before.
  const resolved = config ?? (schema().parse(raw) as ResolvedConfig);
  return options.outputRules === false ? resolved : (rememberValidated(resolved) as ResolvedConfig);
}

/** Every broken rule in `raw`, in document order; empty when the config is valid. */
export function checkConfig(raw: unknown, written: WrittenScalar = () => undefined, options: CheckOptions = {}): ConfigIssue[] {
  return validateConfig(raw, written, options).issues;
}

/**
 * checkConfig's issues and, when there are none, the config with defaults applied: the schema's one pass over
 * `raw` gives both (the same data as `configSchema.parse`), so a valid config is not parsed a second time.
 */
function validateConfig(raw: unknown, written: WrittenScalar, options: CheckOptions): { issues: ConfigIssue[]; config?: ResolvedConfig } {
  const root = checkRoot(raw);
  if (root.length > 0) return { issues: root };
  // Before any other walk over the tree: a walk over an alias bomb never ends.
  const aliases = checkAliasExpansion(raw);
  if (aliases.length > 0) return { issues: aliases };
  const placeholders = findPlaceholders(raw, []);
  const privateKeys = findPrivateKeys(raw);
  const nonPlain = findNonPlainValues(raw, []);
  const machinery = findMachineryKeys(raw).map((k) => ({ path: formatPath(k.path), value: k.value, rule: k.rule }));
  const hidden = findHiddenText(raw);
  // One message per field: a private key, a placeholder, a YAML-typed value, a key that cannot be data or a hidden
  // character explains the field; the schema's rule for it would repeat it. Paths show hidden characters of keys
  // (as <U+200B>).
  const explained = new Set([...placeholders, ...privateKeys, ...nonPlain, ...machinery, ...hidden].map((p) => visibleText(p.path)));
  const result = schema().safeParse(raw as CodeCanvasConfig, { reportInput: true });
  const schemaIssues = result.success ? [] : result.error.issues.flatMap((issue) => toConfigIssues(issue, written));
  const outputIssues = options.outputRules === false ? [] : collectIssues((ctx) => deliveryRules(raw as Record<string, unknown>, ctx));
  // A secret-looking value in a field the schema refuses anyway (a URL with credentials) is explained by that rule.
  const refused = new Set(schemaIssues.map((i) => i.path));
  const shapes = findSecretShapes(raw).filter((s) => !explained.has(s.path) && !refused.has(s.path));
  // A private key used as a mapping key is reported at its mapping; any path through that key would print it.
  const issues = [
    ...privateKeys,
    ...nonPlain,
    ...machinery,
    ...hidden,
    ...placeholders.filter((p) => !privateKeys.some((k) => k.path === p.path)),
    ...[...schemaIssues, ...outputIssues].map(withVisiblePath).filter((i) => !explained.has(i.path)),
    ...shapes,
  ]
    .map(withVisiblePath)
    .filter((i) => !PRIVATE_KEY_MARKER.test(i.path));
  return { issues, config: result.success ? (result.data as ResolvedConfig) : undefined };
}

/** `issue` with the hidden characters of its path shown as <U+200B>, so that no message hides or plays them. */
function withVisiblePath(issue: ConfigIssue): ConfigIssue {
  return { ...issue, path: visibleText(issue.path) };
}

/** The issues that `rules` reports through a zod refinement context, for rules that run on the input as written. */
function collectIssues(rules: (ctx: z.RefinementCtx) => void): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Every rule reports through refuse(), with a path and a message.
  const ctx = { addIssue: (i: { path: PropertyKey[]; input?: unknown; message: string }) => issues.push({ path: formatPath(i.path), value: i.input, rule: i.message }) };
  rules(ctx as unknown as z.RefinementCtx);
  return issues;
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

function toConfigIssues(issue: z.core.$ZodIssue, written: WrittenScalar): ConfigIssue[] {
  const at = issue.path as (string | number)[];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...at, key]),
        // An unknown key that names a secret (a misplaced password) holds one: its value is never shown.
        value: isSecretValueKey(key) || secretNameKind(key) ? '(a secret value, not shown)' : (input as Record<string, unknown>)[key],
        rule: unknownKeyRule(key, knownKeysAt(schema(), at)),
      }));
    case 'invalid_type':
      if (input === undefined) return [{ path: formatPath(at), value: undefined, rule: 'is required' }];
      if (!issue.message.startsWith('Invalid input')) return [{ path: formatPath(at), value: input, rule: issue.message }];
      return [{ path: formatPath(at), value: input, rule: expectedRule(issue.expected, input, () => written(at)) }];
    case 'invalid_value':
      if (issue.message.startsWith('Invalid option')) {
        return [{ path: formatPath(at), value: input, rule: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
      }
      return [{ path: formatPath(at), value: input, rule: issue.message }];
    default:
      return [{ path: formatPath(at), value: input, rule: issue.message }];
  }
}

/**
 * "must be ..." for a value of the wrong type, with a hint when YAML read an unquoted value as a number or boolean:
 * quote it as `written` in the file (2025.10, which YAML turned into 2025.1), when that is known.
 */
function expectedRule(expected: string, input: unknown, writtenAs: () => string | undefined): string {
  const rule = `must be ${article(expected)}`;
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    const read = String(input);
    // The YAML text is parsed a second time only here, for a message.
    const written = writtenAs();
    if (written !== undefined && written !== read) {
      return `${rule}: YAML reads the unquoted ${written} as the ${typeof input} ${read}, which is not what you wrote; quote it (${JSON.stringify(written)})`;
    }
    return `${rule}: YAML reads the unquoted ${read} as a ${typeof input}; quote it ("${read}")`;
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

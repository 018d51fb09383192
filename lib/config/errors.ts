import { maskSecrets } from '../util/secret-text';

/** One broken input rule: where, what was given, and the rule. */
export interface ConfigIssue {
  /** Dotted path into the config, such as `database.port` or `devEnvironmentClusters[1].name`. */
  readonly path: string;
  /** The offending value, or undefined when the field is missing. */
  readonly value: unknown;
  /** The rule, phrased to follow the path: "must be ...". */
  readonly rule: string;
}

/** Thrown with every problem found in a configuration, never just the first. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(source, issues));
    this.name = 'ConfigError';
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${escapeKey(String(part))}` : escapeKey(String(part));
  }
  return out || '(root)';
}

/**
 * A key as a message shows it: as it is when it is printable ASCII, else in double quotes with every other
 * character as a \u escape (`"n\u200bame"`), so an invisible, look-alike or control character is seen, not hidden.
 */
export function escapeKey(key: string): string {
  if (/^[\x20-\x7e]*$/.test(key)) return key;
  let out = '';
  for (const ch of key) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else out += cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return `"${out}"`;
}

/** How much of a long value is masked before it is cut to what a message shows (keeps masking linear in time). */
const MASKED_PREFIX = 1000;

/**
 * A value as a message shows it: text quoted, cut to 80 characters, with every secret part masked first
 * (maskSecrets: credentials in URLs, tokens, private keys...), so that a cut never shows a secret's first characters.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') {
    // Stryker disable next-line MethodExpression: masking the whole value shows the same first 77 characters; the cut only bounds the time
    const masked = maskSecrets(value.slice(0, MASKED_PREFIX));
    return JSON.stringify(masked.length > 80 || value.length > MASKED_PREFIX ? `${masked.slice(0, 77)}...` : masked);
  }
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

/** One problem as a line of a message; masked as a whole, since a rule or a path may quote part of a value too. */
export function formatIssue(issue: ConfigIssue): string {
  if (issue.value === undefined) {
    return maskSecrets(issue.rule.startsWith('is required') ? `${issue.path}: ${issue.rule}` : `${issue.path}: missing; ${issue.rule}`);
  }
  return maskSecrets(`${issue.path}: is ${formatValue(issue.value)}; ${issue.rule}`);
}

export function formatIssues(source: string, issues: readonly ConfigIssue[]): string {
  const head = `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'} found`;
  return [head, ...issues.map((i) => `  - ${formatIssue(i)}`)].join('\n');
}

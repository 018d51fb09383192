/**
 * One rule for secret material in text, shared by every message and every check: credentials in URLs (user-info,
 * token query parameters), PEM private keys, JSON Web Tokens, `name=value` pairs whose name says secret
 * (connection strings' `AccountKey=`, `SharedAccessSignature=`, `Password=`, SAS `sig=`, dotenv lines), HTTP
 * authorization values and well-known token prefixes (GitHub, GitLab, Slack, npm, AWS, OpenAI, ...).
 * `maskSecrets` hides them in a message, `secretShape` names the first one (for the scan of free-form chart
 * values), and `urlCredentialProblem` refuses them in a URL field.
 *
 * Every pattern starts only where a run of its characters starts (a lookbehind), so a scan is linear in the text.
 */
import { ArgumentError } from './argument-error';

/** What a masked part is replaced with. */
export const MASK = '***';

/** Words that make a name (a key, a query parameter, a variable) the name of a secret when they end it. */
const SECRET_LAST_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'token', 'apikey', 'credential', 'credentials',
  'signature', 'sig', 'sas', 'privatekey', 'secretkey', 'accountkey', 'accesskey', 'connectionstring',
]);
/** Single lowercase words that end with a secret word ("pgpassword", "githubtoken"). */
const SECRET_SUFFIXES = ['password', 'passwd', 'passphrase', 'apikey', 'token'];
/** The words before a final "key" that make it a key's secret half, not the name of a key. */
const SECRET_KEY_KINDS = new Set([
  'api', 'access', 'account', 'private', 'secret', 'signing', 'encryption', 'encoding', 'master', 'client', 'shared',
  'storage', 'ssh', 'license', 'webhook', 'session', 'cookie', 'jwt', 'hmac', 'host', 'auth', 'sas',
]);
/** The words before a final "secret" that make it a secret value, not the name of a Kubernetes Secret. */
const SECRET_VALUE_KINDS = new Set(['client', 'jwt', 'webhook', 'shared', 'cookie', 'session', 'app', 'hmac', 'signing', 'api', 'oauth', 'encryption', 'master']);
/** First words of flags and references ("existingSecret", "usePassword", "generateToken"). */
const NOT_A_VALUE_FIRST_WORDS = new Set(['existing', 'use', 'enable', 'enabled', 'disable', 'create', 'generate', 'auto', 'automount', 'require', 'skip', 'allow', 'show', 'has', 'is', 'mount']);
/** Query parameters that carry a secret although their name alone would not say so in a chart value's key. */
const SECRET_PARAMS = new Set(['key', 'auth', 'code']);

/** The lowercase words of a name: camelCase, snake_case, kebab-case and dotted names are all split. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // An acronym before a word ("URLPath" -> "URL Path"): one capital and a lookahead, linear on a long run of capitals.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    // Stryker disable next-line Regex: splitting at each separator instead of each run only adds empty words, which the filter drops
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Whether `name` names a secret: 'secret' (postgresPassword, DB_PASSWORD, apiKey, AccountKey, private_token),
 * 'maybe' when it ends in "secret" and may as well hold the name of a Kubernetes Secret (extraEnvVarsSecret,
 * tlsSecret: a value that is a valid Secret name is a name), or undefined (existingSecret, secretName,
 * passwordSecretRef, existingSecretPasswordKey, tokenTTL, usePassword: names, references and flags).
 */
// Stryker disable next-line StringLiteral: only 'param' is told apart, so any other default reads as 'key'
export function secretNameKind(name: string, context: 'key' | 'param' = 'key'): 'secret' | 'maybe' | undefined {
  // No name (no words) is no secret: every test below is false for an empty list.
  const words = nameWords(name);
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  // Stryker disable next-line ConditionalExpression,EqualityOperator: no flag word names a secret by itself, so a one-word name in the list is no secret either way
  if (words.length > 1 && NOT_A_VALUE_FIRST_WORDS.has(words[0])) return undefined;
  if (context === 'param' && words.length === 1 && SECRET_PARAMS.has(last)) return 'secret';
  if (SECRET_LAST_WORDS.has(last) || (words.length === 1 && SECRET_SUFFIXES.some((s) => last.endsWith(s)))) return 'secret';
  if (last === 'key') return SECRET_KEY_KINDS.has(previous) ? 'secret' : undefined;
  if (last === 'string') return previous === 'connection' ? 'secret' : undefined;
  if (last === 'secret' || (words.length === 1 && last.endsWith('secret'))) {
    return SECRET_VALUE_KINDS.has(previous) ? 'secret' : 'maybe';
  }
  return undefined;
}

/** A value that only refers to a secret elsewhere: $VAR, ${VAR}, $(VAR), {{ ... }}. */
const REFERENCE = /^(?:\$\{?[\w.]+\}?|\$\([\w.]+\)|\{\{.*\}\})$/;

/** Only the mask character and spaces: a part masked already (messages may be masked twice). */
const MASKED = /^[*\s]*$/;

/** URL schemes whose user-info may be a plain user name (ssh://git@host/...). */
const SSH_SCHEMES = new Set(['ssh', 'git+ssh', 'ssh+git']);
/** A plain user name, as SSH Git hosts use (git, azureuser, an AWS CodeCommit key ID). */
const PLAIN_USER = /^[A-Za-z0-9._-]{1,64}$/;

/** One kind of secret: where it is (the `s` group is the part masked) and whether a match counts. */
interface Detector {
  readonly kind: string;
  /**
   * What every match contains (simple searches, each linear): a text without one of them is skipped at the cost of
   * a search or two, as most values are.
   */
  readonly triggers: readonly RegExp[];
  readonly pattern: RegExp;
  /** Instead of the `s` group: the ranges to mask in a match of `pattern` (text offsets). */
  readonly ranges?: (match: RegExpMatchArray) => [number, number][];
  readonly counts?: (groups: Record<string, string>, forMask: boolean) => boolean;
  /** Masked in messages, but no sign of a secret by itself (a fragment is mostly a page anchor). */
  readonly maskOnly?: boolean;
}

/**
 * The fragment of a URL in a word: what follows the first "#" after "://" ("https://host/path#fragment", also in
 * "--repo=https://..." or "(https://...)"), unless it is masked already. Found by "://" alone, not by a pattern of
 * the scheme: that would be quadratic on a long word (or miss a URL after "_" or a digit).
 */
function fragmentRanges(word: RegExpMatchArray): [number, number][] {
  const slashes = word[0].indexOf('://');
  const hash = slashes === -1 ? -1 : word[0].indexOf('#', slashes + 3);
  if (hash === -1 || MASKED.test(word[0].slice(hash + 1))) return [];
  return [[word.index! + hash + 1, word.index! + word[0].length]];
}

/** Mixed case and digits, as in random Base62 tokens (and not in words such as sk-northeurope-dev). */
const random = (s: string): boolean => /[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s);

// Stryker disable ArrayDeclaration: the triggers only skip texts that the pattern cannot match; without them every pattern runs, finding the same
const DETECTORS: readonly Detector[] = [
  {
    kind: 'a private key',
    triggers: [/PRIVATE KEY|PuTTY-User-Key-File-/],
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?<s>[\s\S]*?)(?=-----END [A-Z0-9 ]*-----|$)|PuTTY-User-Key-File-\d+:(?<s2>[\s\S]*)/dg,
  },
  { kind: 'a JSON Web Token', triggers: [/eyJ/], pattern: /(?<![\w-])(?<s>eyJ[\w-]{6,}\.eyJ[\w-]{6,}\.[\w-]*)/dg },
  {
    kind: 'credentials in a URL (user-info before "@")',
    triggers: [/:\/\//, /@/],
    pattern: /(?<![\w+.-])(?<scheme>[A-Za-z][\w+.-]*):\/\/(?<s>[^\s"'<>/?#]*)@/dg,
    counts: (g) => !(SSH_SCHEMES.has(g.scheme.toLowerCase()) && PLAIN_USER.test(g.s) && secretShape(g.s) === undefined),
  },
  // A URL's fragment may carry a token (#access_token=..., or one pasted there); messages show none.
  // Found per word, not by one pattern: a pattern from each scheme to its "#" takes quadratic time on a://a://...
  // Stryker disable next-line StringLiteral: a mask-only detector's kind is never named (secretShape skips it)
  { kind: 'a URL fragment', triggers: [/:\/\//, /#/], pattern: /[^\s"'<>]+/g, ranges: fragmentRanges, maskOnly: true },
  // user:password@host without a scheme; not image@sha256:digest.
  { kind: 'credentials before "@" (user:password@host)', triggers: [/:/, /@/], pattern: /(?<![^\s"'(<])(?<s>[^\s"'<>:@/]+:[^\s"'<>@/]+)@(?!sha\d+:)/dg },
  {
    kind: 'a secret in a name=value pair (query parameter, connection string or environment line)',
    triggers: [/=/],
    pattern: /(?<![\w.-])-*(?<name>[A-Za-z_][\w.-]*)=(?<s>"[^"\n=]*"|'[^'\n=]*'|["']?[^\s&;,"'<>#]+)/dg,
    // Masking also hides short parameter names that often carry one (key=, sig=, auth=, code=); as a sign that a
    // value IS a secret (secretShape), only names that say so count: "--auth=none" or "code=200" are not secrets.
    counts: (g, forMask) =>
      // Stryker disable next-line StringLiteral: only 'param' is told apart (see secretNameKind)
      secretNameKind(g.name, forMask ? 'param' : 'key') !== undefined &&
      !REFERENCE.test(g.s.replace(/^["']|["']$/g, '')),
  },
  {
    kind: 'an HTTP authorization value',
    triggers: [/Bearer|Basic/],
    pattern: /(?<![\w-])(?:Bearer|Basic)\s+(?<s>[A-Za-z0-9._~+/-]{8,}=*)/dg,
    // A digit, a symbol or a case change inside: Base64 or a token, not a word ("Basic Authentication").
    counts: (g) => /\d|[a-z][A-Z]|[+/=._~]/.test(g.s),
  },
  { kind: 'an AWS access key ID', triggers: [/AKIA|ASIA/], pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)(?<s>[A-Z0-9]{16})(?![A-Za-z0-9])/dg },
  {
    kind: 'an access token (by its prefix)',
    triggers: [/gh[pousr]_|github_pat_|gl[a-z]{2,5}-|xox|npm_|hf_|pypi-|sk-|[sr]k_|AIza/],
    pattern:
      /(?<![A-Za-z0-9_-])(?:gh[pousr]_|github_pat_|gl[a-z]{2,5}-|xox[abeoprs]-|npm_|hf_|pypi-|sk-(?:[a-z]{2,8}-)?|[sr]k_(?:live|test)_|AIza)(?<s>[A-Za-z0-9_-]{16,})/dg,
    counts: (g) => random(g.s) || /^\d+-/.test(g.s),
  },
];
// Stryker restore ArrayDeclaration

interface Found {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
}

/** Every secret part of `text` (the ranges to mask), in no particular order. */
function findSecrets(text: string, forMask = true): Found[] {
  const found: Found[] = [];
  for (const detector of DETECTORS) {
    // Stryker disable next-line MethodExpression: the triggers only skip texts that the pattern cannot match
    if ((detector.maskOnly && !forMask) || !detector.triggers.every((t) => t.test(text))) continue;
    for (const m of text.matchAll(detector.pattern)) {
      if (detector.ranges) {
        for (const [start, end] of detector.ranges(m)) found.push({ kind: detector.kind, start, end });
        continue;
      }
      const groups = m.groups as Record<string, string>;
      const name = groups.s === undefined ? 's2' : 's';
      const secret = groups[name];
      if (MASKED.test(secret)) continue; // also the empty part
      if (detector.counts && !detector.counts(groups, forMask)) continue;
      const [start, end] = m.indices!.groups![name]!;
      found.push({ kind: detector.kind, start, end });
    }
  }
  return found;
}

/**
 * `text` with every secret part replaced by `***` (or, with `keepLength`, by one `*` per character, so that a
 * caret under a line of a YAML excerpt still points at the same column): `https://***@git.example.com/r.git`,
 * `?private_token=***`, `AccountKey=***`, `ghp_***`, `-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----`.
 * Masked text masks to itself.
 */
export function maskSecrets(text: string, options: { keepLength?: boolean } = {}): string {
  const found = findSecrets(text).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.end <= at) continue; // inside a part masked already
    const start = Math.max(f.start, at);
    out += text.slice(at, start) + (options.keepLength ? text.slice(start, f.end).replace(/[^\s]/g, '*') : MASK);
    at = f.end;
  }
  return out + text.slice(at);
}

/** What kind of secret `text` holds (such as "a JSON Web Token"), or undefined when it looks like none. */
export function secretShape(text: string): string | undefined {
  const found = findSecrets(text, false).sort((a, b) => a.start - b.start);
  return found.length > 0 ? found[0].kind : undefined;
}

/** Whether `text` holds a private key (the kind `secretShape` names first for a PEM or PuTTY key). */
export function isPrivateKeyShape(kind: string | undefined): boolean {
  return kind === DETECTORS[0].kind;
}

/** What a URL field allows besides scheme, host and path. */
export interface UrlAllowance {
  /** A query ("?..."), as long as no parameter carries a secret. @default false */
  readonly query?: boolean;
  /** A fragment ("#..."). @default false */
  readonly fragment?: boolean;
}

/**
 * Why `url` carries credentials, or undefined: user-info before "@" (only a plain user name of an ssh:// URL is
 * fine, as in ssh://git@github.com/acme/platform.git, or of text without a scheme, as in git@host:path; https
 * credentials belong in a Secret), a query (unless
 * allowed, and then none of its parameters may carry a secret) or a fragment (unless allowed). Works on URLs
 * without a scheme too (user:password@host). `hint` says where the credentials go instead. The sentence never
 * repeats the credentials; the value a message shows goes through maskSecrets.
 */
export function urlCredentialProblem(url: string, hint: string, allow: UrlAllowance = {}): string | undefined {
  const scheme = /^([A-Za-z][\w+.-]*):\/\//.exec(url);
  const rest = scheme ? url.slice(scheme[0].length) : url;
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userInfo = authority.slice(0, at);
    const plainUser = !userInfo.includes(':') && secretShape(userInfo) === undefined;
    // A plain user name is fine in ssh://git@host/... and without a scheme (git@host:path, user@host: no secret).
    const fine = plainUser && (scheme === null || (SSH_SCHEMES.has(scheme[1].toLowerCase()) && PLAIN_USER.test(userInfo)));
    if (!fine) {
      const what = userInfo.includes(':') ? 'a user name and password' : scheme && SSH_SCHEMES.has(scheme[1].toLowerCase()) ? 'a token as user name' : 'a user name or token';
      return `must not carry credentials: it has ${what} before "@" (shown masked); ${hint}`;
    }
  }
  const hash = url.indexOf('#');
  const query = url.indexOf('?');
  // Stryker disable next-line EqualityOperator: "?" and "#" are at different indices, so query <= hash is query < hash
  if (query !== -1 && (hash === -1 || query < hash)) {
    const params = url.slice(query + 1, hash === -1 ? undefined : hash).split(/[&;]/);
    const secret = params.map((p) => p.split('=')[0]).filter((name) => secretNameKind(name, 'param') !== undefined);
    if (secret.length > 0) {
      return `must not carry credentials: its query has ${secret.map((n) => `${n}=`).join(', ')} (shown masked); ${hint}`;
    }
    if (!allow.query) return `must not have a query ("?..."): a query may carry a token, and this URL needs none; ${hint}`;
  }
  if (hash !== -1 && !allow.fragment) return `must not have a fragment ("#..."); ${hint}`;
  return undefined;
}

/** The safe secret sources, offered wherever plain-text secret values are refused. */
export const SAFE_ALTERNATIVES = 'use secrets.source: keyVault (External Secrets Operator) or sealedSecrets instead';
/**
 * How to get past the refusal of secrets.source env without secrets.allowPlaintextSecrets: the ending of the config
 * rule (lib/config/delivery-rules.ts) and of EnvSecretSource's validation error alike.
 */
export const ENV_PLAINTEXT_REMEDY = `set secrets.allowPlaintextSecrets: true to accept that, or ${SAFE_ALTERNATIVES}`;

/** Where Git credentials go instead of a repository URL. */
export const GIT_CREDENTIALS_HINT =
  'give Git credentials to the GitOps tool instead (an Argo CD repository Secret, a Flux GitRepository secretRef); ssh://git@host/path with a deploy key is fine';

/**
 * Throws when `value` carries credentials (see urlCredentialProblem), naming the construct and property with the
 * value masked: constructs write URLs into manifests, which are committed to Git.
 */
export function assertNoUrlCredentials(construct: string, field: string, value: string, hint: string, allow?: UrlAllowance): void {
  const problem = urlCredentialProblem(value, hint, allow);
  if (problem) throw new ArgumentError(`${construct}: ${field} ${JSON.stringify(maskSecrets(value))} ${problem}`);
}

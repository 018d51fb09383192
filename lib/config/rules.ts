/**
 * Input rules of the config schema (those the constructs share are in lib/util/rules.ts). Each rule is a predicate
 * plus the sentence a user reads when it fails, so the schema, the checks and the docs say the same thing.
 */
import * as net from 'net';
import { GIT_CREDENTIALS_HINT, urlCredentialProblem } from '../util/secret-text';
import { KEY_VAULT_CREDENTIALS_HINT } from '../util/rules';

/** A fully qualified host name with at least two labels (no trailing dot, no wildcard). */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DNS_NAME_RULE = 'must be a fully qualified DNS name in lowercase, such as codecanvas.example.com';

/** Environment variable names as POSIX shells accept them. */
export const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_VAR_RULE = 'must be an environment variable name: letters, digits and "_", not starting with a digit';

/** Azure Key Vault secret names: 1-127 alphanumerics and dashes. */
export const KEY_VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
export const KEY_VAULT_SECRET_NAME_RULE = 'must be an Azure Key Vault secret name: 1-127 letters, digits and "-"';

export const PLACEHOLDER_MARKER = '_PLACEHOLDER';
export const PLACEHOLDER_RULE = `still contains "${PLACEHOLDER_MARKER}": replace the install guide's placeholder with the real value`;

export const MASTER_SECRET_MIN_BYTES = 32;
export const MASTER_SECRET_RULE = `must be Base64 that decodes to at least ${MASTER_SECRET_MIN_BYTES} bytes (generate one with: openssl rand -base64 32)`;

/** Canonical (padded, standard alphabet) Base64. */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `value` is canonical Base64 that decodes to at least `MASTER_SECRET_MIN_BYTES` bytes. */
export function isValidMasterSecret(value: string): boolean {
  const compact = value.trim();
  if (!BASE64.test(compact)) return false; // an empty value passes here and decodes to 0 bytes
  return Buffer.from(compact, 'base64').length >= MASTER_SECRET_MIN_BYTES;
}

/** Where the credentials that a URL field must not carry go instead, per field. */
export const CREDENTIAL_HINTS = {
  gitRepository: `${GIT_CREDENTIALS_HINT} (for Flux, name its Secret in gitops.flux.secretName)`,
  argocdServer: 'Argo CD keeps a cluster\'s credentials in its cluster Secret (argocd cluster add), not in the server URL',
  objectStorage:
    'a SAS token or account key belongs in the secret source (objectStorage.auth: accountKey, secrets.names.storageAccountKey) or is replaced by Workload Identity',
  keyVault: KEY_VAULT_CREDENTIALS_HINT,
  database: 'the user name goes in database.username and the password in the secret source (secrets.names.databasePassword)',
  chartRepository: 'registry credentials belong to the delivery tool (an Argo CD repository Secret, a Flux secretRef, helm registry login)',
  schema: 'an editor fetches the schema without credentials',
} as const;

/** A host name (labels of letters, digits and "-") or an IPv4 address: what a PostgreSQL client connects to. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
export const DB_HOST_RULE = 'must be a host name or IP address only, such as my-server.postgres.database.azure.com (no scheme, port, path or spaces; the port goes in database.port)';

/** Why `value` is not a PostgreSQL host (credentials first, as the message then masks them), or undefined. */
export function dbHostProblem(value: string): string | undefined {
  return urlCredentialProblem(value, CREDENTIAL_HINTS.database) ?? (isDbHost(value) ? undefined : DB_HOST_RULE);
}

export function isDbHost(value: string): boolean {
  // Four numbers are an IPv4 address to every client, never a host name: 999.1.1.1 is refused, not looked up.
  if (looksLikeIpv4(value)) return IPV4.test(value);
  if (HOST_NAME.test(value)) return true;
  // IPV6 keeps out zone IDs (fe80::1%eth0), which net.isIPv6 accepts and which mean nothing inside a pod.
  return IPV6.test(value) && net.isIPv6(value);
}



/** A dotted quad with each octet 0-255 and no leading zeros (which some parsers read as octal). */
export const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
export const IPV4_RULE = 'must be an IPv4 address: four numbers 0-255 without leading zeros, such as 10.0.0.10';

/** Why an IPv4 address cannot be a load balancer's (a special-purpose address), or undefined. */
export function loadBalancerIpProblem(ip: string): string | undefined {
  // Not an address at all is IPV4_RULE's to report.
  if (!IPV4.test(ip)) return undefined;
  const [a, b] = ip.split('.').map(Number);
  if (a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254)) {
    return 'must be a unicast address a load balancer can take: not 0.x.x.x, loopback 127.x.x.x, link-local 169.254.x.x, multicast or reserved (224 and above)';
  }
  return undefined;
}

/** Whether `host` consists of four dot-separated numbers, i.e. is meant as an IPv4 address. */
export function looksLikeIpv4(host: string): boolean {
  return /^[0-9]+(\.[0-9]+){3}$/.test(host);
}

/** PostgreSQL truncates identifiers (database and role names) to NAMEDATALEN - 1 = 63 bytes. */
export const POSTGRES_IDENTIFIER_MAX_BYTES = 63;

/** Why `value` cannot be a PostgreSQL database or user name as the chart passes it (JDBC URL, environment), or undefined. */
export function postgresNameProblem(value: string, kind: 'database' | 'user'): string | undefined {
  if (value === '') return 'must not be empty';
  // A user name may carry the server (user@server), as Azure's single servers wanted it.
  const [extra, charset] = kind === 'user' ? [', "-" and "@"', /^[\p{L}_][\p{L}\p{N}_$.@-]*$/u] : [' and "-"', /^[\p{L}_][\p{L}\p{N}_$.-]*$/u];
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > POSTGRES_IDENTIFIER_MAX_BYTES) {
    return `is ${bytes} bytes long; a PostgreSQL ${kind} name may have at most ${POSTGRES_IDENTIFIER_MAX_BYTES} bytes (longer names are cut, so the server would use another name)`;
  }
  if (!charset.test(value)) {
    return `must be a PostgreSQL ${kind} name: letters, digits, "_", "$", "."${extra}, starting with a letter or "_" (no spaces, quotes, "/", "?", "#" or "&", which the JDBC URL would read)`;
  }
  return undefined;
}

/** File names Windows reserves in every folder, with or without an extension (CON, NUL.txt, com1...). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
export const WINDOWS_RESERVED_RULE = 'is a file name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with an extension): the folder could not be checked out on Windows';

export function isWindowsReservedName(name: string): boolean {
  return WINDOWS_RESERVED.test(name);
}

/**
 * Why `ref` is not a branch name that `git check-ref-format --branch` accepts, or undefined. Restricted further
 * to letters, digits and . _ / - so that it is one plain word in YAML and in a shell command.
 */
export function gitBranchProblem(ref: string): string | undefined {
  const rule = 'must be a Git branch name such as main';
  if (ref === '' || ref === '@') return `${rule}; git refuses an empty name and "@"`;
  if (ref.startsWith('-')) return `${rule}; it must not start with "-"`;
  if (ref.includes('..')) return `${rule}; git refuses ".." (that is a revision range)`;
  if (ref.includes('@{')) return `${rule}; git refuses "@{" (reflog syntax)`;
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//')) return `${rule}; git refuses a leading or trailing "/" and "//"`;
  if (ref.endsWith('.')) return `${rule}; git refuses a trailing "."`;
  for (const part of ref.split('/')) {
    if (part.startsWith('.')) return `${rule}; git refuses a part that starts with "." (${JSON.stringify(part)})`;
    if (part.endsWith('.lock')) return `${rule}; git refuses a part that ends with ".lock" (${JSON.stringify(part)})`;
  }
  const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(ref);
  if (bad) return `${rule}; git refuses control characters, spaces and ~ ^ : ? * [ \\ (found ${JSON.stringify(bad[0])})`;
  if (!/^[A-Za-z0-9._/-]+$/.test(ref)) return `${rule}; use only letters, digits and . _ / -`;
  return undefined;
}

/**
 * Input rules of the config schema (those the constructs share are in lib/util/rules.ts). Each rule is a predicate
 * plus the sentence a user reads when it fails, so the schema, the checks and the docs say the same thing.
 */
import * as net from 'net';
import { GIT_CREDENTIALS_HINT, urlCredentialProblem } from '../util/secret-text';

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

/** DNS suffixes of Azure Key Vault in the public and sovereign clouds. */
export const KEY_VAULT_DNS_SUFFIXES = ['vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net', 'vault.microsoftazure.de'] as const;

/** Azure Key Vault names: 3-24 characters, letter first, letters, digits and single hyphens, not ending with a hyphen. */
export const KEY_VAULT_NAME = /^(?=.{3,24}$)[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
export const KEY_VAULT_NAME_RULE =
  'must be an Azure Key Vault name: 3-24 characters, starting with a letter, letters, digits and single "-", not ending with "-"';
export const KEY_VAULT_URL_RULE = `must be a Key Vault URL https://<vault>.<suffix>/ with suffix ${KEY_VAULT_DNS_SUFFIXES.join(', ')} (no path, port, query or credentials)`;

/** Where the credentials that a URL field must not carry go instead, per field. */
export const CREDENTIAL_HINTS = {
  gitRepository: `${GIT_CREDENTIALS_HINT} (for Flux, name its Secret in gitops.flux.secretName)`,
  argocdServer: 'Argo CD keeps a cluster\'s credentials in its cluster Secret (argocd cluster add), not in the server URL',
  objectStorage:
    'a SAS token or account key belongs in the secret source (objectStorage.auth: accountKey, secrets.names.storageAccountKey) or is replaced by Workload Identity',
  keyVault: 'External Secrets Operator signs in to Key Vault with Workload Identity',
  database: 'the user name goes in database.username and the password in the secret source (secrets.names.databasePassword)',
  chartRepository: 'registry credentials belong to the delivery tool (an Argo CD repository Secret, a Flux secretRef, helm registry login)',
  schema: 'an editor fetches the schema without credentials',
} as const;

/** Why `url` is not a Key Vault URL (https://<vault>.vault.azure.net/ or a sovereign suffix), or undefined. */
export function keyVaultUrlProblem(url: string): string | undefined {
  const credentials = urlCredentialProblem(url, CREDENTIAL_HINTS.keyVault);
  if (credentials) return credentials;
  const m = /^https:\/\/([^./:@?#\s]+)\.([a-z.]+?)\/?$/i.exec(url);
  if (!m || !(KEY_VAULT_DNS_SUFFIXES as readonly string[]).includes(m[2].toLowerCase())) return KEY_VAULT_URL_RULE;
  if (!KEY_VAULT_NAME.test(m[1])) return `has the vault name ${JSON.stringify(m[1])}, which ${KEY_VAULT_NAME_RULE}`;
  return undefined;
}

/** A host name (labels of letters, digits and "-") or an IPv4 address: what a PostgreSQL client connects to. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
export const DB_HOST_RULE = 'must be a host name or IP address only, such as my-server.postgres.database.azure.com (no scheme, port, path or spaces; the port goes in database.port)';

/** Why `value` is not a PostgreSQL host (credentials first, as the message then masks them), or undefined. */
export function dbHostProblem(value: string): string | undefined {
  return urlCredentialProblem(value, CREDENTIAL_HINTS.database) ?? (isDbHost(value) ? undefined : DB_HOST_RULE);
}

export function isDbHost(value: string): boolean {
  if (HOST_NAME.test(value)) return true;
  // IPV6 keeps out zone IDs (fe80::1%eth0), which net.isIPv6 accepts and which mean nothing inside a pod.
  return IPV6.test(value) && net.isIPv6(value);
}


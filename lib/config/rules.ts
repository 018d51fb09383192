/**
 * Input rules shared by the config schema and the constructs. Each rule is a predicate plus the sentence a
 * user reads when it fails, so the schema, the constructs' argument checks and the docs say the same thing.
 */
import * as net from 'net';

/** RFC 1123 label, as Kubernetes requires for namespaces, Secret and ServiceAccount names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_RULE = 'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** RFC 1123 subdomain, as Kubernetes requires for most object names (StorageClass, ClusterIssuer, ...). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_RULE = 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters';

/** A fully qualified host name with at least two labels (no trailing dot, no wildcard). */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DNS_NAME_RULE = 'must be a fully qualified DNS name in lowercase, such as codecanvas.example.com';

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const GUID_RULE = 'must be a GUID such as 00000000-0000-0000-0000-000000000000 (the managed identity\'s client ID)';

/** Pragmatic address check: one "@", a non-empty local part, and a DNS name as domain. */
export const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export const EMAIL_RULE = 'must be an e-mail address such as admin@example.com';

/** Environment variable names as POSIX shells accept them. */
export const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_VAR_RULE = 'must be an environment variable name: letters, digits and "_", not starting with a digit';

/** Azure Key Vault secret names: 1-127 alphanumerics and dashes. */
export const KEY_VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
export const KEY_VAULT_SECRET_NAME_RULE = 'must be an Azure Key Vault secret name: 1-127 letters, digits and "-"';

/** The SKUs the Azure Disk CSI driver accepts in a StorageClass's `skuName` parameter. */
export const AZURE_DISK_SKUS = [
  'StandardSSD_LRS',
  'Premium_LRS',
  'StandardSSD_ZRS',
  'Premium_ZRS',
  'PremiumV2_LRS',
  'UltraSSD_LRS',
  'Standard_LRS',
] as const;
export type AzureDiskSku = (typeof AZURE_DISK_SKUS)[number];

export const PLACEHOLDER_MARKER = '_PLACEHOLDER';
export const PLACEHOLDER_RULE = `still contains "${PLACEHOLDER_MARKER}": replace the install guide's placeholder with the real value`;

export const MASTER_SECRET_MIN_BYTES = 32;
export const MASTER_SECRET_RULE = `must be Base64 that decodes to at least ${MASTER_SECRET_MIN_BYTES} bytes (generate one with: openssl rand -base64 32)`;

/** Canonical (padded, standard alphabet) Base64. */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `value` is canonical Base64 that decodes to at least `MASTER_SECRET_MIN_BYTES` bytes. */
export function isValidMasterSecret(value: string): boolean {
  const compact = value.trim();
  if (compact.length === 0 || !BASE64.test(compact)) return false;
  return Buffer.from(compact, 'base64').length >= MASTER_SECRET_MIN_BYTES;
}

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * Throws when `value` breaks a naming rule. Used by constructs so that misuse from TypeScript fails in the
 * constructor, naming the property and the value.
 */
export function assertName(construct: string, field: string, value: string, kind: 'label' | 'subdomain'): void {
  const ok = kind === 'label' ? isDns1123Label(value) : isDns1123Subdomain(value);
  if (!ok) {
    const rule = kind === 'label' ? DNS1123_LABEL_RULE : DNS1123_SUBDOMAIN_RULE;
    throw new Error(`${construct}: ${field} ${JSON.stringify(value)} ${rule}`);
  }
}

/** DNS suffixes of Azure Key Vault in the public and sovereign clouds. */
export const KEY_VAULT_DNS_SUFFIXES = ['vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net', 'vault.microsoftazure.de'] as const;

/** Azure Key Vault names: 3-24 characters, letter first, letters, digits and single hyphens, not ending with a hyphen. */
export const KEY_VAULT_NAME = /^(?=.{3,24}$)[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
export const KEY_VAULT_NAME_RULE =
  'must be an Azure Key Vault name: 3-24 characters, starting with a letter, letters, digits and single "-", not ending with "-"';
export const KEY_VAULT_URL_RULE = `must be a Key Vault URL https://<vault>.<suffix>/ with suffix ${KEY_VAULT_DNS_SUFFIXES.join(', ')} (no path, port, query or credentials)`;

/** Why `url` is not a Key Vault URL (https://<vault>.vault.azure.net/ or a sovereign suffix), or undefined. */
export function keyVaultUrlProblem(url: string): string | undefined {
  const m = /^https:\/\/([^./:@?#\s]+)\.([a-z.]+?)\/?$/i.exec(url);
  if (!m || !(KEY_VAULT_DNS_SUFFIXES as readonly string[]).includes(m[2].toLowerCase())) return KEY_VAULT_URL_RULE;
  if (!KEY_VAULT_NAME.test(m[1])) return `has the vault name ${JSON.stringify(m[1])}, which ${KEY_VAULT_NAME_RULE}`;
  return undefined;
}

/** A host name (labels of letters, digits and "-") or an IPv4 address: what a PostgreSQL client connects to. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
export const DB_HOST_RULE = 'must be a host name or IP address only, such as my-server.postgres.database.azure.com (no scheme, port, path or spaces; the port goes in database.port)';

export function isDbHost(value: string): boolean {
  if (HOST_NAME.test(value)) return true;
  return value.includes(':') && IPV6.test(value) && net.isIPv6(value);
}

/** A chart version as Helm reads it (SemVer 2, minor and patch optional as in 2025.1-RC.875); not "latest". */
export const CHART_VERSION =
  /^v?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
export const CHART_VERSION_RULE = 'must be a SemVer chart version such as 2025.1.2 or 2025.1-RC.875 (Helm needs an exact version; "latest" is not one)';

/**
 * An OCI repository URL as it may appear in a shell command and a manifest: oci://host[:port]/path, only
 * letters, digits and . _ - / : (no quotes, spaces, "$", backticks or other shell syntax), no trailing "/".
 */
export const OCI_URL = /^oci:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/;
export const OCI_URL_RULE =
  'must be an OCI repository URL oci://host[:port]/path: lowercase path segments of letters, digits and . _ - (OCI naming), no trailing "/", no spaces, quotes or shell characters';

/** Helm refuses release names over 53 characters (it appends suffixes to derive object names). */
export const HELM_RELEASE_NAME_MAX = 53;
export const HELM_RELEASE_NAME_RULE = `must be a Helm release name: a DNS-1123 label of at most ${HELM_RELEASE_NAME_MAX} characters`;

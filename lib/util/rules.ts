/**
 * Argument rules shared by the constructs and the config schema: each is a predicate plus the sentence a user
 * reads when it fails. They live below both layers so that constructs need nothing from the config layer.
 */
import { ArgumentError } from './argument-error';
import { maskSecrets, urlCredentialProblem } from './secret-text';

/** The longest DNS-1123 label and subdomain Kubernetes takes. */
export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

/** RFC 1123 label, as Kubernetes requires for namespaces, Secret and ServiceAccount names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_RULE = 'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** RFC 1123 subdomain, as Kubernetes requires for most object names (StorageClass, ClusterIssuer, ...). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_RULE = 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters';

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const GUID_RULE = 'must be a GUID such as 00000000-0000-0000-0000-000000000000 (the managed identity\'s client ID)';

/** Pragmatic address check: one "@", a non-empty local part, and a DNS name as domain. */
export const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export const EMAIL_RULE = 'must be an e-mail address such as admin@example.com';

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
/** One of {@link AZURE_DISK_SKUS}. */
export type AzureDiskSku = (typeof AZURE_DISK_SKUS)[number];
/** The provisioner name of the Azure Disk CSI driver (the StorageClasses' provisioner, the VolumeSnapshotClasses' driver). */
export const AZURE_DISK_CSI_DRIVER = 'disk.csi.azure.com';
export const AZURE_DISK_SKU_RULE = `must be an Azure Disk SKU the ${AZURE_DISK_CSI_DRIVER} driver supports: ${AZURE_DISK_SKUS.join(', ')}`;
export const azureDiskSkuProblem = oneOfProblem(AZURE_DISK_SKUS, AZURE_DISK_SKU_RULE);
/** What happens to a disk (StorageClass reclaimPolicy) or a snapshot (VolumeSnapshotClass deletionPolicy) when its claim goes. */
export const DELETION_POLICIES = ['Delete', 'Retain'] as const;
export const DELETION_POLICY_RULE = oneOfRule(DELETION_POLICIES);
export const deletionPolicyProblem = oneOfProblem(DELETION_POLICIES, DELETION_POLICY_RULE);
/** When a StorageClass provisions a volume. */
export const VOLUME_BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'] as const;
export const VOLUME_BINDING_MODE_RULE = oneOfRule(VOLUME_BINDING_MODES);
export const volumeBindingModeProblem = oneOfProblem(VOLUME_BINDING_MODES, VOLUME_BINDING_MODE_RULE);
/** A VolumeSnapshotClass's deletion policy when not given (config and construct alike). */
export const DEFAULT_SNAPSHOT_DELETION_POLICY = 'Delete';
/** An Azure Disk StorageClass's settings when not given: the guide's (config and construct alike). */
export const STORAGE_CLASS_DEFAULTS = {
  skuName: 'StandardSSD_LRS',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
  allowVolumeExpansion: true,
} as const;

export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/**
 * Throws when `value` is not a DNS-1123 label (namespaces, most Secret names). Used by constructs so that misuse
 * from TypeScript fails in the constructor, naming the construct, property, value and rule.
 */
export function assertLabel(construct: string, field: string, value: string): void {
  if (!isDns1123Label(value)) throw new ArgumentError(`${construct}: ${field} ${JSON.stringify(value)} ${DNS1123_LABEL_RULE}`);
}

/** As {@link assertLabel}, for names Kubernetes allows to be DNS-1123 subdomains (StorageClass, ClusterIssuer...). */
export function assertSubdomain(construct: string, field: string, value: string): void {
  if (!isDns1123Subdomain(value)) throw new ArgumentError(`${construct}: ${field} ${JSON.stringify(value)} ${DNS1123_SUBDOMAIN_RULE}`);
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

export const PORT_MAX = 65535;
export const PORT_RULE = `must be an integer between 1 and ${PORT_MAX}`;
/** Why `port` is not a TCP port number, or undefined. */
export function portProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= PORT_MAX ? undefined : PORT_RULE;
}
/** PostgreSQL's port, when the database's is not given. */
export const DEFAULT_POSTGRES_PORT = 5432;

/**
 * Throws when `problem` (a rule's verdict on `value`: undefined when fine) is set, naming the construct, property,
 * value (masked, as URLs may carry credentials) and rule. How constructs apply a `...Problem` rule of this module.
 */
export function assertNoProblem(construct: string, field: string, value: unknown, problem: string | undefined): void {
  if (!problem) return;
  const shown = typeof value === 'string' ? JSON.stringify(maskSecrets(value)) : String(value);
  throw new ArgumentError(`${construct}: ${field} ${shown} ${problem}`);
}

/** The rule that a value is one of `values`, worded as the config schema words an enum. */
export function oneOfRule(values: readonly string[]): string {
  return `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

/** Why `value` is not one of `values`: `rule`, or undefined when it is. */
export function oneOfProblem(values: readonly string[], rule: string): (value: string) => string | undefined {
  return (value) => (values.includes(value) ? undefined : rule);
}

/** Why `value` does not match `pattern`: `rule`, or undefined when it matches. */
export function patternProblem(pattern: RegExp, rule: string): (value: string) => string | undefined {
  return (value) => (pattern.test(value) ? undefined : rule);
}

/** A Git repository URL both Argo CD and Flux clone: https:// or ssh://, a host and a path (no scp-style git@host:path). */
export const GIT_URL = /^(https|ssh):\/\/[^\s/]+\/\S+$/;
export const GIT_URL_RULE = 'must be an https:// or ssh:// Git URL (Flux accepts no scp-style git@host:path)';
export const gitUrlProblem = patternProblem(GIT_URL, GIT_URL_RULE);

/** Azure storage account names: 3-24 lowercase letters and digits. */
export const AZURE_STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
export const AZURE_STORAGE_ACCOUNT_RULE = 'must be an Azure storage account name: 3-24 lowercase letters and digits';
export const azureStorageAccountProblem = patternProblem(AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_ACCOUNT_RULE);

/** Azure Blob container names: 3-63 lowercase letters, digits and single "-", a letter or digit at both ends. */
export const AZURE_CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
export const AZURE_CONTAINER_RULE = 'must be an Azure container name: 3-63 lowercase letters, digits and single "-"';
export const azureContainerProblem = patternProblem(AZURE_CONTAINER, AZURE_CONTAINER_RULE);

/** DNS suffixes of Azure Key Vault in the public and sovereign clouds. */
export const KEY_VAULT_DNS_SUFFIXES = ['vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net', 'vault.microsoftazure.de'] as const;

/** Azure Key Vault names: 3-24 characters, letter first, letters, digits and single hyphens, not ending with a hyphen. */
export const KEY_VAULT_NAME = /^(?=.{3,24}$)[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
export const KEY_VAULT_NAME_RULE =
  'must be an Azure Key Vault name: 3-24 characters, starting with a letter, letters, digits and single "-", not ending with "-"';
export const KEY_VAULT_URL_RULE = `must be a Key Vault URL https://<vault>.<suffix>/ with suffix ${KEY_VAULT_DNS_SUFFIXES.join(', ')} (no path, port, query or credentials)`;
/** Where Key Vault credentials go instead of its URL. */
export const KEY_VAULT_CREDENTIALS_HINT = 'External Secrets Operator signs in to Key Vault with Workload Identity';

/** Why `url` is not a Key Vault URL (https://<vault>.vault.azure.net/ or a sovereign suffix), or undefined. */
export function keyVaultUrlProblem(url: string): string | undefined {
  const credentials = urlCredentialProblem(url, KEY_VAULT_CREDENTIALS_HINT);
  if (credentials) return credentials;
  const m = /^https:\/\/([^./:@?#\s]+)\.([a-z.]+?)\/?$/i.exec(url);
  if (!m || !(KEY_VAULT_DNS_SUFFIXES as readonly string[]).includes(m[2].toLowerCase())) return KEY_VAULT_URL_RULE;
  if (!KEY_VAULT_NAME.test(m[1])) return `has the vault name ${JSON.stringify(m[1])}, which ${KEY_VAULT_NAME_RULE}`;
  return undefined;
}

/** Where a sealed value may be unsealed, as kubeseal's `--scope`; the first is the default. */
export const SEALING_SCOPES = ['strict', 'namespace-wide', 'cluster-wide'] as const;
export const DEFAULT_SEALING_SCOPE = SEALING_SCOPES[0];
export const SEALING_SCOPE_RULE = oneOfRule(SEALING_SCOPES);
export const sealingScopeProblem = oneOfProblem(SEALING_SCOPES, SEALING_SCOPE_RULE);

/** The External Secrets Operator stores for Key Vault: namespaced or cluster-wide; the first is the default. */
export const SECRET_STORE_KINDS = ['SecretStore', 'ClusterSecretStore'] as const;
export const SECRET_STORE_KIND_RULE = oneOfRule(SECRET_STORE_KINDS);
export const secretStoreKindProblem = oneOfProblem(SECRET_STORE_KINDS, SECRET_STORE_KIND_RULE);

/** ACME directory URLs of Let's Encrypt. */
export const LETS_ENCRYPT_SERVERS = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;
export const LETS_ENCRYPT_SERVER_RULE = `must be ${Object.keys(LETS_ENCRYPT_SERVERS).join(' or ')}`;
/** Why `server` names no Let's Encrypt directory, or undefined (own keys only: "toString" is no server). */
export const letsEncryptServerProblem = oneOfProblem(Object.keys(LETS_ENCRYPT_SERVERS), LETS_ENCRYPT_SERVER_RULE);

/** The largest value of a Kubernetes int32 field (replicas, ports, percentages). */
export const INT32_MAX = 2_147_483_647;
export const INT32_RULE = `must be at most ${INT32_MAX} (Kubernetes stores it as a 32-bit integer)`;
export const POSITIVE_INT_RULE = 'must be an integer >= 1';

/** Why `value` is not a whole number from 1 to INT32_MAX (a pod count, a utilization percentage), or undefined. */
export function positiveIntProblem(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1) return POSITIVE_INT_RULE;
  return value > INT32_MAX ? INT32_RULE : undefined;
}

/** The operator's HorizontalPodAutoscaler when only some of its settings are given (config and construct alike). */
export const OPERATOR_AUTOSCALING_DEFAULTS = { minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 } as const;

/** Why an autoscaler's maxReplicas cannot go with its minReplicas, or undefined (figures that are no whole numbers from 1 have their own rule). */
export function maxReplicasProblem(minReplicas: number, maxReplicas: number): string | undefined {
  if (positiveIntProblem(minReplicas) || positiveIntProblem(maxReplicas) || maxReplicas >= minReplicas) return undefined;
  return `must be at least minReplicas (${minReplicas})`;
}

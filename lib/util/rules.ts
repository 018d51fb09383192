/**
 * Argument rules shared by the constructs and the config schema: each is a predicate plus the sentence a user
 * reads when it fails. They live below both layers so that constructs need nothing from the config layer.
 */
import { ArgumentError } from './argument-error';

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

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
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

/**
 * Input rules shared by the config schema and the constructs. Each rule is a predicate plus the sentence a
 * user reads when it fails, so the schema, the constructs' argument checks and the docs say the same thing.
 */

export {
  assertName,
  AZURE_DISK_SKUS,
  DNS1123_LABEL,
  DNS1123_LABEL_RULE,
  DNS1123_SUBDOMAIN,
  DNS1123_SUBDOMAIN_RULE,
  EMAIL,
  EMAIL_RULE,
  GUID,
  GUID_RULE,
  isDns1123Label,
  isDns1123Subdomain,
} from '../util/rules';
export type { AzureDiskSku } from '../util/rules';

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
  if (compact.length === 0 || !BASE64.test(compact)) return false;
  return Buffer.from(compact, 'base64').length >= MASTER_SECRET_MIN_BYTES;
}


/**
 * The API server's name and value syntax (k8s.io/apimachinery/pkg/util/validation), written here independently of
 * lib/config/rules.ts: the validator checks what the constructs emit, so it must not share their rule code (a bug
 * in one would otherwise be invisible to the other).
 */

/** `DNS1123LabelMaxLength` in apimachinery. */
export const DNS1123_LABEL_MAX = 63;
/** `DNS1123SubdomainMaxLength` in apimachinery. */
export const DNS1123_SUBDOMAIN_MAX = 253;

const isLowerAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

/** `[a-z0-9]([-a-z0-9]*[a-z0-9])?` without a length bound. */
function labelSyntax(value: string): boolean {
  // The empty string fails the first-character test (value[0] is undefined).
  for (const c of value) if (!isLowerAlnum(c) && c !== '-') return false;
  return isLowerAlnum(value[0]) && isLowerAlnum(value[value.length - 1]);
}

/** RFC 1123 label: 1-63 of `[a-z0-9-]`, starting and ending with `[a-z0-9]` (`IsDNS1123Label`). */
export function isRfc1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX && labelSyntax(value);
}

/** RFC 1123 subdomain: at most 253 characters, label syntax between dots (`IsDNS1123Subdomain`; parts have no own bound). */
export function isRfc1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX && value.split('.').every(labelSyntax);
}

/** RFC 1035 label (Service names): an RFC 1123 label that starts with a letter (`IsDNS1035Label`). */
export function isRfc1035Label(value: string): boolean {
  return isRfc1123Label(value) && value[0] >= 'a'; // an RFC 1123 label starts with [a-z0-9], so >= 'a' leaves a-z
}

/** Canonical standard-alphabet, padded Base64: the apiserver's `byte` format (Go `base64.StdEncoding`). */
export function isStdBase64(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  const body = value.replace(/={1,2}$/, '');
  return /^[A-Za-z0-9+/]*$/.test(body);
}

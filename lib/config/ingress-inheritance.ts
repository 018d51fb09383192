/** How a dev-environment cluster's `ingress` fields inherit the top-level `ingress` (one rule for charts and config checks). */

/** The ingress fields of the top level or of one cluster; the top level sets className and clusterIssuer. */
export interface IngressFields<LetsEncrypt> {
  readonly className?: string;
  readonly clusterIssuer?: string;
  /** false (a cluster's own field only: the top level takes a mapping or nothing): the ClusterIssuer exists already. */
  readonly letsEncrypt?: LetsEncrypt | false;
}

/**
 * The ingress settings that apply in a cluster with its own fields `own`: each defaults to the top-level one, and a
 * cluster that names its own ClusterIssuer does not inherit `letsEncrypt` (its issuer is then expected to exist
 * unless it sets letsEncrypt). `letsEncrypt` is undefined when the cluster's output creates no ClusterIssuer.
 */
export function inheritIngress<LetsEncrypt>(
  top: IngressFields<LetsEncrypt> & { readonly letsEncrypt?: LetsEncrypt },
  own: IngressFields<LetsEncrypt>,
): { className?: string; clusterIssuer?: string; letsEncrypt?: LetsEncrypt } {
  const issuerOverridden = own.clusterIssuer !== undefined && own.clusterIssuer !== top.clusterIssuer;
  const inherited = issuerOverridden ? undefined : top.letsEncrypt;
  const letsEncrypt = own.letsEncrypt === false ? undefined : own.letsEncrypt ?? inherited;
  return { className: own.className ?? top.className, clusterIssuer: own.clusterIssuer ?? top.clusterIssuer, letsEncrypt };
}

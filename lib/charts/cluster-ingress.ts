import { ResolvedConfig } from '../config/schema';

/** The ingress settings that apply in one cluster (`application` or a dev-environment cluster's name). */
export interface ClusterIngress {
  readonly className: string;
  readonly clusterIssuer: string;
  /** Set when this cluster's output creates the Let's Encrypt ClusterIssuer; unset when the issuer exists already. */
  readonly letsEncrypt?: { readonly email: string; readonly server: 'production' | 'staging' };
}

/** The ingress settings of `cluster`. */
export function clusterIngress(config: ResolvedConfig, _cluster: string): ClusterIngress {
  return config.ingress;
}

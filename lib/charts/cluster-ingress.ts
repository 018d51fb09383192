import { inheritIngress } from '../config/ingress-inheritance';
import type { ResolvedConfig } from '../config/config-types';

/** The ingress settings that apply in one cluster (`application` or a dev-environment cluster's name). */
export interface ClusterIngress {
  /** IngressClass the cluster's Ingresses use. */
  readonly className: string;
  /** ClusterIssuer named by the cluster's Ingresses. */
  readonly clusterIssuer: string;
  /** Set when this cluster's output creates the Let's Encrypt ClusterIssuer; unset when the issuer exists already. */
  readonly letsEncrypt?: { readonly email: string; readonly server: 'production' | 'staging' };
}

/**
 * The ingress settings of `cluster`: the top-level `ingress` for the application cluster; for a dev-environment
 * cluster its own `ingress` fields (`application` is a reserved cluster name, so it finds none and gets the top level), each defaulting to the top-level one. A dev cluster that names its own
 * ClusterIssuer does not inherit `letsEncrypt` (its issuer is then expected to exist unless it sets letsEncrypt).
 */
export function clusterIngress(config: ResolvedConfig, cluster: string): ClusterIngress {
  const top = config.ingress;
  const own = devClusterNamed(config, cluster)?.ingress;
  if (!own) return top;
  const { className, clusterIssuer, letsEncrypt } = inheritIngress(top, own);
  // The top level requires className and clusterIssuer, so the inherited ones are always set.
  return { className: className!, clusterIssuer: clusterIssuer!, letsEncrypt };
}

type DevCluster = ResolvedConfig['devEnvironmentClusters'][number];
const indexByName = new WeakMap<readonly DevCluster[], Map<string, number>>();

/**
 * The dev-environment cluster named `name` (the first, as `devEnvironmentClusters.find` gives it; names of a valid
 * config are unique), from an index by name built once per list: every cluster looks itself up, and a find per
 * lookup made synth quadratic in the number of clusters. An index the list no longer agrees with (changed after
 * it was built) is rebuilt.
 */
export function devClusterNamed(config: ResolvedConfig, name: string): DevCluster | undefined {
  const list = config.devEnvironmentClusters;
  const at = indexByName.get(list)?.get(name);
  if (
    // Stryker disable next-line ConditionalExpression: without `at !== undefined`, list[undefined] has no name, and the lookup goes on to the rebuild just the same
    at !== undefined &&
    list[at]?.name === name
  ) {
    return list[at];
  }
  const index = new Map<string, number>();
  list.forEach((c, i) => {
    if (!index.has(c.name)) index.set(c.name, i);
  });
  indexByName.set(list, index);
  const found = index.get(name);
  // Stryker disable next-line ConditionalExpression: list[undefined] is undefined as well; the check is for the type
  return found === undefined ? undefined : list[found];
}

import type { ResolvedConfig } from '../config/config-types';
import { isValidMasterSecret, MASTER_SECRET_RULE } from '../config/rules';
import { SecretReference } from '../constructs/secret-source';
import { ClusterSecretName, clusterSecretKey, DEFAULT_SECRET_KEYS, SecretName } from '../util/names';

// The names themselves live in lib/util/names.ts; re-exported for existing importers.
export { clusterSecretKey, DEFAULT_SECRET_KEYS } from '../util/names';
export type { ClusterSecretName, SecretName } from '../util/names';

/** The reference to one of the installation's secrets, honouring `secrets.names` overrides. */
export function secretRef(config: ResolvedConfig, name: SecretName): SecretReference {
  const defaults = DEFAULT_SECRET_KEYS[config.secrets.source === 'keyVault' ? 'keyVault' : 'env'];
  return {
    key: config.secrets.names[name] ?? defaults[name],
    field: `secrets.names.${name}`,
    check: name === 'masterSecret' ? { test: isValidMasterSecret, rule: MASTER_SECRET_RULE } : undefined,
  };
}

export function clusterSecretRef(config: ResolvedConfig, clusterIndex: number, name: ClusterSecretName): SecretReference {
  const cluster = config.devEnvironmentClusters[clusterIndex];
  return { key: clusterSecretKey(config.secrets.source, cluster.name, name), field: `devEnvironmentClusters[${clusterIndex}] (${name})` };
}

import { ResolvedConfig } from '../config/schema';
import { isValidMasterSecret, MASTER_SECRET_RULE } from '../config/rules';
import { SecretReference } from '../secrets/secret-source';

export type SecretName = 'databasePassword' | 'masterSecret' | 'storageAccountKey' | 'adminPassword';

/** Default key of each secret in the source: Key Vault secret names, or environment variable names. */
export const DEFAULT_SECRET_KEYS: Record<'keyVault' | 'env', Record<SecretName, string>> = {
  keyVault: {
    databasePassword: 'codecanvas-db-password',
    masterSecret: 'codecanvas-master-secret',
    storageAccountKey: 'codecanvas-storage-account-key',
    adminPassword: 'codecanvas-admin-password',
  },
  env: {
    databasePassword: 'CODECANVAS_DB_PASSWORD',
    masterSecret: 'CODECANVAS_MASTER_SECRET',
    storageAccountKey: 'CODECANVAS_STORAGE_ACCOUNT_KEY',
    adminPassword: 'CODECANVAS_ADMIN_PASSWORD',
  },
};

/** The reference to one of the installation's secrets, honouring `secrets.names` overrides. */
export function secretRef(config: ResolvedConfig, name: SecretName): SecretReference {
  const defaults = DEFAULT_SECRET_KEYS[config.secrets.source === 'keyVault' ? 'keyVault' : 'env'];
  return {
    key: config.secrets.names[name] ?? defaults[name],
    field: `secrets.names.${name}`,
    check: name === 'masterSecret' ? { test: isValidMasterSecret, rule: MASTER_SECRET_RULE } : undefined,
  };
}

export type ClusterSecretName = 'jumpJwtPrivateKey' | 'jumpSshHostKey' | 'operatorJwtPrivateKey';

const CLUSTER_SECRET_SUFFIX: Record<ClusterSecretName, string> = {
  jumpJwtPrivateKey: 'jump-jwt-private-key',
  jumpSshHostKey: 'jump-ssh-host-key',
  operatorJwtPrivateKey: 'operator-jwt-private-key',
};

/**
 * Key of a dev-environment cluster's secret in the source: `<cluster>-jump-jwt-private-key` in Key Vault, or
 * `<CLUSTER>_JUMP_JWT_PRIVATE_KEY` in the environment.
 */
export function clusterSecretKey(source: 'keyVault' | 'env' | 'sealedSecrets', cluster: string, name: ClusterSecretName): string {
  const suffix = CLUSTER_SECRET_SUFFIX[name];
  if (source === 'keyVault') return `${cluster}-${suffix}`;
  return `${cluster}_${suffix}`.toUpperCase().replace(/-/g, '_');
}

export function clusterSecretRef(config: ResolvedConfig, clusterIndex: number, name: ClusterSecretName): SecretReference {
  const cluster = config.devEnvironmentClusters[clusterIndex];
  return { key: clusterSecretKey(config.secrets.source, cluster.name, name), field: `devEnvironmentClusters[${clusterIndex}] (${name})` };
}

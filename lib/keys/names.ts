/**
 * Names of the generated key material: where each secret lives in the secret source (Key Vault secret name,
 * environment variable) and which Kubernetes Secrets (name, key) the charts read it from.
 */
import { clusterSecretKey, ClusterSecretName, DEFAULT_SECRET_KEYS } from '../charts/secret-names';

/** Every secret the `keys` command generates. `masterSecret` is per installation, the others per dev-environment cluster. */
export type GeneratedSecretName = 'masterSecret' | 'relayJwtPrivateKey' | ClusterSecretName;

/** The per-cluster secrets, in output order. */
export const CLUSTER_SECRET_NAMES: readonly Exclude<GeneratedSecretName, 'masterSecret'>[] = [
  'relayJwtPrivateKey',
  'jumpJwtPrivateKey',
  'jumpSshHostKey',
  'operatorJwtPrivateKey',
];

const RELAY_SUFFIX = 'relay-jwt-private-key';

/**
 * Key Vault secret name: `codecanvas-master-secret`, or `<cluster>-relay-jwt-private-key`,
 * `<cluster>-jump-jwt-private-key`, `<cluster>-jump-ssh-host-key`, `<cluster>-operator-jwt-private-key`.
 */
export function keyVaultSecretName(name: GeneratedSecretName, cluster?: string): string {
  if (name === 'masterSecret') return DEFAULT_SECRET_KEYS.keyVault.masterSecret;
  const c = requireCluster(name, cluster);
  return name === 'relayJwtPrivateKey' ? `${c}-${RELAY_SUFFIX}` : clusterSecretKey('keyVault', c, name);
}

/**
 * Environment variable name (env and sealedSecrets sources): `CODECANVAS_MASTER_SECRET`, or
 * `<CLUSTER>_RELAY_JWT_PRIVATE_KEY`, `<CLUSTER>_JUMP_JWT_PRIVATE_KEY`, `<CLUSTER>_JUMP_SSH_HOST_KEY`,
 * `<CLUSTER>_OPERATOR_JWT_PRIVATE_KEY` (cluster name upper-cased, "-" as "_").
 */
export function envVarName(name: GeneratedSecretName, cluster?: string): string {
  if (name === 'masterSecret') return DEFAULT_SECRET_KEYS.env.masterSecret;
  const c = requireCluster(name, cluster);
  return name === 'relayJwtPrivateKey' ? `${c}_${RELAY_SUFFIX}`.toUpperCase().replace(/-/g, '_') : clusterSecretKey('env', c, name);
}

function requireCluster(name: GeneratedSecretName, cluster: string | undefined): string {
  if (!cluster) throw new Error(`${name} is a per-cluster secret: cluster ${JSON.stringify(cluster)} must be a cluster name`);
  return cluster;
}

// Kubernetes Secrets in a dev-environment cluster's system namespace (`devEnvironmentClusters[].systemNamespace`)
// that the relay, jump and operator releases read through `existingSecretName`.

/** The relay's Secret: only the JWT public key (the private half goes into CodeCanvas). */
export const RELAY_SECRET_NAME = 'codecanvas-relay-secret';
export const RELAY_SECRET_KEYS = { jwtPublicKey: 'JWT_PUBLIC_KEY' } as const;

/** The jump server's Secret (chart keys `application.secret.jump.*`). */
export const JUMP_SECRET_NAME = 'codecanvas-jump-secret';
export const JUMP_SECRET_KEYS = {
  instanceId: 'JUMP_INSTANCE_ID',
  jwtPrivateKey: 'JUMP_JWT_PRIVATE_KEY',
  canvasUrl: 'JUMP_CANVAS_URL',
  sshHostKey: 'JUMP_SSH_HOST_KEY',
} as const;

/** The operator's Secret (chart `operator.secret.existingSecretName`). */
export const OPERATOR_SECRET_NAME = 'codecanvas-operator-secret';
export const OPERATOR_SECRET_KEYS = {
  instanceId: 'OPERATOR_INSTANCEID',
  jwtPrivateKey: 'OPERATOR_JWTPRIVATEKEY',
  serverUrl: 'OPERATOR_SERVERURL',
} as const;

/**
 * A Secret in the application namespace that `keys --format sealed` seals the installation-level material into
 * (the master secret and each cluster's relay JWT private key, keyed by their environment variable names). No
 * chart reads it: it keeps that material in the cluster, encrypted in Git, for an administrator to read once
 * (the relay private keys go into CodeCanvas, the master secret into the secret source of the synth).
 */
export const GENERATED_KEYS_SECRET_NAME = 'codecanvas-generated-keys';

// Where the public halves go in the config (the typed description), relative to a devEnvironmentClusters[] entry.
export const PUBLIC_KEY_FIELDS = {
  relayJwtPublicKey: 'relay.jwtPublicKey',
  jumpJwtPublicKey: 'jump.jwtPublicKey',
  jumpSshHostPublicKey: 'jump.sshHostPublicKey',
  operatorJwtPublicKey: 'operator.jwtPublicKey',
} as const;

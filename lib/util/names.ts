/**
 * Every fixed name of a CodeCanvas installation in one place: cluster folders, common labels, the Kubernetes
 * Secrets the charts read (name and keys), and where each secret value lives in the secret source (Key Vault
 * secret name or environment variable). Constructs, charts, the output writer and the `keys` command all read
 * them from here; nothing in this module depends on another part of the project.
 */

/** The chart id and output folder of the CodeCanvas application cluster. */
export const APPLICATION_CLUSTER = 'application';

/** The output folder that holds the GitOps bootstraps. Reserved as a cluster name. */
export const BOOTSTRAP_FOLDER = 'bootstrap';
/** The output folder that holds the Helm values files and install scripts (helm/<cluster>/). Reserved as a cluster name. */
export const HELM_FOLDER = 'helm';
/** Name of the GitOps bootstrap's GitRepository and prefix of its Argo CD Applications and Flux Kustomizations. */
export const BOOTSTRAP_NAME = 'codecanvas';
/** The bootstrap object that syncs `folder` (a cluster folder, or `bootstrap` for the bootstrap's own folder). */
export const bootstrapObjectName = (folder: string): string => `${BOOTSTRAP_NAME}-${folder}`;
/**
 * The dev-environment cluster releases that are Argo CD Applications in delivery.mode argocd: the operator is plain
 * manifests there (Argo CD cannot render its chart, which needs Helm lookup).
 */
export const ARGOCD_CLUSTER_RELEASES = ['relay', 'jump'] as const;
/** The repository URL an Argo CD Application names for an OCI Helm repository: without the oci:// scheme. */
// Stryker disable next-line Regex: chart repositories are OCI_URLs, which start with oci://, so the first match is at 0 anchored or not
export const argocdRepoUrl = (repository: string): string => repository.replace(/^oci:\/\//, '');
/**
 * Where Argo CD Applications go when not told otherwise: Argo CD's own namespace and project, and the cluster Argo
 * CD runs in (the config's delivery.argocd defaults, and the ArgoCdRenderer's and GitFolderApplication's).
 */
export const ARGOCD_DEFAULTS = { namespace: 'argocd', project: 'default', destinationServer: 'https://kubernetes.default.svc' } as const;
/** Argo CD's finalizer on an Application: deleting the Application deletes every resource it deployed (the release Applications carry it). */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
/** The API server address by which an Argo CD reaches its own cluster (Argo CD's `in-cluster`). */
export const ARGOCD_IN_CLUSTER_SERVER = ARGOCD_DEFAULTS.destinationServer;
/** How often Flux reconciles a chart source and release when not told otherwise (delivery.flux.interval, FluxRenderer). */
export const FLUX_DEFAULT_INTERVAL = '10m';
/** The Argo CD Application of a dev-environment cluster's release. */
export const clusterReleaseApplicationName = (cluster: string, releaseName: string): string => `${cluster}-${releaseName}`;

/**
 * Each release's chart name in its repository, which is also the release's default Helm release name (the
 * config's `application.releaseName`, `devEnvironmentClusters[].relay.releaseName`, ... and `chart.name`).
 */
export const DEFAULT_CHART_NAMES = {
  application: 'codecanvas',
  relay: 'codecanvas-relay',
  jump: 'codecanvas-jump',
  operator: 'codecanvas-operator',
} as const;

// Host names derived from the external domain, following the guide's naming scheme.

/** The first label of the compute service's host: computeservice.<domain>. */
export const COMPUTE_HOST_PREFIX = 'computeservice.';
/** The first label of the relay host of every dev-environment cluster after the first: gateway-<name>.<domain>. */
export const RELAY_HOST_LABEL_PREFIX = 'gateway-';

/** The application's host, its compute service's, and the relay's of the first cluster (or the bundled relay's). */
export function hostnames(domain: string): { main: string; compute: string; gateway: string } {
  return { main: domain, compute: `${COMPUTE_HOST_PREFIX}${domain}`, gateway: `gateway.${domain}` };
}

/** A dev-environment cluster's relay host when `relay.hostname` is not set: gateway.<domain> for the first, gateway-<name>.<domain> after. */
export function defaultRelayHost(domain: string, index: number, cluster: string): string {
  return index === 0 ? hostnames(domain).gateway : `${RELAY_HOST_LABEL_PREFIX}${cluster}.${domain}`;
}

/** Labels on every object of the installation. */
export const COMMON_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/part-of': 'codecanvas',
  'app.kubernetes.io/managed-by': 'codecanvas-cdk8s',
};

// Kubernetes Secrets in the application namespace.

/** The guide's PostgreSQL Secret (`application.secret.postgresql.existingSecretName`). */
export const DEFAULT_DATABASE_SECRET_NAME = 'codecanvas-db-secret-ext';
/** The guide's object-storage Secret (`application.secret.objectStorage.existingSecretName`). */
export const DEFAULT_OBJECT_STORAGE_SECRET_NAME = 'codecanvas-objectstorage-secret-ext';
/** Flux only: the Secret that `HelmRelease.valuesFrom` reads the master secret and admin password from. */
export const CHART_VALUES_SECRET_NAME = 'codecanvas-chart-values';

/** The operator chart's name: the default of its `nameOverride`, the `app.kubernetes.io/name` label, the name prefix. */
export const OPERATOR_CHART_NAME = DEFAULT_CHART_NAMES.operator;
/** Default name of the generated External Secrets (Cluster)SecretStore for Azure Key Vault. */
export const DEFAULT_KEY_VAULT_STORE_NAME = 'codecanvas-key-vault';
/** Default ServiceAccount that External Secrets Operator logs in to Key Vault as. */
export const DEFAULT_KEY_VAULT_SERVICE_ACCOUNT = 'codecanvas-key-vault-reader';
/** How often External Secrets Operator re-reads Key Vault when not told otherwise. */
export const DEFAULT_KEY_VAULT_REFRESH_INTERVAL = '1h';

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

// Where secret values live in the secret source.

/** The installation-wide secrets, by their field name under `secrets.names`. */
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

/** The environment variable that holds the sealing key of secrets.source sealedSecrets (lib/secrets/seal.ts). */
export const SEALING_KEY_ENV = 'CODECANVAS_SEALING_KEY';

/**
 * The first words of every private file the keys command writes with comments (secrets.env, sealing-key.env), so
 * that synth recognizes one in its output folder.
 */
export const KEYS_PRIVATE_FILE_HEADER = '# Generated by the keys command. PRIVATE: keep out of Git';

/** A name as an environment variable spells it: upper case, "-" as "_". */
const envName = (name: string): string => name.toUpperCase().replace(/-/g, '_');

/** The per-cluster secrets that charts read from the secret source. */
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
  return envName(`${cluster}_${suffix}`);
}

/** Every secret the `keys` command generates. `masterSecret` is per installation, the others per dev-environment cluster. */
export type GeneratedSecretName = 'masterSecret' | 'relayJwtPrivateKey' | ClusterSecretName;

/** The secrets the `keys` command generates per dev-environment cluster. */
export type ClusterGeneratedSecretName = Exclude<GeneratedSecretName, 'masterSecret'>;

/** The per-cluster secrets, in output order. */
export const CLUSTER_SECRET_NAMES: readonly ClusterGeneratedSecretName[] = [
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
export function keyVaultSecretName(name: 'masterSecret'): string;
export function keyVaultSecretName(name: ClusterGeneratedSecretName, cluster: string): string;
export function keyVaultSecretName(name: GeneratedSecretName, cluster?: string): string {
  if (name === 'masterSecret') return DEFAULT_SECRET_KEYS.keyVault.masterSecret;
  // The overloads make a cluster name required for the per-cluster secrets.
  return name === 'relayJwtPrivateKey' ? `${cluster}-${RELAY_SUFFIX}` : clusterSecretKey('keyVault', cluster!, name);
}

/**
 * Environment variable name (env and sealedSecrets sources): `CODECANVAS_MASTER_SECRET`, or
 * `<CLUSTER>_RELAY_JWT_PRIVATE_KEY`, `<CLUSTER>_JUMP_JWT_PRIVATE_KEY`, `<CLUSTER>_JUMP_SSH_HOST_KEY`,
 * `<CLUSTER>_OPERATOR_JWT_PRIVATE_KEY` (cluster name upper-cased, "-" as "_").
 */
export function envVarName(name: 'masterSecret'): string;
export function envVarName(name: ClusterGeneratedSecretName, cluster: string): string;
export function envVarName(name: GeneratedSecretName, cluster?: string): string {
  if (name === 'masterSecret') return DEFAULT_SECRET_KEYS.env.masterSecret;
  if (name === 'relayJwtPrivateKey') return envName(`${cluster}_${RELAY_SUFFIX}`);
  // Stryker disable next-line StringLiteral: clusterSecretKey tells only 'keyVault' apart; every other source gets the env name
  return clusterSecretKey('env', cluster!, name);
}

/** Helm's `trunc 63 | trimSuffix "-"`: at most 63 characters, one trailing "-" removed. */
export function trunc63(s: string): string {
  const t = s.slice(0, 63);
  return t.endsWith('-') ? t.slice(0, -1) : t;
}

/**
 * Bitnami's `common.names.fullname`, which the CodeCanvas charts name their objects by: `fullnameOverride`, else
 * the release name when it contains the chart name (or `nameOverride`), else `<release>-<chart>`, at most 63 characters.
 */
export function helmFullname(releaseName: string, chartName: string, values: { readonly [key: string]: unknown } = {}): string {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const name = text(values.nameOverride) || chartName;
  if (text(values.fullnameOverride)) return trunc63(text(values.fullnameOverride));
  return trunc63(releaseName.includes(name) ? releaseName : `${releaseName}-${name}`);
}

/**
 * The CodeCanvas app chart's `lib.appName`, which names its Deployment and its own Secrets (`<app>-envs`, ...):
 * `<fullname>-<application.name or "app">`.
 */
export function codecanvasAppName(releaseName: string, chartName: string, values: { readonly [key: string]: unknown } = {}): string {
  const application = values.application;
  const inner = typeof application === 'object' && application !== null ? (application as { name?: unknown }).name : undefined;
  return `${helmFullname(releaseName, chartName, values)}-${(typeof inner === 'string' && inner) || 'app'}`;
}

/** `https://my-vault.vault.azure.net/` -> `my-vault`. */
export function vaultNameOf(vaultUrl: string | undefined): string | undefined {
  // Stryker disable next-line ConditionalExpression: URL.canParse is false for undefined as well
  if (vaultUrl === undefined || !URL.canParse(vaultUrl)) return undefined;
  return new URL(vaultUrl).hostname.split('.')[0] || undefined;
}

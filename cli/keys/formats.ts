/** The keys command's output formats: Key Vault files + upload.sh, an env file, SealedSecrets. */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { LoadedConfig, MAX_CERTIFICATE_BYTES } from '../../lib/config/load';
import { readTextFile, UnreadableFileError } from '../../lib/util/read-file';
import { ENV_VAR, ENV_VAR_RULE, KEY_VAULT_SECRET_NAME } from '../../lib/config/rules';
import { DEFAULT_SEALING_SCOPE, KEY_VAULT_NAME, KEY_VAULT_NAME_RULE } from '../../lib/util/rules';
import { ResolvedConfig } from '../../lib/config/schema';
import { shellQuote } from '../../lib/util/shell';
import { toYamlStream } from '../../lib/util/yaml';
import { SealingScope } from '../../lib/secrets/seal';
import { SealedSecretSource } from '../../lib/secrets/sealed-secret-source';
import { SecretReference } from '../../lib/constructs/secret-source';
import { GeneratedSecret } from './generate';
import { KeysCommandError, KeysFile } from './keys-files';
import {
  DEFAULT_SECRET_KEYS,
  vaultNameOf,
  GENERATED_KEYS_SECRET_NAME,
  KEYS_PRIVATE_FILE_HEADER,
  JUMP_SECRET_NAME,
  OPERATOR_SECRET_NAME,
  APPLICATION_CLUSTER,
} from '../../lib/util/names';

/** A dev-environment cluster of the config. */
type DevCluster = ResolvedConfig['devEnvironmentClusters'][number];

interface KeysIo {
  readonly stderr: (s: string) => void;
  readonly cwd: string;
}

/** The command-line options the sealed format reads. */
export interface SealedOptions {
  readonly cert?: string;
  readonly scope?: SealingScope;
  readonly skipMasterSecret: boolean;
}

// Re-exported: the keys command and its tests import it from here.
export { vaultNameOf } from '../../lib/util/names';

/** Per target: the name a generated value goes by there, and the naming rule a `secrets.names` override must fit. */
const TARGETS = {
  keyVault: { nameOf: (secret: GeneratedSecret) => secret.keyVaultName, rule: KEY_VAULT_SECRET_NAME },
  env: { nameOf: (secret: GeneratedSecret) => secret.envVar, rule: ENV_VAR },
};
type Target = keyof typeof TARGETS;

/** The master secret's key honours `secrets.names.masterSecret` when it fits the naming rule of the target. */
export function masterSecretKey(config: ResolvedConfig, secret: GeneratedSecret, kind: Target): string {
  const fallback = TARGETS[kind].nameOf(secret);
  if (secret.name !== 'masterSecret') return fallback;
  return overriddenKey(config.secrets.names.masterSecret, fallback, kind);
}

/** A `secrets.names` override when it fits the naming rule of the target, else the default name. */
function overriddenKey(override: string | undefined, fallback: string, kind: Target): string {
  return override && TARGETS[kind].rule.test(override) ? override : fallback;
}

export function keyVaultName(config: ResolvedConfig, vaultName: string | undefined): string {
  const vault = vaultName ?? vaultNameOf(config.secrets.keyVault?.vaultUrl);
  if (!vault) throw new KeysCommandError('--format keyvault needs the vault: give --vault-name NAME or secrets.keyVault.vaultUrl in the config');
  if (!KEY_VAULT_NAME.test(vault)) throw new KeysCommandError(`--vault-name ${JSON.stringify(vault)} ${KEY_VAULT_NAME_RULE}`);
  return vault;
}

export function keyVaultFiles(config: ResolvedConfig, secrets: readonly GeneratedSecret[], vault: string): KeysFile[] {
  const files: KeysFile[] = [];
  const lines = [
    '#!/bin/sh',
    `# Uploads the generated secrets to Azure Key Vault ${vault} (needs \`az login\` and permission to set secrets).`,
    '# Afterwards Key Vault holds the only copy: delete the private files in this folder. Phase 2 needs each relay',
    `# private key again; read it back with: az keyvault secret show --vault-name ${vault} --name <cluster>-relay-jwt-private-key --query value -o tsv`,
    'set -eu',
    'cd "$(dirname "$0")"',
    `VAULT="\${VAULT_NAME:-${vault}}"`,
  ];
  for (const secret of secrets) {
    const name = masterSecretKey(config, secret, 'keyVault');
    const file = `${name}${secret.name === 'masterSecret' ? '.txt' : '.pem'}`;
    // No trailing newline on the master secret: Key Vault (and so the Secret) keeps the file's bytes as they are.
    files.push({ name: file, content: secret.value, mode: 0o600 });
    lines.push(`az keyvault secret set --vault-name "$VAULT" --name ${name} --file ${file} --output none`);
    lines.push(`echo "uploaded ${name}"`);
  }
  if (secrets.some((s) => s.name === 'masterSecret')) lines.push(...databasePasswordUpload(config));
  files.push({ name: 'upload.sh', content: `${lines.join('\n')}\n`, mode: 0o755 });
  return files;
}

/**
 * upload.sh's step for the PostgreSQL password, which the keys command does not make (the database has it): read from
 * the environment variable the env source uses, else prompted for without echo, and piped to `az` on stdin, so the
 * value is neither in the file nor on a command line.
 */
function databasePasswordUpload(config: ResolvedConfig): string[] {
  const name = overriddenKey(config.secrets.names.databasePassword, DEFAULT_SECRET_KEYS.keyVault.databasePassword, 'keyVault');
  const variable = DEFAULT_SECRET_KEYS.env.databasePassword;
  return [
    `# The PostgreSQL password (${name}): from $${variable}, else asked for; never written to a file.`,
    `if [ -z "\${${variable}:-}" ]; then`,
    `  printf 'PostgreSQL password for Key Vault secret ${name}: ' >&2`,
    '  stty -echo 2>/dev/null || true',
    `  IFS= read -r ${variable} || true`,
    '  stty echo 2>/dev/null || true',
    "  printf '\\n' >&2",
    'fi',
    `[ -n "\${${variable}:-}" ] || { echo "no PostgreSQL password given: set ${variable} or type it" >&2; exit 1; }`,
    `printf '%s' "\$${variable}" | az keyvault secret set --vault-name "$VAULT" --name ${name} --file /dev/stdin --output none`,
    `echo "uploaded ${name}"`,
  ];
}


export function envFile(config: ResolvedConfig, secrets: readonly GeneratedSecret[]): string {
  const lines = [
    `${KEYS_PRIVATE_FILE_HEADER}, delete when the values are stored elsewhere.`,
    '# Load into the environment of the synth (secrets.source env or sealedSecrets): set -a; . ./secrets.env; set +a',
  ];
  for (const secret of secrets) {
    const name = masterSecretKey(config, secret, 'env');
    if (!ENV_VAR.test(name)) throw new KeysCommandError(`environment variable name ${JSON.stringify(name)} (${secret.cluster ?? 'installation'}) ${ENV_VAR_RULE}; rename the cluster`);
    lines.push(`export ${name}=${shellQuote(secret.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface SealedOutputSource {
  readonly source: SealedSecretSource;
  /** The environment the source reads from; filled with the generated values before sealing. */
  readonly values: Record<string, string>;
  /** The certificate file it seals with, and the config field (or option) that names it. */
  readonly certificate: { readonly file: string; readonly field: string };
}

/**
 * Where `--format sealed` seals to: the application cluster (the master secret, and each relay private key, which
 * goes into CodeCanvas) and each dev-environment cluster (its jump and operator keys), each with that cluster's
 * controller certificate.
 */
export interface SealedTargets {
  readonly application: SealedOutputSource;
  /** By cluster name: the cluster's own certificate, else the application cluster's. */
  readonly clusters: ReadonlyMap<string, SealedOutputSource & { readonly namespace: string }>;
}

/**
 * The sources of `--format sealed`, one per cluster: `--cert` replaces the top-level
 * `secrets.sealedSecrets.certificateFile` (the application cluster's, and that of every dev cluster without its own
 * `devEnvironmentClusters[].sealedSecrets.certificateFile`); a dev cluster's own certificate is always its own.
 */
export function sealedTargets(loaded: LoadedConfig, options: SealedOptions, io: KeysIo, clusters: readonly DevCluster[]): SealedTargets {
  const config = loaded.config;
  const topLevel = options.cert
    ? { file: path.resolve(io.cwd, options.cert), field: '--cert' }
    : config.secrets.sealedSecrets
      ? { file: path.resolve(loaded.baseDir, config.secrets.sealedSecrets.certificateFile), field: 'secrets.sealedSecrets.certificateFile' }
      : undefined;
  const scope = options.scope ?? config.secrets.sealedSecrets?.scope ?? DEFAULT_SEALING_SCOPE;
  const sourceOf = (certificate: { file: string; field: string }): SealedOutputSource => {
    const text = readCertificate(certificate);
    const values: Record<string, string> = {};
    try {
      return { source: new SealedSecretSource({ certificate: text, scope, env: values }), values, certificate };
    } catch (e) {
      throw new KeysCommandError(`${certificate.field}: ${(e as Error).message} (read from ${certificate.file})`);
    }
  };
  if (!topLevel) throw new KeysCommandError('--format sealed needs the controller certificate: give --cert FILE or secrets.sealedSecrets.certificateFile in the config');
  const byCluster = new Map<string, SealedOutputSource & { namespace: string }>();
  for (const cluster of clusters) {
    const index = config.devEnvironmentClusters.indexOf(cluster);
    const own = cluster.sealedSecrets?.certificateFile;
    const certificate = own === undefined ? topLevel : { file: path.resolve(loaded.baseDir, own), field: `devEnvironmentClusters[${index}].sealedSecrets.certificateFile` };
    byCluster.set(cluster.name, { ...sourceOf(certificate), namespace: cluster.systemNamespace });
  }
  return { application: sourceOf(topLevel), clusters: byCluster };
}

function readCertificate(certificate: { file: string; field: string }): string {
  try {
    return readTextFile(certificate.file, MAX_CERTIFICATE_BYTES);
  } catch (e) {
    if (e instanceof UnreadableFileError) throw new KeysCommandError(`${certificate.field}: certificate ${certificate.file} ${e.reason}`);
    throw e;
  }
}

/** The file `--format sealed` writes for the Secrets of a cluster (`application`, or a dev cluster's name). */
export function sealedFileName(cluster: string): string {
  return `${cluster}.sealed.yaml`;
}

/**
 * One SealedSecret `codecanvas-generated-keys` per cluster, sealed with that cluster's controller certificate, so
 * only that cluster's controller can open it: in the application namespace the master secret and every relay
 * private key (both go to the application: the chart values, and CodeCanvas in phase 2), in each dev cluster's
 * system namespace its jump and operator keys. Each value is keyed by its environment variable name. They are the
 * only Secrets this format writes: synth writes the jump and operator Secrets itself (as ExternalSecrets, plain
 * Secrets or SealedSecrets of its own), so a SealedSecret of them here would be a second owner of the same Secret.
 * Nothing reads these; they keep the values, readable only where each controller's private key is, until they are
 * needed (the relay key in phase 2, synth's environment in phases 1 and 3).
 */
export function sealedFiles(config: ResolvedConfig, targets: SealedTargets, secrets: readonly GeneratedSecret[]): KeysFile[] {
  const groups: { cluster: string; context: string; target: SealedOutputSource; namespace: string; secrets: GeneratedSecret[] }[] = [
    { cluster: APPLICATION_CLUSTER, context: APPLICATION_CLUSTER, target: targets.application, namespace: config.namespace, secrets: [] },
  ];
  for (const [cluster, target] of targets.clusters) groups.push({ cluster, context: cluster, target, namespace: target.namespace, secrets: [] });
  for (const secret of secrets) {
    const onApplication = secret.cluster === undefined || secret.name === 'relayJwtPrivateKey';
    groups.find((g) => g.cluster === (onApplication ? APPLICATION_CLUSTER : secret.cluster))!.secrets.push(secret);
  }
  return groups.filter((g) => g.secrets.length > 0).map((g) => sealedFile(config, g));
}

function sealedFile(
  config: ResolvedConfig,
  group: { cluster: string; context: string; target: SealedOutputSource; namespace: string; secrets: readonly GeneratedSecret[] },
): KeysFile {
  const { source, values, certificate } = group.target;
  const refs: Record<string, SecretReference> = {};
  for (const secret of group.secrets) {
    const key = masterSecretKey(config, secret, 'env');
    values[key] = secret.value;
    refs[key] = { key, field: key };
  }
  // The SealedSecret names itself (metadata.name), so the chart's resource name hashes never apply.
  const chart = new Chart(new App(), 'keys');
  source.materialize(chart, 'Secret', { name: GENERATED_KEYS_SECRET_NAME, namespace: group.namespace, secrets: refs });
  const problems = chart.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length > 0) throw new KeysCommandError(problems.join('\n'));
  const onApplication = group.cluster === APPLICATION_CLUSTER;
  const header =
    `# The private values the keys command generated for the ${onApplication ? 'application cluster' : `dev-environment cluster ${group.cluster}`}, sealed (${source.scope}) ` +
    `into Secret ${GENERATED_KEYS_SECRET_NAME} in namespace ${group.namespace},\n` +
    `# with the certificate of this cluster's controller (${certificate.field}): only that controller can open it.\n` +
    `# No chart reads this Secret, and synth never writes it: synth writes ${JUMP_SECRET_NAME} and ${OPERATOR_SECRET_NAME} itself.\n` +
    `# Apply it to that cluster (kubectl --context ${group.context} apply -f ${sealedFileName(group.cluster)}) and read each value when it is needed:\n` +
    `#   kubectl --context ${group.context} -n ${group.namespace} get secret ${GENERATED_KEYS_SECRET_NAME} -o jsonpath='{.data.<KEY>}' | base64 -d\n` +
    (onApplication
      ? '# <CLUSTER>_RELAY_JWT_PRIVATE_KEY goes into CodeCanvas (phase 2, the relay server settings); CODECANVAS_MASTER_SECRET is the\n' +
        '# environment variable of the same name that synth reads and seals (it must never be lost).\n'
      : '# Each is the environment variable of the same name that synth reads and seals (phase 3, once the jump and operator IDs are set).\n');
  return { name: sealedFileName(group.cluster), content: `${header}${toYamlStream(chart.toJson())}`, mode: 0o644 };
}

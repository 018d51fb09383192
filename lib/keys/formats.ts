/** The keys command's output formats: Key Vault files + upload.sh, an env file, SealedSecrets. */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { hostnames } from '../charts/codecanvas-values';
import { LoadedConfig, MAX_CERTIFICATE_BYTES } from '../config/load';
import { readTextFile, UnreadableFileError } from '../util/read-file';
import { ENV_VAR, ENV_VAR_RULE, KEY_VAULT_SECRET_NAME } from '../config/rules';
import { ResolvedConfig } from '../config/schema';
import { shellQuote } from '../util/shell';
import { toYamlStream } from '../util/yaml';
import { SealingScope } from '../secrets/seal';
import { SealedSecretSource } from '../secrets/sealed-secret-source';
import { SecretReference, SecretSpec } from '../constructs/secret-source';
import { ClusterKeyMaterial, GeneratedSecret, KeyMaterial } from './generate';
import { KeysCommandError, KeysFile } from './keys-files';
import {
  envVarName,
  GENERATED_KEYS_SECRET_NAME,
  KEYS_PRIVATE_FILE_HEADER,
  JUMP_SECRET_KEYS,
  JUMP_SECRET_NAME,
  OPERATOR_SECRET_KEYS,
  OPERATOR_SECRET_NAME,
} from '../util/names';

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

/** The master secret's key honours `secrets.names.masterSecret` when it fits the naming rule of the target. */
export function masterSecretKey(config: ResolvedConfig, secret: GeneratedSecret, kind: 'keyVault' | 'env'): string {
  const override = config.secrets.names.masterSecret;
  const fallback = kind === 'keyVault' ? secret.keyVaultName : secret.envVar;
  if (secret.name !== 'masterSecret' || !override) return fallback;
  return (kind === 'keyVault' ? KEY_VAULT_SECRET_NAME : ENV_VAR).test(override) ? override : fallback;
}

export function keyVaultName(config: ResolvedConfig, vaultName: string | undefined): string {
  const vault = vaultName ?? vaultNameOf(config.secrets.keyVault?.vaultUrl);
  if (!vault) throw new KeysCommandError('--format keyvault needs the vault: give --vault-name NAME or secrets.keyVault.vaultUrl in the config');
  if (!/^[0-9A-Za-z-]{3,24}$/.test(vault)) throw new KeysCommandError(`--vault-name ${JSON.stringify(vault)} must be a Key Vault name: 3-24 letters, digits and "-"`);
  return vault;
}

export function keyVaultFiles(config: ResolvedConfig, secrets: readonly GeneratedSecret[], vault: string): KeysFile[] {
  const files: KeysFile[] = [];
  const lines = [
    '#!/bin/sh',
    `# Uploads the generated secrets to Azure Key Vault ${vault} (needs \`az login\` and permission to set secrets).`,
    '# Afterwards Key Vault holds the only copy: delete the private files in this folder.',
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
  files.push({ name: 'upload.sh', content: `${lines.join('\n')}\n`, mode: 0o755 });
  return files;
}

/** `https://my-vault.vault.azure.net/` -> `my-vault`. */
export function vaultNameOf(vaultUrl: string | undefined): string | undefined {
  if (!vaultUrl) return undefined;
  try {
    return new URL(vaultUrl).hostname.split('.')[0] || undefined;
  } catch {
    return undefined;
  }
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
}

export function sealedSource(loaded: LoadedConfig, options: SealedOptions, io: KeysIo): SealedOutputSource {
  const config = loaded.config;
  const certFile = options.cert
    ? path.resolve(io.cwd, options.cert)
    : config.secrets.sealedSecrets
      ? path.resolve(loaded.baseDir, config.secrets.sealedSecrets.certificateFile)
      : undefined;
  if (!certFile) throw new KeysCommandError('--format sealed needs the controller certificate: give --cert FILE or secrets.sealedSecrets.certificateFile in the config');
  let certificate: string;
  try {
    certificate = readTextFile(certFile, MAX_CERTIFICATE_BYTES);
  } catch (e) {
    if (e instanceof UnreadableFileError) throw new KeysCommandError(`certificate ${certFile} ${e.reason}`);
    throw e;
  }
  const scope = options.scope ?? config.secrets.sealedSecrets?.scope ?? 'strict';
  const values: Record<string, string> = {};
  try {
    return { source: new SealedSecretSource({ certificate, scope, env: values }), values };
  } catch (e) {
    throw new KeysCommandError(`${(e as Error).message} (read from ${certFile})`);
  }
}

export function sealedFiles(config: ResolvedConfig, sealed: SealedOutputSource, material: KeyMaterial, options: SealedOptions, io: KeysIo): KeysFile[] {
  const { source, values } = sealed;
  const scope = source.scope;
  const ref = (key: string, value: string, field: string): SecretReference => {
    values[key] = value;
    return { key, field };
  };
  const seal = (header: string, specs: readonly SecretSpec[]): string => {
    const chart = new Chart(new App(), 'keys', { disableResourceNameHashes: true });
    specs.forEach((spec, i) => source.materialize(chart, `Secret${i}`, spec));
    const problems = chart.node.findAll().flatMap((c) => c.node.validate());
    if (problems.length > 0) throw new KeysCommandError(problems.join('\n'));
    return `${header}${toYamlStream(chart.toJson())}`;
  };
  const files: KeysFile[] = [];
  const hosts = hostnames(config.domain);
  const appSecrets: Record<string, SecretReference> = {};
  if (!options.skipMasterSecret) appSecrets[envVarName('masterSecret')] = ref(envVarName('masterSecret'), material.masterSecret, 'masterSecret');
  for (const c of material.clusters) {
    const cluster = config.devEnvironmentClusters.find((d) => d.name === c.cluster)!;
    const relayVar = envVarName('relayJwtPrivateKey', c.cluster);
    appSecrets[relayVar] = ref(relayVar, c.relayJwt.privateKeyPem, relayVar);
    const specs = clusterSpecs(cluster, c, hosts, ref, io);
    files.push({
      name: `${c.cluster}.sealed.yaml`,
      content: seal(
        `# Cluster ${c.cluster}: the jump and operator Secrets (${JUMP_SECRET_NAME}, ${OPERATOR_SECRET_NAME}) in namespace ` +
          `${cluster.systemNamespace}, sealed (${scope}) by the keys command.\n` +
          '# With secrets.source sealedSecrets the synth writes these Secrets itself from environment variables; this file is\n' +
          '# for installing them without keeping the private keys anywhere in plain text. Apply it to that cluster.\n',
        specs,
      ),
      mode: 0o644,
    });
  }
  if (Object.keys(appSecrets).length > 0) {
    files.unshift({
      name: 'application.sealed.yaml',
      content: seal(
        `# The installation-level private keys, sealed (${scope}) into Secret ${GENERATED_KEYS_SECRET_NAME} in namespace ${config.namespace}.\n` +
          '# No chart reads this Secret. After applying it to the application cluster, read each value once:\n' +
          `#   kubectl -n ${config.namespace} get secret ${GENERATED_KEYS_SECRET_NAME} -o jsonpath='{.data.<KEY>}' | base64 -d\n` +
          '# <CLUSTER>_RELAY_JWT_PRIVATE_KEY goes into CodeCanvas (the relay server settings); CODECANVAS_MASTER_SECRET is\n' +
          '# needed by the synth (secret source) and must never be lost.\n',
        [{ name: GENERATED_KEYS_SECRET_NAME, namespace: config.namespace, secrets: appSecrets }],
      ),
      mode: 0o644,
    });
  }
  return files;
}

function clusterSpecs(
  cluster: ResolvedConfig['devEnvironmentClusters'][number],
  keys: ClusterKeyMaterial,
  hosts: { main: string; compute: string },
  ref: (key: string, value: string, field: string) => SecretReference,
  io: KeysIo,
): SecretSpec[] {
  const namespace = cluster.systemNamespace;
  const jumpLiterals: Record<string, string> = { [JUMP_SECRET_KEYS.canvasUrl]: `https://${hosts.main}` };
  const operatorLiterals: Record<string, string> = { [OPERATOR_SECRET_KEYS.serverUrl]: `https://${hosts.compute}` };
  if (cluster.jump.instanceId) jumpLiterals[JUMP_SECRET_KEYS.instanceId] = cluster.jump.instanceId;
  else io.stderr(`keys: warning: ${cluster.name}: jump.instanceId is not in the config, so ${JUMP_SECRET_NAME} lacks ${JUMP_SECRET_KEYS.instanceId}\n`);
  if (cluster.operator.instanceId) operatorLiterals[OPERATOR_SECRET_KEYS.instanceId] = cluster.operator.instanceId;
  else io.stderr(`keys: warning: ${cluster.name}: operator.instanceId is not in the config, so ${OPERATOR_SECRET_NAME} lacks ${OPERATOR_SECRET_KEYS.instanceId}\n`);
  const v = (name: Parameters<typeof envVarName>[0], value: string) => ref(envVarName(name, cluster.name), value, envVarName(name, cluster.name));
  return [
    {
      name: JUMP_SECRET_NAME,
      namespace,
      literals: jumpLiterals,
      secrets: {
        [JUMP_SECRET_KEYS.jwtPrivateKey]: v('jumpJwtPrivateKey', keys.jumpJwt.privateKeyPem),
        [JUMP_SECRET_KEYS.sshHostKey]: v('jumpSshHostKey', keys.jumpSshHostKey.privateKeyPem),
      },
    },
    {
      name: OPERATOR_SECRET_NAME,
      namespace,
      literals: operatorLiterals,
      secrets: { [OPERATOR_SECRET_KEYS.jwtPrivateKey]: v('operatorJwtPrivateKey', keys.operatorJwt.privateKeyPem) },
    },
  ];
}

/**
 * The `keys` command: generates the key material of an installation once (outside synth, which never makes
 * random material) and writes it where the chosen secret source wants it, plus the public halves for the config.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { hostnames } from '../charts/codecanvas-values';
import { ConfigError } from '../config/errors';
import { LoadedConfig, loadConfigFile, resolveConfigPath } from '../config/load';
import { ENV_VAR, ENV_VAR_RULE, KEY_VAULT_SECRET_NAME } from '../config/rules';
import { ResolvedConfig } from '../config/schema';
import { toYamlStream } from '../output/yaml';
import { SEALING_SCOPES, SealingScope } from '../secrets/seal';
import { SealedSecretSource } from '../secrets/sealed-secret-source';
import { SecretReference, SecretSpec } from '../secrets/secret-source';
import { ClusterKeyMaterial, GeneratedSecret, generateKeyMaterial, KeyMaterial, privateSecrets } from './generate';
import {
  envVarName,
  GENERATED_KEYS_SECRET_NAME,
  JUMP_SECRET_KEYS,
  JUMP_SECRET_NAME,
  OPERATOR_SECRET_KEYS,
  OPERATOR_SECRET_NAME,
  RELAY_SECRET_KEYS,
  RELAY_SECRET_NAME,
} from './names';
import { UsageError } from '../cli/args';
import { KEYS } from '../cli/command-definitions';
import { helpText, parseCommand } from '../cli/command-spec';

export type KeysFormat = 'keyvault' | 'sealed' | 'env';
export const KEYS_FORMATS: readonly KeysFormat[] = ['keyvault', 'sealed', 'env'];

export interface KeysCommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths on the command line resolve against it. */
  readonly cwd: string;
}

export const KEYS_HELP = helpText(KEYS);

/** Knobs for tests; the command line has no way to set them. */
export interface KeysCommandTuning {
  /**
   * RSA modulus length of the SSH host keys (tests use 2048 to run faster).
   * @default 4096
   */
  readonly sshHostKeyBits?: number;
}

class CommandError extends Error {}

interface Options {
  config?: string;
  out?: string;
  format?: KeysFormat;
  cert?: string;
  scope?: SealingScope;
  vaultName?: string;
  clusters: string[];
  skipMasterSecret: boolean;
  force: boolean;
  help: boolean;
}

/** A file to write, relative to the output folder. */
interface KeysFile {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

/**
 * Runs `keys` with `argv` (the arguments after the command name). Returns the exit code: 0 written, 1 refused
 * or invalid input (nothing written), 2 bad command line.
 */
export function runKeysCommand(argv: string[], io: KeysCommandIo, tuning: KeysCommandTuning = {}): number {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`keys: ${e.message}\nRun 'codecanvas-cdk8s keys --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    io.stdout(KEYS_HELP);
    return 0;
  }
  try {
    if (!options.out) throw new UsageError('--out DIR is required');
    const outDir = path.resolve(io.cwd, options.out);
    checkOutDir(outDir, io);
    const loaded = loadConfigFile(resolveConfigPath(options.config, io.env, io.cwd));
    const format = options.format ?? defaultFormat(loaded.config);
    const clusters = selectClusters(loaded.config, options.clusters);
    // Everything that can fail on input is checked before keys are made.
    const render = prepareFormat(format, loaded, options, io);
    const material = generateKeyMaterial({ clusters: clusters.map((c) => c.name), sshHostKeyBits: tuning.sshHostKeyBits });
    const files = [...render(material), { name: 'public.yaml', content: publicYaml(loaded, material), mode: 0o644 }, ...publicKeyFiles(material)];
    writeFiles(outDir, files, options.force);
    io.stdout(
      `keys: generated ${options.skipMasterSecret ? '' : 'the master secret and '}the keys of ${clusters.length} cluster(s) from ${loaded.source}\n` +
        files.map((f) => `  ${path.join(outDir, f.name)}\n`).join('') +
        `Merge public.yaml into the config. ${nextStep(format)}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`keys: ${e.message}\nRun 'codecanvas-cdk8s keys --help' for usage.\n`);
      return 2;
    }
    if (e instanceof CommandError || e instanceof ConfigError) {
      io.stderr(`keys: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function parseArgs(argv: string[]): Options {
  const values = parseCommand(argv, KEYS) as {
    config?: string; out?: string; format?: string; cert?: string; scope?: string; 'vault-name'?: string;
    cluster?: string[]; 'skip-master-secret'?: boolean; force?: boolean; help?: boolean;
  };
  return {
    config: values.config,
    out: values.out,
    format: oneOf('--format', values.format, KEYS_FORMATS),
    cert: values.cert,
    scope: oneOf('--scope', values.scope, SEALING_SCOPES),
    vaultName: values['vault-name'],
    clusters: values.cluster ?? [],
    skipMasterSecret: values['skip-master-secret'] ?? false,
    force: values.force ?? false,
    help: values.help ?? false,
  };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) throw new UsageError(`${flag} ${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

function defaultFormat(config: ResolvedConfig): KeysFormat {
  if (config.secrets.source === 'sealedSecrets') return 'sealed';
  if (config.secrets.source === 'env') return 'env';
  return 'keyvault';
}

function selectClusters(config: ResolvedConfig, names: readonly string[]): ResolvedConfig['devEnvironmentClusters'] {
  if (names.length === 0) return config.devEnvironmentClusters;
  const known = config.devEnvironmentClusters.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new CommandError(`--cluster ${unknown.map((n) => JSON.stringify(n)).join(', ')} is not in devEnvironmentClusters (${known.join(', ') || 'none'})`);
  }
  return config.devEnvironmentClusters.filter((c) => names.includes(c.name));
}

/**
 * Refuses an output folder inside a git work tree's `dist/` (synth output, committed for GitOps): private keys
 * must not land there. Warns when the folder is elsewhere inside a work tree.
 */
function checkOutDir(outDir: string, io: KeysCommandIo): void {
  const top = gitWorkTree(outDir);
  if (!top) return;
  const rel = path.relative(top, outDir).split(path.sep);
  if (rel[0] === 'dist') {
    throw new CommandError(`--out ${outDir} is inside ${path.join(top, 'dist')}, the synth output that is committed to Git; choose a folder outside the work tree`);
  }
  io.stderr(`keys: warning: ${outDir} is inside the git work tree ${top}; make sure the private files are never committed\n`);
}

function gitWorkTree(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function writeFiles(outDir: string, files: readonly KeysFile[], force: boolean): void {
  if (!force) {
    const existing = files.map((f) => path.join(outDir, f.name)).filter((p) => fs.existsSync(p));
    if (existing.length > 0) {
      throw new CommandError(`refusing to overwrite existing files (pass --force to replace them; nothing was written):\n${existing.map((p) => `  ${p}`).join('\n')}`);
    }
  }
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  for (const file of files) {
    const dest = path.join(outDir, file.name);
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    fs.writeFileSync(dest, file.content, { mode: file.mode, flag: force ? 'w' : 'wx' });
    fs.chmodSync(dest, file.mode);
  }
}

/** Checks the inputs of `format` and returns the function that renders its files from the generated material. */
function prepareFormat(format: KeysFormat, loaded: LoadedConfig, options: Options, io: KeysCommandIo): (material: KeyMaterial) => KeysFile[] {
  const secretsOf = (material: KeyMaterial) => privateSecrets(material, { includeMasterSecret: !options.skipMasterSecret });
  switch (format) {
    case 'keyvault': {
      const vault = keyVaultName(loaded.config, options);
      return (material) => keyVaultFiles(loaded.config, secretsOf(material), vault);
    }
    case 'env':
      return (material) => [{ name: 'secrets.env', content: envFile(loaded.config, secretsOf(material)), mode: 0o600 }];
    case 'sealed': {
      const source = sealedSource(loaded, options, io);
      return (material) => sealedFiles(loaded.config, source, material, options, io);
    }
  }
}

function nextStep(format: KeysFormat): string {
  switch (format) {
    case 'keyvault':
      return 'Run upload.sh (az login first), then delete the private files.';
    case 'env':
      return 'Load secrets.env into the environment of the synth (set -a; . ./secrets.env; set +a), and keep it out of Git.';
    case 'sealed':
      return 'Apply or commit the *.sealed.yaml files; only the controller holding the certificate\'s private key can read them.';
  }
}

/** The master secret's key honours `secrets.names.masterSecret` when it fits the naming rule of the target. */
function masterSecretKey(config: ResolvedConfig, secret: GeneratedSecret, kind: 'keyVault' | 'env'): string {
  const override = config.secrets.names.masterSecret;
  const fallback = kind === 'keyVault' ? secret.keyVaultName : secret.envVar;
  if (secret.name !== 'masterSecret' || !override) return fallback;
  return (kind === 'keyVault' ? KEY_VAULT_SECRET_NAME : ENV_VAR).test(override) ? override : fallback;
}

function keyVaultName(config: ResolvedConfig, options: Options): string {
  const vault = options.vaultName ?? vaultNameOf(config.secrets.keyVault?.vaultUrl);
  if (!vault) throw new CommandError('--format keyvault needs the vault: give --vault-name NAME or secrets.keyVault.vaultUrl in the config');
  if (!/^[0-9A-Za-z-]{3,24}$/.test(vault)) throw new CommandError(`--vault-name ${JSON.stringify(vault)} must be a Key Vault name: 3-24 letters, digits and "-"`);
  return vault;
}

function keyVaultFiles(config: ResolvedConfig, secrets: readonly GeneratedSecret[], vault: string): KeysFile[] {
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

function envFile(config: ResolvedConfig, secrets: readonly GeneratedSecret[]): string {
  const lines = [
    '# Generated by the keys command. PRIVATE: keep out of Git, delete when the values are stored elsewhere.',
    '# Load into the environment of the synth (secrets.source env or sealedSecrets): set -a; . ./secrets.env; set +a',
  ];
  for (const secret of secrets) {
    const name = masterSecretKey(config, secret, 'env');
    if (!ENV_VAR.test(name)) throw new CommandError(`environment variable name ${JSON.stringify(name)} (${secret.cluster ?? 'installation'}) ${ENV_VAR_RULE}; rename the cluster`);
    lines.push(`export ${name}=${shellQuote(secret.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

interface SealedOutputSource {
  readonly source: SealedSecretSource;
  /** The environment the source reads from; filled with the generated values before sealing. */
  readonly values: Record<string, string>;
}

function sealedSource(loaded: LoadedConfig, options: Options, io: KeysCommandIo): SealedOutputSource {
  const config = loaded.config;
  const certFile = options.cert
    ? path.resolve(io.cwd, options.cert)
    : config.secrets.sealedSecrets
      ? path.resolve(loaded.baseDir, config.secrets.sealedSecrets.certificateFile)
      : undefined;
  if (!certFile) throw new CommandError('--format sealed needs the controller certificate: give --cert FILE or secrets.sealedSecrets.certificateFile in the config');
  let certificate: string;
  try {
    certificate = fs.readFileSync(certFile, 'utf8');
  } catch (e) {
    throw new CommandError(`certificate ${certFile} cannot be read: ${(e as Error).message}`);
  }
  const scope = options.scope ?? config.secrets.sealedSecrets?.scope ?? 'strict';
  const values: Record<string, string> = {};
  try {
    return { source: new SealedSecretSource({ certificate, scope, env: values }), values };
  } catch (e) {
    throw new CommandError(`${(e as Error).message} (read from ${certFile})`);
  }
}

function sealedFiles(config: ResolvedConfig, sealed: SealedOutputSource, material: KeyMaterial, options: Options, io: KeysCommandIo): KeysFile[] {
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
    if (problems.length > 0) throw new CommandError(problems.join('\n'));
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
  io: KeysCommandIo,
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

/** The public halves as a config snippet (devEnvironmentClusters[].relay/jump/operator), with where each goes. */
export function publicYaml(loaded: LoadedConfig, material: KeyMaterial): string {
  const out = [
    '# Public halves of the keys generated by the keys command (not secret; safe to commit).',
    `# Merge into the config (${loaded.source}): each entry below matches a devEnvironmentClusters[] item by name.`,
    '# The jump and operator public keys are not config fields: they go into CodeCanvas itself (see the',
    '# comments and the public-keys/ files beside this one).',
    'devEnvironmentClusters:',
  ];
  for (const c of material.clusters) {
    out.push(
      `  - name: ${c.cluster}`,
      '    relay:',
      `      # Relay JWT public key: synth writes it into Secret ${RELAY_SECRET_NAME} (key ${RELAY_SECRET_KEYS.jwtPublicKey}).`,
      `      # Its private half (${envVarName('relayJwtPrivateKey', c.cluster)}) goes into CodeCanvas with the relay server's settings.`,
      `      jwtPublicKey: ${block(c.relayJwt.publicKeyPem, 8)}`,
      `    # Jump server: public-keys/${c.cluster}.jump-jwt.pub.pem and public-keys/${c.cluster}.jump-ssh-host.pub go into`,
      `    # CodeCanvas's jump server settings; the private halves are ${JUMP_SECRET_KEYS.jwtPrivateKey} and ${JUMP_SECRET_KEYS.sshHostKey} in ${JUMP_SECRET_NAME}.`,
      `    # Operator: public-keys/${c.cluster}.operator-jwt.pub.pem goes into this cluster's Computing Platform connection;`,
      `    # the private half is ${OPERATOR_SECRET_KEYS.jwtPrivateKey} in ${OPERATOR_SECRET_NAME}.`,
    );
  }
  if (material.clusters.length === 0) out[out.length - 1] = 'devEnvironmentClusters: []  # the config has no dev-environment clusters';
  return `${out.join('\n')}\n`;
}

/** The public keys that go into CodeCanvas rather than the config, one file each. */
export function publicKeyFiles(material: KeyMaterial): KeysFile[] {
  return material.clusters.flatMap((c) => [
    { name: `public-keys/${c.cluster}.jump-jwt.pub.pem`, content: c.jumpJwt.publicKeyPem, mode: 0o644 },
    { name: `public-keys/${c.cluster}.jump-ssh-host.pub`, content: `${c.jumpSshHostKey.publicKeyOpenSsh}\n`, mode: 0o644 },
    { name: `public-keys/${c.cluster}.operator-jwt.pub.pem`, content: c.operatorJwt.publicKeyPem, mode: 0o644 },
  ]);
}

/** A YAML literal block scalar (`|`) of a PEM, indented by `indent` spaces. */
function block(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = text.replace(/\n$/, '').split('\n');
  return `|\n${lines.map((l) => `${pad}${l}`).join('\n')}`;
}

// Runs as a script: `node scripts/run-ts.js lib/keys/keys-command.ts --out DIR ...` (run-ts.js requires the
// bundle, so `require.main` is not this module there; the entry path is in argv[1]).
if (require.main === module || /[\\/]lib[\\/]keys[\\/]keys-command\.[jt]s$/.test(process.argv[1] ?? '')) {
  process.exitCode = runKeysCommand(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
  });
}

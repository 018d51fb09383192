/**
 * The `keys` command: generates the key material of an installation once (outside synth, which never makes
 * random material) and writes it where the chosen secret source wants it, plus the public halves for the config.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/config/errors';
import { LoadedConfig, loadConfigFile, MAX_CONFIG_BYTES, resolveConfigPath } from '../lib/config/load';
import { readTextFile, UnreadableFileError } from '../lib/util/read-file';
import { ResolvedConfig } from '../lib/config/schema';
import { SEALING_SCOPES, SealingScope } from '../lib/secrets/seal';
import { envFile, keyVaultFiles, keyVaultName, sealedFileName, sealedFiles, sealedTargets } from './keys/formats';
import { generateKeyMaterial, KeyMaterial, privateSecrets } from './keys/generate';
import { checkOutDir, gitignoreFile, GITIGNORE, gitWorkTree, KeysCommandError, KeysFile, OutputFolder, writeFiles } from './keys/keys-files';
import { outputDir } from './synth-command';
import { publicKeyFiles, publicYaml } from './keys/public-keys';
import { APPLICATION_CLUSTER, DEFAULT_SECRET_KEYS, envVarName, GENERATED_KEYS_SECRET_NAME, JUMP_SECRET_NAME, keyVaultSecretName, OPERATOR_SECRET_NAME } from '../lib/util/names';
import { ConfigUpdate, updateConfigText } from './keys/update-config';
import { embeddedExamplePath } from '../lib/paths';
import { refusedEnvironment, UsageError } from './args';
import { KEYS } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { sealingKeyFile } from './keys/sealing-key';
import { maskSecrets } from '../lib/util/secret-text';

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


interface Options {
  allowFormatMismatch: boolean;
  allowGitWorktree: boolean;
  updateConfig: boolean;
  replaceKeys: boolean;
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

// Re-exported: tests and other callers import them from the command.
export { vaultNameOf } from './keys/formats';
export { publicKeyFiles, publicYaml } from './keys/public-keys';


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
    if (options.replaceKeys && !options.updateConfig) throw new UsageError('--replace-keys only works with --update-config (it replaces relay public keys the config file already holds)');
    const outDir = path.resolve(io.cwd, options.out);
    const loaded = loadConfigFile(resolveConfigPath(options.config, io.env, io.cwd), { outputRules: false });
    const workTree = checkOutDir(outDir, outputFolders(loaded, io), options.allowGitWorktree);
    const format = options.format ?? defaultFormat(loaded.config);
    checkFormat(format, loaded.config, options, io);
    if (options.updateConfig && path.resolve(loaded.source) === embeddedExamplePath()) {
      throw new KeysCommandError('--update-config needs your own config file (--config FILE, CODECANVAS_CONFIG or ./codecanvas.yaml), not the embedded example');
    }
    const clusters = selectClusters(loaded.config, options.clusters);
    // Everything that can fail on input is checked before keys are made.
    const render = prepareFormat(format, loaded, options, io, clusters);
    const material = generateKeyMaterial({ clusters: clusters.map((c) => c.name), sshHostKeyBits: tuning.sshHostKeyBits });
    const files = [...render(material), { name: 'public.yaml', content: publicYaml(loaded, material), mode: 0o644 }, ...publicKeyFiles(material)];
    // Sealed Secrets: the key that makes synth's sealing reproducible for its holder only (cli/keys/sealing-key.ts).
    if (loaded.config.secrets.source === 'sealedSecrets' && !options.skipMasterSecret) files.push(sealingKeyFile());
    // The config edit is prepared before anything is written, so a file that cannot be edited writes nothing.
    const update = options.updateConfig ? prepareConfigUpdate(loaded.source, material, options.replaceKeys) : undefined;
    if (!update) noteExistingKeys(clusters, io);
    const gitignore = workTree ? gitignoreFile(outDir, files) : undefined;
    writeFiles(outDir, files, options.force, gitignore);
    if (workTree) {
      io.stderr(
        `keys: ${outDir} is inside the Git work tree ${workTree} (--allow-git-worktree): ` +
          `${gitignore ? `wrote ${path.join(outDir, GITIGNORE)}, which lists` : `${path.join(outDir, GITIGNORE)} already lists`} every private file written here; ` +
          'check with git status that none of them is staged, and move them out of the work tree when you can\n',
      );
    }
    if (update) {
      fs.writeFileSync(loaded.source, update.text);
      for (const r of update.replaced) io.stderr(`keys: --replace-keys: replaced ${r.field} (${r.from} -> ${r.to}) in ${loaded.source}\n`);
    }
    io.stdout(
      `keys: generated ${options.skipMasterSecret ? '' : 'the master secret and '}the keys of ${clusters.length} cluster(s) from ${loaded.source}\n` +
        files.map((f) => `  ${path.join(outDir, f.name)}\n`).join('') +
        (update
          ? `Wrote relay.jwtPublicKey of ${update.updated.join(', ') || 'no cluster'} into ${loaded.source} (comments kept).${update.notFound.length ? ` Not found there: ${update.notFound.join(', ')}; merge public.yaml for those.` : ''} `
          : 'Merge public.yaml into the config (or run with --update-config). ') +
        `${nextStep(format, loaded.config, material, options, clusters)}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`keys: ${e.message}\nRun 'codecanvas-cdk8s keys --help' for usage.\n`);
      return 2;
    }
    if (e instanceof KeysCommandError || e instanceof ConfigError) {
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
    'allow-format-mismatch'?: boolean; 'update-config'?: boolean; 'replace-keys'?: boolean; 'allow-git-worktree'?: boolean;
  };
  return {
    allowGitWorktree: values['allow-git-worktree'] ?? false,
    allowFormatMismatch: values['allow-format-mismatch'] ?? false,
    updateConfig: values['update-config'] ?? false,
    replaceKeys: values['replace-keys'] ?? false,
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

/**
 * The format whose output is what the next step for each secrets.source needs: sealedSecrets reads the same
 * environment variables as env at synth time and seals them itself (see the table in docs/secrets.md).
 */
const FORMAT_OF_SOURCE: Record<ResolvedConfig['secrets']['source'], KeysFormat> = { keyVault: 'keyvault', sealedSecrets: 'env', env: 'env' };

/**
 * A format that does not fit secrets.source. `sealed` never writes a Secret synth writes (only
 * codecanvas-generated-keys), but next to a Key Vault or env source it leaves the values where that source cannot
 * read them, so it is refused unless --allow-format-mismatch; `sealed` next to sealedSecrets keeps the values
 * sealed until synth's environment needs them; other mismatches are warned about.
 */
function checkFormat(format: KeysFormat, config: ResolvedConfig, options: Options, io: KeysCommandIo): void {
  const source = config.secrets.source;
  if (FORMAT_OF_SOURCE[source] === format) return;
  if (source === 'sealedSecrets' && format === 'sealed') return;
  if (format === 'sealed' && !options.allowFormatMismatch) {
    throw new KeysCommandError(
      `--format sealed conflicts with secrets.source ${source}: synth reads ${JUMP_SECRET_NAME} and ${OPERATOR_SECRET_NAME} from ` +
        `${source === 'keyVault' ? 'Key Vault (ExternalSecrets)' : 'the environment (plain Secrets)'}, and this format keeps the values only in ` +
        `SealedSecret ${GENERATED_KEYS_SECRET_NAME}. ` +
        `Use --format ${FORMAT_OF_SOURCE[source]} (the default for this config), or pass --allow-format-mismatch if you are switching secrets.source to sealedSecrets`,
    );
  }
  io.stderr(
    `keys: warning: --format ${format} does not match secrets.source ${source} (which reads --format ${FORMAT_OF_SOURCE[source]}): ` +
      'synth will not see these values until they are stored where the source reads them\n',
  );
}

/**
 * The folders synth writes to for this config: the default output folder (CDK8S_OUTDIR, CDK8S_OUTPUT, else dist,
 * from the working folder) and gitops.path (else dist) in the Git work trees of the config file and of the working
 * folder.
 */
function outputFolders(loaded: LoadedConfig, io: KeysCommandIo): OutputFolder[] {
  const folders: OutputFolder[] = [{ dir: path.resolve(io.cwd, outputDir(io.env)), from: "synth's default output folder" }];
  const committed = loaded.config.gitops?.path ?? 'dist';
  for (const top of new Set([gitWorkTree(loaded.baseDir), gitWorkTree(io.cwd)])) {
    if (top) folders.push({ dir: path.join(top, committed), from: loaded.config.gitops ? 'gitops.path' : 'the default output folder' });
  }
  return folders;
}

/**
 * The config edit of --update-config. A value the file already holds is replaced only with --replace-keys: those
 * keys are in use (in CodeCanvas, the secret source, the cluster), and a silent replacement would break the relay.
 */
function prepareConfigUpdate(file: string, material: KeyMaterial, replaceKeys: boolean): ConfigUpdate {
  let update: ConfigUpdate;
  try {
    update = updateConfigText(readTextFile(file, MAX_CONFIG_BYTES), material);
  } catch (e) {
    throw new KeysCommandError(`--update-config: ${file}: ${e instanceof UnreadableFileError ? e.reason : (e as Error).message}`);
  }
  if (update.replaced.length > 0 && !replaceKeys) {
    throw new KeysCommandError(
      `--update-config would replace values ${file} already holds (nothing was written):\n` +
        update.replaced.map((r) => `  ${r.field}: ${r.from} -> ${r.to}\n`).join('') +
        'Those keys may be in use (CodeCanvas, the secret source, the cluster). Pass --replace-keys to replace them with the new key set, ' +
        'or run without --update-config (or with --cluster for the clusters that have no key yet)',
    );
  }
  return update;
}

/** Says, when the config already holds relay public keys of the clusters keys are made for, that this is a new key set. */
function noteExistingKeys(clusters: ResolvedConfig['devEnvironmentClusters'], io: KeysCommandIo): void {
  const existing = clusters.filter((c) => c.relay.jwtPublicKey !== undefined).map((c) => c.name);
  if (existing.length === 0) return;
  io.stderr(
    `keys: note: the config already holds relay.jwtPublicKey of ${existing.join(', ')}: this run made a NEW key set for ${existing.length === 1 ? 'it' : 'them'} ` +
      '(relay, jump and operator keys), which does not match the keys in use. Use it only to replace all of them together: the config ' +
      '(public.yaml, or --update-config --replace-keys), CodeCanvas (phase 2) and the secret source; otherwise delete these files\n',
  );
}

function defaultFormat(config: ResolvedConfig): KeysFormat {
  return FORMAT_OF_SOURCE[config.secrets.source];
}

function selectClusters(config: ResolvedConfig, names: readonly string[]): ResolvedConfig['devEnvironmentClusters'] {
  if (names.length === 0) return config.devEnvironmentClusters;
  const known = config.devEnvironmentClusters.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new KeysCommandError(`--cluster ${unknown.map((n) => JSON.stringify(n)).join(', ')} is not in devEnvironmentClusters (${known.join(', ') || 'none'})`);
  }
  return config.devEnvironmentClusters.filter((c) => names.includes(c.name));
}


/** Checks the inputs of `format` and returns the function that renders its files from the generated material. */
function prepareFormat(
  format: KeysFormat,
  loaded: LoadedConfig,
  options: Options,
  io: KeysCommandIo,
  clusters: ResolvedConfig['devEnvironmentClusters'],
): (material: KeyMaterial) => KeysFile[] {
  const secretsOf = (material: KeyMaterial) => privateSecrets(material, { includeMasterSecret: !options.skipMasterSecret });
  switch (format) {
    case 'keyvault': {
      const vault = keyVaultName(loaded.config, options.vaultName);
      return (material) => keyVaultFiles(loaded.config, secretsOf(material), vault);
    }
    case 'env':
      return (material) => [{ name: 'secrets.env', content: envFile(loaded.config, secretsOf(material)), mode: 0o600 }];
    case 'sealed': {
      const targets = sealedTargets(loaded, options, io, clusters);
      return (material) => sealedFiles(loaded.config, targets, secretsOf(material));
    }
  }
}

/** The closing advice: what the next step does with the files, and where phase 2 gets each relay private key. */
function nextStep(format: KeysFormat, config: ResolvedConfig, material: KeyMaterial, options: Options, clusters: ResolvedConfig['devEnvironmentClusters']): string {
  const relayVars = material.clusters.map((c) => envVarName('relayJwtPrivateKey', c.cluster)).join(', ');
  switch (format) {
    case 'keyvault': {
      const vault = keyVaultName(config, options.vaultName);
      const dbPassword = options.skipMasterSecret ? '' : ` (it asks for the PostgreSQL password unless ${DEFAULT_SECRET_KEYS.env.databasePassword} is set)`;
      const relay = material.clusters.length === 0 ? '' :
        ' Phase 2 (the relay server in CodeCanvas) needs each relay private key; read it back from Key Vault: ' +
          material.clusters.map((c) => `az keyvault secret show --vault-name ${vault} --name ${keyVaultSecretName('relayJwtPrivateKey', c.cluster)} --query value -o tsv`).join('; ') + '.';
      return `Run upload.sh (az login first)${dbPassword}, then delete the private files: Key Vault holds the only copy.${relay}`;
    }
    case 'env': {
      const relay = material.clusters.length === 0 ? '' : ` Phase 2 (the relay server in CodeCanvas) takes ${relayVars} from it.`;
      if (config.secrets.source !== 'sealedSecrets') return `Load secrets.env into the environment of the synth (set -a; . ./secrets.env; set +a), and keep it out of Git.${relay}`;
      return 'Keep secrets.env and sealing-key.env out of Git (a CI secret store, a password manager): they are the only copy. ' +
        `Synth reads them from its environment (set -a; . ./secrets.env; . ./sealing-key.env; set +a), with ${DEFAULT_SECRET_KEYS.env.databasePassword}, and seals the Secrets itself, ` +
        `the jump and operator Secrets once their instance IDs are in the config (phase 3).${relay}`;
    }
    case 'sealed': {
      const files = [
        `${sealedFileName(APPLICATION_CLUSTER)} to the application cluster (Secret ${config.namespace}/${GENERATED_KEYS_SECRET_NAME}, the master secret and the relay keys)`,
        ...clusters.map((c) => `${sealedFileName(c.name)} to ${c.name} (Secret ${c.systemNamespace}/${GENERATED_KEYS_SECRET_NAME}, its jump and operator keys)`),
      ];
      return `Apply each file to its own cluster (kubectl --context <cluster> apply -f <file>; create the namespace first if it does not exist yet): ${files.join('; ')}. Each is sealed with that cluster's controller certificate, ` +
        'so only that controller can open it; synth never writes these Secrets. ' +
        'Synth seals the jump and operator Secrets itself from its environment: before it runs, read each value back ' +
        `(kubectl --context <cluster> -n <namespace> get secret ${GENERATED_KEYS_SECRET_NAME} -o jsonpath='{.data.<KEY>}' | base64 -d) into the variable of the same name.` +
        (material.clusters.length === 0 ? '' : ` Phase 2 (the relay server in CodeCanvas) takes ${relayVars} from the application cluster's.`);
    }
  }
}


// Runs as a script: `node scripts/run-ts.js cli/keys-command.ts --out DIR ...` (run-ts.js requires the
// bundle, so `require.main` is not this module there; the entry path is in argv[1]).
if (require.main === module || /[\\/]cli[\\/]keys-command\.[jt]s$/.test(process.argv[1] ?? '')) {
  // The variables keys reads paths from, under the rule the codecanvas-cdk8s command holds them to.
  const refused = refusedEnvironment(process.env, 'keys', 'keys', (s) => process.stderr.write(maskSecrets(s)));
  process.exitCode = refused ? 2 : runKeysCommand(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(maskSecrets(s)),
    stderr: (s) => process.stderr.write(maskSecrets(s)),
    env: process.env,
    cwd: process.cwd(),
  });
}

/**
 * The `keys` command: generates the key material of an installation once (outside synth, which never makes
 * random material) and writes it where the chosen secret source wants it, plus the public halves for the config.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/errors';
import { LoadedConfig, loadConfigFile, MAX_CONFIG_BYTES, resolveConfigPath } from '../config/load';
import { readTextFile, UnreadableFileError } from '../util/read-file';
import { ResolvedConfig } from '../config/schema';
import { SEALING_SCOPES, SealingScope } from '../secrets/seal';
import { envFile, keyVaultFiles, keyVaultName, sealedFiles, sealedSource } from '../keys/formats';
import { generateKeyMaterial, KeyMaterial, privateSecrets } from '../keys/generate';
import { checkOutDir, gitignoreFile, GITIGNORE, gitWorkTree, KeysCommandError, KeysFile, OutputFolder, writeFiles } from '../keys/keys-files';
import { outputDir } from './synth-command';
import { publicKeyFiles, publicYaml } from '../keys/public-keys';
import { JUMP_SECRET_NAME, OPERATOR_SECRET_NAME } from '../util/names';
import { ConfigUpdate, updateConfigText } from '../keys/update-config';
import { embeddedExamplePath } from '../paths';
import { UsageError } from './args';
import { KEYS } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { sealingKeyFile } from '../keys/sealing-key';
import { maskSecrets } from '../util/secret-text';

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
export { vaultNameOf } from '../keys/formats';
export { publicKeyFiles, publicYaml } from '../keys/public-keys';


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
    const loaded = loadConfigFile(resolveConfigPath(options.config, io.env, io.cwd), { outputRules: false });
    const workTree = checkOutDir(outDir, outputFolders(loaded, io), options.allowGitWorktree);
    const format = options.format ?? defaultFormat(loaded.config);
    checkFormat(format, loaded.config, options, io);
    if (options.updateConfig && path.resolve(loaded.source) === embeddedExamplePath()) {
      throw new KeysCommandError('--update-config needs your own config file (--config FILE, CODECANVAS_CONFIG or ./codecanvas.yaml), not the embedded example');
    }
    const clusters = selectClusters(loaded.config, options.clusters);
    // Everything that can fail on input is checked before keys are made.
    const render = prepareFormat(format, loaded, options, io);
    const material = generateKeyMaterial({ clusters: clusters.map((c) => c.name), sshHostKeyBits: tuning.sshHostKeyBits });
    const files = [...render(material), { name: 'public.yaml', content: publicYaml(loaded, material), mode: 0o644 }, ...publicKeyFiles(material)];
    // Sealed Secrets: the key that makes synth's sealing reproducible for its holder only (lib/keys/sealing-key.ts).
    if (loaded.config.secrets.source === 'sealedSecrets' && !options.skipMasterSecret) files.push(sealingKeyFile());
    // The config edit is prepared before anything is written, so a file that cannot be edited writes nothing.
    const update = options.updateConfig ? prepareConfigUpdate(loaded.source, material) : undefined;
    const gitignore = workTree ? gitignoreFile(outDir, files) : undefined;
    writeFiles(outDir, files, options.force, gitignore);
    if (workTree) {
      io.stderr(
        `keys: ${outDir} is inside the Git work tree ${workTree} (--allow-git-worktree): ` +
          `${gitignore ? `wrote ${path.join(outDir, GITIGNORE)}, which lists` : `${path.join(outDir, GITIGNORE)} already lists`} every private file written here; ` +
          'check with git status that none of them is staged, and move them out of the work tree when you can\n',
      );
    }
    if (update) fs.writeFileSync(loaded.source, update.text);
    io.stdout(
      `keys: generated ${options.skipMasterSecret ? '' : 'the master secret and '}the keys of ${clusters.length} cluster(s) from ${loaded.source}\n` +
        files.map((f) => `  ${path.join(outDir, f.name)}\n`).join('') +
        (update
          ? `Wrote relay.jwtPublicKey of ${update.updated.join(', ') || 'no cluster'} into ${loaded.source} (comments kept).${update.notFound.length ? ` Not found there: ${update.notFound.join(', ')}; merge public.yaml for those.` : ''} `
          : 'Merge public.yaml into the config (or run with --update-config). ') +
        `${nextStep(format)}\n`,
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
    'allow-format-mismatch'?: boolean; 'update-config'?: boolean; 'allow-git-worktree'?: boolean;
  };
  return {
    allowGitWorktree: values['allow-git-worktree'] ?? false,
    allowFormatMismatch: values['allow-format-mismatch'] ?? false,
    updateConfig: values['update-config'] ?? false,
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

/** The format secrets.source reads from. */
const FORMAT_OF_SOURCE: Record<ResolvedConfig['secrets']['source'], KeysFormat> = { keyVault: 'keyvault', sealedSecrets: 'sealed', env: 'env' };

/**
 * A format that does not fit secrets.source: `sealed` next to a source that writes the same Secrets itself (Key Vault
 * ExternalSecrets, plain env Secrets) would make two owners fight over one Secret, so it is refused unless
 * --allow-format-mismatch; other mismatches only mean the values will not reach synth, and are warned about.
 */
function checkFormat(format: KeysFormat, config: ResolvedConfig, options: Options, io: KeysCommandIo): void {
  const source = config.secrets.source;
  if (FORMAT_OF_SOURCE[source] === format) return;
  if (source === 'sealedSecrets' && format === 'env') return; // sealedSecrets reads the values from the environment
  if (format === 'sealed' && !options.allowFormatMismatch) {
    throw new KeysCommandError(
      `--format sealed conflicts with secrets.source ${source}: the output already ${source === 'keyVault' ? 'has ExternalSecrets' : 'writes plain Secrets'} ` +
        `named ${JUMP_SECRET_NAME} and ${OPERATOR_SECRET_NAME}, and SealedSecrets of the same names would fight over them. ` +
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

function prepareConfigUpdate(file: string, material: KeyMaterial): ConfigUpdate {
  try {
    return updateConfigText(readTextFile(file, MAX_CONFIG_BYTES), material);
  } catch (e) {
    throw new KeysCommandError(`--update-config: ${file}: ${e instanceof UnreadableFileError ? e.reason : (e as Error).message}`);
  }
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
    throw new KeysCommandError(`--cluster ${unknown.map((n) => JSON.stringify(n)).join(', ')} is not in devEnvironmentClusters (${known.join(', ') || 'none'})`);
  }
  return config.devEnvironmentClusters.filter((c) => names.includes(c.name));
}


/** Checks the inputs of `format` and returns the function that renders its files from the generated material. */
function prepareFormat(format: KeysFormat, loaded: LoadedConfig, options: Options, io: KeysCommandIo): (material: KeyMaterial) => KeysFile[] {
  const secretsOf = (material: KeyMaterial) => privateSecrets(material, { includeMasterSecret: !options.skipMasterSecret });
  switch (format) {
    case 'keyvault': {
      const vault = keyVaultName(loaded.config, options.vaultName);
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


// Runs as a script: `node scripts/run-ts.js lib/cli/keys-command.ts --out DIR ...` (run-ts.js requires the
// bundle, so `require.main` is not this module there; the entry path is in argv[1]).
if (require.main === module || /[\\/]lib[\\/]cli[\\/]keys-command\.[jt]s$/.test(process.argv[1] ?? '')) {
  process.exitCode = runKeysCommand(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(maskSecrets(s)),
    env: process.env,
    cwd: process.cwd(),
  });
}

/**
 * The `keys` command: generates the key material of an installation once (outside synth, which never makes
 * random material) and writes it where the chosen secret source wants it, plus the public halves for the config.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, MAX_CONFIG_BYTES, resolveConfigPath } from '../lib/config/load';
import { readTextFile } from '../lib/util/read-file';
import { generateKeyMaterial } from './keys/generate';
import { checkOutDir, gitignoreFile, gitWorkTree, KeysCommandError, writeFiles } from './keys/keys-files';
import { outputDir } from './synth-output';
import { prepareConfigUpdate } from './keys/update-config';
import { embeddedExamplePath } from '../lib/paths';
import { refusedEnvironment, UsageError } from './args';
import { KEYS } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { maskSecrets } from '../lib/util/secret-text';
import {
  checkUpdateConfigTarget,
  flagCombinationProblem,
  flagValueProblem,
  formatMismatch,
  KeysFlags,
  keysFormat,
  KeysOptions,
  keysOptions,
  selectClusters,
  synthOutputFolders,
} from './keys/options';
import { prepareFormat } from './keys/output-files';
import { existingKeysNote, keysSummary, nextStep, replacedNote, workTreeNote } from './keys/advice';

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

// Re-exported: tests and other callers import them from the command.
export { vaultNameOf } from './keys/formats';
export { publicKeyFiles, publicYaml } from './keys/public-keys';

/**
 * Runs `keys` with `argv` (the arguments after the command name). Returns the exit code: 0 written, 1 refused
 * or invalid input (nothing written), 2 bad command line. The rules are in cli/keys/options.ts, the messages in
 * cli/keys/advice.ts; this reads the command line, the config and the file system, and writes.
 */
export function runKeysCommand(argv: string[], io: KeysCommandIo, tuning: KeysCommandTuning = {}): number {
  const usage = (message: string): number => {
    io.stderr(`keys: ${message}\nRun 'codecanvas-cdk8s keys --help' for usage.\n`);
    return 2;
  };
  let options: KeysOptions;
  try {
    const flags = parseCommand(argv, KEYS) as KeysFlags;
    const invalid = flagValueProblem(flags);
    if (invalid !== undefined) return usage(invalid);
    options = keysOptions(flags);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  if (options.help) {
    io.stdout(KEYS_HELP);
    return 0;
  }
  const combination = flagCombinationProblem(options);
  if (combination !== undefined) return usage(combination);
  try {
    const outDir = path.resolve(io.cwd, options.out!);
    const loaded = loadConfigFile(resolveConfigPath(options.config, io.env, io.cwd), { outputRules: false });
    const outputFolders = synthOutputFolders(path.resolve(io.cwd, outputDir(io.env)), loaded.config.gitops, [gitWorkTree(loaded.baseDir), gitWorkTree(io.cwd)]);
    const workTree = checkOutDir(outDir, outputFolders, options.allowGitWorktree);
    const format = keysFormat(options.format, loaded.config.secrets.source);
    const warning = formatMismatch(format, loaded.config.secrets.source, options.allowFormatMismatch);
    if (warning !== undefined) io.stderr(`keys: ${warning}\n`);
    checkUpdateConfigTarget(options.updateConfig, loaded.source, embeddedExamplePath());
    const clusters = selectClusters(loaded.config.devEnvironmentClusters, options.clusters);
    // Everything that can fail on input is checked before keys are made.
    const prepared = prepareFormat(format, loaded, options, io, clusters);
    const material = generateKeyMaterial({ clusters: clusters.map((c) => c.name), sshHostKeyBits: tuning.sshHostKeyBits });
    const files = prepared.files(material);
    // The config edit is prepared before anything is written, so a file that cannot be edited writes nothing.
    const update = options.updateConfig
      ? prepareConfigUpdate(loaded.source, (file) => readTextFile(file, MAX_CONFIG_BYTES), material, options.replaceKeys)
      : undefined;
    const note = existingKeysNote(clusters, options.updateConfig);
    if (note !== undefined) io.stderr(`keys: ${note}\n`);
    const gitignore = workTree ? gitignoreFile(outDir, files) : undefined;
    writeFiles(outDir, files, options.force, gitignore);
    if (workTree) io.stderr(`keys: ${workTreeNote(outDir, workTree, gitignore !== undefined)}\n`);
    if (update) {
      fs.writeFileSync(loaded.source, update.text);
      for (const r of update.replaced) io.stderr(`keys: ${replacedNote(r, loaded.source)}\n`);
    }
    const advice = nextStep({
      format,
      source: loaded.config.secrets.source,
      namespace: loaded.config.namespace,
      vault: prepared.vault,
      skipMasterSecret: options.skipMasterSecret,
      keyClusters: material.clusters.map((c) => c.cluster),
      clusters,
    });
    io.stdout(keysSummary({ source: loaded.source, outDir, files, clusterCount: clusters.length, skipMasterSecret: options.skipMasterSecret, update, advice }));
    return 0;
  } catch (e) {
    if (e instanceof KeysCommandError || e instanceof ConfigError) {
      io.stderr(`keys: ${e.message}\n`);
      return 1;
    }
    throw e;
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

/**
 * The keys command's rules on its input: the flags and how they combine, the format that fits `secrets.source`,
 * the clusters to make keys for, and the synth output folders the keys must stay out of. Pure: the command
 * (cli/keys-command.ts) reads the command line, the config and the file system, and prints what these return.
 */
import * as path from 'path';
import { ResolvedConfig } from '../../lib/config/schema';
import { SEALING_SCOPES, SealingScope } from '../../lib/secrets/seal';
import { GENERATED_KEYS_SECRET_NAME, JUMP_SECRET_NAME, OPERATOR_SECRET_NAME } from '../../lib/util/names';
import { KeysCommandError, OutputFolder } from './keys-files';

export type KeysFormat = 'keyvault' | 'sealed' | 'env';
export const KEYS_FORMATS: readonly KeysFormat[] = ['keyvault', 'sealed', 'env'];

type SecretsSource = ResolvedConfig['secrets']['source'];
type DevCluster = ResolvedConfig['devEnvironmentClusters'][number];

/** The keys command line as the parser returns it (cli/command-definitions.ts, KEYS). */
export interface KeysFlags {
  readonly config?: string;
  readonly out?: string;
  readonly format?: string;
  readonly cert?: string;
  readonly scope?: string;
  readonly 'vault-name'?: string;
  readonly cluster?: string[];
  readonly 'skip-master-secret'?: boolean;
  readonly force?: boolean;
  readonly help?: boolean;
  readonly 'allow-format-mismatch'?: boolean;
  readonly 'update-config'?: boolean;
  readonly 'replace-keys'?: boolean;
  readonly 'allow-git-worktree'?: boolean;
}

export interface KeysOptions {
  readonly allowFormatMismatch: boolean;
  readonly allowGitWorktree: boolean;
  readonly updateConfig: boolean;
  readonly replaceKeys: boolean;
  readonly config?: string;
  readonly out?: string;
  readonly format?: KeysFormat;
  readonly cert?: string;
  readonly scope?: SealingScope;
  readonly vaultName?: string;
  readonly clusters: readonly string[];
  readonly skipMasterSecret: boolean;
  readonly force: boolean;
  readonly help: boolean;
}

/** A value outside its flag's list, or undefined. */
function notOneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  return value !== undefined && !allowed.includes(value) ? `${flag} ${JSON.stringify(value)} must be one of ${allowed.join(', ')}` : undefined;
}

/** The usage problem (exit 2) of the flags' values, checked before --help: --format and --scope take one of their list. */
export function flagValueProblem(flags: KeysFlags): string | undefined {
  return notOneOf('--format', flags.format, KEYS_FORMATS) ?? notOneOf('--scope', flags.scope, SEALING_SCOPES);
}

/** The options of a command line whose values flagValueProblem accepted; an absent switch is false. */
export function keysOptions(flags: KeysFlags): KeysOptions {
  return {
    allowGitWorktree: flags['allow-git-worktree'] ?? false,
    allowFormatMismatch: flags['allow-format-mismatch'] ?? false,
    updateConfig: flags['update-config'] ?? false,
    replaceKeys: flags['replace-keys'] ?? false,
    config: flags.config,
    out: flags.out,
    format: flags.format as KeysFormat | undefined,
    cert: flags.cert,
    scope: flags.scope as SealingScope | undefined,
    vaultName: flags['vault-name'],
    clusters: flags.cluster ?? [],
    skipMasterSecret: flags['skip-master-secret'] ?? false,
    force: flags.force ?? false,
    help: flags.help ?? false,
  };
}

/** The usage problem (exit 2) of how the options combine: --out is required, --replace-keys needs --update-config. */
export function flagCombinationProblem(options: Pick<KeysOptions, 'out' | 'replaceKeys' | 'updateConfig'>): string | undefined {
  if (!options.out) return '--out DIR is required';
  if (options.replaceKeys && !options.updateConfig) {
    return '--replace-keys only works with --update-config (it replaces relay public keys the config file already holds)';
  }
  return undefined;
}

/**
 * The format whose output is what the next step for each secrets.source needs: sealedSecrets reads the same
 * environment variables as env at synth time and seals them itself (see the table in docs/secrets.md).
 */
export const FORMAT_OF_SOURCE: Readonly<Record<SecretsSource, KeysFormat>> = { keyVault: 'keyvault', sealedSecrets: 'env', env: 'env' };

/** The format of a run: the one --format names, else the one that fits secrets.source. */
export function keysFormat(chosen: KeysFormat | undefined, source: SecretsSource): KeysFormat {
  return chosen ?? FORMAT_OF_SOURCE[source];
}

/**
 * Checks a format against secrets.source; returns the warning for a mismatch that is allowed. `sealed` never writes
 * a Secret synth writes (only codecanvas-generated-keys), but next to a Key Vault or env source it leaves the values
 * where that source cannot read them, so it is refused (KeysCommandError) unless `allowFormatMismatch`; `sealed`
 * next to sealedSecrets keeps the values sealed until synth's environment needs them; other mismatches are warned
 * about.
 */
export function formatMismatch(format: KeysFormat, source: SecretsSource, allowFormatMismatch: boolean): string | undefined {
  if (FORMAT_OF_SOURCE[source] === format) return undefined;
  if (source === 'sealedSecrets' && format === 'sealed') return undefined;
  if (format === 'sealed' && !allowFormatMismatch) {
    throw new KeysCommandError(
      `--format sealed conflicts with secrets.source ${source}: synth reads ${JUMP_SECRET_NAME} and ${OPERATOR_SECRET_NAME} from ` +
        `${source === 'keyVault' ? 'Key Vault (ExternalSecrets)' : 'the environment (plain Secrets)'}, and this format keeps the values only in ` +
        `SealedSecret ${GENERATED_KEYS_SECRET_NAME}. ` +
        `Use --format ${FORMAT_OF_SOURCE[source]} (the default for this config), or pass --allow-format-mismatch if you are switching secrets.source to sealedSecrets`,
    );
  }
  return (
    `warning: --format ${format} does not match secrets.source ${source} (which reads --format ${FORMAT_OF_SOURCE[source]}): ` +
    'synth will not see these values until they are stored where the source reads them'
  );
}

/** The clusters named by --cluster (all of them when none is named), in the config's order; an unknown name is refused. */
export function selectClusters(clusters: readonly DevCluster[], names: readonly string[]): readonly DevCluster[] {
  if (names.length === 0) return clusters;
  const known = clusters.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new KeysCommandError(`--cluster ${unknown.map((n) => JSON.stringify(n)).join(', ')} is not in devEnvironmentClusters (${known.join(', ') || 'none'})`);
  }
  return clusters.filter((c) => names.includes(c.name));
}

/**
 * The folders synth writes to for this config: `defaultOutput` (CDK8S_OUTDIR, CDK8S_OUTPUT, else dist, from the
 * working folder) and gitops.path (else dist) in each Git work tree of `workTrees` (those of the config file and of
 * the working folder; undefined when outside one), each once.
 */
export function synthOutputFolders(defaultOutput: string, gitops: { readonly path?: string } | undefined, workTrees: readonly (string | undefined)[]): OutputFolder[] {
  const folders: OutputFolder[] = [{ dir: defaultOutput, from: "synth's default output folder" }];
  const committed = gitops?.path ?? 'dist';
  for (const top of new Set(workTrees)) {
    if (top) folders.push({ dir: path.join(top, committed), from: gitops ? 'gitops.path' : 'the default output folder' });
  }
  return folders;
}

/** Refuses --update-config on the embedded example (`embeddedExample`, its path): it edits the user's own config file only. */
export function checkUpdateConfigTarget(updateConfig: boolean, source: string, embeddedExample: string): void {
  if (updateConfig && path.resolve(source) === embeddedExample) {
    throw new KeysCommandError('--update-config needs your own config file (--config FILE, CODECANVAS_CONFIG or ./codecanvas.yaml), not the embedded example');
  }
}

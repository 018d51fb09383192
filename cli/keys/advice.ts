/**
 * What the keys command tells its user: the summary of what it wrote, the closing advice per format (what the next
 * step does with the files, where phase 2 gets each relay private key), and its notes. Pure text; the command
 * (cli/keys-command.ts) prints it.
 */
import * as path from 'path';
import { ResolvedConfig } from '../../lib/config/schema';
import { APPLICATION_CLUSTER, DEFAULT_SECRET_KEYS, envVarName, GENERATED_KEYS_SECRET_NAME, keyVaultSecretName } from '../../lib/util/names';
import { sealedFileName } from './formats';
import { GITIGNORE, KeysFile } from './keys-files';
import { KeysFormat } from './options';
import { ConfigUpdate, ReplacedValue } from './update-config';

type DevCluster = Pick<ResolvedConfig['devEnvironmentClusters'][number], 'name' | 'systemNamespace'>;

/** What the closing advice depends on. */
export interface AdviceInput {
  readonly format: KeysFormat;
  readonly source: ResolvedConfig['secrets']['source'];
  /** The application namespace (config.namespace). */
  readonly namespace: string;
  /** The Key Vault the keyvault format uploads to (its advice reads the relay keys back from it). */
  readonly vault?: string;
  readonly skipMasterSecret: boolean;
  /** The clusters key material was made for, by name. */
  readonly keyClusters: readonly string[];
  /** The same clusters, as the config has them (the sealed format writes one file each). */
  readonly clusters: readonly DevCluster[];
}

/** The closing advice: what the next step does with the files, and where phase 2 gets each relay private key. */
export function nextStep(input: AdviceInput): string {
  const relayVars = input.keyClusters.map((c) => envVarName('relayJwtPrivateKey', c)).join(', ');
  const someClusters = input.keyClusters.length > 0;
  switch (input.format) {
    case 'keyvault': {
      const dbPassword = input.skipMasterSecret ? '' : ` (it asks for the PostgreSQL password unless ${DEFAULT_SECRET_KEYS.env.databasePassword} is set)`;
      const relay = someClusters
        ? ' Phase 2 (the relay server in CodeCanvas) needs each relay private key; read it back from Key Vault: ' +
          input.keyClusters.map((c) => `az keyvault secret show --vault-name ${input.vault} --name ${keyVaultSecretName('relayJwtPrivateKey', c)} --query value -o tsv`).join('; ') +
          '.'
        : '';
      return `Run upload.sh (az login first)${dbPassword}, then delete the private files: Key Vault holds the only copy.${relay}`;
    }
    case 'env': {
      const relay = someClusters ? ` Phase 2 (the relay server in CodeCanvas) takes ${relayVars} from it.` : '';
      if (input.source !== 'sealedSecrets') return `Load secrets.env into the environment of the synth (set -a; . ./secrets.env; set +a), and keep it out of Git.${relay}`;
      return (
        'Keep secrets.env and sealing-key.env out of Git (a CI secret store, a password manager): they are the only copy. ' +
        `Synth reads them from its environment (set -a; . ./secrets.env; . ./sealing-key.env; set +a), with ${DEFAULT_SECRET_KEYS.env.databasePassword}, and seals the Secrets itself, ` +
        `the jump and operator Secrets once their instance IDs are in the config (phase 3).${relay}`
      );
    }
    case 'sealed': {
      const files = [
        `${sealedFileName(APPLICATION_CLUSTER)} to the application cluster (Secret ${input.namespace}/${GENERATED_KEYS_SECRET_NAME}, the master secret and the relay keys)`,
        ...input.clusters.map((c) => `${sealedFileName(c.name)} to ${c.name} (Secret ${c.systemNamespace}/${GENERATED_KEYS_SECRET_NAME}, its jump and operator keys)`),
      ];
      return (
        `Apply each file to its own cluster (kubectl --context <cluster> apply -f <file>; create the namespace first if it does not exist yet): ${files.join('; ')}. Each is sealed with that cluster's controller certificate, ` +
        'so only that controller can open it; synth never writes these Secrets. ' +
        'Synth seals the jump and operator Secrets itself from its environment: before it runs, read each value back ' +
        `(kubectl --context <cluster> -n <namespace> get secret ${GENERATED_KEYS_SECRET_NAME} -o jsonpath='{.data.<KEY>}' | base64 -d) into the variable of the same name.` +
        (someClusters ? ` Phase 2 (the relay server in CodeCanvas) takes ${relayVars} from the application cluster's.` : '')
      );
    }
  }
}

/** What a run wrote, for stdout: the files, what to do with public.yaml (or what --update-config did), and `advice`. */
export function keysSummary(run: {
  readonly source: string;
  readonly outDir: string;
  readonly files: readonly Pick<KeysFile, 'name'>[];
  readonly clusterCount: number;
  readonly skipMasterSecret: boolean;
  readonly update?: Pick<ConfigUpdate, 'updated' | 'notFound'>;
  readonly advice: string;
}): string {
  const { update } = run;
  const config = update
    ? `Wrote relay.jwtPublicKey of ${update.updated.join(', ') || 'no cluster'} into ${run.source} (comments kept).` +
      `${update.notFound.length > 0 ? ` Not found there: ${update.notFound.join(', ')}; merge public.yaml for those.` : ''} `
    : 'Merge public.yaml into the config (or run with --update-config). ';
  return (
    `keys: generated ${run.skipMasterSecret ? '' : 'the master secret and '}the keys of ${run.clusterCount} cluster(s) from ${run.source}\n` +
    run.files.map((f) => `  ${path.join(run.outDir, f.name)}\n`).join('') +
    `${config}${run.advice}\n`
  );
}

/** The note when `outDir` is inside the Git work tree `workTree` (--allow-git-worktree), after a .gitignore was written there or not. */
export function workTreeNote(outDir: string, workTree: string, wroteGitignore: boolean): string {
  const gitignore = path.join(outDir, GITIGNORE);
  return (
    `${outDir} is inside the Git work tree ${workTree} (--allow-git-worktree): ` +
    `${wroteGitignore ? `wrote ${gitignore}, which lists` : `${gitignore} already lists`} every private file written here; ` +
    'check with git status that none of them is staged, and move them out of the work tree when you can'
  );
}

/** The line for each value --update-config --replace-keys replaced in `file`. */
export function replacedNote(value: ReplacedValue, file: string): string {
  return `--replace-keys: replaced ${value.field} (${value.from} -> ${value.to}) in ${file}`;
}

/**
 * Says, when the config already holds relay public keys of the clusters keys are made for and --update-config
 * (`updateConfig`, which refuses or replaces them itself) is not given, that this is a new key set.
 */
export function existingKeysNote(clusters: readonly Pick<ResolvedConfig['devEnvironmentClusters'][number], 'name' | 'relay'>[], updateConfig: boolean): string | undefined {
  if (updateConfig) return undefined;
  const existing = clusters.filter((c) => c.relay.jwtPublicKey !== undefined).map((c) => c.name);
  if (existing.length === 0) return undefined;
  return (
    `note: the config already holds relay.jwtPublicKey of ${existing.join(', ')}: this run made a NEW key set for ${existing.length === 1 ? 'it' : 'them'} ` +
    '(relay, jump and operator keys), which does not match the keys in use. Use it only to replace all of them together: the config ' +
    '(public.yaml, or --update-config --replace-keys), CodeCanvas (phase 2) and the secret source; otherwise delete these files'
  );
}

// The keys command's rules and messages, called directly (cli/keys/options.ts, advice.ts, output-files.ts and
// prepareConfigUpdate in update-config.ts): every refused flag combination, every format rule and every message text,
// exactly. keys.test.ts runs the command end to end; this file pins each branch so that a changed condition, string or
// list in those modules fails a test. No key is generated here: the material is made-up text.
import * as path from 'path';
import { embeddedExamplePath } from '../lib/paths';
import { LoadedConfig, parseConfig } from '../lib/config/load';
import { ResolvedConfig } from '../lib/config/schema';
import { UnreadableFileError } from '../lib/util/read-file';
import { KeyMaterial } from '../cli/keys/generate';
import { KeysCommandError } from '../cli/keys/keys-files';
import {
  checkUpdateConfigTarget,
  FORMAT_OF_SOURCE,
  flagCombinationProblem,
  flagValueProblem,
  formatMismatch,
  KEYS_FORMATS,
  keysFormat,
  keysOptions,
  selectClusters,
  synthOutputFolders,
} from '../cli/keys/options';
import { AdviceInput, existingKeysNote, keysSummary, nextStep, replacedNote, workTreeNote } from '../cli/keys/advice';
import { prepareFormat } from '../cli/keys/output-files';
import { fingerprint, prepareConfigUpdate } from '../cli/keys/update-config';
import { publicYaml } from '../cli/keys/public-keys';
import { minimalConfig } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures', 'sealed-secrets');

/** A KeysCommandError with exactly `message`. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KeysCommandError);
    return (e as Error).message;
  }
  throw new Error('no refusal');
}

describe('keys flags', () => {
  it('lists its formats in this order', () => {
    expect(KEYS_FORMATS).toEqual(['keyvault', 'sealed', 'env']);
  });

  it('accepts no --format or --scope, and each listed one', () => {
    expect(flagValueProblem({})).toBeUndefined();
    for (const format of ['keyvault', 'sealed', 'env']) expect(flagValueProblem({ format })).toBeUndefined();
    for (const scope of ['strict', 'namespace-wide', 'cluster-wide']) expect(flagValueProblem({ scope })).toBeUndefined();
  });

  it('refuses a --format or --scope outside its list, naming the value and the list; --format first', () => {
    expect(flagValueProblem({ format: 'pem' })).toBe('--format "pem" must be one of keyvault, sealed, env');
    expect(flagValueProblem({ format: '' })).toBe('--format "" must be one of keyvault, sealed, env');
    expect(flagValueProblem({ scope: 'wide' })).toBe('--scope "wide" must be one of strict, namespace-wide, cluster-wide');
    expect(flagValueProblem({ format: 'pem', scope: 'wide' })).toBe('--format "pem" must be one of keyvault, sealed, env');
    expect(flagValueProblem({ format: 'env', scope: 'wide' })).toBe('--scope "wide" must be one of strict, namespace-wide, cluster-wide');
  });

  it('reads every flag; an absent switch is false and no --cluster is none', () => {
    expect(keysOptions({})).toStrictEqual({
      allowGitWorktree: false,
      allowFormatMismatch: false,
      updateConfig: false,
      replaceKeys: false,
      config: undefined,
      out: undefined,
      format: undefined,
      cert: undefined,
      scope: undefined,
      vaultName: undefined,
      clusters: [],
      skipMasterSecret: false,
      force: false,
      help: false,
    });
    expect(
      keysOptions({
        config: 'c.yaml',
        out: 'keys',
        format: 'sealed',
        cert: 'tls.crt',
        scope: 'strict',
        'vault-name': 'kv1',
        cluster: ['a', 'b'],
        'skip-master-secret': true,
        force: true,
        help: true,
        'allow-format-mismatch': true,
        'update-config': true,
        'replace-keys': true,
        'allow-git-worktree': true,
      }),
    ).toStrictEqual({
      allowGitWorktree: true,
      allowFormatMismatch: true,
      updateConfig: true,
      replaceKeys: true,
      config: 'c.yaml',
      out: 'keys',
      format: 'sealed',
      cert: 'tls.crt',
      scope: 'strict',
      vaultName: 'kv1',
      clusters: ['a', 'b'],
      skipMasterSecret: true,
      force: true,
      help: true,
    });
    const off = keysOptions({ 'allow-git-worktree': false, 'allow-format-mismatch': false, 'update-config': false, 'replace-keys': false, 'skip-master-secret': false, force: false, help: false });
    expect([off.allowGitWorktree, off.allowFormatMismatch, off.updateConfig, off.replaceKeys, off.skipMasterSecret, off.force, off.help]).toEqual(Array(7).fill(false));
  });

  it('needs --out (an empty one too), then refuses --replace-keys without --update-config', () => {
    const required = '--out DIR is required';
    const replace = '--replace-keys only works with --update-config (it replaces relay public keys the config file already holds)';
    expect(flagCombinationProblem({ out: undefined, replaceKeys: false, updateConfig: false })).toBe(required);
    expect(flagCombinationProblem({ out: '', replaceKeys: false, updateConfig: true })).toBe(required);
    expect(flagCombinationProblem({ out: undefined, replaceKeys: true, updateConfig: false })).toBe(required);
    expect(flagCombinationProblem({ out: 'k', replaceKeys: true, updateConfig: false })).toBe(replace);
    expect(flagCombinationProblem({ out: 'k', replaceKeys: true, updateConfig: true })).toBeUndefined();
    expect(flagCombinationProblem({ out: 'k', replaceKeys: false, updateConfig: true })).toBeUndefined();
    expect(flagCombinationProblem({ out: 'k', replaceKeys: false, updateConfig: false })).toBeUndefined();
  });

  it('refuses --update-config on the embedded example only (by its resolved path), and only with --update-config', () => {
    const example = embeddedExamplePath();
    const message = '--update-config needs your own config file (--config FILE, CODECANVAS_CONFIG or ./codecanvas.yaml), not the embedded example';
    expect(refusal(() => checkUpdateConfigTarget(true, example, example))).toBe(message);
    expect(refusal(() => checkUpdateConfigTarget(true, path.relative(process.cwd(), example), example))).toBe(message);
    expect(() => checkUpdateConfigTarget(false, example, example)).not.toThrow();
    expect(() => checkUpdateConfigTarget(true, path.join(FIXTURES, 'codecanvas.yaml'), example)).not.toThrow();
  });
});

describe('keys format rules', () => {
  it('defaults to the format each secrets.source reads; --format wins', () => {
    expect(FORMAT_OF_SOURCE).toEqual({ keyVault: 'keyvault', sealedSecrets: 'env', env: 'env' });
    expect(keysFormat(undefined, 'keyVault')).toBe('keyvault');
    expect(keysFormat(undefined, 'sealedSecrets')).toBe('env');
    expect(keysFormat(undefined, 'env')).toBe('env');
    expect(keysFormat('sealed', 'keyVault')).toBe('sealed');
    expect(keysFormat('keyvault', 'env')).toBe('keyvault');
  });

  it('says nothing when the format is the one the source reads, or sealed next to sealedSecrets', () => {
    expect(formatMismatch('keyvault', 'keyVault', false)).toBeUndefined();
    expect(formatMismatch('env', 'env', false)).toBeUndefined();
    expect(formatMismatch('env', 'sealedSecrets', false)).toBeUndefined();
    expect(formatMismatch('sealed', 'sealedSecrets', false)).toBeUndefined();
    expect(formatMismatch('sealed', 'sealedSecrets', true)).toBeUndefined();
  });

  it('refuses sealed next to a Key Vault or env source, naming where synth reads them and the way out', () => {
    expect(refusal(() => formatMismatch('sealed', 'keyVault', false))).toBe(
      '--format sealed conflicts with secrets.source keyVault: synth reads codecanvas-jump-secret and codecanvas-operator-secret from ' +
        'Key Vault (ExternalSecrets), and this format keeps the values only in SealedSecret codecanvas-generated-keys. ' +
        'Use --format keyvault (the default for this config), or pass --allow-format-mismatch if you are switching secrets.source to sealedSecrets',
    );
    expect(refusal(() => formatMismatch('sealed', 'env', false))).toBe(
      '--format sealed conflicts with secrets.source env: synth reads codecanvas-jump-secret and codecanvas-operator-secret from ' +
        'the environment (plain Secrets), and this format keeps the values only in SealedSecret codecanvas-generated-keys. ' +
        'Use --format env (the default for this config), or pass --allow-format-mismatch if you are switching secrets.source to sealedSecrets',
    );
  });

  it('warns about every other mismatch, and about sealed with --allow-format-mismatch', () => {
    const warning = (format: string, source: string, reads: string) =>
      `warning: --format ${format} does not match secrets.source ${source} (which reads --format ${reads}): ` +
      'synth will not see these values until they are stored where the source reads them';
    expect(formatMismatch('sealed', 'keyVault', true)).toBe(warning('sealed', 'keyVault', 'keyvault'));
    expect(formatMismatch('sealed', 'env', true)).toBe(warning('sealed', 'env', 'env'));
    expect(formatMismatch('env', 'keyVault', false)).toBe(warning('env', 'keyVault', 'keyvault'));
    expect(formatMismatch('keyvault', 'env', false)).toBe(warning('keyvault', 'env', 'env'));
    expect(formatMismatch('keyvault', 'sealedSecrets', false)).toBe(warning('keyvault', 'sealedSecrets', 'env'));
    expect(formatMismatch('keyvault', 'sealedSecrets', true)).toBe(warning('keyvault', 'sealedSecrets', 'env'));
  });
});

describe('keys clusters and folders', () => {
  const cluster = (name: string) => ({ name }) as ResolvedConfig['devEnvironmentClusters'][number];
  const clusters = [cluster('dev-a'), cluster('dev-b'), cluster('dev-c')];

  it('makes keys for every cluster when none is named, else for the named ones in the config\'s order', () => {
    expect(selectClusters(clusters, [])).toBe(clusters);
    expect(selectClusters(clusters, ['dev-c', 'dev-a'])).toEqual([clusters[0], clusters[2]]);
    expect(selectClusters(clusters, ['dev-b'])).toEqual([clusters[1]]);
  });

  it('refuses unknown names, listing them and the known ones (or none)', () => {
    expect(refusal(() => selectClusters(clusters, ['dev-a', 'x', 'y z']))).toBe('--cluster "x", "y z" is not in devEnvironmentClusters (dev-a, dev-b, dev-c)');
    expect(refusal(() => selectClusters([], ['x']))).toBe('--cluster "x" is not in devEnvironmentClusters (none)');
  });

  it('lists the default output folder, then gitops.path (else dist) in each distinct work tree', () => {
    const dflt = { dir: '/work/out', from: "synth's default output folder" };
    expect(synthOutputFolders('/work/out', undefined, [])).toEqual([dflt]);
    expect(synthOutputFolders('/work/out', undefined, [undefined, undefined])).toEqual([dflt]);
    expect(synthOutputFolders('/work/out', undefined, ['/repo', undefined, '/repo'])).toEqual([dflt, { dir: path.join('/repo', 'dist'), from: 'the default output folder' }]);
    expect(synthOutputFolders('/work/out', { path: 'clusters/prod' }, ['/repo', '/other'])).toEqual([
      dflt,
      { dir: path.join('/repo', 'clusters/prod'), from: 'gitops.path' },
      { dir: path.join('/other', 'clusters/prod'), from: 'gitops.path' },
    ]);
    expect(synthOutputFolders('/work/out', {}, [undefined, '/repo'])).toEqual([dflt, { dir: path.join('/repo', 'dist'), from: 'gitops.path' }]);
  });
});

describe('keys closing advice', () => {
  const base: AdviceInput = {
    format: 'keyvault',
    source: 'keyVault',
    namespace: 'codecanvas',
    vault: 'kv1',
    skipMasterSecret: false,
    keyClusters: ['dev-a', 'dev-b'],
    clusters: [
      { name: 'dev-a', systemNamespace: 'sys-a' },
      { name: 'dev-b', systemNamespace: 'sys-b' },
    ],
  };
  const none = { keyClusters: [], clusters: [] };

  it('keyvault: run upload.sh (asking for the PostgreSQL password unless --skip-master-secret), then read each relay key back', () => {
    expect(nextStep(base)).toBe(
      'Run upload.sh (az login first) (it asks for the PostgreSQL password unless CODECANVAS_DB_PASSWORD is set), then delete the private files: ' +
        'Key Vault holds the only copy. Phase 2 (the relay server in CodeCanvas) needs each relay private key; read it back from Key Vault: ' +
        'az keyvault secret show --vault-name kv1 --name dev-a-relay-jwt-private-key --query value -o tsv; ' +
        'az keyvault secret show --vault-name kv1 --name dev-b-relay-jwt-private-key --query value -o tsv.',
    );
    expect(nextStep({ ...base, ...none, skipMasterSecret: true })).toBe('Run upload.sh (az login first), then delete the private files: Key Vault holds the only copy.');
  });

  it('env: load secrets.env into synth\'s environment; phase 2 takes the relay variables from it', () => {
    const env = { ...base, format: 'env' as const, source: 'env' as const, vault: undefined };
    expect(nextStep(env)).toBe(
      'Load secrets.env into the environment of the synth (set -a; . ./secrets.env; set +a), and keep it out of Git. ' +
        'Phase 2 (the relay server in CodeCanvas) takes DEV_A_RELAY_JWT_PRIVATE_KEY, DEV_B_RELAY_JWT_PRIVATE_KEY from it.',
    );
    expect(nextStep({ ...env, ...none })).toBe('Load secrets.env into the environment of the synth (set -a; . ./secrets.env; set +a), and keep it out of Git.');
    // A Key Vault source given the env format (a warned mismatch) gets the same advice.
    expect(nextStep({ ...env, ...none, source: 'keyVault' })).toBe('Load secrets.env into the environment of the synth (set -a; . ./secrets.env; set +a), and keep it out of Git.');
  });

  it('env for a sealedSecrets source: keep both files, synth reads and seals them', () => {
    const sealedSource = { ...base, format: 'env' as const, source: 'sealedSecrets' as const };
    const head =
      'Keep secrets.env and sealing-key.env out of Git (a CI secret store, a password manager): they are the only copy. ' +
      'Synth reads them from its environment (set -a; . ./secrets.env; . ./sealing-key.env; set +a), with CODECANVAS_DB_PASSWORD, and seals the Secrets itself, ' +
      'the jump and operator Secrets once their instance IDs are in the config (phase 3).';
    expect(nextStep(sealedSource)).toBe(`${head} Phase 2 (the relay server in CodeCanvas) takes DEV_A_RELAY_JWT_PRIVATE_KEY, DEV_B_RELAY_JWT_PRIVATE_KEY from it.`);
    expect(nextStep({ ...sealedSource, ...none })).toBe(head);
  });

  it('sealed: apply each file to its own cluster, read the values back into synth\'s environment', () => {
    const sealed = { ...base, format: 'sealed' as const, source: 'sealedSecrets' as const, vault: undefined };
    const tail =
      '. Each is sealed with that cluster\'s controller certificate, so only that controller can open it; synth never writes these Secrets. ' +
      'Synth seals the jump and operator Secrets itself from its environment: before it runs, read each value back ' +
      "(kubectl --context <cluster> -n <namespace> get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d) into the variable of the same name.";
    const head = 'Apply each file to its own cluster (kubectl --context <cluster> apply -f <file>; create the namespace first if it does not exist yet): ';
    const application = 'application.sealed.yaml to the application cluster (Secret codecanvas/codecanvas-generated-keys, the master secret and the relay keys)';
    expect(nextStep(sealed)).toBe(
      `${head}${application}; dev-a.sealed.yaml to dev-a (Secret sys-a/codecanvas-generated-keys, its jump and operator keys); ` +
        `dev-b.sealed.yaml to dev-b (Secret sys-b/codecanvas-generated-keys, its jump and operator keys)${tail}` +
        " Phase 2 (the relay server in CodeCanvas) takes DEV_A_RELAY_JWT_PRIVATE_KEY, DEV_B_RELAY_JWT_PRIVATE_KEY from the application cluster's.",
    );
    expect(nextStep({ ...sealed, ...none, namespace: 'cc' })).toBe(
      `${head}application.sealed.yaml to the application cluster (Secret cc/codecanvas-generated-keys, the master secret and the relay keys)${tail}`,
    );
  });
});

describe('keys messages', () => {
  it('summarizes the run: what was made, every file under the folder, what to do with public.yaml, the advice', () => {
    const files = [{ name: 'secrets.env' }, { name: 'public-keys/a.pub' }];
    expect(keysSummary({ source: '/c/codecanvas.yaml', outDir: '/k', files, clusterCount: 2, skipMasterSecret: false, advice: 'ADVICE' })).toBe(
      'keys: generated the master secret and the keys of 2 cluster(s) from /c/codecanvas.yaml\n' +
        `  ${path.join('/k', 'secrets.env')}\n  ${path.join('/k', 'public-keys/a.pub')}\n` +
        'Merge public.yaml into the config (or run with --update-config). ADVICE\n',
    );
    expect(keysSummary({ source: 'c.yaml', outDir: '/k', files: [], clusterCount: 0, skipMasterSecret: true, advice: 'A', update: { updated: ['dev-a', 'dev-b'], notFound: [] } })).toBe(
      'keys: generated the keys of 0 cluster(s) from c.yaml\nWrote relay.jwtPublicKey of dev-a, dev-b into c.yaml (comments kept). A\n',
    );
    expect(keysSummary({ source: 'c.yaml', outDir: '/k', files: [], clusterCount: 2, skipMasterSecret: false, advice: 'A', update: { updated: [], notFound: ['dev-x', 'dev-y'] } })).toBe(
      'keys: generated the master secret and the keys of 2 cluster(s) from c.yaml\n' +
        'Wrote relay.jwtPublicKey of no cluster into c.yaml (comments kept). Not found there: dev-x, dev-y; merge public.yaml for those. A\n',
    );
  });

  it('says whether it wrote the .gitignore inside a Git work tree or found one listing the files', () => {
    const gitignore = path.join('/repo/keys', '.gitignore');
    const tail = ' every private file written here; check with git status that none of them is staged, and move them out of the work tree when you can';
    expect(workTreeNote('/repo/keys', '/repo', true)).toBe(`/repo/keys is inside the Git work tree /repo (--allow-git-worktree): wrote ${gitignore}, which lists${tail}`);
    expect(workTreeNote('/repo/keys', '/repo', false)).toBe(`/repo/keys is inside the Git work tree /repo (--allow-git-worktree): ${gitignore} already lists${tail}`);
  });

  it('names each replaced value by field and fingerprints', () => {
    expect(replacedNote({ field: 'devEnvironmentClusters[1].relay.jwtPublicKey', from: 'sha256:aaa', to: 'sha256:bbb' }, 'c.yaml')).toBe(
      '--replace-keys: replaced devEnvironmentClusters[1].relay.jwtPublicKey (sha256:aaa -> sha256:bbb) in c.yaml',
    );
  });

  it('notes keys the config already holds, unless --update-config handles them', () => {
    const held = (name: string) => ({ name, relay: { jwtPublicKey: 'PEM' } }) as ResolvedConfig['devEnvironmentClusters'][number];
    const empty = (name: string) => ({ name, relay: {} }) as ResolvedConfig['devEnvironmentClusters'][number];
    const note = (names: string, pronoun: string) =>
      `note: the config already holds relay.jwtPublicKey of ${names}: this run made a NEW key set for ${pronoun} ` +
      '(relay, jump and operator keys), which does not match the keys in use. Use it only to replace all of them together: the config ' +
      '(public.yaml, or --update-config --replace-keys), CodeCanvas (phase 2) and the secret source; otherwise delete these files';
    expect(existingKeysNote([empty('a'), held('b')], false)).toBe(note('b', 'it'));
    expect(existingKeysNote([held('a'), empty('b'), held('c')], false)).toBe(note('a, c', 'them'));
    expect(existingKeysNote([empty('a')], false)).toBeUndefined();
    expect(existingKeysNote([], false)).toBeUndefined();
    expect(existingKeysNote([held('a')], true)).toBeUndefined();
  });
});

// ---- the files of each format ----

/** PEM-shaped made-up text (the secret rules accept a PEM's line breaks, not other ones). */
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64')}\n-----END ${label}-----\n`;
const pair = (what: string) => ({ privateKeyPem: pem('PRIVATE KEY', `${what} private`), publicKeyPem: pem('PUBLIC KEY', `${what} public`) });
const MATERIAL: KeyMaterial = {
  masterSecret: 'bWFzdGVyIHNlY3JldA==',
  clusters: [
    {
      cluster: 'dev-a',
      relayJwt: pair('relay'),
      jumpJwt: pair('jump'),
      jumpSshHostKey: { privateKeyPem: pem('RSA PRIVATE KEY', 'ssh private'), publicKeyOpenSsh: 'ssh-rsa AAAA' },
      operatorJwt: pair('operator'),
    },
  ],
};
const RELAY_PUBLIC = MATERIAL.clusters[0].relayJwt.publicKeyPem;

function loaded(secrets: Record<string, unknown>): LoadedConfig {
  const raw = { ...minimalConfig(), secrets, devEnvironmentClusters: [{ name: 'dev-a', jump: { instanceId: 'jump-1' }, operator: { instanceId: 'operator-1' } }] };
  return { config: parseConfig(raw, 'test', { outputRules: false }), source: path.join(FIXTURES, 'codecanvas.yaml'), baseDir: FIXTURES };
}

const io = { stderr: () => undefined, cwd: FIXTURES };
const PUBLIC = ['public.yaml', 'public-keys/dev-a.jump-jwt.pub.pem', 'public-keys/dev-a.jump-ssh-host.pub', 'public-keys/dev-a.operator-jwt.pub.pem'];
const CLUSTER_KEYS = ['dev-a-relay-jwt-private-key', 'dev-a-jump-jwt-private-key', 'dev-a-jump-ssh-host-key', 'dev-a-operator-jwt-private-key'];

describe('keys files per format', () => {
  const keyVault = loaded({ keyVault: { vaultUrl: 'https://codecanvas-kv.vault.azure.net/' } });
  const env = loaded({ source: 'env' });
  const sealedSecrets = loaded({ source: 'sealedSecrets', sealedSecrets: { certificateFile: 'tls.crt' } });

  it('keyvault: one file per secret and upload.sh for the config\'s vault (or --vault-name), then the public files', () => {
    const prepared = prepareFormat('keyvault', keyVault, { skipMasterSecret: false }, io, keyVault.config.devEnvironmentClusters);
    expect(prepared.vault).toBe('codecanvas-kv');
    const files = prepared.files(MATERIAL);
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['codecanvas-master-secret.txt', 0o600],
      ...CLUSTER_KEYS.map((k) => [`${k}.pem`, 0o600]),
      ['upload.sh', 0o755],
      ...PUBLIC.map((p) => [p, 0o644]),
    ]);
    expect(files[0].content).toBe(MATERIAL.masterSecret);
    expect(files.find((f) => f.name === 'public.yaml')!.content).toBe(publicYaml(keyVault, MATERIAL));
    const named = prepareFormat('keyvault', keyVault, { skipMasterSecret: true, vaultName: 'other-kv' }, io, keyVault.config.devEnvironmentClusters);
    expect(named.vault).toBe('other-kv');
    const without = named.files(MATERIAL);
    expect(without.map((f) => f.name)).toEqual([...CLUSTER_KEYS.map((k) => `${k}.pem`), 'upload.sh', ...PUBLIC]);
    expect(without.find((f) => f.name === 'upload.sh')!.content).toContain('VAULT="${VAULT_NAME:-other-kv}"');
  });

  it('keyvault: the vault is checked before any key is made', () => {
    expect(refusal(() => prepareFormat('keyvault', env, { skipMasterSecret: false }, io, env.config.devEnvironmentClusters))).toBe(
      '--format keyvault needs the vault: give --vault-name NAME or secrets.keyVault.vaultUrl in the config',
    );
  });

  it('env: secrets.env (0600, with the master secret unless skipped), then the public files; no sealing key for an env source', () => {
    const prepared = prepareFormat('env', env, { skipMasterSecret: false }, io, env.config.devEnvironmentClusters);
    expect(prepared.vault).toBeUndefined();
    const files = prepared.files(MATERIAL);
    expect(files.map((f) => [f.name, f.mode])).toEqual([['secrets.env', 0o600], ...PUBLIC.map((p) => [p, 0o644])]);
    expect(files[0].content).toContain('\nexport CODECANVAS_MASTER_SECRET=bWFzdGVyIHNlY3JldA==\n');
    expect(files[0].content).toContain('export DEV_A_RELAY_JWT_PRIVATE_KEY=');
    const skipped = prepareFormat('env', env, { skipMasterSecret: true }, io, env.config.devEnvironmentClusters).files(MATERIAL);
    expect(skipped[0].content).not.toContain('CODECANVAS_MASTER_SECRET');
    expect(skipped[0].content).toContain('export DEV_A_RELAY_JWT_PRIVATE_KEY=');
  });

  it('a sealedSecrets source adds the sealing key (0600) last, unless the master secret is skipped', () => {
    const files = prepareFormat('env', sealedSecrets, { skipMasterSecret: false }, io, sealedSecrets.config.devEnvironmentClusters).files(MATERIAL);
    expect(files.map((f) => f.name)).toEqual(['secrets.env', ...PUBLIC, 'sealing-key.env']);
    expect(files.at(-1)!.mode).toBe(0o600);
    expect(files.at(-1)!.content).toMatch(/^export CODECANVAS_SEALING_KEY=/m);
    const skipped = prepareFormat('env', sealedSecrets, { skipMasterSecret: true }, io, sealedSecrets.config.devEnvironmentClusters).files(MATERIAL);
    expect(skipped.map((f) => f.name)).toEqual(['secrets.env', ...PUBLIC]);
  });

  it('sealed: one SealedSecret per cluster with the certificate, then the public files and the sealing key', () => {
    const prepared = prepareFormat('sealed', sealedSecrets, { skipMasterSecret: false }, io, sealedSecrets.config.devEnvironmentClusters);
    expect(prepared.vault).toBeUndefined();
    const files = prepared.files(MATERIAL);
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['application.sealed.yaml', 0o644],
      ['dev-a.sealed.yaml', 0o644],
      ...PUBLIC.map((p) => [p, 0o644]),
      ['sealing-key.env', 0o600],
    ]);
    expect(files[0].content).toMatch(/^kind: SealedSecret$/m);
    expect(files[0].content).toMatch(/^ {4}CODECANVAS_MASTER_SECRET: /m);
    // Without the master secret the application cluster still gets the relay key.
    const skipped = prepareFormat('sealed', sealedSecrets, { skipMasterSecret: true }, io, sealedSecrets.config.devEnvironmentClusters).files(MATERIAL);
    expect(skipped[0].content).not.toMatch(/^ {4}CODECANVAS_MASTER_SECRET: /m);
    expect(skipped[0].content).toMatch(/^ {4}DEV_A_RELAY_JWT_PRIVATE_KEY: /m);
  });

  it('sealed: the certificate is checked before any key is made', () => {
    expect(refusal(() => prepareFormat('sealed', env, { skipMasterSecret: false }, io, env.config.devEnvironmentClusters))).toBe(
      '--format sealed needs the controller certificate: give --cert FILE or secrets.sealedSecrets.certificateFile in the config',
    );
  });
});

describe('--update-config edit', () => {
  const file = '/configs/codecanvas.yaml';
  const config = (relay: string) => `devEnvironmentClusters:\n  - name: dev-a\n${relay}`;

  it('reads the named file and writes the relay key the config lacks', () => {
    const read = jest.fn(() => config(''));
    const update = prepareConfigUpdate(file, read, MATERIAL, false);
    expect(read).toHaveBeenCalledWith(file);
    expect(update.updated).toEqual(['dev-a']);
    expect(update.replaced).toEqual([]);
    expect(update.text).toContain(RELAY_PUBLIC.split('\n')[1]);
  });

  it('refuses to replace a key the file holds unless replaceKeys, listing each field with fingerprints', () => {
    const text = config('    relay:\n      jwtPublicKey: OLD\n');
    expect(refusal(() => prepareConfigUpdate(file, () => text, MATERIAL, false))).toBe(
      `--update-config would replace values ${file} already holds (nothing was written):\n` +
        `  devEnvironmentClusters[0].relay.jwtPublicKey: ${fingerprint('OLD')} -> ${fingerprint(RELAY_PUBLIC)}\n` +
        'Those keys may be in use (CodeCanvas, the secret source, the cluster). Pass --replace-keys to replace them with the new key set, ' +
        'or run without --update-config (or with --cluster for the clusters that have no key yet)',
    );
    const update = prepareConfigUpdate(file, () => text, MATERIAL, true);
    expect(update.replaced).toEqual([{ field: 'devEnvironmentClusters[0].relay.jwtPublicKey', from: fingerprint('OLD'), to: fingerprint(RELAY_PUBLIC) }]);
    // The same key again is no replacement.
    expect(prepareConfigUpdate(file, () => config(`    relay:\n      jwtPublicKey: ${JSON.stringify(RELAY_PUBLIC)}\n`), MATERIAL, false).replaced).toEqual([]);
  });

  it('names the file and the reason when it cannot be read or edited', () => {
    const unreadable = () => {
      throw new UnreadableFileError(file, 'does not exist', 'ENOENT');
    };
    expect(refusal(() => prepareConfigUpdate(file, unreadable, MATERIAL, false))).toBe(`--update-config: ${file}: does not exist`);
    const broken = () => {
      throw new Error('boom');
    };
    expect(refusal(() => prepareConfigUpdate(file, broken, MATERIAL, false))).toBe(`--update-config: ${file}: boom`);
    expect(refusal(() => prepareConfigUpdate(file, () => 'a: [', MATERIAL, true))).toMatch(new RegExp(`^--update-config: ${file}: cannot edit it as YAML: `));
  });
});

// The keys command's output formats (cli/keys/formats.ts), called directly with a config holding only the fields
// they read and private values written here: names and overrides, upload.sh and secrets.env line by line, where
// --format sealed seals to, and the sealed files' grouping, headers and contents (committed test certificates).
import type * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import {
  envFile,
  keyVaultFiles,
  keyVaultName,
  masterSecretKey,
  sealedFileName,
  sealedFiles,
  sealedTargets,
  SealedTargets,
  vaultNameOf,
} from '../cli/keys/formats';
import { GeneratedSecret } from '../cli/keys/generate';
import { KeysCommandError } from '../cli/keys/keys-files';
import type { LoadedConfig } from '../lib/config/load';
import type { ResolvedConfig } from '../lib/config/schema';
import { vaultNameOf as libVaultNameOf } from '../lib/util/names';
import { thrown } from './helpers';

type DevCluster = ResolvedConfig['devEnvironmentClusters'][number];

const FIXTURES = path.join(__dirname, 'fixtures', 'sealed-secrets');
/** The fs module object itself, whose members lib/util/read-file calls (a spy on it is seen there). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');
const KEY_VAULT_NAME_RULE = 'must be an Azure Key Vault name: 3-24 characters, starting with a letter, letters, digits and single "-", not ending with "-"';

type Over = { names?: Record<string, string>; vaultUrl?: string; sealed?: { certificateFile: string; scope?: string }; dev?: unknown[] };
const configOf = (over: Over = {}) =>
  ({
    namespace: 'codecanvas',
    secrets: {
      names: over.names ?? {},
      ...(over.vaultUrl ? { keyVault: { vaultUrl: over.vaultUrl } } : {}),
      ...(over.sealed ? { sealedSecrets: over.sealed } : {}),
    },
    devEnvironmentClusters: over.dev ?? [],
  }) as unknown as ResolvedConfig;

const MASTER: GeneratedSecret = { name: 'masterSecret', cluster: undefined, keyVaultName: 'codecanvas-master-secret', envVar: 'CODECANVAS_MASTER_SECRET', value: 'M4ster/=' };
const clusterSecret = (name: GeneratedSecret['name'], cluster: string, suffix: string, value = `${cluster}-${suffix}-value`): GeneratedSecret => ({
  name,
  cluster,
  keyVaultName: `${cluster}-${suffix}`,
  envVar: `${cluster.toUpperCase().replace(/-/g, '_')}_${suffix.toUpperCase().replace(/-/g, '_')}`,
  value,
});
const RELAY = clusterSecret('relayJwtPrivateKey', 'dev-a', 'relay-jwt-private-key');
const JUMP = clusterSecret('jumpJwtPrivateKey', 'dev-a', 'jump-jwt-private-key');
const SSH = clusterSecret('jumpSshHostKey', 'dev-a', 'jump-ssh-host-key');
const OPERATOR = clusterSecret('operatorJwtPrivateKey', 'dev-a', 'operator-jwt-private-key');


describe('masterSecretKey: secrets.names.masterSecret when it fits the target\'s naming rule', () => {
  test.each([
    [undefined, 'keyVault', 'codecanvas-master-secret'],
    [undefined, 'env', 'CODECANVAS_MASTER_SECRET'],
    ['', 'keyVault', 'codecanvas-master-secret'],
    ['', 'env', 'CODECANVAS_MASTER_SECRET'],
    ['my-master', 'keyVault', 'my-master'],
    ['my-master', 'env', 'CODECANVAS_MASTER_SECRET'], // "-" is no environment variable character
    ['MY_MASTER', 'env', 'MY_MASTER'],
    ['MY_MASTER', 'keyVault', 'codecanvas-master-secret'], // "_" is no Key Vault character
    ['Master1', 'keyVault', 'Master1'],
    ['Master1', 'env', 'Master1'],
    ['1master', 'env', 'CODECANVAS_MASTER_SECRET'],
    ['1master', 'keyVault', '1master'],
    ['a'.repeat(127), 'keyVault', 'a'.repeat(127)],
    ['a'.repeat(128), 'keyVault', 'codecanvas-master-secret'],
    ['x y', 'env', 'CODECANVAS_MASTER_SECRET'],
    ['x y', 'keyVault', 'codecanvas-master-secret'],
  ] as const)('override %j for %s: %s', (override, kind, expected) => {
    const config = configOf({ names: override === undefined ? {} : { masterSecret: override } });
    expect(masterSecretKey(config, MASTER, kind)).toBe(expected);
  });

  test('any other secret keeps its own names, override or not', () => {
    const config = configOf({ names: { masterSecret: 'MY_MASTER' } });
    expect(masterSecretKey(config, RELAY, 'env')).toBe('DEV_A_RELAY_JWT_PRIVATE_KEY');
    expect(masterSecretKey(config, RELAY, 'keyVault')).toBe('dev-a-relay-jwt-private-key');
  });
});

describe('keyVaultName', () => {
  test('--vault-name first, else the config\'s vault URL', () => {
    const config = configOf({ vaultUrl: 'https://from-config.vault.azure.net/' });
    expect(keyVaultName(config, 'given-vault')).toBe('given-vault');
    expect(keyVaultName(config, undefined)).toBe('from-config');
    expect(vaultNameOf).toBe(libVaultNameOf);
  });

  test('no vault at all: a refusal that says how to give one', () => {
    const error = thrown(() => keyVaultName(configOf(), undefined));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe('--format keyvault needs the vault: give --vault-name NAME or secrets.keyVault.vaultUrl in the config');
    expect(thrown(() => keyVaultName(configOf(), '')).message).toBe('--format keyvault needs the vault: give --vault-name NAME or secrets.keyVault.vaultUrl in the config');
  });

  test.each(['ab', 'a'.repeat(25), '1vault', 'vault-', 'va--ult', 'va_ult'])('an invalid name %j is refused with the rule', (name) => {
    const error = thrown(() => keyVaultName(configOf(), name));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe(`--vault-name ${JSON.stringify(name)} ${KEY_VAULT_NAME_RULE}`);
  });

  test.each(['abc', 'a'.repeat(24), 'Vault-1'])('%j is a valid name', (name) => {
    expect(keyVaultName(configOf(), name)).toBe(name);
  });
});

describe('keyVaultFiles', () => {
  const HEAD = (vault: string) => [
    '#!/bin/sh',
    `# Uploads the generated secrets to Azure Key Vault ${vault} (needs \`az login\` and permission to set secrets).`,
    '# Afterwards Key Vault holds the only copy: delete the private files in this folder. Phase 2 needs each relay',
    `# private key again; read it back with: az keyvault secret show --vault-name ${vault} --name <cluster>-relay-jwt-private-key --query value -o tsv`,
    'set -eu',
    'cd "$(dirname "$0")"',
    `VAULT="\${VAULT_NAME:-${vault}}"`,
  ];
  const upload = (name: string, file: string) => [`az keyvault secret set --vault-name "$VAULT" --name ${name} --file ${file} --output none`, `echo "uploaded ${name}"`];
  const DB = (name: string) => [
    `# The PostgreSQL password (${name}): from $CODECANVAS_DB_PASSWORD, else asked for; never written to a file.`,
    'if [ -z "${CODECANVAS_DB_PASSWORD:-}" ]; then',
    `  printf 'PostgreSQL password for Key Vault secret ${name}: ' >&2`,
    '  stty -echo 2>/dev/null || true',
    '  IFS= read -r CODECANVAS_DB_PASSWORD || true',
    '  stty echo 2>/dev/null || true',
    "  printf '\\n' >&2",
    'fi',
    '[ -n "${CODECANVAS_DB_PASSWORD:-}" ] || { echo "no PostgreSQL password given: set CODECANVAS_DB_PASSWORD or type it" >&2; exit 1; }',
    `printf '%s' "$CODECANVAS_DB_PASSWORD" | az keyvault secret set --vault-name "$VAULT" --name ${name} --file /dev/stdin --output none`,
    `echo "uploaded ${name}"`,
  ];

  test('one private file per secret (.txt for the master secret, .pem for keys), then upload.sh with the database step', () => {
    const files = keyVaultFiles(configOf(), [MASTER, RELAY, SSH], 'kv1');
    expect(files).toEqual([
      { name: 'codecanvas-master-secret.txt', content: 'M4ster/=', mode: 0o600 },
      { name: 'dev-a-relay-jwt-private-key.pem', content: RELAY.value, mode: 0o600 },
      { name: 'dev-a-jump-ssh-host-key.pem', content: SSH.value, mode: 0o600 },
      {
        name: 'upload.sh',
        content: `${[
          ...HEAD('kv1'),
          ...upload('codecanvas-master-secret', 'codecanvas-master-secret.txt'),
          ...upload('dev-a-relay-jwt-private-key', 'dev-a-relay-jwt-private-key.pem'),
          ...upload('dev-a-jump-ssh-host-key', 'dev-a-jump-ssh-host-key.pem'),
          ...DB('codecanvas-db-password'),
        ].join('\n')}\n`,
        mode: 0o755,
      },
    ]);
  });

  test('the secrets.names overrides that Key Vault accepts name the master secret and the database password', () => {
    const config = configOf({ names: { masterSecret: 'cc-master', databasePassword: 'cc-db' } });
    const files = keyVaultFiles(config, [MASTER], 'kv2');
    expect(files.map((f) => f.name)).toEqual(['cc-master.txt', 'upload.sh']);
    expect(files[1].content).toBe(`${[...HEAD('kv2'), ...upload('cc-master', 'cc-master.txt'), ...DB('cc-db')].join('\n')}\n`);
    const refused = keyVaultFiles(configOf({ names: { databasePassword: 'CC_DB' } }), [MASTER], 'kv2');
    expect(refused[1].content).toContain(DB('codecanvas-db-password').join('\n'));
  });

  test('without the master secret (--skip-master-secret) no database step either', () => {
    const files = keyVaultFiles(configOf(), [JUMP], 'kv3');
    expect(files[1]).toEqual({ name: 'upload.sh', content: `${[...HEAD('kv3'), ...upload('dev-a-jump-jwt-private-key', 'dev-a-jump-jwt-private-key.pem')].join('\n')}\n`, mode: 0o755 });
    expect(keyVaultFiles(configOf(), [], 'kv3')).toEqual([{ name: 'upload.sh', content: `${HEAD('kv3').join('\n')}\n`, mode: 0o755 }]);
  });
});

describe('envFile', () => {
  const HEAD = [
    '# Generated by the keys command. PRIVATE: keep out of Git, delete when the values are stored elsewhere.',
    '# Load into the environment of the synth (secrets.source env or sealedSecrets): set -a; . ./secrets.env; set +a',
  ];

  test('one export line per secret, each value quoted for the shell when it must be', () => {
    expect(envFile(configOf({ names: { masterSecret: 'MY_MASTER' } }), [MASTER, RELAY, { ...JUMP, value: "it's" }])).toBe(
      `${[...HEAD, 'export MY_MASTER=M4ster/=', `export DEV_A_RELAY_JWT_PRIVATE_KEY=${RELAY.value}`, `export DEV_A_JUMP_JWT_PRIVATE_KEY='it'\\''s'`].join('\n')}\n`,
    );
    expect(envFile(configOf(), [])).toBe(`${HEAD.join('\n')}\n`);
  });

  test('a name that is no environment variable name is refused, naming the cluster or the installation', () => {
    const bad = { ...RELAY, cluster: '1dev', envVar: '1DEV_RELAY_JWT_PRIVATE_KEY' };
    const error = thrown(() => envFile(configOf(), [MASTER, bad]));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe(
      'environment variable name "1DEV_RELAY_JWT_PRIVATE_KEY" (1dev) must be an environment variable name: letters, digits and "_", not starting with a digit; rename the cluster',
    );
    expect(thrown(() => envFile(configOf(), [{ ...MASTER, envVar: 'X-Y' }])).message).toBe(
      'environment variable name "X-Y" (installation) must be an environment variable name: letters, digits and "_", not starting with a digit; rename the cluster',
    );
  });
});

describe('sealedTargets', () => {
  const base = path.join(FIXTURES, 'sub');
  const dev = (name: string, own?: string) => ({ name, systemNamespace: `${name}-system`, ...(own ? { sealedSecrets: { certificateFile: own } } : {}) }) as unknown as DevCluster;
  const loadedOf = (over: Over) => ({ config: configOf(over), source: 'c.yaml', baseDir: base }) as LoadedConfig;
  const io = { stderr: () => undefined, cwd: FIXTURES };
  const info = (t: SealedTargets) => ({
    application: [t.application.certificate, t.application.source.scope],
    clusters: [...t.clusters].map(([name, c]) => [name, c.certificate, c.namespace, c.source.scope]),
  });

  test('--cert (from the working folder) replaces the config\'s certificate; a dev cluster\'s own stays its own, by its index', () => {
    const devs = [dev('a'), dev('b', '../second.crt')];
    const loaded = loadedOf({ sealed: { certificateFile: '../none.crt', scope: 'namespace-wide' }, dev: devs });
    expect(info(sealedTargets(loaded, { cert: 'tls.crt', skipMasterSecret: false }, io, devs))).toEqual({
      application: [{ file: path.join(FIXTURES, 'tls.crt'), field: '--cert' }, 'namespace-wide'],
      clusters: [
        ['a', { file: path.join(FIXTURES, 'tls.crt'), field: '--cert' }, 'a-system', 'namespace-wide'],
        ['b', { file: path.join(FIXTURES, 'second.crt'), field: 'devEnvironmentClusters[1].sealedSecrets.certificateFile' }, 'b-system', 'namespace-wide'],
      ],
    });
    // Only the clusters asked for, with the index of each in the config.
    expect(info(sealedTargets(loaded, { cert: 'tls.crt', skipMasterSecret: false }, io, [devs[1]])).clusters).toEqual([
      ['b', { file: path.join(FIXTURES, 'second.crt'), field: 'devEnvironmentClusters[1].sealedSecrets.certificateFile' }, 'b-system', 'namespace-wide'],
    ]);
  });

  test('the config\'s certificate, from the config\'s folder; --scope over the config\'s, strict by default', () => {
    const loaded = loadedOf({ sealed: { certificateFile: '../tls.crt' } });
    const field = 'secrets.sealedSecrets.certificateFile';
    expect(info(sealedTargets(loaded, { skipMasterSecret: false }, io, []))).toEqual({ application: [{ file: path.join(FIXTURES, 'tls.crt'), field }, 'strict'], clusters: [] });
    expect(sealedTargets(loaded, { scope: 'cluster-wide', skipMasterSecret: false }, io, []).application.source.scope).toBe('cluster-wide');
    const scoped = loadedOf({ sealed: { certificateFile: '../tls.crt', scope: 'namespace-wide' } });
    expect(sealedTargets(scoped, { skipMasterSecret: false }, io, []).application.source.scope).toBe('namespace-wide');
    expect(sealedTargets(scoped, { scope: 'strict', skipMasterSecret: false }, io, []).application.source.scope).toBe('strict');
  });

  test('each target fills its own values', () => {
    const devs = [dev('a')];
    const t = sealedTargets(loadedOf({ sealed: { certificateFile: '../tls.crt' }, dev: devs }), { skipMasterSecret: false }, io, devs);
    expect(t.application.values).toEqual({});
    expect(t.clusters.get('a')!.values).not.toBe(t.application.values);
  });

  test('no certificate at all: a refusal that says how to give one', () => {
    const error = thrown(() => sealedTargets(loadedOf({}), { skipMasterSecret: false }, io, []));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe('--format sealed needs the controller certificate: give --cert FILE or secrets.sealedSecrets.certificateFile in the config');
  });

  test('a certificate that cannot be read, or is not one: refused, naming the field and the file', () => {
    const missing = thrown(() => sealedTargets(loadedOf({}), { cert: 'none.crt', skipMasterSecret: false }, io, []));
    expect(missing).toBeInstanceOf(KeysCommandError);
    expect(missing.message).toBe(`--cert: certificate ${path.join(FIXTURES, 'none.crt')} does not exist`);
    const devs = [dev('a', 'ec-missing.crt')];
    const own = thrown(() => sealedTargets(loadedOf({ sealed: { certificateFile: '../tls.crt' }, dev: devs }), { skipMasterSecret: false }, io, devs));
    expect(own.message).toBe(`devEnvironmentClusters[0].sealedSecrets.certificateFile: certificate ${path.join(base, 'ec-missing.crt')} does not exist`);
    const ec = thrown(() => sealedTargets(loadedOf({}), { cert: 'ec.crt', skipMasterSecret: false }, io, []));
    expect(ec).toBeInstanceOf(KeysCommandError);
    expect(ec.message.startsWith('--cert: SealedSecretSource: ')).toBe(true);
    expect(ec.message.endsWith(` (read from ${path.join(FIXTURES, 'ec.crt')})`)).toBe(true);
  });

  test('a failure that is not about the file (closing it fails) is passed on as it is, not worded as a certificate refusal', () => {
    const failure = new Error('close failed');
    const close = jest.spyOn(nodeFs, 'closeSync').mockImplementation(() => {
      throw failure;
    });
    try {
      expect(thrown(() => sealedTargets(loadedOf({}), { cert: 'tls.crt', skipMasterSecret: false }, io, []))).toBe(failure);
    } finally {
      close.mockRestore();
    }
  });
});

describe('sealedFiles', () => {
  const devs = [
    { name: 'dev-a', systemNamespace: 'dev-a-system' },
    { name: 'dev-b', systemNamespace: 'dev-b-system', sealedSecrets: { certificateFile: 'second.crt' } },
  ] as unknown as DevCluster[];
  const loaded = { config: configOf({ sealed: { certificateFile: 'tls.crt' }, dev: devs }), source: 'c.yaml', baseDir: FIXTURES } as LoadedConfig;
  const targets = () => sealedTargets(loaded, { skipMasterSecret: false }, { stderr: () => undefined, cwd: FIXTURES }, devs);
  const docs = (content: string) => yaml.loadAll(content) as any[];

  test('the file name of a cluster', () => {
    expect(sealedFileName('application')).toBe('application.sealed.yaml');
    expect(sealedFileName('dev-a')).toBe('dev-a.sealed.yaml');
  });

  test('the master secret and relay keys to the application cluster, the other keys to their own; empty groups left out', () => {
    const b = (s: GeneratedSecret) => ({ ...s, cluster: 'dev-b', envVar: s.envVar.replace('DEV_A', 'DEV_B') });
    const t = targets();
    const files = sealedFiles(loaded.config, t, [MASTER, RELAY, JUMP, SSH, OPERATOR, b(RELAY)]);
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['application.sealed.yaml', 0o644],
      ['dev-a.sealed.yaml', 0o644],
    ]);
    const [application, devA] = files.map((f) => docs(f.content));
    expect(application).toHaveLength(1);
    expect(application[0].kind).toBe('SealedSecret');
    expect(application[0].metadata).toEqual({ name: 'codecanvas-generated-keys', namespace: 'codecanvas' });
    expect(Object.keys(application[0].spec.encryptedData)).toEqual(['CODECANVAS_MASTER_SECRET', 'DEV_A_RELAY_JWT_PRIVATE_KEY', 'DEV_B_RELAY_JWT_PRIVATE_KEY']);
    expect(devA[0].metadata).toEqual({ name: 'codecanvas-generated-keys', namespace: 'dev-a-system' });
    expect(Object.keys(devA[0].spec.encryptedData)).toEqual(['DEV_A_JUMP_JWT_PRIVATE_KEY', 'DEV_A_JUMP_SSH_HOST_KEY', 'DEV_A_OPERATOR_JWT_PRIVATE_KEY']);
    // The values were handed to the sources that sealed them, under the same keys.
    expect(t.application.values).toEqual({ CODECANVAS_MASTER_SECRET: MASTER.value, DEV_A_RELAY_JWT_PRIVATE_KEY: RELAY.value, DEV_B_RELAY_JWT_PRIVATE_KEY: RELAY.value });
    expect(t.clusters.get('dev-a')!.values).toEqual({ DEV_A_JUMP_JWT_PRIVATE_KEY: JUMP.value, DEV_A_JUMP_SSH_HOST_KEY: SSH.value, DEV_A_OPERATOR_JWT_PRIVATE_KEY: OPERATOR.value });
    for (const f of files) for (const s of [MASTER, RELAY, JUMP, SSH, OPERATOR]) expect(f.content).not.toContain(s.value);
  });

  test('the header of each file, line by line', () => {
    const b = (s: GeneratedSecret) => ({ ...s, cluster: 'dev-b', envVar: s.envVar.replace('DEV_A', 'DEV_B') });
    const files = sealedFiles(configOf({ names: { masterSecret: 'MY_MASTER' }, dev: devs }), targets(), [MASTER, b(JUMP)]);
    const header = (content: string) => content.split('\n').filter((l) => l.startsWith('#'));
    expect(files.map((f) => f.name)).toEqual(['application.sealed.yaml', 'dev-b.sealed.yaml']);
    expect(header(files[0].content)).toEqual([
      '# The private values the keys command generated for the application cluster, sealed (strict) into Secret codecanvas-generated-keys in namespace codecanvas,',
      "# with the certificate of this cluster's controller (secrets.sealedSecrets.certificateFile): only that controller can open it.",
      '# No chart reads this Secret, and synth never writes it: synth writes codecanvas-jump-secret and codecanvas-operator-secret itself.',
      '# Apply it to that cluster (kubectl --context application apply -f application.sealed.yaml) and read each value when it is needed:',
      "#   kubectl --context application -n codecanvas get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d",
      '# <CLUSTER>_RELAY_JWT_PRIVATE_KEY goes into CodeCanvas (phase 2, the relay server settings); CODECANVAS_MASTER_SECRET is the',
      '# environment variable of the same name that synth reads and seals (it must never be lost).',
    ]);
    expect(Object.keys(docs(files[0].content)[0].spec.encryptedData)).toEqual(['MY_MASTER']);
    expect(header(files[1].content)).toEqual([
      '# The private values the keys command generated for the dev-environment cluster dev-b, sealed (strict) into Secret codecanvas-generated-keys in namespace dev-b-system,',
      "# with the certificate of this cluster's controller (devEnvironmentClusters[1].sealedSecrets.certificateFile): only that controller can open it.",
      '# No chart reads this Secret, and synth never writes it: synth writes codecanvas-jump-secret and codecanvas-operator-secret itself.',
      '# Apply it to that cluster (kubectl --context dev-b apply -f dev-b.sealed.yaml) and read each value when it is needed:',
      "#   kubectl --context dev-b -n dev-b-system get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d",
      '# Each is the environment variable of the same name that synth reads and seals (phase 3, once the jump and operator IDs are set).',
    ]);
    expect(files[0].content.startsWith('# The private values')).toBe(true);
    expect(files[0].content.split('\n')[7]).not.toMatch(/^#/);
  });

  test('nothing to seal: no files', () => {
    expect(sealedFiles(loaded.config, targets(), [])).toEqual([]);
  });

  test('a Secret the source refuses to make is a refusal with the construct\'s problems', () => {
    const error = thrown(() => sealedFiles(configOf({ dev: devs }), targets(), [{ ...JUMP, value: 'a\nb' }, { ...SSH, value: 'cd\n' }]));
    expect(error).toBeInstanceOf(KeysCommandError);
    const problem = (env: string, at: number) =>
      `${env}: the value of environment variable ${env} contains U+000A LINE FEED (a control character) at position ${at}: ` +
      'control, invisible and bidirectional characters are refused, as they make a secret value differ from what it looks like (or end a line where one is expected); retype it';
    expect(error.message).toBe(`${problem('DEV_A_JUMP_JWT_PRIVATE_KEY', 2)}\n${problem('DEV_A_JUMP_SSH_HOST_KEY', 3)}`);
  });
});

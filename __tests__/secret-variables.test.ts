// The environment variables a config's secret source reads, known from the config as written (secretVariables and
// secretVariableIssues), and which identity, certificate and source each cluster's secrets come from
// (secret-source-for.ts). In-process, on raw and hand-made configs, so that every branch is observed here.
import { parseConfig } from '../lib/config/load';
import type { ResolvedConfig } from '../lib/config/config-types';
import { readSealingKey, secretVariableIssues, secretVariables } from '../lib/charts/secret-variables';
import { applicationKeyVaultClientId, devKeyVaultClientId, hasOwnSecretSource, keyVaultClientIdField } from '../lib/charts/secret-source-for';
import { exampleConfig, TEST_ONLY_SEALING_KEY } from './helpers';

type Raw = Record<string, any>;

/** A raw config with one dev cluster whose jump and operator instance IDs are set (all three releases written). */
const raw = (secrets: Raw, more: Raw = {}): Raw => ({
  secrets,
  devEnvironmentClusters: [{ name: 'dev-west', jump: { enabled: true, instanceId: 'j' }, operator: { enabled: true, instanceId: 'o' } }],
  ...more,
});
const variables = (config: unknown) => secretVariables(config).map((v) => v.variable);
const rules = (config: unknown, env: NodeJS.ProcessEnv = {}) => secretVariableIssues(config, env).map((i) => `${i.path}: ${i.rule}`);

describe('secretVariables: the variables the secret source reads', () => {
  test('none for Key Vault, set or by default, for a source this project does not know, or for a config that is no object', () => {
    expect(secretVariables(raw({ source: 'keyVault' }))).toEqual([]);
    expect(secretVariables(raw({}))).toEqual([]);
    expect(secretVariables(raw({ source: 'vault' }))).toEqual([]);
    expect(secretVariables(null)).toEqual([]);
  });

  test('env and sealedSecrets: the installation\'s, then each dev cluster\'s of its written releases, in the order the charts read them', () => {
    const expected = ['CODECANVAS_DB_PASSWORD', 'CODECANVAS_MASTER_SECRET', 'DEV_WEST_JUMP_JWT_PRIVATE_KEY', 'DEV_WEST_JUMP_SSH_HOST_KEY', 'DEV_WEST_OPERATOR_JWT_PRIVATE_KEY'];
    expect(variables(raw({ source: 'env' }))).toEqual(expected);
    expect(variables(raw({ source: 'sealedSecrets' }))).toEqual(expected);
  });

  test('every variable with its field and purpose, as the messages name them', () => {
    const config = raw({ source: 'env' }, { objectStorage: { auth: 'accountKey' }, localAdministrator: { setPassword: true } });
    expect(secretVariables(config).map(({ variable, field, purpose }) => `${variable} <- ${field}: ${purpose}`)).toEqual([
      'CODECANVAS_DB_PASSWORD <- secrets.names.databasePassword: the PostgreSQL password',
      'CODECANVAS_MASTER_SECRET <- secrets.names.masterSecret: the CodeCanvas master secret',
      'CODECANVAS_STORAGE_ACCOUNT_KEY <- secrets.names.storageAccountKey: the Blob Storage account key (objectStorage.auth: accountKey)',
      'CODECANVAS_ADMIN_PASSWORD <- secrets.names.adminPassword: the local administrator password (localAdministrator.setPassword: true)',
      "DEV_WEST_JUMP_JWT_PRIVATE_KEY <- devEnvironmentClusters[0] (jumpJwtPrivateKey): the jump server's JWT private key of cluster dev-west",
      "DEV_WEST_JUMP_SSH_HOST_KEY <- devEnvironmentClusters[0] (jumpSshHostKey): the jump server's SSH host key of cluster dev-west",
      "DEV_WEST_OPERATOR_JWT_PRIVATE_KEY <- devEnvironmentClusters[0] (operatorJwtPrivateKey): the operator's JWT private key of cluster dev-west",
    ]);
  });

  test('a name in secrets.names replaces the default variable; an empty or non-string one does not', () => {
    expect(variables(raw({ source: 'env', names: { databasePassword: 'PG_PASSWORD' } }))[0]).toBe('PG_PASSWORD');
    expect(variables(raw({ source: 'env', names: { databasePassword: '' } }))[0]).toBe('CODECANVAS_DB_PASSWORD');
    expect(variables(raw({ source: 'env', names: { databasePassword: 7 } }))[0]).toBe('CODECANVAS_DB_PASSWORD');
  });

  test('the admin password: read where it can be passed (flux, or the values with the plaintext opt-in, which env has anyway), else not', () => {
    const admin = (secrets: Raw, mode?: string) =>
      variables(raw(secrets, { localAdministrator: { setPassword: true }, ...(mode ? { delivery: { mode } } : {}) })).includes('CODECANVAS_ADMIN_PASSWORD');
    expect(admin({ source: 'sealedSecrets' }, 'helm')).toBe(false);
    expect(admin({ source: 'sealedSecrets', allowPlaintextSecrets: 'yes' }, 'helm')).toBe(false);
    expect(admin({ source: 'sealedSecrets', allowPlaintextSecrets: true }, 'helm')).toBe(true);
    expect(admin({ source: 'sealedSecrets' })).toBe(false);
    expect(admin({ source: 'sealedSecrets' }, 'flux')).toBe(true);
    expect(admin({ source: 'env' }, 'helm')).toBe(true);
    expect(variables(raw({ source: 'env' }, { localAdministrator: { setPassword: 'true' } }))).not.toContain('CODECANVAS_ADMIN_PASSWORD');
  });

  test('a release\'s keys are read only when it is enabled and has an instance ID', () => {
    const clusterReads = (jump: unknown) =>
      variables({ secrets: { source: 'env' }, devEnvironmentClusters: [{ name: 'dev-west', jump, operator: { enabled: false } }] }).slice(2);
    expect(clusterReads({ enabled: true, instanceId: 'j' })).toEqual(['DEV_WEST_JUMP_JWT_PRIVATE_KEY', 'DEV_WEST_JUMP_SSH_HOST_KEY']);
    expect(clusterReads({ enabled: false, instanceId: 'j' })).toEqual([]);
    expect(clusterReads({ enabled: 'true', instanceId: 'j' })).toEqual([]);
    expect(clusterReads({ enabled: true, instanceId: '' })).toEqual([]);
    expect(clusterReads({ enabled: true, instanceId: 42 })).toEqual([]);
    expect(clusterReads({ enabled: true })).toEqual([]);
    expect(clusterReads('enabled')).toEqual([]);
  });

  test('a broken cluster list or a cluster without a usable name reads nothing of its own; the others still do', () => {
    const installation = ['CODECANVAS_DB_PASSWORD', 'CODECANVAS_MASTER_SECRET'];
    expect(variables({ secrets: { source: 'env' }, devEnvironmentClusters: 'dev-west' })).toEqual(installation);
    expect(variables({ secrets: { source: 'env' }, devEnvironmentClusters: { name: 'dev-west' } })).toEqual(installation);
    const release = { enabled: true, instanceId: 'o' };
    const clusters = [{ name: '', operator: release }, { name: 42, operator: release }, 'dev-x', { name: 'dev-east', operator: release }];
    const read = secretVariables({ secrets: { source: 'env' }, devEnvironmentClusters: clusters }).slice(2);
    expect(read.map((v) => `${v.variable} ${v.field}`)).toEqual(['DEV_EAST_OPERATOR_JWT_PRIVATE_KEY devEnvironmentClusters[3] (operatorJwtPrivateKey)']);
  });
});

describe('secretVariableIssues: what is wrong with those variables in the environment', () => {
  test('each variable not set or empty, named once even when two fields read it', () => {
    const config = raw({ source: 'env', names: { databasePassword: 'SHARED', masterSecret: 'SHARED' } }, { devEnvironmentClusters: [] });
    expect(rules(config, { SHARED: '' })).toEqual([
      'environment variable SHARED: is required: secrets.names.databasePassword reads the PostgreSQL password from it, and it is not set (or empty)',
    ]);
  });

  test('the sealing key is checked for sealedSecrets only, when it is set and not empty', () => {
    const env = { CODECANVAS_DB_PASSWORD: 'pw', CODECANVAS_MASTER_SECRET: Buffer.alloc(32, 7).toString('base64') };
    const noClusters = { devEnvironmentClusters: [] };
    expect(rules(raw({ source: 'sealedSecrets' }, noClusters), { ...env, CODECANVAS_SEALING_KEY: 'c2hvcnQ=' })).toEqual([
      expect.stringMatching(/^environment variable CODECANVAS_SEALING_KEY: must be Base64 of at least 32 random bytes/),
    ]);
    expect(rules(raw({ source: 'sealedSecrets' }, noClusters), env)).toEqual([]);
    expect(rules(raw({ source: 'sealedSecrets' }, noClusters), { ...env, CODECANVAS_SEALING_KEY: '' })).toEqual([]);
    expect(rules(raw({ source: 'env' }, noClusters), { ...env, CODECANVAS_SEALING_KEY: 'c2hvcnQ=' })).toEqual([]);
    expect(rules(raw({ source: 'keyVault' }, noClusters), { CODECANVAS_SEALING_KEY: 'c2hvcnQ=' })).toEqual([]);
  });

  test('readSealingKey: whitespace around the key is dropped before the check for hidden characters', () => {
    expect(readSealingKey(`  ${TEST_ONLY_SEALING_KEY}\n`)).toEqual(Buffer.from(TEST_ONLY_SEALING_KEY, 'base64'));
    expect(readSealingKey(`${TEST_ONLY_SEALING_KEY.slice(0, 4)}\u200b${TEST_ONLY_SEALING_KEY.slice(4)}`)).toMatch(/ZERO WIDTH SPACE/);
  });
});

describe('which identity and source each cluster\'s secrets come from', () => {
  const example = parseConfig(exampleConfig());
  /** The example with `edit` applied to a copy of its secrets and first dev cluster. */
  const config = (secrets: Raw, cluster: Raw = {}): ResolvedConfig => ({
    ...example,
    secrets: { ...example.secrets, ...secrets },
    devEnvironmentClusters: [{ ...example.devEnvironmentClusters[0], keyVault: undefined, sealedSecrets: undefined, ...cluster }],
  }) as ResolvedConfig;
  const OWN = { keyVault: { clientId: '11111111-2222-4333-8444-555555555555' } };
  const SHARED = { clientId: '99999999-2222-4333-8444-555555555555' };

  test('the Key Vault client ID and the field that sets it: the cluster\'s own, else the installation\'s, else the workload identity\'s', () => {
    const kv = example.secrets.keyVault!;
    const none = config({ keyVault: { ...kv, clientId: undefined } });
    expect([applicationKeyVaultClientId(none), keyVaultClientIdField(none), keyVaultClientIdField(none, 0)]).toEqual([example.workloadIdentity.clientId, 'workloadIdentity.clientId', 'workloadIdentity.clientId']);
    const shared = config({ keyVault: { ...kv, ...SHARED } });
    expect([applicationKeyVaultClientId(shared), keyVaultClientIdField(shared), keyVaultClientIdField(shared, 0)]).toEqual([SHARED.clientId, 'secrets.keyVault.clientId', 'secrets.keyVault.clientId']);
    const own = config({ keyVault: { ...kv, ...SHARED } }, OWN);
    expect([devKeyVaultClientId(own, own.devEnvironmentClusters[0]), keyVaultClientIdField(own, 0), keyVaultClientIdField(own)]).toEqual([OWN.keyVault.clientId, 'devEnvironmentClusters[0].keyVault.clientId', 'secrets.keyVault.clientId']);
    // Without a Key Vault section at all (another source): the workload identity's.
    const env = config({ source: 'env', keyVault: undefined });
    expect([applicationKeyVaultClientId(env), keyVaultClientIdField(env), keyVaultClientIdField(env, 0)]).toEqual([example.workloadIdentity.clientId, 'workloadIdentity.clientId', 'workloadIdentity.clientId']);
  });

  test('a cluster has a source of its own only for its own setting of the source in use', () => {
    const sealed = { sealedSecrets: { certificateFile: 'dev.crt' } };
    expect(hasOwnSecretSource(config({ source: 'keyVault' }, OWN), 0)).toBe(true);
    expect(hasOwnSecretSource(config({ source: 'keyVault' }), 0)).toBe(false);
    expect(hasOwnSecretSource(config({ source: 'keyVault' }, sealed), 0)).toBe(false);
    expect(hasOwnSecretSource(config({ source: 'sealedSecrets' }, sealed), 0)).toBe(true);
    expect(hasOwnSecretSource(config({ source: 'sealedSecrets' }), 0)).toBe(false);
    expect(hasOwnSecretSource(config({ source: 'sealedSecrets' }, OWN), 0)).toBe(false);
    expect(hasOwnSecretSource(config({ source: 'env' }, { ...OWN, ...sealed }), 0)).toBe(false);
  });
});

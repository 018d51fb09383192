// The names a user meets in the output of the keys command: the Key Vault secret names in upload.sh, the
// environment variable names in secrets.env, the Secret the sealed format seals the installation-level keys into.
// (__tests__/keys.test.ts covers the command at large but is left out of mutation runs of lib/util.)
// 4096-bit RSA keys come from committed test keys (seconds each to generate); see __tests__/rsa-fixtures.ts.
jest.mock('crypto', () => require('./rsa-fixtures').cryptoWithFixtureRsa(jest.requireActual('crypto')));
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KeysCommandIo, runKeysCommand } from '../cli/keys-command';
import { parseConfig } from '../lib/config/load';
import { installGuide } from '../cli/output/install-guide';
import { exampleConfig, minimalConfig, withField } from './helpers';
import * as names from '../lib/util/names';
import { vaultNameOf } from '../lib/util/names';

const CERT_FILE = path.join(__dirname, 'fixtures', 'sealed-secrets', 'tls.crt');

/** Runs `keys` in a fresh folder with a config of two dev clusters and the given secrets section; returns the output folder. */
function keys(secrets: Record<string, unknown>, argv: string[]): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'util-names-'));
  const config = {
    ...minimalConfig(),
    secrets,
    devEnvironmentClusters: [
      { name: 'dev-westeurope', jump: { instanceId: 'jump-1' }, operator: { instanceId: 'operator-1' } },
      { name: 'dev-us', jump: { instanceId: 'jump-2' }, operator: { instanceId: 'operator-2' } },
    ],
  };
  fs.writeFileSync(path.join(work, 'codecanvas.yaml'), yaml.dump(config));
  const err: string[] = [];
  const io: KeysCommandIo = { stdout: () => undefined, stderr: (s) => err.push(s), env: {}, cwd: work };
  const code = runKeysCommand(['--config', path.join(work, 'codecanvas.yaml'), '--out', 'out', ...argv], io, { sshHostKeyBits: 2048 });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return path.join(work, 'out');
}

describe('names of the generated secrets', () => {
  test('keyvault: upload.sh sets the master secret, then per cluster the relay, jump JWT, jump SSH and operator keys', () => {
    const dir = keys({ keyVault: { vaultUrl: 'https://codecanvas-kv.vault.azure.net/' } }, ['--format', 'keyvault']);
    const upload = fs.readFileSync(path.join(dir, 'upload.sh'), 'utf8');
    const names = [...upload.matchAll(/--name (\S+) --file (\S+)/g)].map((m) => [m[1], m[2]]);
    expect(names).toEqual([
      ['codecanvas-master-secret', 'codecanvas-master-secret.txt'],
      ['dev-westeurope-relay-jwt-private-key', 'dev-westeurope-relay-jwt-private-key.pem'],
      ['dev-westeurope-jump-jwt-private-key', 'dev-westeurope-jump-jwt-private-key.pem'],
      ['dev-westeurope-jump-ssh-host-key', 'dev-westeurope-jump-ssh-host-key.pem'],
      ['dev-westeurope-operator-jwt-private-key', 'dev-westeurope-operator-jwt-private-key.pem'],
      ['dev-us-relay-jwt-private-key', 'dev-us-relay-jwt-private-key.pem'],
      ['dev-us-jump-jwt-private-key', 'dev-us-jump-jwt-private-key.pem'],
      ['dev-us-jump-ssh-host-key', 'dev-us-jump-ssh-host-key.pem'],
      ['dev-us-operator-jwt-private-key', 'dev-us-operator-jwt-private-key.pem'],
      // The PostgreSQL password, which keys does not make: from the environment or a prompt, on stdin.
      ['codecanvas-db-password', '/dev/stdin'],
    ]);
    expect(fs.readFileSync(path.join(dir, 'dev-us-relay-jwt-private-key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  test('env: secrets.env exports the master secret, then per cluster its upper-cased variables ("-" as "_")', () => {
    const dir = keys({ source: 'env', allowPlaintextSecrets: true }, ['--format', 'env']);
    const text = fs.readFileSync(path.join(dir, 'secrets.env'), 'utf8');
    expect([...text.matchAll(/^export ([A-Z0-9_]+)=/gm)].map((m) => m[1])).toEqual([
      'CODECANVAS_MASTER_SECRET',
      'DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY',
      'DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY',
      'DEV_WESTEUROPE_JUMP_SSH_HOST_KEY',
      'DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY',
      'DEV_US_RELAY_JWT_PRIVATE_KEY',
      'DEV_US_JUMP_JWT_PRIVATE_KEY',
      'DEV_US_JUMP_SSH_HOST_KEY',
      'DEV_US_OPERATOR_JWT_PRIVATE_KEY',
    ]);
  });

  test('sealed: every generated private value goes into a Secret codecanvas-generated-keys of its cluster, whose header tells how to read it', () => {
    const dir = keys({ source: 'sealedSecrets', sealedSecrets: { certificateFile: CERT_FILE } }, ['--format', 'sealed']);
    const read = (file: string) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const doc = yaml.load(text) as any;
      return { text, at: [doc.kind, doc.metadata.namespace, doc.metadata.name], keys: Object.keys(doc.spec.encryptedData).sort() };
    };
    const app = read('application.sealed.yaml');
    expect(app.at).toEqual(['SealedSecret', 'codecanvas', 'codecanvas-generated-keys']);
    expect(app.keys).toEqual(['CODECANVAS_MASTER_SECRET', 'DEV_US_RELAY_JWT_PRIVATE_KEY', 'DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY']);
    expect(app.text).toContain("#   kubectl --context application -n codecanvas get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d\n");
    const us = read('dev-us.sealed.yaml');
    expect(us.at).toEqual(['SealedSecret', 'codecanvas-system', 'codecanvas-generated-keys']);
    expect(us.keys).toEqual(['DEV_US_JUMP_JWT_PRIVATE_KEY', 'DEV_US_JUMP_SSH_HOST_KEY', 'DEV_US_OPERATOR_JWT_PRIVATE_KEY']);
    expect(us.text).toContain("#   kubectl --context dev-us -n codecanvas-system get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d\n");
    expect(read('dev-westeurope.sealed.yaml').keys).toEqual(['DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY', 'DEV_WESTEUROPE_JUMP_SSH_HOST_KEY', 'DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY']);
  });
});

test('install guide: with objectStorage.auth accountKey, Key Vault must hold codecanvas-storage-account-key', () => {
  const text = installGuide(parseConfig(withField(exampleConfig(), 'objectStorage.auth', 'accountKey')), 'examples/test.yaml');
  expect(text).toContain('these secrets in Key Vault `https://codecanvas-kv.vault.azure.net/`: `codecanvas-db-password`, `codecanvas-master-secret`, `codecanvas-storage-account-key`, ');
});

test('vaultNameOf: the vault name is the first label of the vault URL host; no URL, no name', () => {
  expect(vaultNameOf('https://codecanvas-kv.vault.azure.net/')).toBe('codecanvas-kv');
  expect(vaultNameOf('https://kv2.vault.azure.net')).toBe('kv2');
  expect(vaultNameOf(undefined)).toBeUndefined();
  expect(vaultNameOf('')).toBeUndefined();
  expect(vaultNameOf('not a url')).toBeUndefined();
});

test('install guide: phase 2 says how to read each relay private key back from Key Vault', () => {
  const text = installGuide(parseConfig(exampleConfig()), 'examples/test.yaml');
  expect(text).toContain('Key Vault secret `dev-westeurope-relay-jwt-private-key`, read back with `az keyvault secret show --vault-name codecanvas-kv --name dev-westeurope-relay-jwt-private-key --query value -o tsv`');
});

// Pure calls of lib/util/names.ts: each fixed name and each branch of the Helm naming helpers.
describe('fixed names and Helm naming', () => {
  it('each fixed name reads as the charts and the keys command expect', () => {
    expect(names.argocdRepoUrl('oci://registry.example.com/charts')).toBe('registry.example.com/charts');
    expect(names.argocdRepoUrl('registry.example.com/charts')).toBe('registry.example.com/charts');
    expect(names.FLUX_DEFAULT_INTERVAL).toBe('10m');
    // Argo CD's own finalizer name: with it, deleting an Application deletes what it deployed.
    expect(names.ARGOCD_RESOURCES_FINALIZER).toBe('resources-finalizer.argocd.argoproj.io');
    expect(names.COMMON_LABELS).toStrictEqual({
      'app.kubernetes.io/part-of': 'codecanvas',
      'app.kubernetes.io/managed-by': 'codecanvas-cdk8s',
    });
    expect(names.CHART_VALUES_SECRET_NAME).toBe('codecanvas-chart-values');
    expect(names.DEFAULT_KEY_VAULT_REFRESH_INTERVAL).toBe('1h');
    expect(names.RELAY_SECRET_NAME).toBe('codecanvas-relay-secret');
    expect(names.JUMP_SECRET_NAME).toBe('codecanvas-jump-secret');
    expect(names.DEFAULT_SECRET_KEYS).toStrictEqual({
      keyVault: {
        databasePassword: 'codecanvas-db-password',
        masterSecret: 'codecanvas-master-secret',
        storageAccountKey: 'codecanvas-storage-account-key',
        adminPassword: 'codecanvas-admin-password',
      },
      env: {
        databasePassword: 'CODECANVAS_DB_PASSWORD',
        masterSecret: 'CODECANVAS_MASTER_SECRET',
        storageAccountKey: 'CODECANVAS_STORAGE_ACCOUNT_KEY',
        adminPassword: 'CODECANVAS_ADMIN_PASSWORD',
      },
    });
    expect(names.SEALING_KEY_ENV).toBe('CODECANVAS_SEALING_KEY');
    expect(names.KEYS_PRIVATE_FILE_HEADER).toBe('# Generated by the keys command. PRIVATE: keep out of Git');
  });

  it('helmFullname takes only string overrides', () => {
    expect(names.helmFullname('r', 'c')).toBe('r-c');
    expect(names.helmFullname('r', 'c', { nameOverride: 'x' })).toBe('r-x');
    expect(names.helmFullname('r', 'c', { fullnameOverride: 5, nameOverride: 7 })).toBe('r-c');
    expect(names.helmFullname('r', 'c', { fullnameOverride: 'f-' })).toBe('f');
  });

  it('codecanvasAppName appends application.name only when it is a non-empty string', () => {
    expect(names.codecanvasAppName('r', 'c')).toBe('r-c-app');
    expect(names.codecanvasAppName('r', 'c', { application: { name: 'web' } })).toBe('r-c-web');
    expect(names.codecanvasAppName('r', 'c', { application: { name: '' } })).toBe('r-c-app');
    expect(names.codecanvasAppName('r', 'c', { application: { name: 5 } })).toBe('r-c-app');
    expect(names.codecanvasAppName('r', 'c', { application: null })).toBe('r-c-app');
    expect(names.codecanvasAppName('r', 'c', { application: 'web' })).toBe('r-c-app');
  });

  it('vaultNameOf is the first label of the host, or undefined', () => {
    expect(vaultNameOf('https://my-vault.vault.azure.net/')).toBe('my-vault');
    expect(vaultNameOf(undefined)).toBeUndefined();
    expect(vaultNameOf('')).toBeUndefined();
    expect(vaultNameOf('not a url')).toBeUndefined();
  });
});

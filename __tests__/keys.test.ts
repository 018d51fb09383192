// 4096-bit RSA keys come from committed test keys (seconds each to generate); see __tests__/rsa-fixtures.ts.
jest.mock('crypto', () => require('./rsa-fixtures').cryptoWithFixtureRsa(jest.requireActual('crypto')));
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { clusterSecretKey } from '../lib/charts/secret-names';
import { isValidMasterSecret } from '../lib/config/rules';
import {
  generateEcJwtKeyPair,
  generateKeyMaterial,
  generateMasterSecret,
  generateSshHostKey,
  privateSecrets,
  sshMpint,
  sshRsaPublicKey,
} from '../cli/keys/generate';
import { KeysCommandIo, runKeysCommand, vaultNameOf } from '../cli/keys-command';
import { loadConfigFile } from '../lib/config/load';
import {
  envVarName,
  GENERATED_KEYS_SECRET_NAME,
  JUMP_SECRET_NAME,
  keyVaultSecretName,
  OPERATOR_SECRET_NAME,
} from '../lib/util/names';
import { CLUSTER_WIDE_ANNOTATION } from '../lib/secrets/seal';
import { fakeSecretEnv, minimalConfig, ROOT } from './helpers';
import { synthesize } from '../cli/synth';
import { fingerprint } from '../cli/keys/update-config';
import { testOrCannotRun } from '../test/proof-gate';
import { rsaRequests } from './rsa-fixtures';

const FIXTURES = path.join(__dirname, 'fixtures', 'sealed-secrets');
const CERT_FILE = path.join(FIXTURES, 'tls.crt');
const PRIVATE_KEY = fs.readFileSync(path.join(FIXTURES, 'tls.key'), 'utf8');
// A second controller key pair: a dev cluster with its own certificate (devEnvironmentClusters[].sealedSecrets).
const SECOND_CERT_FILE = path.join(FIXTURES, 'second.crt');
const SECOND_PRIVATE_KEY = fs.readFileSync(path.join(FIXTURES, 'second.key'), 'utf8');

function expectP256(privatePem: string, publicPem: string): void {
  expect(privatePem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
  expect(publicPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
  const priv = crypto.createPrivateKey(privatePem);
  expect(priv.asymmetricKeyType).toBe('ec');
  expect(priv.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  // The public half belongs to the private half.
  expect(crypto.createPublicKey(priv).export({ type: 'spki', format: 'pem' })).toBe(publicPem);
  const signature = crypto.sign('sha256', Buffer.from('jwt'), priv);
  expect(crypto.verify('sha256', Buffer.from('jwt'), publicPem, signature)).toBe(true);
}

/** Parses `ssh-rsa AAAA...` and checks it against the RSA private key. */
function expectSshPublicKeyOf(privatePem: string, line: string): void {
  const [type, b64] = line.split(' ');
  expect(type).toBe('ssh-rsa');
  const blob = Buffer.from(b64, 'base64');
  const fields: Buffer[] = [];
  for (let at = 0; at < blob.length; ) {
    const length = blob.readUInt32BE(at);
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  expect(fields).toHaveLength(3);
  expect(fields[0].toString()).toBe('ssh-rsa');
  const jwk = crypto.createPrivateKey(privatePem).export({ format: 'jwk' });
  const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
  expect(fields[1][0] & 0x80).toBe(0); // mpint: positive
  expect(fields[2][0] & 0x80).toBe(0);
  expect(strip(fields[1]).equals(Buffer.from(jwk.e as string, 'base64url'))).toBe(true);
  expect(strip(fields[2]).equals(Buffer.from(jwk.n as string, 'base64url'))).toBe(true);
}

const hasSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;

describe('key generation', () => {
  it('makes a master secret of 32 random bytes in Base64', () => {
    const a = generateMasterSecret();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(isValidMasterSecret(a)).toBe(true);
    expect(generateMasterSecret()).not.toBe(a);
  });

  it('makes EC prime256v1 JWT key pairs (PKCS#8 private, SPKI public)', () => {
    const pair = generateEcJwtKeyPair();
    expectP256(pair.privateKeyPem, pair.publicKeyPem);
  });

  it('makes an RSA 4096 PKCS#1 SSH host key with its OpenSSH public key', () => {
    const asked = rsaRequests.length;
    const key = generateSshHostKey({ comment: 'test@host' });
    // What it asked node:crypto for (the key itself is a committed 4096-bit test key, see rsa-fixtures.ts).
    expect(rsaRequests.slice(asked)).toEqual([{ modulusLength: 4096, publicExponent: 0x10001 }]);
    expect(key.privateKeyPem.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expect(crypto.createPrivateKey(key.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(key.publicKeyOpenSsh.endsWith(' test@host')).toBe(true);
    expectSshPublicKeyOf(key.privateKeyPem, key.publicKeyOpenSsh);
  });

  testOrCannotRun(hasSshKeygen ? undefined : 'no ssh-keygen on PATH (Debian package openssh-client)', 'writes the same public key as ssh-keygen -y', () => {
    const key = generateSshHostKey({ bits: 2048 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-ssh-'));
    const file = path.join(dir, 'key');
    fs.writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
    const out = spawnSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
    expect(out.stdout.trim().split(' ').slice(0, 2).join(' ')).toBe(key.publicKeyOpenSsh);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('encodes SSH mpints minimally and positive', () => {
    expect(sshMpint(Buffer.from([0x00, 0x00, 0x7f]))).toEqual(Buffer.from([0, 0, 0, 1, 0x7f]));
    expect(sshMpint(Buffer.from([0x80]))).toEqual(Buffer.from([0, 0, 0, 2, 0x00, 0x80]));
    expect(sshMpint(Buffer.from([0x00]))).toEqual(Buffer.from([0, 0, 0, 0]));
    expect(sshMpint(Buffer.from([0x01, 0x00, 0x01]))).toEqual(Buffer.from([0, 0, 0, 3, 1, 0, 1]));
  });

  it('refuses a non-RSA key for ssh-rsa', () => {
    const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => sshRsaPublicKey(publicKey)).toThrow(/must be rsa/);
  });

  it('makes the master secret and four keys per cluster, named for Key Vault and the environment', () => {
    const material = generateKeyMaterial({ clusters: ['dev-a', 'dev-b'], sshHostKeyBits: 2048 });
    expect(material.clusters.map((c) => c.cluster)).toEqual(['dev-a', 'dev-b']);
    for (const c of material.clusters) {
      expectP256(c.relayJwt.privateKeyPem, c.relayJwt.publicKeyPem);
      expectP256(c.jumpJwt.privateKeyPem, c.jumpJwt.publicKeyPem);
      expectP256(c.operatorJwt.privateKeyPem, c.operatorJwt.publicKeyPem);
      expectSshPublicKeyOf(c.jumpSshHostKey.privateKeyPem, c.jumpSshHostKey.publicKeyOpenSsh);
    }
    expect(new Set(material.clusters.flatMap((c) => [c.relayJwt, c.jumpJwt, c.operatorJwt].map((p) => p.privateKeyPem))).size).toBe(6);
    const secrets = privateSecrets(material);
    expect(secrets.map((s) => [s.keyVaultName, s.envVar])).toEqual([
      ['codecanvas-master-secret', 'CODECANVAS_MASTER_SECRET'],
      ['dev-a-relay-jwt-private-key', 'DEV_A_RELAY_JWT_PRIVATE_KEY'],
      ['dev-a-jump-jwt-private-key', 'DEV_A_JUMP_JWT_PRIVATE_KEY'],
      ['dev-a-jump-ssh-host-key', 'DEV_A_JUMP_SSH_HOST_KEY'],
      ['dev-a-operator-jwt-private-key', 'DEV_A_OPERATOR_JWT_PRIVATE_KEY'],
      ['dev-b-relay-jwt-private-key', 'DEV_B_RELAY_JWT_PRIVATE_KEY'],
      ['dev-b-jump-jwt-private-key', 'DEV_B_JUMP_JWT_PRIVATE_KEY'],
      ['dev-b-jump-ssh-host-key', 'DEV_B_JUMP_SSH_HOST_KEY'],
      ['dev-b-operator-jwt-private-key', 'DEV_B_OPERATOR_JWT_PRIVATE_KEY'],
    ]);
    expect(secrets[0].value).toBe(material.masterSecret);
    expect(privateSecrets(material, { includeMasterSecret: false })).toHaveLength(8);
  });

  it('refuses duplicate or empty cluster names', () => {
    expect(() => generateKeyMaterial({ clusters: ['a', 'a'] })).toThrow(/"a" is given twice/);
    expect(() => generateKeyMaterial({ clusters: [''] })).toThrow(/must not be empty/);
  });

  it('names per-cluster secrets the way the charts read them', () => {
    for (const name of ['jumpJwtPrivateKey', 'jumpSshHostKey', 'operatorJwtPrivateKey'] as const) {
      expect(keyVaultSecretName(name, 'dev-x')).toBe(clusterSecretKey('keyVault', 'dev-x', name));
      expect(envVarName(name, 'dev-x')).toBe(clusterSecretKey('env', 'dev-x', name));
    }
    // A per-cluster secret without its cluster does not compile.
    // @ts-expect-error the cluster argument is required
    void (() => envVarName('relayJwtPrivateKey'));
  });
});

// ---- the command ----

function baseConfig(secrets: Record<string, unknown>): Record<string, unknown> {
  return {
    ...minimalConfig(),
    secrets,
    devEnvironmentClusters: [
      { name: 'dev-westeurope', jump: { instanceId: 'jump-1' }, operator: { instanceId: 'operator-1' } },
    ],
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-cmd-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function writeConfig(secrets: Record<string, unknown>): string {
  const file = path.join(work, 'codecanvas.yaml');
  fs.writeFileSync(file, yaml.dump(baseConfig(secrets)));
  return file;
}

/** Runs the command; SSH host keys are 2048-bit unless `fullSize` (4096 is slow to generate). */
function run(argv: string[], fullSize = false, env: NodeJS.ProcessEnv = {}): Run {
  const out: string[] = [];
  const err: string[] = [];
  const io: KeysCommandIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: work };
  const code = runKeysCommand(argv, io, fullSize ? {} : { sshHostKeyBits: 2048 });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

interface PublicCluster {
  name: string;
  relay: { jwtPublicKey: string };
  jump: { jwtPublicKey: string; sshHostPublicKey: string };
  operator: { jwtPublicKey: string };
}

function readPublic(dir: string): PublicCluster[] {
  const file = path.join(dir, 'public.yaml');
  expect(mode(file)).toBe(0o644);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toMatch(/^# /); // it carries comments saying where each key goes
  const clusters = (yaml.load(text) as { devEnvironmentClusters: Array<{ name: string; relay: { jwtPublicKey: string } }> }).devEnvironmentClusters;
  // Only config fields in public.yaml; the keys that go into CodeCanvas itself are files beside it.
  for (const c of clusters) expect(Object.keys(c).sort()).toEqual(['name', 'relay']);
  const pub = (name: string) => fs.readFileSync(path.join(dir, 'public-keys', name), 'utf8');
  return clusters.map((c) => ({
    ...c,
    jump: { jwtPublicKey: pub(`${c.name}.jump-jwt.pub.pem`), sshHostPublicKey: pub(`${c.name}.jump-ssh-host.pub`).trim() },
    operator: { jwtPublicKey: pub(`${c.name}.operator-jwt.pub.pem`) },
  }));
}

function expectKeysMatchPublic(pub: PublicCluster, priv: { relay: string; jump: string; ssh: string; operator: string }, sshBits = 2048): void {
  expectP256(priv.relay, pub.relay.jwtPublicKey);
  expectP256(priv.jump, pub.jump.jwtPublicKey);
  expectP256(priv.operator, pub.operator.jwtPublicKey);
  expect(priv.ssh.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
  expect(crypto.createPrivateKey(priv.ssh).asymmetricKeyDetails?.modulusLength).toBe(sshBits);
  expectSshPublicKeyOf(priv.ssh, pub.jump.sshHostPublicKey);
}

function unseal(sealedBase64: string, label: string, privateKey = PRIVATE_KEY): string {
  const bytes = Buffer.from(sealedBase64, 'base64');
  const n = bytes.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt(
    { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) },
    bytes.subarray(2, 2 + n),
  );
  const aes = bytes.subarray(2 + n);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]).toString('utf8');
}

/** A SealedSecret file of `keys --format sealed`: where it goes, and its values opened with `privateKey` (strict scope). */
function unsealFile(file: string, privateKey = PRIVATE_KEY): { at: string; values: Record<string, string> } {
  const doc = yaml.load(fs.readFileSync(file, 'utf8')) as any;
  expect(doc.kind).toBe('SealedSecret');
  const at = `${doc.metadata.namespace}/${doc.metadata.name}`;
  const values = Object.fromEntries(Object.entries(doc.spec.encryptedData as Record<string, string>).map(([k, v]) => [k, unseal(v, at, privateKey)]));
  return { at, values };
}

/** The variables a shell has after sourcing `files` (the way the docs say to load them). */
function loadEnvFiles(...files: string[]): Record<string, string> {
  const script = `${files.map((f) => `. "${f}"`).join(' && ')} && node -e 'process.stdout.write(JSON.stringify(process.env))'`;
  const shell = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(shell.status).toBe(0);
  const env = JSON.parse(shell.stdout) as Record<string, string>;
  delete env.PATH;
  return env;
}

/** `<namespace>/<name>` of the Secret an object makes (an ExternalSecret's target may name another). */
function secretOwned(doc: any): string {
  const name = doc.kind === 'ExternalSecret' ? (doc.spec?.target?.name ?? doc.metadata.name) : doc.metadata.name;
  return `${doc.metadata.namespace}/${name}`;
}

describe('keys command', () => {
  it('prints help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: codecanvas-cdk8s keys --out DIR/);
    expect(r.stdout).toContain('--format');
  });

  it.each([
    [[], /--out DIR is required/],
    [['--out', 'x', '--format', 'pem'], /--format "pem" must be one of keyvault, sealed, env/],
    [['--out'], /Option '--out <value>' argument missing/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--out', 'x', '--replace-keys'], /--replace-keys only works with --update-config/],
  ])('rejects the command line %j with exit 2', (argv, message) => {
    const r = run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('keyvault: one 0600 file per secret, upload.sh for the config\'s vault, public.yaml', () => {
    const config = writeConfig({ source: 'keyVault', keyVault: { vaultUrl: 'https://my-vault.vault.azure.net/' } });
    const r = run(['--config', config, '--out', 'out'], true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(work, 'out');
    expect(fs.readdirSync(dir).sort()).toEqual([
      'codecanvas-master-secret.txt',
      'dev-westeurope-jump-jwt-private-key.pem',
      'dev-westeurope-jump-ssh-host-key.pem',
      'dev-westeurope-operator-jwt-private-key.pem',
      'dev-westeurope-relay-jwt-private-key.pem',
      'public-keys',
      'public.yaml',
      'upload.sh',
    ]);
    for (const f of fs.readdirSync(dir).filter((f) => /\.(pem|txt)$/.test(f))) expect(mode(path.join(dir, f))).toBe(0o600);
    const master = fs.readFileSync(path.join(dir, 'codecanvas-master-secret.txt'), 'utf8');
    expect(Buffer.from(master, 'base64')).toHaveLength(32);
    expect(isValidMasterSecret(master)).toBe(true);
    expect(master).not.toMatch(/\n/);
    const upload = fs.readFileSync(path.join(dir, 'upload.sh'), 'utf8');
    expect(mode(path.join(dir, 'upload.sh'))).toBe(0o755);
    expect(upload).toContain('VAULT="${VAULT_NAME:-my-vault}"');
    expect(upload).toContain('az keyvault secret set --vault-name "$VAULT" --name codecanvas-master-secret --file codecanvas-master-secret.txt');
    expect(upload).toContain('--name dev-westeurope-jump-ssh-host-key --file dev-westeurope-jump-ssh-host-key.pem');
    expect(spawnSync('sh', ['-n', path.join(dir, 'upload.sh')]).status).toBe(0);
    const [pub] = readPublic(dir);
    expect(pub.name).toBe('dev-westeurope');
    const read = (n: string) => fs.readFileSync(path.join(dir, `dev-westeurope-${n}.pem`), 'utf8');
    expectKeysMatchPublic(pub, {
      relay: read('relay-jwt-private-key'),
      jump: read('jump-jwt-private-key'),
      ssh: read('jump-ssh-host-key'),
      operator: read('operator-jwt-private-key'),
    }, 4096);
  });

  it('keyvault: upload.sh puts the PostgreSQL password into Key Vault from the environment, never from a file; the closing message says how phase 2 gets the relay key', () => {
    const config = writeConfig({ source: 'keyVault', keyVault: { vaultUrl: 'https://my-vault.vault.azure.net/' } });
    const r = run(['--config', config, '--out', 'out']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('it asks for the PostgreSQL password unless CODECANVAS_DB_PASSWORD is set');
    expect(r.stdout).toContain('az keyvault secret show --vault-name my-vault --name dev-westeurope-relay-jwt-private-key --query value -o tsv');
    const dir = path.join(work, 'out');
    // A fake az that records each secret's name and the bytes it was given.
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(work, 'az.log');
    fs.writeFileSync(
      path.join(bin, 'az'),
      `#!/bin/sh\nwhile [ $# -gt 0 ]; do case "$1" in --name) n="$2";; --file) f="$2";; esac; shift; done\nprintf '%s=%s\\n' "$n" "$(cat "$f")" >> "${log}"\n`,
      { mode: 0o755 },
    );
    const password = 'db-pass-for-the-test-7c1e';
    const ok = spawnSync('sh', [path.join(dir, 'upload.sh')], { encoding: 'utf8', input: '', env: { PATH: `${bin}:${process.env.PATH}`, CODECANVAS_DB_PASSWORD: password } });
    expect(ok.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain(`\ncodecanvas-db-password=${password}\n`);
    expect(ok.stdout).toContain('uploaded codecanvas-db-password');
    expect(fs.readdirSync(dir).some((f) => fs.statSync(path.join(dir, f)).isFile() && fs.readFileSync(path.join(dir, f), 'utf8').includes(password))).toBe(false);
    // Without the variable it asks (here stdin has nothing), and refuses an empty password.
    const empty = spawnSync('sh', [path.join(dir, 'upload.sh')], { encoding: 'utf8', input: '', env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(empty.stderr).toContain('PostgreSQL password for Key Vault secret codecanvas-db-password: ');
    expect(empty.stderr).toContain('no PostgreSQL password given: set CODECANVAS_DB_PASSWORD or type it');
    expect(empty.status).toBe(1);
    // --skip-master-secret (adding a cluster later): the installation-level values are left alone.
    expect(run(['--config', config, '--out', 'later', '--skip-master-secret']).code).toBe(0);
    expect(fs.readFileSync(path.join(work, 'later', 'upload.sh'), 'utf8')).not.toContain('codecanvas-db-password');
  });

  it('keyvault: upload.sh sets the PostgreSQL password under its secrets.names override', () => {
    const config = writeConfig({ source: 'keyVault', keyVault: { vaultUrl: 'https://my-vault.vault.azure.net/' }, names: { databasePassword: 'pg-admin-password' } });
    expect(run(['--config', config, '--out', 'out']).code).toBe(0);
    const upload = fs.readFileSync(path.join(work, 'out', 'upload.sh'), 'utf8');
    expect(upload).toContain('az keyvault secret set --vault-name "$VAULT" --name pg-admin-password --file /dev/stdin --output none');
    expect(upload).not.toContain('codecanvas-db-password');
    expect(spawnSync('sh', ['-n', path.join(work, 'out', 'upload.sh')]).status).toBe(0);
  });

  it('keyvault: needs a vault', () => {
    const config = writeConfig({ source: 'env' });
    const r = run(['--config', config, '--out', 'out', '--format', 'keyvault']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--vault-name NAME or secrets\.keyVault\.vaultUrl/);
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  });

  it('env: secrets.env with export lines a shell can load', () => {
    const config = writeConfig({ source: 'env', allowPlaintextSecrets: true });
    const r = run(['--config', config, '--out', 'out']);
    expect(r.code).toBe(0);
    const file = path.join(work, 'out', 'secrets.env');
    expect(mode(file)).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^export CODECANVAS_MASTER_SECRET=[A-Za-z0-9+/=]{44}$/m);
    const names = ['DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY', 'DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY', 'DEV_WESTEUROPE_JUMP_SSH_HOST_KEY', 'DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY'];
    const script = `. "${file}" && node -e 'process.stdout.write(JSON.stringify(process.env))'`;
    const shell = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(shell.status).toBe(0);
    const env = JSON.parse(shell.stdout) as Record<string, string>;
    expect(isValidMasterSecret(env.CODECANVAS_MASTER_SECRET)).toBe(true);
    const [pub] = readPublic(path.join(work, 'out'));
    expectKeysMatchPublic(pub, { relay: env[names[0]], jump: env[names[1]], ssh: env[names[2]], operator: env[names[3]] });
  });

  it('sealedSecrets source, default format: secrets.env and sealing-key.env, the environment synth reads and seals', () => {
    const config = writeConfig({ source: 'sealedSecrets', sealedSecrets: { certificateFile: CERT_FILE } });
    const r = run(['--config', config, '--out', 'out']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(work, 'out');
    // No SealedSecret: synth seals the jump and operator Secrets itself, so one here would be their second owner.
    expect(fs.readdirSync(dir).sort()).toEqual(['public-keys', 'public.yaml', 'sealing-key.env', 'secrets.env']);
    // The sealing key of synth's deterministic sealing: private (0600), 32 random bytes, never in the config.
    const sealingKey = /^export CODECANVAS_SEALING_KEY=([A-Za-z0-9+/=]+)$/m.exec(fs.readFileSync(path.join(dir, 'sealing-key.env'), 'utf8'));
    expect(Buffer.from(sealingKey![1], 'base64')).toHaveLength(32);
    expect(mode(path.join(dir, 'sealing-key.env'))).toBe(0o600);
    expect(mode(path.join(dir, 'secrets.env'))).toBe(0o600);
    expect(r.stdout).toContain('Keep secrets.env and sealing-key.env out of Git');
    expect(r.stdout).toContain('Phase 2 (the relay server in CodeCanvas) takes DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY from it.');
  });

  it.each(['argocd', 'flux'])('sealedSecrets source, delivery %s: synth with the keys output writes every Secret once, and keys writes none that synth writes', (delivery) => {
    const config = path.join(work, 'codecanvas.yaml');
    fs.writeFileSync(config, yaml.dump({
      ...baseConfig({ source: 'sealedSecrets', sealedSecrets: { certificateFile: CERT_FILE } }),
      delivery: { mode: delivery },
      devEnvironmentClusters: [
        { name: 'dev-westeurope', jump: { enabled: true, instanceId: 'jump-1' }, operator: { enabled: true, instanceId: 'operator-1', image: 'registry.example.com/codecanvas-operator:1.0' } },
      ],
    }));
    for (const format of ['env', 'sealed'] as const) {
      const out = `out-${format}`;
      const r = run(['--config', config, '--out', out, '--format', format, '--update-config', '--replace-keys']);
      expect(r.code).toBe(0);
      const dir = path.join(work, out);
      // The environment synth gets: the env format's files as written; the sealed format's values as read back.
      let env: Record<string, string>;
      if (format === 'env') {
        env = loadEnvFiles(path.join(dir, 'secrets.env'), path.join(dir, 'sealing-key.env'));
      } else {
        env = { ...unsealFile(path.join(dir, 'application.sealed.yaml')).values, ...unsealFile(path.join(dir, 'dev-westeurope.sealed.yaml')).values };
      }
      const result = synthesize(loadConfigFile(config), { env: { ...fakeSecretEnv(), ...env } });
      const dist = result.files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => yaml.loadAll(f.content) as any[]).filter(Boolean);
      const written = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'public.yaml');
      const fromKeys = written.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as any[]);
      const owned = [...dist, ...fromKeys].filter((d) => ['Secret', 'SealedSecret', 'ExternalSecret'].includes(d.kind)).map(secretOwned);
      expect(owned.filter((o, i) => owned.indexOf(o) !== i)).toEqual([]);
      // Synth writes the jump and operator Secrets (sealed, with the generated keys); keys writes only the generated-keys Secret.
      expect(owned).toEqual(expect.arrayContaining([`codecanvas-system/${JUMP_SECRET_NAME}`, `codecanvas-system/${OPERATOR_SECRET_NAME}`]));
      expect(fromKeys.map(secretOwned)).toEqual(format === 'sealed' ? [`codecanvas/${GENERATED_KEYS_SECRET_NAME}`, `codecanvas-system/${GENERATED_KEYS_SECRET_NAME}`] : []);
      const jump = dist.find((d) => d.kind === 'SealedSecret' && d.metadata.name === JUMP_SECRET_NAME);
      expect(unseal(jump.spec.encryptedData.JUMP_JWT_PRIVATE_KEY, `codecanvas-system/${JUMP_SECRET_NAME}`)).toBe(env.DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY);
    }
  });

  it('sealedSecrets source, --format sealed: one SealedSecret per cluster, together every private value, matching the public halves', () => {
    const config = writeConfig({ source: 'sealedSecrets', sealedSecrets: { certificateFile: CERT_FILE } });
    const r = run(['--config', config, '--out', 'out', '--format', 'sealed']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(work, 'out');
    expect(fs.readdirSync(dir).sort()).toEqual(['application.sealed.yaml', 'dev-westeurope.sealed.yaml', 'public-keys', 'public.yaml', 'sealing-key.env']);
    const app = unsealFile(path.join(dir, 'application.sealed.yaml'));
    const dev = unsealFile(path.join(dir, 'dev-westeurope.sealed.yaml'));
    // The application cluster keeps what the application needs; the dev cluster its jump and operator keys, in its system namespace.
    expect(app.at).toBe(`codecanvas/${GENERATED_KEYS_SECRET_NAME}`);
    expect(Object.keys(app.values).sort()).toEqual(['CODECANVAS_MASTER_SECRET', 'DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY']);
    expect(dev.at).toBe(`codecanvas-system/${GENERATED_KEYS_SECRET_NAME}`);
    expect(Object.keys(dev.values).sort()).toEqual(['DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY', 'DEV_WESTEUROPE_JUMP_SSH_HOST_KEY', 'DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY']);
    expect(isValidMasterSecret(app.values.CODECANVAS_MASTER_SECRET)).toBe(true);
    const [pub] = readPublic(dir);
    expectKeysMatchPublic(pub, {
      relay: app.values.DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY,
      jump: dev.values.DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY,
      ssh: dev.values.DEV_WESTEUROPE_JUMP_SSH_HOST_KEY,
      operator: dev.values.DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY,
    });
    expect(r.stdout).toContain(`Synth seals the jump and operator Secrets itself from its environment`);
    expect(r.stdout).toContain(`application.sealed.yaml to the application cluster (Secret codecanvas/${GENERATED_KEYS_SECRET_NAME}`);
    expect(r.stdout).toContain(`dev-westeurope.sealed.yaml to dev-westeurope (Secret codecanvas-system/${GENERATED_KEYS_SECRET_NAME}`);
    expect(fs.readFileSync(path.join(dir, 'dev-westeurope.sealed.yaml'), 'utf8')).toContain(
      `kubectl --context dev-westeurope -n codecanvas-system get secret ${GENERATED_KEYS_SECRET_NAME}`,
    );
  });

  it('sealed, clusters with different controllers: each cluster\'s keys open only with its own controller\'s key, in keys as in synth', () => {
    const config = path.join(work, 'codecanvas.yaml');
    fs.writeFileSync(config, yaml.dump({
      ...minimalConfig(),
      secrets: { source: 'sealedSecrets', sealedSecrets: { certificateFile: CERT_FILE } },
      delivery: { mode: 'flux' },
      devEnvironmentClusters: [
        // Its own controller (second.crt), and a system namespace of its own.
        { name: 'dev-own', systemNamespace: 'own-system', sealedSecrets: { certificateFile: path.relative(work, SECOND_CERT_FILE) }, jump: { enabled: true, instanceId: 'jump-1' }, operator: { enabled: true, instanceId: 'operator-1' } },
        // Inherits the application cluster's certificate (tls.crt).
        { name: 'dev-shared', jump: { enabled: true, instanceId: 'jump-2' }, operator: { enabled: true, instanceId: 'operator-2' } },
      ],
    }));
    const r = run(['--config', config, '--out', 'out', '--format', 'sealed', '--update-config']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(work, 'out');
    const file = (cluster: string) => path.join(dir, `${cluster}.sealed.yaml`);
    const own = unsealFile(file('dev-own'), SECOND_PRIVATE_KEY);
    const shared = unsealFile(file('dev-shared'));
    const app = unsealFile(file('application'));
    expect(own.at).toBe(`own-system/${GENERATED_KEYS_SECRET_NAME}`);
    expect(Object.keys(own.values).sort()).toEqual(['DEV_OWN_JUMP_JWT_PRIVATE_KEY', 'DEV_OWN_JUMP_SSH_HOST_KEY', 'DEV_OWN_OPERATOR_JWT_PRIVATE_KEY']);
    expect(Object.keys(shared.values).sort()).toEqual(['DEV_SHARED_JUMP_JWT_PRIVATE_KEY', 'DEV_SHARED_JUMP_SSH_HOST_KEY', 'DEV_SHARED_OPERATOR_JWT_PRIVATE_KEY']);
    expect(Object.keys(app.values).sort()).toEqual(['CODECANVAS_MASTER_SECRET', 'DEV_OWN_RELAY_JWT_PRIVATE_KEY', 'DEV_SHARED_RELAY_JWT_PRIVATE_KEY']);
    // The other controller's key opens none of them.
    expect(() => unsealFile(file('dev-own'))).toThrow();
    expect(() => unsealFile(file('dev-shared'), SECOND_PRIVATE_KEY)).toThrow();
    expect(() => unsealFile(file('application'), SECOND_PRIVATE_KEY)).toThrow();
    // Each file names the certificate it was sealed with.
    expect(fs.readFileSync(file('dev-own'), 'utf8')).toContain('(devEnvironmentClusters[0].sealedSecrets.certificateFile)');
    expect(fs.readFileSync(file('dev-shared'), 'utf8')).toContain('(secrets.sealedSecrets.certificateFile)');

    // Synth, given the values read back, seals each cluster's jump and operator Secrets for that same controller.
    const env = { ...fakeSecretEnv(), ...app.values, ...own.values, ...shared.values };
    const result = synthesize(loadConfigFile(config), { env });
    const sealedIn = (cluster: string, name: string) =>
      result.files.filter((f) => f.path.startsWith(`${cluster}/`) && f.path.endsWith('.yaml')).flatMap((f) => yaml.loadAll(f.content) as any[])
        .find((d) => d?.kind === 'SealedSecret' && d.metadata.name === name);
    const ownJump = sealedIn('dev-own', JUMP_SECRET_NAME);
    expect(unseal(ownJump.spec.encryptedData.JUMP_JWT_PRIVATE_KEY, `own-system/${JUMP_SECRET_NAME}`, SECOND_PRIVATE_KEY)).toBe(own.values.DEV_OWN_JUMP_JWT_PRIVATE_KEY);
    expect(() => unseal(ownJump.spec.encryptedData.JUMP_JWT_PRIVATE_KEY, `own-system/${JUMP_SECRET_NAME}`)).toThrow();
    const sharedOperator = sealedIn('dev-shared', OPERATOR_SECRET_NAME);
    expect(Object.values(sharedOperator.spec.encryptedData as Record<string, string>).map((v) => unseal(v, `codecanvas-system/${OPERATOR_SECRET_NAME}`)))
      .toContain(shared.values.DEV_SHARED_OPERATOR_JWT_PRIVATE_KEY);
  });

  it('sealed: --cert replaces the top-level certificate only; a cluster\'s own certificate still seals its keys', () => {
    const config = path.join(work, 'codecanvas.yaml');
    fs.writeFileSync(config, yaml.dump({
      ...minimalConfig(),
      secrets: { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'missing.crt' } },
      devEnvironmentClusters: [
        { name: 'dev-own', sealedSecrets: { certificateFile: CERT_FILE } },
        { name: 'dev-shared' },
      ],
    }));
    const r = run(['--config', config, '--out', 'out', '--format', 'sealed', '--cert', SECOND_CERT_FILE, '--skip-master-secret']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(work, 'out');
    expect(Object.keys(unsealFile(path.join(dir, 'dev-own.sealed.yaml')).values)).toContain('DEV_OWN_OPERATOR_JWT_PRIVATE_KEY');
    expect(Object.keys(unsealFile(path.join(dir, 'dev-shared.sealed.yaml'), SECOND_PRIVATE_KEY).values)).toContain('DEV_SHARED_OPERATOR_JWT_PRIVATE_KEY');
    expect(Object.keys(unsealFile(path.join(dir, 'application.sealed.yaml'), SECOND_PRIVATE_KEY).values)).toEqual(['DEV_OWN_RELAY_JWT_PRIVATE_KEY', 'DEV_SHARED_RELAY_JWT_PRIVATE_KEY']);
    expect(fs.readFileSync(path.join(dir, 'dev-shared.sealed.yaml'), 'utf8')).toContain('(--cert)');
  });

  it('sealed: a cluster\'s unreadable certificate is refused naming its field, and nothing is written', () => {
    const config = path.join(work, 'codecanvas.yaml');
    fs.writeFileSync(config, yaml.dump({
      ...minimalConfig(),
      secrets: { source: 'sealedSecrets', sealedSecrets: { certificateFile: CERT_FILE } },
      devEnvironmentClusters: [{ name: 'dev-a' }, { name: 'dev-b', sealedSecrets: { certificateFile: 'nope.crt' } }],
    }));
    let r = run(['--config', config, '--out', 'out', '--format', 'sealed']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`devEnvironmentClusters[1].sealedSecrets.certificateFile: certificate ${path.join(work, 'nope.crt')}`);
    fs.writeFileSync(path.join(work, 'nope.crt'), fs.readFileSync(path.join(FIXTURES, 'ec.crt')));
    r = run(['--config', config, '--out', 'out', '--format', 'sealed']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^keys: devEnvironmentClusters\[1\]\.sealedSecrets\.certificateFile: .*has a ec key/);
    // Only the cluster that is asked for needs its certificate.
    r = run(['--config', config, '--out', 'out', '--format', 'sealed', '--cluster', 'dev-a']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(work, 'out')).filter((f) => f.endsWith('.sealed.yaml')).sort()).toEqual(['application.sealed.yaml', 'dev-a.sealed.yaml']);
  });

  it('sealed: --cert and --scope override the config', () => {
    const config = writeConfig({ source: 'env' });
    const r = run(['--config', config, '--out', 'out', '--format', 'sealed', '--allow-format-mismatch', '--cert', CERT_FILE, '--scope', 'cluster-wide', '--skip-master-secret']);
    expect(r.code).toBe(0);
    const app = yaml.load(fs.readFileSync(path.join(work, 'out', 'application.sealed.yaml'), 'utf8')) as any;
    expect(app.metadata.annotations[CLUSTER_WIDE_ANNOTATION]).toBe('true');
    expect(app.spec.template.metadata.annotations[CLUSTER_WIDE_ANNOTATION]).toBe('true');
    expect(Object.keys(app.spec.encryptedData)).not.toContain('CODECANVAS_MASTER_SECRET');
    expect(Object.keys(app.spec.encryptedData)).toContain('DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY');
    expect(unseal(app.spec.encryptedData.DEV_WESTEUROPE_RELAY_JWT_PRIVATE_KEY, '')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('sealed: needs a certificate, and refuses one that is not RSA', () => {
    const config = writeConfig({ source: 'env' });
    let r = run(['--config', config, '--out', 'out', '--format', 'sealed', '--allow-format-mismatch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--cert FILE or secrets\.sealedSecrets\.certificateFile/);
    r = run(['--config', config, '--out', 'out', '--format', 'sealed', '--allow-format-mismatch', '--cert', path.join(FIXTURES, 'ec.crt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has a ec key/);
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  });

  it('--format sealed next to a Key Vault or env source is refused (that source never reads it); other mismatches warn', () => {
    for (const source of ['keyVault', 'env'] as const) {
      const config = writeConfig(source === 'keyVault' ? { source, keyVault: { vaultUrl: 'https://codecanvas-kv.vault.azure.net/' } } : { source });
      const r = run(['--config', config, '--out', `out-${source}`, '--format', 'sealed', '--cert', CERT_FILE]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`--format sealed conflicts with secrets.source ${source}`);
      expect(r.stderr).toContain(`synth reads codecanvas-jump-secret and codecanvas-operator-secret from ${source === 'keyVault' ? 'Key Vault' : 'the environment'}`);
      expect(fs.existsSync(path.join(work, `out-${source}`))).toBe(false);
    }
    const kv = writeConfig({ source: 'keyVault', keyVault: { vaultUrl: 'https://codecanvas-kv.vault.azure.net/' } });
    const warned = run(['--config', kv, '--out', 'out-env', '--format', 'env']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning: --format env does not match secrets.source keyVault');
  });

  it('--update-config writes each relay public key into the config and keeps its comments', () => {
    const config = path.join(work, 'my.yaml');
    const original = fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8').replace('../codecanvas.schema.json', path.join(ROOT, 'codecanvas.schema.json'));
    fs.writeFileSync(config, original);
    const r = run(['--config', config, '--out', 'out', '--update-config', '--replace-keys', '--skip-master-secret']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote relay.jwtPublicKey of dev-westeurope into ${config} (comments kept)`);
    // The example held a key: the replacement is said, by field and fingerprints.
    expect(r.stderr).toMatch(/^keys: --replace-keys: replaced devEnvironmentClusters\[0\]\.relay\.jwtPublicKey \(sha256:[0-9a-f]{12} -> sha256:[0-9a-f]{12}\) in /m);
    expect(r.stderr).toContain(`jwtPublicKey (sha256:`);
    const after = fs.readFileSync(config, 'utf8');
    // every comment line of the original survives
    for (const comment of original.split('\n').map((l) => l.match(/#.*$/)?.[0]).filter(Boolean)) expect(after).toContain(comment);
    const pub = (yaml.load(fs.readFileSync(path.join(work, 'out', 'public.yaml'), 'utf8')) as { devEnvironmentClusters: PublicCluster[] }).devEnvironmentClusters[0];
    const written = yaml.load(after) as { devEnvironmentClusters: PublicCluster[] };
    expect(written.devEnvironmentClusters[0].relay.jwtPublicKey).toBe(pub.relay.jwtPublicKey);
    // the file is still a valid config, and only that value changed
    expect(() => loadConfigFile(config)).not.toThrow();
    const before = yaml.load(original) as { devEnvironmentClusters: PublicCluster[] };
    before.devEnvironmentClusters[0].relay.jwtPublicKey = pub.relay.jwtPublicKey;
    expect(written).toEqual(before);
  });

  it('--update-config refuses to change a relay key the config holds, naming the field; nothing is written', () => {
    const config = writeConfig({ source: 'env', allowPlaintextSecrets: true });
    expect(run(['--config', config, '--out', 'first', '--update-config', '--skip-master-secret']).code).toBe(0);
    const before = fs.readFileSync(config, 'utf8');
    const held = (yaml.load(before) as { devEnvironmentClusters: PublicCluster[] }).devEnvironmentClusters[0].relay.jwtPublicKey;
    const r = run(['--config', config, '--out', 'second', '--update-config', '--skip-master-secret']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--update-config would replace values');
    expect(r.stderr).toMatch(new RegExp(`^  devEnvironmentClusters\\[0\\]\\.relay\\.jwtPublicKey: ${fingerprint(held)} -> sha256:[0-9a-f]{12}$`, 'm'));
    expect(r.stderr).toContain('Pass --replace-keys');
    expect(r.stderr).not.toContain('BEGIN PUBLIC KEY');
    expect(fs.readFileSync(config, 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(work, 'second'))).toBe(false);
  });

  it('--update-config writes a key the config lacks without a word on stderr', () => {
    const config = writeConfig({ source: 'env', allowPlaintextSecrets: true });
    const r = run(['--config', config, '--out', 'out', '--update-config', '--skip-master-secret']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('says so when the config already holds keys and a new set is made without --update-config', () => {
    const config = writeConfig({ source: 'env', allowPlaintextSecrets: true });
    expect(run(['--config', config, '--out', 'first', '--update-config']).code).toBe(0);
    const r = run(['--config', config, '--out', 'second', '--format', 'env']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('keys: note: the config already holds relay.jwtPublicKey of dev-westeurope: this run made a NEW key set');
    expect(r.stderr).toContain('--update-config --replace-keys');
  });

  it('--update-config refuses the embedded example', () => {
    const err: string[] = [];
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-embedded-'));
    const code = runKeysCommand(['--out', 'out', '--update-config'], { stdout: () => undefined, stderr: (s) => err.push(s), env: {}, cwd });
    expect(code).toBe(1);
    expect(err.join('')).toContain('--update-config needs your own config file');
  });

  it('refuses to overwrite existing files unless --force', () => {
    const config = writeConfig({ source: 'env' });
    expect(run(['--config', config, '--out', 'out']).code).toBe(0);
    const file = path.join(work, 'out', 'secrets.env');
    const before = fs.readFileSync(file, 'utf8');
    const again = run(['--config', config, '--out', 'out']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refusing to overwrite existing files');
    expect(again.stderr).toContain(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const forced = run(['--config', config, '--out', 'out', '--force']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).not.toBe(before);
    expect(mode(file)).toBe(0o600);
    // A file made world-readable, or a link planted where a private file goes, is replaced: the new private file is
    // created 0600 (never written into the old 0644 file) and the link's target is left alone.
    fs.chmodSync(file, 0o644);
    expect(run(['--config', config, '--out', 'out', '--force']).code).toBe(0);
    expect(mode(file)).toBe(0o600);
    const elsewhere = path.join(work, 'elsewhere.txt');
    fs.writeFileSync(elsewhere, 'not yours');
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    expect(run(['--config', config, '--out', 'out', '--force']).code).toBe(0);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('not yours');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses --out anywhere inside a Git work tree (a .git folder or file above it), and writes nothing', () => {
    const config = writeConfig({ source: 'env' });
    fs.mkdirSync(path.join(work, 'repo', '.git'), { recursive: true });
    for (const out of ['repo', 'repo/keys', 'repo/deploy/secrets/keys']) {
      const r = run(['--config', config, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `keys: --out ${path.join(work, out)} is inside the Git work tree ${path.join(work, 'repo')}, where \`git add\` would stage the private keys and the master secret. ` +
          'Choose a folder outside it, such as ~/codecanvas-keys, or pass --allow-git-worktree to write there with a .gitignore that keeps the private files out of Git\n',
      );
    }
    // A linked work tree or a submodule has a .git file.
    fs.mkdirSync(path.join(work, 'linked'));
    fs.writeFileSync(path.join(work, 'linked', '.git'), 'gitdir: /elsewhere/.git/worktrees/linked\n');
    expect(run(['--config', config, '--out', 'linked/keys']).stderr).toContain(`is inside the Git work tree ${path.join(work, 'linked')}, `);
    expect(fs.readdirSync(path.join(work, 'repo'))).toEqual(['.git']);
    expect(fs.readdirSync(path.join(work, 'linked'))).toEqual(['.git']);
    // Next to the work tree is fine.
    expect(run(['--config', config, '--out', 'keys']).code).toBe(0);
  });

  it('refuses --out inside a synth output folder even with --allow-git-worktree: dist, $CDK8S_OUTDIR, gitops.path', () => {
    fs.mkdirSync(path.join(work, '.git'));
    fs.writeFileSync(path.join(work, 'codecanvas.yaml'), yaml.dump({ ...baseConfig({ source: 'env' }), gitops: { repoURL: 'https://git.example.com/acme/platform.git', path: 'deploy/codecanvas' } }));
    const config = path.join(work, 'codecanvas.yaml');
    const refused = (out: string, from: string, dir: string, env: NodeJS.ProcessEnv = {}) => {
      const r = run(['--config', config, '--out', out, '--allow-git-worktree'], false, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `keys: --out ${path.join(work, out)} is inside ${path.join(work, dir)} (${from}), the synth output that is committed to Git; synth refuses to keep private files there. ` +
          'Choose a folder outside the Git work tree, such as ~/codecanvas-keys\n',
      );
    };
    refused('dist/keys', "synth's default output folder", 'dist');
    refused('deploy/codecanvas/keys', 'gitops.path', 'deploy/codecanvas');
    refused('deploy/codecanvas', 'gitops.path', 'deploy/codecanvas');
    refused('out/keys', "synth's default output folder", 'out', { CDK8S_OUTDIR: 'out' });
    expect(fs.readdirSync(work).sort()).toEqual(['.git', 'codecanvas.yaml']);
    // A folder that only starts with the output folder's name is another folder.
    expect(run(['--config', config, '--out', 'deploy/codecanvas-keys', '--allow-git-worktree']).code).toBe(0);
  });

  it('the synth output folder is refused outside Git too, also through a symbolic link', () => {
    const config = writeConfig({ source: 'env' });
    fs.mkdirSync(path.join(work, 'dist'));
    fs.symlinkSync(path.join(work, 'dist'), path.join(work, 'link'));
    const r = run(['--config', config, '--out', 'link/keys']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`keys: --out ${path.join(work, 'link', 'keys')} is inside ${path.join(work, 'dist')} (synth's default output folder)`);
  });

  it.each(['env', 'keyvault', 'sealed'])('--allow-git-worktree (%s): a .gitignore lists exactly the private files and says so', (format) => {
    const config = writeConfig({ source: format === 'sealed' ? 'sealedSecrets' : 'env', sealedSecrets: format === 'sealed' ? { certificateFile: CERT_FILE } : undefined });
    fs.mkdirSync(path.join(work, '.git'));
    const args = ['--config', config, '--out', 'keys', '--format', format, '--allow-git-worktree', ...(format === 'keyvault' ? ['--vault-name', 'my-vault'] : [])];
    const r = run(args);
    expect(r.code).toBe(0);
    const dir = path.join(work, 'keys');
    const written = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? written(path.join(d, e.name)) : [path.relative(dir, path.join(d, e.name))]));
    const privateFiles = written(dir).filter((f) => f !== '.gitignore' && mode(path.join(dir, f)) === 0o600).sort();
    expect(privateFiles.length).toBeGreaterThan(0);
    const lines = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n');
    expect(lines[0]).toMatch(/^# Written by the keys command/);
    expect(lines.filter((l) => l.startsWith('/')).sort()).toEqual(privateFiles.map((f) => `/${f}`));
    expect(r.stderr).toContain(`keys: ${dir} is inside the Git work tree ${work} (--allow-git-worktree): wrote ${path.join(dir, '.gitignore')}, which lists every private file written here;`);
  });

  const hasGit = spawnSync('git', ['--version']).status === 0;
  (hasGit ? it : it.skip)('with --allow-git-worktree, git status shows only the public files; a second run keeps the .gitignore and adds what is missing', () => {
    const config = writeConfig({ source: 'env' });
    expect(spawnSync('git', ['init', '-q', work]).status).toBe(0);
    fs.mkdirSync(path.join(work, 'keys'));
    fs.writeFileSync(path.join(work, 'keys', '.gitignore'), '# ours\n*.bak');
    expect(run(['--config', config, '--out', 'keys', '--format', 'keyvault', '--vault-name', 'my-vault', '--allow-git-worktree']).code).toBe(0);
    const status = () =>
      spawnSync('git', ['status', '--porcelain', '--untracked-files=all', 'keys'], { cwd: work, encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map((l) => l.slice(3))
        .sort();
    const publicOnly = ['keys/.gitignore', 'keys/public-keys/dev-westeurope.jump-jwt.pub.pem', 'keys/public-keys/dev-westeurope.jump-ssh-host.pub', 'keys/public-keys/dev-westeurope.operator-jwt.pub.pem', 'keys/public.yaml', 'keys/upload.sh'];
    expect(status()).toEqual(publicOnly);
    const first = fs.readFileSync(path.join(work, 'keys', '.gitignore'), 'utf8');
    expect(first.startsWith('# ours\n*.bak\n/')).toBe(true);
    // The env format adds secrets.env; the lines already there stay, none twice.
    const again = run(['--config', config, '--out', 'keys', '--format', 'env', '--allow-git-worktree', '--force']);
    expect(again.code).toBe(0);
    expect(fs.readFileSync(path.join(work, 'keys', '.gitignore'), 'utf8')).toBe(`${first}/secrets.env\n`);
    expect(status()).toEqual(publicOnly);
    // Nothing new to list: the .gitignore is left as it is.
    const third = run(['--config', config, '--out', 'keys', '--format', 'env', '--allow-git-worktree', '--force']);
    expect(third.stderr).toContain(`${path.join(work, 'keys', '.gitignore')} already lists every private file written here`);
  });

  it('limits the clusters with --cluster and rejects unknown ones', () => {
    const config = writeConfig({ source: 'env' });
    const r = run(['--config', config, '--out', 'out', '--cluster', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--cluster "nope" is not in devEnvironmentClusters \(dev-westeurope\)/);
  });

  it('reports an invalid config with exit 1', () => {
    const file = path.join(work, 'bad.yaml');
    fs.writeFileSync(file, 'namespace: Not_Valid\n');
    const r = run(['--config', file, '--out', 'out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('problem');
  });

  it('derives the vault name from the vault URL', () => {
    expect(vaultNameOf('https://codecanvas-kv.vault.azure.net/')).toBe('codecanvas-kv');
    expect(vaultNameOf(undefined)).toBeUndefined();
  });
});

// Key generation for the keys command (cli/keys/generate.ts), called directly: the SSH wire encodings byte by byte,
// the OpenSSH line of a committed test key, the size rule of the host key, and the names and order of the private
// values. 4096-bit RSA comes from committed test keys (rsa-fixtures.ts); one 2048-bit key is made, for the bound.
jest.mock('crypto', () => require('./rsa-fixtures').cryptoWithFixtureRsa(jest.requireActual('crypto')));
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  generateEcJwtKeyPair,
  generateKeyMaterial,
  generateMasterSecret,
  generateSshHostKey,
  JWT_CURVE,
  KeyMaterial,
  MASTER_SECRET_BYTES,
  privateSecrets,
  SSH_HOST_KEY_BITS,
  sshMpint,
  sshRsaPublicKey,
  sshString,
} from '../cli/keys/generate';
import { rsaRequests } from './rsa-fixtures';

const hex = (b: Buffer) => b.toString('hex');
const FIXTURE_PEM = fs.readFileSync(path.join(__dirname, 'fixtures', 'keys', 'rsa4096-1.pem'), 'utf8');
/** The OpenSSH prefix of every 4096-bit ssh-rsa key with exponent 65537: string "ssh-rsa", mpint 0x010001, the length of n (513). */
const RSA4096_E65537_PREFIX = 'AAAAB3NzaC1yc2EAAAADAQABAAACAQ';

describe('constants', () => {
  test('the sizes and the curve', () => {
    expect(MASTER_SECRET_BYTES).toBe(32);
    expect(SSH_HOST_KEY_BITS).toBe(4096);
    expect(JWT_CURVE).toBe('prime256v1');
  });
});

describe('SSH wire encodings (RFC 4251)', () => {
  test.each([
    ['', '00000000'],
    ['61', '0000000161'],
    ['616263', '00000003616263'],
    ['00ff', '0000000200ff'],
  ])('string %s', (bytes, expected) => {
    expect(hex(sshString(Buffer.from(bytes, 'hex')))).toBe(expected);
  });

  test('string: the length in four big-endian bytes', () => {
    expect(hex(sshString(Buffer.alloc(300, 1)).subarray(0, 4))).toBe('0000012c');
    expect(sshString(Buffer.alloc(300, 1))).toHaveLength(304);
    expect(hex(sshString(Buffer.alloc(0x10203, 1)).subarray(0, 4))).toBe('00010203');
  });

  test.each([
    ['', '00000000'],
    ['00', '00000000'],
    ['0000', '00000000'],
    ['01', '0000000101'],
    ['7f', '000000017f'],
    ['80', '000000020080'],
    ['ff', '0000000200ff'],
    ['0080', '000000020080'],
    ['000001', '0000000101'],
    ['00007f', '000000017f'],
    ['0100', '000000020100'], // trailing zero bytes stay
    ['010001', '00000003010001'],
    ['00800000', '0000000400800000'],
  ])('mpint %s', (bytes, expected) => {
    expect(hex(sshMpint(Buffer.from(bytes, 'hex')))).toBe(expected);
  });
});

describe('sshRsaPublicKey', () => {
  const privateKey = crypto.createPrivateKey(FIXTURE_PEM);
  const publicKey = crypto.createPublicKey(FIXTURE_PEM);

  test('the OpenSSH line of a 4096-bit key: type, then string "ssh-rsa" || mpint e || mpint n in Base64', () => {
    const line = sshRsaPublicKey(publicKey);
    const [type, b64, ...rest] = line.split(' ');
    expect(type).toBe('ssh-rsa');
    expect(rest).toEqual([]);
    expect(b64.startsWith(RSA4096_E65537_PREFIX)).toBe(true);
    const blob = Buffer.from(b64, 'base64');
    expect(blob).toHaveLength(4 + 7 + 4 + 3 + 4 + 513);
    const n = Buffer.from(publicKey.export({ format: 'jwk' }).n as string, 'base64url');
    expect(n).toHaveLength(512);
    expect(n[0] & 0x80).toBe(0x80);
    expect(hex(blob.subarray(0, 18))).toBe(`00000007${hex(Buffer.from('ssh-rsa'))}00000003010001`);
    expect(hex(blob.subarray(18))).toBe(`00000201` + `00${hex(n)}`);
    expect(Buffer.from(b64, 'base64').toString('base64')).toBe(b64); // canonical Base64
  });

  test('from the private key: the same line', () => {
    expect(sshRsaPublicKey(privateKey)).toBe(sshRsaPublicKey(publicKey));
  });

  test('a comment follows after one space; an empty one adds nothing', () => {
    const bare = sshRsaPublicKey(publicKey);
    expect(sshRsaPublicKey(publicKey, 'codecanvas-jump@dev')).toBe(`${bare} codecanvas-jump@dev`);
    expect(sshRsaPublicKey(publicKey, '')).toBe(bare);
  });

  test('a key that is not RSA is refused, naming its type', () => {
    const ec = crypto.createPublicKey(generateEcJwtKeyPair().publicKeyPem);
    expect(() => sshRsaPublicKey(ec)).toThrow(new Error('sshRsaPublicKey: key type ec must be rsa'));
  });
});

describe('generateSshHostKey', () => {
  test('4096 bits and exponent 65537 by default; PKCS#1 PEM and its OpenSSH line with the comment', () => {
    const asked = rsaRequests.length;
    const key = generateSshHostKey({ comment: 'c@d' });
    expect(rsaRequests.slice(asked)).toEqual([{ modulusLength: 4096, publicExponent: 0x10001 }]);
    expect(key.privateKeyPem.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expect(key.publicKeyOpenSsh).toBe(sshRsaPublicKey(crypto.createPrivateKey(key.privateKeyPem), 'c@d'));
    expect(generateSshHostKey().publicKeyOpenSsh.split(' ')).toHaveLength(2);
  });

  test.each([2047, 1024, 0, -4096, 2048.5, Number.NaN])('%s bits are refused', (bits) => {
    expect(() => generateSshHostKey({ bits })).toThrow(new Error(`generateSshHostKey: bits ${bits} must be an integer >= 2048`));
  });

  test('2048 bits, the least, are made (the one RSA generation of this file)', () => {
    const key = generateSshHostKey({ bits: 2048 });
    expect(crypto.createPrivateKey(key.privateKeyPem).asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n });
  });
});

describe('the master secret and the JWT pairs', () => {
  test('32 random bytes in padded standard Base64', () => {
    const secret = generateMasterSecret();
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    expect(generateMasterSecret()).not.toBe(secret);
  });

  test('EC prime256v1: PKCS#8 private, SPKI public, the halves of one key', () => {
    const pair = generateEcJwtKeyPair();
    expect(pair.privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(pair.publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
    const privateKey = crypto.createPrivateKey(pair.privateKeyPem);
    expect(privateKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(pair.publicKeyPem);
  });
});

describe('generateKeyMaterial', () => {
  test('per cluster, in order: three JWT pairs and a 4096-bit host key commented codecanvas-jump@<cluster>', () => {
    const asked = rsaRequests.length;
    const material = generateKeyMaterial({ clusters: ['dev-a', 'dev-b'] });
    expect(rsaRequests.slice(asked)).toEqual([
      { modulusLength: 4096, publicExponent: 0x10001 },
      { modulusLength: 4096, publicExponent: 0x10001 },
    ]);
    expect(Buffer.from(material.masterSecret, 'base64')).toHaveLength(32);
    expect(material.clusters.map((c) => c.cluster)).toEqual(['dev-a', 'dev-b']);
    for (const c of material.clusters) {
      expect(c.jumpSshHostKey.publicKeyOpenSsh.endsWith(` codecanvas-jump@${c.cluster}`)).toBe(true);
      for (const pair of [c.relayJwt, c.jumpJwt, c.operatorJwt]) expect(crypto.createPrivateKey(pair.privateKeyPem).asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    }
    const privates = material.clusters.flatMap((c) => [c.relayJwt, c.jumpJwt, c.operatorJwt].map((p) => p.privateKeyPem));
    expect(new Set(privates).size).toBe(6);
  });

  test('the host key size is passed on', () => {
    expect(() => generateKeyMaterial({ clusters: ['a'], sshHostKeyBits: 1024 })).toThrow('generateSshHostKey: bits 1024 must be an integer >= 2048');
  });

  test('no clusters: the master secret only', () => {
    const material = generateKeyMaterial({ clusters: [] });
    expect(material.clusters).toEqual([]);
    expect(Buffer.from(material.masterSecret, 'base64')).toHaveLength(32);
  });

  test('an empty or repeated cluster name is refused before anything is made', () => {
    const asked = rsaRequests.length;
    expect(() => generateKeyMaterial({ clusters: ['a', ''] })).toThrow(new Error('generateKeyMaterial: cluster name "" must not be empty'));
    expect(() => generateKeyMaterial({ clusters: ['a', 'b', 'a'] })).toThrow(new Error('generateKeyMaterial: cluster name "a" is given twice'));
    expect(rsaRequests.length).toBe(asked);
  });
});

describe('privateSecrets', () => {
  const pair = (p: string) => ({ privateKeyPem: `${p}-private`, publicKeyPem: `${p}-public` });
  const material: KeyMaterial = {
    masterSecret: 'MASTER',
    clusters: ['dev-a', 'b'].map((cluster) => ({
      cluster,
      relayJwt: pair(`${cluster}-relay`),
      jumpJwt: pair(`${cluster}-jump`),
      jumpSshHostKey: { privateKeyPem: `${cluster}-ssh-private`, publicKeyOpenSsh: 'ssh-rsa x' },
      operatorJwt: pair(`${cluster}-operator`),
    })),
  };
  const entry = (name: string, cluster: string | undefined, keyVaultName: string, envVar: string, value: string) => ({ name, cluster, keyVaultName, envVar, value });

  test('the master secret first, then per cluster relay, jump, SSH host and operator keys, each with its two names', () => {
    expect(privateSecrets(material)).toEqual([
      entry('masterSecret', undefined, 'codecanvas-master-secret', 'CODECANVAS_MASTER_SECRET', 'MASTER'),
      entry('relayJwtPrivateKey', 'dev-a', 'dev-a-relay-jwt-private-key', 'DEV_A_RELAY_JWT_PRIVATE_KEY', 'dev-a-relay-private'),
      entry('jumpJwtPrivateKey', 'dev-a', 'dev-a-jump-jwt-private-key', 'DEV_A_JUMP_JWT_PRIVATE_KEY', 'dev-a-jump-private'),
      entry('jumpSshHostKey', 'dev-a', 'dev-a-jump-ssh-host-key', 'DEV_A_JUMP_SSH_HOST_KEY', 'dev-a-ssh-private'),
      entry('operatorJwtPrivateKey', 'dev-a', 'dev-a-operator-jwt-private-key', 'DEV_A_OPERATOR_JWT_PRIVATE_KEY', 'dev-a-operator-private'),
      entry('relayJwtPrivateKey', 'b', 'b-relay-jwt-private-key', 'B_RELAY_JWT_PRIVATE_KEY', 'b-relay-private'),
      entry('jumpJwtPrivateKey', 'b', 'b-jump-jwt-private-key', 'B_JUMP_JWT_PRIVATE_KEY', 'b-jump-private'),
      entry('jumpSshHostKey', 'b', 'b-jump-ssh-host-key', 'B_JUMP_SSH_HOST_KEY', 'b-ssh-private'),
      entry('operatorJwtPrivateKey', 'b', 'b-operator-jwt-private-key', 'B_OPERATOR_JWT_PRIVATE_KEY', 'b-operator-private'),
    ]);
    expect(Object.keys(privateSecrets(material)[0])).toEqual(['name', 'cluster', 'keyVaultName', 'envVar', 'value']);
  });

  test('includeMasterSecret: true by default, false leaves it out', () => {
    expect(privateSecrets(material, { includeMasterSecret: true })).toEqual(privateSecrets(material));
    expect(privateSecrets(material, {})[0].name).toBe('masterSecret');
    expect(privateSecrets(material, { includeMasterSecret: false })).toEqual(privateSecrets(material).slice(1));
  });
});

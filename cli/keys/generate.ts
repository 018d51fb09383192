/**
 * Key material for a CodeCanvas installation, generated with node:crypto by the `keys` command (never by
 * synth, which must not produce random material): the master secret, and per dev-environment cluster the relay,
 * jump and operator JWT key pairs (EC prime256v1) and the jump server's SSH host key (RSA, PKCS#1).
 */
import * as crypto from 'crypto';
import { CLUSTER_SECRET_NAMES, ClusterGeneratedSecretName, envVarName, GeneratedSecretName, keyVaultSecretName } from '../../lib/util/names';

/** Bytes of randomness in the master secret (the guide: `openssl rand -base64 32`). */
export const MASTER_SECRET_BYTES = 32;
/** RSA modulus length of the jump server's SSH host key. */
export const SSH_HOST_KEY_BITS = 4096;
export const JWT_CURVE = 'prime256v1';

/** An EC prime256v1 key pair for JWT signing. */
export interface JwtKeyPair {
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
  readonly privateKeyPem: string;
  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"). */
  readonly publicKeyPem: string;
}

/** An RSA SSH host key. */
export interface SshHostKey {
  /** PKCS#1 PEM ("-----BEGIN RSA PRIVATE KEY-----"), as the jump chart's JUMP_SSH_HOST_KEY wants it. */
  readonly privateKeyPem: string;
  /** OpenSSH public key line: `ssh-rsa AAAA... [comment]`. */
  readonly publicKeyOpenSsh: string;
}

/** The keys of one dev-environment cluster. */
export interface ClusterKeyMaterial {
  readonly cluster: string;
  /** Relay: the private half goes into CodeCanvas, the public half into the relay's Secret. */
  readonly relayJwt: JwtKeyPair;
  /** Jump server: the private half goes into the jump Secret, the public half into CodeCanvas. */
  readonly jumpJwt: JwtKeyPair;
  /** Jump server SSH host key: private in the jump Secret, public in CodeCanvas. */
  readonly jumpSshHostKey: SshHostKey;
  /** Operator: the private half goes into the operator Secret, the public half into CodeCanvas. */
  readonly operatorJwt: JwtKeyPair;
}

export interface KeyMaterial {
  /** Base64 of 32 random bytes; installation-wide. */
  readonly masterSecret: string;
  readonly clusters: readonly ClusterKeyMaterial[];
}

/** One private value with the names it goes by in each secret source. */
export interface GeneratedSecret {
  readonly name: GeneratedSecretName;
  /** Undefined for the installation-level master secret. */
  readonly cluster?: string;
  readonly keyVaultName: string;
  readonly envVar: string;
  readonly value: string;
}

export interface GenerateKeyMaterialOptions {
  /** Names of the dev-environment clusters to generate keys for. */
  readonly clusters: readonly string[];
  /**
   * RSA modulus length of the SSH host keys.
   * @default 4096
   */
  readonly sshHostKeyBits?: number;
}

/** 32 random bytes, Base64 (standard, padded). */
export function generateMasterSecret(): string {
  return crypto.randomBytes(MASTER_SECRET_BYTES).toString('base64');
}

/** An EC prime256v1 key pair: private PKCS#8 PEM, public SPKI PEM. */
export function generateEcJwtKeyPair(): JwtKeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', {
    namedCurve: JWT_CURVE,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** An RSA SSH host key: PKCS#1 PEM private key and the OpenSSH `ssh-rsa` public key line. */
export function generateSshHostKey(options: { bits?: number; comment?: string } = {}): SshHostKey {
  const bits = options.bits ?? SSH_HOST_KEY_BITS;
  if (!Number.isInteger(bits) || bits < 2048) throw new Error(`generateSshHostKey: bits ${bits} must be an integer >= 2048`);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicKeyOpenSsh: sshRsaPublicKey(publicKey, options.comment),
  };
}

/**
 * The OpenSSH public key line of an RSA key (RFC 4253 6.6): `ssh-rsa ` + Base64(string "ssh-rsa" || mpint e ||
 * mpint n), then the comment if any.
 */
export function sshRsaPublicKey(key: crypto.KeyObject, comment?: string): string {
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`sshRsaPublicKey: key type ${key.asymmetricKeyType} must be rsa`);
  const jwk = key.export({ format: 'jwk' }); // a private key's JWK holds e and n too
  const e = Buffer.from(jwk.e as string, 'base64url');
  const n = Buffer.from(jwk.n as string, 'base64url');
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshMpint(e), sshMpint(n)]);
  return `ssh-rsa ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/** SSH wire `string`: uint32 length, bytes. */
export function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

/** SSH wire `mpint` of a non-negative big-endian integer: minimal bytes, a 0x00 prefix when the top bit is set. */
export function sshMpint(unsigned: Buffer): Buffer {
  const first = unsigned.findIndex((byte) => byte !== 0);
  const bytes = first < 0 ? Buffer.alloc(0) : unsigned.subarray(first); // zero is the empty mpint
  // bytes[0] of no bytes is undefined, which has no top bit.
  return sshString(bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** All key material of an installation: the master secret and, per cluster, three JWT pairs and an SSH host key. */
export function generateKeyMaterial(options: GenerateKeyMaterialOptions): KeyMaterial {
  const seen = new Set<string>();
  for (const cluster of options.clusters) {
    if (!cluster) throw new Error(`generateKeyMaterial: cluster name ${JSON.stringify(cluster)} must not be empty`);
    if (seen.has(cluster)) throw new Error(`generateKeyMaterial: cluster name ${JSON.stringify(cluster)} is given twice`);
    seen.add(cluster);
  }
  return {
    masterSecret: generateMasterSecret(),
    clusters: options.clusters.map((cluster) => ({
      cluster,
      relayJwt: generateEcJwtKeyPair(),
      jumpJwt: generateEcJwtKeyPair(),
      jumpSshHostKey: generateSshHostKey({ bits: options.sshHostKeyBits, comment: `codecanvas-jump@${cluster}` }),
      operatorJwt: generateEcJwtKeyPair(),
    })),
  };
}

/** The private values of `material`, each with its Key Vault and environment variable names (master secret first). */
export function privateSecrets(material: KeyMaterial, options: { includeMasterSecret?: boolean } = {}): GeneratedSecret[] {
  const out: GeneratedSecret[] = [];
  if (options.includeMasterSecret ?? true) {
    out.push({ name: 'masterSecret', cluster: undefined, keyVaultName: keyVaultSecretName('masterSecret'), envVar: envVarName('masterSecret'), value: material.masterSecret });
  }
  for (const c of material.clusters) {
    const values: Record<(typeof CLUSTER_SECRET_NAMES)[number], string> = {
      relayJwtPrivateKey: c.relayJwt.privateKeyPem,
      jumpJwtPrivateKey: c.jumpJwt.privateKeyPem,
      jumpSshHostKey: c.jumpSshHostKey.privateKeyPem,
      operatorJwtPrivateKey: c.operatorJwt.privateKeyPem,
    };
    for (const name of CLUSTER_SECRET_NAMES) out.push(entry(name, c.cluster, values[name]));
  }
  return out;
}

function entry(name: ClusterGeneratedSecretName, cluster: string, value: string): GeneratedSecret {
  return { name, cluster, keyVaultName: keyVaultSecretName(name, cluster), envVar: envVarName(name, cluster), value };
}

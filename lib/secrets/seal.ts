/**
 * Sealed Secrets encryption in pure Node (no kubeseal), wire-compatible with the bitnami sealed-secrets
 * controller (`pkg/crypto` HybridEncrypt / HybridDecrypt, v0.2x-v0.4x). Each value of `spec.encryptedData` is
 * the standard Base64 of:
 *
 *     uint16 big-endian len(rsaCiphertext) || rsaCiphertext || aesGcmCiphertext
 *
 * - `rsaCiphertext` = RSA-OAEP (SHA-256, MGF1-SHA-256, label = the scope label) of a 32-byte AES-256 session key,
 *   under the controller certificate's public key;
 * - `aesGcmCiphertext` = AES-256-GCM (session key, 12-byte all-zero nonce, no AAD) of the value, with its
 *   16-byte tag appended.
 *
 * The scope label binds a value to where it may be unsealed: strict `<namespace>/<name>`, namespace-wide
 * `<namespace>`, cluster-wide the empty string. The controller derives the label from the SealedSecret's own
 * metadata (name, namespace and the `sealedsecrets.bitnami.com/{namespace,cluster}-wide` annotations) and tries
 * OAEP decryption with each of its private keys.
 *
 * ## Deterministic sealing, keyed by a secret that never enters Git
 *
 * kubeseal draws the session key and the OAEP seed at random, so every run changes every ciphertext. Synth
 * here should be reproducible (same inputs, byte-identical output), so both are derived, keyed by the sealing
 * key `CODECANVAS_SEALING_KEY` (32+ random bytes, Base64; made by the `keys` command, kept out of Git):
 *
 *     secretKey  = HMAC-SHA256(sealingKey, "codecanvas-cdk8s/sealed-secrets/v2" || certFingerprint || every
 *                  (key, value) of the Secret, sorted by key, each length-prefixed)
 *     sessionKey = HMAC-SHA256(secretKey, label || entryKey || "aes-256-gcm-session-key")
 *     oaepSeed   = HMAC-SHA256(secretKey, label || entryKey || "rsa-oaep-seed")
 *
 * (text, such as labels, keys and values, as UTF-8: `Buffer.from`'s default) and OAEP is encoded here (RFC 8017 EME-OAEP) and applied with raw RSA. The controller cannot tell the
 * difference: it only ever decrypts. The consequences:
 *
 * - For whoever holds the sealing key, equal inputs give equal ciphertexts, so a synth without changes leaves
 *   the committed output byte-identical. Without the key, nobody can re-seal a guess and compare: an unkeyed
 *   (convergent) derivation would let anyone with the repository confirm a guessed value offline.
 * - Readers of the output still learn whether a sealed Secret changed between two versions (equal ciphertexts).
 * - Any changed value, a new certificate (controller key renewal) or a new sealing key re-seals every entry of
 *   the Secret.
 * - GCM's all-zero nonce stays safe: a session key depends on the value it encrypts, so one key never
 *   encrypts two different plaintexts.
 *
 * Without a sealing key, session keys and seeds are random as with kubeseal: safe, but every synth changes every
 * SealedSecret (output churns, and a drift check on it always fails).
 */
import * as crypto from 'crypto';
import { DEFAULT_SEALING_SCOPE, SEALING_SCOPE_RULE, SEALING_SCOPES as SCOPES, sealingScopeProblem } from '../util/rules';

/** Where a sealed value may be unsealed, as kubeseal's `--scope`. */
export type SealingScope = 'strict' | 'namespace-wide' | 'cluster-wide';

export const SEALING_SCOPES: readonly SealingScope[] = SCOPES;

/** Annotation (on the SealedSecret and its template) that makes the controller use the namespace-wide label. */
export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
/** Annotation (on the SealedSecret and its template) that makes the controller use the empty (cluster-wide) label. */
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** The Secret a value is sealed for. */
export interface SealTarget {
  /** Namespace of the Secret (and of the SealedSecret). */
  readonly namespace: string;
  /** Name of the Secret (and of the SealedSecret). */
  readonly name: string;
  /**
   * Sealing scope.
   * @default 'strict'
   */
  readonly scope?: SealingScope;
}

/** The controller's public key, parsed from its certificate. */
export interface SealingKey {
  readonly publicKey: crypto.KeyObject;
  /** RSA modulus length in bytes (the length of every RSA ciphertext). */
  readonly modulusBytes: number;
  /** SHA-256 of the certificate's DER encoding. */
  readonly certificateFingerprint: Buffer;
}

const HASH = 'sha256';
const HASH_BYTES = 32;
const SESSION_KEY_BYTES = 32;
const GCM_NONCE_BYTES = 12;
const DOMAIN = 'codecanvas-cdk8s/sealed-secrets/v2';

export { SEALING_KEY_ENV } from '../util/names';
/** Minimum bytes of a sealing key. */
export const SEALING_KEY_MIN_BYTES = 32;
export const SEALING_KEY_RULE = `must be Base64 of at least ${SEALING_KEY_MIN_BYTES} random bytes (generate it with \`codecanvas-cdk8s keys\`, or openssl rand -base64 32)`;

/** The sealing key from its Base64 text, or a reason why it is not one. */
export function parseSealingKey(text: string): Buffer | string {
  const compact = text.trim();
  // The empty text passes the pattern and is then refused for its length.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) return SEALING_KEY_RULE;
  const bytes = Buffer.from(compact, 'base64');
  return bytes.length >= SEALING_KEY_MIN_BYTES ? bytes : SEALING_KEY_RULE;
}

/**
 * Parses the sealed-secrets controller's PEM certificate (as `kubeseal --fetch-cert` prints it). Throws when it is
 * not a PEM X.509 certificate or its key is not RSA.
 */
export function parseSealingCertificate(certPem: string): SealingKey {
  if (typeof certPem !== 'string' || !certPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error('is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" block)');
  }
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(certPem);
  } catch (e) {
    throw new Error(`is not a parseable X.509 certificate (${(e as Error).message})`);
  }
  const publicKey = cert.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`has a ${publicKey.asymmetricKeyType ?? 'unknown'} key; the sealed-secrets controller uses RSA`);
  }
  // Node reports the modulus length of every RSA key.
  const bits = publicKey.asymmetricKeyDetails!.modulusLength!;
  if (bits < 2048) throw new Error(`has a ${bits}-bit RSA key; at least 2048 bits are required`);
  return {
    publicKey,
    modulusBytes: Math.ceil(bits / 8),
    certificateFingerprint: crypto.createHash(HASH).update(cert.raw).digest(),
  };
}

/** The OAEP label the controller uses for `target` (the controller's `EncryptionLabel`). */
export function sealingLabel(target: SealTarget): Buffer {
  const scope = target.scope ?? DEFAULT_SEALING_SCOPE;
  switch (scope) {
    case 'cluster-wide':
      return Buffer.alloc(0);
    case 'namespace-wide':
      return Buffer.from(target.namespace);
    case 'strict':
      return Buffer.from(`${target.namespace}/${target.name}`);
    default:
      throw new Error(`sealing scope ${JSON.stringify(scope)} ${SEALING_SCOPE_RULE}`);
  }
}

/** The annotations that select `scope` (on the SealedSecret's metadata and on its template's); none for strict. */
export function scopeAnnotations(scope?: SealingScope): Record<string, string> {
  if (scope === 'namespace-wide') return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
  if (scope === 'cluster-wide') return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
  return {};
}

/** MGF1 with SHA-256 (RFC 8017 B.2.1). */
export function mgf1Sha256(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  // Stryker disable next-line EqualityOperator: one block more than needed is cut off by the subarray below
  for (let i = 0, have = 0; have < length; i++, have += HASH_BYTES) {
    counter.writeUInt32BE(i, 0);
    blocks.push(crypto.createHash(HASH).update(seed).update(counter).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * EME-OAEP encoding with SHA-256 and MGF1-SHA-256 (RFC 8017 7.1.1 step 2), with a caller-supplied `seed`
 * (32 bytes) instead of a random one. `k` is the RSA modulus length in bytes.
 */
export function oaepEncode(message: Buffer, label: Buffer, k: number, seed: Buffer): Buffer {
  if (seed.length !== HASH_BYTES) throw new Error(`OAEP seed must be ${HASH_BYTES} bytes, got ${seed.length}`);
  const maxMessage = k - 2 * HASH_BYTES - 2;
  if (message.length > maxMessage) throw new Error(`OAEP message of ${message.length} bytes exceeds ${maxMessage} bytes for a ${k}-byte modulus`);
  const lHash = crypto.createHash(HASH).update(label).digest();
  const db = Buffer.concat([lHash, Buffer.alloc(maxMessage - message.length), Buffer.from([0x01]), message]);
  const maskedDb = xor(db, mgf1Sha256(seed, db.length));
  const maskedSeed = xor(seed, mgf1Sha256(maskedDb, HASH_BYTES));
  return Buffer.concat([Buffer.from([0x00]), maskedSeed, maskedDb]);
}

/** RSA-OAEP (SHA-256) encryption with a given seed: OAEP-encodes and applies raw RSA. */
export function rsaOaepEncrypt(key: SealingKey, message: Buffer, label: Buffer, seed: Buffer): Buffer {
  const em = oaepEncode(message, label, key.modulusBytes, seed);
  return crypto.publicEncrypt({ key: key.publicKey, padding: crypto.constants.RSA_NO_PADDING }, em);
}

/**
 * The controller's HybridEncrypt with the session key and OAEP seed supplied by the caller:
 * `uint16be(len(rsa)) || rsa || aes-gcm(plaintext) || tag`.
 */
export function hybridEncrypt(key: SealingKey, plaintext: Buffer, label: Buffer, sessionKey: Buffer, oaepSeed: Buffer): Buffer {
  if (sessionKey.length !== SESSION_KEY_BYTES) throw new Error(`session key must be ${SESSION_KEY_BYTES} bytes, got ${sessionKey.length}`);
  const rsa = rsaOaepEncrypt(key, sessionKey, label, oaepSeed);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsa.length, 0);
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([length, rsa, body]);
}

/**
 * The HMAC key that every derived session key and OAEP seed of one Secret comes from: an HMAC, keyed with the
 * sealing key, of the certificate fingerprint and ALL entries of the Secret (sorted by key).
 */
export function secretDigest(key: SealingKey, data: Readonly<Record<string, string>>, sealingKey: Buffer): Buffer {
  if (!Buffer.isBuffer(sealingKey) || sealingKey.length < SEALING_KEY_MIN_BYTES) {
    throw new Error(`secretDigest: the sealing key must be at least ${SEALING_KEY_MIN_BYTES} bytes`);
  }
  const hash = crypto.createHmac(HASH, sealingKey).update(DOMAIN).update(lengthPrefixed(key.certificateFingerprint));
  for (const entry of Object.keys(data).sort()) {
    hash.update(lengthPrefixed(Buffer.from(entry))).update(lengthPrefixed(Buffer.from(data[entry])));
  }
  return hash.digest();
}

/** Derives a 32-byte value for (label, entry key, purpose) from a Secret's digest. */
export function deriveSealingBytes(digest: Buffer, label: Buffer, entry: string, purpose: 'aes-256-gcm-session-key' | 'rsa-oaep-seed'): Buffer {
  return crypto
    .createHmac(HASH, digest)
    .update(lengthPrefixed(label))
    .update(lengthPrefixed(Buffer.from(entry)))
    .update(lengthPrefixed(Buffer.from(purpose)))
    .digest();
}

/** How values are sealed. */
export interface SealOptions {
  /**
   * The sealing key (`CODECANVAS_SEALING_KEY`): when given, sealing is deterministic for its holder; when absent,
   * session keys and OAEP seeds are random (as kubeseal's) and every run gives new ciphertexts.
   * @default undefined (random)
   */
  readonly sealingKey?: Buffer;
}

/**
 * Seals every entry of a Secret for `target` with the controller certificate `certPem` (or an already parsed
 * key); returns `spec.encryptedData` (keys sorted). Deterministic when `options.sealingKey` is given: see the
 * module comment for the trade-off.
 */
export function sealSecretData(
  certPem: string | SealingKey,
  target: SealTarget,
  data: Readonly<Record<string, string>>,
  options: SealOptions = {},
): Record<string, string> {
  const key = typeof certPem === 'string' ? parseSealingCertificate(certPem) : certPem;
  checkTarget(target);
  const label = sealingLabel(target);
  const digest = options.sealingKey ? secretDigest(key, data, options.sealingKey) : undefined;
  const sealed: Record<string, string> = {};
  for (const entry of Object.keys(data).sort()) {
    const value = data[entry];
    if (typeof value !== 'string') throw new Error(`sealSecretData: value of entry ${JSON.stringify(entry)} must be a string`);
    const sessionKey = digest ? deriveSealingBytes(digest, label, entry, 'aes-256-gcm-session-key') : crypto.randomBytes(SESSION_KEY_BYTES);
    const seed = digest ? deriveSealingBytes(digest, label, entry, 'rsa-oaep-seed') : crypto.randomBytes(HASH_BYTES);
    sealed[entry] = hybridEncrypt(key, Buffer.from(value), label, sessionKey, seed).toString('base64');
  }
  return sealed;
}

function checkTarget(target: SealTarget): void {
  const scope = target.scope ?? DEFAULT_SEALING_SCOPE;
  const problem = sealingScopeProblem(scope);
  if (problem) throw new Error(`sealSecretData: scope ${JSON.stringify(scope)} ${problem}`);
  // A SealedSecret is namespaced and named even when cluster-wide; the controller needs both to create the Secret.
  if (!target.namespace) throw new Error(`sealSecretData: namespace ${JSON.stringify(target.namespace)} must not be empty`);
  if (!target.name) throw new Error(`sealSecretData: name ${JSON.stringify(target.name)} must not be empty`);
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ b[i]));
}

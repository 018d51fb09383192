/**
 * Rules that keep secret material out of a config file (which lives in Git) and make sure the public keys it
 * does take are the keys the components can use.
 */
import * as crypto from 'crypto';
import { ConfigIssue, formatPath } from './errors';
import { isDns1123Subdomain } from '../util/rules';
import { isPrivateKeyShape, secretNameKind, secretShape } from '../util/secret-text';

/** PEM, OpenSSH and PGP private key headers ("-----BEGIN EC PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----", ...). */
export const PRIVATE_KEY_MARKER = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d/;

export const PRIVATE_KEY_RULE =
  'holds a private key, which must not be in a config file (it is committed to Git): keep private keys in the secret ' +
  'source (a Key Vault secret, an environment variable, or a SealedSecret; `codecanvas-cdk8s keys` generates them and writes ' +
  'them there) and give the config only the public half';

/** Every string (and mapping key) of `raw` that contains a private key, with its path. */
export function findPrivateKeys(raw: unknown): ConfigIssue[] {
  const found: ConfigIssue[] = [];
  const walk = (value: unknown, at: (string | number)[]): void => {
    if (typeof value === 'string') {
      if (PRIVATE_KEY_MARKER.test(value)) found.push({ path: formatPath(at), value: '(a private key)', rule: PRIVATE_KEY_RULE });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...at, i]));
      return;
    }
    // Any other value: a mapping's entries (numbers and booleans have none; null and undefined are skipped).
    if (value) {
      for (const [k, v] of Object.entries(value)) {
        if (PRIVATE_KEY_MARKER.test(k)) found.push({ path: formatPath(at), value: '(a private key as a mapping key)', rule: PRIVATE_KEY_RULE });
        walk(v, [...at, k]);
      }
    }
  };
  walk(raw, []);
  return found;
}

/** The kinds of public key the config takes. */
export type PublicKeyKind = 'ec-prime256v1';

const PUBLIC_KEY_RULES: Record<PublicKeyKind, string> = {
  'ec-prime256v1':
    'must be the PEM of an EC prime256v1 (P-256) public key ("-----BEGIN PUBLIC KEY-----", SPKI), as `codecanvas-cdk8s keys` writes it to public.yaml',
};

/** Keys parsed so far, by PEM text (null: node:crypto refused it); cleared when it grows past PARSED_KEYS_MAX. */
const parsedKeys = new Map<string, crypto.KeyObject | null>();
const PARSED_KEYS_MAX = 256;

/**
 * `text` parsed by node:crypto, or null when it cannot be. Each cluster usually carries the same relay key, and the
 * config is validated more than once per synth: parsing is a pure function of the text, so each text is parsed once.
 */
function parsedPublicKey(text: string): crypto.KeyObject | null {
  let key = parsedKeys.get(text);
  if (key !== undefined) return key;
  try {
    key = crypto.createPublicKey({ key: text, format: 'pem' });
  } catch {
    key = null;
  }
  if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.clear();
  parsedKeys.set(text, key);
  return key;
}

/**
 * Why `pem` is not a public key of `kind`, or undefined when it is. Parses with node:crypto, so a truncated PEM,
 * a certificate, an RSA key or text that is no key at all are all refused.
 */
export function publicKeyProblem(pem: string, kind: PublicKeyKind): string | undefined {
  const rule = PUBLIC_KEY_RULES[kind];
  // A private key here is reported by findPrivateKeys, at this field's path, and checkConfig shows only that.
  const text = pem.trim();
  if (!/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+\r?\n-----END PUBLIC KEY-----$/.test(text)) {
    return `${rule}; it is not a single PEM "PUBLIC KEY" block`;
  }
  const key = parsedPublicKey(text);
  if (!key) return `${rule}; node:crypto cannot parse it (truncated or corrupted PEM?)`;
  const type = key.asymmetricKeyType;
  if (type !== 'ec') return `${rule}; it is ${type === undefined ? 'a key of a type node:crypto does not name' : `a key of type ${type}`}`;
  // Node names the curve of every EC key ("UNDEF" for explicit parameters that match no named curve).
  const curve = key.asymmetricKeyDetails!.namedCurve;
  if (curve !== 'prime256v1') return `${rule}; it is on curve ${curve}`;
  return undefined;
}

/**
 * Keys in the charts' values that carry secrets (from the chart values files and CHART-FACTS): the application
 * chart's `secret.*` (database and Redis passwords, object-storage keys, master secret, local administrator
 * password, license key, relay JWT private key and the generated OAuth/encoding keys), the jump chart's
 * `application.secret.jump.*` private keys and the operator chart's `operator.secret.*` private key and token.
 * Matched by the last key of a path, case-insensitively, anywhere in a release's free-form `values`.
 */
export const SECRET_VALUE_KEYS: readonly string[] = [
  'password',
  'masterSecret',
  'jwtPrivateKey',
  'JUMP_JWT_PRIVATE_KEY',
  'JUMP_SSH_HOST_KEY',
  'OPERATOR_JWTPRIVATEKEY',
  'operatorToken',
  'accountKey',
  'accessKey',
  'secretKey',
  'credentialsJsonContent',
  'clientSecret',
  'webhookKey',
  'encodingKey',
  'encodingKey2fa',
  'messageEncodingKey',
  'jumpHostPrivateKey',
  'DB_PASSWORD',
  'CODECANVAS_MASTER_SECRET',
];

const SECRET_KEY_SET = new Set(SECRET_VALUE_KEYS.map((k) => k.toLowerCase()));

/** Whether `key` is one of SECRET_VALUE_KEYS, in any case. */
export function isSecretValueKey(key: string): boolean {
  return SECRET_KEY_SET.has(key.toLowerCase());
}

/** Where each secret belongs instead of `values`, by key. */
function safeAlternative(key: string, parent: string | undefined): string {
  const k = key.toLowerCase();
  if (k === 'mastersecret' || k === 'codecanvas_master_secret') return 'the secret source (secrets.names.masterSecret)';
  if (k === 'password' && parent?.toLowerCase() === 'localadministrator') {
    return 'the secret source with localAdministrator.setPassword: true (secrets.names.adminPassword)';
  }
  if ((k === 'password' && parent?.toLowerCase() === 'postgresql') || k === 'db_password') {
    return 'the secret source (secrets.names.databasePassword)';
  }
  if (k === 'accountkey') return 'the secret source with objectStorage.auth: accountKey (secrets.names.storageAccountKey), or Workload Identity';
  if (k.includes('private') || k.includes('ssh_host_key') || k === 'operatortoken') {
    return 'the secret source, where `codecanvas-cdk8s keys` writes the cluster\'s keys';
  }
  return 'the secret source (a Key Vault secret, an environment variable or a SealedSecret)';
}

const OPT_IN = 'or set secrets.allowPlaintextSecrets: true to write it in plain text on purpose';
const PLAINTEXT = 'and values are written in plain text into the output';

/**
 * Whether `value` under the key `key` is a secret by the key's name: any key that names a secret
 * (secretNameKind: postgresPassword, apiKey, sasToken...), and for a key that may as well name a Kubernetes
 * Secret (extraEnvVarsSecret, tlsSecret) a value that is no valid Secret name.
 */
function secretByName(key: string, value: string | number): boolean {
  const kind = secretNameKind(key);
  return kind === 'secret' || (kind === 'maybe' && (typeof value === 'number' || !isDns1123Subdomain(value)));
}

/** The secret found at one entry of a values mapping, as the rule a user reads, or undefined. */
function secretEntryRule(key: string, value: unknown, parent: string | number | undefined): string | undefined {
  const isValue = (typeof value === 'string' && value !== '') || typeof value === 'number';
  if (!isValue) return undefined;
  if (isSecretValueKey(key) || (key === 'private' && parent === 'rsa')) {
    return `is a secret the chart reads, ${PLAINTEXT}: put it in ${safeAlternative(key, typeof parent === 'string' ? parent : undefined)}, ${OPT_IN}`;
  }
  if (secretByName(key, value)) {
    return `sits under a key that names a secret ("${key}"), ${PLAINTEXT}: keep it in the secret source (a Key Vault secret, an environment variable or a SealedSecret) and let the chart read it from a Secret (its existingSecret-style field), ${OPT_IN}`;
  }
  return typeof value === 'string' ? shapeRule(value) : undefined;
}

/** The rule for a string that looks like a secret (a private key is reported by findPrivateKeys, always). */
function shapeRule(value: string): string | undefined {
  const shape = secretShape(value);
  if (shape === undefined || isPrivateKeyShape(shape)) return undefined;
  return `looks like a secret (${shape}), ${PLAINTEXT}: keep it in the secret source and let the chart read it from a Secret, ${OPT_IN}`;
}

/**
 * Every secret in a release's free-form `values` at `at`: a non-empty value under a known secret key
 * (SECRET_VALUE_KEYS) or under any key that names a secret (postgresPassword, apiKey...; not existingSecret,
 * secretName, passwordSecretRef, which hold names), the `value` of an env entry whose `name` names a secret, and
 * any text that looks like one whatever its key (secretShape: JWTs, connection strings with AccountKey= or sig=,
 * URLs with credentials, token prefixes). Refused unless `secrets.allowPlaintextSecrets` (the values land in plain
 * text in the output).
 */
export function findSecretValues(values: unknown, at: (string | number)[]): ConfigIssue[] {
  const found: ConfigIssue[] = [];
  const report = (path: (string | number)[], rule: string) => found.push({ path: formatPath(path), value: '(a secret value)', rule });
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      const rule = shapeRule(value);
      if (rule) report(path, rule);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const parent = path[path.length - 1];
    const entry = value as Record<string, unknown>;
    // An environment variable entry ({name: DB_PASSWORD, value: ...}): the name says what the value is.
    const envName = typeof entry.name === 'string' && typeof entry.value === 'string' && entry.value !== '' ? entry.name : undefined;
    for (const [k, v] of Object.entries(entry)) {
      const rule =
        k === 'value' && envName !== undefined && secretByName(envName, v as string)
          ? `is the value of the environment variable ${envName}, which names a secret, ${PLAINTEXT}: take it from a Secret (valueFrom.secretKeyRef) filled by the secret source, ${OPT_IN}`
          : secretEntryRule(k, v, parent);
      if (rule) report([...path, k], rule);
      else walk(v, [...path, k]);
    }
  };
  walk(values, at);
  return found;
}

/**
 * Every string of the config outside the releases' `values` (which findSecretValues scans, with its opt-in) that
 * looks like a secret (secretShape), such as a token pasted into an instance ID: no field takes one, and most are
 * written into the output. Private keys are left to findPrivateKeys.
 */
export function findSecretShapes(raw: unknown): ConfigIssue[] {
  const found: ConfigIssue[] = [];
  const walk = (value: unknown, at: (string | number)[]): void => {
    if (typeof value === 'string') {
      const shape = secretShape(value);
      if (shape !== undefined && !isPrivateKeyShape(shape)) {
        found.push({ path: formatPath(at), value, rule: `looks like a secret (${shape}), which must not be in a config file (it is committed to Git, and this field is written into the output): keep secrets in the secret source` });
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...at, i]));
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      // A release's values: application.values, devEnvironmentClusters[i].relay/jump/operator.values.
      if (k === 'values' && at.length > 0) continue;
      walk(v, [...at, k]);
    }
  };
  walk(raw, []);
  return found;
}

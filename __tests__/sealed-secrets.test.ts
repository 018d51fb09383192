import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import {
  CLUSTER_WIDE_ANNOTATION,
  hybridEncrypt,
  NAMESPACE_WIDE_ANNOTATION,
  oaepEncode,
  parseSealingCertificate,
  sealingLabel,
  parseSealingKey,
  SEALING_KEY_RULE,
  sealSecretData,
  SealingScope,
} from '../lib/secrets/seal';
import { SealedSecretSource } from '../lib/secrets/sealed-secret-source';
import { SecretSpec } from '../lib/constructs/secret-source';
import { SYNC_WAVE_ANNOTATION } from '../lib/constructs/sync-wave';
import { loadConfigFile } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { ConfigError } from '../lib/config/errors';
import { fakeSecretEnv, testChart } from './helpers';
import { fixtureRsaKeyPair } from './rsa-fixtures';

const FIXTURES = path.join(__dirname, 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIXTURES, 'tls.crt'), 'utf8');
const PRIVATE_KEY = fs.readFileSync(path.join(FIXTURES, 'tls.key'), 'utf8');
const EC_CERT = fs.readFileSync(path.join(FIXTURES, 'ec.crt'), 'utf8');
const RSA1024_CERT = fs.readFileSync(path.join(FIXTURES, 'rsa1024.crt'), 'utf8');
const SM2_CERT = fs.readFileSync(path.join(FIXTURES, 'sm2.crt'), 'utf8');

/** The controller's HybridDecrypt, with Node's own OAEP decoder (independent of the encoder under test). */
function unseal(sealedBase64: string, label: string, key = PRIVATE_KEY): string {
  const bytes = Buffer.from(sealedBase64, 'base64');
  const rsaLength = bytes.readUInt16BE(0);
  const rsa = bytes.subarray(2, 2 + rsaLength);
  const aes = bytes.subarray(2 + rsaLength);
  const sessionKey = crypto.privateDecrypt(
    { key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label, 'utf8') },
    rsa,
  );
  expect(sessionKey).toHaveLength(32);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]).toString('utf8');
}

const DATA = {
  DB_HOST: 'pg.example.com',
  DB_PASSWORD: 'p@ss wörd\n',
  CODECANVAS_MASTER_SECRET: 'x9heETkqA/1JzIUTv4ZmYcgTEOlHErw/7dd5hrX0ZqE=',
  EMPTY: '',
};

/** A sealing key for these tests only. */
const KEYED = { sealingKey: Buffer.alloc(32, 0x42) };

const LABELS: Record<SealingScope, string> = { strict: 'codecanvas/db', 'namespace-wide': 'codecanvas', 'cluster-wide': '' };

describe('sealSecretData', () => {
  it.each(Object.keys(LABELS) as SealingScope[])('round-trips every entry with scope %s', (scope) => {
    const sealed = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db', scope }, DATA);
    expect(Object.keys(sealed)).toEqual(Object.keys(DATA).sort());
    for (const [key, value] of Object.entries(DATA)) {
      expect(sealed[key]).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(unseal(sealed[key], LABELS[scope])).toBe(value);
    }
  });

  it('uses the controller label for each scope', () => {
    expect(sealingLabel({ namespace: 'ns', name: 'n' }).toString()).toBe('ns/n');
    expect(sealingLabel({ namespace: 'ns', name: 'n', scope: 'namespace-wide' }).toString()).toBe('ns');
    expect(sealingLabel({ namespace: 'ns', name: 'n', scope: 'cluster-wide' })).toHaveLength(0);
  });

  it('cannot be unsealed under another namespace or name (strict)', () => {
    const sealed = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA);
    expect(() => unseal(sealed.DB_PASSWORD, 'other/db')).toThrow();
    expect(() => unseal(sealed.DB_PASSWORD, 'codecanvas/other')).toThrow();
    expect(() => unseal(sealed.DB_PASSWORD, 'codecanvas')).toThrow();
    expect(() => unseal(sealed.DB_PASSWORD, '')).toThrow();
  });

  it('cannot be unsealed with another private key', () => {
    const { privateKey } = fixtureRsaKeyPair(2048, 2);
    const sealed = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA);
    expect(() => unseal(sealed.DB_PASSWORD, 'codecanvas/db', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)).toThrow();
  });

  it('is deterministic with a sealing key: same inputs and key, same bytes', () => {
    const a = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA, KEYED);
    const b = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, { ...DATA }, KEYED);
    expect(b).toEqual(a);
    expect(unseal(a.DB_PASSWORD, 'codecanvas/db')).toBe(DATA.DB_PASSWORD);
  });

  it('cannot confirm a guess without the sealing key: another key gives other ciphertexts for the same values', () => {
    // The attack on an unkeyed (convergent) derivation: re-seal a guess of all values, compare with the committed output.
    const committed = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA, KEYED);
    const guess = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, { ...DATA }, { sealingKey: Buffer.alloc(32, 1) });
    for (const key of Object.keys(DATA)) expect(guess[key]).not.toBe(committed[key]);
  });

  it('seals with random keys when no sealing key is given (every run differs, still unsealable)', () => {
    const a = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA);
    const b = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA);
    expect(b.DB_PASSWORD).not.toBe(a.DB_PASSWORD);
    expect(unseal(b.DB_PASSWORD, 'codecanvas/db')).toBe(DATA.DB_PASSWORD);
  });

  it('reads a sealing key as Base64 text, with or without padding, around whitespace such as a trailing newline', () => {
    expect(parseSealingKey(`  ${Buffer.alloc(32, 9).toString('base64')}\n`)).toEqual(Buffer.alloc(32, 9));
    // 48 bytes: no padding; 34 bytes: "=="; 35 bytes: "=".
    for (const size of [48, 34, 35]) expect(parseSealingKey(Buffer.alloc(size, 7).toString('base64'))).toEqual(Buffer.alloc(size, 7));
  });

  it('refuses sealing key text that is not exactly Base64, even when enough bytes could be read from it', () => {
    const valid = Buffer.alloc(33, 5).toString('base64'); // 44 characters, no padding
    for (const text of [`${valid}!`, `!${valid}`, `${valid}AB`, `${valid.slice(0, 43)}`, `${valid}A===`, '', '   ']) {
      expect([text, parseSealingKey(text)]).toEqual([text, SEALING_KEY_RULE]);
    }
    expect(SEALING_KEY_RULE).toMatch(/^must be Base64 of at least 32 random bytes/);
  });

  it('refuses a sealing key shorter than 32 bytes', () => {
    expect(() => sealSecretData(CERT, { namespace: 'ns', name: 'n' }, DATA, { sealingKey: Buffer.alloc(16) })).toThrow(/at least 32 bytes/);
    expect(parseSealingKey('c2hvcnQ=')).toMatch(/at least 32 random bytes/);
    expect(parseSealingKey('not base64!')).toMatch(/Base64/);
    expect(parseSealingKey(Buffer.alloc(32, 9).toString('base64'))).toEqual(Buffer.alloc(32, 9));
  });

  it('re-seals every entry when one value changes', () => {
    const a = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA, KEYED);
    const b = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, { ...DATA, DB_PASSWORD: 'another' }, KEYED);
    for (const key of Object.keys(DATA)) expect(b[key]).not.toBe(a[key]);
    expect(unseal(b.DB_HOST, 'codecanvas/db')).toBe(DATA.DB_HOST);
  });

  it('gives different ciphertexts for other targets and scopes', () => {
    const a = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db' }, DATA, KEYED);
    const b = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db2' }, DATA, KEYED);
    const c = sealSecretData(CERT, { namespace: 'codecanvas', name: 'db', scope: 'namespace-wide' }, DATA, KEYED);
    expect(b.DB_PASSWORD).not.toBe(a.DB_PASSWORD);
    expect(c.DB_PASSWORD).not.toBe(a.DB_PASSWORD);
  });

  it('uses a distinct session key per entry even for equal values', () => {
    const sealed = sealSecretData(CERT, { namespace: 'ns', name: 'n' }, { A: 'same', B: 'same' }, KEYED);
    expect(sealed.A).not.toBe(sealed.B);
  });

  it('does not depend on the order in which the entries are given', () => {
    const a = sealSecretData(CERT, { namespace: 'ns', name: 'n' }, { A: 'one', B: 'two' }, KEYED);
    const b = sealSecretData(CERT, { namespace: 'ns', name: 'n' }, { B: 'two', A: 'one' }, KEYED);
    expect(b).toEqual(a);
  });

  it('keeps the ciphertexts of earlier versions for the same inputs and sealing key (known answer)', () => {
    // Computed once with this fixture certificate; any change of the derivation (domain string, encodings, order)
    // would re-seal every committed SealedSecret of every user on upgrade.
    const sealed = sealSecretData(CERT, { namespace: 'ns', name: 'n' }, { A: 'a' }, KEYED);
    expect(sealed).toEqual({
      A:
        'AQCo7CNw0lYOPztkgy6aC36JTTDvqWghcSi/AZ0CBLwAVhKw5FSwH/7NZGHoug6hbA+5g9JQ+FIsoTTv3nmwq1KYY/F9UajD9v1kkKx/XaIVBu7S3AtbmK/A+AQg4LGu' +
        'qd2yLB76wMzQs82maQ/xRr4ZAQaSpTn4FbTzyRayz5Ni/H3qwlVMNbQ8tOrpMlwdKPkkvDKMa0DFiPdzsJ3or23Ani5zdo+RrbiR8qg1ouSawd6RGmg2XdiWqAvwbxD7' +
        '9WswpIJ63/wq7UMeT6wZLNJe5dTjnVNldi632MhJOb+E7DFWgvGpMG+m6Qqc7spY9JweQr8Lohw8jjL+6GxZjgBZbNJbGr4YSDZG7sk+Pz2l7P4=',
    });
    expect(unseal(sealed.A, 'ns/n')).toBe('a');
  });

  it('refuses an unknown scope, naming it and the allowed ones', () => {
    expect(() => sealSecretData(CERT, { namespace: 'ns', name: 'n', scope: 'global' as SealingScope }, DATA)).toThrow(
      'sealSecretData: scope "global" must be one of "strict", "namespace-wide", "cluster-wide"',
    );
    expect(() => sealingLabel({ namespace: 'ns', name: 'n', scope: 'global' as SealingScope })).toThrow(
      'sealing scope "global" must be one of "strict", "namespace-wide", "cluster-wide"',
    );
  });

  it('refuses a value that is not a string, naming the entry', () => {
    expect(() => sealSecretData(CERT, { namespace: 'ns', name: 'n' }, { PORT: 5432 as unknown as string })).toThrow(
      'sealSecretData: value of entry "PORT" must be a string',
    );
  });

  it('rejects an empty namespace or name', () => {
    expect(() => sealSecretData(CERT, { namespace: '', name: 'n' }, DATA)).toThrow(/namespace "" must not be empty/);
    expect(() => sealSecretData(CERT, { namespace: 'ns', name: '' }, DATA)).toThrow(/name "" must not be empty/);
  });
});

describe('OAEP encoding', () => {
  it('is accepted by OpenSSL\'s RSA-OAEP-SHA256 decoder, with a label', () => {
    const key = parseSealingCertificate(CERT);
    const message = crypto.randomBytes(32);
    const em = oaepEncode(message, Buffer.from('a/b'), key.modulusBytes, crypto.randomBytes(32));
    expect(em).toHaveLength(key.modulusBytes);
    expect(em[0]).toBe(0);
    const c = crypto.publicEncrypt({ key: key.publicKey, padding: crypto.constants.RSA_NO_PADDING }, em);
    const out = crypto.privateDecrypt({ key: PRIVATE_KEY, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from('a/b') }, c);
    expect(out.equals(message)).toBe(true);
  });

  it('hybridEncrypt lays out length || RSA ciphertext || AES-GCM ciphertext || tag', () => {
    const key = parseSealingCertificate(CERT);
    const out = hybridEncrypt(key, Buffer.from('hello'), Buffer.from('l'), Buffer.alloc(32, 1), Buffer.alloc(32, 2));
    expect(out.readUInt16BE(0)).toBe(key.modulusBytes);
    expect(out).toHaveLength(2 + key.modulusBytes + 5 + 16);
  });
});

describe('OAEP and hybrid encryption input checks', () => {
  it('refuses an OAEP seed that is not 32 bytes', () => {
    const key = parseSealingCertificate(CERT);
    expect(() => oaepEncode(Buffer.alloc(32), Buffer.alloc(0), key.modulusBytes, Buffer.alloc(31))).toThrow('OAEP seed must be 32 bytes, got 31');
  });

  it('encodes a message up to k - 66 bytes and refuses a longer one', () => {
    const key = parseSealingCertificate(CERT);
    const longest = crypto.randomBytes(256 - 66);
    const c = crypto.publicEncrypt({ key: key.publicKey, padding: crypto.constants.RSA_NO_PADDING }, oaepEncode(longest, Buffer.alloc(0), 256, crypto.randomBytes(32)));
    expect(crypto.privateDecrypt({ key: PRIVATE_KEY, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, c).equals(longest)).toBe(true);
    expect(() => oaepEncode(Buffer.alloc(191), Buffer.alloc(0), 256, Buffer.alloc(32))).toThrow('OAEP message of 191 bytes exceeds 190 bytes for a 256-byte modulus');
  });

  it('refuses a session key that is not 32 bytes (AES-256)', () => {
    const key = parseSealingCertificate(CERT);
    expect(() => hybridEncrypt(key, Buffer.from('x'), Buffer.alloc(0), Buffer.alloc(16), Buffer.alloc(32))).toThrow('session key must be 32 bytes, got 16');
  });
});

describe('parseSealingCertificate', () => {
  it('reads the RSA key of the controller certificate', () => {
    const key = parseSealingCertificate(CERT);
    expect(key.modulusBytes).toBe(256);
    expect(key.certificateFingerprint).toHaveLength(32);
  });

  it.each([
    ['not PEM', 'hello', /not a PEM certificate/],
    ['a private key', PRIVATE_KEY, /not a PEM certificate/],
    ['a broken certificate', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', /not a parseable X\.509 certificate/],
    ['an EC certificate', EC_CERT, /has a ec key; the sealed-secrets controller uses RSA/],
    ['a certificate with a key type Node does not name (SM2)', SM2_CERT, /^has a unknown key; the sealed-secrets controller uses RSA$/],
    ['a 1024-bit RSA certificate', RSA1024_CERT, /^has a 1024-bit RSA key; at least 2048 bits are required$/],
  ])('rejects %s', (_what, pem, message) => {
    expect(() => parseSealingCertificate(pem)).toThrow(message);
  });
});

const SPEC: SecretSpec = {
  name: 'codecanvas-db-secret-ext',
  namespace: 'codecanvas',
  literals: { DB_HOST: 'pg.example.com', DB_PORT: '5432' },
  secrets: {
    DB_PASSWORD: { key: 'CODECANVAS_DB_PASSWORD', field: 'secrets.names.databasePassword' },
    CODECANVAS_MASTER_SECRET: { key: 'CODECANVAS_MASTER_SECRET', field: 'secrets.names.masterSecret' },
  },
};
const ENV = { CODECANVAS_DB_PASSWORD: 'pw', CODECANVAS_MASTER_SECRET: DATA.CODECANVAS_MASTER_SECRET };

function validationErrors(chart: Chart): string[] {
  return chart.node.findAll().flatMap((c) => c.node.validate());
}

function synthOne(scope: SealingScope | undefined, env: NodeJS.ProcessEnv = ENV): { manifest: any; chart: Chart } {
  const chart = testChart();
  new SealedSecretSource({ certificate: CERT, scope, env, sealingKey: KEYED.sealingKey }).materialize(chart, 'DbSecret', SPEC);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return { manifest: manifests[0], chart };
}

const crd = yaml.load(fs.readFileSync(path.join(__dirname, '..', 'crds', 'bitnami.com_sealedsecrets.yaml'), 'utf8')) as any;
const crdSchema = crd.spec.versions.find((v: any) => v.name === 'v1alpha1').schema.openAPIV3Schema;
const ajv = new Ajv({ strict: false, allErrors: true });
// Kubernetes' `format: byte`, `int64` and `date-time` are not JSON Schema formats ajv knows without ajv-formats.
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
ajv.addFormat('date-time', true);
const validateSealedSecret = ajv.compile(crdSchema);

describe('SealedSecretSource', () => {
  it('has kind sealedSecrets', () => {
    expect(new SealedSecretSource({ certificate: CERT }).kind).toBe('sealedSecrets');
  });

  it('writes a strict SealedSecret with every entry sealed and an Opaque template', () => {
    const { manifest, chart } = synthOne(undefined);
    expect(validationErrors(chart)).toEqual([]);
    expect(manifest.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(manifest.kind).toBe('SealedSecret');
    expect(manifest.metadata).toEqual({
      name: 'codecanvas-db-secret-ext',
      namespace: 'codecanvas',
    });
    expect(manifest.spec.template).toEqual({ metadata: { name: 'codecanvas-db-secret-ext', namespace: 'codecanvas' }, type: 'Opaque' });
    expect(Object.keys(manifest.spec.encryptedData)).toEqual(['CODECANVAS_MASTER_SECRET', 'DB_HOST', 'DB_PASSWORD', 'DB_PORT']);
    const label = 'codecanvas/codecanvas-db-secret-ext';
    expect(unseal(manifest.spec.encryptedData.DB_PASSWORD, label)).toBe('pw');
    expect(unseal(manifest.spec.encryptedData.DB_HOST, label)).toBe('pg.example.com');
    expect(unseal(manifest.spec.encryptedData.CODECANVAS_MASTER_SECRET, label)).toBe(DATA.CODECANVAS_MASTER_SECRET);
    expect(validateSealedSecret(manifest)).toBe(true);
    // The schema check has teeth: a SealedSecret without encryptedData is rejected.
    expect(validateSealedSecret({ ...manifest, spec: { template: manifest.spec.template } })).toBe(false);
  });

  it.each([
    ['namespace-wide', NAMESPACE_WIDE_ANNOTATION, 'codecanvas'],
    ['cluster-wide', CLUSTER_WIDE_ANNOTATION, ''],
  ] as const)('annotates %s on the object and its template', (scope, annotation, label) => {
    const { manifest } = synthOne(scope);
    expect(manifest.metadata.annotations).toEqual({ [annotation]: 'true' });
    expect(manifest.metadata.annotations[SYNC_WAVE_ANNOTATION]).toBeUndefined();
    expect(manifest.spec.template.metadata.annotations).toEqual({ [annotation]: 'true' });
    expect(unseal(manifest.spec.encryptedData.DB_PASSWORD, label)).toBe('pw');
    expect(validateSealedSecret(manifest)).toBe(true);
  });

  it('gives byte-identical output for two synths of the same input', () => {
    const a = JSON.stringify(synthOne(undefined).manifest);
    const b = JSON.stringify(synthOne(undefined).manifest);
    expect(b).toBe(a);
  });

  it('reports a missing environment variable as a validation error naming it', () => {
    const chart = testChart();
    new SealedSecretSource({ certificate: CERT, env: { CODECANVAS_MASTER_SECRET: DATA.CODECANVAS_MASTER_SECRET } }).materialize(chart, 'DbSecret', SPEC);
    const errors = validationErrors(chart);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('environment variable CODECANVAS_DB_PASSWORD is not set');
    expect(errors[0]).toContain('secrets.names.databasePassword');
    expect(() => Testing.synth(chart)).toThrow(/CODECANVAS_DB_PASSWORD/);
  });

  it('runs value checks on the values it seals', () => {
    const chart = testChart();
    const spec: SecretSpec = {
      name: 's',
      namespace: 'ns',
      secrets: { K: { key: 'V', field: 'f', check: { test: (v) => v.length > 5, rule: 'must be longer than 5 characters' } } },
    };
    new SealedSecretSource({ certificate: CERT, env: { V: 'abc' } }).materialize(chart, 'S', spec);
    expect(validationErrors(chart)).toEqual(['f: the value of environment variable V must be longer than 5 characters']);
  });

  it.each([
    ['not a certificate', 'hello'],
    ['empty', ''],
    ['an EC certificate', EC_CERT],
  ])('refuses a certificate that is %s, naming the config field', (_what, certificate) => {
    expect(() => new SealedSecretSource({ certificate })).toThrow(/secrets\.sealedSecrets\.certificateFile/);
  });

  it('refuses an unknown scope', () => {
    expect(() => new SealedSecretSource({ certificate: CERT, scope: 'global' as SealingScope })).toThrow(/scope "global" must be one of "strict", "namespace-wide", "cluster-wide"/);
  });
});

describe('synth of the sealed example and the sealing key (CODECANVAS_SEALING_KEY)', () => {
  const example = path.join(__dirname, '..', 'examples', 'flux-sealed-secrets.yaml');
  const env = fakeSecretEnv(['dev-northeurope']);
  const sealed = (files: readonly { path: string; content: string }[]) =>
    files.filter((f) => f.content.includes('kind: SealedSecret')).map((f) => f.content).join('\n');

  it('is byte-identical across runs with the same sealing key', () => {
    const loaded = loadConfigFile(example);
    const a = synthesize(loaded, { env });
    const b = synthesize(loaded, { env });
    expect(sealed(a.files)).not.toBe('');
    expect(sealed(b.files)).toBe(sealed(a.files));
    expect(a.notes).toEqual([]);
  });

  it('gives other ciphertexts with another sealing key, so a guess cannot be confirmed without it', () => {
    const loaded = loadConfigFile(example);
    const a = synthesize(loaded, { env });
    const b = synthesize(loaded, { env: { ...env, CODECANVAS_SEALING_KEY: Buffer.alloc(32, 0x11).toString('base64') } });
    expect(sealed(b.files)).not.toBe(sealed(a.files));
  });

  it('without a sealing key seals at random and notes that the output churns', () => {
    const loaded = loadConfigFile(example);
    const noKey = { ...env, CODECANVAS_SEALING_KEY: undefined };
    const a = synthesize(loaded, { env: noKey });
    const b = synthesize(loaded, { env: noKey });
    expect(sealed(b.files)).not.toBe(sealed(a.files));
    expect(a.notes).toEqual([expect.stringMatching(/^CODECANVAS_SEALING_KEY is not set: .* every synth changes them \(the output churns\)/)]);
  });
});

describe('a Sealed Secrets certificate per cluster (devEnvironmentClusters[].sealedSecrets.certificateFile)', () => {
  const SECOND_KEY = fs.readFileSync(path.join(FIXTURES, 'second.key'), 'utf8');
  const env = fakeSecretEnv(['dev-northeurope']);
  /** The flux example with both certificates read from the fixtures folder, the dev cluster's own one when `own`. */
  const build = (own: boolean) => {
    const loaded = loadConfigFile(path.join(__dirname, '..', 'examples', 'flux-sealed-secrets.yaml'));
    const config = JSON.parse(JSON.stringify(loaded.config));
    config.secrets.sealedSecrets.certificateFile = 'tls.crt';
    if (own) config.devEnvironmentClusters[0].sealedSecrets = { certificateFile: 'second.crt' };
    const result = synthesize({ ...loaded, config, baseDir: FIXTURES }, { env });
    const docs = result.files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => yaml.loadAll(f.content) as any[]);
    const sealedNamed = (name: string) => docs.find((d) => d?.kind === 'SealedSecret' && d.metadata.name === name);
    return { result, sealedNamed };
  };

  it('seals the dev cluster\'s Secrets with its own certificate and the application\'s with the top-level one', () => {
    const { sealedNamed } = build(true);
    const jump = sealedNamed('codecanvas-jump-secret');
    const label = `${jump.metadata.namespace}/${jump.metadata.name}`;
    const entry = Object.keys(jump.spec.encryptedData).find((k) => k === 'JUMP_JWT_PRIVATE_KEY')!;
    expect(unseal(jump.spec.encryptedData[entry], label, SECOND_KEY)).toMatch(/^test-jump-/);
    expect(() => unseal(jump.spec.encryptedData[entry], label)).toThrow();
    const db = sealedNamed('codecanvas-db-secret-ext');
    expect(unseal(db.spec.encryptedData[Object.keys(db.spec.encryptedData)[0]], `${db.metadata.namespace}/${db.metadata.name}`)).toBeDefined();
    expect(() => unseal(db.spec.encryptedData[Object.keys(db.spec.encryptedData)[0]], `${db.metadata.namespace}/${db.metadata.name}`, SECOND_KEY)).toThrow();
  });

  it('inherits the top-level certificate when the cluster names none', () => {
    const { sealedNamed } = build(false);
    const jump = sealedNamed('codecanvas-jump-secret');
    const entry = 'JUMP_JWT_PRIVATE_KEY';
    expect(unseal(jump.spec.encryptedData[entry], `${jump.metadata.namespace}/${jump.metadata.name}`)).toMatch(/^test-jump-/);
  });

  it('INSTALL.md fetches each cluster\'s certificate from its own controller, and says what sharing one file means', () => {
    const own = build(true).result.files.find((f) => f.path === 'INSTALL.md')!.content;
    expect(own).toContain('`kubeseal --context dev-northeurope --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > second.crt`');
    expect(own).toContain('`kubeseal --context application --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > tls.crt`');
    expect(own).toContain('(`devEnvironmentClusters[0].sealedSecrets.certificateFile`)');
    expect(own).not.toContain('must hold the same key pair');
    const shared = build(false).result.files.find((f) => f.path === 'INSTALL.md')!.content;
    expect(shared).toContain('--fetch-cert > tls.crt` before synth. This cluster shares that file with the application cluster, so its controller must hold the same key pair');
  });

  it('names the cluster\'s field when its certificate is unreadable', () => {
    const loaded = loadConfigFile(path.join(__dirname, '..', 'examples', 'flux-sealed-secrets.yaml'));
    const config = JSON.parse(JSON.stringify(loaded.config));
    config.secrets.sealedSecrets.certificateFile = 'tls.crt';
    config.devEnvironmentClusters[0].sealedSecrets = { certificateFile: 'ec.crt' };
    expect(() => synthesize({ ...loaded, config, baseDir: FIXTURES }, { env })).toThrow(/devEnvironmentClusters\[0\]\.sealedSecrets\.certificateFile/);
    // with the top-level one broken too, both come in one report
    config.secrets.sealedSecrets.certificateFile = 'rsa1024.crt';
    let error: unknown;
    try {
      synthesize({ ...loaded, config, baseDir: FIXTURES }, { env });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).issues.map((i) => [i.path, i.value])).toEqual([
      ['secrets.sealedSecrets.certificateFile', 'rsa1024.crt'],
      ['devEnvironmentClusters[0].sealedSecrets.certificateFile', 'ec.crt'],
    ]);
  });
});

/**
 * The bad-input corpus of __tests__/bad-configs.test.ts: each case is one of the valid example configs with exactly one
 * defect, the field its message must name, the rule it must state and (unless secret) the value. Also read by
 * test/slow/entry-points.slow.test.ts, which runs a few of them through `npm run synth`'s command and the bin.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { MAX_ALIAS_EXPANSION } from '../lib/config/load';
import { exampleFile, fakeSecretEnv, REFUSED_KEY_VAULT_URLS, ROOT } from './helpers';
import { fixtureRsaKeyPair } from './rsa-fixtures';

export type Base = 'aks' | 'helm' | 'sealed';
export const BASE_FILES: Record<Base, string> = { aks: 'aks.yaml', helm: 'kubectl-helm.yaml', sealed: 'flux-sealed-secrets.yaml' };
export const BASE_ENV: Record<Base, NodeJS.ProcessEnv> = {
  aks: {},
  helm: fakeSecretEnv(['dev-local']),
  sealed: fakeSecretEnv(['dev-northeurope']),
};

export function baseConfig(base: Base): Record<string, any> {
  return exampleFile(BASE_FILES[base]);
}

export interface Case {
  readonly id: string;
  readonly base?: Base;
  /** Changes the parsed base config (one defect). */
  readonly edit?: (c: Record<string, any>) => void;
  /** Or: the whole file text (given the base's YAML). */
  readonly text?: (baseYaml: string) => string;
  /** The field the message must name. */
  readonly field: string;
  /** The rule the message must state. */
  readonly rule: RegExp;
  /** The value the message must show (omitted for secret values, which are never echoed). */
  readonly value?: string;
  readonly env?: NodeJS.ProcessEnv;
}

// Key material for the secret cases, made once.
export const ecP256 = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
export const ecP384 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
export const rsa = fixtureRsaKeyPair(2048, 1);
export const ed25519 = crypto.generateKeyPairSync('ed25519');
export const pem = (key: crypto.KeyObject, type: 'pkcs8' | 'sec1' | 'pkcs1' | 'spki') => key.export({ type, format: 'pem' } as any) as string;
export const EC_SEC1 = pem(ecP256.privateKey, 'sec1');
export const EC_PKCS8 = pem(ecP256.privateKey, 'pkcs8');
export const RSA_PKCS1 = pem(rsa.privateKey, 'pkcs1');
export const ED_PKCS8 = pem(ed25519.privateKey, 'pkcs8');
export const ENCRYPTED = ecP256.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
export const OPENSSH = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
export const RSA_PUBLIC = pem(rsa.publicKey, 'spki');
export const P384_PUBLIC = pem(ecP384.publicKey, 'spki');
export const P256_PUBLIC = pem(ecP256.publicKey, 'spki');
export const TRUNCATED = P256_PUBLIC.split('\n').filter((_, i) => i !== 1).join('\n');
// Credentials of the URL and value-shape cases (made-up, shaped as the real ones are). Each holds "Leak7" so that
// the check below finds any of them in a message, whole or in part.
export const TOKEN = 'Leak7tok3nVALUEx9Qz';
export const GH_TOKEN = 'ghp_Leak7AbCdEf0123456789AbCdEf012345';
export const GL_TOKEN = 'glpat-Leak7AbCdEf0123456789';
export const SAS_SIG = 'Leak7sIgN%2BAbC%3D';
export const ACCOUNT_KEY = 'Leak7aCCountKey0123456789abcdefABCDEF+/==';
export const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJMZWFrNyJ9.Leak7sig0123456789AbCdEfGhIjKlMnOp';
export const SLACK = 'xoxb-123456789012-Leak7AbCdEfGhIjKlMnOpQr';
/** Text that must never appear in a message: the secret values of the cases. */
export const SECRET_TEXT = ['not-a-real-secret', 'Leak7', ...[EC_SEC1, EC_PKCS8, RSA_PKCS1, ED_PKCS8].map((k) => k.split('\n')[1])];
export const CERT_TEXT = fs.readFileSync(path.join(ROOT, 'examples', 'sealed-secrets-cert.pem'), 'utf8');

export const bomb = (indent: string) =>
  ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']
    .map((n, i) => `${indent}${n}: &${n} [${i === 0 ? '"lol","lol","lol","lol","lol","lol","lol","lol","lol"' : Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`)
    .join('\n');

export const cluster = (c: Record<string, any>) => c.devEnvironmentClusters[0];
export const secondCluster = (c: Record<string, any>, extra: Record<string, any> = {}) => {
  c.devEnvironmentClusters.push({ name: 'dev-second', ...extra });
};

export const cases: Case[] = [
  // --- The file itself
  { id: 'empty file', text: () => '', field: '(root)', rule: /must be a mapping of config fields/, value: 'the file is empty or holds only comments' },
  { id: 'comments only', text: () => '# just a comment\n# another\n', field: '(root)', rule: /must be a mapping of config fields/, value: 'the file is empty or holds only comments' },
  { id: 'only "---"', text: () => '---\n', field: '(root)', rule: /must be a mapping of config fields/, value: 'the file is empty or holds only comments' },
  { id: 'a list at the root', text: () => '- licenseAgreementAccepted: true\n- namespace: codecanvas\n', field: '(root)', rule: /must be a mapping of config fields/ },
  { id: 'a string at the root', text: () => 'codecanvas\n', field: '(root)', rule: /must be a mapping of config fields/, value: '"codecanvas"' },
  { id: 'a number at the root', text: () => '42\n', field: '(root)', rule: /must be a mapping of config fields/, value: '42' },
  { id: 'unclosed quote', text: (y) => `${y}\nextra: "unclosed\n`, field: '(file)', rule: /is not valid YAML/ },
  { id: 'duplicate key', text: (y) => `${y}namespace: again\n`, field: '(file)', rule: /is not valid YAML: repeats the key "namespace" of its mapping \(first at line \d+\); a key may appear once in ".*" \(\d+:1\)/ },
  { id: 'tab indentation', text: () => 'licenseAgreementAccepted: true\nnamespace:\n\t- x\n', field: '(file)', rule: /is not valid YAML/ },
  { id: 'undefined alias', text: (y) => `${y}extra: *nothing\n`, field: '(file)', rule: /is not valid YAML: \*nothing names no anchor \(&nothing\) written before it in ".*" \(\d+:8\)/ },
  // Within the yaml package's alias limit (52 uses of one anchor) but over the bound on the nodes it adds, before
  // the bombs: with that check broken this case fails at once.
  {
    id: 'aliases just over the limit under an unknown key',
    text: (y) => `${y}lols:\n  big: &big [${Array(2000).fill(0).join(',')}]\n  refs: [${Array(51).fill('*big').join(',')}]\n`,
    field: '(root)',
    rule: new RegExp(`is "1\\d{5} nodes after expanding aliases"; expands YAML aliases \\(\\*name\\) to more than ${MAX_ALIAS_EXPANSION} nodes`),
  },
  { id: 'billion laughs under an unknown key', text: (y) => `${y}lols:\n${bomb('  ')}\n`, field: '(root)', rule: /expands YAML aliases \(\*name\) past the limit/ },
  {
    id: 'billion laughs inside application.values',
    text: (y) => `${y.replace(/^application:\n(  .*\n)+/m, '')}application:\n  values:\n${bomb('    ')}\n`,
    field: '(root)',
    rule: /billion laughs/,
  },
  { id: 'billion laughs at the root', text: () => `${bomb('')}\n`, field: '(root)', rule: /expands YAML aliases/ },
  // The excerpt masking scans every line for secret keys: on one line of 4 million key characters a backtracking
  // scan ran for hours (measured: 16 s at 80,000), a linear one in well under a second.
  { id: 'a YAML error after 4 million characters on one line', text: (y) => `${y}notes: ${'a'.repeat(4_000_000)} [\n  ]: b\n`, field: '(file)', rule: /is not valid YAML/ },
  { id: 'a file over 4 MiB', text: (y) => `${y}# ${'x'.repeat(4 * 1024 * 1024)}\n`, field: '(file)', rule: /; is \d+ bytes; at most 4 MiB \(4194304 bytes\) are read$/ },
  // 1.4 million three-byte characters: under 4 Mi characters, over 4 MiB.
  { id: 'a file over 4 MiB in bytes, under it in characters', text: (y) => `${y}# ${'€'.repeat(1_400_000)}\n`, field: '(file)', rule: /; is \d+ bytes; at most 4 MiB/ },
  { id: 'nesting deeper than 100', text: (y) => `${y}extra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, field: '(file)', rule: /is not valid YAML: nests mappings and lists deeper than 100 levels in ".*" \(\d+:\d+\)/ },
  { id: 'nesting of 101 levels', text: (y) => `${y}extra: ${'['.repeat(100)}${']'.repeat(100)}\n`, field: '(file)', rule: /nests mappings and lists deeper than 100 levels in ".*" \(\d+:107\)/ },
  { id: 'a key twice, once quoted', text: (y) => y.replace(/^namespace: (.*)$/m, 'namespace: $1\n"namespace": other'), field: '(file)', rule: /repeats the key "namespace" of its mapping/ },
  { id: 'more than 500000 YAML tokens', text: (y) => `${y}extra: [${Array(170_000).fill(0).join(',')}]\n`, field: '(file)', rule: /is not valid YAML: has more than 500000 YAML tokens .* in ".*" \(\d+:\d+\)/ },
  {
    id: 'more than 1000 anchors and aliases',
    text: (y) => `${y}extra:\n${Array.from({ length: 501 }, (_, i) => `  k${i}: &a${i} [1]\n  r${i}: *a${i}`).join('\n')}\n`,
    field: '(file)',
    rule: /has more than 1000 anchors and aliases \(&name, \*name\); a config needs a few dozen in ".*" \(\d+:15\)/,
  },
  { id: 'multiple documents', text: (y) => `${y}---\nnamespace: other\n`, field: '(file)', rule: /is not valid YAML: holds 2 YAML documents \(separated by "---"\); a config is one document in ".*" \(\d+:1\)/ },
  { id: 'an unknown tag', text: (y) => y.replace(/^namespace: .*$/m, 'namespace: !secret codecanvas'), field: '(file)', rule: /is not valid YAML: .* in ".*" \(\d+:12\)/ },
  { id: 'an unquoted date as chart version', text: (y) => y.replace('version: 2025.1.2', 'version: 2025-01-02'), field: 'application.chart.version', rule: /YAML reads the unquoted 2025-01-02 as a timestamp; quote it/, value: '2025-01-02' },
  { id: 'an unquoted date in values', text: (y) => y.replace(/^application:\n/m, 'application:\n  values: { since: 2024-12-24 }\n'), field: 'application.values.since', rule: /as a timestamp; quote it/ },
  { id: '!!binary as the namespace', text: (y) => y.replace(/^namespace: .*$/m, 'namespace: !!binary aGVsbG8='), field: 'namespace', rule: /!!binary data cannot be written/ },
  { id: '!!binary in values', text: (y) => y.replace(/^application:\n/m, 'application:\n  values: { blob: !!binary aGVsbG8= }\n'), field: 'application.values.blob', rule: /!!binary data cannot be written/ },
  { id: '.inf replicas', text: (y) => y.replace(/replicas: 2/, 'replicas: .inf'), field: 'application.replicas', rule: /must be a finite number/, value: 'Infinity' },
  { id: '.nan port', text: (y) => y.replace(/port: 5432/, 'port: .nan'), field: 'database.port', rule: /must be a finite number/, value: 'NaN' },
  { id: '.inf in values', text: (y) => y.replace(/^application:\n/m, 'application:\n  values: { limit: -.inf }\n'), field: 'application.values.limit', rule: /must be a finite number/ },
  { id: 'binary garbage', text: () => '\u0000\u0001\u0002\u0003', field: '(file)', rule: /contains a NUL byte \(U\+0000\), the first at line 1, column 1:/ },
  { id: 'control characters without a NUL', text: () => '\u0001\u0002\u0003', field: '(file)', rule: /is not valid YAML/ },
  // A NUL is refused before parsing (yaml would read it as part of a value), at its real line and column.
  { id: 'a NUL byte inside the domain', text: (y) => y.replace('domain: codecanvas.example.com', 'domain: codecanvas.ex\u0000ample.com'), field: '(file)', rule: /a NUL byte \(U\+0000\), the first at line \d+, column 22: a config is text/ },
  { id: 'NUL bytes of a UTF-16 file', text: (y) => y.split('').join('\u0000'), field: '(file)', rule: /contains \d+ NUL bytes \(U\+0000\), the first at line 1, column 2:/ },

  // --- Required fields
  ...['licenseAgreementAccepted', 'namespace', 'domain', 'ingress', 'workloadIdentity', 'database', 'objectStorage', 'localAdministrator'].map(
    (field): Case => ({ id: `missing ${field}`, edit: (c) => delete c[field], field, rule: /is required|must be true/ }),
  ),
  ...[
    ['ingress', 'className'],
    ['ingress', 'clusterIssuer'],
    ['workloadIdentity', 'clientId'],
    ['workloadIdentity', 'serviceAccountName'],
    ['database', 'host'],
    ['database', 'name'],
    ['database', 'username'],
    ['objectStorage', 'accountName'],
    ['objectStorage', 'container'],
    ['localAdministrator', 'email'],
    ['secrets', 'keyVault'],
  ].map(([section, field]): Case => ({ id: `missing ${section}.${field}`, edit: (c) => delete c[section][field], field: `${section}.${field}`, rule: /is required/ })),
  { id: 'missing cluster name', edit: (c) => delete cluster(c).name, field: 'devEnvironmentClusters[0].name', rule: /is required/ },
  { id: 'missing keyVault.vaultUrl', edit: (c) => delete c.secrets.keyVault.vaultUrl, field: 'secrets.keyVault.vaultUrl', rule: /is required/ },
  { id: 'missing sealedSecrets', base: 'sealed', edit: (c) => delete c.secrets.sealedSecrets, field: 'secrets.sealedSecrets', rule: /is required when secrets.source is sealedSecrets/ },

  // --- A number or boolean where a string is expected: say to quote it
  ...[
    ['application.chart.version', 2025.1],
    ['namespace', 123],
    ['domain', 1.5],
    ['database.host', 10],
    ['database.name', 2024],
    ['database.username', 7],
    ['objectStorage.accountName', 12345],
    ['objectStorage.container', 999],
    ['workloadIdentity.serviceAccountName', 1],
    ['ingress.className', 0],
    ['localAdministrator.username', 42],
    ['localAdministrator.firstName', true],
    ['devEnvironmentClusters.0.name', 1],
    ['devEnvironmentClusters.0.jump.instanceId', 123456],
    ['devEnvironmentClusters.0.relay.chart.version', 2025.2],
    ['secrets.keyVault.vaultUrl', false],
  ].map(([field, value]): Case => ({
    id: `${field}: ${value} (unquoted)`,
    edit: (c) => set(c, field as string, value),
    field: display(field as string),
    rule: new RegExp(`must be a string: YAML reads the unquoted ${String(value).replace('.', '\\.')} as a (number|boolean); quote it`),
    value: String(value),
  })),

  // --- The wrong kind of node; zod's words never leak
  { id: 'application.values is a string', edit: (c) => (c.application.values = 'replicas: 3'), field: 'application.values', rule: /must be a mapping of keys to values/, value: '"replicas: 3"' },
  { id: 'application.values is a list', edit: (c) => (c.application.values = [1, 2]), field: 'application.values', rule: /must be a mapping of keys to values/, value: 'a list' },
  { id: 'relay.values is a number', edit: (c) => (cluster(c).relay.values = 3), field: 'devEnvironmentClusters[0].relay.values', rule: /must be a mapping of keys to values/, value: '3' },
  { id: 'ingress is a string', edit: (c) => (c.ingress = 'nginx'), field: 'ingress', rule: /must be a mapping of field names to values/, value: '"nginx"' },
  { id: 'database is a list', edit: (c) => (c.database = ['pg']), field: 'database', rule: /must be a mapping of field names/, value: 'a list' },
  { id: 'devEnvironmentClusters is a mapping', edit: (c) => (c.devEnvironmentClusters = { name: 'x' }), field: 'devEnvironmentClusters', rule: /must be a list/, value: 'an object' },
  { id: 'storageClasses is a string', edit: (c) => (cluster(c).storageClasses = 'fast'), field: 'devEnvironmentClusters[0].storageClasses', rule: /must be a list/, value: '"fast"' },
  { id: 'a cluster is a string', edit: (c) => (c.devEnvironmentClusters = ['dev']), field: 'devEnvironmentClusters[0]', rule: /must be a mapping of field names/, value: '"dev"' },
  { id: 'port is a string', edit: (c) => (c.database.port = '5432'), field: 'database.port', rule: /must be a number/, value: '"5432"' },
  { id: 'replicas is a string', edit: (c) => (c.application.replicas = 'two'), field: 'application.replicas', rule: /must be a number/, value: '"two"' },
  { id: 'relay.enabled is a string', edit: (c) => (cluster(c).relay.enabled = 'yes'), field: 'devEnvironmentClusters[0].relay.enabled', rule: /must be a boolean/, value: '"yes"' },
  { id: 'an empty value (null) for database.host', text: (y) => y.replace(/^  host: .*$/m, '  host:'), field: 'database.host', rule: /must be a string: the field is empty .*give a value or remove the field/, value: 'null' },
  { id: 'an empty value (null) for ingress', text: (y) => y.replace(/^ingress:\n(  .*\n)+/m, 'ingress:\n'), field: 'ingress', rule: /must be a mapping of field names to values: the field is empty/ },
  { id: 'licenseAgreementAccepted false', edit: (c) => (c.licenseAgreementAccepted = false), field: 'licenseAgreementAccepted', rule: /must be true/, value: 'false' },
  { id: 'licenseAgreementAccepted "true"', edit: (c) => (c.licenseAgreementAccepted = 'true'), field: 'licenseAgreementAccepted', rule: /must be true/, value: '"true"' },

  // --- Unknown fields
  { id: 'typo at the root', edit: (c) => (c.namepsace = 'x'), field: 'namepsace', rule: /is not a known field/ },
  { id: 'typo in database', edit: (c) => (c.database.hostname = 'pg'), field: 'database.hostname', rule: /is not a known field/ },
  { id: 'typo in a cluster', edit: (c) => (cluster(c).nmae = 'x'), field: 'devEnvironmentClusters[0].nmae', rule: /is not a known field/ },
  { id: 'typo in relay', edit: (c) => (cluster(c).relay.jwtPublickey = 'x'), field: 'devEnvironmentClusters[0].relay.jwtPublickey', rule: /is not a known field/ },
  { id: 'typo in secrets', edit: (c) => (c.secrets.allowPlainTextSecrets = true), field: 'secrets.allowPlainTextSecrets', rule: /is not a known field/ },

  // --- Private keys anywhere, and public keys that are not the right key
  ...(
    [
      ['SEC1 EC private key in relay.jwtPublicKey', 'devEnvironmentClusters.0.relay.jwtPublicKey', EC_SEC1],
      ['PKCS#8 private key in relay.jwtPublicKey', 'devEnvironmentClusters.0.relay.jwtPublicKey', EC_PKCS8],
      ['RSA private key in relay.jwtPublicKey', 'devEnvironmentClusters.0.relay.jwtPublicKey', RSA_PKCS1],
      ['encrypted private key in relay.jwtPublicKey', 'devEnvironmentClusters.0.relay.jwtPublicKey', ENCRYPTED],
      ['OpenSSH private key in jump.instanceId', 'devEnvironmentClusters.0.jump.instanceId', OPENSSH],
      ['private key in application.values', 'application.values.extra.key', EC_PKCS8],
      ['private key in relay.values', 'devEnvironmentClusters.0.relay.values.whatever', ED_PKCS8],
      ['private key in a list in values', 'application.values.extraEnv', [{ name: 'K', value: RSA_PKCS1 }]],
      ['private key in database.username', 'database.username', EC_SEC1],
      ['private key in localAdministrator.lastName', 'localAdministrator.lastName', OPENSSH],
      ['private key in an unknown field', 'notes', EC_PKCS8],
    ] as const
  ).map(([id, field, value]): Case => ({
    id,
    edit: (c) => set(c, field, value),
    field: display(Array.isArray(value) ? `${field}.0.value` : field),
    rule: /holds a private key, which must not be in a config file.*secret source/,
  })),
  ...(
    [
      ['relay.jwtPublicKey is not a key', 'hello world', /not a single PEM "PUBLIC KEY" block/],
      ['relay.jwtPublicKey is truncated', TRUNCATED, /cannot parse it/],
      ['relay.jwtPublicKey is an RSA key', RSA_PUBLIC, /it is a key of type rsa/],
      ['relay.jwtPublicKey is on P-384', P384_PUBLIC, /curve secp384r1/],
      ['relay.jwtPublicKey is a certificate', CERT_TEXT, /not a single PEM "PUBLIC KEY" block/],
      ['relay.jwtPublicKey is two keys', `${P256_PUBLIC}${P256_PUBLIC}`, /cannot parse it|single PEM/],
      ['relay.jwtPublicKey is empty', '', /not a single PEM/],
      ['relay.jwtPublicKey is bare Base64', P256_PUBLIC.split('\n').slice(1, -2).join(''), /not a single PEM/],
    ] as const
  ).map(([id, value, rule]): Case => ({
    id,
    edit: (c) => (cluster(c).relay.jwtPublicKey = value),
    field: 'devEnvironmentClusters[0].relay.jwtPublicKey',
    rule: new RegExp(`EC prime256v1 \\(P-256\\) public key.*${rule.source}`),
  })),

  // --- Known secrets of the charts in free-form values (no opt-in)
  ...(
    [
      ['application', 'application.secret.codecanvas.masterSecret', /secrets\.names\.masterSecret/],
      ['application', 'application.secret.codecanvas.localAdministrator.password', /localAdministrator\.setPassword/],
      ['application', 'application.secret.postgresql.password', /secrets\.names\.databasePassword/],
      ['application', 'application.secret.redis.password', /secret source \(a Key Vault secret/],
      ['application', 'application.secret.objectStorage.accountKey', /objectStorage\.auth: accountKey/],
      ['application', 'application.secret.objectStorage.secretKey', /secret source/],
      ['application', 'application.secret.objectStorage.accessKey', /secret source/],
      ['application', 'application.secret.codecanvas.relay.jwtPrivateKey', /keys/],
      ['application', 'application.secret.codecanvas.relay.oauth.accessToken.rsa.private', /secret source/],
      ['application', 'application.secret.codecanvas.computeService.oauth.clientSecret', /secret source/],
      ['application', 'application.secret.codecanvas.webhookKey', /secret source/],
      ['application', 'application.envs.CODECANVAS_MASTER_SECRET', /secrets\.names\.masterSecret/],
      ['jump', 'application.secret.jump.JUMP_JWT_PRIVATE_KEY', /keys/],
      ['jump', 'application.secret.jump.JUMP_SSH_HOST_KEY', /keys/],
      ['operator', 'operator.secret.jwtPrivateKey', /keys/],
      ['operator', 'operator.secret.operatorToken', /keys/],
      ['relay', 'application.secret.password', /secret source/],
    ] as const
  ).map(([release, key, alternative]): Case => {
    const prefix = release === 'application' ? 'application.values' : `devEnvironmentClusters.0.${release}.values`;
    return {
      id: `${release} values set ${key}`,
      edit: (c) => set(c, `${prefix}.${key}`, 'not-a-real-secret-but-looks-like-one'),
      field: display(`${prefix}.${key}`),
      rule: new RegExp(`is a secret the chart reads.*${alternative.source}.*allowPlaintextSecrets`),
    };
  }),

  // --- Values Azure or Kubernetes refuse later
  ...REFUSED_KEY_VAULT_URLS.map((url): Case => ({
    id: `vaultUrl ${url}`,
    edit: (c) => (c.secrets.keyVault.vaultUrl = url),
    field: 'secrets.keyVault.vaultUrl',
    rule: /Key Vault URL|Azure Key Vault name/,
    value: JSON.stringify(url),
  })),
  // --- Credentials in URL-typed and host-typed fields: refused, and the message masks them
  ...(
    [
      ['gitops.repoURL', `https://user:${TOKEN}@git.example.com/r.git`, 'https://***@git.example.com/r.git', /must not carry credentials: it has a user name and password before "@".*repository Secret/],
      ['gitops.repoURL', `https://${GH_TOKEN}@github.com/acme/platform.git`, 'https://***@github.com/acme/platform.git', /must not carry credentials: it has a user name or token before "@"/],
      ['gitops.repoURL', `https://oauth2@git.example.com/r.git`, 'https://***@git.example.com/r.git', /a user name or token before "@"/],
      ['gitops.repoURL', `https://gitlab.example.com/acme/r.git?private_token=${GL_TOKEN}`, 'https://gitlab.example.com/acme/r.git?private_token=***', /its query has private_token=/],
      ['gitops.repoURL', `ssh://git:${TOKEN}@git.example.com/acme/r.git`, 'ssh://***@git.example.com/acme/r.git', /a user name and password before "@"/],
      ['gitops.repoURL', `ssh://${GH_TOKEN}@github.com/acme/r.git`, 'ssh://***@github.com/acme/r.git', /a token as user name/],
      ['gitops.repoURL', `https://github.com/acme/r.git#${TOKEN}`, undefined, /must not have a fragment/],
      ['gitops.repoURL', `https://github.com/acme/r.git?access_token=${TOKEN}`, 'https://github.com/acme/r.git?access_token=***', /its query has access_token=/],
      ['delivery.argocd.destinationServer', `https://admin:${TOKEN}@k8s.example.com`, 'https://***@k8s.example.com', /must not carry credentials.*cluster Secret/],
      ['delivery.argocd.destinationServer', `https://k8s.example.com/?token=${TOKEN}`, 'https://k8s.example.com/?token=***', /its query has token=/],
      ['devEnvironmentClusters.0.argocdDestinationServer', `https://admin:${TOKEN}@dev.k8s.example.com`, 'https://***@dev.k8s.example.com', /must not carry credentials.*cluster Secret/],
      ['devEnvironmentClusters.0.argocdDestinationServer', `https://dev.k8s.example.com:6443?bearer=x&token=${TOKEN}`, 'token=***', /its query has token=/],
      ['devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.k8s.example.com:6443?cluster=dev', '?cluster=dev', /must not have a query/],
      ['objectStorage.endpoint', `https://codecanvasdata.blob.core.windows.net/?sv=2022-11-02&ss=b&srt=co&sp=rwdl&sig=${SAS_SIG}`, undefined, /its query has sig=.*secret source/],
      ['objectStorage.endpoint', `https://codecanvasdata:${TOKEN}@blob.example.com/`, 'https://***@blob.example.com/', /user name and password/],
      ['objectStorage.endpoint', `https://codecanvasdata.blob.core.windows.net/#${TOKEN}`, undefined, /must not have a fragment/],
      ['secrets.keyVault.vaultUrl', `https://user:${TOKEN}@codecanvas-kv.vault.azure.net/`, 'https://***@codecanvas-kv.vault.azure.net/', /must not carry credentials.*Workload Identity/],
      ['secrets.keyVault.vaultUrl', 'https://user@codecanvas-kv.vault.azure.net/', 'https://***@codecanvas-kv.vault.azure.net/', /a user name or token before "@"/],
      ['secrets.keyVault.vaultUrl', 'https://codecanvas-kv.vault.azure.net/?x=1', '?x=1', /must not have a query/],
      ['database.host', `codecanvas:${TOKEN}@pg.example.com`, '***@pg.example.com', /must not carry credentials.*database\.username.*secrets\.names\.databasePassword/],
      ['database.host', `postgres://codecanvas:${TOKEN}@pg.example.com`, 'postgres://***@pg.example.com', /must not carry credentials/],
      ['database.host', `pg.example.com?password=${TOKEN}`, 'password=***', /its query has password=/],
      ['application.chart.repository', `oci://robot:${TOKEN}@registry.example.com/charts`, 'oci://***@registry.example.com/charts', /must not carry credentials.*helm registry login/],
      ['devEnvironmentClusters.0.relay.chart.repository', `oci://${GH_TOKEN}@ghcr.io/acme/charts`, 'oci://***@ghcr.io/acme/charts', /must not carry credentials/],
      ['devEnvironmentClusters.0.jump.chart.repository', `oci://registry.example.com/charts?token=${TOKEN}`, 'token=***', /its query has token=/],
      ['devEnvironmentClusters.0.operator.chart.repository', `oci://u:${TOKEN}@registry.example.com/charts`, 'oci://***@registry.example.com/charts', /must not carry credentials/],
      ['$schema', `https://u:${TOKEN}@schemas.example.com/codecanvas.schema.json`, 'https://***@schemas.example.com', /must not carry credentials/],
    ] as const
  ).map(([field, url, shown, rule]): Case => ({
    id: `credentials in ${field}: ${url.replace(/Leak7\w*/, '<secret>')}`,
    edit: (c) => set(c, field, url),
    field: display(field),
    rule,
    value: shown,
  })),
  // --- Secrets in chart values by key name and by shape (no opt-in); never echoed
  ...(
    [
      ['application.values.postgresql.auth.postgresPassword', TOKEN, /sits under a key that names a secret \("postgresPassword"\).*allowPlaintextSecrets/],
      ['application.values.externalRedis.redisPassword', 123456, /sits under a key that names a secret/],
      ['application.values.smtp.apiKey', TOKEN, /sits under a key that names a secret \("apiKey"\)/],
      ['application.values.oauth.cookieSecret', TOKEN, /names a secret \("cookieSecret"\)/],
      ['application.values.extraEnvVarsSecret', `Not_A_Name:${TOKEN}`, /names a secret \("extraEnvVarsSecret"\)/],
      ['application.values.storage.connection', `DefaultEndpointsProtocol=https;AccountName=codecanvasdata;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`, /looks like a secret \(a secret in a name=value pair/],
      ['application.values.storage.url', `https://codecanvasdata.blob.core.windows.net/c?sv=2022-11-02&sig=${SAS_SIG}`, /looks like a secret/],
      ['application.values.bus.connection', `Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${ACCOUNT_KEY}`, /looks like a secret/],
      ['application.values.sso.note', JWT, /looks like a secret \(a JSON Web Token\)/],
      ['application.values.ci.note', GH_TOKEN, /looks like a secret \(an access token \(by its prefix\)\)/],
      ['devEnvironmentClusters.0.relay.values.notify.hook', SLACK, /looks like a secret \(an access token/],
      ['devEnvironmentClusters.0.jump.values.mirror', `https://mirror:${TOKEN}@mirror.example.com/`, /looks like a secret \(credentials in a URL/],
      ['application.values.database.dsn', `postgres://codecanvas:${TOKEN}@pg.example.com/codecanvas`, /looks like a secret \(credentials in a URL/],
      ['application.values.args', [`--password=${TOKEN}`], /looks like a secret/],
      ['application.values.envs.AWS', `AKIALEAK7ABCDEFGHIJK`, /looks like a secret \(an AWS access key ID\)/],
    ] as const
  ).map(([field, value, rule]): Case => ({
    id: `secret in chart values: ${field}`,
    edit: (c) => set(c, field, value),
    field: display(Array.isArray(value) ? `${field}.0` : field),
    rule,
  })),
  {
    id: 'secret in chart values: an env entry named like a password',
    edit: (c) => set(c, 'application.values.application.extraEnv', [{ name: 'SMTP_PASSWORD', value: TOKEN }]),
    field: 'application.values.application.extraEnv[0].value',
    rule: /is the value of the environment variable SMTP_PASSWORD, which names a secret.*secretKeyRef.*allowPlaintextSecrets/,
  },
  // --- A secret pasted into a plain text field
  { id: 'a JWT as jump.instanceId', edit: (c) => (cluster(c).jump.instanceId = JWT), field: 'devEnvironmentClusters[0].jump.instanceId', rule: /looks like a secret \(a JSON Web Token\), which must not be in a config file/ },
  { id: 'a GitLab token as operator.instanceId', edit: (c) => (cluster(c).operator.instanceId = GL_TOKEN), field: 'devEnvironmentClusters[0].operator.instanceId', rule: /looks like a secret \(an access token/, value: '"glpat-***"' },
  { id: 'a password in an unknown field', edit: (c) => (c.notes = `DB_PASSWORD=${TOKEN}`), field: 'notes', rule: /is not a known field/, value: '"DB_PASSWORD=***"' },
  ...[
    'postgres://pg.example.com',
    'pg.example.com:5432',
    'pg example.com',
    'pg.example.com/codecanvas',
    'pg_host.example.com',
    'https://pg.example.com/',
    '-pg.example.com',
    'user@pg.example.com',
    '',
  ].map((host): Case => ({
    id: `database.host ${JSON.stringify(host)}`,
    edit: (c) => (c.database.host = host),
    field: 'database.host',
    rule: /must be a host name or IP address only/,
    value: JSON.stringify(host),
  })),
  ...(
    [
      ['application.chart.version', 'latest'],
      ['application.chart.version', '2025.1.2.3'],
      ['application.chart.version', ''],
      ['application.chart.version', '>=2025.1'],
      ['devEnvironmentClusters.0.relay.chart.version', 'latest'],
      ['devEnvironmentClusters.0.jump.chart.version', 'stable'],
      ['devEnvironmentClusters.0.operator.chart.version', '01.2.3'],
    ] as const
  ).map(([field, version]): Case => ({
    id: `${field} ${JSON.stringify(version)}`,
    edit: (c) => set(c, field, version),
    field: display(field),
    rule: /must be a SemVer chart version/,
    value: JSON.stringify(version),
  })),
  ...(
    [
      ['application.releaseName', 'c'.repeat(54)],
      ['devEnvironmentClusters.0.relay.releaseName', 'r'.repeat(60)],
      ['devEnvironmentClusters.0.operator.releaseName', 'Operator'],
      ['application.releaseName', 'code_canvas'],
    ] as const
  ).map(([field, name]): Case => ({
    id: `${field} ${name.length > 20 ? `${name.length} characters` : name}`,
    edit: (c) => set(c, field, name),
    field: display(field),
    rule: /must be a Helm release name: a DNS-1123 label of at most 53 characters/,
  })),
  {
    id: 'domain so long that computeservice.<domain> exceeds 253',
    edit: (c) => (c.domain = `${Array(4).fill('a'.repeat(60)).join('.')}.com`),
    field: 'domain',
    rule: /computeservice\.<domain> must stay within DNS's 253 characters/,
  },
  {
    id: 'second cluster name making gateway-<name> over 63',
    edit: (c) => secondCluster(c, { name: `dev-${'x'.repeat(56)}` }),
    field: 'devEnvironmentClusters[1].name',
    rule: /gateway-<name> 68 characters long \(DNS allows 63\): use at most 55 characters/,
  },
  {
    id: 'database.secretName equal to objectStorage.secretName',
    edit: (c) => (c.database.secretName = 'codecanvas-objectstorage-secret-ext'),
    field: 'objectStorage.secretName',
    rule: /is also database\.secretName: two Secrets in one namespace need different names/,
    value: '"codecanvas-objectstorage-secret-ext"',
  },
  {
    id: 'objectStorage.secretName equal to database.secretName',
    edit: (c) => (c.objectStorage.secretName = 'codecanvas-db-secret-ext'),
    field: 'objectStorage.secretName',
    rule: /two Secrets in one namespace/,
  },
  {
    id: 'database.secretName is the chart-values Secret',
    edit: (c) => (c.database.secretName = 'codecanvas-chart-values'),
    field: 'database.secretName',
    rule: /carries the chart's secret values/,
  },
  {
    id: 'second cluster relay.hostname equal to the domain',
    edit: (c) => secondCluster(c, { relay: { enabled: true, hostname: c.domain } }),
    field: 'devEnvironmentClusters[1].relay.hostname',
    rule: /is already the host of domain/,
  },
  {
    id: 'second cluster relay.hostname equal to computeservice.<domain>',
    edit: (c) => secondCluster(c, { relay: { enabled: true, hostname: `computeservice.${c.domain}` } }),
    field: 'devEnvironmentClusters[1].relay.hostname',
    rule: /is already the host of domain \(computeservice/,
  },
  {
    id: 'second cluster relay.hostname equal to the first cluster relay host',
    edit: (c) => secondCluster(c, { relay: { enabled: true, hostname: `gateway.${c.domain}` } }),
    field: 'devEnvironmentClusters[1].relay.hostname',
    rule: /is already the host of devEnvironmentClusters\[0\]\.relay\.hostname/,
  },
  {
    id: 'cluster name with a leading digit (env source)',
    base: 'helm',
    edit: (c) => (cluster(c).name = '1dev'),
    field: 'devEnvironmentClusters[0].name',
    rule: /starts with a digit.*cannot be exported by a shell/,
    value: '"1dev"',
  },
  {
    id: 'cluster name with a leading digit (sealed source)',
    base: 'sealed',
    edit: (c) => (cluster(c).name = '9north'),
    field: 'devEnvironmentClusters[0].name',
    rule: /starts with a digit/,
  },

  // --- Shell syntax in what goes into install.sh (helm delivery)
  ...[
    'oci://registry.example.com/charts$(touch${IFS}/tmp/x)',
    'oci://registry.example.com/charts`id`',
    "oci://registry.example.com/charts'; rm -rf ~; '",
    'oci://registry.example.com/charts"x"',
    'oci://registry.example.com/charts; id',
    'oci://registry.example.com/charts && id',
    'oci://registry.example.com/charts|id',
    'oci://registry.example.com/charts/',
    'oci://registry.example.com/my charts',
    'oci://registry.example.com/charts#x',
    'oci://$HOST/charts',
    'oci://registry.example.com/../../etc',
    'https://registry.example.com/charts',
    'oci://registry.example.com/Charts',
  ].map((repository): Case => ({
    id: `helm delivery, chart repository ${JSON.stringify(repository)}`,
    base: 'helm',
    edit: (c) => set(c, 'application.chart.repository', repository),
    field: 'application.chart.repository',
    rule: /must be an OCI repository URL oci:\/\/host\[:port\]\/path/,
  })),
  {
    id: 'helm delivery, relay chart repository with $()',
    base: 'helm',
    edit: (c) => set(c, 'devEnvironmentClusters.0.relay.chart.repository', 'oci://r.example.com/c$(id)'),
    field: 'devEnvironmentClusters[0].relay.chart.repository',
    rule: /must be an OCI repository URL/,
  },
  {
    id: 'helm delivery, chart name with shell syntax',
    base: 'helm',
    edit: (c) => set(c, 'application.chart.name', 'codecanvas;id'),
    field: 'application.chart.name',
    rule: /DNS-1123 label/,
  },
  {
    id: 'helm delivery, chart version with shell syntax',
    base: 'helm',
    edit: (c) => set(c, 'application.chart.version', '1.0.0$(id)'),
    field: 'application.chart.version',
    rule: /SemVer/,
  },

  // --- Other rules (one defect each)
  { id: 'port 0', edit: (c) => (c.database.port = 0), field: 'database.port', rule: /between 1 and 65535/, value: '0' },
  { id: 'port 70000', edit: (c) => (c.database.port = 70000), field: 'database.port', rule: /between 1 and 65535/, value: '70000' },
  { id: 'port 5432.5', edit: (c) => (c.database.port = 5432.5), field: 'database.port', rule: /integer/, value: '5432.5' },
  { id: 'replicas 0', edit: (c) => (c.application.replicas = 0), field: 'application.replicas', rule: /integer >= 1/, value: '0' },
  { id: 'replicas -1', edit: (c) => (c.application.replicas = -1), field: 'application.replicas', rule: /integer >= 1/, value: '-1' },
  { id: 'sslMode bogus', edit: (c) => (c.database.sslMode = 'always'), field: 'database.sslMode', rule: /must be one of "disable"/, value: '"always"' },
  { id: 'delivery mode bogus', edit: (c) => (c.delivery.mode = 'kustomize'), field: 'delivery.mode', rule: /must be one of "argocd", "helm", "flux", "k3s"/, value: '"kustomize"' },
  { id: 'secrets.source bogus', edit: (c) => (c.secrets.source = 'vault'), field: 'secrets.source', rule: /must be one of/, value: '"vault"' },
  { id: 'disk sku bogus', edit: (c) => (cluster(c).storageClasses[0].skuName = 'Premium_XYZ'), field: 'devEnvironmentClusters[0].storageClasses[0].skuName', rule: /Azure Disk SKU/, value: '"Premium_XYZ"' },
  { id: 'reclaimPolicy bogus', edit: (c) => (cluster(c).storageClasses[0].reclaimPolicy = 'Recycle'), field: 'devEnvironmentClusters[0].storageClasses[0].reclaimPolicy', rule: /must be one of "Delete", "Retain"/ },
  { id: 'namespace uppercase', edit: (c) => (c.namespace = 'CodeCanvas'), field: 'namespace', rule: /DNS-1123 label/, value: '"CodeCanvas"' },
  { id: 'namespace too long', edit: (c) => (c.namespace = 'n'.repeat(64)), field: 'namespace', rule: /at most 63 characters/ },
  { id: 'namespace with a dot', edit: (c) => (c.namespace = 'code.canvas'), field: 'namespace', rule: /DNS-1123 label/ },
  { id: 'domain with scheme', edit: (c) => (c.domain = 'https://codecanvas.example.com'), field: 'domain', rule: /fully qualified DNS name/ },
  { id: 'domain single label', edit: (c) => (c.domain = 'localhost'), field: 'domain', rule: /fully qualified DNS name/, value: '"localhost"' },
  { id: 'domain uppercase', edit: (c) => (c.domain = 'CodeCanvas.example.com'), field: 'domain', rule: /lowercase/ },
  { id: 'domain wildcard', edit: (c) => (c.domain = '*.example.com'), field: 'domain', rule: /fully qualified DNS name/ },
  { id: 'clientId not a GUID', edit: (c) => (c.workloadIdentity.clientId = 'my-identity'), field: 'workloadIdentity.clientId', rule: /must be a GUID/, value: '"my-identity"' },
  { id: 'admin e-mail invalid', edit: (c) => (c.localAdministrator.email = 'admin'), field: 'localAdministrator.email', rule: /e-mail address/, value: '"admin"' },
  { id: 'letsEncrypt e-mail invalid', edit: (c) => (c.ingress.letsEncrypt.email = 'a@b'), field: 'ingress.letsEncrypt.email', rule: /e-mail address/ },
  { id: 'storage account uppercase', edit: (c) => (c.objectStorage.accountName = 'CodeCanvasData'), field: 'objectStorage.accountName', rule: /Azure storage account name/ },
  { id: 'container with double hyphen', edit: (c) => (c.objectStorage.container = 'code--canvas'), field: 'objectStorage.container', rule: /Azure container name/ },
  { id: 'objectStorage.auth bogus', edit: (c) => (c.objectStorage.auth = 'sas'), field: 'objectStorage.auth', rule: /must be one of "workloadIdentity", "accountKey"/ },
  { id: 'duplicate cluster names', edit: (c) => c.devEnvironmentClusters.push({ name: cluster(c).name }), field: 'devEnvironmentClusters[1].name', rule: /cluster names must be unique/ },
  { id: 'reserved cluster name', edit: (c) => (cluster(c).name = 'application'), field: 'devEnvironmentClusters[0].name', rule: /is reserved for the output layout/ },
  // Found by the property test (FC_SEED=489983853): the constructs library took a Chart named `constructor` for a duplicate and synth crashed.
  { id: 'cluster named like a built-in object property', edit: (c) => (cluster(c).name = 'constructor'), field: 'devEnvironmentClusters[0].name', rule: /cannot hold a child named like a built-in property/ },
  { id: 'duplicate StorageClass names', edit: (c) => (cluster(c).storageClasses[1].name = 'codecanvas-storage'), field: 'devEnvironmentClusters[0].storageClasses[1].name', rule: /names must be unique/ },
  { id: 'empty storageClasses', edit: (c) => (cluster(c).storageClasses = []), field: 'devEnvironmentClusters[0].storageClasses', rule: /at least one StorageClass/ },
  { id: 'argocd destinationServer http', edit: (c) => (c.delivery.argocd = { destinationServer: 'http://kubernetes.default.svc' }), field: 'delivery.argocd.destinationServer', rule: /https:\/\/ URL/ },
  { id: 'flux interval bogus', base: 'sealed', edit: (c) => (c.delivery.flux.interval = '10 minutes'), field: 'delivery.flux.interval', rule: /Go duration/, value: '"10 minutes"' },
  { id: 'keyVault refreshInterval bogus', edit: (c) => (c.secrets.keyVault.refreshInterval = '1d'), field: 'secrets.keyVault.refreshInterval', rule: /Go duration/, value: '"1d"' },
  { id: 'secret name override invalid for Key Vault', edit: (c) => (c.secrets.names = { databasePassword: 'db_password' }), field: 'secrets.names.databasePassword', rule: /Key Vault secret name/ },
  { id: 'secret name override invalid env var', base: 'helm', edit: (c) => (c.secrets.names = { databasePassword: '1DB' }), field: 'secrets.names.databasePassword', rule: /environment variable name/ },
  { id: 'placeholder left in', edit: (c) => (c.database.host = 'CODECANVAS_DB_HOST_PLACEHOLDER'), field: 'database.host', rule: /still contains "_PLACEHOLDER"/ },
  { id: 'relay hostname with scheme', edit: (c) => (cluster(c).relay.hostname = 'https://gateway.example.com'), field: 'devEnvironmentClusters[0].relay.hostname', rule: /fully qualified DNS name/ },

  // --- Keys that are not data, keys that hide a character, values YAML changed
  { id: 'constructor key in application.values', edit: (c) => (c.application.values = { constructor: { a: 1 } }), field: 'application.values.constructor', rule: /must not be used as a key: cdk8s reads "constructor"/ },
  { id: 'constructor key at the root', edit: (c) => ((c as any).constructor = 1), field: 'constructor', rule: /must not be used as a key/ },
  { id: '__proto__ key in relay values', text: (y) => y.replace(/^ {4}relay:\n/m, '    relay:\n      values:\n        __proto__: { polluted: true }\n'), field: 'devEnvironmentClusters[0].relay.values.__proto__', rule: /JavaScript reads __proto__ as the object's prototype/ },
  { id: 'a zero-width space in a key', text: (y) => y.replace(/^namespace:/m, 'n\u200bamespace:'), field: '"n\\u200bamespace"', rule: /U\+200B ZERO WIDTH SPACE \(invisible\); did you mean namespace\?/ },
  { id: 'a Cyrillic a in a nested key', text: (y) => y.replace(/^ {2}accountName:/m, '  \u0430ccountName:'), field: 'objectStorage."\\u0430ccountName"', rule: /U\+0430 CYRILLIC SMALL LETTER A \(looks like "a"\); did you mean accountName\?/ },
  { id: 'a right-to-left override in a cluster key', text: (y) => y.replace(/^ {4}namespace: codecanvas-devenv/m, '    name\u202espace: codecanvas-devenv'), field: 'devEnvironmentClusters[0]."name\\u202espace"', rule: /U\+202E RIGHT-TO-LEFT OVERRIDE \(invisible\); did you mean namespace\?/ },
  { id: 'a typo in a key', edit: (c) => ((c.databse = c.database), delete c.database), field: 'databse', rule: /is not a known field; did you mean database\?/ },
  { id: 'version 2025.10 unquoted', text: (y) => y.replace('version: 2025.1.2', 'version: 2025.10'), field: 'application.chart.version', rule: /YAML reads the unquoted 2025\.10 as the number 2025\.1, which is not what you wrote; quote it \("2025\.10"\)/ },
  { id: 'an instance ID of 0123 unquoted', text: (y) => y.replace('instanceId: jump-dev-westeurope', 'instanceId: 0123'), field: 'devEnvironmentClusters[0].jump.instanceId', rule: /YAML reads the unquoted 0123 as the number 123, which is not what you wrote; quote it \("0123"\)/ },
  { id: 'True as a string field', text: (y) => y.replace('username: admin', 'username: True'), field: 'localAdministrator.username', rule: /YAML reads the unquoted True as the boolean true, which is not what you wrote; quote it \("True"\)/ },
  // --- Found at synth time once, now config rules (reported with every other problem)
  { id: 'operator autoscaling min above max', edit: (c) => (cluster(c).operator.autoscaling = { minReplicas: 5, maxReplicas: 2 }), field: 'devEnvironmentClusters[0].operator.autoscaling.maxReplicas', rule: /must be at least minReplicas \(5\)/, value: '2' },
  { id: 'operator autoscaling min above the default max', edit: (c) => (cluster(c).operator.autoscaling = { minReplicas: 4 }), field: 'devEnvironmentClusters[0].operator.autoscaling.maxReplicas', rule: /must be at least minReplicas \(4\); maxReplicas is 3 when not set/, value: '3' },
  { id: 'relay without its public key', edit: (c) => delete cluster(c).relay.jwtPublicKey, field: 'devEnvironmentClusters[0].relay.jwtPublicKey', rule: /is required when the relay is enabled/ },
  {
    id: 'two hub Applications with one name',
    edit: (c) => {
      cluster(c).argocdDestinationServer = 'https://dev.example.com:443';
      c.devEnvironmentClusters.push({ name: 'dev-westeurope-x', argocdDestinationServer: 'https://x.example.com:443', relay: { enabled: true, hostname: 'relay-x.codecanvas.example.com', jwtPublicKey: P256_PUBLIC } });
      cluster(c).relay.releaseName = 'x-codecanvas-relay';
    },
    // The second cluster's relay keeps its default release name: the cluster's name is what makes the clash.
    field: 'devEnvironmentClusters[1].name',
    value: '"dev-westeurope-x"',
    rule: /makes the Argo CD Application name "dev-westeurope-x-codecanvas-relay" \(the relay of cluster dev-westeurope-x\), which the relay of cluster dev-westeurope already has \(devEnvironmentClusters\[0\]\.relay\.releaseName\)/,
  },
  { id: 'the application release named like a bootstrap Application', edit: (c) => (c.application.releaseName = 'codecanvas-bootstrap'), field: 'application.releaseName', rule: /Application name "codecanvas-bootstrap" \(the application release\), which the bootstrap already has \(gitops\)/, value: '"codecanvas-bootstrap"' },
  // --- Found at synth time (construct validation): still name the config file
  { id: 'env source without the plaintext opt-in', base: 'helm', edit: (c) => delete c.secrets.allowPlaintextSecrets, field: 'secrets.allowPlaintextSecrets', rule: /allowPlaintextSecrets/ },
  { id: 'env source, database password not set', base: 'helm', env: { ...BASE_ENV.helm, CODECANVAS_DB_PASSWORD: undefined }, field: 'CODECANVAS_DB_PASSWORD', rule: /is not set/ },
  { id: 'env source, master secret too short', base: 'helm', env: { ...BASE_ENV.helm, CODECANVAS_MASTER_SECRET: 'c2hvcnQ=' }, field: 'masterSecret', rule: /at least 32 bytes/ },
  { id: 'sealed source, certificate file missing', base: 'sealed', edit: (c) => (c.secrets.sealedSecrets.certificateFile = 'nope.pem'), field: 'secrets.sealedSecrets.certificateFile', rule: /which does not exist$/, value: '"nope.pem"' },
  { id: 'sealed source, certificate is a public key', base: 'sealed', edit: (c) => (c.secrets.sealedSecrets.certificateFile = 'public.pem'), field: 'secrets.sealedSecrets.certificateFile', rule: /is not a PEM certificate/ },
  { id: 'sealed source, certificate is not a certificate', base: 'sealed', edit: (c) => (c.secrets.sealedSecrets.certificateFile = 'garbage.pem'), field: 'secrets.sealedSecrets.certificateFile', rule: /is not a parseable X\.509 certificate/ },
  { id: 'sealed source, invalid sealing key', base: 'sealed', env: { ...BASE_ENV.sealed, CODECANVAS_SEALING_KEY: 'too-short' }, field: 'CODECANVAS_SEALING_KEY', rule: /at least 32 random bytes/ },
  { id: 'sealed source, jump key not set', base: 'sealed', env: { ...BASE_ENV.sealed, DEV_NORTHEUROPE_JUMP_SSH_HOST_KEY: undefined }, field: 'DEV_NORTHEUROPE_JUMP_SSH_HOST_KEY', rule: /is not set/ },
  // Homoglyphs: a letter of another script that looks like a Latin one, shown by code point.
  { id: 'a Cyrillic "а" in the domain', edit: (c) => (c.domain = 'codec\u0430nvas.example.com'), field: 'domain', rule: /mixes scripts in one word: U\+0430 CYRILLIC SMALL LETTER A \(looks like "a"\) at position 6 among Latin letters/, value: '"codec<U+0430>nvas.example.com"' },
  { id: 'a Greek "ο" in a Flux HelmRelease chart repository host', base: 'sealed', edit: (c) => (c.application = { ...c.application, chart: { repository: 'oci://ghcr.i\u03bf/acme/charts' } }), field: 'application.chart.repository', rule: /U\+03BF GREEK SMALL LETTER OMICRON \(looks like "o"\) at position 13/ },
  { id: 'a Cyrillic look-alike word in the e-mail domain', edit: (c) => (c.localAdministrator.email = 'admin@\u0430\u0440\u0435.example.com'), field: 'localAdministrator.email', rule: /has the Cyrillic word at position 7 whose every letter looks like a Latin one \(it reads as "ape"\)/ },
  // Secret values from the environment: the rule of config strings, the value never shown.
  { id: 'env source, a zero-width space in the database password', base: 'helm', env: { ...BASE_ENV.helm, CODECANVAS_DB_PASSWORD: 'Leak7pass\u200bword' }, field: 'secrets.names.databasePassword: the value of environment variable CODECANVAS_DB_PASSWORD', rule: /contains U\+200B ZERO WIDTH SPACE \(an invisible character\) at position 10/ },
  { id: 'env source, a trailing newline in the master secret', base: 'helm', env: { ...BASE_ENV.helm, CODECANVAS_MASTER_SECRET: `${Buffer.alloc(32, 7).toString('base64')}\n` }, field: 'environment variable CODECANVAS_MASTER_SECRET', rule: /contains U\+000A LINE FEED \(a control character\)/ },
  { id: 'sealed source, an ANSI escape in a PEM jump key', base: 'sealed', env: { ...BASE_ENV.sealed, DEV_NORTHEUROPE_JUMP_JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nLeak7\u001b[2J\n-----END PRIVATE KEY-----\n' }, field: 'DEV_NORTHEUROPE_JUMP_JWT_PRIVATE_KEY', rule: /contains U\+001B ESCAPE \(a control character\) at position 34/ },
  { id: 'sealed source, a zero-width space in the sealing key', base: 'sealed', env: { ...BASE_ENV.sealed, CODECANVAS_SEALING_KEY: `${BASE_ENV.sealed.CODECANVAS_SEALING_KEY!.slice(0, 8)}\u200b${BASE_ENV.sealed.CODECANVAS_SEALING_KEY!.slice(8)}` }, field: 'environment variable CODECANVAS_SEALING_KEY', rule: /is "\(hidden\)"; contains U\+200B ZERO WIDTH SPACE \(an invisible character\) at position 9/ },
  { id: 'sealed source, a right-to-left override in the admin password', base: 'sealed', env: { ...BASE_ENV.sealed, CODECANVAS_ADMIN_PASSWORD: 'Leak7\u202eadmin' }, field: 'CODECANVAS_ADMIN_PASSWORD', rule: /U\+202E RIGHT-TO-LEFT OVERRIDE \(a bidirectional control\)/ },
];

export function set(config: Record<string, any>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let at = config;
  for (const part of parts.slice(0, -1)) {
    if (at[part] === undefined || at[part] === null || typeof at[part] !== 'object') at[part] = {};
    at = at[part];
  }
  at[parts[parts.length - 1]] = value;
}

/** `devEnvironmentClusters.0.name` as messages write it: `devEnvironmentClusters[0].name`. */
export function display(dotted: string): string {
  return dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}


/** Writes the case's config (and the files the sealed example reads) into a fresh folder with an output dir holding one marker file. */
export function prepare(work: string, c: Case, index: number): { file: string; outdir: string } {
  const dir = path.join(work, String(index));
  fs.mkdirSync(dir);
  const base = c.base ?? 'aks';
  let text: string;
  if (c.text) text = c.text(yaml.dump(baseConfig(base), { lineWidth: -1 }));
  else {
    const config = baseConfig(base);
    c.edit?.(config);
    text = yaml.dump(config, { lineWidth: -1 });
  }
  const file = path.join(dir, 'codecanvas.yaml');
  fs.writeFileSync(file, text);
  fs.copyFileSync(path.join(ROOT, 'examples', 'sealed-secrets-cert.pem'), path.join(dir, 'sealed-secrets-cert.pem'));
  fs.writeFileSync(path.join(dir, 'public.pem'), P256_PUBLIC);
  fs.writeFileSync(path.join(dir, 'garbage.pem'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
  const outdir = path.join(dir, 'out');
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'MARKER'), 'the previous output');
  return { file, outdir };
}


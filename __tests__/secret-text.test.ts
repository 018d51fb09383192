/**
 * The one rule for secret material in text (lib/util/secret-text.ts): what every message masks, what the chart
 * values scan calls a secret, and which URLs carry credentials. The secrets below are made up, shaped as real ones.
 */

import { ConfigError, formatIssue, formatValue } from '../lib/config/errors';
import { parseConfigText } from '../lib/config/load';
import { GitFolderApplication } from '../lib/constructs/git-folder-application';
import { FluxGitRepository } from '../lib/constructs/flux-git-repository';
import { KeyVaultSecretStore } from '../lib/constructs/key-vault-secret-store';
import { ObjectStorageSecret } from '../lib/constructs/object-storage-secret';
import { EnvSecretSource } from '../lib/secrets/env-secret-source';
import { lastResort } from '../cli/main';
import { maskSecrets, secretNameKind, secretShape, urlCredentialProblem } from '../lib/util/secret-text';
import { testChart } from './helpers';

const GH = 'ghp_Zx9AbCdEf0123456789AbCdEf0123456789';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

const MASKED: [string, string, string][] = [
  // [what, text, masked]
  ['https user and token', 'https://user:Zx9tok3n@git.example.com/r.git', 'https://***@git.example.com/r.git'],
  ['https token as user', `https://${GH}@github.com/acme/r.git`, 'https://***@github.com/acme/r.git'],
  ['https user only', 'https://oauth2@git.example.com/r.git', 'https://***@git.example.com/r.git'],
  ['ssh user and password', 'ssh://git:Zx9pw@git.example.com/r.git', 'ssh://***@git.example.com/r.git'],
  ['ssh token as user', `ssh://${GH}@github.com/r.git`, 'ssh://***@github.com/r.git'],
  ['"@" inside the password', 'https://u:p@ss@host.example.com/', 'https://***@host.example.com/'],
  ['user:password@host', 'admin:Zx9pw@pg.example.com', '***@pg.example.com'],
  ['GitLab private_token', 'https://gitlab.example.com/r.git?private_token=glpat-Zx9AbCdEf0123456789', 'https://gitlab.example.com/r.git?private_token=***'],
  ['access_token among other parameters', 'https://h.example.com/x?ref=main&access_token=Zx9abc', 'https://h.example.com/x?ref=main&access_token=***'],
  ['key parameter', 'https://maps.example.com/api?key=Zx9abc', 'https://maps.example.com/api?key=***'],
  ['SAS signature', 'https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=Zx9%2Fabc%3D', 'https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=***'],
  ['fragment', 'https://host.example.com/x#Zx9token', 'https://host.example.com/x#***'],
  ['storage connection string', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zx9abc+/==;EndpointSuffix=core.windows.net', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net'],
  ['Service Bus connection string', 'Endpoint=sb://b.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Zx9abc=', 'Endpoint=sb://b.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=***'],
  ['SharedAccessSignature', 'SharedAccessSignature=sv=2022&sig=Zx9abc', 'SharedAccessSignature=***&sig=***'],
  ['SQL connection string password', 'Server=db;User Id=sa;Password=Zx9pw;', 'Server=db;User Id=sa;Password=***;'],
  ['dotenv line', 'DB_PASSWORD=Zx9pw', 'DB_PASSWORD=***'],
  ['quoted dotenv value with a space', 'export API_TOKEN="Zx9 two words"', 'export API_TOKEN=***'],
  ['command-line flag', '--password=Zx9pw', '--password=***'],
  ['JWT', `token ${JWT} here`, 'token *** here'],
  ['GitHub token', `use ${GH}`, 'use ghp_***'],
  ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefGHIJKL', 'github_pat_***'],
  ['Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKl', 'xoxb-***'],
  ['OpenAI-style key', 'sk-proj-Zx9AbCdEfGhIjKlMnOpQrSt', 'sk-proj-***'],
  ['AWS access key ID', 'AKIAZX9ABCDEFGHIJKLM', 'AKIA***'],
  ['Bearer value', 'Authorization: Bearer Zx9abc.def-ghi', 'Authorization: Bearer ***'],
  ['PEM private key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIZx9\n-----END EC PRIVATE KEY-----\n', '-----BEGIN EC PRIVATE KEY-----***-----END EC PRIVATE KEY-----\n'],
  ['PEM private key cut short', '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49Zx9', '-----BEGIN PRIVATE KEY-----***'],
  ['PuTTY key', 'PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nZx9', 'PuTTY-User-Key-File-3:***'],
];

describe('maskSecrets', () => {
  test.each(MASKED)('%s', (_what, text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
    expect(maskSecrets(text)).not.toMatch(/Zx9|0123456789Ab|sflKx/);
    // Masked text masks to itself: messages pass through the rule more than once.
    expect(maskSecrets(masked)).toBe(masked);
  });

  test.each(MASKED)('%s, keeping the length (a YAML excerpt keeps its caret column)', (_what, text) => {
    const masked = maskSecrets(text, { keepLength: true });
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/Zx9|0123456789Ab|sflKx/);
    expect(maskSecrets(masked, { keepLength: true })).toBe(masked);
  });

  test.each([
    'ssh://git@github.com/acme/platform.git',
    'ssh://APKAEIBAERJR2EXAMPLE@git-codecommit.us-east-2.amazonaws.com/v1/repos/r',
    'admin@example.com',
    'registry.example.com/team/nginx:1.25@sha256:0123456789abcdef',
    'nginx:1.25@sha256:0123456789abcdef',
    'oci://registry.example.com:5000/charts',
    'https://github.com/acme/platform.git',
    'sk-northeurope-dev-cluster-01',
    'Basic Authentication is off',
    'password=${DB_PASSWORD} token=$(TOKEN) key={{.Values.key}}',
    'tokenTTL=5 existingSecret=db-secret passwordSecretRef=x',
    'secrets.allowPlaintextSecrets: true',
    'gitops.repoURL: is missing; must be an https:// or ssh:// Git URL',
  ])('leaves %j as it is', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });

  // Each would take quadratic time with a pattern that tries every start; one million characters then take hours.
  test.each([
    ['a=', 500_000],
    ['a:', 500_000],
    ['a@', 500_000],
    ['a://', 250_000],
    ['a:b ', 250_000],
    ['eyJ', 333_333],
    ['-----END ', 100_000],
  ] as const)('one million characters of %j are scanned in one pass', (unit, times) => {
    const text = unit.repeat(times);
    expect(maskSecrets(text)).toHaveLength(text.length);
  });
});

describe('secretShape', () => {
  test.each([
    [JWT, 'a JSON Web Token'],
    [GH, 'an access token (by its prefix)'],
    ['AKIAZX9ABCDEFGHIJKLM', 'an AWS access key ID'],
    ['postgres://u:Zx9@pg.example.com/db', 'credentials in a URL (user-info before "@")'],
    ['u:Zx9@pg.example.com', 'credentials before "@" (user:password@host)'],
    ['Server=db;Password=Zx9;', 'a secret in a name=value pair (query parameter, connection string or environment line)'],
    ['Bearer Zx9abcdefgh', 'an HTTP authorization value'],
    ['-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----', 'a private key'],
  ])('%j is %s', (text, kind) => {
    expect(secretShape(text)).toBe(kind);
  });

  test.each([
    'https://docs.example.com/page#section',
    'https://example.com/codecanvas.schema.json#/definitions/x',
    'ssh://git@github.com/acme/r.git',
    '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----',
    'codecanvas-db-secret-ext',
    'jump-dev-westeurope',
    'registry.example.com/codecanvas-operator:1.0',
    '',
  ])('%j is no secret', (text) => {
    expect(secretShape(text)).toBeUndefined();
  });
});

describe('secretNameKind', () => {
  test.each([
    ['postgresPassword', 'secret'],
    ['DB_PASSWORD', 'secret'],
    ['PGPASSWORD', 'secret'],
    ['redis-password', 'secret'],
    ['apiKey', 'secret'],
    ['x-api-key', 'secret'],
    ['sasToken', 'secret'],
    ['private_token', 'secret'],
    ['AccountKey', 'secret'],
    ['SharedAccessSignature', 'secret'],
    ['connectionString', 'secret'],
    ['clientSecret', 'secret'],
    ['jwtPrivateKey', 'secret'],
    ['credentials', 'secret'],
    ['extraEnvVarsSecret', 'maybe'],
    ['tlsSecret', 'maybe'],
    ['secret', 'maybe'],
    ['existingSecret', undefined],
    ['existingSecretPasswordKey', undefined],
    ['secretName', undefined],
    ['passwordSecretRef', undefined],
    ['imagePullSecrets', undefined],
    ['tokenTTL', undefined],
    ['usePassword', undefined],
    ['automountServiceAccountToken', undefined],
    ['annotationKey', undefined],
    ['key', undefined],
    ['passwordPolicy', undefined],
    ['', undefined],
  ] as const)('%j as a key: %s', (name, kind) => {
    expect(secretNameKind(name)).toBe(kind);
  });

  test.each(['key', 'sig', 'auth', 'code'])('%j as a query parameter names a secret', (name) => {
    expect(secretNameKind(name, 'param')).toBe('secret');
  });
});

describe('urlCredentialProblem', () => {
  test.each([
    ['https://user:Zx9@git.example.com/r.git', /a user name and password before "@" \(shown masked\); HINT$/],
    ['https://oauth2@git.example.com/r.git', /a user name or token before "@"/],
    [`ssh://${GH}@github.com/r.git`, /a token as user name/],
    ['ssh://git:Zx9@github.com/r.git', /a user name and password/],
    ['u:Zx9@pg.example.com', /a user name and password/],
    ['https://h.example.com/r.git?private_token=Zx9', /its query has private_token= \(shown masked\)/],
    ['https://h.example.com/?sv=1&sig=Zx9&se=2', /its query has sig=/],
    ['https://h.example.com/?ref=main', /must not have a query/],
    ['https://h.example.com/#x', /must not have a fragment/],
  ])('%j is refused', (url, rule) => {
    const problem = urlCredentialProblem(url, 'HINT');
    expect(problem).toMatch(rule);
    expect(problem).not.toMatch(/Zx9/);
  });

  test.each([
    ['https://github.com/acme/platform.git', {}],
    ['ssh://git@github.com/acme/platform.git', {}],
    ['git@github.com:acme/platform.git', {}],
    ['pg.example.com', {}],
    ['https://schemas.example.com/s.json?v=2#/definitions/x', { query: true, fragment: true }],
  ])('%j is fine', (url, allow) => {
    expect(urlCredentialProblem(url, 'HINT', allow)).toBeUndefined();
  });

  test('an allowed query still may not carry a secret parameter', () => {
    expect(urlCredentialProblem('https://h.example.com/s.json?token=Zx9', 'HINT', { query: true })).toMatch(/its query has token=/);
  });
});

describe('every message goes through the rule', () => {
  test('formatValue masks before it cuts, so a cut never shows the start of a secret', () => {
    const value = `${'x'.repeat(60)} https://user:Zx9secret@git.example.com/r.git`;
    expect(formatValue(value)).toBe(JSON.stringify(`${'x'.repeat(60)} https://***@git....`));
    // A value longer than the masked prefix is cut too.
    expect(formatValue(`${GH} ${'y'.repeat(2000)}`)).toBe(JSON.stringify(`ghp_*** ${'y'.repeat(69)}...`));
  });

  test('formatIssue masks the value, the rule and the path', () => {
    const line = formatIssue({ path: `application.values.${GH}`, value: 'admin:Zx9b@pg.example.com', rule: 'differs from DB_PASSWORD=Zx9c' });
    expect(line).toBe('application.values.ghp_***: is "***@pg.example.com"; differs from DB_PASSWORD=***');
  });

  test('the YAML excerpt masks what the rule finds with one "*" per character', () => {
    const text = `gitops:\n  repoURL: https://u:Zx9pw@git.example.com/r.git\n  postgresPassword: Zx9pg\n  repoURL: again\n`;
    let reason = '';
    try {
      parseConfigText(text, 'c.yaml');
    } catch (e) {
      reason = (e as ConfigError).issues[0].rule;
    }
    expect(reason).toMatch(/^is not valid YAML: .* in "c\.yaml" \(4:3\)\n/);
    // The user-info is masked character by character.
    expect(reason).toContain(' 2 |   repoURL: https://*******@git.example.com/r.git');
    expect(reason).toContain('postgresPassword: *****');
    expect(reason).not.toMatch(/Zx9/);
  });

  test('the last-resort handler masks, the stack under CODECANVAS_DEBUG too', () => {
    const out: string[] = [];
    lastResort(new Error(`boom at https://u:Zx9@h.example.com/`), (s) => out.push(s), 'synth', { CODECANVAS_DEBUG: '1' });
    expect(out.join('')).toContain('https://***@h.example.com/');
    expect(out.join('')).not.toMatch(/Zx9/);
  });
});

describe('constructs refuse credentials in the URLs they write, and mask them', () => {
  const env = () => new EnvSecretSource({ env: {}, allowPlaintext: true });
  test.each([
    ['GitFolderApplication repoURL', () => new GitFolderApplication(testChart(), 'a', { name: 'x', repoURL: 'https://u:Zx9@git.example.com/r.git', revision: 'main', path: 'dist' }), 'GitFolderApplication: repoURL "https://***@git.example.com/r.git" must not carry credentials'],
    ['GitFolderApplication destinationServer', () => new GitFolderApplication(testChart(), 'a', { name: 'x', repoURL: 'https://git.example.com/r.git', revision: 'main', path: 'dist', destinationServer: 'https://k8s.example.com?token=Zx9' }), 'GitFolderApplication: destinationServer "https://k8s.example.com?token=***" must not carry credentials'],
    ['GitFolderApplication bad scheme', () => new GitFolderApplication(testChart(), 'a', { name: 'x', repoURL: 'http://u:Zx9@git.example.com/r.git', revision: 'main', path: 'dist' }), 'GitFolderApplication: repoURL "http://***@git.example.com/r.git" must be an https:// or ssh:// Git URL'],
    ['FluxGitRepository url', () => new FluxGitRepository(testChart(), 'r', { name: 'r', namespace: 'flux-system', url: 'https://git.example.com/r.git?private_token=Zx9', branch: 'main', interval: '1m' }), 'FluxGitRepository: url "https://git.example.com/r.git?private_token=***" must not carry credentials'],
    ['KeyVaultSecretStore vaultUrl', () => new KeyVaultSecretStore(testChart(), 's', { name: 'kv', vaultUrl: 'https://u:Zx9@kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc', namespace: 'cc', serviceAccountName: 'reader' }), 'KeyVaultSecretStore: vaultUrl "https://***@kv.vault.azure.net/" must not carry credentials'],
    ['ObjectStorageSecret endpoint', () => new ObjectStorageSecret(testChart(), 'o', { namespace: 'cc', accountName: 'acct', container: 'data', source: env(), endpoint: 'https://acct.blob.core.windows.net/?sig=Zx9' }), 'ObjectStorageSecret: endpoint "https://acct.blob.core.windows.net/?sig=***" must not carry credentials'],
  ])('%s', (_what, make, message) => {
    expect(make).toThrow(message);
    expect(make).not.toThrow(/Zx9/);
  });

  test('ssh://git@host is fine for both GitOps tools', () => {
    expect(() => new GitFolderApplication(testChart(), 'a', { name: 'x', repoURL: 'ssh://git@github.com/acme/r.git', revision: 'main', path: 'dist' })).not.toThrow();
    expect(() => new FluxGitRepository(testChart(), 'r', { name: 'r', namespace: 'flux-system', url: 'ssh://git@github.com/acme/r.git', branch: 'main', interval: '1m' })).not.toThrow();
  });
});

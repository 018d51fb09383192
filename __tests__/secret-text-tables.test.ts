/**
 * The word lists and detectors of lib/util/secret-text.ts, one case per entry: each secret word, key kind, value kind,
 * flag word, SSH scheme and token prefix decides one case below alone, and each detector's edges (where a match may
 * start and end, what a masked or referring value is) are pinned with exact results. Pure function calls only.
 */
import {
  ENV_PLAINTEXT_REMEDY,
  GIT_CREDENTIALS_HINT,
  isPrivateKeyShape,
  maskSecrets,
  nameWords,
  SAFE_ALTERNATIVES,
  secretNameKind,
  secretShape,
  urlCredentialProblem,
} from '../lib/util/secret-text';

const PREFIX = 'an access token (by its prefix)';
const PAIR = 'a secret in a name=value pair (query parameter, connection string or environment line)';
const AWS = 'an AWS access key ID';
const KEY = 'a private key';
const JWT_KIND = 'a JSON Web Token';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
/** Random-looking token bodies: digits, lowercase and uppercase. */
const BODY = 'Zx9AbCdEf0123456789';

describe('secretNameKind, word by word', () => {
  // Each word ends a two-word name, so only the list of last words can make it a secret.
  test.each([
    'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'token', 'apikey', 'credential', 'credentials',
    'signature', 'sig', 'sas', 'privatekey', 'secretkey', 'accountkey', 'accesskey', 'connectionstring',
  ])('db_%s names a secret (a secret last word)', (word) => {
    expect(secretNameKind(`db_${word}`)).toBe('secret');
  });

  // One lowercase word that ends with the suffix but is no last word itself.
  test.each(['pgpassword', 'mysqlpasswd', 'gpgpassphrase', 'mapsapikey', 'githubtoken'])('%s names a secret (a secret suffix)', (word) => {
    expect(secretNameKind(word)).toBe('secret');
  });

  test.each([
    'api', 'access', 'account', 'private', 'secret', 'signing', 'encryption', 'encoding', 'master', 'client', 'shared',
    'storage', 'ssh', 'license', 'webhook', 'session', 'cookie', 'jwt', 'hmac', 'host', 'auth', 'sas',
  ])('%s_key names a secret (a secret key kind)', (kind) => {
    expect(secretNameKind(`${kind}_key`)).toBe('secret');
  });

  test.each(['client', 'jwt', 'webhook', 'shared', 'cookie', 'session', 'app', 'hmac', 'signing', 'api', 'oauth', 'encryption', 'master'])(
    '%s_secret names a secret value (a secret value kind), not a Secret name',
    (kind) => {
      expect(secretNameKind(`${kind}_secret`)).toBe('secret');
    },
  );

  test.each([
    'existing', 'use', 'enable', 'enabled', 'disable', 'create', 'generate', 'auto', 'automount', 'require', 'skip',
    'allow', 'show', 'has', 'is', 'mount',
  ])('%s_password is a flag or a reference, not a secret', (first) => {
    expect(secretNameKind(`${first}_password`)).toBeUndefined();
  });

  test.each(['key', 'auth', 'code'])('%s is a secret query parameter, but no secret key name', (name) => {
    expect(secretNameKind(name, 'param')).toBe('secret');
    expect(secretNameKind(name)).toBeUndefined();
    expect(secretNameKind(`x_${name}`, 'param')).toBeUndefined();
  });

  test('sig is both (a secret last word)', () => {
    expect(secretNameKind('sig', 'param')).toBe('secret');
    expect(secretNameKind('sig')).toBe('secret');
  });

  test.each([
    // [name, context, kind]
    ['hostname', 'key', undefined],
    ['error_code', 'param', undefined],
    ['paging_nexttoken', 'key', undefined],
    ['key', 'key', undefined],
    ['default_string', 'key', undefined],
    ['string', 'key', undefined],
    ['connection_string', 'key', 'secret'],
    ['tlssecret', 'key', 'maybe'],
    ['secretsauce', 'key', undefined],
    ['my_tlssecret', 'key', undefined],
    ['secret', 'key', 'maybe'],
    ['tls_secret', 'key', 'maybe'],
    ['', 'key', undefined],
    ['__', 'key', undefined],
  ] as const)('%j (%s) is %s', (name, context, kind) => {
    expect(secretNameKind(name, context)).toBe(kind);
  });
});

describe('nameWords', () => {
  test.each([
    ['URLPath', ['url', 'path']],
    ['postgresPassword', ['postgres', 'password']],
    ['__DB_PASSWORD__', ['db', 'password']],
    ['a..b--c', ['a', 'b', 'c']],
    ['HTTPSProxy2Host', ['https', 'proxy2', 'host']],
  ])('%j splits into %j', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('the token detectors', () => {
  test.each([
    `ghp_${BODY}`, `gho_${BODY}`, `ghu_${BODY}`, `ghs_${BODY}`, `ghr_${BODY}`, `github_pat_${BODY}`,
    `glpat-${BODY}`, `gloas-${BODY}`, `glrt-${BODY}`, `xoxb-${BODY}`, `xoxp-${BODY}`, `npm_${BODY}`, `hf_${BODY}`,
    `pypi-${BODY}`, `sk-${BODY}`, `sk-proj-${BODY}`, `sk_live_${BODY}`, `rk_test_${BODY}`, `AIza${BODY}`,
  ])('%s is an access token', (token) => {
    expect(secretShape(`use ${token} here`)).toBe(PREFIX);
    expect(maskSecrets(`use ${token} here`)).toBe(`use ${token.slice(0, -BODY.length)}*** here`);
  });

  test('a Slack token whose body starts with its numeric team ID is one too', () => {
    expect(secretShape('xoxb-123456789012-abcdefghijkl')).toBe(PREFIX);
    expect(maskSecrets('xoxb-123456789012-abcdefghijkl')).toBe('xoxb-***');
  });

  test.each([
    // No digit, no lowercase, no uppercase: words, not random tokens.
    'ghp_AbcdefghijklmnopQRST',
    'ghp_ABCDEFGH12345678XY',
    'ghp_abcdefgh12345678xy',
    // Digits then "-" only at the start count (Slack's numeric team ID).
    'xoxb-abcdefghijklmno1-x',
    'sk-northeurope-dev-cluster',
    `xghp_${BODY}`,
    `ghp_${BODY.slice(0, 15)}`,
  ])('%s is no access token', (text) => {
    expect(secretShape(text)).toBeUndefined();
  });

  test.each([
    ['AKIAIOSFODNN7EXAMPL2', true],
    ['id ASIAIOSFODNN7EXAMPL2 here', true],
    ['XAKIAIOSFODNN7EXAMPL2', false],
    ['AKIAIOSFODNN7EXAMPL2X', false],
  ])('%j holds an AWS access key ID: %s', (text, found) => {
    expect(secretShape(text)).toBe(found ? AWS : undefined);
  });

  test.each([
    ['Authorization: Bearer  Zx9AbCdEf0123', 'Authorization: Bearer  ***'],
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic ***'],
    ['see Basic Authentication', 'see Basic Authentication'],
    ['see Bearer tokenExpiry', 'see Bearer ***'],
  ])('%j masks to %j', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });

  test.each([
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEZx9\n-----END RSA PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n', '-----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----\n'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQd\n-----END PGP PRIVATE KEY BLOCK-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----***-----END PGP PRIVATE KEY BLOCK-----'],
    ['-----BEGIN EC2 PRIVATE KEY-----\nMHc\n-----END EC2 PRIVATE KEY-----', '-----BEGIN EC2 PRIVATE KEY-----***-----END EC2 PRIVATE KEY-----'],
    ['cut: -----BEGIN PRIVATE KEY-----\nMIIEv', 'cut: -----BEGIN PRIVATE KEY-----***'],
    ['PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1', 'PuTTY-User-Key-File-3:***'],
  ])('a private key %#', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
    expect(secretShape(text)).toBe(KEY);
    expect(isPrivateKeyShape(secretShape(text))).toBe(true);
  });

  test('isPrivateKeyShape is true only for the private key kind', () => {
    expect(isPrivateKeyShape(KEY)).toBe(true);
    expect(isPrivateKeyShape(JWT_KIND)).toBe(false);
    expect(isPrivateKeyShape(undefined)).toBe(false);
    expect(isPrivateKeyShape('')).toBe(false);
  });

  test('-----BEGIN PUBLIC KEY----- is no secret', () => {
    expect(secretShape('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----')).toBeUndefined();
  });
});

describe('secretShape names the first secret in the text', () => {
  test.each([
    [`id AKIAIOSFODNN7EXAMPL2 and ${JWT}`, AWS],
    [`${JWT} and AKIAIOSFODNN7EXAMPL2`, JWT_KIND],
    [`token ${JWT}`, JWT_KIND],
    [`PASSWORD=Zx9pw then ${JWT} then AKIAIOSFODNN7EXAMPL2`, PAIR],
    [`ghp_${BODY} then PASSWORD=Zx9pw then ${JWT}`, PREFIX],
  ])('%j: %s', (text, kind) => {
    expect(secretShape(text)).toBe(kind);
  });
});

describe('name=value pairs', () => {
  test.each([
    // [text, masked, counts as a secret by itself]
    // References to a secret elsewhere are neither masked nor a secret.
    ['PASSWORD=$DB_PASSWORD', 'PASSWORD=$DB_PASSWORD', false],
    ['PASSWORD=${DB_PASSWORD}', 'PASSWORD=${DB_PASSWORD}', false],
    ['PASSWORD="${DB_PASSWORD}"', 'PASSWORD="${DB_PASSWORD}"', false],
    ["PASSWORD='$(DB_PASSWORD)'", "PASSWORD='$(DB_PASSWORD)'", false],
    ['PASSWORD=$(DB_PASSWORD)', 'PASSWORD=$(DB_PASSWORD)', false],
    ['PASSWORD="{{.Values.pw}}"', 'PASSWORD="{{.Values.pw}}"', false],
    ['PASSWORD=${DB_PASSWORD', 'PASSWORD=${DB_PASSWORD', false],
    ["PASSWORD='$(cat /run/pw)'", 'PASSWORD=***', true],
    ['PASSWORD=${A}Zx9', 'PASSWORD=***', true],
    ['PASSWORD=Zx9${A}', 'PASSWORD=***', true],
    ['PASSWORD="${A}\'"', 'PASSWORD=***', true],
    ['PASSWORD="Zx9pw', 'PASSWORD=***', true],
    ["PASSWORD='Zx9 two'", 'PASSWORD=***', true],
    ['PASSWORD=***', 'PASSWORD=***', false],
    ['PASSWORD= ***', 'PASSWORD= ***', false],
    ['PASSWORD=', 'PASSWORD=', false],
    ['x?code=Zx9abc', 'x?code=***', false],
    ['--auth=none', '--auth=***', false],
    ['key=Zx9abc', 'key=***', false],
  ])('%j masks to %j (a secret by itself: %s)', (text, masked, counts) => {
    expect(maskSecrets(text)).toBe(masked);
    expect(secretShape(text)).toBe(counts ? PAIR : undefined);
  });
});

describe('credentials before "@"', () => {
  test.each([
    ['clone ssh://git@github.com/acme/r.git', 'clone ssh://git@github.com/acme/r.git'],
    ['clone git+ssh://git@github.com/acme/r.git', 'clone git+ssh://git@github.com/acme/r.git'],
    ['clone ssh+git://git@github.com/acme/r.git', 'clone ssh+git://git@github.com/acme/r.git'],
    ['clone SSH://git@github.com/acme/r.git', 'clone SSH://git@github.com/acme/r.git'],
    ['clone https://git@github.com/acme/r.git', 'clone https://***@github.com/acme/r.git'],
    ['db admin:Zx9pw@pg.example.com', 'db ***@pg.example.com'],
    ['("admin:Zx9pw@pg.example.com")', '("***@pg.example.com")'],
    ['image@sha256:abc and repo:tag@sha256:abcdef', 'image@sha256:abc and repo:tag@sha256:abcdef'],
  ])('%j masks to %j', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });
});

describe('URL fragments', () => {
  test.each([
    ['https://host.example.com/x and issue #1234', 'https://host.example.com/x and issue #1234'],
    ['https://host.example.com/x#', 'https://host.example.com/x#'],
    ['https://host.example.com/x#***', 'https://host.example.com/x#***'],
    ['https://host.example.com/x#Zx9token', 'https://host.example.com/x#***'],
    ['--repo=https://host.example.com/x#Zx9token', '--repo=https://host.example.com/x#***'],
    ['(see https://host.example.com/x#Zx9token)', '(see https://host.example.com/x#***'],
    ['(https://host.example.com/x#Zx9token)', '(https://host.example.com/x#***'],
    ['a#b:https://host.example.com/x', 'a#b:https://host.example.com/x'],
    ['a#b://host.example.com/x', 'a#b://host.example.com/x'],
    ['longpage#top,https://host.example.com/x', 'longpage#top,https://host.example.com/x'],
    ['https://host.example.com/x and issue#1234', 'https://host.example.com/x and issue#1234'],
    ['1https://host.example.com/x#Zx9token', '1https://host.example.com/x#***'],
    ['x.https://host.example.com/x#Zx9token', 'x.https://host.example.com/x#***'],
    ['a https://h.example.com/#t and b https://h.example.com/#u', 'a https://h.example.com/#*** and b https://h.example.com/#***'],
  ])('%j masks to %j', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
    // A fragment alone is no sign of a secret.
    expect(secretShape(text)).toBeUndefined();
  });
});

describe('urlCredentialProblem, exact sentences', () => {
  const credentials = (what: string) => `must not carry credentials: it has ${what} before "@" (shown masked); HINT`;
  test.each([
    ['https://user:Zx9@git.example.com/r.git', {}, credentials('a user name and password')],
    ['https://oauth2@git.example.com/r.git', {}, credentials('a user name or token')],
    ['https://token@', {}, credentials('a user name or token')],
    ['ssh://Zx9+token@git.example.com/r.git', {}, credentials('a token as user name')],
    ['SSH://ghp_Zx9AbCdEf0123456789AbCdEf@github.com/r.git', {}, credentials('a token as user name')],
    ['admin:Zx9pw@pg.example.com/db?sslmode=require&from=https://x.example.com', { query: true }, credentials('a user name and password')],
    ['https://host.example.com/users/@me', {}, undefined],
    ['git+ssh://git@github.com/acme/r.git', {}, undefined],
    ['ssh+git://git@github.com/acme/r.git', {}, undefined],
    ['https://host.example.com/x#a?b', { fragment: true }, undefined],
    ['https://host.example.com/x?a=1#f', { fragment: true }, 'must not have a query ("?..."): a query may carry a token, and this URL needs none; HINT'],
    ['https://host.example.com/x?a=1#f', { query: true }, 'must not have a fragment ("#..."); HINT'],
    ['https://host.example.com/x?a=1#f', { query: true, fragment: true }, undefined],
    ['https://host.example.com/x?ref=main#x&token=abc', { query: true, fragment: true }, undefined],
    ['https://host.example.com/x?a=1&sig', { query: true }, 'must not carry credentials: its query has sig= (shown masked); HINT'],
    ['https://host.example.com/x?sig=a;token=b', {}, 'must not carry credentials: its query has sig=, token= (shown masked); HINT'],
    ['https://maps.example.com/api?key=Zx9&code=1&auth=x', { query: true }, 'must not carry credentials: its query has key=, code=, auth= (shown masked); HINT'],
  ] as const)('%j (%j): %j', (url, allow, problem) => {
    expect(urlCredentialProblem(url, 'HINT', allow)).toBe(problem);
  });
});

describe('the shared sentences', () => {
  test('say where secrets and Git credentials go instead', () => {
    expect(SAFE_ALTERNATIVES).toBe('use secrets.source: keyVault (External Secrets Operator) or sealedSecrets instead');
    expect(ENV_PLAINTEXT_REMEDY).toBe(
      'set secrets.allowPlaintextSecrets: true to accept that, or use secrets.source: keyVault (External Secrets Operator) or sealedSecrets instead',
    );
    expect(GIT_CREDENTIALS_HINT).toBe(
      'give Git credentials to the GitOps tool instead (an Argo CD repository Secret, a Flux GitRepository secretRef); ssh://git@host/path with a deploy key is fine',
    );
  });
});

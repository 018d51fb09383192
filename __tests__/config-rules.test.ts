import * as crypto from 'crypto';
import { checkConfig, parseConfig } from '../lib/config/load';
import { ConfigError, formatIssue } from '../lib/config/errors';
import { exampleConfig, minimalConfig, withField } from './helpers';

/** An enabled relay with its public key (the relay's key rule is not what these tests are about). */
const RELAY_ON = { enabled: true, jwtPublicKey: exampleConfig().devEnvironmentClusters[0].relay.jwtPublicKey };

/** The lines a user sees for `config`. */
function messages(config: unknown): string[] {
  return checkConfig(config).map(formatIssue);
}

describe('input rules: each rule names the field, the value and the rule', () => {
  test('the embedded example and a minimal config are valid', () => {
    expect(messages(exampleConfig())).toEqual([]);
    expect(messages(minimalConfig())).toEqual([]);
  });

  const cases: Array<[string, string, unknown, string]> = [
    ['license must be accepted', 'licenseAgreementAccepted', false,
      'licenseAgreementAccepted: is false; must be true: the CodeCanvas chart refuses to install until you accept the license agreement'],
    ['license is required', 'licenseAgreementAccepted', undefined, 'licenseAgreementAccepted: missing; must be true: the CodeCanvas chart refuses to install until you accept the license agreement'],
    ['domain is a DNS name', 'domain', 'code canvas.example.com',
      'domain: is "code canvas.example.com"; must be a fully qualified DNS name in lowercase, such as codecanvas.example.com'],
    ['domain needs two labels', 'domain', 'localhost',
      'domain: is "localhost"; must be a fully qualified DNS name in lowercase, such as codecanvas.example.com'],
    ['admin e-mail', 'localAdministrator.email', 'admin-at-example.com',
      'localAdministrator.email: is "admin-at-example.com"; must be an e-mail address such as admin@example.com'],
    ['ACME e-mail', 'ingress.letsEncrypt', { email: 'nope@' },
      'ingress.letsEncrypt.email: is "nope@"; must be an e-mail address such as admin@example.com'],
    ['namespace is DNS-1123', 'namespace', 'CodeCanvas',
      'namespace: is "CodeCanvas"; must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters'],
    ['namespace at most 63 characters', 'namespace', 'a'.repeat(64),
      `namespace: is "${'a'.repeat(64)}"; must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`],
    ['service account is DNS-1123', 'workloadIdentity.serviceAccountName', 'code_canvas',
      'workloadIdentity.serviceAccountName: is "code_canvas"; must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters'],
    ['placeholders are rejected', 'database.host', 'CODECANVAS_DB_HOST_PLACEHOLDER',
      'database.host: is "CODECANVAS_DB_HOST_PLACEHOLDER"; still contains "_PLACEHOLDER": replace the install guide\'s placeholder with the real value'],
    ['port above range', 'database.port', 70000, 'database.port: is 70000; must be an integer between 1 and 65535'],
    ['port zero', 'database.port', 0, 'database.port: is 0; must be an integer between 1 and 65535'],
    ['port not a number', 'database.port', '5432', 'database.port: is "5432"; must be a number'],
    ['storage SKU', 'devEnvironmentClusters', [{ name: 'dev', storageClasses: [{ name: 'fast', skuName: 'Premium_GRS' }] }],
      'devEnvironmentClusters[0].storageClasses[0].skuName: is "Premium_GRS"; must be an Azure Disk SKU the disk.csi.azure.com driver supports: StandardSSD_LRS, Premium_LRS, StandardSSD_ZRS, Premium_ZRS, PremiumV2_LRS, UltraSSD_LRS, Standard_LRS'],
    ['replicas at least 1', 'application.replicas', 0, 'application.replicas: is 0; must be an integer >= 1'],
    ['replicas integer', 'application.replicas', 1.5, 'application.replicas: is 1.5; must be an integer >= 1'],
    ['client ID is a GUID', 'workloadIdentity.clientId', 'my-identity',
      'workloadIdentity.clientId: is "my-identity"; must be a GUID such as 00000000-0000-0000-0000-000000000000 (the managed identity\'s client ID)'],
    ['unknown fields are reported', 'database.hostname', 'x',
      'database.hostname: is "x"; is not a known field (check the spelling against the config reference)'],
    ['required fields are named', 'database.host', undefined, 'database.host: is required'],
    ['Key Vault settings needed for the keyVault source', 'secrets', { source: 'keyVault' },
      'secrets.keyVault: is required when secrets.source is keyVault (give at least vaultUrl)'],
    ['env source names must be variable names', 'secrets', { source: 'env', names: { databasePassword: 'db-password' } },
      'secrets.names.databasePassword: is "db-password"; must be an environment variable name: letters, digits and "_", not starting with a digit'],
    ['Key Vault names must be Key Vault secret names', 'secrets.names', { masterSecret: 'master_secret' },
      'secrets.names.masterSecret: is "master_secret"; must be an Azure Key Vault secret name: 1-127 letters, digits and "-"'],
    ['cluster name reserved', 'devEnvironmentClusters', [{ name: 'helm' }],
      'devEnvironmentClusters[0].name: is "helm"; is reserved for the output layout (application, helm, bootstrap)'],
  ];

  test.each(cases)('%s', (_name, field, value, expected) => {
    expect(messages(withField(minimalConfig(), field, value))).toContain(expected);
  });

  test('a cluster\'s letsEncrypt that is neither a mapping nor false says what it takes (not zod\'s "Invalid input")', () => {
    const rule = 'must be a mapping with the ACME e-mail (email, optionally server) to create the ClusterIssuer, or false when it exists already';
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', ingress: { letsEncrypt: true } }]))).toEqual([
      `devEnvironmentClusters[0].ingress.letsEncrypt: is true; ${rule}`,
    ]);
    // A mapping with a broken field names that field.
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', ingress: { letsEncrypt: { email: 'nope@' } } }]))).toEqual([
      'devEnvironmentClusters[0].ingress.letsEncrypt.email: is "nope@"; must be an e-mail address such as admin@example.com',
    ]);
  });

  test('duplicate dev-environment cluster names are rejected', () => {
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev-eu' }, { name: 'dev-us' }, { name: 'dev-eu' }]);
    expect(messages(config)).toEqual([
      'devEnvironmentClusters[2].name: is "dev-eu"; duplicates devEnvironmentClusters[0].name: cluster names must be unique',
    ]);
  });

  test('duplicate StorageClass names inside a cluster are rejected', () => {
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', storageClasses: [{ name: 'a' }, { name: 'a' }] }]);
    expect(messages(config)).toEqual([
      'devEnvironmentClusters[0].storageClasses[1].name: is "a"; duplicates storageClasses[0].name: names must be unique',
    ]);
  });

  test('every problem is reported at once, cross-field rules included', () => {
    let config = withField(minimalConfig(), 'licenseAgreementAccepted', false);
    config = withField(config, 'database.port', -1);
    config = withField(config, 'domain', 'EXTERNAL_DOMAIN_PLACEHOLDER');
    config = withField(config, 'devEnvironmentClusters', [{ name: 'x' }, { name: 'x' }]);
    const error = (() => {
      try {
        parseConfig(config, 'codecanvas.yaml');
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => i.path).sort()).toEqual(
      ['database.port', 'devEnvironmentClusters[1].name', 'domain', 'licenseAgreementAccepted'].sort(),
    );
    expect(error.message.split('\n')[0]).toBe('codecanvas.yaml: 4 problems found');
  });

  test('a placeholder is reported once, not also as a format error', () => {
    expect(messages(withField(minimalConfig(), 'domain', 'EXTERNAL_DOMAIN_PLACEHOLDER'))).toEqual([
      'domain: is "EXTERNAL_DOMAIN_PLACEHOLDER"; still contains "_PLACEHOLDER": replace the install guide\'s placeholder with the real value',
    ]);
  });

  test('defaults follow the guide', () => {
    const config = parseConfig({ ...minimalConfig(), devEnvironmentClusters: [{ name: 'dev' }] });
    expect(config.application).toMatchObject({ replicas: 2, releaseName: 'codecanvas', chart: { version: '2025.1.2' } });
    expect(config.database).toMatchObject({ port: 5432, secretName: 'codecanvas-db-secret-ext' });
    expect(config.objectStorage).toMatchObject({ auth: 'workloadIdentity', secretName: 'codecanvas-objectstorage-secret-ext' });
    expect(config.localAdministrator).toMatchObject({ username: 'admin', firstName: 'Admin', lastName: 'Admin', setPassword: false });
    expect(config.devEnvironmentClusters[0].storageClasses).toEqual([
      { name: 'codecanvas-storage', skuName: 'StandardSSD_LRS', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', allowVolumeExpansion: true },
    ]);
    expect(config.devEnvironmentClusters[0].volumeSnapshotClasses).toEqual([{ name: 'codecanvas-volume-snapshot', deletionPolicy: 'Delete' }]);
  });
});

describe('database.host and secrets.keyVault.vaultUrl at their boundaries', () => {
  const HOST_RULE = 'must be a host name or IP address only, such as my-server.postgres.database.azure.com (no scheme, port, path or spaces; the port goes in database.port)';

  test('database.host: host names of up to 253 characters (labels of 1 to 63), IPv4 and IPv6 are accepted', () => {
    const host253 = [63, 63, 63, 61].map((n) => 'h'.repeat(n)).join('.');
    expect(host253).toHaveLength(253);
    // One-character labels after a dot; the last octet in each range of the IPv4 rule (1xx, 2[0-4]x, 25x).
    for (const host of [host253, 'x', 'x.y.z', 'x.example.com', `${'h'.repeat(63)}.example.com`, '10.0.0.4', '10.0.0.150', '10.0.0.210', '10.0.0.255', 'fd00::4', '::ffff:10.0.0.4']) {
      expect([host, messages(withField(minimalConfig(), 'database.host', host))]).toEqual([host, []]);
    }
  });

  test('database.host: 254 characters, a 64-character label, an IPv6 zone ID or a malformed IPv6 address are refused', () => {
    const host254 = [63, 63, 63, 62].map((n) => 'h'.repeat(n)).join('.');
    expect(messages(withField(minimalConfig(), 'database.host', host254))).toEqual([`database.host: is "${host254.slice(0, 77)}..."; ${HOST_RULE}`]);
    for (const host of [`${'h'.repeat(64)}.example.com`, 'fe80::1%eth0', 'fd00::4::1']) {
      expect(messages(withField(minimalConfig(), 'database.host', host))).toEqual([`database.host: is ${JSON.stringify(host)}; ${HOST_RULE}`]);
    }
  });

  test('a DNS name field: 253 characters are accepted, 254 refused', () => {
    const host = (last: number) => [63, 63, 63, last].map((n) => 'h'.repeat(n)).join('.');
    const relayHost = (hostname: string) => messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', relay: { ...RELAY_ON, hostname } }]));
    expect(relayHost(host(61))).toEqual([]);
    expect(relayHost(host(62))).toEqual([
      `devEnvironmentClusters[0].relay.hostname: is "${host(62).slice(0, 77)}..."; must be a fully qualified DNS name in lowercase, such as codecanvas.example.com`,
    ]);
  });

  test('vaultUrl: text before https:// is refused with the whole rule; a pasted leading space is named as such', () => {
    expect(messages(withField(minimalConfig(), 'secrets.keyVault.vaultUrl', 'x https://codecanvas-kv.vault.azure.net/'))).toEqual([
      'secrets.keyVault.vaultUrl: is "x https://codecanvas-kv.vault.azure.net/"; must be a Key Vault URL https://<vault>.<suffix>/ with suffix vault.azure.net, vault.azure.cn, vault.usgovcloudapi.net, vault.microsoftazure.de (no path, port, query or credentials)',
    ]);
    expect(messages(withField(minimalConfig(), 'secrets.keyVault.vaultUrl', ' https://codecanvas-kv.vault.azure.net/'))).toEqual([
      'secrets.keyVault.vaultUrl: is " https://codecanvas-kv.vault.azure.net/"; has whitespace at its start: remove it (it would become part of the value)',
    ]);
  });
});

describe('secrets stay out of the config: private keys anywhere, chart secrets in values', () => {
  const PRIVATE_KEY_RULE =
    'holds a private key, which must not be in a config file (it is committed to Git): keep private keys in the secret ' +
    'source (a Key Vault secret, an environment variable, or a SealedSecret; `codecanvas-cdk8s keys` generates them and writes ' +
    'them there) and give the config only the public half';
  const P256_RULE =
    'must be the PEM of an EC prime256v1 (P-256) public key ("-----BEGIN PUBLIC KEY-----", SPKI), as `codecanvas-cdk8s keys` writes it to public.yaml';
  /** The lines of key material after the header: none of it may appear in a message. */
  const keyLines = (pem: string) => pem.split('\n').slice(1, -2);
  const ecPkcs8 = () =>
    crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

  test('a private key as a value: named by its path, never shown, reported once (also where a public key belongs)', () => {
    const key = ecPkcs8();
    let config = withField(minimalConfig(), 'database.username', key);
    config = withField(config, 'devEnvironmentClusters', [{ name: 'dev', relay: { jwtPublicKey: key } }]);
    const issues = checkConfig(config);
    expect(issues).toEqual([
      { path: 'database.username', value: '(a private key)', rule: PRIVATE_KEY_RULE },
      { path: 'devEnvironmentClusters[0].relay.jwtPublicKey', value: '(a private key)', rule: PRIVATE_KEY_RULE },
    ]);
    const text = issues.map(formatIssue).join('\n');
    expect(keyLines(key).filter((line) => text.includes(line))).toEqual([]);
  });

  test('a PuTTY private key file (.ppk) is a private key too', () => {
    const ppk = 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20250101\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIGz1\n';
    expect(checkConfig(withField(minimalConfig(), 'application.values.jump.hostKey', ppk))).toEqual([
      { path: 'application.values.jump.hostKey', value: '(a private key)', rule: PRIVATE_KEY_RULE },
    ]);
  });

  test('a private key as a mapping key: reported at its mapping, and no other message prints the key', () => {
    const key = ecPkcs8();
    const config: Record<string, any> = withField(minimalConfig(), 'application.values', { empty: null });
    config.database[key] = 'x';
    config.application.values[key] = { password: 'under-the-key', host: 'X_PLACEHOLDER', again: key };
    config[key] = { port: 'not a number' };
    const issues = checkConfig(config);
    expect(issues).toEqual([
      { path: 'database', value: '(a private key as a mapping key)', rule: PRIVATE_KEY_RULE },
      { path: 'application.values', value: '(a private key as a mapping key)', rule: PRIVATE_KEY_RULE },
      { path: '(root)', value: '(a private key as a mapping key)', rule: PRIVATE_KEY_RULE },
    ]);
    const text = issues.map(formatIssue).join('\n');
    expect(keyLines(key).filter((line) => text.includes(line))).toEqual([]);
  });

  test('a public key of a type node:crypto does not name (SM2) is refused, and the message says node:crypto does not name its type', () => {
    const sm2 = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', relay: { jwtPublicKey: sm2 } }]);
    expect(checkConfig(config)).toEqual([
      { path: 'devEnvironmentClusters[0].relay.jwtPublicKey', value: sm2, rule: `${P256_RULE}; it is a key of a type node:crypto does not name` },
    ]);
  });

  test('a DSA public key is refused with its type, in words a sentence can hold', () => {
    const dsa = crypto.generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', relay: { jwtPublicKey: dsa } }]);
    expect(checkConfig(config)).toEqual([{ path: 'devEnvironmentClusters[0].relay.jwtPublicKey', value: dsa, rule: `${P256_RULE}; it is a key of type dsa` }]);
  });

  /** The rule for a chart secret in values, with where the value belongs instead. */
  const secretRule = (belongs: string) =>
    `is a secret the chart reads, and values are written in plain text into the output: put it in ${belongs}, ` +
    'or set secrets.allowPlaintextSecrets: true to write it in plain text on purpose';
  const ANY_SOURCE = 'the secret source (a Key Vault secret, an environment variable or a SealedSecret)';
  const KEYS = "the secret source, where `codecanvas-cdk8s keys` writes the cluster's keys";
  const DATABASE = 'the secret source (secrets.names.databasePassword)';
  const chartSecrets: Array<[string, unknown, string]> = [
    ['application.values.password', 'p', ANY_SOURCE],
    ['application.values.application.secret.redis.password', 'p', ANY_SOURCE],
    ['application.values.application.secret.codecanvas.localAdministrator.password', 'p', 'the secret source with localAdministrator.setPassword: true (secrets.names.adminPassword)'],
    ['application.values.application.secret.codecanvas.localAdministrator.clientSecret', 'p', ANY_SOURCE],
    ['application.values.application.secret.postgresql.password', 'p', DATABASE],
    ['application.values.application.secret.postgresql.accessKey', 'p', ANY_SOURCE],
    ['application.values.application.envs.DB_PASSWORD', 'p', DATABASE],
    ['application.values.application.secret.objectStorage.secretKey', 12345, ANY_SOURCE],
    ['application.values.application.secret.objectStorage.credentialsJsonContent', '{"type":"service_account"}', ANY_SOURCE],
    ['application.values.application.secret.codecanvas.oauth.encodingKey', 'k', ANY_SOURCE],
    ['application.values.application.secret.codecanvas.oauth.encodingKey2fa', 'k', ANY_SOURCE],
    ['application.values.application.secret.codecanvas.oauth.messageEncodingKey', 'k', ANY_SOURCE],
    ['application.values.application.appConfig.codecanvas.jump.jumpHostPrivateKey', 'k', KEYS],
    ['devEnvironmentClusters.0.operator.values.operator.secret.OPERATOR_JWTPRIVATEKEY', 'k', KEYS],
  ];
  test.each(chartSecrets)('a chart secret in values is refused, not shown, with where it belongs: %s', (field, value, belongs) => {
    const config = withField(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev' }]), field, value);
    expect(checkConfig(config)).toEqual([{ path: field.replace('.0.', '[0].'), value: '(a secret value)', rule: secretRule(belongs) }]);
  });

  test('a chart secret inside a list in values is named by its index', () => {
    const config = withField(minimalConfig(), 'application.values.extraEnv', [{ name: 'A' }, { password: 'p' }]);
    expect(checkConfig(config)).toEqual([{ path: 'application.values.extraEnv[1].password', value: '(a secret value)', rule: secretRule(ANY_SOURCE) }]);
  });

  test('of an oauth rsa pair only the private half is a secret; empty values, mappings and other "private" keys are not', () => {
    const values = {
      application: {
        secret: {
          postgresql: { password: '' },
          redis: { password: null },
          objectStorage: { accessKey: { fromSecret: 'storage-keys' } },
          codecanvas: { oauth: { accessToken: { rsa: { private: 'k', public: 'pub' } }, signing: { private: 'not-a-chart-secret' } } },
        },
      },
    };
    expect(checkConfig(withField(minimalConfig(), 'application.values', values))).toEqual([
      { path: 'application.values.application.secret.codecanvas.oauth.accessToken.rsa.private', value: '(a secret value)', rule: secretRule(KEYS) },
    ]);
  });
});

describe('derived names: relay hosts, Secret names and shell-safe cluster names', () => {
  const d = 'codecanvas.example.com';
  const labelRule = (n: number) =>
    `makes the relay host label gateway-<name> ${n} characters long (DNS allows 63): use at most 55 characters, or set relay.hostname`;

  test('the relay host label rule applies only to a later cluster without its own relay.hostname, and only with a domain', () => {
    const long = `dev-${'x'.repeat(52)}`; // gateway-<long> is 64 characters
    // The first cluster's relay host is gateway.<domain>: its name is not part of it.
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: long }]))).toEqual([]);
    // A later cluster: refused, naming the length.
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev' }, { name: long }]))).toEqual([
      `devEnvironmentClusters[1].name: is "${long}"; ${labelRule(64)}`,
    ]);
    // A later cluster with its own relay.hostname: the name makes no host.
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev' }, { name: long, relay: { hostname: `relay.${d}` } }]))).toEqual([]);
    // Without a domain only the missing domain is reported (no host is derived, none collides).
    const noDomain = withField(withField(minimalConfig(), 'domain', undefined), 'devEnvironmentClusters', [
      { name: 'dev', relay: RELAY_ON },
      { name: long, relay: RELAY_ON },
      { name: 'dev-two', relay: RELAY_ON },
    ]);
    expect(messages(noDomain)).toEqual(['domain: is required']);
  });

  test('a relay.hostname that is not text counts as unset for the relay host rules', () => {
    const long = `dev-${'x'.repeat(52)}`;
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev' }, { name: long, relay: { hostname: 5 } }]))).toEqual([
      'devEnvironmentClusters[1].relay.hostname: is 5; must be a string: YAML reads the unquoted 5 as a number; quote it ("5")',
      `devEnvironmentClusters[1].name: is "${long}"; ${labelRule(64)}`,
    ]);
  });

  test('gateway-<name>.<domain> may have at most 253 characters', () => {
    // A domain of 238 characters, the longest computeservice.<domain> allows.
    const domain = `${['a', 'b', 'c'].map((c) => c.repeat(63)).join('.')}.${'d'.repeat(42)}.com`;
    expect(domain).toHaveLength(238);
    const clusters = (name: string) => withField(withField(minimalConfig(), 'domain', domain), 'devEnvironmentClusters', [{ name: 'dev' }, { name }]);
    // gateway-abcdef.<domain>: 15 + 238 = 253 characters.
    expect(messages(clusters('abcdef'))).toEqual([]);
    expect(messages(clusters('abcdefg'))).toEqual([
      'devEnvironmentClusters[1].name: is "abcdefg"; makes the relay host gateway-<name>.<domain> longer than DNS\'s 253 characters: shorten the name or the domain, or set relay.hostname',
    ]);
    // Its own relay.hostname frees the name.
    expect(messages(withField(clusters('abcdefg'), 'devEnvironmentClusters.1.relay', { hostname: 'relay.example.com' }))).toEqual([]);
  });

  test('a later cluster\'s derived relay host gateway-<name>.<domain> may not be a host the installation serves already', () => {
    const clusters = (second: object) =>
      withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', relay: { hostname: `gateway-b.${d}` } }, { name: 'b', ...second }]);
    expect(messages(clusters({ relay: RELAY_ON }))).toEqual([
      `devEnvironmentClusters[1].relay.hostname: is "gateway-b.${d}"; is already the host of devEnvironmentClusters[0].relay.hostname: every host of the installation must be different (one Ingress per host)`,
    ]);
    // A relay that is not enabled serves no host, so its derived host collides with nothing.
    expect(messages(clusters({}))).toEqual([]);
    expect(messages(clusters({ relay: { enabled: false } }))).toEqual([]);
  });

  test('an explicit relay.hostname must be unique even when the relay is not enabled, and a collision names the first owner', () => {
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev' }, { name: 'b', relay: { hostname: d } }]))).toEqual([
      `devEnvironmentClusters[1].relay.hostname: is "${d}"; is already the host of domain: every host of the installation must be different (one Ingress per host)`,
    ]);
    // The disabled relay of the second cluster does not take over the host of the first.
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [
      { name: 'dev', relay: { hostname: `gateway-b.${d}` } },
      { name: 'b' },
      { name: 'c', relay: { hostname: `gateway-b.${d}` } },
    ]);
    expect(messages(config)).toEqual([
      `devEnvironmentClusters[2].relay.hostname: is "gateway-b.${d}"; is already the host of devEnvironmentClusters[0].relay.hostname: every host of the installation must be different (one Ingress per host)`,
    ]);
  });

  test('with secrets from environment variables a cluster name may hold digits but not start with one', () => {
    const config = (name: string) => withField(withField(minimalConfig(), 'secrets', { source: 'env', allowPlaintextSecrets: true }), 'devEnvironmentClusters', [{ name }]);
    expect(messages(config('dev2'))).toEqual([]);
    expect(messages(config('1dev-eu'))).toEqual([
      'devEnvironmentClusters[0].name: is "1dev-eu"; starts with a digit, so its environment variable names (such as 1DEV_EU_JUMP_JWT_PRIVATE_KEY) cannot be exported by a shell: start the name with a letter (secrets.source env reads those variables)',
    ]);
  });

  test('the two Secret names of the application namespace must differ, defaults included', () => {
    const rule = 'is also database.secretName: two Secrets in one namespace need different names';
    expect(messages(withField(minimalConfig(), 'objectStorage.secretName', 'codecanvas-db-secret-ext'))).toEqual([
      `objectStorage.secretName: is "codecanvas-db-secret-ext"; ${rule}`,
    ]);
    expect(messages(withField(minimalConfig(), 'database.secretName', 'codecanvas-objectstorage-secret-ext'))).toEqual([
      `objectStorage.secretName: is "codecanvas-objectstorage-secret-ext"; ${rule}`,
    ]);
  });

  test('database or objectStorage that is empty or not a mapping gets its own message, not a crash', () => {
    expect(messages(withField(minimalConfig(), 'database', null))).toEqual([
      'database: is null; must be a mapping of field names to values: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field',
    ]);
    expect(messages(withField(minimalConfig(), 'objectStorage', null))).toEqual([
      'objectStorage: is null; must be a mapping of field names to values: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field',
    ]);
  });

  test('clusters without a name or with an empty entry get their own messages, not a duplicate-name error or a crash', () => {
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{}, {}]))).toEqual([
      'devEnvironmentClusters[0].name: is required',
      'devEnvironmentClusters[1].name: is required',
    ]);
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [null, { name: 'dev' }]))).toEqual([
      'devEnvironmentClusters[0]: is null; must be a mapping of field names to values: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field',
    ]);
  });
});

test('a database or objectStorage that is not a mapping counts with its default Secret name in the Secret name clash', () => {
  const rule = 'is also database.secretName: two Secrets in one namespace need different names';
  const nullRule = 'must be a mapping of field names to values: the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field';
  expect(messages(withField(withField(minimalConfig(), 'database', null), 'objectStorage.secretName', 'codecanvas-db-secret-ext'))).toEqual([
    `database: is null; ${nullRule}`,
    `objectStorage.secretName: is "codecanvas-db-secret-ext"; ${rule}`,
  ]);
  expect(messages(withField(withField(minimalConfig(), 'objectStorage', null), 'database.secretName', 'codecanvas-objectstorage-secret-ext'))).toEqual([
    `objectStorage: is null; ${nullRule}`,
    `objectStorage.secretName: is "codecanvas-objectstorage-secret-ext"; ${rule}`,
  ]);
});

describe('cross-field rules on values of the wrong type, secret names and derived host lengths', () => {
  const NOT_A_MAPPING = 'must be a mapping of field names to values';
  const EMPTY = ': the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field';

  test('an application, cluster or release that is null or text gets only its type message (the cross-field rules skip it)', () => {
    expect(messages(withField(minimalConfig(), 'application', null))).toEqual([`application: is null; ${NOT_A_MAPPING}${EMPTY}`]);
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [null]))).toEqual([
      `devEnvironmentClusters[0]: is null; ${NOT_A_MAPPING}${EMPTY}`,
    ]);
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', relay: null, jump: null, operator: null }]))).toEqual([
      `devEnvironmentClusters[0].relay: is null; ${NOT_A_MAPPING}${EMPTY}`,
      `devEnvironmentClusters[0].jump: is null; ${NOT_A_MAPPING}${EMPTY}`,
      `devEnvironmentClusters[0].operator: is null; ${NOT_A_MAPPING}${EMPTY}`,
    ]);
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', relay: 'gateway.codecanvas.example.com' }]))).toEqual([
      `devEnvironmentClusters[0].relay: is "gateway.codecanvas.example.com"; ${NOT_A_MAPPING}`,
    ]);
  });

  test('a cluster name that is not text gets only its type message, not a relay host label rule', () => {
    const config = withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev' }, { name: ['x'.repeat(70)] }]);
    expect(messages(config)).toEqual(['devEnvironmentClusters[1].name: is a list; must be a string']);
  });

  test('secrets.names that is not a mapping, or a name that is not text, gets only its type message', () => {
    expect(messages(withField(minimalConfig(), 'secrets.names', 'db_password'))).toEqual([`secrets.names: is "db_password"; ${NOT_A_MAPPING}`]);
    expect(messages(withField(minimalConfig(), 'secrets.names', { databasePassword: 12.5 }))).toEqual([
      'secrets.names.databasePassword: is 12.5; must be a string: YAML reads the unquoted 12.5 as a number; quote it ("12.5")',
    ]);
  });

  test('secret names follow the source: Key Vault names take "-", environment variable names take "_"', () => {
    const KEY_VAULT_RULE = 'must be an Azure Key Vault secret name: 1-127 letters, digits and "-"';
    const ENV_RULE = 'must be an environment variable name: letters, digits and "_", not starting with a digit';
    const sealed = { certificateFile: 'sealed-secrets.pem' };
    expect(messages(withField(minimalConfig(), 'secrets.names', { databasePassword: 'db-password' }))).toEqual([]);
    expect(messages(withField(minimalConfig(), 'secrets.names', { databasePassword: 'DB_PASSWORD' }))).toEqual([
      `secrets.names.databasePassword: is "DB_PASSWORD"; ${KEY_VAULT_RULE}`,
    ]);
    expect(messages(withField(minimalConfig(), 'secrets', { source: 'env', allowPlaintextSecrets: true, names: { databasePassword: 'DB_PASSWORD' } }))).toEqual([]);
    expect(messages(withField(minimalConfig(), 'secrets', { source: 'sealedSecrets', sealedSecrets: sealed, names: { databasePassword: 'DB_PASSWORD' } }))).toEqual([]);
    expect(messages(withField(minimalConfig(), 'secrets', { source: 'sealedSecrets', sealedSecrets: sealed, names: { databasePassword: 'db-password' } }))).toEqual([
      `secrets.names.databasePassword: is "db-password"; ${ENV_RULE}`,
    ]);
  });

  test('a chart secret in values is named by its full path, also at a two-digit index and in a list given as values', () => {
    const rule =
      'is a secret the chart reads, and values are written in plain text into the output: put it in the secret source (a Key Vault secret, ' +
      'an environment variable or a SealedSecret), or set secrets.allowPlaintextSecrets: true to write it in plain text on purpose';
    const env = Array.from({ length: 11 }, (_, i) => (i === 10 ? { password: 'p' } : { name: `VAR_${i}` }));
    expect(messages(withField(minimalConfig(), 'application.values', { env }))).toEqual([
      `application.values.env[10].password: is "(a secret value)"; ${rule}`,
    ]);
    expect(messages(withField(minimalConfig(), 'application.values', [{ password: 'p' }]))).toEqual([
      'application.values: is a list; must be a mapping of keys to values (such as chart values)',
      `application.values[0].password: is "(a secret value)"; ${rule}`,
    ]);
  });

  test('the domain may have 238 characters (computeservice.<domain> is then 253), not 239', () => {
    const d238 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(46)}`;
    expect(messages(withField(minimalConfig(), 'domain', d238))).toEqual([]);
    expect(messages(withField(minimalConfig(), 'domain', `${d238}d`))).toEqual([
      `domain: is "${'a'.repeat(63)}.${'b'.repeat(13)}..."; is 239 characters long; the derived host computeservice.<domain> must stay within DNS's 253 characters, so the domain may have at most 238`,
    ]);
  });

  test('a domain that is missing or not text gets only its own message: no host derives from it', () => {
    expect(messages(withField(minimalConfig(), 'domain', ['a'.repeat(250)]))).toEqual(['domain: is a list; must be a string']);
    const clusters = [{ name: 'dev', relay: { ...RELAY_ON, hostname: '' } }, { name: 'x'.repeat(60) }];
    expect(messages(withField(withField(minimalConfig(), 'domain', undefined), 'devEnvironmentClusters', clusters))).toEqual([
      'domain: is required',
      'devEnvironmentClusters[0].relay.hostname: is ""; must be a fully qualified DNS name in lowercase, such as codecanvas.example.com',
    ]);
  });
});

describe('schema rules at their boundaries: the exact lines a user sees', () => {
  const cluster = (fields: Record<string, unknown>) => withField(minimalConfig(), 'devEnvironmentClusters', [{ name: 'dev', ...fields }]);
  const EMPTY = 'the field is empty (YAML reads an empty value, ~ or null as null); give a value or remove the field';

  test('a number field given text says it must be a number; given nothing (null) it also says the field is empty', () => {
    expect(messages(withField(minimalConfig(), 'database.port', 'x'))).toEqual(['database.port: is "x"; must be a number']);
    expect(messages(withField(minimalConfig(), 'database.port', null))).toEqual([`database.port: is null; must be a number: ${EMPTY}`]);
    expect(messages(withField(minimalConfig(), 'application.replicas', 'two'))).toEqual(['application.replicas: is "two"; must be a number']);
    expect(messages(withField(minimalConfig(), 'application.replicas', null))).toEqual([`application.replicas: is null; must be a number: ${EMPTY}`]);
    expect(messages(cluster({ operator: { replicas: 'one', autoscaling: { maxReplicas: null } } }))).toEqual([
      'devEnvironmentClusters[0].operator.replicas: is "one"; must be a number',
      `devEnvironmentClusters[0].operator.autoscaling.maxReplicas: is null; must be a number: ${EMPTY}`,
    ]);
  });

  test('operator replicas and autoscaling figures must be whole numbers from 1', () => {
    expect(messages(cluster({ operator: { replicas: 0, autoscaling: { minReplicas: 1.5, maxReplicas: 1 } } }))).toEqual([
      'devEnvironmentClusters[0].operator.replicas: is 0; must be an integer >= 1',
      'devEnvironmentClusters[0].operator.autoscaling.minReplicas: is 1.5; must be an integer >= 1',
    ]);
  });

  test('an empty database name or user is refused', () => {
    expect(messages(withField(withField(minimalConfig(), 'database.name', ''), 'database.username', ''))).toEqual([
      'database.name: is ""; must not be empty',
      'database.username: is ""; must not be empty',
    ]);
  });

  test('gitops repoURL, revision and path each name their rule', () => {
    expect(messages(withField(minimalConfig(), 'gitops', { repoURL: 'git@github.com:acme/platform.git', revision: '-main', path: '../deploy' }))).toEqual([
      'gitops.repoURL: is "git@github.com:acme/platform.git"; must be an https:// or ssh:// Git URL (Flux accepts no scp-style git@host:path)',
      'gitops.revision: is "-main"; must be a Git branch name such as main; it must not start with "-"',
      'gitops.path: is "../deploy"; must be a relative path inside the repository without "." or ".." segments, such as dist or deploy/codecanvas',
    ]);
  });

  test('operator resources must be Kubernetes quantities', () => {
    expect(messages(cluster({ operator: { resources: { requests: { cpu: '1 core' }, limits: { memory: '1GB' } } } }))).toEqual([
      'devEnvironmentClusters[0].operator.resources.requests.cpu: is "1 core"; must be a Kubernetes quantity such as 500m, 1, 512Mi or 2Gi',
      'devEnvironmentClusters[0].operator.resources.limits.memory: is "1GB"; must be a Kubernetes quantity such as 500m, 1, 512Mi or 2Gi',
    ]);
  });

  test('a jump load balancer IP must be an IPv4 address', () => {
    expect(messages(cluster({ jump: { ssh: { type: 'LoadBalancer', loadBalancerIP: '10.0.0' } } }))).toEqual([
      'devEnvironmentClusters[0].jump.ssh.loadBalancerIP: is "10.0.0"; must be an IPv4 address: four numbers 0-255 without leading zeros, such as 10.0.0.10',
    ]);
    expect(messages(cluster({ jump: { ssh: { type: 'LoadBalancer', loadBalancerIP: '10.0.0.256' } } }))).toEqual([
      'devEnvironmentClusters[0].jump.ssh.loadBalancerIP: is "10.0.0.256"; must be an IPv4 address: four numbers 0-255 without leading zeros, such as 10.0.0.10',
    ]);
  });

  test('a cluster needs at least one StorageClass and one VolumeSnapshotClass', () => {
    expect(messages(cluster({ storageClasses: [], volumeSnapshotClasses: [] }))).toEqual([
      'devEnvironmentClusters[0].storageClasses: is a list; must list at least one StorageClass',
      'devEnvironmentClusters[0].volumeSnapshotClasses: is a list; must list at least one VolumeSnapshotClass',
    ]);
  });

  test('StorageClass and VolumeSnapshotClass names must be unique within a cluster', () => {
    expect(messages(cluster({ storageClasses: [{ name: 'fast' }, { name: 'fast' }], volumeSnapshotClasses: [{ name: 'snap' }, { name: 'snap' }] }))).toEqual([
      'devEnvironmentClusters[0].storageClasses[1].name: is "fast"; duplicates storageClasses[0].name: names must be unique',
      'devEnvironmentClusters[0].volumeSnapshotClasses[1].name: is "snap"; duplicates volumeSnapshotClasses[0].name: names must be unique',
    ]);
  });

  test('hostname, loadBalancerIP and loadBalancer are refused for a NodePort (the default) and accepted for a LoadBalancer', () => {
    const lb = { hostname: 'ssh.example.com', loadBalancerIP: '10.0.0.4', loadBalancer: 'internal' };
    const rule = 'applies only to jump.ssh.type LoadBalancer (a NodePort has no load balancer or DNS name of its own)';
    const refused = [
      `devEnvironmentClusters[0].jump.ssh.hostname: is "ssh.example.com"; ${rule}`,
      `devEnvironmentClusters[0].jump.ssh.loadBalancerIP: is "10.0.0.4"; ${rule}`,
      `devEnvironmentClusters[0].jump.ssh.loadBalancer: is "internal"; ${rule}`,
    ];
    expect(messages(cluster({ jump: { ssh: lb } }))).toEqual(refused);
    expect(messages(cluster({ jump: { ssh: { type: 'NodePort', ...lb } } }))).toEqual(refused);
    expect(messages(cluster({ jump: { ssh: { type: 'LoadBalancer', ...lb } } }))).toEqual([]);
  });

  test('cluster entries, jump or ssh that are not mappings get one message each (the cross-field rules do not fail on them)', () => {
    expect(messages(withField(minimalConfig(), 'devEnvironmentClusters', [7, 'dev', null, { name: 'dev' }]))).toEqual([
      'devEnvironmentClusters[0]: is 7; must be a mapping of field names to values',
      'devEnvironmentClusters[1]: is "dev"; must be a mapping of field names to values',
      `devEnvironmentClusters[2]: is null; must be a mapping of field names to values: ${EMPTY}`,
    ]);
    expect(messages(cluster({ jump: null }))).toEqual([`devEnvironmentClusters[0].jump: is null; must be a mapping of field names to values: ${EMPTY}`]);
    expect(messages(cluster({ jump: 'yes' }))).toEqual(['devEnvironmentClusters[0].jump: is "yes"; must be a mapping of field names to values']);
    expect(messages(cluster({ jump: { ssh: null } }))).toEqual([`devEnvironmentClusters[0].jump.ssh: is null; must be a mapping of field names to values: ${EMPTY}`]);
    expect(messages(cluster({ jump: { ssh: 'LoadBalancer' } }))).toEqual(['devEnvironmentClusters[0].jump.ssh: is "LoadBalancer"; must be a mapping of field names to values']);
  });

  test('secrets that are not a mapping are reported; an empty one still asks for keyVault (the default source), a string or list does not', () => {
    const keyVault = 'secrets.keyVault: is required when secrets.source is keyVault (give at least vaultUrl)';
    expect(messages(withField(minimalConfig(), 'secrets', null))).toEqual([`secrets: is null; must be a mapping of field names to values: ${EMPTY}`, keyVault]);
    expect(messages(withField(minimalConfig(), 'secrets', 'env'))).toEqual(['secrets: is "env"; must be a mapping of field names to values']);
    expect(messages(withField(minimalConfig(), 'secrets', ['sealedSecrets']))).toEqual(['secrets: is a list; must be a mapping of field names to values']);
    expect(messages(withField(minimalConfig(), 'secrets', {}))).toEqual([keyVault]);
    const withoutSecrets = minimalConfig();
    delete (withoutSecrets as { secrets?: unknown }).secrets;
    expect(messages(withoutSecrets)).toEqual([keyVault]);
  });
});

describe('the cluster rules with clusters that break other rules', () => {
  const helm = () => withField(withField(exampleConfig(), 'delivery', { mode: 'helm' }), 'gitops', undefined);
  const releaseProblems = (raw: unknown) => messages(raw).filter((m) => m.includes('two Helm releases in one namespace'));

  test('only enabled releases need names of their own in the system namespace', () => {
    const jumpNamedLikeRelay = withField(helm(), 'devEnvironmentClusters.0.jump', { enabled: true, releaseName: 'codecanvas-relay' });
    expect(releaseProblems(withField(jumpNamedLikeRelay, 'devEnvironmentClusters.0.relay', { enabled: false }))).toEqual([]);
    expect(releaseProblems(withField(jumpNamedLikeRelay, 'devEnvironmentClusters.0.relay', RELAY_ON))).toEqual([
      expect.stringMatching(/^devEnvironmentClusters\[0\]\.jump\.releaseName: is "codecanvas-relay"; is also devEnvironmentClusters\[0\]\.relay\.releaseName: /),
    ]);
  });

  test('a cluster that is not a mapping is reported as such, in every delivery mode', () => {
    for (const raw of [helm(), exampleConfig()]) {
      const broken = withField(raw, 'devEnvironmentClusters', [null, ...raw.devEnvironmentClusters]);
      expect(messages(broken)).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]: is null; must be a mapping/)]);
    }
  });

  test('two clusters of one name are one problem, not also two secrets of one source key', () => {
    const raw = exampleConfig();
    const twice = withField(raw, 'devEnvironmentClusters', [raw.devEnvironmentClusters[0], { ...raw.devEnvironmentClusters[0], namespace: 'devenv-b' }]);
    expect(twice.devEnvironmentClusters[0].jump.enabled).toBe(true);
    expect(messages(twice).filter((m) => m.includes('source key'))).toEqual([]);
    expect(messages(twice)).toEqual(expect.arrayContaining([expect.stringMatching(/^devEnvironmentClusters\[1\]\.name: /)]));
  });
});

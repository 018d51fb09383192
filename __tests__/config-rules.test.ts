import { checkConfig, parseConfig } from '../lib/config/load';
import { ConfigError, formatIssue } from '../lib/config/errors';
import { exampleConfig, minimalConfig, withField } from './helpers';

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
    for (const host of [host253, 'x', 'x.example.com', `${'h'.repeat(63)}.example.com`, '10.0.0.4', 'fd00::4', '::ffff:10.0.0.4']) {
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

  test('vaultUrl: text before https:// (a pasted leading space) is refused with the whole rule', () => {
    expect(messages(withField(minimalConfig(), 'secrets.keyVault.vaultUrl', ' https://codecanvas-kv.vault.azure.net/'))).toEqual([
      'secrets.keyVault.vaultUrl: is " https://codecanvas-kv.vault.azure.net/"; must be a Key Vault URL https://<vault>.<suffix>/ with suffix vault.azure.net, vault.azure.cn, vault.usgovcloudapi.net, vault.microsoftazure.de (no path, port, query or credentials)',
    ]);
  });
});

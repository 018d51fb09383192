// How each secret source turns a SecretSpec into objects: which kind, which names and defaults, where the values go
// (and where they must not), and the messages a user gets. Each test builds its own chart.
import { Chart, Testing } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { EnvSecretSource, SAFE_ALTERNATIVES } from '../lib/secrets/env-secret-source';
import { KeyVaultSecretSource } from '../lib/secrets/key-vault-secret-source';
import { plainSecret, sortedRecord } from '../lib/secrets/plain-secret';
import { SealedSecretSource } from '../lib/secrets/sealed-secret-source';
import { SecretSpec } from '../lib/constructs/secret-source';
import { applySyncWaves } from '../lib/constructs/sync-wave';
import { testApp, testChart } from './helpers';

const WAVE = 'argocd.argoproj.io/sync-wave';
const CLIENT_ID = '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc';
const CERT = fs.readFileSync(path.join(__dirname, 'fixtures', 'sealed-secrets', 'tls.crt'), 'utf8');
const spec = (extra: Partial<SecretSpec> = {}): SecretSpec => ({
  name: 'db',
  namespace: 'codecanvas',
  literals: { HOST: 'pg' },
  secrets: { PASSWORD: { key: 'DB_PW', field: 'secrets.names.databasePassword' } },
  ...extra,
});
/**
 * Secret sources set no wave themselves (the composing construct places objects by kind): checks that nothing in
 * the chart carries a wave, runs applySyncWaves on it (as CodeCanvasInstallation does), checks it placed every
 * object, and returns the synthesized objects as a user of the installation sees them.
 */
const placed = (chart: Chart) => {
  expect(Testing.synth(chart).map((o) => o.metadata.annotations?.[WAVE])).toEqual(Testing.synth(chart).map(() => undefined));
  expect(applySyncWaves(chart)).toEqual([]);
  return Testing.synth(chart);
};
const errorsOf = (chart: Chart) => chart.node.findAll().flatMap((c) => c.node.validate());
const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

describe('plainSecret', () => {
  test('an Opaque Secret with Base64 data in key order, in the secrets wave', () => {
    const chart = testChart();
    plainSecret(chart, 's', 'n', 'ns', { B: 'two', A: 'ü' });
    const [secret] = placed(chart);
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'n', namespace: 'ns', annotations: { [WAVE]: '0' } },
      type: 'Opaque',
      data: { A: Buffer.from('ü', 'utf8').toString('base64'), B: 'dHdv' },
    });
    expect(Object.keys(secret.data)).toEqual(['A', 'B']);
  });
  test('sortedRecord orders keys', () => {
    expect(Object.keys(sortedRecord({ b: 1, a: 2, c: 3 }))).toEqual(['a', 'b', 'c']);
  });
});

describe('EnvSecretSource', () => {
  test('with the opt-in: the value from the environment, and the field recorded as plaintext', () => {
    const chart = testChart();
    const source = new EnvSecretSource({ env: { DB_PW: 'pw' }, allowPlaintext: true });
    source.materialize(chart, 's', spec());
    expect(errorsOf(chart)).toEqual([]);
    expect(decode(Testing.synth(chart)[0].data)).toEqual({ HOST: 'pg', PASSWORD: 'pw' });
    expect(source.plaintextFields).toEqual([{ field: 'secrets.names.databasePassword', secret: 'codecanvas/db' }]);
  });

  test('without the opt-in: one error naming the field, the Secret, the opt-in and the safe alternatives', () => {
    const chart = testChart();
    const source = new EnvSecretSource({ env: { DB_PW: 'pw' } });
    source.materialize(chart, 's', spec());
    expect(errorsOf(chart)).toEqual([
      `secrets.names.databasePassword: secrets.source env would write the value in plain text into Secret codecanvas/db; set secrets.allowPlaintextSecrets: true to accept that, or ${SAFE_ALTERNATIVES}`,
    ]);
    expect(SAFE_ALTERNATIVES).toBe('use secrets.source: keyVault (External Secrets Operator) or sealedSecrets instead');
    expect(source.plaintextFields).toEqual([]);
  });

  test('without the opt-in, several secret fields: one error listing them all, comma-separated', () => {
    const chart = testChart();
    const secrets = { PASSWORD: { key: 'DB_PW', field: 'secrets.names.databasePassword' }, TOKEN: { key: 'TOK', field: 'secrets.names.token' } };
    new EnvSecretSource({ env: { DB_PW: 'pw', TOK: 't' } }).materialize(chart, 's', spec({ secrets }));
    expect(errorsOf(chart)).toEqual([
      `secrets.names.databasePassword, secrets.names.token: secrets.source env would write the value in plain text into Secret codecanvas/db; set secrets.allowPlaintextSecrets: true to accept that, or ${SAFE_ALTERNATIVES}`,
    ]);
  });

  test('literals only: no opt-in needed, nothing recorded', () => {
    const chart = testChart();
    const source = new EnvSecretSource({ env: {} });
    source.materialize(chart, 's', spec({ secrets: undefined }));
    expect(errorsOf(chart)).toEqual([]);
    expect(source.plaintextFields).toEqual([]);
    expect(decode(Testing.synth(chart)[0].data)).toEqual({ HOST: 'pg' });
  });

  test.each([
    ['unset', {}],
    ['empty', { DB_PW: '' }],
  ])('a variable that is %s is reported with the key and the Secret, and written as ""', (_what, env) => {
    const chart = testChart();
    const data = new EnvSecretSource({ env, allowPlaintext: true }).readValues(chart, spec());
    expect(data).toEqual({ HOST: 'pg', PASSWORD: '' });
    expect(errorsOf(chart)).toEqual(['secrets.names.databasePassword: environment variable DB_PW is not set (needed for key PASSWORD of Secret codecanvas/db)']);
  });

  test('a value check reports the variable and the rule; a passing value reports nothing', () => {
    const check = { test: (v: string) => v.length > 3, rule: 'must be longer than 3 characters' };
    const s = spec({ secrets: { PASSWORD: { key: 'DB_PW', field: 'f', check } } });
    const bad = testChart();
    new EnvSecretSource({ env: { DB_PW: 'abc' }, allowPlaintext: true }).readValues(bad, s);
    expect(errorsOf(bad)).toEqual(['f: the value of environment variable DB_PW must be longer than 3 characters']);
    const good = testChart();
    new EnvSecretSource({ env: { DB_PW: 'abcd' }, allowPlaintext: true }).readValues(good, s);
    expect(errorsOf(good)).toEqual([]);
  });

  test('reads process.env by default', () => {
    process.env.CC_BEHAVIOUR_TEST_PW = 'from-process';
    try {
      const chart = testChart();
      new EnvSecretSource({ allowPlaintext: true }).materialize(chart, 's', spec({ secrets: { PASSWORD: { key: 'CC_BEHAVIOUR_TEST_PW', field: 'f' } } }));
      expect(decode(Testing.synth(chart)[0].data).PASSWORD).toBe('from-process');
    } finally {
      delete process.env.CC_BEHAVIOUR_TEST_PW;
    }
  });
});

describe('KeyVaultSecretSource', () => {
  const source = (extra: Partial<ConstructorParameters<typeof KeyVaultSecretSource>[0]> = {}) =>
    new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: CLIENT_ID, ...extra });

  test('defaults: a SecretStore codecanvas-key-vault per namespace, service account codecanvas-key-vault-reader, 1h refresh, owned target', () => {
    const chart = testChart();
    source().materialize(chart, 'db', spec());
    const objects = placed(chart);
    const store = objects.find((o) => o.kind === 'SecretStore');
    expect(store.metadata).toMatchObject({ name: 'codecanvas-key-vault', namespace: 'codecanvas' });
    expect(store.spec.provider.azurekv.serviceAccountRef).toEqual({ name: 'codecanvas-key-vault-reader' });
    const es = objects.find((o) => o.kind === 'ExternalSecret');
    expect(es.metadata).toEqual({ name: 'db', namespace: 'codecanvas', annotations: { [WAVE]: '0' } });
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'codecanvas-key-vault', kind: 'SecretStore' },
      target: { name: 'db', creationPolicy: 'Owner', template: { type: 'Opaque', engineVersion: 'v2', data: { HOST: 'pg', PASSWORD: '{{ .PASSWORD }}' } } },
      data: [{ secretKey: 'PASSWORD', remoteRef: { key: 'DB_PW' } }],
    });
  });

  test('one SecretStore per namespace, reused within it; names, interval and tenant are configurable', () => {
    const chart = testChart();
    const s = source({ storeName: 'vault', serviceAccountName: 'reader', refreshInterval: '5m', tenantId: '11111111-2222-3333-4444-555555555555' });
    s.materialize(chart, 'a', spec({ name: 'a' }));
    s.materialize(chart, 'b', spec({ name: 'b' }));
    s.materialize(chart, 'c', spec({ name: 'c', namespace: 'other' }));
    const objects = Testing.synth(chart);
    expect(objects.filter((o) => o.kind === 'SecretStore').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['codecanvas/vault', 'other/vault']);
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['codecanvas/reader', 'other/reader']);
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.refreshInterval)).toEqual(['5m', '5m', '5m']);
    expect(objects.find((o) => o.kind === 'SecretStore').spec.provider.azurekv.tenantId).toBe('11111111-2222-3333-4444-555555555555');
  });

  test('ClusterSecretStore: one per chart, whatever the namespaces, referenced by kind', () => {
    const app = testApp();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    const s = source({ storeKind: 'ClusterSecretStore' });
    s.materialize(one, 'a', spec({ name: 'a' }));
    s.materialize(one, 'b', spec({ name: 'b', namespace: 'other' }));
    s.materialize(two, 'c', spec({ name: 'c' }));
    const inOne = Testing.synth(one);
    expect(inOne.filter((o) => o.kind === 'ClusterSecretStore')).toHaveLength(1);
    expect(inOne.filter((o) => o.kind === 'SecretStore')).toHaveLength(0);
    expect(inOne.find((o) => o.kind === 'ExternalSecret').spec.secretStoreRef).toEqual({ name: 'codecanvas-key-vault', kind: 'ClusterSecretStore' });
    expect(Testing.synth(two).filter((o) => o.kind === 'ClusterSecretStore')).toHaveLength(1);
  });

  test('nothing secret in the spec: a plain Secret and no store', () => {
    const chart = testChart();
    source().materialize(chart, 's', spec({ secrets: {} }));
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Secret']);
    expect(decode(objects[0].data)).toEqual({ HOST: 'pg' });
  });

  test('remote entries are listed in key order', () => {
    const chart = testChart();
    source().materialize(chart, 's', spec({ literals: {}, secrets: { Z: { key: 'z', field: 'f' }, A: { key: 'a', field: 'f' }, M: { key: 'm', field: 'f' } } }));
    const es = Testing.synth(chart).find((o) => o.kind === 'ExternalSecret');
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['A', 'M', 'Z']);
    expect(Object.keys(es.spec.target.template.data)).toEqual(['A', 'M', 'Z']);
  });
});

describe('SealedSecretSource', () => {
  test('nothing secret in the spec: a plain, reviewable Secret', () => {
    const chart = testChart();
    new SealedSecretSource({ certificate: CERT, env: {} }).materialize(chart, 's', spec({ secrets: undefined }));
    const [obj] = Testing.synth(chart);
    expect(obj.kind).toBe('Secret');
    expect(decode(obj.data)).toEqual({ HOST: 'pg' });
  });

  test.each([
    ['strict', undefined],
    ['namespace-wide', { 'sealedsecrets.bitnami.com/namespace-wide': 'true' }],
    ['cluster-wide', { 'sealedsecrets.bitnami.com/cluster-wide': 'true' }],
  ] as const)('scope %s: annotations on the SealedSecret and on its template, secrets wave', (scope, annotations) => {
    const chart = testChart();
    const source = new SealedSecretSource({ certificate: CERT, scope, env: { DB_PW: 'pw' } });
    expect(source.scope).toBe(scope);
    source.materialize(chart, 's', spec());
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'db', namespace: 'codecanvas', ...(annotations ? { annotations } : {}) });
    const [obj] = placed(chart);
    expect(obj.kind).toBe('SealedSecret');
    expect(obj.metadata).toEqual({ name: 'db', namespace: 'codecanvas', annotations: { ...annotations, [WAVE]: '0' } });
    expect(obj.spec.template).toEqual({ metadata: { name: 'db', namespace: 'codecanvas', ...(annotations ? { annotations } : {}) }, type: 'Opaque' });
    expect(Object.keys(obj.spec.encryptedData)).toEqual(['HOST', 'PASSWORD']);
    expect(JSON.stringify(obj)).not.toContain('"pw"');
  });

  test('the default scope is strict', () => {
    expect(new SealedSecretSource({ certificate: CERT }).scope).toBe('strict');
  });

  test.each([
    ['', '(empty)'],
    ['   \n', '(empty)'],
    // Text that is not a PEM header is described, never quoted: the path may name a dotenv file with a password.
    ['hello', '(5 characters, not starting with a PEM header)'],
    ['DB_PASSWORD=hunter2\nOTHER=x\n', '(28 characters, not starting with a PEM header)'],
    [`-----BEGIN ${'X'.repeat(61)}-----\n`, '(78 characters, not starting with a PEM header)'],
    ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', '"-----BEGIN PUBLIC KEY-----"'],
    [`  -----BEGIN ${'Y'.repeat(60)}-----  \n`, `"-----BEGIN ${'Y'.repeat(60)}-----"`],
    // Blank lines before the header, and blanks around it on its own line, are not part of it.
    ['\n\n-----BEGIN PUBLIC KEY-----\nAAAA\n', '"-----BEGIN PUBLIC KEY-----"'],
    ['-----BEGIN PUBLIC KEY-----  \nAAAA\n', '"-----BEGIN PUBLIC KEY-----"'],
    // A header line with anything before or after it is not shown: that text may be a secret.
    ['PASSWORD=-----BEGIN PUBLIC KEY-----\n', '(36 characters, not starting with a PEM header)'],
    ['-----BEGIN PUBLIC KEY-----hunter2\n', '(34 characters, not starting with a PEM header)'],
  ])('a certificate that is not one (%j) is named as %s, with the config field and how to fetch it', (certificate, shown) => {
    expect(() => new SealedSecretSource({ certificate })).toThrow(
      `SealedSecretSource: secrets.sealedSecrets.certificateFile: the certificate ${shown} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" block); it must be the sealed-secrets controller's PEM certificate (kubeseal --fetch-cert > cert.pem)`,
    );
  });

  test('a certificate of the wrong type is described by its type', () => {
    expect(() => new SealedSecretSource({ certificate: 42 as unknown as string })).toThrow('the certificate (number) is not a PEM certificate');
  });
});

// The one-line breaks that went unnoticed (issue #12), each pinned by what a user would see: the output files,
// their order, the error a constructor throws, or what `diff` prints. Everything is built inside the test.
import * as yaml from 'js-yaml';
import { Testing } from 'cdk8s';
import { parseConfig } from '../lib/config/load';
import { Namespace } from '../lib/constructs/namespace';
import { DatabaseSecret } from '../lib/constructs/database-secret';
import { EnvSecretSource } from '../lib/secrets/env-secret-source';
import { KeyVaultSecretSource } from '../lib/secrets/key-vault-secret-source';
import { diffOutputs, renderDiff } from '../cli/diff';
import { synthesize } from '../cli/synth';
import { exampleConfig, ROOT, testChart, withField } from './helpers';

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: any };

/** The example (or a variant) synthesized now: file path -> parsed objects. */
function synthDocs(config: Record<string, any>): Record<string, Doc[]> {
  const files = synthesize({ config: parseConfig(config), source: 'test.yaml', baseDir: ROOT }).files;
  return Object.fromEntries(files.filter((f) => f.path.endsWith('.yaml')).map((f) => [f.path, yaml.loadAll(f.content) as Doc[]]));
}

/** `file: Kind name` for every object of `kind`. */
function whereIs(docs: Record<string, Doc[]>, kind: string): string[] {
  return Object.entries(docs).flatMap(([file, ds]) => ds.filter((d) => d.kind === kind).map((d) => `${file}: ${d.kind} ${d.metadata.name}`));
}

const WAVE = 'argocd.argoproj.io/sync-wave';

describe('DNS-1123 label length (63, not 253)', () => {
  test('a 63-character namespace is accepted, 64 characters are rejected naming the value', () => {
    const chart = testChart();
    expect(() => new Namespace(chart, 'ok', { name: 'a'.repeat(63) })).not.toThrow();
    expect(() => new Namespace(testChart(), 'bad', { name: 'a'.repeat(64) })).toThrow(`Namespace: name "${'a'.repeat(64)}" must be a DNS-1123 label`);
  });
  test('config: a 64-character dev-environment namespace is reported by the loader', () => {
    expect(() => parseConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.namespace', 'n'.repeat(64)))).toThrow(/devEnvironmentClusters\[0\]\.namespace/);
    expect(() => parseConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.namespace', 'n'.repeat(63)))).not.toThrow();
  });
});

describe('sync waves decide the apply order (file) and Argo CD\'s order (annotation)', () => {
  test('a ClusterSecretStore is a cluster resource: wave -1, in 10-cluster-resources.yaml, before the ExternalSecrets', () => {
    const docs = synthDocs(withField(exampleConfig(), 'secrets.keyVault.storeKind', 'ClusterSecretStore'));
    expect(whereIs(docs, 'ClusterSecretStore')).toEqual(['application/10-cluster-resources.yaml: ClusterSecretStore codecanvas-key-vault', 'dev-westeurope/10-cluster-resources.yaml: ClusterSecretStore codecanvas-key-vault']);
    const store = docs['application/10-cluster-resources.yaml'].find((d) => d.kind === 'ClusterSecretStore')!;
    expect(store.metadata.annotations?.[WAVE]).toBe('-1');
    expect(store.metadata.namespace).toBeUndefined();
    expect(whereIs(docs, 'ExternalSecret').every((w) => w.includes('/20-secrets.yaml'))).toBe(true);
    expect(whereIs(docs, 'SecretStore')).toEqual([]);
  });

  test('Flux: the OCIRepository is in the releases wave (1), next to its HelmRelease, after the Secrets', () => {
    const docs = synthDocs(withField(exampleConfig(), 'delivery', { mode: 'flux' }));
    const sources = whereIs(docs, 'OCIRepository');
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((w) => /\/30-releases\.yaml: /.test(w))).toBe(true);
    const source = docs['application/30-releases.yaml'].find((d) => d.kind === 'OCIRepository')!;
    expect(source.metadata.annotations?.[WAVE]).toBe('1');
    // In the file, the source comes before the release that refers to it.
    const kinds = docs['application/30-releases.yaml'].map((d) => d.kind);
    expect(kinds.indexOf('OCIRepository')).toBeLessThan(kinds.indexOf('HelmRelease'));
    const release = docs['application/30-releases.yaml'].find((d) => d.kind === 'HelmRelease')!;
    expect(release.spec.chartRef).toEqual({ kind: 'OCIRepository', name: source.metadata.name, namespace: source.metadata.namespace });
  });
});

describe('relay host names', () => {
  const twoClusters = () => {
    const config = exampleConfig();
    const second = { ...JSON.parse(JSON.stringify(config.devEnvironmentClusters[0])), name: 'dev-eastus' };
    config.devEnvironmentClusters.push(second);
    return config;
  };
  const relayHost = (docs: Record<string, Doc[]>, cluster: string) => {
    const app = docs[`${cluster}/30-releases.yaml`].find((d) => d.kind === 'Application' && /relay/.test(d.metadata.name))!;
    return app.spec.source.helm.valuesObject.application.ingress;
  };

  test('the first cluster\'s relay is gateway.<domain>, later ones gateway-<cluster>.<domain>, each with its TLS host', () => {
    const docs = synthDocs(twoClusters());
    const domain = exampleConfig().domain;
    expect(relayHost(docs, 'dev-westeurope')).toMatchObject({ hostname: `gateway.${domain}`, tls: [{ hosts: [`gateway.${domain}`] }] });
    expect(relayHost(docs, 'dev-eastus')).toMatchObject({ hostname: `gateway-dev-eastus.${domain}`, tls: [{ hosts: [`gateway-dev-eastus.${domain}`] }] });
  });

  test('a configured relay hostname wins over the default', () => {
    const docs = synthDocs(withField(twoClusters(), 'devEnvironmentClusters.1.relay.hostname', 'relay.example.org'));
    expect(relayHost(docs, 'dev-eastus').hostname).toBe('relay.example.org');
  });
});

describe('ExternalSecret templates: literal values are never read as Go template syntax', () => {
  const external = (literal: string) => {
    const chart = testChart();
    new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' }).materialize(chart, 's', {
      name: 'db',
      namespace: 'codecanvas',
      literals: { DB_HOST: literal },
      secrets: { DB_PASSWORD: { key: 'db-password', field: 'secrets.names.dbPassword' } },
    });
    return Testing.synth(chart).find((d) => d.kind === 'ExternalSecret');
  };

  test.each([
    ['pg{{x}}.example.com', '{{ "pg{{x}}.example.com" }}'],
    ['a{{b', '{{ "a{{b" }}'],
    ['a}}b', '{{ "a}}b" }}'],
    ['pg.example.com', 'pg.example.com'],
    ['{single}', '{single}'],
  ])('literal %j becomes %j', (literal, templated) => {
    const es = external(literal);
    expect(es.spec.target.template.data.DB_HOST).toBe(templated);
    expect(es.spec.target.template.data.DB_PASSWORD).toBe('{{ .DB_PASSWORD }}');
    expect(es.spec.data).toEqual([{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'db-password' } }]);
  });
});

describe('DatabaseSecret port bounds', () => {
  const build = (port: number) => {
    const chart = testChart();
    new DatabaseSecret(chart, 'db', {
      namespace: 'codecanvas', host: 'pg', database: 'cc', username: 'u', port,
      password: { key: 'P', field: 'secrets.names.P' },
      source: new EnvSecretSource({ env: { P: 'pw' }, allowPlaintext: true }),
    });
    return Buffer.from(Testing.synth(chart)[0].data.DB_PORT, 'base64').toString();
  };
  test.each([1, 5433, 65535])('port %d is written as DB_PORT', (port) => {
    expect(build(port)).toBe(String(port));
  });
  test.each([0, -1, 65536, 5432.5, Number.NaN])('port %d is rejected naming the port and the range', (port) => {
    expect(() => build(port)).toThrow(`DatabaseSecret: port ${port} must be an integer between 1 and 65535`);
  });
});

describe('diff never shows secret values', () => {
  const sealed = (value: string) =>
    yaml.dump({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db', namespace: 'codecanvas' }, spec: { encryptedData: { DB_PASSWORD: value } } });

  test('a changed SealedSecret names the field, not the ciphertext', () => {
    const text = renderDiff(diffOutputs(new Map([['application/20-secrets.yaml', sealed('AgBOLDciphertext')]]), [{ path: 'application/20-secrets.yaml', content: sealed('AgBNEWciphertext') }]));
    expect(text).toContain('~ SealedSecret codecanvas/db  (20-secrets.yaml)');
    expect(text).toContain('spec.encryptedData.DB_PASSWORD: changed (value not shown)');
    expect(text).not.toMatch(/AgBOLD|AgBNEW/);
  });

  test('other kinds show before and after', () => {
    const cm = (v: string) => yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { K: v } });
    const text = renderDiff(diffOutputs(new Map([['x/20-secrets.yaml', cm('one')]]), [{ path: 'x/20-secrets.yaml', content: cm('two') }]));
    expect(text).toContain('data.K: "one" -> "two"');
  });
});

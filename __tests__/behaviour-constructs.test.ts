// The constructs' input checks (each boundary, each message naming field and value) and the options and defaults
// that land in the output. Each test builds its own chart.
import { ApiObject, App, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CodeCanvasOperator } from '../lib/constructs/codecanvas-operator';
import { OutputFile, unwrittenFilesMessage } from '../lib/constructs/output-file';
import { LetsEncryptClusterIssuer } from '../lib/constructs/lets-encrypt-cluster-issuer';
import { DatabaseSecret } from '../lib/constructs/database-secret';
import { HelmChart } from '../lib/constructs/helm-chart';
import { HorizontalPodAutoscaler, HorizontalPodAutoscalerProps } from '../lib/constructs/horizontal-pod-autoscaler';
import { KeyVaultSecretStore } from '../lib/constructs/key-vault-secret-store';
import { Namespace } from '../lib/constructs/namespace';
import { ObjectStorageSecret } from '../lib/constructs/object-storage-secret';
import { ServiceAccount } from '../lib/constructs/service-account';
import { AzureDiskStorageClass } from '../lib/constructs/azure-disk-storage-class';
import { applySyncWaves, SYNC_WAVE_ANNOTATION, SyncWave } from '../lib/constructs/sync-wave';
import { AzureDiskVolumeSnapshotClass } from '../lib/constructs/azure-disk-volume-snapshot-class';
import { ArgoCdRenderer } from '../lib/renderers/argocd-renderer';
import { FluxRenderer } from '../lib/renderers/flux-renderer';
import { EnvSecretSource } from '../lib/secrets/env-secret-source';
import { AZURE_CONTAINER_RULE, AZURE_STORAGE_ACCOUNT_RULE, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, KEY_VAULT_URL_RULE } from '../lib/util/rules';
import { testApp, testChart } from './helpers';

const WAVE = 'argocd.argoproj.io/sync-wave';
const GUID = '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc';
const env = () => new EnvSecretSource({ env: { P: 'pw' }, allowPlaintext: true });
/**
 * Waves are not set by a bare construct (the composing construct places objects by kind): checks that nothing in
 * the chart carries a wave, runs applySyncWaves on it (as CodeCanvasInstallation does), checks it placed every
 * object, and returns the synthesized objects as a user of the installation sees them.
 */
const placed = (chart: Chart) => {
  expect(Testing.synth(chart).map((o) => o.metadata.annotations?.[WAVE])).toEqual(Testing.synth(chart).map(() => undefined));
  expect(applySyncWaves(chart)).toEqual([]);
  return Testing.synth(chart);
};
const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

test('sync waves: the annotation Argo CD reads and the four values the file layout depends on', () => {
  expect(SYNC_WAVE_ANNOTATION).toBe('argocd.argoproj.io/sync-wave');
  expect([SyncWave.NAMESPACES, SyncWave.CLUSTER_RESOURCES, SyncWave.SECRETS, SyncWave.RELEASES]).toEqual([-2, -1, 0, 1]);
});

describe('Namespace', () => {
  test('labelled with its name (what NetworkPolicies select on) plus the labels of metadata', () => {
    const chart = testChart();
    new Namespace(chart, 'ns', { name: 'cc', metadata: { labels: { team: 'dev' } } });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'cc', labels: { 'kubernetes.io/metadata.name': 'cc', team: 'dev' } });
    expect(placed(chart)[0].metadata).toEqual({ name: 'cc', labels: { 'kubernetes.io/metadata.name': 'cc', team: 'dev' }, annotations: { [WAVE]: '-2' } });
  });
});

describe('AzureDiskStorageClass', () => {
  test('every option reaches the object; cluster resources wave', () => {
    const chart = testChart();
    new AzureDiskStorageClass(chart, 'sc', { name: 'fast', skuName: 'Premium_LRS', allowVolumeExpansion: false, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
    expect(placed(chart)[0]).toMatchObject({
      metadata: { name: 'fast', annotations: { [WAVE]: '-1' } },
      parameters: { skuName: 'Premium_LRS', kind: 'Managed' },
      allowVolumeExpansion: false,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });
  test('a name that is not a DNS subdomain is rejected, naming it', () => {
    expect(() => new AzureDiskStorageClass(testChart(), 'sc', { name: 'Fast_SSD' })).toThrow('AzureDiskStorageClass: name "Fast_SSD" must be a DNS-1123 subdomain');
  });
  test('the SKU message lists every supported SKU', () => {
    expect(() => new AzureDiskStorageClass(testChart(), 'sc', { name: 'x', skuName: 'Nope' as never })).toThrow(
      'AzureDiskStorageClass: skuName "Nope" must be an Azure Disk SKU the disk.csi.azure.com driver supports: StandardSSD_LRS, Premium_LRS, StandardSSD_ZRS, Premium_ZRS, PremiumV2_LRS, UltraSSD_LRS, Standard_LRS',
    );
  });
});

describe('AzureDiskVolumeSnapshotClass', () => {
  test.each(['Delete', 'Retain'] as const)('deletionPolicy %s', (policy) => {
    const chart = testChart();
    new AzureDiskVolumeSnapshotClass(chart, 'v', { name: 'snap', deletionPolicy: policy });
    expect(placed(chart)[0]).toMatchObject({ driver: 'disk.csi.azure.com', deletionPolicy: policy, metadata: { name: 'snap', annotations: { [WAVE]: '-1' } } });
  });
  test('deletionPolicy Delete by default', () => {
    const chart = testChart();
    new AzureDiskVolumeSnapshotClass(chart, 'v', { name: 'snap' });
    expect(Testing.synth(chart)[0]).toEqual({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'snap' }, driver: 'disk.csi.azure.com', deletionPolicy: 'Delete' });
  });
  test('a name that is not a DNS subdomain is rejected, naming the construct, the field and the rule', () => {
    expect(() => new AzureDiskVolumeSnapshotClass(testChart(), 'v', { name: 'Snap_1' })).toThrow(
      'AzureDiskVolumeSnapshotClass: name "Snap_1" must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters',
    );
  });
  test('another deletionPolicy is rejected, naming it', () => {
    expect(() => new AzureDiskVolumeSnapshotClass(testChart(), 'v', { name: 'snap', deletionPolicy: 'Keep' as never })).toThrow(
      'AzureDiskVolumeSnapshotClass: deletionPolicy "Keep" must be one of "Delete", "Retain"',
    );
  });
});

describe('LetsEncryptClusterIssuer', () => {
  test('account key secret: <name>-account-key by default, or the given name; cluster resources wave', () => {
    const a = testChart();
    new LetsEncryptClusterIssuer(a, 'i', { name: 'le', email: 'ops@example.com', ingressClassName: 'nginx' });
    expect(Testing.synth(a)[0].metadata).toEqual({ name: 'le' });
    const [issuer] = placed(a);
    expect(issuer.spec.acme.privateKeySecretRef).toEqual({ name: 'le-account-key' });
    expect(issuer.spec.acme.server).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(issuer.metadata).toEqual({ name: 'le', annotations: { [WAVE]: '-1' } });
    const b = testChart();
    new LetsEncryptClusterIssuer(b, 'i', { name: 'le', email: 'ops@example.com', ingressClassName: 'nginx', accountKeySecretName: 'acme-key' });
    expect(Testing.synth(b)[0].spec.acme.privateKeySecretRef).toEqual({ name: 'acme-key' });
  });
  test('rejects an unknown server, a bad name and a bad ingress class, naming each', () => {
    const props = { name: 'le', email: 'ops@example.com', ingressClassName: 'nginx' };
    expect(() => new LetsEncryptClusterIssuer(testChart(), 'i', { ...props, server: 'test' as never })).toThrow('LetsEncryptClusterIssuer: server "test" must be production or staging');
    expect(() => new LetsEncryptClusterIssuer(testChart(), 'i', { ...props, name: 'LE' })).toThrow('LetsEncryptClusterIssuer: name "LE"');
    expect(() => new LetsEncryptClusterIssuer(testChart(), 'i', { ...props, ingressClassName: 'Nginx Class' })).toThrow('LetsEncryptClusterIssuer: ingressClassName "Nginx Class"');
  });
});

describe('DatabaseSecret', () => {
  const props = { namespace: 'codecanvas', host: 'pg', database: 'cc', username: 'u', password: { key: 'P', field: 'f' } };
  test('the master secret joins as CODECANVAS_MASTER_SECRET; a custom name is used', () => {
    const chart = testChart();
    const db = new DatabaseSecret(chart, 'db', { ...props, name: 'db-creds', masterSecret: { key: 'P', field: 'g' }, source: env() });
    expect(db.name).toBe('db-creds');
    expect(db.namespace).toBe('codecanvas');
    const [secret] = Testing.synth(chart);
    expect(secret.metadata.name).toBe('db-creds');
    expect(decode(secret.data)).toEqual({ CODECANVAS_MASTER_SECRET: 'pw', DB_HOST: 'pg', DB_NAME: 'cc', DB_PASSWORD: 'pw', DB_PORT: '5432', DB_USERNAME: 'u' });
  });
  test.each(['host', 'database', 'username'])('an empty %s is rejected, naming the field', (field) => {
    expect(() => new DatabaseSecret(testChart(), 'db', { ...props, [field]: '', source: env() })).toThrow(`DatabaseSecret: ${field} "" must not be empty`);
  });
  test('a bad name or namespace is rejected, naming it', () => {
    expect(() => new DatabaseSecret(testChart(), 'db', { ...props, name: 'DB', source: env() })).toThrow('DatabaseSecret: name "DB"');
    expect(() => new DatabaseSecret(testChart(), 'db', { ...props, namespace: 'a.b', source: env() })).toThrow('DatabaseSecret: namespace "a.b"');
  });
});

describe('ObjectStorageSecret', () => {
  const props = { namespace: 'cc', accountName: 'acct', container: 'data', source: env() };
  test('no endpoint: no endpoint key; a custom name is used', () => {
    const chart = testChart();
    const os = new ObjectStorageSecret(chart, 'o', { ...props, name: 'blob' });
    expect(os.name).toBe('blob');
    expect(os.namespace).toBe('cc');
    expect(Object.keys(Testing.synth(chart)[0].data)).toEqual(['CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_NAME', 'CODECANVAS_OBJECT_STORAGE_AZURE_CONTAINER']);
  });
  test.each(['abc', 'a'.repeat(24), 'acct123'])('account name %s is accepted', (accountName) => {
    expect(() => new ObjectStorageSecret(testChart(), 'o', { ...props, accountName })).not.toThrow();
  });
  test.each(['ab', 'a'.repeat(25), 'Acct', 'my-acct', 'x acct'])('account name %j is rejected, naming it', (accountName) => {
    expect(() => new ObjectStorageSecret(testChart(), 'o', { ...props, accountName })).toThrow(`ObjectStorageSecret: accountName ${JSON.stringify(accountName)} ${AZURE_STORAGE_ACCOUNT_RULE}`);
  });
  test.each(['abc', 'a-b-c', 'c'.repeat(63), '123'])('container %s is accepted', (container) => {
    expect(() => new ObjectStorageSecret(testChart(), 'o', { ...props, container })).not.toThrow();
  });
  test.each(['ab', 'c'.repeat(64), 'a--b', '-ab', 'ab-', 'Data', 'a_b'])('container %j is rejected, naming it', (container) => {
    expect(() => new ObjectStorageSecret(testChart(), 'o', { ...props, container })).toThrow(`ObjectStorageSecret: container ${JSON.stringify(container)} ${AZURE_CONTAINER_RULE}`);
  });
  test('a bad name or namespace is rejected, naming it', () => {
    expect(() => new ObjectStorageSecret(testChart(), 'o', { ...props, name: 'Blob' })).toThrow('ObjectStorageSecret: name "Blob"');
    expect(() => new ObjectStorageSecret(testChart(), 'o', { ...props, namespace: 'C C' })).toThrow('ObjectStorageSecret: namespace "C C"');
  });
});

describe('KeyVaultSecretStore', () => {
  const props = { name: 'kv', vaultUrl: 'https://my-kv.vault.azure.net/', clientId: GUID, namespace: 'cc', serviceAccountName: 'reader' };
  test('SecretStore (the default): namespaced, in the secrets wave with its service account, tenant when given', () => {
    const chart = testChart();
    const store = new KeyVaultSecretStore(chart, 's', { ...props, tenantId: GUID });
    expect(store.kind).toBe('SecretStore');
    expect(store.name).toBe('kv');
    const [sa, st] = placed(chart);
    expect(sa.metadata).toEqual({ name: 'reader', namespace: 'cc', annotations: { 'azure.workload.identity/client-id': GUID, 'azure.workload.identity/tenant-id': GUID, [WAVE]: '0' } });
    expect(st).toMatchObject({ kind: 'SecretStore', metadata: { name: 'kv', namespace: 'cc', annotations: { [WAVE]: '0' } } });
    expect(st.spec.provider.azurekv).toEqual({ authType: 'WorkloadIdentity', vaultUrl: 'https://my-kv.vault.azure.net/', tenantId: GUID, serviceAccountRef: { name: 'reader' } });
  });
  test('no tenant: no tenant annotation', () => {
    const chart = testChart();
    new KeyVaultSecretStore(chart, 's', props);
    expect(Object.keys(Testing.synth(chart)[0].metadata.annotations).sort()).toEqual(['azure.workload.identity/client-id']);
    expect(Object.keys(placed(chart)[0].metadata.annotations).sort()).toEqual([WAVE, 'azure.workload.identity/client-id']);
  });
  test.each([
    [{ vaultUrl: 'http://my-kv.vault.azure.net/' }, `KeyVaultSecretStore: vaultUrl "http://my-kv.vault.azure.net/" ${KEY_VAULT_URL_RULE}`],
    [{ vaultUrl: 'https://kv vault' }, `KeyVaultSecretStore: vaultUrl "https://kv vault" ${KEY_VAULT_URL_RULE}`],
    [{ vaultUrl: 'https://' }, `KeyVaultSecretStore: vaultUrl "https://" ${KEY_VAULT_URL_RULE}`],
    [{ vaultUrl: 'vault https://my-kv.vault.azure.net/' }, `KeyVaultSecretStore: vaultUrl "vault https://my-kv.vault.azure.net/" ${KEY_VAULT_URL_RULE}`],
    [{ vaultUrl: 'https://my-kv.vault.example.com/' }, `KeyVaultSecretStore: vaultUrl "https://my-kv.vault.example.com/" ${KEY_VAULT_URL_RULE}`],
    [{ vaultUrl: 'https://kv.vault.azure.net/' }, 'KeyVaultSecretStore: vaultUrl "https://kv.vault.azure.net/" has the vault name "kv", which must be an Azure Key Vault name'],
    [{ tenantId: 'tenant' }, 'KeyVaultSecretStore: tenantId "tenant" must be a GUID'],
    [{ name: 'KV' }, 'KeyVaultSecretStore: name "KV"'],
    [{ namespace: 'c.c' }, 'KeyVaultSecretStore: namespace "c.c"'],
    [{ serviceAccountName: 'r.r' }, 'KeyVaultSecretStore: serviceAccountName "r.r"'],
    [{ kind: 'Store' as never }, 'KeyVaultSecretStore: kind "Store" must be one of "SecretStore", "ClusterSecretStore"'],
  ])('rejects %j', (bad, message) => {
    expect(() => new KeyVaultSecretStore(testChart(), 's', { ...props, ...bad })).toThrow(message);
  });
});

describe('ServiceAccount', () => {
  test('name, namespace, and the labels and annotations of metadata reach the object; secrets wave', () => {
    const chart = testChart();
    const sa = new ServiceAccount(chart, 'sa', { name: 'reader', namespace: 'cc', metadata: { labels: { app: 'x' }, annotations: { 'azure.workload.identity/client-id': GUID } } });
    expect([sa.name, sa.namespace]).toEqual(['reader', 'cc']);
    expect(placed(chart)[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'reader', namespace: 'cc', labels: { app: 'x' }, annotations: { 'azure.workload.identity/client-id': GUID, [WAVE]: '0' } },
    });
  });
  test('no annotations, or an empty map: no annotations field', () => {
    for (const annotations of [undefined, {}]) {
      const chart = testChart();
      new ServiceAccount(chart, 'sa', { name: 'reader', namespace: 'cc', metadata: { annotations } });
      expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'reader', namespace: 'cc' });
    }
  });
  test.each([
    [{ name: 'Reader_SA' }, `ServiceAccount: name "Reader_SA" ${DNS1123_SUBDOMAIN_RULE}`],
    [{ namespace: 'c.c' }, `ServiceAccount: namespace "c.c" ${DNS1123_LABEL_RULE}`],
  ])('%j is refused with the construct, field, value and rule', (over, message) => {
    expect(() => new ServiceAccount(testChart(), 'sa', { name: 'reader', namespace: 'cc', ...over })).toThrow(message);
  });
});

describe('HorizontalPodAutoscaler', () => {
  const hpa = (over: Partial<HorizontalPodAutoscalerProps> = {}) => {
    const chart = testChart();
    const target = new ApiObject(chart, 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'cc' } });
    new HorizontalPodAutoscaler(chart, 'hpa', { name: 'web', namespace: 'cc', target, maxReplicas: 4, ...over });
    return chart;
  };
  const cpu = (n: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } } });
  const memory = (n: number) => ({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: n } } });

  test('CPU only: metadata, target, minReplicas 1 by default and only the CPU metric; releases wave', () => {
    const out = placed(hpa({ targetCPUUtilizationPercentage: 70, metadata: { labels: { app: 'web' } } })).find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(out).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'cc', labels: { app: 'web' }, annotations: { [WAVE]: '1' } },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, metrics: [cpu(70)] },
    });
  });
  test('memory only, and maxReplicas equal to minReplicas', () => {
    const out = Testing.synth(hpa({ minReplicas: 4, targetMemoryUtilizationPercentage: 85 })).find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(out.spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 4, maxReplicas: 4, metrics: [memory(85)] });
  });
  test.each<[Partial<HorizontalPodAutoscalerProps>, string]>([
    [{ name: 'Web_HPA', targetCPUUtilizationPercentage: 80 }, `HorizontalPodAutoscaler: name "Web_HPA" ${DNS1123_SUBDOMAIN_RULE}`],
    [{ minReplicas: 0, targetCPUUtilizationPercentage: 80 }, 'HorizontalPodAutoscaler: minReplicas 0 must be an integer >= 1'],
    [{ minReplicas: 1.5, targetCPUUtilizationPercentage: 80 }, 'HorizontalPodAutoscaler: minReplicas 1.5 must be an integer >= 1'],
    [{ maxReplicas: 0, targetCPUUtilizationPercentage: 80 }, 'HorizontalPodAutoscaler: maxReplicas 0 must be an integer >= 1'],
    [{ targetCPUUtilizationPercentage: 0 }, 'HorizontalPodAutoscaler: targetCPUUtilizationPercentage 0 must be an integer >= 1'],
    [{ targetMemoryUtilizationPercentage: 2.5 }, 'HorizontalPodAutoscaler: targetMemoryUtilizationPercentage 2.5 must be an integer >= 1'],
    [{ minReplicas: 5, targetCPUUtilizationPercentage: 80 }, 'HorizontalPodAutoscaler: maxReplicas 4 must be at least minReplicas (5)'],
    [{}, 'HorizontalPodAutoscaler: give targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage (or both)'],
  ])('%j is refused with the construct, field, value and rule', (over, message) => {
    expect(() => hpa(over)).toThrow(message);
  });
  test('a target in another namespace is refused, naming both namespaces; a target without one is taken as it is', () => {
    const chart = testChart();
    const target = new ApiObject(chart, 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'other' } });
    expect(() => new HorizontalPodAutoscaler(chart, 'hpa', { name: 'web', namespace: 'cc', target, maxReplicas: 2, targetCPUUtilizationPercentage: 80 })).toThrow(
      'HorizontalPodAutoscaler: namespace "cc" must be the namespace of the target Deployment web ("other")',
    );
    const bare = new ApiObject(chart, 'bare', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bare' } });
    expect(() => new HorizontalPodAutoscaler(chart, 'hpa2', { name: 'bare', namespace: 'cc', target: bare, maxReplicas: 2, targetCPUUtilizationPercentage: 80 })).not.toThrow();
  });
  test('a target that sets spec.replicas fails validation (every apply would reset the count), also when set after the autoscaler', () => {
    const chart = testChart();
    const target = new ApiObject(chart, 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'cc' }, spec: {} });
    new HorizontalPodAutoscaler(chart, 'hpa', { name: 'web-hpa', namespace: 'cc', target, maxReplicas: 2, targetCPUUtilizationPercentage: 80 });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
    target.addJsonPatch(JsonPatch.add('/spec/replicas', 3));
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      'HorizontalPodAutoscaler web-hpa: the target Deployment web sets spec.replicas 3; leave it unset when an autoscaler owns the pod count, or every apply resets the count the autoscaler chose',
    ]);
  });
});

describe('HelmChart', () => {
  const coords = { repository: 'oci://registry.example.com/charts', name: 'codecanvas', version: '2025.1.2' };
  test('defaults: no values, no valuesFrom, no dependencies; chartUrl joins repository and name', () => {
    const chart = testChart();
    const helm = new HelmChart(chart, 'h', { chart: coords, releaseName: 'r', namespace: 'ns', renderer: new FluxRenderer() });
    expect(helm.values).toEqual({});
    expect(helm.valuesFrom).toEqual([]);
    expect(helm.dependsOn).toEqual([]);
    expect(helm.chartUrl).toBe('oci://registry.example.com/charts/codecanvas');
  });
  test.each([
    // Issue 10: the repository and version rules are the config schema's (OCI_URL, CHART_VERSION in lib/util/rules.ts).
    [
      { repository: 'oci://registry.example.com/charts/' },
      'HelmChart: chart.repository "oci://registry.example.com/charts/" must be an OCI repository URL oci://host[:port]/path: lowercase path segments of letters, digits and . _ - (OCI naming), no trailing "/", no spaces, quotes or shell characters',
    ],
    [{ repository: 'oci://' }, 'HelmChart: chart.repository "oci://" must be an OCI repository URL oci://host[:port]/path'],
    [{ repository: 'xoci://r/c' }, 'HelmChart: chart.repository "xoci://r/c" must be an OCI repository URL oci://host[:port]/path'],
    [{ repository: 'oci://r e/c' }, 'HelmChart: chart.repository "oci://r e/c" must be an OCI repository URL oci://host[:port]/path'],
    [{ version: '' }, 'HelmChart: chart.version "" must be a SemVer chart version such as 2025.1.2 or 2025.1-RC.875'],
    [{ version: 'latest' }, 'HelmChart: chart.version "latest" must be a SemVer chart version such as 2025.1.2 or 2025.1-RC.875 (Helm needs an exact version; "latest" is not one)'],
    [{ name: 'Code_Canvas' }, 'HelmChart: chart.name "Code_Canvas"'],
  ])('rejects chart %j', (bad, message) => {
    expect(() => new HelmChart(testChart(), 'h', { chart: { ...coords, ...bad }, releaseName: 'r', namespace: 'ns', renderer: new ArgoCdRenderer() })).toThrow(message);
  });
  test('rejects a bad namespace, naming it', () => {
    expect(() => new HelmChart(testChart(), 'h', { chart: coords, releaseName: 'r', namespace: 'N S', renderer: new ArgoCdRenderer() })).toThrow('HelmChart: namespace "N S"');
  });
  test('the message for values from Secrets names the release, the renderer and the paths', () => {
    const chart = testChart();
    new HelmChart(chart, 'h', {
      chart: coords, releaseName: 'rel', namespace: 'ns', renderer: new ArgoCdRenderer(),
      valuesFrom: [{ secretName: 's', key: 'k', targetPath: 'a.b' }, { secretName: 's', key: 'l', targetPath: 'c.d' }],
    });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      'HelmChart rel: the argocd renderer cannot read values from Secrets (a.b, c.d); use delivery.mode flux, or leave those values to the chart',
    ]);
  });
  test('dependsOn: a release of the same chart and renderer passes; another chart or another renderer fails validation, naming both', () => {
    const app = testApp();
    const [one, two] = [new Chart(app, 'one'), new Chart(app, 'two')];
    const flux = new FluxRenderer();
    const base = new HelmChart(one, 'base', { chart: coords, releaseName: 'base', namespace: 'ns', renderer: flux });
    const elsewhere = new HelmChart(two, 'elsewhere', { chart: coords, releaseName: 'elsewhere', namespace: 'ns', renderer: flux });
    const argo = new HelmChart(one, 'argo', { chart: coords, releaseName: 'argo', namespace: 'ns', renderer: new ArgoCdRenderer() });
    new HelmChart(one, 'app', { chart: coords, releaseName: 'app', namespace: 'ns', renderer: flux, dependsOn: [base, elsewhere, argo] });
    expect(app.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      'HelmChart app: dependsOn elsewhere is in chart two, not in one; a release can wait only for a release of its own chart (cluster)',
      'HelmChart app: dependsOn argo is delivered by the argocd renderer, this release by flux; both must use the same renderer',
    ]);
  });
});

test('fields that must be DNS-1123 labels reject a dotted name that a subdomain would allow', () => {
  const coords = { repository: 'oci://registry.example.com/charts', name: 'codecanvas', version: '1' };
  const helm = (extra: object) => () => new HelmChart(testChart(), 'h', { chart: coords, releaseName: 'r', namespace: 'ns', renderer: new ArgoCdRenderer(), ...extra });
  expect(helm({ releaseName: 'r.x' })).toThrow('HelmChart: releaseName "r.x" must be a DNS-1123 label');
  expect(helm({ namespace: 'n.s' })).toThrow('HelmChart: namespace "n.s" must be a DNS-1123 label');
  expect(helm({ chart: { ...coords, name: 'c.c' } })).toThrow('HelmChart: chart.name "c.c" must be a DNS-1123 label');
  expect(() => new ObjectStorageSecret(testChart(), 'o', { namespace: 'c.c', accountName: 'acct', container: 'data', source: env() })).toThrow('ObjectStorageSecret: namespace "c.c" must be a DNS-1123 label');
  expect(() => new Namespace(testChart(), 'n', { name: 'a.b' })).toThrow('Namespace: name "a.b" must be a DNS-1123 label');
  const store = { name: 'kv', namespace: 'ns', vaultUrl: 'https://my-kv.vault.azure.net/', clientId: GUID, serviceAccountName: 'sa' };
  expect(() => new KeyVaultSecretStore(testChart(), 's', { ...store, namespace: 'n.s' })).toThrow('KeyVaultSecretStore: namespace "n.s" must be a DNS-1123 label');
  expect(() => new KeyVaultSecretStore(testChart(), 's', { ...store, serviceAccountName: 's.a' })).toThrow('KeyVaultSecretStore: serviceAccountName "s.a" must be a DNS-1123 label');
  // ... while the names Kubernetes allows to be subdomains take the dotted form.
  expect(new KeyVaultSecretStore(testChart(), 's', { ...store, name: 'kv.store' }).name).toBe('kv.store');
  expect(new AzureDiskStorageClass(testChart(), 'sc', { name: 'disk.fast' }).name).toBe('disk.fast');
});

describe('messages and metadata the other tests leave open', () => {
  test('AzureDiskStorageClass names the field of a refused reclaim policy or binding mode', () => {
    const sc = (props: Record<string, unknown>) => () => new AzureDiskStorageClass(testChart(), 'sc', { name: 'fast', ...props } as never);
    expect(sc({ reclaimPolicy: 'Keep' })).toThrow(/^AzureDiskStorageClass: reclaimPolicy "Keep" must be/);
    expect(sc({ volumeBindingMode: 'Later' })).toThrow(/^AzureDiskStorageClass: volumeBindingMode "Later" must be/);
  });

  test('ObjectStorageSecret: credentials in the endpoint are refused, saying where the key belongs', () => {
    const make = () =>
      new ObjectStorageSecret(testChart(), 'os', { namespace: 'cc', accountName: 'acct', container: 'data', endpoint: 'https://acct:k3y@acct.blob.core.windows.net', source: env() });
    expect(make).toThrow(/^ObjectStorageSecret: endpoint .*a SAS token or account key belongs in the secret source/);
  });

  test('the message for files nobody writes: the files, the install steps only when there are some, and what to do', () => {
    const tail = '. Run `codecanvas-cdk8s synth`, which writes them next to the manifests, or use delivery.mode argocd, flux or k3s, whose Helm releases are manifests';
    const head = "holds files that cdk8s's app.synth() does not write (it writes Kubernetes manifests only): ";
    expect(unwrittenFilesMessage(['helm/a/x.values.yaml', 'helm/a/install.sh'], 0)).toBe(`${head}helm/a/x.values.yaml, helm/a/install.sh${tail}`);
    expect(unwrittenFilesMessage(['helm/a/x.values.yaml'], 2)).toBe(`${head}helm/a/x.values.yaml and 2 step(s) of install.sh${tail}`);
  });

  test('an OutputFile outside any Chart carries the check itself; in nested Charts, the nearest Chart holds it', () => {
    const errors = (app: App) => app.node.findAll().flatMap((c) => c.node.validate());
    const loose = testApp();
    new OutputFile(new Construct(loose, 'Tools'), 'F', { path: 'tools/x.txt', content: 'x' });
    expect(errors(loose)).toEqual([unwrittenFilesMessage(['tools/x.txt'], 0)]);

    const app = testApp();
    const outer = new Chart(app, 'outer');
    for (const name of ['a', 'b']) new OutputFile(new Chart(outer, name), 'F', { path: `helm/${name}/v.yaml`, content: 'x' });
    expect(errors(app)).toEqual([unwrittenFilesMessage(['helm/a/v.yaml'], 0), unwrittenFilesMessage(['helm/b/v.yaml'], 0)]);
  });

  test('CodeCanvasOperator: the chart\'s labels and the finalizers of metadata are on every object it creates', () => {
    const chart = testChart();
    new Namespace(chart, 'Target', { name: 'dev-envs' });
    new CodeCanvasOperator(chart, 'Op', {
      namespace: 'sys', targetNamespace: 'dev-envs', secretName: 's', image: 'r.example.com/op:1', autoscaling: {}, metadata: { finalizers: ['example.com/keep'] },
    });
    const objects = Testing.synth(chart).filter((d) => d.kind !== 'Namespace');
    expect(objects).toHaveLength(7);
    for (const d of objects) {
      expect([d.kind, d.metadata.labels]).toEqual([d.kind, { app: 'codecanvas-operator', 'app.kubernetes.io/name': 'codecanvas-operator', 'app.kubernetes.io/instance': 'codecanvas-operator' }]);
      expect([d.kind, d.metadata.finalizers]).toEqual([d.kind, ['example.com/keep']]);
    }
  });

  test('applySyncWaves reads a wave given as a Lazy as it renders: a value is kept, nothing is placed by kind', () => {
    const chart = testChart();
    const kept = new Namespace(chart, 'Kept', { name: 'kept' });
    kept.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, Lazy.any({ produce: () => '5' }) as unknown as string);
    const empty = new Namespace(chart, 'Empty', { name: 'empty' });
    empty.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, Lazy.any({ produce: () => undefined }) as unknown as string);
    expect(applySyncWaves(chart)).toEqual([]);
    expect(Testing.synth(chart).map((d) => `${d.metadata.name} ${d.metadata.annotations?.[SYNC_WAVE_ANNOTATION]}`)).toEqual(['kept 5', 'empty -2']);
  });
});

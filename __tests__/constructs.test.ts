import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { LetsEncryptClusterIssuer } from '../lib/constructs/lets-encrypt-cluster-issuer';
import { DatabaseSecret } from '../lib/constructs/database-secret';
import { HelmChart } from '../lib/constructs/helm-chart';
import { KeyVaultSecretStore } from '../lib/constructs/key-vault-secret-store';
import { Namespace } from '../lib/constructs/namespace';
import { ObjectStorageSecret } from '../lib/constructs/object-storage-secret';
import { AzureDiskStorageClass } from '../lib/constructs/azure-disk-storage-class';
import { AzureDiskVolumeSnapshotClass } from '../lib/constructs/azure-disk-volume-snapshot-class';
import { ArgoCdRenderer } from '../lib/renderers/argocd-renderer';
import { FluxRenderer } from '../lib/renderers/flux-renderer';
import { HelmCliRenderer } from '../lib/renderers/helm-cli-renderer';
import { K3sHelmChartRenderer } from '../lib/renderers/k3s-helm-chart-renderer';
import { EnvSecretSource } from '../lib/secrets/env-secret-source';
import { KeyVaultSecretSource } from '../lib/secrets/key-vault-secret-source';
import { InstallStep } from '../lib/constructs/install-step';
import { OutputFile, writesOutputFiles } from '../lib/constructs/output-file';
import { validationErrors } from '../cli/synth';
import { ROOT, testChart } from './helpers';

const WAVE = 'argocd.argoproj.io/sync-wave';
import { applySyncWaves } from '../lib/constructs/sync-wave';
/** Secret `data` as the API server stores it. */
const b64 = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
const ref = (key: string, field = `secrets.names.${key}`) => ({ key, field });
const coords = { repository: 'oci://registry.example.com/charts', name: 'codecanvas', version: '2025.1.2' };

describe('Namespace', () => {
  test('a Namespace without metadata.namespace; its sync wave (-2) comes from applySyncWaves, not the construct', () => {
    const chart = testChart();
    new Namespace(chart, 'ns', { name: 'codecanvas' });
    expect(Testing.synth(chart)[0].metadata.annotations?.[WAVE]).toBeUndefined();
    applySyncWaves(chart);
    const [ns] = Testing.synth(chart);
    expect(ns).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'codecanvas', annotations: { [WAVE]: '-2' } } });
    expect(ns.metadata.namespace).toBeUndefined();
  });
  test('rejects a name that is not a DNS-1123 label, naming it', () => {
    expect(() => new Namespace(testChart(), 'ns', { name: 'Code_Canvas' })).toThrow(/Namespace: name "Code_Canvas" must be a DNS-1123 label/);
  });
});

describe('AzureDiskStorageClass', () => {
  test('defaults are the guide\'s storage-class.yaml', () => {
    const chart = testChart();
    new AzureDiskStorageClass(chart, 'sc', { name: 'codecanvas-storage' });
    const [sc] = Testing.synth(chart);
    expect(sc).toMatchObject({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'codecanvas-storage' },
      provisioner: 'disk.csi.azure.com',
      parameters: { skuName: 'StandardSSD_LRS', kind: 'Managed' },
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expect(sc.metadata.namespace).toBeUndefined();
  });
  test('rejects an SKU the driver does not support', () => {
    expect(() => new AzureDiskStorageClass(testChart(), 'sc', { name: 'x', skuName: 'Premium_GRS' as never })).toThrow(
      /skuName "Premium_GRS" must be an Azure Disk SKU the disk.csi.azure.com driver supports: StandardSSD_LRS/,
    );
  });
});

describe('AzureDiskVolumeSnapshotClass', () => {
  test('the guide\'s snapshot-class.yaml', () => {
    const chart = testChart();
    new AzureDiskVolumeSnapshotClass(chart, 'vsc', { name: 'codecanvas-volume-snapshot' });
    expect(Testing.synth(chart)[0]).toMatchObject({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'codecanvas-volume-snapshot' },
      driver: 'disk.csi.azure.com',
      deletionPolicy: 'Delete',
    });
  });
  test('rejects a bad name', () => {
    expect(() => new AzureDiskVolumeSnapshotClass(testChart(), 'vsc', { name: 'Snap Shot' })).toThrow(/name "Snap Shot"/);
  });
});

describe('LetsEncryptClusterIssuer', () => {
  test.each([
    ['production', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['staging', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
  ] as const)('%s server with an HTTP-01 solver through the ingress class', (server, url) => {
    const chart = testChart();
    new LetsEncryptClusterIssuer(chart, 'ci', { name: 'letsencrypt', email: 'ops@example.com', ingressClassName: 'nginx', server });
    expect(Testing.synth(chart)[0]).toEqual(
      expect.objectContaining({
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        spec: {
          acme: {
            server: url,
            email: 'ops@example.com',
            privateKeySecretRef: { name: 'letsencrypt-account-key' },
            solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
          },
        },
      }),
    );
  });
  test('rejects a bad e-mail', () => {
    expect(() => new LetsEncryptClusterIssuer(testChart(), 'ci', { name: 'le', email: 'ops', ingressClassName: 'nginx' })).toThrow(
      /email "ops" must be an e-mail address/,
    );
  });
});

describe('DatabaseSecret', () => {
  const props = { namespace: 'codecanvas', host: 'pg', database: 'cc', username: 'u', password: ref('CC_DB_PASSWORD') };

  test('plain from env (with the opt-in): the guide\'s keys and default name', () => {
    const chart = testChart();
    const source = new EnvSecretSource({ env: { CC_DB_PASSWORD: 's3cret' }, allowPlaintext: true });
    new DatabaseSecret(chart, 'db', { ...props, source });
    // The chart's own App (testChart() makes one): with the opt-in, the env source reports nothing.
    expect(validationErrors(chart.node.root as App)).toEqual([]);
    expect(Testing.synth(chart)[0]).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'codecanvas-db-secret-ext', namespace: 'codecanvas' },
      type: 'Opaque',
      data: b64({ DB_HOST: 'pg', DB_NAME: 'cc', DB_PASSWORD: 's3cret', DB_PORT: '5432', DB_USERNAME: 'u' }),
    });
    expect(source.plaintextFields).toEqual([{ field: 'secrets.names.CC_DB_PASSWORD', secret: 'codecanvas/codecanvas-db-secret-ext' }]);
  });

  test('env without the opt-in fails validation naming the field and the safe alternatives', () => {
    const chart = testChart();
    new DatabaseSecret(chart, 'db', { ...props, source: new EnvSecretSource({ env: { CC_DB_PASSWORD: 'x' } }) });
    const errors = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(errors).toEqual([
      expect.stringMatching(/^secrets\.names\.CC_DB_PASSWORD: secrets\.source env would write the value in plain text .*allowPlaintextSecrets: true.*keyVault.*sealedSecrets/),
    ]);
  });

  test('a missing environment variable is named', () => {
    const chart = testChart();
    new DatabaseSecret(chart, 'db', { ...props, source: new EnvSecretSource({ env: {}, allowPlaintext: true }) });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      'secrets.names.CC_DB_PASSWORD: environment variable CC_DB_PASSWORD is not set (needed for key DB_PASSWORD of Secret codecanvas/codecanvas-db-secret-ext)',
    ]);
  });

  test('Key Vault: an ExternalSecret with the same Secret name and keys, and no values', () => {
    const chart = testChart();
    const source = new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' });
    new DatabaseSecret(chart, 'db', { ...props, password: ref('codecanvas-db-password'), masterSecret: ref('codecanvas-master-secret'), source });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ExternalSecret', 'SecretStore', 'ServiceAccount']);
    const es = objects.find((o) => o.kind === 'ExternalSecret');
    expect(es.spec.target.name).toBe('codecanvas-db-secret-ext');
    expect(es.spec.data).toEqual([
      { secretKey: 'CODECANVAS_MASTER_SECRET', remoteRef: { key: 'codecanvas-master-secret' } },
      { secretKey: 'DB_PASSWORD', remoteRef: { key: 'codecanvas-db-password' } },
    ]);
    expect(Object.keys(es.spec.target.template.data).sort()).toEqual(
      ['CODECANVAS_MASTER_SECRET', 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_PORT', 'DB_USERNAME'],
    );
    expect(es.spec.target.template.data.DB_PASSWORD).toBe('{{ .DB_PASSWORD }}');
  });

  test('rejects a bad port', () => {
    expect(() => new DatabaseSecret(testChart(), 'db', { ...props, port: 0, source: new EnvSecretSource() })).toThrow(
      'DatabaseSecret: port 0 must be an integer between 1 and 65535',
    );
  });
});

describe('ObjectStorageSecret', () => {
  test('Workload Identity: nothing secret, so a plain Secret whatever the source', () => {
    const chart = testChart();
    const source = new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' });
    new ObjectStorageSecret(chart, 'os', { namespace: 'cc', accountName: 'acct', container: 'data', endpoint: 'https://acct.blob.core.windows.net', source });
    expect(Testing.synth(chart)).toEqual([
      expect.objectContaining({
        kind: 'Secret',
        metadata: expect.objectContaining({ name: 'codecanvas-objectstorage-secret-ext', namespace: 'cc' }),
        data: b64({
          CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_NAME: 'acct',
          CODECANVAS_OBJECT_STORAGE_AZURE_CONTAINER: 'data',
          CODECANVAS_OBJECT_STORAGE_AZURE_ENDPOINT: 'https://acct.blob.core.windows.net',
        }),
      }),
    ]);
  });
  test('static key: the key comes from the source', () => {
    const chart = testChart();
    const source = new KeyVaultSecretSource({ vaultUrl: 'https://my-kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' });
    new ObjectStorageSecret(chart, 'os', { namespace: 'cc', accountName: 'acct', container: 'data', accountKey: ref('storage-key'), source });
    const es = Testing.synth(chart).find((o) => o.kind === 'ExternalSecret');
    expect(es.spec.data).toEqual([{ secretKey: 'CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_KEY', remoteRef: { key: 'storage-key' } }]);
  });
  test('rejects a bad account name', () => {
    expect(() => new ObjectStorageSecret(testChart(), 'os', { namespace: 'cc', accountName: 'My-Account', container: 'data', source: new EnvSecretSource() })).toThrow(
      /accountName "My-Account"/,
    );
  });
});

describe('KeyVaultSecretStore', () => {
  test('ClusterSecretStore is cluster-scoped and points at its service account\'s namespace', () => {
    const chart = testChart();
    new KeyVaultSecretStore(chart, 'store', {
      name: 'kv', kind: 'ClusterSecretStore', vaultUrl: 'https://my-kv.vault.azure.net/', clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc', namespace: 'cc', serviceAccountName: 'reader',
    });
    const [sa, store] = Testing.synth(chart);
    expect(sa).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'reader', namespace: 'cc', annotations: { 'azure.workload.identity/client-id': '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' } } });
    expect(store.kind).toBe('ClusterSecretStore');
    expect(store.metadata.namespace).toBeUndefined();
    expect(store.spec.provider.azurekv).toEqual({ authType: 'WorkloadIdentity', vaultUrl: 'https://my-kv.vault.azure.net/', serviceAccountRef: { name: 'reader', namespace: 'cc' } });
  });
  test('rejects a client ID that is not a GUID', () => {
    expect(() => new KeyVaultSecretStore(testChart(), 's', { name: 'kv', vaultUrl: 'https://my-kv.vault.azure.net/', clientId: 'abc', namespace: 'cc', serviceAccountName: 'r' })).toThrow(
      /clientId "abc" must be a GUID/,
    );
  });
});

describe('HelmChart and its renderers', () => {
  const release = (renderer: ConstructorParameters<typeof HelmChart>[2]['renderer'], extra: Partial<ConstructorParameters<typeof HelmChart>[2]> = {}) => {
    const chart = testChart();
    writesOutputFiles(chart); // as the command's writer does: the helm renderer's files are not manifests
    const helm = new HelmChart(chart, 'cc', { chart: coords, releaseName: 'codecanvas', namespace: 'codecanvas', values: { a: { b: 1 } }, renderer, ...extra });
    return { chart, helm };
  };

  test('Argo CD: an Application with an OCI Helm source, valuesObject, destination, sync wave and options', () => {
    const { chart } = release(new ArgoCdRenderer({ namespace: 'argocd', destinationServer: 'https://dev.example.com:6443' }));
    // The renderer sets no wave itself; the installation (applySyncWaves) puts Applications in the releases wave.
    expect(Testing.synth(chart)[0].metadata.annotations?.[WAVE]).toBeUndefined();
    applySyncWaves(chart);
    const [app] = Testing.synth(chart);
    expect(app).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'codecanvas', namespace: 'argocd', annotations: { [WAVE]: '1' } },
      spec: {
        project: 'default',
        source: { repoURL: 'registry.example.com/charts', chart: 'codecanvas', targetRevision: '2025.1.2', helm: { releaseName: 'codecanvas', valuesObject: { a: { b: 1 } } } },
        destination: { server: 'https://dev.example.com:6443', namespace: 'codecanvas' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'] },
      },
    });
  });

  test('helm: a values file and the guide\'s exact command, outside the manifests', () => {
    const { chart, helm } = release(new HelmCliRenderer());
    expect(Testing.synth(chart)).toEqual([]);
    const file = helm.node.findAll().find(OutputFile.isOutputFile)!;
    expect(file.path).toBe('helm/test/codecanvas.values.yaml');
    expect(file.content).toContain('a:\n  b: 1\n');
    const step = helm.node.findAll().find(InstallStep.isInstallStep)!;
    expect(step.command).toBe(
      'helm upgrade -n codecanvas --wait --install \\\n  -f codecanvas.values.yaml \\\n  codecanvas \\\n  oci://registry.example.com/charts/codecanvas \\\n  --version 2025.1.2',
    );
  });

  test('Flux: OCIRepository + HelmRelease with chartRef, remediation, dependsOn and valuesFrom', () => {
    const chart = testChart();
    const renderer = new FluxRenderer({ interval: '5m' });
    const first = new HelmChart(chart, 'first', { chart: coords, releaseName: 'first', namespace: 'ns', renderer });
    new HelmChart(chart, 'second', {
      chart: coords, releaseName: 'second', namespace: 'ns', renderer, dependsOn: [first],
      valuesFrom: [{ secretName: 'vals', key: 'masterSecret', targetPath: 'application.secret.codecanvas.masterSecret' }],
    });
    const objects = Testing.synth(chart);
    const repo = objects.find((o) => o.kind === 'OCIRepository' && o.metadata.name === 'second');
    expect(repo).toMatchObject({ apiVersion: 'source.toolkit.fluxcd.io/v1', spec: { interval: '5m', url: 'oci://registry.example.com/charts/codecanvas', ref: { tag: '2025.1.2' } } });
    const hr = objects.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'second');
    expect(hr).toMatchObject({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      spec: {
        chartRef: { kind: 'OCIRepository', name: 'second', namespace: 'ns' },
        dependsOn: [{ name: 'first', namespace: 'ns' }],
        install: { timeout: '15m', remediation: { retries: 3 } },
        upgrade: { timeout: '15m', remediation: { retries: 3, remediateLastFailure: true } },
        valuesFrom: [{ kind: 'Secret', name: 'vals', valuesKey: 'masterSecret', targetPath: 'application.secret.codecanvas.masterSecret' }],
      },
    });
  });

  test('k3s: a helm.cattle.io HelmChart with the values as YAML', () => {
    const { chart } = release(new K3sHelmChartRenderer());
    expect(Testing.synth(chart)[0]).toMatchObject({
      apiVersion: 'helm.cattle.io/v1',
      kind: 'HelmChart',
      metadata: { name: 'codecanvas', namespace: 'kube-system' },
      spec: { chart: 'oci://registry.example.com/charts/codecanvas', version: '2025.1.2', targetNamespace: 'codecanvas', valuesContent: 'a:\n  b: 1\n' },
    });
  });

  test.each([
    ['argocd', new ArgoCdRenderer()],
    ['helm', new HelmCliRenderer()],
    ['k3s', new K3sHelmChartRenderer()],
  ])('%s cannot take values from Secrets and says so', (kind, renderer) => {
    const { chart } = release(renderer, { valuesFrom: [{ secretName: 's', key: 'k', targetPath: 'x.y' }] });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([expect.stringContaining(`the ${kind} renderer`)]);
  });

  test('rejects a non-OCI repository and bad names', () => {
    expect(() => release(new HelmCliRenderer(), { chart: { ...coords, repository: 'https://charts.example.com' } })).toThrow(/chart.repository "https:\/\/charts.example.com" must be an OCI repository URL oci:\/\//);
    expect(() => release(new HelmCliRenderer(), { chart: { ...coords, version: 'latest' } })).toThrow(/chart.version "latest" must be a SemVer chart version/);
    expect(() => release(new HelmCliRenderer(), { releaseName: 'Code Canvas' })).toThrow(/releaseName "Code Canvas"/);
  });
});

describe('file layout (cdk8s-plus style)', () => {
  /** `AzureDiskStorageClass` -> `azure-disk-storage-class`; "CodeCanvas" and "ArgoCd" are one word each, as in the package name and the `argocd` mode. */
  const kebab = (name: string) => name.replace(/CodeCanvas/g, 'Codecanvas').replace(/ArgoCd/g, 'Argocd').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

  test('each class (constructs, their base, secret sources, renderers, charts, the installation) lives alone in a file named for it', () => {
    const found: string[] = [];
    for (const folder of ['lib', 'lib/constructs', 'lib/secrets', 'lib/renderers', 'lib/charts']) {
      for (const file of fs.readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith('.ts'))) {
        const text = fs.readFileSync(path.join(ROOT, folder, file), 'utf8');
        const classes = [...text.matchAll(/^export (?:abstract )?class (\w+)\b/gm)].map((m) => m[1]);
        expect(`${file}: ${classes.length}`).toBe(`${file}: ${classes.length > 1 ? 1 : classes.length}`);
        for (const name of classes) {
          expect(`${name} in ${file}`).toBe(`${name} in ${kebab(name)}.ts`);
          found.push(name);
        }
      }
    }
    // The scan sees the constructs (not an empty match list).
    expect(found).toEqual(expect.arrayContaining(['AzureDiskStorageClass', 'CodeCanvasOperatorRbac', 'HelmChart', 'InstallStep', 'OutputFile', 'Resource', 'KeyVaultSecretSource', 'K3sHelmChartRenderer', 'ArgoCdRenderer', 'DevEnvironmentClusterChart', 'CodeCanvasInstallation']));
  });
});

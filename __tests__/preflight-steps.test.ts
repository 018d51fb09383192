// Which checks preflight runs for which cluster, delivery mode and secret source, each under its id and title: a
// reader that refuses every request makes every check report "could not check" under the id and title of its step.
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as fs from 'fs';
import { runChecks, planCluster, ClusterReader } from '../cli/preflight/checks';
import { loadConfigFile } from '../lib/config/load';
import { parseConfig } from '../lib/config/public';
import type { CodeCanvasConfig } from '../lib/config/config-types';
import { ROOT, withField } from './helpers';

/** A reader whose every request fails, as with a kubeconfig user that may read nothing. */
const refusing = new Proxy({} as ClusterReader, {
  get: (_target, method) => async () => {
    throw new Error(`forbidden: ${String(method)}`);
  },
});

async function steps(config: Parameters<typeof planCluster>[0], cluster?: string): Promise<string[]> {
  // The examples' files (a Sealed Secrets certificate) are read relative to examples/, as the command does.
  const results = await runChecks(refusing, planCluster(config, cluster), { baseDir: path.join(ROOT, 'examples') });
  for (const r of results) {
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/^could not check: forbidden: \w+$/);
    expect(r.fix).toBe('Make sure the kubeconfig user may read this object (kubectl auth can-i get <resource>) and the API server is reachable, then run preflight again.');
  }
  return results.map((r) => `${r.id} | ${r.title}`);
}

/** The checks every application cluster gets first: platform, ingress, Workload Identity, its namespace. */
const applicationBase = (ingressClass: string, issuer: string) => [
  'kubernetes-version | Kubernetes version',
  'nodes | Linux x86_64 nodes',
  `ingress-class | IngressClass ${ingressClass}`,
  'cert-manager-crds | cert-manager CRDs',
  `cluster-issuer | ClusterIssuer ${issuer}`,
  'workload-identity-webhook | Azure Workload Identity webhook',
  'namespace:codecanvas | Namespace codecanvas',
];
const ext = (name: string) => `secret:codecanvas/${name} | Secret codecanvas/${name}`;
const APP_SECRETS = [ext('codecanvas-db-secret-ext'), ext('codecanvas-objectstorage-secret-ext')];

const example = (name: string) => loadConfigFile(path.join(ROOT, 'examples', name)).config;

test('Argo CD with Key Vault: the application cluster and a dev-environment cluster', async () => {
  const config = example('aks.yaml');
  expect(await steps(config)).toEqual([
    ...applicationBase('nginx', 'letsencrypt-prod'),
    'argocd-crd | Argo CD Application CRD',
    'argocd-namespace | Argo CD namespace argocd',
    'argocd-project | Argo CD AppProject default',
    'external-secrets-crds | External Secrets Operator CRDs',
    'key-vault-reader:codecanvas/codecanvas-key-vault-reader | Key Vault reader ServiceAccount codecanvas/codecanvas-key-vault-reader',
    ...APP_SECRETS,
  ]);
  expect(await steps(config, config.devEnvironmentClusters[0].name)).toEqual([
    'kubernetes-version | Kubernetes version',
    'nodes | Linux x86_64 nodes',
    'ingress-class | IngressClass nginx',
    'cert-manager-crds | cert-manager CRDs',
    'cluster-issuer | ClusterIssuer letsencrypt-prod',
    'azure-disk-csi-driver | CSIDriver disk.csi.azure.com',
    'snapshot-crds | Volume snapshot CRDs',
    'namespace:codecanvas-devenv | Namespace codecanvas-devenv',
    'namespace:codecanvas-system | Namespace codecanvas-system',
    'argocd-crd | Argo CD Application CRD',
    'argocd-namespace | Argo CD namespace argocd',
    'argocd-project | Argo CD AppProject default',
    'external-secrets-crds | External Secrets Operator CRDs',
    'key-vault-reader:codecanvas-system/codecanvas-key-vault-reader | Key Vault reader ServiceAccount codecanvas-system/codecanvas-key-vault-reader',
    'secret:codecanvas-system/codecanvas-relay-secret | Secret codecanvas-system/codecanvas-relay-secret',
    'secret:codecanvas-system/codecanvas-jump-secret | Secret codecanvas-system/codecanvas-jump-secret',
    'secret:codecanvas-system/codecanvas-operator-secret | Secret codecanvas-system/codecanvas-operator-secret',
  ]);
});

test('Flux with Sealed Secrets', async () => {
  expect(await steps(example('flux-sealed-secrets.yaml'))).toEqual([
    ...applicationBase('webapprouting.kubernetes.azure.com', 'letsencrypt-prod'),
    'flux-crds | Flux CRDs',
    'sealed-secrets-crd | Sealed Secrets CRD',
    'sealed-secrets-controller | Sealed Secrets controller',
    'sealed-secrets-certificate | Sealed Secrets certificate',
    ...APP_SECRETS,
    ext('codecanvas-chart-values'),
  ]);
});

test('kubectl and Helm with secrets from the environment', async () => {
  expect(await steps(example('kubectl-helm.yaml'))).toEqual([
    ...applicationBase('nginx', 'letsencrypt-staging'),
    ...APP_SECRETS,
  ]);
});

test('k3s delivery', async () => {
  const raw = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'kubectl-helm.yaml'), 'utf8')) as Record<string, any>;
  expect(await steps(parseConfig(withField(raw, 'delivery.mode', 'k3s') as CodeCanvasConfig))).toEqual([
    ...applicationBase('nginx', 'letsencrypt-staging'),
    'k3s-helmchart-crd | k3s HelmChart CRD',
    ...APP_SECRETS,
  ]);
});

test('Argo CD with remote dev-environment clusters: their registration in Argo CD is checked too', async () => {
  expect(await steps(example('three-clusters.yaml'))).toContain('argocd-clusters | Dev-environment clusters registered in Argo CD');
});

test('on a cluster that has none of them, each CRD check says how to install what is missing', async () => {
  const empty = new Proxy({} as ClusterReader, { get: (_t, method) => async () => (String(method).startsWith('list') ? [] : undefined) });
  const fixes = new Map<string, string | undefined>();
  const configs = [
    example('aks.yaml'),
    example('flux-sealed-secrets.yaml'),
    parseConfig(withField(yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'kubectl-helm.yaml'), 'utf8')) as Record<string, any>, 'delivery.mode', 'k3s') as CodeCanvasConfig),
  ];
  for (const config of configs) {
    for (const cluster of [undefined, ...config.devEnvironmentClusters.map((c) => c.name)]) {
      for (const r of await runChecks(empty, planCluster(config, cluster))) if (r.id.endsWith('-crds') || r.id.endsWith('-crd')) fixes.set(`${r.id} | ${r.title}`, r.fix);
    }
  }
  expect(Object.fromEntries([...fixes].map(([id, fix]) => [id, fix?.split(/[:(]/)[0]]))).toEqual({
    'cert-manager-crds | cert-manager CRDs': 'Install cert-manager with its CRDs',
    'snapshot-crds | Volume snapshot CRDs': 'Install the CSI snapshot CRDs and controller',
    'argocd-crd | Argo CD Application CRD': 'Install Argo CD ',
    'external-secrets-crds | External Secrets Operator CRDs': 'Install External Secrets Operator 0.17 or later ',
    'flux-crds | Flux CRDs': 'Install Flux 2.6 or later ',
    'sealed-secrets-crd | Sealed Secrets CRD': 'Install the Sealed Secrets controller and its CRD',
    'k3s-helmchart-crd | k3s HelmChart CRD': 'delivery.mode k3s needs the k3s/RKE2 helm-controller, which AKS does not run; on AKS use delivery.mode argocd, flux or helm ',
  });
});

test('an unknown cluster is refused with the clusters there are, as an UnknownClusterError', () => {
  const config = example('aks.yaml');
  expect(() => planCluster(config, 'nope')).toThrow(
    expect.objectContaining({ name: 'UnknownClusterError', message: `cluster "nope" is not in the config; choose one of: application, ${config.devEnvironmentClusters[0].name}` }),
  );
});

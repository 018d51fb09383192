/** What the output needs from a cluster: versions, node sizes, CRDs, and how to install what is missing. */


export const MIN_KUBERNETES = { major: 1, minor: 29 } as const;
/** The guide's recommended minimum per node: 4 CPU cores and 8 GB memory. */
export const MIN_NODE_CPU = 4;
export const MIN_NODE_MEMORY = 8 * 1024 ** 3;
/** The guide's "at least four nodes" for the application cluster. */
export const MIN_APPLICATION_NODES = 4;
export const WORKLOAD_IDENTITY_WEBHOOK = 'azure-wi-webhook-mutating-webhook-configuration';

/** A CRD our output needs, with the API version our output's objects use. */
export interface CrdRequirement {
  readonly name: string;
  readonly version: string;
}

export const CERT_MANAGER_CRDS: readonly CrdRequirement[] = [
  { name: 'clusterissuers.cert-manager.io', version: 'v1' },
  { name: 'certificates.cert-manager.io', version: 'v1' },
];
export const SNAPSHOT_CRDS: readonly CrdRequirement[] = [
  { name: 'volumesnapshotclasses.snapshot.storage.k8s.io', version: 'v1' },
  { name: 'volumesnapshots.snapshot.storage.k8s.io', version: 'v1' },
  { name: 'volumesnapshotcontents.snapshot.storage.k8s.io', version: 'v1' },
];
export const ESO_EXTERNAL_SECRET_CRD: CrdRequirement = { name: 'externalsecrets.external-secrets.io', version: 'v1' };
export const ESO_STORE_CRDS: Record<'SecretStore' | 'ClusterSecretStore', CrdRequirement> = {
  SecretStore: { name: 'secretstores.external-secrets.io', version: 'v1' },
  ClusterSecretStore: { name: 'clustersecretstores.external-secrets.io', version: 'v1' },
};
export const SEALED_SECRETS_CRD: CrdRequirement = { name: 'sealedsecrets.bitnami.com', version: 'v1alpha1' };
export const ARGOCD_APPLICATION_CRD: CrdRequirement = { name: 'applications.argoproj.io', version: 'v1alpha1' };
export const FLUX_CRDS: readonly CrdRequirement[] = [
  { name: 'helmreleases.helm.toolkit.fluxcd.io', version: 'v2' },
  { name: 'ocirepositories.source.toolkit.fluxcd.io', version: 'v1' },
];
export const K3S_HELMCHART_CRD: CrdRequirement = { name: 'helmcharts.helm.cattle.io', version: 'v1' };

export const CERT_MANAGER_FIX =
  'Install cert-manager with its CRDs: helm upgrade --install cert-manager jetstack/cert-manager --namespace cert-manager --create-namespace --set crds.enabled=true.';
export const SNAPSHOT_FIX =
  'Install the CSI snapshot CRDs and controller: az aks update --resource-group <rg> --name <cluster> --enable-disk-driver --enable-snapshot-controller ' +
  "(elsewhere: kubectl apply -k 'github.com/kubernetes-csi/external-snapshotter/client/config/crd?ref=v8.2.0').";
export const ESO_FIX =
  'Install External Secrets Operator 0.17 or later (it serves external-secrets.io/v1): helm upgrade --install external-secrets external-secrets/external-secrets --namespace external-secrets --create-namespace.';
export const SEALED_FIX =
  'Install the Sealed Secrets controller and its CRD: helm upgrade --install sealed-secrets sealed-secrets/sealed-secrets --namespace kube-system --set fullnameOverride=sealed-secrets-controller.';
export const FLUX_FIX =
  'Install Flux 2.6 or later (OCIRepository source.toolkit.fluxcd.io/v1, HelmRelease helm.toolkit.fluxcd.io/v2): flux install, or flux bootstrap for a Git-managed cluster.';
export const K3S_FIX =
  "delivery.mode k3s needs the k3s/RKE2 helm-controller, which AKS does not run; on AKS use delivery.mode argocd, flux or helm (or install k3s-io/helm-controller with its CRD).";
export const ARGOCD_CRD_FIX =
  'Install Argo CD (its CRDs come with it): kubectl create namespace argocd && kubectl apply -n argocd --server-side -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml.';


/**
 * `preflight` check definitions: what a cluster must offer before our output for it is applied, as pure functions
 * over a small read-only `ClusterReader` (cluster-reader.ts). Which checks run follows the plan for the cluster
 * (cluster-plan.ts): the cluster (application or a dev-environment cluster), the secret source and the delivery mode.
 */
import { AZURE_DISK_CSI_DRIVER } from '../constructs/storage-class';
import { ClusterPlan, PlannedSecret } from './cluster-plan';
import { ClusterReader, NodeView, ObjectView } from './cluster-reader';
import { formatCpu, formatMemory, parseKubernetesVersion, parseQuantity } from './quantities';

// Re-exported for __tests__/preflight.test.ts, which imports them from here.
export type { ClusterReader, CrdView, NodeView, ObjectView, VersionView } from './cluster-reader';
export type { ClusterPlan, PlannedSecret } from './cluster-plan';
export { UnknownClusterError, planCluster } from './cluster-plan';
export { parseKubernetesVersion, parseQuantity } from './quantities';

// ---- results ----------------------------------------------------------------------------------------------------

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  /** Stable identifier, such as `kubernetes-version` or `secret:codecanvas/codecanvas-db-secret-ext`. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do about it (always given for fail and warn). */
  readonly fix?: string;
}

// ---- constants ----------------------------------------------------------------------------------------------------

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

// ---- the checks ---------------------------------------------------------------------------------------------------

const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'pass', detail });
const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: 'fail', detail, fix });
const warn = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: 'warn', detail, fix });

function isTerminating(obj: ObjectView): boolean {
  return !!obj.metadata.deletionTimestamp || obj.status?.phase === 'Terminating';
}

export async function checkKubernetesVersion(reader: ClusterReader): Promise<CheckResult> {
  const id = 'kubernetes-version';
  const title = 'Kubernetes version';
  const info = await reader.getVersion();
  const v = parseKubernetesVersion(info);
  const min = `${MIN_KUBERNETES.major}.${MIN_KUBERNETES.minor}`;
  const fix = `Upgrade the cluster to Kubernetes ${min} or later (CodeCanvas requires ${min}+): az aks upgrade --resource-group <rg> --name <cluster> --kubernetes-version <${min} or newer>.`;
  if (!v) {
    return warn(id, title, `cannot read the version from the API server's answer (gitVersion ${JSON.stringify(info.gitVersion)})`, `Check the version by hand with kubectl version; CodeCanvas requires ${min}+.`);
  }
  const shown = info.gitVersion || `${v.major}.${v.minor}`;
  const ok = v.major > MIN_KUBERNETES.major || (v.major === MIN_KUBERNETES.major && v.minor >= MIN_KUBERNETES.minor);
  return ok ? pass(id, title, `${shown} (>= ${min})`) : fail(id, title, `${shown} is older than ${min}`, fix);
}

interface NodeAssessment {
  readonly name: string;
  readonly linuxAmd64: boolean;
  readonly schedulable: boolean;
  readonly allocatableOk: boolean;
  readonly capacityOk: boolean;
  readonly reason?: string;
}

function assessNode(node: NodeView): NodeAssessment {
  const name = node.metadata.name ?? '(unnamed)';
  const labels = node.metadata.labels ?? {};
  const os = labels['kubernetes.io/os'];
  const arch = labels['kubernetes.io/arch'];
  const linuxAmd64 = os === 'linux' && arch === 'amd64';
  const blocking = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const schedulable = !node.spec?.unschedulable && blocking.length === 0;
  const cpu = parseQuantity(node.status?.allocatable?.cpu);
  const memory = parseQuantity(node.status?.allocatable?.memory);
  const capCpu = parseQuantity(node.status?.capacity?.cpu) ?? cpu;
  const capMemory = parseQuantity(node.status?.capacity?.memory) ?? memory;
  const allocatableOk = (cpu ?? 0) >= MIN_NODE_CPU && (memory ?? 0) >= MIN_NODE_MEMORY;
  const capacityOk = (capCpu ?? 0) >= MIN_NODE_CPU && (capMemory ?? 0) >= MIN_NODE_MEMORY;
  let reason: string | undefined;
  if (!linuxAmd64) reason = `${os ?? 'no os label'}/${arch ?? 'no arch label'}`;
  else if (node.spec?.unschedulable) reason = 'cordoned';
  else if (blocking.length > 0) reason = `tainted ${blocking.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')}`;
  else if (!allocatableOk) reason = `allocatable ${formatCpu(cpu)} CPU / ${formatMemory(memory)}`;
  return { name, linuxAmd64, schedulable, allocatableOk, capacityOk, reason };
}

export async function checkNodes(reader: ClusterReader, plan: Pick<ClusterPlan, 'kind'>): Promise<CheckResult> {
  const id = 'nodes';
  const title = 'Linux x86_64 nodes';
  const nodes = (await reader.listNodes()).map(assessNode);
  const usable = nodes.filter((n) => n.linuxAmd64 && n.schedulable);
  const qualifying = usable.filter((n) => n.allocatableOk);
  // Nodes of the guide's size (4 vCPU / 8 GB) whose allocatable is a little less after the system reservation.
  const nearMiss = usable.filter((n) => !n.allocatableOk && n.capacityOk);
  const need = plan.kind === 'application' ? MIN_APPLICATION_NODES : 1;
  const req = `>= ${MIN_NODE_CPU} CPU / ${formatMemory(MIN_NODE_MEMORY)} allocatable`;
  const others = nodes.filter((n) => n.reason !== undefined);
  const notCounted = others.length === 0 ? '' : `; not counted: ${others.slice(0, 5).map((n) => `${n.name} (${n.reason})`).join(', ')}${others.length > 5 ? `, and ${others.length - 5} more` : ''}`;
  const detail = `${qualifying.length} of ${nodes.length} node${nodes.length === 1 ? '' : 's'} are schedulable Linux x86_64 with ${req} (need ${need})${notCounted}`;
  if (qualifying.length >= need) return pass(id, title, detail);

  const pool = plan.kind === 'application' ? 'the application cluster' : 'the dev-environment cluster';
  const fix =
    plan.kind === 'application'
      ? `Add Linux x86_64 nodes until at least ${need} have ${req} (e.g. a Standard_D8s_v5 pool: az aks nodepool add --resource-group <rg> --cluster-name <cluster> --name codecanvas --os-type Linux --node-vm-size Standard_D8s_v5 --node-count ${need}); cordoned or NoSchedule-tainted nodes do not count.`
      : `Give ${pool} at least one schedulable Linux x86_64 node with ${req} (scale the pool or set the autoscaler's minimum: az aks nodepool update --resource-group <rg> --cluster-name <cluster> --name <pool> --update-cluster-autoscaler --min-count 1 --max-count <n>); size it for your dev environments with the plan command.`;
  if (qualifying.length + nearMiss.length >= need) {
    return warn(
      id,
      title,
      `${detail}; ${nearMiss.length} more have ${MIN_NODE_CPU} CPU / ${formatMemory(MIN_NODE_MEMORY)} capacity but less allocatable after the system reservation`,
      `Pods get less than the guide's ${MIN_NODE_CPU} CPU / ${formatMemory(MIN_NODE_MEMORY)} per node; this works, but for headroom use a larger VM size. ${fix}`,
    );
  }
  return plan.kind === 'application' ? fail(id, title, detail, fix) : warn(id, title, detail, fix);
}

export async function checkIngressClass(reader: ClusterReader, className: string): Promise<CheckResult> {
  const id = 'ingress-class';
  const title = `IngressClass ${className}`;
  if (await reader.getIngressClass(className)) return pass(id, title, `IngressClass ${className} exists`);
  const existing = await reader.listIngressClasses();
  const found = existing.length === 0 ? 'the cluster has no IngressClass' : `the cluster has ${existing.join(', ')}`;
  return fail(
    id,
    title,
    `IngressClass ${className} not found; ${found}`,
    `Install an ingress controller that provides IngressClass ${className} (e.g. helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx --namespace ingress-nginx --create-namespace)` +
      (existing.length > 0 ? `, or set ingress.className to one of: ${existing.join(', ')}.` : ', or set ingress.className to the class of the controller you use.'),
  );
}

/** One check over a group of CRDs: each must exist and serve the API version our output uses. */
export async function checkCrds(
  reader: ClusterReader,
  id: string,
  title: string,
  required: readonly CrdRequirement[],
  fix: string,
): Promise<CheckResult> {
  const missing: string[] = [];
  const unserved: string[] = [];
  for (const req of required) {
    const crd = await reader.getCrd(req.name);
    if (!crd) missing.push(req.name);
    else if (!crd.spec.versions.some((v) => v.name === req.version && v.served)) {
      const served = crd.spec.versions.filter((v) => v.served).map((v) => v.name);
      unserved.push(`${req.name} serves ${served.join(', ') || 'no version'} but our output uses ${req.version}`);
    }
  }
  if (missing.length === 0 && unserved.length === 0) {
    return pass(id, title, `${required.map((r) => `${r.name} (${r.version})`).join(', ')} installed`);
  }
  const problems = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...unserved];
  return fail(id, title, problems.join('; '), fix);
}

export async function checkClusterIssuer(reader: ClusterReader, ingress: NonNullable<ClusterPlan['ingress']>): Promise<CheckResult> {
  const name = ingress.clusterIssuer;
  const id = 'cluster-issuer';
  const title = `ClusterIssuer ${name}`;
  const issuer = await reader.getClusterIssuer(name);
  if (!issuer) {
    if (ingress.issuerInOutput) return pass(id, title, `not in the cluster yet; our output creates it (Let's Encrypt ACME, HTTP-01 via IngressClass ${ingress.className})`);
    return fail(
      id,
      title,
      `ClusterIssuer ${name} not found`,
      `Create ClusterIssuer ${name} (kubectl apply -f <issuer>.yaml; the application cluster's output has one when ingress.letsEncrypt is set), ` +
        'or set ingress.clusterIssuer to an existing issuer (kubectl get clusterissuers).',
    );
  }
  const ready = issuer.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return pass(id, title, `ClusterIssuer ${name} exists and is Ready${ingress.issuerInOutput ? ' (our output updates it)' : ''}`);
  const why = ready ? `Ready=${ready.status}${ready.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : ''}` : 'no Ready condition yet';
  return warn(
    id,
    title,
    `ClusterIssuer ${name} exists but is not Ready: ${why}`,
    `Inspect it with kubectl describe clusterissuer ${name} and the cert-manager logs (for ACME: account e-mail, server URL, network access to Let's Encrypt); certificates are not issued until it is Ready.`,
  );
}

export async function checkWorkloadIdentityWebhook(reader: ClusterReader): Promise<CheckResult> {
  const id = 'workload-identity-webhook';
  const title = 'Azure Workload Identity webhook';
  if (await reader.getMutatingWebhookConfiguration(WORKLOAD_IDENTITY_WEBHOOK)) {
    return pass(id, title, `MutatingWebhookConfiguration ${WORKLOAD_IDENTITY_WEBHOOK} exists`);
  }
  return warn(
    id,
    title,
    `MutatingWebhookConfiguration ${WORKLOAD_IDENTITY_WEBHOOK} not found: pods labelled azure.workload.identity/use=true get no Azure token, so CodeCanvas cannot reach Blob Storage with Workload Identity`,
    'Enable the OIDC issuer and Workload Identity on the cluster: az aks update --resource-group <rg> --name <cluster> --enable-oidc-issuer --enable-workload-identity (see the Azure Workload Identity documentation), then federate the managed identity with the service account.',
  );
}

export async function checkCsiDriver(reader: ClusterReader): Promise<CheckResult> {
  const id = 'azure-disk-csi-driver';
  const title = `CSIDriver ${AZURE_DISK_CSI_DRIVER}`;
  if (await reader.getCsiDriver(AZURE_DISK_CSI_DRIVER)) return pass(id, title, `CSIDriver ${AZURE_DISK_CSI_DRIVER} is installed`);
  return fail(
    id,
    title,
    `CSIDriver ${AZURE_DISK_CSI_DRIVER} not found: our StorageClasses and VolumeSnapshotClasses use it for dev-environment volumes and snapshots`,
    `Enable the Azure Disk CSI driver: az aks update --resource-group <rg> --name <cluster> --enable-disk-driver.`,
  );
}

export async function checkNamespace(reader: ClusterReader, name: string): Promise<CheckResult> {
  const id = `namespace:${name}`;
  const title = `Namespace ${name}`;
  const ns = await reader.getNamespace(name);
  if (!ns) return pass(id, title, `not there yet; our output creates it`);
  if (isTerminating(ns)) {
    return fail(id, title, `namespace ${name} is being deleted (Terminating)`, `Wait until kubectl get namespace ${name} no longer finds it (check its finalizers), then apply the output.`);
  }
  return pass(id, title, `exists`);
}

export async function checkArgoCdNamespace(reader: ClusterReader, name: string): Promise<CheckResult> {
  const id = 'argocd-namespace';
  const title = `Argo CD namespace ${name}`;
  const ns = await reader.getNamespace(name);
  const fix = `Install Argo CD into namespace ${name} (kubectl create namespace ${name} && kubectl apply -n ${name} --server-side -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml), or set delivery.argocd.namespace to the namespace Argo CD watches.`;
  if (!ns) return fail(id, title, `namespace ${name} not found: our Application objects go there`, fix);
  if (isTerminating(ns)) return fail(id, title, `namespace ${name} is being deleted (Terminating)`, fix);
  return pass(id, title, 'exists');
}

export async function checkSealedSecretsController(reader: ClusterReader, namespace: string, name: string): Promise<CheckResult> {
  const id = 'sealed-secrets-controller';
  const title = 'Sealed Secrets controller';
  if (await reader.getService(namespace, name)) return pass(id, title, `Service ${namespace}/${name} exists`);
  return fail(
    id,
    title,
    `Service ${namespace}/${name} not found: nothing unseals our SealedSecrets`,
    `Install the controller (helm upgrade --install sealed-secrets sealed-secrets/sealed-secrets --namespace ${namespace} --set fullnameOverride=${name}), ` +
      'or set secrets.sealedSecrets.controllerNamespace / controllerName to where it runs; the sealing certificate in the config must come from this controller (kubeseal --fetch-cert).',
  );
}

const owner = (obj: ObjectView, kind: string) => (obj.metadata.ownerReferences ?? []).find((o) => o.kind === kind);

export async function checkSecret(reader: ClusterReader, secret: PlannedSecret): Promise<CheckResult> {
  const { namespace, name, producer } = secret;
  const id = `secret:${namespace}/${name}`;
  const title = `Secret ${namespace}/${name}`;
  const existing = await reader.getSecret(namespace, name);
  switch (producer) {
    case 'output': {
      if (!existing) return pass(id, title, 'not there yet; our output creates it');
      const controller = owner(existing, 'ExternalSecret') ?? owner(existing, 'SealedSecret');
      if (controller) {
        return warn(
          id,
          title,
          `exists and is owned by ${controller.kind} ${controller.name}, which will overwrite the plain Secret in our output`,
          `Delete ${controller.kind} ${namespace}/${controller.name} (kubectl delete ${controller.kind.toLowerCase()} -n ${namespace} ${controller.name}) before applying, or switch secrets.source back to the source that manages it.`,
        );
      }
      return pass(id, title, 'exists; our output replaces it');
    }
    case 'externalSecret': {
      if (!existing) return pass(id, title, `not there yet; External Secrets Operator creates it from ExternalSecret ${namespace}/${name} in our output`);
      const es = owner(existing, 'ExternalSecret');
      if (es?.name === name) return pass(id, title, `exists, managed by ExternalSecret ${name}`);
      if (es) {
        return fail(
          id,
          title,
          `exists and is owned by another ExternalSecret (${es.name}); External Secrets Operator will refuse to write it for ExternalSecret ${name}`,
          `Delete ExternalSecret ${namespace}/${es.name} (kubectl delete externalsecret -n ${namespace} ${es.name}), or rename the Secret in the config (database.secretName / objectStorage.secretName).`,
        );
      }
      return warn(
        id,
        title,
        'exists and is not managed by an ExternalSecret (e.g. created by hand as in the install guide); External Secrets Operator takes it over and replaces its data with the Key Vault values',
        `Make sure Key Vault holds every value (or back it up: kubectl get secret -n ${namespace} ${name} -o yaml > ${name}.backup.yaml) before applying the output.`,
      );
    }
    case 'sealedSecret': {
      if (!existing) return pass(id, title, `not there yet; the Sealed Secrets controller creates it from SealedSecret ${namespace}/${name} in our output`);
      const ss = owner(existing, 'SealedSecret');
      if (ss) return pass(id, title, `exists, managed by SealedSecret ${ss.name}`);
      if (existing.metadata.annotations?.['sealedsecrets.bitnami.com/managed'] === 'true') {
        return pass(id, title, 'exists and is annotated sealedsecrets.bitnami.com/managed=true; the controller takes it over');
      }
      return fail(
        id,
        title,
        'exists and is not managed by a SealedSecret: the Sealed Secrets controller refuses to overwrite it ("already exists and is not managed by SealedSecret")',
        `Let the controller take it over: kubectl annotate secret -n ${namespace} ${name} sealedsecrets.bitnami.com/managed=true (or delete it) before applying the output.`,
      );
    }
  }
}

const CERT_MANAGER_FIX =
  'Install cert-manager with its CRDs: helm upgrade --install cert-manager jetstack/cert-manager --namespace cert-manager --create-namespace --set crds.enabled=true.';
const SNAPSHOT_FIX =
  'Install the CSI snapshot CRDs and controller: az aks update --resource-group <rg> --name <cluster> --enable-disk-driver --enable-snapshot-controller ' +
  "(elsewhere: kubectl apply -k 'github.com/kubernetes-csi/external-snapshotter/client/config/crd?ref=v8.2.0').";
const ESO_FIX =
  'Install External Secrets Operator 0.17 or later (it serves external-secrets.io/v1): helm upgrade --install external-secrets external-secrets/external-secrets --namespace external-secrets --create-namespace.';
const SEALED_FIX =
  'Install the Sealed Secrets controller and its CRD: helm upgrade --install sealed-secrets sealed-secrets/sealed-secrets --namespace kube-system --set fullnameOverride=sealed-secrets-controller.';
const FLUX_FIX =
  'Install Flux 2.6 or later (OCIRepository source.toolkit.fluxcd.io/v1, HelmRelease helm.toolkit.fluxcd.io/v2): flux install, or flux bootstrap for a Git-managed cluster.';
const K3S_FIX =
  "delivery.mode k3s needs the k3s/RKE2 helm-controller, which AKS does not run; on AKS use delivery.mode argocd, flux or helm (or install k3s-io/helm-controller with its CRD).";
const ARGOCD_CRD_FIX =
  'Install Argo CD (its CRDs come with it): kubectl create namespace argocd && kubectl apply -n argocd --server-side -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml.';

/** Every check for `plan`'s cluster, in a fixed order. A check that throws is reported as failing. */
export async function runChecks(reader: ClusterReader, plan: ClusterPlan): Promise<CheckResult[]> {
  const steps: { id: string; title: string; run: () => Promise<CheckResult> }[] = [];
  const add = (id: string, title: string, run: () => Promise<CheckResult>) => steps.push({ id, title, run });

  add('kubernetes-version', 'Kubernetes version', () => checkKubernetesVersion(reader));
  add('nodes', 'Linux x86_64 nodes', () => checkNodes(reader, plan));
  if (plan.ingress) {
    const ingress = plan.ingress;
    add('ingress-class', `IngressClass ${ingress.className}`, () => checkIngressClass(reader, ingress.className));
    add('cert-manager-crds', 'cert-manager CRDs', () => checkCrds(reader, 'cert-manager-crds', 'cert-manager CRDs', CERT_MANAGER_CRDS, CERT_MANAGER_FIX));
    add('cluster-issuer', `ClusterIssuer ${ingress.clusterIssuer}`, () => checkClusterIssuer(reader, ingress));
  }
  if (plan.workloadIdentity) add('workload-identity-webhook', 'Azure Workload Identity webhook', () => checkWorkloadIdentityWebhook(reader));
  if (plan.azureDisk) {
    add('azure-disk-csi-driver', `CSIDriver ${AZURE_DISK_CSI_DRIVER}`, () => checkCsiDriver(reader));
    add('snapshot-crds', 'Volume snapshot CRDs', () => checkCrds(reader, 'snapshot-crds', 'Volume snapshot CRDs', SNAPSHOT_CRDS, SNAPSHOT_FIX));
  }
  for (const ns of plan.namespaces) add(`namespace:${ns}`, `Namespace ${ns}`, () => checkNamespace(reader, ns));

  if (plan.delivery) {
    const delivery = plan.delivery;
    switch (delivery.mode) {
      case 'argocd':
        add('argocd-crd', 'Argo CD Application CRD', () => checkCrds(reader, 'argocd-crd', 'Argo CD Application CRD', [ARGOCD_APPLICATION_CRD], ARGOCD_CRD_FIX));
        add('argocd-namespace', `Argo CD namespace ${delivery.namespace}`, () => checkArgoCdNamespace(reader, delivery.namespace));
        break;
      case 'flux':
        add('flux-crds', 'Flux CRDs', () => checkCrds(reader, 'flux-crds', 'Flux CRDs', FLUX_CRDS, FLUX_FIX));
        break;
      case 'k3s':
        add('k3s-helmchart-crd', 'k3s HelmChart CRD', () => checkCrds(reader, 'k3s-helmchart-crd', 'k3s HelmChart CRD', [K3S_HELMCHART_CRD], K3S_FIX));
        break;
      case 'helm':
        break; // the helm CLI installs the releases; nothing in the cluster to look for
    }
  }

  if (plan.externalSecrets) {
    const crds = [ESO_EXTERNAL_SECRET_CRD, ESO_STORE_CRDS[plan.externalSecrets.storeKind]];
    add('external-secrets-crds', 'External Secrets Operator CRDs', () => checkCrds(reader, 'external-secrets-crds', 'External Secrets Operator CRDs', crds, ESO_FIX));
  }
  if (plan.sealedSecrets) {
    const { controllerNamespace, controllerName } = plan.sealedSecrets;
    add('sealed-secrets-crd', 'Sealed Secrets CRD', () => checkCrds(reader, 'sealed-secrets-crd', 'Sealed Secrets CRD', [SEALED_SECRETS_CRD], SEALED_FIX));
    add('sealed-secrets-controller', 'Sealed Secrets controller', () => checkSealedSecretsController(reader, controllerNamespace, controllerName));
  }
  for (const secret of plan.secrets) {
    add(`secret:${secret.namespace}/${secret.name}`, `Secret ${secret.namespace}/${secret.name}`, () => checkSecret(reader, secret));
  }

  const results: CheckResult[] = [];
  for (const step of steps) {
    try {
      results.push(await step.run());
    } catch (e) {
      results.push(
        fail(step.id, step.title, `could not check: ${(e as Error).message}`, 'Make sure the kubeconfig user may read this object (kubectl auth can-i get <resource>) and the API server is reachable, then run preflight again.'),
      );
    }
  }
  return results;
}

export interface CheckSummary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  return {
    pass: results.filter((r) => r.status === 'pass').length,
    fail: results.filter((r) => r.status === 'fail').length,
    warn: results.filter((r) => r.status === 'warn').length,
  };
}

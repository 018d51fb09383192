/**
 * `preflight` check definitions: what a cluster must offer before our output for it is applied, as pure functions
 * over a small read-only `ClusterReader` (cluster-reader.ts). Which checks run follows the plan for the cluster
 * (cluster-plan.ts): the cluster (application or a dev-environment cluster), the secret source and the delivery mode.
 * The checks themselves live by concern: platform-checks.ts, object-checks.ts, argocd-checks.ts; results in
 * check-result.ts, requirements in requirements.ts.
 */
import { AZURE_DISK_CSI_DRIVER } from '../../lib/constructs/azure-disk-storage-class';
import { checkAppProject, checkHubRegistration } from './argocd-checks';
import { CheckResult, fail } from './check-result';
import { ClusterPlan } from './cluster-plan';
import { ClusterReader } from './cluster-reader';
import { checkKeyVaultReader, checkSealingCertificate } from './identity-checks';
import { checkArgoCdNamespace, checkNamespace, checkSealedSecretsController, checkSecret } from './object-checks';
import { checkClusterIssuer, checkCrds, checkCsiDriver, checkIngressClass, checkKubernetesVersion, checkNodes, checkWorkloadIdentityWebhook } from './platform-checks';
import {
  ARGOCD_APPLICATION_CRD,
  ARGOCD_CRD_FIX,
  CERT_MANAGER_CRDS,
  CERT_MANAGER_FIX,
  ESO_EXTERNAL_SECRET_CRD,
  ESO_FIX,
  ESO_STORE_CRDS,
  FLUX_CRDS,
  FLUX_FIX,
  K3S_FIX,
  K3S_HELMCHART_CRD,
  SEALED_FIX,
  SEALED_SECRETS_CRD,
  SNAPSHOT_CRDS,
  SNAPSHOT_FIX,
} from './requirements';

// Re-exported for __tests__/preflight.test.ts and the command, which import them from here.
export type { ClusterReader, CrdView, NodeView, ObjectView, VersionView } from './cluster-reader';
export type { ClusterPlan, KeyVaultReaderPlan, PlannedSecret } from './cluster-plan';
export { UnknownClusterError, planCluster } from './cluster-plan';
export { parseKubernetesVersion, parseQuantity } from './quantities';
export * from './check-result';
export * from './requirements';
export * from './platform-checks';
export * from './object-checks';
export * from './argocd-checks';
export * from './identity-checks';

/** Where the checks read local files. */
export interface CheckOptions {
  /**
   * Folder the config's relative paths resolve against (the config file's folder), for the sealing certificate.
   * @default process.cwd()
   */
  readonly baseDir?: string;
}

export async function runChecks(reader: ClusterReader, plan: ClusterPlan, options: CheckOptions = {}): Promise<CheckResult[]> {
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
        add('argocd-project', `Argo CD AppProject ${delivery.project}`, () => checkAppProject(reader, delivery.namespace, delivery.project, delivery.applications));
        if (delivery.remoteClusters.length > 0) {
          add('argocd-clusters', 'Dev-environment clusters registered in Argo CD', () => checkHubRegistration(reader, delivery.namespace, delivery.remoteClusters));
        }
        break;
      case 'flux':
        add('flux-crds', 'Flux CRDs', () => checkCrds(reader, 'flux-crds', 'Flux CRDs', FLUX_CRDS, FLUX_FIX));
        break;
      case 'k3s':
        add('k3s-helmchart-crd', 'k3s HelmChart CRD', () => checkCrds(reader, 'k3s-helmchart-crd', 'k3s HelmChart CRD', [K3S_HELMCHART_CRD], K3S_FIX));
        break;
      // Stryker disable next-line ConditionalExpression,StringLiteral: helm adds no check, and neither does a mode no case names.
      case 'helm':
        break; // the helm CLI installs the releases; nothing in the cluster to look for
    }
  }

  if (plan.externalSecrets) {
    const crds = [ESO_EXTERNAL_SECRET_CRD, ESO_STORE_CRDS[plan.externalSecrets.storeKind]];
    add('external-secrets-crds', 'External Secrets Operator CRDs', () => checkCrds(reader, 'external-secrets-crds', 'External Secrets Operator CRDs', crds, ESO_FIX));
    for (const sa of plan.externalSecrets.readers) {
      add(`key-vault-reader:${sa.namespace}/${sa.name}`, `Key Vault reader ServiceAccount ${sa.namespace}/${sa.name}`, () => checkKeyVaultReader(reader, plan.cluster, sa));
    }
  }
  if (plan.sealedSecrets) {
    const { controllerNamespace, controllerName } = plan.sealedSecrets;
    add('sealed-secrets-crd', 'Sealed Secrets CRD', () => checkCrds(reader, 'sealed-secrets-crd', 'Sealed Secrets CRD', [SEALED_SECRETS_CRD], SEALED_FIX));
    add('sealed-secrets-controller', 'Sealed Secrets controller', () => checkSealedSecretsController(reader, controllerNamespace, controllerName));
    const sealed = plan.sealedSecrets;
    add('sealed-secrets-certificate', 'Sealed Secrets certificate', () => checkSealingCertificate(reader, plan.cluster, sealed, options.baseDir ?? process.cwd()));
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

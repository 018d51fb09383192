/**
 * Checks of what the platform offers: Kubernetes version, nodes, IngressClass, CRDs, ClusterIssuer, Workload
 * Identity webhook, Azure Disk CSI driver.
 */
import { AZURE_DISK_CSI_DRIVER } from '../../lib/constructs/azure-disk-storage-class';
import { CheckResult, fail, pass, warn } from './check-result';
import { ClusterPlan } from './cluster-plan';
import { ClusterReader, NodeView } from './cluster-reader';
import { formatCpu, formatMemory, parseKubernetesVersion, parseQuantity } from './quantities';
import { CrdRequirement, MIN_APPLICATION_NODES, MIN_KUBERNETES, MIN_NODE_CPU, MIN_NODE_MEMORY, WORKLOAD_IDENTITY_WEBHOOK } from './requirements';

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
  // Stryker disable next-line ArrayDeclaration: a placeholder entry has none of the fields looked for, like no entry.
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

  const fix =
    plan.kind === 'application'
      ? `Add Linux x86_64 nodes until at least ${need} have ${req} (e.g. a Standard_D8s_v5 pool: az aks nodepool add --resource-group <rg> --cluster-name <cluster> --name codecanvas --os-type Linux --node-vm-size Standard_D8s_v5 --node-count ${need}); cordoned or NoSchedule-tainted nodes do not count.`
      : `Give the dev-environment cluster at least one schedulable Linux x86_64 node with ${req} (scale the pool or set the autoscaler's minimum: az aks nodepool update --resource-group <rg> --cluster-name <cluster> --name <pool> --update-cluster-autoscaler --min-count 1 --max-count <n>); size it for your dev environments with the plan command.`;
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

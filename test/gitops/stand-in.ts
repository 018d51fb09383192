/**
 * STAND-IN STATUS WRITER: the one thing in the gitops tier that is not the real software.
 *
 * The rig's clusters are a kube-apiserver and etcd only: no kubelet, no kube-controller-manager, no cert-manager,
 * no External Secrets Operator, no ingress controller. Objects those would make healthy never report status, and
 * Argo CD's sync waves wait for the health of the previous wave. So this writer stands in for exactly those
 * controllers' status writes, every second, on each cluster it is given:
 *   - cert-manager: ClusterIssuer / Issuer condition Ready=True (as after ACME account registration);
 *   - External Secrets Operator: SecretStore / ClusterSecretStore Ready=True (as after the Azure provider
 *     validated), ExternalSecret Ready=True plus its target Secret with a placeholder for every key it declares
 *     (as after reading Key Vault);
 *   - kube-controller-manager + kubelet: Deployment and StatefulSet replicas all ready/available, a ReplicaSet
 *     per Deployment pod template with all replicas ready (what Helm's --wait looks for), PodDisruptionBudget
 *     status, PersistentVolumeClaims Bound;
 *   - an ingress controller: Ingress status.loadBalancer with 127.0.0.1;
 *   - the cloud controller manager (Azure's load balancers): a LoadBalancer Service's status.loadBalancer with
 *     127.0.0.1 (the jump server's SSH Service when jump.ssh.type is LoadBalancer).
 * It writes only `status` (and creates the ExternalSecret targets and the ReplicaSets, updating a ReplicaSet only to
 * follow its Deployment's replicas) and never touches anything Argo CD, Flux or the sealed-secrets controller own.
 * Everything else in the tier is real.
 */
import { createHash } from 'node:crypto';
import { sleep } from '../cluster/envtest';
import { Kube, KubeObject } from './rig';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ready = (reason: string) => [{ type: 'Ready', status: 'True', reason, message: 'set by the gitops tier stand-in status writer', lastTransitionTime: new Date().toISOString() }];

async function patchStatus(kube: Kube, o: KubeObject, status: Json): Promise<void> {
  const base = await kube.pathOf(o);
  const r = await kube.request('PATCH', `${base}/status`, { status }, 'application/merge-patch+json');
  if (r.status === 404) await kube.request('PATCH', base, { status }, 'application/merge-patch+json'); // no status subresource
}

function hasReady(o: KubeObject): boolean {
  return (o.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
}

/** One pass over a cluster. */
export async function writeStatuses(kube: Kube): Promise<void> {
  for (const p of ['/apis/cert-manager.io/v1/clusterissuers', '/apis/cert-manager.io/v1/issuers', '/apis/external-secrets.io/v1/secretstores', '/apis/external-secrets.io/v1/clustersecretstores']) {
    for (const o of await kube.list(p)) if (!hasReady(o)) await patchStatus(kube, o, { conditions: ready(p.includes('cert-manager') ? 'ACMEAccountRegistered' : 'Valid') });
  }
  for (const o of await kube.list('/apis/external-secrets.io/v1/externalsecrets')) {
    const target = o.spec?.target?.name ?? o.metadata.name;
    const ns = o.metadata.namespace!;
    const existing = await kube.request('GET', `/api/v1/namespaces/${ns}/secrets/${target}`);
    if (existing.status === 404) {
      const data: Record<string, string> = {};
      for (const d of o.spec?.data ?? []) data[d.secretKey] = Buffer.from('stand-in').toString('base64');
      await kube.ok('POST', `/api/v1/namespaces/${ns}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: target, namespace: ns, labels: { 'gitops-tier/stand-in': 'external-secrets' } },
        type: o.spec?.target?.template?.type ?? 'Opaque',
        data,
      });
    }
    if (!hasReady(o)) await patchStatus(kube, o, { conditions: ready('SecretSynced'), refreshTime: new Date().toISOString(), syncedResourceVersion: `1-${o.metadata.generation ?? 1}` });
  }
  for (const o of await kube.list('/apis/apps/v1/deployments')) {
    const n = o.spec?.replicas ?? 1;
    if (o.status?.observedGeneration === o.metadata.generation && o.status?.availableReplicas === n) continue;
    await patchStatus(kube, o, {
      observedGeneration: o.metadata.generation,
      replicas: n,
      updatedReplicas: n,
      readyReplicas: n,
      availableReplicas: n,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'stand-in' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'stand-in' },
      ],
    });
  }
  for (const o of await kube.list('/apis/apps/v1/deployments')) await replicaSetFor(kube, o);
  for (const o of await kube.list('/api/v1/persistentvolumeclaims')) {
    if (o.status?.phase !== 'Bound') await patchStatus(kube, o, { phase: 'Bound', accessModes: o.spec?.accessModes, capacity: o.spec?.resources?.requests });
  }
  for (const o of await kube.list('/apis/apps/v1/statefulsets')) {
    const n = o.spec?.replicas ?? 1;
    if (o.status?.observedGeneration === o.metadata.generation && o.status?.readyReplicas === n) continue;
    await patchStatus(kube, o, { observedGeneration: o.metadata.generation, replicas: n, readyReplicas: n, currentReplicas: n, updatedReplicas: n, availableReplicas: n, currentRevision: 'stand-in', updateRevision: 'stand-in' });
  }
  for (const o of await kube.list('/apis/policy/v1/poddisruptionbudgets')) {
    if (o.status?.observedGeneration === o.metadata.generation) continue;
    await patchStatus(kube, o, {
      observedGeneration: o.metadata.generation,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: 'stand-in', lastTransitionTime: new Date().toISOString(), observedGeneration: o.metadata.generation }],
    });
  }
  for (const o of await kube.list('/apis/networking.k8s.io/v1/ingresses')) {
    if (o.status?.loadBalancer?.ingress?.length) continue;
    await patchStatus(kube, o, { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } });
  }
  for (const o of await kube.list('/api/v1/services')) {
    if (o.spec?.type !== 'LoadBalancer' || o.status?.loadBalancer?.ingress?.length) continue;
    await patchStatus(kube, o, { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } });
  }
}

/** The ReplicaSet the Deployment controller would make for the current pod template, with every replica ready. */
async function replicaSetFor(kube: Kube, d: KubeObject): Promise<void> {
  const ns = d.metadata.namespace!;
  const hash = createHash('sha256').update(JSON.stringify(d.spec.template)).digest('hex').slice(0, 10);
  const name = `${d.metadata.name}-${hash}`.slice(0, 63);
  const n = d.spec?.replicas ?? 1;
  const existing = await kube.request('GET', `/apis/apps/v1/namespaces/${ns}/replicasets/${name}`);
  if (existing.status === 200) {
    // A replicas change scales the ReplicaSet of the same pod template, as the Deployment controller does.
    if (existing.body.spec.replicas !== n) {
      const scaled = await kube.ok('PATCH', `/apis/apps/v1/namespaces/${ns}/replicasets/${name}`, { spec: { replicas: n } }, 'application/merge-patch+json');
      await patchStatus(kube, scaled, { replicas: n, readyReplicas: n, availableReplicas: n, fullyLabeledReplicas: n, observedGeneration: scaled.metadata.generation });
    }
    return;
  }
  const template = JSON.parse(JSON.stringify(d.spec.template));
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
  const rs = await kube.ok('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: ns,
      labels: { ...template.metadata.labels },
      annotations: { 'deployment.kubernetes.io/revision': '1', 'gitops-tier/stand-in': 'kube-controller-manager' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: n, selector: { matchLabels: { ...d.spec.selector?.matchLabels, 'pod-template-hash': hash }, matchExpressions: d.spec.selector?.matchExpressions }, template },
  });
  await patchStatus(kube, rs, { replicas: n, readyReplicas: n, availableReplicas: n, fullyLabeledReplicas: n, observedGeneration: rs.metadata.generation });
}

/** Runs writeStatuses on every cluster once a second until the returned stop() is awaited. */
export function startStandIn(kubes: Kube[]): { stop(): Promise<void>; errors: string[] } {
  let running = true;
  const errors: string[] = [];
  const loop = (async () => {
    while (running) {
      for (const k of kubes) {
        try {
          await writeStatuses(k);
        } catch (e) {
          errors.push((e as Error).message);
          if (errors.length > 50) errors.shift();
        }
      }
      await sleep(1000);
    }
  })();
  return {
    errors,
    async stop() {
      running = false;
      await loop;
    },
  };
}

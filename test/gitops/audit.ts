/**
 * The order in which a controller created objects, read from a kube-apiserver audit log (the gitops tier starts
 * its API servers with a policy that logs every `create` at level Metadata).
 */
import * as fs from 'node:fs';
import { KubeObject } from './rig';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Plural resource name of a kind, as the API servers of the tier serve the kinds the output uses. */
function resourceOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('s')) return `${k}es`;
  if (k.endsWith('y')) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** The objects of `objects` that were created successfully by a client whose user agent names `agent`, in creation order. */
export function createdInOrder(auditLog: string, objects: KubeObject[], agent = 'argocd'): KubeObject[] {
  const key = (group: string, resource: string, ns: string | undefined, name: string) => `${group}|${resource}|${ns ?? ''}|${name}`;
  const byKey = new Map(objects.map((o) => [key(groupOf(o.apiVersion), resourceOf(o.kind), o.metadata.namespace, o.metadata.name), o]));
  const seen = new Set<KubeObject>();
  const order: KubeObject[] = [];
  for (const line of fs.readFileSync(auditLog, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e: Json = JSON.parse(line);
    if (e.verb !== 'create' || e.stage !== 'ResponseComplete' || !(e.userAgent ?? '').includes(agent)) continue;
    if (!(e.responseStatus?.code >= 200 && e.responseStatus?.code < 300)) continue;
    const r = e.objectRef ?? {};
    const o = byKey.get(key(r.apiGroup ?? '', r.resource, r.namespace, r.name));
    if (o && !seen.has(o)) {
      seen.add(o);
      order.push(o);
    }
  }
  return order;
}

/** An object's Argo CD sync wave (annotation argocd.argoproj.io/sync-wave, default 0). */
export function waveOf(o: KubeObject): number {
  return Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
}

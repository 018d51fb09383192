/**
 * The order in which a controller created objects, read from a kube-apiserver audit log: the gitops tier starts its
 * API servers with a policy that logs every `create` and `patch` (server-side apply creates with a patch) at level
 * Metadata.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { KubeObject } from './rig';

/** kube-apiserver flags that write the audit log `<dir>/<name>-audit.log` (the policy is written into `dir`). */
export function auditArgs(dir: string, name: string): string[] {
  const policy = path.join(dir, 'audit-policy.yaml');
  const rules = [{ level: 'Metadata', verbs: ['create', 'patch'] }, { level: 'None' }];
  fs.writeFileSync(policy, yaml.dump({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], rules }));
  return [`--audit-policy-file=${policy}`, `--audit-log-path=${path.join(dir, `${name}-audit.log`)}`];
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Plural resource name of a kind, as the API servers of the tier serve the kinds the output uses. */
function resourceOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('s')) return `${k}es`;
  if (k.endsWith('y')) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * The objects of `objects` that a client whose user agent names `agent` created or applied successfully, in the
 * order of its first successful request for each (its creation: Argo CD creates, Flux applies server-side).
 */
export function createdInOrder(auditLog: string, objects: KubeObject[], agent = 'argocd'): KubeObject[] {
  const key = (group: string, resource: string, ns: string | undefined, name: string) => `${group}|${resource}|${ns ?? ''}|${name}`;
  const byKey = new Map(objects.map((o) => [key(groupOf(o.apiVersion), resourceOf(o.kind), o.metadata.namespace, o.metadata.name), o]));
  const seen = new Set<KubeObject>();
  const order: KubeObject[] = [];
  for (const line of fs.readFileSync(auditLog, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e: Json = JSON.parse(line);
    if (!['create', 'patch'].includes(e.verb) || e.stage !== 'ResponseComplete' || !(e.userAgent ?? '').includes(agent)) continue;
    if (e.objectRef?.subresource || /[?&]dryRun=/.test(e.requestURI ?? '')) continue;
    if (!(e.responseStatus?.code >= 200 && e.responseStatus?.code < 300)) continue;
    const r = e.objectRef ?? {};
    // A request on a Namespace itself (PATCH /api/v1/namespaces/x) names it as its own namespace.
    const o = byKey.get(key(r.apiGroup ?? '', r.resource, r.resource === 'namespaces' ? undefined : r.namespace, r.name));
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

import { Construct } from 'constructs';
import { k8s } from '../k8s';

/**
 * A plain Opaque Secret (only for non-secret entries, or with the plaintext opt-in). Values go into `data`
 * (Base64), not `stringData`: the API server never returns `stringData`, so `kubectl apply` would report such a
 * Secret as "configured" on every run and GitOps tools would show it out of sync forever.
 */
export function plainSecret(scope: Construct, id: string, name: string, namespace: string, data: Record<string, string>): k8s.KubeSecret {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  const secret = new k8s.KubeSecret(scope, id, {
    metadata: { name, namespace },
    type: 'Opaque',
    data: sortedRecord(encoded),
  });
  return secret;
}

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { setSyncWave, SyncWave } from '../constructs/sync-wave';

/** A plain Opaque Secret written with `stringData` (only for non-secret entries, or with the plaintext opt-in). */
export function plainSecret(scope: Construct, id: string, name: string, namespace: string, data: Record<string, string>): k8s.KubeSecret {
  const secret = new k8s.KubeSecret(scope, id, {
    metadata: { name, namespace },
    type: 'Opaque',
    stringData: sortedRecord(data),
  });
  setSyncWave(secret, SyncWave.SECRETS);
  return secret;
}

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/**
 * What the API server does with a change to an object, by kind and field: which fields it refuses to update
 * (the object must be deleted and recreated) and what that means for data. The cluster tier
 * (test/cluster/diff.cluster.test.ts) changes each listed field on a real kube-apiserver: it must refuse every
 * immutable field and take every rotation field in place, and kubectl apply must leave a removed object in place.
 * The texts about data (the consequences, what pruning and restarts do) describe what Kubernetes, Argo CD and Flux
 * do after that; no test runs those controllers against them.
 */

import { ARGOCD_RESOURCES_FINALIZER } from '../lib/util/names';

export interface ImmutableField {
  /** Field path, as diff prints it (`parameters` covers `parameters.skuName`). */
  readonly path: string;
  /** What recreating the object does to data that depends on it. */
  readonly consequence: string;
}

const STORAGE_CLASS_DATA =
  'existing PersistentVolumeClaims and their disks keep the settings they were provisioned with; only new volumes get the new ones';

/**
 * Fields that Kubernetes validation forbids changing (`field is immutable` / `updates to X are forbidden`), by kind.
 * VolumeSnapshotClass is not here: its CRD (snapshot.storage.k8s.io/v1) has no immutability rule, so the API
 * server accepts changes to `driver`, `parameters` and `deletionPolicy` in place (see VOLUME_SNAPSHOT_CLASS_NOTE).
 */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly ImmutableField[]>> = {
  StorageClass: [
    { path: 'parameters', consequence: STORAGE_CLASS_DATA },
    { path: 'provisioner', consequence: STORAGE_CLASS_DATA },
    { path: 'reclaimPolicy', consequence: `${STORAGE_CLASS_DATA}; existing PersistentVolumes keep their reclaim policy` },
    { path: 'volumeBindingMode', consequence: STORAGE_CLASS_DATA },
  ],
  Secret: [{ path: 'type', consequence: 'pods that use the Secret read the recreated one only after they restart' }],
  Deployment: [{ path: 'spec.selector', consequence: 'the Deployment and its pods are recreated (downtime unless done with a second Deployment)' }],
  StatefulSet: [{ path: 'spec.selector', consequence: 'the StatefulSet is recreated; its PersistentVolumeClaims stay' }],
  Job: [
    { path: 'spec.template', consequence: 'the Job runs again from the start' },
    { path: 'spec.selector', consequence: 'the Job runs again from the start' },
  ],
  Service: [{ path: 'spec.clusterIP', consequence: 'the Service gets a new cluster IP; clients that cached the old one break' }],
  PersistentVolumeClaim: [{ path: 'spec.storageClassName', consequence: 'recreating a PersistentVolumeClaim loses its data unless the volume is retained and rebound' }],
};

/** The entries of `table` for `kind`; none for a kind it does not list (also "constructor" and the like). */
function entriesFor<T>(table: Readonly<Record<string, readonly T[]>>, kind: string): readonly T[] {
  return Object.entries(table)
    .filter(([k]) => k === kind)
    .flatMap(([, entries]) => entries);
}

/** Whether a changed path (`a.b`, `list[2]`, `containers[name=x].image`) is `field` or lies below it. */
function isUnder(fieldPath: string, field: string): boolean {
  return fieldPath === field || fieldPath.startsWith(`${field}.`) || fieldPath.startsWith(`${field}[`);
}

/** The immutable field a changed path falls under, if any. */
export function immutableFieldFor(kind: string, fieldPath: string): ImmutableField | undefined {
  return entriesFor(IMMUTABLE_FIELDS, kind).find((f) => isUnder(fieldPath, f.path));
}

/** What an in-place change of a VolumeSnapshotClass still means for existing snapshots. */
export const VOLUME_SNAPSHOT_CLASS_NOTE = 'applied in place; existing VolumeSnapshots keep the content they were taken with, new snapshots use the new settings';

/**
 * What happens to an object that the new output no longer contains (deleted, or the old name of a rename), by its
 * kind and finalizers.
 */
export function leftBehind(kind: string, finalizers?: readonly string[]): string {
  const base = 'kubectl apply leaves the old object in the cluster (orphaned); Argo CD or Flux with pruning delete it';
  if (kind === 'Application' && finalizers?.includes(ARGOCD_RESOURCES_FINALIZER)) {
    return `${base}, and deleting this Application (it carries Argo CD's resources finalizer) makes Argo CD delete every resource it deployed`;
  }
  switch (kind) {
    case 'Namespace':
      return `${base}, and deleting a Namespace deletes everything in it, PersistentVolumeClaims and their disks included`;
    case 'StorageClass':
      return `${base}; PersistentVolumeClaims that name it keep their disks but cannot be resized through it, and new claims for it stay Pending`;
    case 'Secret':
    case 'SealedSecret':
    case 'ExternalSecret':
      return `${base}; pods that still reference the old Secret fail to start once it is gone`;
    default:
      return base;
  }
}

/**
 * The fields whose change means the value of a Secret changes (a rotation), by kind: a Secret's `data`, a
 * SealedSecret's ciphertext, or where an ExternalSecret reads from. Each is applied in place on the cluster tier.
 */
export const ROTATION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Secret: ['data', 'stringData'],
  SealedSecret: ['spec.encryptedData', 'spec.template.data'],
  ExternalSecret: ['spec.data', 'spec.dataFrom', 'spec.secretStoreRef'],
};

/** Whether a changed field of this kind is a rotation (see ROTATION_FIELDS). */
export function isRotationField(kind: string, fieldPath: string): boolean {
  return entriesFor(ROTATION_FIELDS, kind).some((field) => isUnder(fieldPath, field));
}

export const ROTATION_NOTE = 'the Secret gets new values; pods that load it with envFrom see them only after a restart (kubectl rollout restart)';

import { ApiObject } from 'cdk8s';

/**
 * Apply order of the generated objects. One number serves both consumers: Argo CD reads it as the
 * `argocd.argoproj.io/sync-wave` annotation, and the output writer puts each wave in its own numbered file so
 * that `kubectl apply -f DIR` (which reads files in name order) creates objects in the same order.
 */
export enum SyncWave {
  /** Namespaces: before anything that lives in them. */
  NAMESPACES = -2,
  /** Cluster-scoped prerequisites: StorageClasses, VolumeSnapshotClasses, ClusterIssuers, ClusterSecretStores. */
  CLUSTER_RESOURCES = -1,
  /** Service accounts, secret stores and Secrets (plain, sealed or external) that releases read. */
  SECRETS = 0,
  /** Helm releases (Argo CD Applications, Flux sources and HelmReleases, k3s HelmCharts) and workloads written as plain manifests (the operator in argocd mode). */
  RELEASES = 1,
}

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

export function setSyncWave(obj: ApiObject, wave: SyncWave): void {
  obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
}

/** The file (without extension) that holds a wave's objects in a cluster's output folder. */
export function waveFileName(wave: number): string {
  switch (wave) {
    case SyncWave.NAMESPACES:
      return '00-namespaces';
    case SyncWave.CLUSTER_RESOURCES:
      return '10-cluster-resources';
    case SyncWave.SECRETS:
      return '20-secrets';
    case SyncWave.RELEASES:
      return '30-releases';
    default:
      throw new Error(`no output file for sync wave ${wave}`);
  }
}

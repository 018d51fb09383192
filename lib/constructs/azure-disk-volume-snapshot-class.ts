import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertNoProblem, assertSubdomain, AZURE_DISK_CSI_DRIVER, DEFAULT_SNAPSHOT_DELETION_POLICY, deletionPolicyProblem } from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
import { VolumeSnapshotClass, VolumeSnapshotClassDeletionPolicy } from '../../imports/snapshot-snapshot.storage.k8s.io';

export interface AzureDiskVolumeSnapshotClassProps extends ConstructMetadataProps {
  /** VolumeSnapshotClass name. */
  readonly name: string;
  /**
   * Whether the Azure snapshot is deleted with its VolumeSnapshot.
   * @default 'Delete'
   */
  readonly deletionPolicy?: 'Delete' | 'Retain';
}

/**
 * A VolumeSnapshotClass on the Azure Disk CSI driver, as the guide's `snapshot-class.yaml`. Needs the
 * external-snapshotter CRDs (AKS installs them with the CSI driver).
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshot-classes/
 */
export class AzureDiskVolumeSnapshotClass extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AzureDiskVolumeSnapshotClassProps) {
    super(scope, id);
    assertSubdomain('AzureDiskVolumeSnapshotClass', 'name', props.name);
    const policy = props.deletionPolicy ?? DEFAULT_SNAPSHOT_DELETION_POLICY;
    assertNoProblem('AzureDiskVolumeSnapshotClass', 'deletionPolicy', policy, deletionPolicyProblem(policy));
    this.apiObject = new VolumeSnapshotClass(this, 'Resource', {
      metadata: { name: props.name },
      driver: AZURE_DISK_CSI_DRIVER,
      deletionPolicy: policy === 'Delete' ? VolumeSnapshotClassDeletionPolicy.DELETE : VolumeSnapshotClassDeletionPolicy.RETAIN,
    });
    applyMetadata('AzureDiskVolumeSnapshotClass', this.apiObject, props.metadata);
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import {
  assertNoProblem,
  assertSubdomain,
  AZURE_DISK_CSI_DRIVER,
  azureDiskSkuProblem,
  AzureDiskSku,
  deletionPolicyProblem,
  STORAGE_CLASS_DEFAULTS,
  volumeBindingModeProblem,
} from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';

export { AZURE_DISK_CSI_DRIVER };

export interface AzureDiskStorageClassProps extends ConstructMetadataProps {
  /** StorageClass name; a CodeCanvas instance type picks it by name. */
  readonly name: string;
  /**
   * Azure managed disk SKU.
   * @default 'StandardSSD_LRS' (the guide's recommendation, same as AKS's `managed-csi`)
   */
  readonly skuName?: AzureDiskSku;
  /**
   * What happens to a disk when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * When a volume is provisioned (the guide: Immediate).
   * @default 'Immediate'
   */
  readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  /**
   * Whether volumes may be resized.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
}

/**
 * A StorageClass on the Azure Disk CSI driver for dev-environment volumes, as the guide's `storage-class.yaml`.
 * @see https://learn.microsoft.com/azure/aks/azure-disk-csi
 */
export class AzureDiskStorageClass extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AzureDiskStorageClassProps) {
    super(scope, id);
    assertSubdomain('AzureDiskStorageClass', 'name', props.name);
    const skuName = props.skuName ?? STORAGE_CLASS_DEFAULTS.skuName;
    assertNoProblem('AzureDiskStorageClass', 'skuName', skuName, azureDiskSkuProblem(skuName));
    const reclaimPolicy = props.reclaimPolicy ?? STORAGE_CLASS_DEFAULTS.reclaimPolicy;
    assertNoProblem('AzureDiskStorageClass', 'reclaimPolicy', reclaimPolicy, deletionPolicyProblem(reclaimPolicy));
    const volumeBindingMode = props.volumeBindingMode ?? STORAGE_CLASS_DEFAULTS.volumeBindingMode;
    assertNoProblem('AzureDiskStorageClass', 'volumeBindingMode', volumeBindingMode, volumeBindingModeProblem(volumeBindingMode));
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: { name: props.name },
      provisioner: AZURE_DISK_CSI_DRIVER,
      parameters: { skuName, kind: 'Managed' },
      allowVolumeExpansion: props.allowVolumeExpansion ?? STORAGE_CLASS_DEFAULTS.allowVolumeExpansion,
      reclaimPolicy,
      volumeBindingMode,
    });
    applyMetadata('AzureDiskStorageClass', this.apiObject, props.metadata);
  }
}

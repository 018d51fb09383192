import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAzurekvAuthType,
} from '../../imports/eso-clustersecretstores-external-secrets.io';
import { SecretStore, SecretStoreSpecProviderAzurekvAuthType } from '../../imports/eso-secretstores-external-secrets.io';
import { assertLabel, assertNoProblem, assertSubdomain, GUID, GUID_RULE, keyVaultUrlProblem, SECRET_STORE_KINDS, secretStoreKindProblem } from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource, withOwnMetadata } from './resource';
import { ServiceAccount } from './service-account';
import { ArgumentError } from '../util/argument-error';

export interface KeyVaultSecretStoreProps extends ConstructMetadataProps {
  /** Store name that ExternalSecrets refer to. */
  readonly name: string;
  /**
   * `SecretStore` serves one namespace; `ClusterSecretStore` serves every namespace.
   * @default 'SecretStore'
   */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
  /** Key Vault URL, such as https://my-vault.vault.azure.net/ or a sovereign cloud's suffix (without path, port, credentials, query or fragment). */
  readonly vaultUrl: string;
  /** Client ID of the managed identity federated with the service account. */
  readonly clientId: string;
  /**
   * Tenant of the managed identity.
   * @default - the cluster's tenant (from the Workload Identity webhook)
   */
  readonly tenantId?: string;
  /** Namespace of the store (SecretStore) and of its service account (both kinds). */
  readonly namespace: string;
  /** ServiceAccount that ESO uses to log in to Key Vault with Workload Identity. */
  readonly serviceAccountName: string;
}

/**
 * An External Secrets Operator store for Azure Key Vault with Workload Identity: a (Cluster)SecretStore (the
 * primary object, `apiObject`) and the ServiceAccount it logs in as (`serviceAccount`), annotated with the managed
 * identity's client ID; `metadata` reaches both. Give the identity the
 * "Key Vault Secrets User" role and a federated credential for `system:serviceaccount:<namespace>:<name>`.
 * @see https://external-secrets.io/latest/provider/azure-key-vault/
 */
export class KeyVaultSecretStore extends Resource {
  /** The ServiceAccount that External Secrets Operator logs in to Key Vault as; it carries `metadata` too. */
  readonly serviceAccount: ServiceAccount;
  /** The primary object: the SecretStore or ClusterSecretStore (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: KeyVaultSecretStoreProps) {
    super(scope, id);
    assertSubdomain('KeyVaultSecretStore', 'name', props.name);
    assertLabel('KeyVaultSecretStore', 'namespace', props.namespace);
    assertLabel('KeyVaultSecretStore', 'serviceAccountName', props.serviceAccountName);
    assertNoProblem('KeyVaultSecretStore', 'vaultUrl', props.vaultUrl, keyVaultUrlProblem(props.vaultUrl));
    for (const [field, value] of [['clientId', props.clientId], ['tenantId', props.tenantId]] as const) {
      if (value !== undefined && !GUID.test(value)) throw new ArgumentError(`KeyVaultSecretStore: ${field} ${JSON.stringify(value)} ${GUID_RULE}`);
    }
    const kind = props.kind ?? SECRET_STORE_KINDS[0];
    assertNoProblem('KeyVaultSecretStore', 'kind', kind, secretStoreKindProblem(kind));

    const annotations: Record<string, string> = { 'azure.workload.identity/client-id': props.clientId };
    // Stryker disable next-line ConditionalExpression: an undefined tenant-id annotation is dropped by cdk8s (toJson and synth), so always assigning it is invisible
    if (props.tenantId) annotations['azure.workload.identity/tenant-id'] = props.tenantId;
    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
      name: props.serviceAccountName,
      namespace: props.namespace,
      metadata: withOwnMetadata('KeyVaultSecretStore', { annotations }, props.metadata),
    });

    if (kind === 'SecretStore') {
      this.apiObject = new SecretStore(this, 'Resource', {
        metadata: { name: props.name, namespace: props.namespace },
        spec: {
          provider: {
            azurekv: {
              authType: SecretStoreSpecProviderAzurekvAuthType.WORKLOAD_IDENTITY,
              vaultUrl: props.vaultUrl,
              tenantId: props.tenantId,
              serviceAccountRef: { name: props.serviceAccountName },
            },
          },
        },
      });
    } else {
      this.apiObject = new ClusterSecretStore(this, 'Resource', {
        metadata: { name: props.name },
        spec: {
          provider: {
            azurekv: {
              authType: ClusterSecretStoreSpecProviderAzurekvAuthType.WORKLOAD_IDENTITY,
              vaultUrl: props.vaultUrl,
              tenantId: props.tenantId,
              serviceAccountRef: { name: props.serviceAccountName, namespace: props.namespace },
            },
          },
        },
      });
    }
    // Stryker disable next-line StringLiteral: withOwnMetadata above refused, with this name, all this call could refuse (the store sets no label or annotation of its own)
    applyMetadata('KeyVaultSecretStore', this.apiObject, props.metadata);
  }

  /** `SecretStore` (serves one namespace) or `ClusterSecretStore` (serves every namespace). */
  override get kind(): 'SecretStore' | 'ClusterSecretStore' {
    return this.apiObject.kind as 'SecretStore' | 'ClusterSecretStore';
  }
}

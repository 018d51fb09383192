import { ApiObject, ApiObjectMetadata, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
} from '../../imports/eso-externalsecrets-external-secrets.io';
import { KeyVaultSecretStore } from '../constructs/key-vault-secret-store';
import { DEFAULT_KEY_VAULT_REFRESH_INTERVAL, DEFAULT_KEY_VAULT_SERVICE_ACCOUNT, DEFAULT_KEY_VAULT_STORE_NAME } from '../util/names';
import { SECRET_STORE_KINDS } from '../util/rules';
import { plainSecret, sortedRecord } from './plain-secret';
import { ISecretSource, SecretSpec } from '../constructs/secret-source';

/** Props of {@link KeyVaultSecretSource}. */
export interface KeyVaultSecretSourceProps {
  /** Key Vault URL, such as https://my-vault.vault.azure.net/. */
  readonly vaultUrl: string;
  /** Client ID of the managed identity that may read the vault (federated with the store's service account). */
  readonly clientId: string;
  /**
   * Azure tenant of the managed identity.
   * @default - the cluster's tenant
   */
  readonly tenantId?: string;
  /**
   * `SecretStore` (one per namespace) or `ClusterSecretStore` (one per cluster).
   * @default 'SecretStore'
   */
  readonly storeKind?: 'SecretStore' | 'ClusterSecretStore';
  /**
   * Name of the generated (Cluster)SecretStore.
   * @default 'codecanvas-key-vault'
   */
  readonly storeName?: string;
  /**
   * ServiceAccount that External Secrets Operator logs in to Key Vault as.
   * @default 'codecanvas-key-vault-reader'
   */
  readonly serviceAccountName?: string;
  /**
   * How often ESO re-reads the vault.
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * Extra metadata (labels, annotations, finalizers, owner references) for the stores the source creates and their
   * ServiceAccounts. A store serves every Secret of its namespace (or chart), so the `metadata` of a `DatabaseSecret`
   * or `ObjectStorageSecret` reaches only its own ExternalSecret, not the shared store.
   * @default - no extra metadata
   */
  readonly storeMetadata?: ApiObjectMetadata;
}

/**
 * Secret values stay in Azure Key Vault; the output holds ExternalSecrets that External Secrets Operator turns
 * into Secrets with the same names and keys. Stores are created on first use: one SecretStore per namespace,
 * or one ClusterSecretStore per cluster (its service account in the namespace of the first Secret).
 */
export class KeyVaultSecretSource implements ISecretSource {
  readonly kind = 'keyVault' as const;
  private readonly stores = new WeakMap<Chart, Map<string, KeyVaultSecretStore>>();

  constructor(private readonly props: KeyVaultSecretSourceProps) {}

  materialize(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    const refs = spec.secrets ?? {};
    const secrets = Object.keys(refs).sort().map((entry) => [entry, refs[entry]] as const);
    if (secrets.length === 0) return plainSecret(scope, id, spec.name, spec.namespace, { ...spec.literals });
    const store = this.storeFor(Chart.of(scope), spec.namespace);
    const template: Record<string, string> = {};
    for (const [entry, value] of Object.entries(spec.literals ?? {})) template[entry] = templateLiteral(value);
    for (const [entry] of secrets) template[entry] = `{{ .${entry} }}`;
    const external = new ExternalSecret(scope, id, {
      metadata: { name: spec.name, namespace: spec.namespace },
      spec: {
        refreshInterval: this.props.refreshInterval ?? DEFAULT_KEY_VAULT_REFRESH_INTERVAL,
        secretStoreRef: {
          name: store.name,
          kind: store.kind === 'SecretStore' ? ExternalSecretSpecSecretStoreRefKind.SECRET_STORE : ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
        },
        target: {
          name: spec.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: {
            type: 'Opaque',
            engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
            data: sortedRecord(template),
          },
        },
        data: secrets.map(([entry, ref]) => ({ secretKey: entry, remoteRef: { key: ref.key } })),
      },
    });
    return external;
  }

  private storeFor(chart: Chart, namespace: string): KeyVaultSecretStore {
    let perChart = this.stores.get(chart);
    if (!perChart) {
      perChart = new Map();
      this.stores.set(chart, perChart);
    }
    const kind = this.props.storeKind ?? SECRET_STORE_KINDS[0];
    // One store per namespace, or one per chart; the key is also the store's construct id.
    const key = kind === 'SecretStore' ? `KeyVaultStore-${namespace}` : 'KeyVaultClusterStore';
    let store = perChart.get(key);
    if (!store) {
      store = new KeyVaultSecretStore(chart, key, {
        name: this.props.storeName ?? DEFAULT_KEY_VAULT_STORE_NAME,
        kind,
        vaultUrl: this.props.vaultUrl,
        clientId: this.props.clientId,
        tenantId: this.props.tenantId,
        namespace,
        serviceAccountName: this.props.serviceAccountName ?? DEFAULT_KEY_VAULT_SERVICE_ACCOUNT,
        metadata: this.props.storeMetadata,
      });
      perChart.set(key, store);
    }
    return store;
  }
}

/** A literal inside an ESO v2 (Go) template: plain text unless it could be read as template syntax. */
function templateLiteral(value: string): string {
  return value.includes('{{') || value.includes('}}') ? `{{ ${JSON.stringify(value)} }}` : value;
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertLabel, assertNoProblem, assertSubdomain, azureContainerProblem, azureStorageAccountProblem } from '../util/rules';
import { assertNoUrlCredentials } from '../util/secret-text';
import { ISecretSource, SecretReference } from './secret-source';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';

import { DEFAULT_OBJECT_STORAGE_SECRET_NAME } from '../util/names';

export { DEFAULT_OBJECT_STORAGE_SECRET_NAME };

export interface ObjectStorageSecretProps extends ConstructMetadataProps {
  /** Namespace of the CodeCanvas application. */
  readonly namespace: string;
  /**
   * Secret name; the chart reads it through `application.secret.objectStorage.existingSecretName`.
   * @default 'codecanvas-objectstorage-secret-ext'
   */
  readonly name?: string;
  /** Azure storage account name. */
  readonly accountName: string;
  /** Blob container. */
  readonly container: string;
  /**
   * Blob endpoint override (`CODECANVAS_OBJECT_STORAGE_AZURE_ENDPOINT`), without credentials, query (no SAS token) or fragment.
   * @default - the account's public endpoint
   */
  readonly endpoint?: string;
  /**
   * Static account key. Leave unset with Workload Identity (the guide's recommendation).
   * @default - none (Workload Identity)
   */
  readonly accountKey?: SecretReference;
  /** How the Secret reaches the cluster. With Workload Identity nothing in it is secret. */
  readonly source: ISecretSource;
}

/**
 * The Azure Blob Storage Secret of the guide's `object-storage-secret.yaml`. The secret source decides the object: a
 * Secret, an ExternalSecret or a SealedSecret.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/
 */
export class ObjectStorageSecret extends Resource {
  /** The namespace of the Secret. */
  readonly namespace: string;
  /** The object the secret source created (construct id `Resource`): a Secret, an ExternalSecret or a SealedSecret. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ObjectStorageSecretProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_OBJECT_STORAGE_SECRET_NAME;
    this.namespace = props.namespace;
    assertSubdomain('ObjectStorageSecret', 'name', name);
    assertLabel('ObjectStorageSecret', 'namespace', props.namespace);
    assertNoProblem('ObjectStorageSecret', 'accountName', props.accountName, azureStorageAccountProblem(props.accountName));
    assertNoProblem('ObjectStorageSecret', 'container', props.container, azureContainerProblem(props.container));
    const literals: Record<string, string> = {
      CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_NAME: props.accountName,
      CODECANVAS_OBJECT_STORAGE_AZURE_CONTAINER: props.container,
    };
    if (props.endpoint) {
      assertNoUrlCredentials('ObjectStorageSecret', 'endpoint', props.endpoint, 'a SAS token or account key belongs in the secret source');
      literals.CODECANVAS_OBJECT_STORAGE_AZURE_ENDPOINT = props.endpoint;
    }
    this.apiObject = props.source.materialize(this, 'Resource', {
      name,
      namespace: props.namespace,
      literals,
      secrets: props.accountKey ? { CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_KEY: props.accountKey } : {},
    });
    applyMetadata('ObjectStorageSecret', this.apiObject, props.metadata);
  }
}

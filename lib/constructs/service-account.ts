import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel, assertSubdomain } from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';

export interface ServiceAccountProps extends ConstructMetadataProps {
  /** ServiceAccount name (a DNS-1123 subdomain). */
  readonly name: string;
  /** Namespace it lives in. */
  readonly namespace: string;
}

/**
 * A ServiceAccount; labels and annotations (such as `azure.workload.identity/client-id`) come through `metadata`.
 * `applySyncWaves` places it with the Secrets (wave 0), so that workloads of the next wave find it.
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/
 */
export class ServiceAccount extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;
  /** The namespace it lives in. */
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    assertSubdomain('ServiceAccount', 'name', props.name);
    assertLabel('ServiceAccount', 'namespace', props.namespace);
    this.namespace = props.namespace;
    this.apiObject = new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
    });
    applyMetadata('ServiceAccount', this.apiObject, props.metadata);
  }
}

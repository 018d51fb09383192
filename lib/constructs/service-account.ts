import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel, assertSubdomain } from '../util/rules';
import { applyMetadata, ConstructMetadataProps } from './metadata';

export interface ServiceAccountProps extends ConstructMetadataProps {
  /** ServiceAccount name (a DNS-1123 subdomain). */
  readonly name: string;
  /** Namespace it lives in. */
  readonly namespace: string;
  /**
   * Labels (merged with `metadata.labels`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations, such as `azure.workload.identity/client-id` (merged with `metadata.annotations`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * A ServiceAccount. `applySyncWaves` places it with the Secrets (wave 0), so that workloads of the next wave find it.
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/
 */
export class ServiceAccount extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly resource: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    assertSubdomain('ServiceAccount', 'name', props.name);
    assertLabel('ServiceAccount', 'namespace', props.namespace);
    this.name = props.name;
    this.namespace = props.namespace;
    this.resource = new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations: props.annotations },
    });
    applyMetadata('ServiceAccount', this.resource, props.metadata);
  }
}

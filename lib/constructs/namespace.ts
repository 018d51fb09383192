import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel } from '../util/rules';
import { applyMetadata, ConstructMetadataProps } from './metadata';

export interface NamespaceProps extends ConstructMetadataProps {
  /** Namespace name (a DNS-1123 label). */
  readonly name: string;
  /**
   * Extra labels (merged with `metadata.labels`).
   * @default - only `kubernetes.io/metadata.name`
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace, labelled `kubernetes.io/metadata.name` as the API server does, so the output equals what is read back.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export class Namespace extends Construct {
  readonly name: string;
  readonly resource: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    assertLabel('Namespace', 'name', props.name);
    this.name = props.name;
    this.resource = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: { 'kubernetes.io/metadata.name': props.name, ...props.labels } },
    });
    applyMetadata('Namespace', this.resource, props.metadata);
  }
}

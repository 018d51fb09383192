import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel } from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';

export interface NamespaceProps extends ConstructMetadataProps {
  /** Namespace name (a DNS-1123 label). */
  readonly name: string;
}

/**
 * A Namespace, labelled `kubernetes.io/metadata.name` as the API server does, so the output equals what is read
 * back (and NetworkPolicies can select it by name); that label cannot be changed through `metadata`.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export class Namespace extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    assertLabel('Namespace', 'name', props.name);
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: { 'kubernetes.io/metadata.name': props.name } },
    });
    applyMetadata('Namespace', this.apiObject, props.metadata);
  }
}

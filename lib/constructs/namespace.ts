import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertName } from '../util/rules';
import { setSyncWave, SyncWave } from './sync-wave';

export interface NamespaceProps {
  /** Namespace name (a DNS-1123 label). */
  readonly name: string;
  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace, applied in the first sync wave so that everything living in it can follow.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export class Namespace extends Construct {
  readonly name: string;
  readonly resource: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    assertName('Namespace', 'name', props.name, 'label');
    this.name = props.name;
    this.resource = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: { 'kubernetes.io/metadata.name': props.name, ...props.labels } },
    });
    setSyncWave(this.resource, SyncWave.NAMESPACES);
  }
}

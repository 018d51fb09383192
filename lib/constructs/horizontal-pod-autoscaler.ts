import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertNoProblem, assertSubdomain, maxReplicasProblem, positiveIntProblem } from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
import { ArgumentError } from '../util/argument-error';

export interface HorizontalPodAutoscalerProps extends ConstructMetadataProps {
  /** HorizontalPodAutoscaler name. */
  readonly name: string;
  /** Namespace it lives in: the target's namespace. */
  readonly namespace: string;
  /**
   * The workload it scales (a Deployment, or another object with a scale subresource) in the same namespace: its
   * `apiObject`, or `ApiObject.of(construct)` for a cdk8s-plus workload. The target must leave `spec.replicas`
   * unset (a validation error otherwise): every apply would reset what the autoscaler chose.
   */
  readonly target: ApiObject;
  /**
   * Fewest pods the autoscaler keeps.
   * @default 1
   */
  readonly minReplicas?: number;
  /** Most pods the autoscaler may run (at least `minReplicas`). */
  readonly maxReplicas: number;
  /**
   * Average CPU utilization to aim for, in percent of the pods' CPU request.
   * @default - no CPU metric
   */
  readonly targetCPUUtilizationPercentage?: number;
  /**
   * Average memory utilization to aim for, in percent of the pods' memory request.
   * @default - no memory metric
   */
  readonly targetMemoryUtilizationPercentage?: number;
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler on resource utilization (`applySyncWaves` places it with the
 * workloads).
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class HorizontalPodAutoscaler extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id);
    assertSubdomain('HorizontalPodAutoscaler', 'name', props.name);
    const targetNamespace = props.target.metadata.namespace;
    if (targetNamespace !== undefined && targetNamespace !== props.namespace) {
      throw new ArgumentError(
        `HorizontalPodAutoscaler: namespace ${JSON.stringify(props.namespace)} must be the namespace of the target ${props.target.kind} ` +
          `${props.target.name} (${JSON.stringify(targetNamespace)}): an autoscaler scales only workloads of its own namespace`,
      );
    }
    const min = props.minReplicas ?? 1;
    for (const [field, value] of [
      ['minReplicas', min],
      ['maxReplicas', props.maxReplicas],
      ['targetCPUUtilizationPercentage', props.targetCPUUtilizationPercentage ?? 1],
      ['targetMemoryUtilizationPercentage', props.targetMemoryUtilizationPercentage ?? 1],
    ] as const) {
      assertNoProblem('HorizontalPodAutoscaler', field, value, positiveIntProblem(value));
    }
    assertNoProblem('HorizontalPodAutoscaler', 'maxReplicas', props.maxReplicas, maxReplicasProblem(min, props.maxReplicas));
    const metric = (name: 'cpu' | 'memory', averageUtilization: number | undefined) =>
      averageUtilization === undefined ? [] : [{ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } }];
    const metrics = [...metric('cpu', props.targetCPUUtilizationPercentage), ...metric('memory', props.targetMemoryUtilizationPercentage)];
    if (metrics.length === 0) {
      throw new ArgumentError('HorizontalPodAutoscaler: give targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage (or both)');
    }
    this.apiObject = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        scaleTargetRef: { apiVersion: props.target.apiVersion, kind: props.target.kind, name: props.target.name },
        minReplicas: min,
        maxReplicas: props.maxReplicas,
        metrics,
      },
    });
    applyMetadata('HorizontalPodAutoscaler', this.apiObject, props.metadata);
    // The target's final spec (after every patch) is known only once the tree is complete.
    this.node.addValidation({
      validate: () => {
        const replicas: unknown = props.target.toJson().spec?.replicas;
        return replicas === undefined
          ? []
          : [
              `HorizontalPodAutoscaler ${props.name}: the target ${props.target.kind} ${props.target.name} sets spec.replicas ${JSON.stringify(replicas)}; ` +
                'leave it unset when an autoscaler owns the pod count, or every apply resets the count the autoscaler chose',
            ];
      },
    });
  }
}

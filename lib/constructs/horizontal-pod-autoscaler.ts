import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertNoProblem, assertSubdomain, maxReplicasProblem, positiveIntProblem } from '../util/rules';
import { applyMetadata, ConstructMetadataProps } from './metadata';
import { ArgumentError } from '../util/argument-error';

export interface HorizontalPodAutoscalerProps extends ConstructMetadataProps {
  /** HorizontalPodAutoscaler name. */
  readonly name: string;
  /** Namespace it lives in: the target's namespace. */
  readonly namespace: string;
  /** The Deployment it scales (same namespace). */
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
  /**
   * Labels (merged with `metadata.labels`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler on resource utilization (`applySyncWaves` places it with the workloads).
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class HorizontalPodAutoscaler extends Construct {
  readonly resource: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id);
    assertSubdomain('HorizontalPodAutoscaler', 'name', props.name);
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
    this.resource = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        scaleTargetRef: { apiVersion: props.target.apiVersion, kind: props.target.kind, name: props.target.name },
        minReplicas: min,
        maxReplicas: props.maxReplicas,
        metrics,
      },
    });
    applyMetadata('HorizontalPodAutoscaler', this.resource, props.metadata);
  }
}

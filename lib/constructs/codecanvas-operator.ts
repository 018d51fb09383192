import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { assertLabel, assertNoProblem, OPERATOR_AUTOSCALING_DEFAULTS, positiveIntProblem } from '../util/rules';
import { OperatorResources } from '../util/image';
import { CodeCanvasOperatorDeployment, OperatorLivenessProbe, OperatorPodProps } from './codecanvas-operator-deployment';
import { CodeCanvasOperatorRbac } from './codecanvas-operator-rbac';
import { HorizontalPodAutoscaler } from './horizontal-pod-autoscaler';
import { ConstructMetadataProps, withOwnMetadata } from './resource';
import { ServiceAccount } from './service-account';
import { trunc63 } from '../util/names';

// The operator chart's name lives in util/names (the config rules need it too); re-exported for existing importers.
import { OPERATOR_CHART_NAME } from '../util/names';
export { OPERATOR_CHART_NAME } from '../util/names';

/** The liveness probe timings of the operator chart 2025.1-RC.875. */
export const DEFAULT_OPERATOR_LIVENESS_PROBE: OperatorLivenessProbe = {
  initialDelaySeconds: 30,
  timeoutSeconds: 3,
  successThreshold: 1,
  failureThreshold: 3,
  periodSeconds: 3,
};

/** The operator chart 2025.1-RC.875's resources: 1 CPU and 1Gi, requests equal to limits. */
export const DEFAULT_OPERATOR_RESOURCES: OperatorResources = {
  requests: { cpu: '1', memory: '1Gi' },
  limits: { cpu: '1', memory: '1Gi' },
};

/** A HorizontalPodAutoscaler for the operator. */
export interface OperatorAutoscaling {
  /**
   * Fewest operator pods.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most operator pods.
   * @default 3
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilization to aim for, in percent of the CPU request.
   * @default 80
   */
  readonly targetCPUUtilizationPercentage?: number;
  /**
   * Average memory utilization to aim for, in percent of the memory request.
   * @default - no memory metric
   */
  readonly targetMemoryUtilizationPercentage?: number;
}

export interface CodeCanvasOperatorProps extends ConstructMetadataProps, OperatorPodProps {
  /** Namespace the operator runs in (its Deployment and ServiceAccount). */
  readonly namespace: string;
  /** Namespace where dev environments run; it must exist (the Role and RoleBinding live there). */
  readonly targetNamespace: string;
  /** Secret with the operator's connection to CodeCanvas (`OPERATOR_SERVERURL`, `OPERATOR_INSTANCEID`, `OPERATOR_JWTPRIVATEKEY`). */
  readonly secretName: string;
  /** Operator image with a tag or digest. */
  readonly image: string;
  /**
   * The `app.kubernetes.io/instance` label, which the chart sets to the Helm release name; part of the pod
   * selector, which cannot change on an existing Deployment: keeping the release's value lets these objects
   * replace an operator that Helm installed.
   * @default 'codecanvas-operator'
   */
  readonly instance?: string;
  /**
   * Pod count, when not autoscaled.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the operator container.
   * @default DEFAULT_OPERATOR_RESOURCES
   */
  readonly resources?: OperatorResources;
  /**
   * Timings of the liveness probe on `GET /health`.
   * @default DEFAULT_OPERATOR_LIVENESS_PROBE
   */
  readonly livenessProbe?: OperatorLivenessProbe;
  /**
   * Scale on utilization with an `autoscaling/v2` HorizontalPodAutoscaler instead of a fixed pod count.
   * @default - no autoscaler
   */
  readonly autoscaling?: OperatorAutoscaling;
  /**
   * Annotations of the operator's ServiceAccount, such as `azure.workload.identity/client-id`.
   * @default - none
   */
  readonly serviceAccountAnnotations?: Record<string, string>;
}

/** The chart's `fullname` of the operator for a target namespace: the name of its Deployment (`CodeCanvasOperator.fullname`). */
export function operatorFullname(targetNamespace: string): string {
  return trunc63(`${OPERATOR_CHART_NAME}-${targetNamespace}`);
}

/**
 * The CodeCanvas operator as plain manifests: what the `codecanvas-operator` chart renders (ServiceAccount, Role
 * and RoleBinding in the dev-environment namespace, ClusterRole and ClusterRoleBinding, Deployment, optional
 * HorizontalPodAutoscaler), with the chart's object names and placement settings (node selector, tolerations,
 * affinity, image pull secrets, pod and container security contexts, pod annotations), without the chart's Helm
 * `lookup` (so Argo CD can deliver it) and without its random `rollme` pod annotation (so a sync does not restart
 * it). Where the chart leaves a setting empty it has a secure default: a hardened container security context
 * (`DEFAULT_OPERATOR_SECURITY_CONTEXT`), a readiness probe on the health endpoint, and `IfNotPresent` for a pinned
 * image. The Secret is
 * referenced by name; it is created elsewhere (by the secret source). `metadata` is added to every object it
 * creates. The objects carry no sync waves: `applySyncWaves` places the ClusterRole and its binding with the
 * cluster resources, the ServiceAccount, Role and RoleBinding with the Secrets, the Deployment and autoscaler with
 * the releases. The primary object is the Deployment (`deployment.apiObject`); the others are fields of their own.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class CodeCanvasOperator extends Construct {
  /** `codecanvas-operator-<targetNamespace>`, as the chart's `fullname`. */
  readonly fullname: string;
  /** The operator's ServiceAccount. */
  readonly serviceAccount: ServiceAccount;
  /** The operator's Role, RoleBinding, ClusterRole and ClusterRoleBinding. */
  readonly rbac: CodeCanvasOperatorRbac;
  /** The operator's Deployment. */
  readonly deployment: CodeCanvasOperatorDeployment;
  /**
   * The HorizontalPodAutoscaler.
   * @default - none, unless `autoscaling` is set
   */
  readonly autoscaler?: HorizontalPodAutoscaler;

  constructor(scope: Construct, id: string, props: CodeCanvasOperatorProps) {
    super(scope, id);
    assertLabel('CodeCanvasOperator', 'namespace', props.namespace);
    assertLabel('CodeCanvasOperator', 'targetNamespace', props.targetNamespace);
    const instance = props.instance ?? OPERATOR_CHART_NAME;
    assertLabel('CodeCanvasOperator', 'instance', instance);
    if (props.replicas !== undefined) assertNoProblem('CodeCanvasOperator', 'replicas', props.replicas, positiveIntProblem(props.replicas));
    this.fullname = operatorFullname(props.targetNamespace);
    const selectorLabels = { 'app.kubernetes.io/name': OPERATOR_CHART_NAME, 'app.kubernetes.io/instance': instance };
    // The chart's labels on every object; the user's metadata adds to them and cannot change them.
    const metadata = withOwnMetadata('CodeCanvasOperator', { labels: { app: OPERATOR_CHART_NAME, ...selectorLabels } }, props.metadata);

    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
      name: `${this.fullname}-service-account`,
      namespace: props.namespace,
      metadata: withOwnMetadata('CodeCanvasOperator', { annotations: props.serviceAccountAnnotations }, metadata),
    });
    this.rbac = new CodeCanvasOperatorRbac(this, 'Rbac', {
      namePrefix: this.fullname,
      targetNamespace: props.targetNamespace,
      serviceAccount: this.serviceAccount,
      metadata,
    });
    this.deployment = new CodeCanvasOperatorDeployment(this, 'Deployment', {
      imagePullPolicy: props.imagePullPolicy,
      imagePullSecrets: props.imagePullSecrets,
      readinessProbe: props.readinessProbe,
      securityContext: props.securityContext,
      podSecurityContext: props.podSecurityContext,
      nodeSelector: props.nodeSelector,
      tolerations: props.tolerations,
      affinity: props.affinity,
      podAnnotations: props.podAnnotations,
      name: this.fullname,
      namespace: props.namespace,
      selectorLabels,
      serviceAccountName: this.serviceAccount.name,
      secretName: props.secretName,
      image: props.image,
      resources: props.resources ?? DEFAULT_OPERATOR_RESOURCES,
      replicas: props.autoscaling ? undefined : (props.replicas ?? 1),
      livenessProbe: props.livenessProbe ?? DEFAULT_OPERATOR_LIVENESS_PROBE,
      metadata,
    });
    if (props.autoscaling) {
      this.autoscaler = new HorizontalPodAutoscaler(this, 'Autoscaler', {
        name: this.fullname,
        namespace: props.namespace,
        target: this.deployment.apiObject,
        minReplicas: props.autoscaling.minReplicas ?? OPERATOR_AUTOSCALING_DEFAULTS.minReplicas,
        maxReplicas: props.autoscaling.maxReplicas ?? OPERATOR_AUTOSCALING_DEFAULTS.maxReplicas,
        targetCPUUtilizationPercentage: props.autoscaling.targetCPUUtilizationPercentage ?? OPERATOR_AUTOSCALING_DEFAULTS.targetCPUUtilizationPercentage,
        targetMemoryUtilizationPercentage: props.autoscaling.targetMemoryUtilizationPercentage,
        metadata,
      });
    }

    // The chart refuses to install until the target namespace exists; here the same rule holds at synth time.
    this.node.addValidation({
      validate: () => {
        const chart = Chart.of(this);
        const declared = chart.node
          .findAll()
          .some((c) => c instanceof ApiObject && c.kind === 'Namespace' && c.apiVersion === 'v1' && c.name === props.targetNamespace);
        return declared
          ? []
          : [
              `CodeCanvasOperator ${this.node.path}: targetNamespace ${JSON.stringify(props.targetNamespace)} is not a Namespace of chart ${chart.node.id}; ` +
                'the operator\'s Role and RoleBinding live there, so declare the Namespace in the same chart',
            ];
      },
    });
  }
}

import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel, assertSubdomain } from '../util/rules';
import { isImageRef, IMAGE_REF_RULE, OperatorResources } from '../util/image';
import { applyMetadata, ConstructMetadataProps } from './metadata';
import { ArgumentError } from '../util/argument-error';

/** The operator's liveness probe timings (the probe itself is `GET /health` on port 8080). */
export interface OperatorLivenessProbe {
  /** Seconds after the container starts before the first probe. */
  readonly initialDelaySeconds: number;
  /** Seconds after which one probe counts as failed. */
  readonly timeoutSeconds: number;
  /** Consecutive successes after a failure for the container to count as alive again. */
  readonly successThreshold: number;
  /** Consecutive failures after which the kubelet restarts the container. */
  readonly failureThreshold: number;
  /** Seconds between probes. */
  readonly periodSeconds: number;
}

/** The port of the operator's health endpoint. */
export const OPERATOR_HEALTH_PORT = 8080;
/** The name of the operator's container (as in the chart). */
export const OPERATOR_CONTAINER_NAME = 'codecanvas-operator';

export interface CodeCanvasOperatorDeploymentProps extends ConstructMetadataProps {
  /** Deployment name (a DNS-1123 subdomain). */
  readonly name: string;
  /** Namespace the operator runs in. */
  readonly namespace: string;
  /** Labels that select the pods (also set on the pod template). */
  readonly selectorLabels: Record<string, string>;
  /**
   * Labels of the Deployment object (merged with `metadata.labels`).
   * @default - the selector labels
   */
  readonly labels?: Record<string, string>;
  /** ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** Secret with `OPERATOR_SERVERURL`, `OPERATOR_INSTANCEID` and `OPERATOR_JWTPRIVATEKEY`, loaded with envFrom. */
  readonly secretName: string;
  /** Container image with a tag or digest. */
  readonly image: string;
  /**
   * When the kubelet pulls the image.
   * @default 'Always' (the chart's default)
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Container resources.
   * @default - none
   */
  readonly resources?: OperatorResources;
  /**
   * Pod count; leave unset when a HorizontalPodAutoscaler owns it.
   * @default - unset (the API server's default is 1)
   */
  readonly replicas?: number;
  /** Timings of the liveness probe on `GET /health`. */
  readonly livenessProbe: OperatorLivenessProbe;
  /**
   * Pod annotations.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
}

/**
 * The CodeCanvas operator's Deployment: one container that reads its connection to CodeCanvas from a Secret and
 * answers a liveness probe on `/health`. Unlike the chart it carries no random `rollme` pod annotation, so the
 * pods roll only when something in the pod template really changes.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class CodeCanvasOperatorDeployment extends Construct {
  readonly resource: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: CodeCanvasOperatorDeploymentProps) {
    super(scope, id);
    assertSubdomain('CodeCanvasOperatorDeployment', 'name', props.name);
    assertLabel('CodeCanvasOperatorDeployment', 'namespace', props.namespace);
    assertSubdomain('CodeCanvasOperatorDeployment', 'secretName', props.secretName);
    assertSubdomain('CodeCanvasOperatorDeployment', 'serviceAccountName', props.serviceAccountName);
    if (!isImageRef(props.image)) throw new ArgumentError(`CodeCanvasOperatorDeployment: image ${JSON.stringify(props.image)} ${IMAGE_REF_RULE}`);
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      throw new ArgumentError(`CodeCanvasOperatorDeployment: replicas ${props.replicas} must be an integer >= 0`);
    }
    if (Object.keys(props.selectorLabels).length === 0) throw new ArgumentError('CodeCanvasOperatorDeployment: selectorLabels must not be empty');
    const quantities = (list?: { cpu?: string; memory?: string }) => {
      if (!list) return undefined;
      const out: Record<string, k8s.Quantity> = {};
      if (list.cpu !== undefined) out.cpu = k8s.Quantity.fromString(list.cpu);
      if (list.memory !== undefined) out.memory = k8s.Quantity.fromString(list.memory);
      return out;
    };
    const probe = props.livenessProbe;
    this.resource = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels ?? props.selectorLabels },
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: props.selectorLabels },
        template: {
          metadata: {
            labels: props.selectorLabels,
            annotations: props.podAnnotations && Object.keys(props.podAnnotations).length > 0 ? props.podAnnotations : undefined,
          },
          spec: {
            serviceAccountName: props.serviceAccountName,
            containers: [
              {
                name: OPERATOR_CONTAINER_NAME,
                image: props.image,
                imagePullPolicy: props.imagePullPolicy ?? 'Always',
                envFrom: [{ secretRef: { name: props.secretName } }],
                resources: props.resources
                  ? { requests: quantities(props.resources.requests), limits: quantities(props.resources.limits) }
                  : undefined,
                livenessProbe: {
                  httpGet: { path: '/health', port: k8s.IntOrString.fromNumber(OPERATOR_HEALTH_PORT) },
                  initialDelaySeconds: probe.initialDelaySeconds,
                  timeoutSeconds: probe.timeoutSeconds,
                  successThreshold: probe.successThreshold,
                  failureThreshold: probe.failureThreshold,
                  periodSeconds: probe.periodSeconds,
                },
              },
            ],
          },
        },
      },
    });
    applyMetadata('CodeCanvasOperatorDeployment', this.resource, props.metadata);
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel, assertSubdomain } from '../util/rules';
import { defaultImagePullPolicy, isImageRef, IMAGE_REF_RULE, OperatorResources } from '../util/image';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
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

/**
 * The operator container's security context when none is given: what the chart leaves empty (its `securityContext`
 * is `{}`), hardened as the Kubernetes "restricted" Pod Security Standard asks:
 * - `runAsNonRoot: true` with `runAsUser: 1000`: the kubelet can prove "non-root" only for a numeric user, and
 *   1000 is the user the vendor's own charts run the CodeCanvas application, relay and jump images as;
 * - `allowPrivilegeEscalation: false` and `capabilities.drop: [ALL]`: the operator only talks to the Kubernetes
 *   API and CodeCanvas over the network, it needs no Linux capability;
 * - `seccompProfile: RuntimeDefault`: the container runtime's default system-call filter;
 * - `readOnlyRootFilesystem: false`: the chart mounts no writable volume (no emptyDir for `/tmp`), and what the
 *   operator image writes at run time is not known here, so a read-only root could break it; the vendor's chart
 *   also leaves it writable for the application container. Set it to true when the image is known to cope.
 */
export const DEFAULT_OPERATOR_SECURITY_CONTEXT: k8s.SecurityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The port of the operator's health endpoint. */
export const OPERATOR_HEALTH_PORT = 8080;
/** The name of the operator's container (as in the chart). */
export const OPERATOR_CONTAINER_NAME = 'codecanvas-operator';

/**
 * The operator pod's settings that the operator chart takes as values (pull policy and secrets, security
 * contexts, placement, pod annotations) and the readiness probe it lacks; shared by CodeCanvasOperator and its
 * Deployment.
 */
export interface OperatorPodProps {
  /**
   * When the kubelet pulls the image.
   * @default - `IfNotPresent` for an image pinned by a tag other than `latest` or by a digest (a pinned image does
   * not change, so every pod start need not reach the registry), `Always` for `:latest`. The chart's default is
   * `Always`.
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Secrets in the operator's namespace with the credentials of a private registry (the chart's `image.pullSecrets`).
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Timings of the readiness probe, on the liveness probe's `GET /health` (the chart has none). With it a rolling
   * update keeps the old pod until the new one answers.
   * @default - the liveness probe's timings
   */
  readonly readinessProbe?: OperatorLivenessProbe;
  /**
   * The container's security context (the chart's `securityContext`, empty there); each field given replaces the
   * default's field of the same name.
   * @default DEFAULT_OPERATOR_SECURITY_CONTEXT (non-root user 1000, no privilege escalation, no capabilities,
   * RuntimeDefault seccomp; the root filesystem stays writable)
   */
  readonly securityContext?: k8s.SecurityContext;
  /**
   * The pod's security context (the chart's `podSecurityContext`: `fsGroup`, `supplementalGroups`, ...).
   * @default - none, as the chart
   */
  readonly podSecurityContext?: k8s.PodSecurityContext;
  /**
   * Node labels a node must carry to run the pods (the chart's `nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the pods tolerate (the chart's `tolerations`).
   * @default - none
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * Node and pod affinity of the pods (the chart's `affinity`).
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Pod annotations (the chart's `podAnnotations`).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
}

export interface CodeCanvasOperatorDeploymentProps extends ConstructMetadataProps, OperatorPodProps {
  /** Deployment name (a DNS-1123 subdomain). */
  readonly name: string;
  /** Namespace the operator runs in. */
  readonly namespace: string;
  /**
   * Labels that select the pods, set on the pod template and on the Deployment object (`metadata` cannot change
   * them there).
   */
  readonly selectorLabels: Record<string, string>;
  /** ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** Secret with `OPERATOR_SERVERURL`, `OPERATOR_INSTANCEID` and `OPERATOR_JWTPRIVATEKEY`, loaded with envFrom. */
  readonly secretName: string;
  /** Container image with a tag or digest. */
  readonly image: string;
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
}

/**
 * The CodeCanvas operator's Deployment: one container that reads its connection to CodeCanvas from a Secret and
 * answers liveness and readiness probes on `/health`. Unlike the chart it carries no random `rollme` pod
 * annotation, so the pods roll only when something in the pod template really changes; and where the chart leaves
 * them empty it sets secure defaults: a hardened container security context
 * ({@link DEFAULT_OPERATOR_SECURITY_CONTEXT}), a readiness probe, and `IfNotPresent` for a pinned image.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class CodeCanvasOperatorDeployment extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

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
    for (const name of props.imagePullSecrets ?? []) assertSubdomain('CodeCanvasOperatorDeployment', 'imagePullSecrets', name);
    const health = (probe: OperatorLivenessProbe): k8s.Probe => ({
      httpGet: { path: '/health', port: k8s.IntOrString.fromNumber(OPERATOR_HEALTH_PORT) },
      initialDelaySeconds: probe.initialDelaySeconds,
      timeoutSeconds: probe.timeoutSeconds,
      successThreshold: probe.successThreshold,
      failureThreshold: probe.failureThreshold,
      periodSeconds: probe.periodSeconds,
    });
    const nonEmpty = <T extends object>(x: T | undefined): T | undefined => (x && Object.keys(x).length > 0 ? x : undefined);
    const list = <T>(x: readonly T[] | undefined): T[] | undefined => (x && x.length > 0 ? [...x] : undefined);
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.selectorLabels },
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: props.selectorLabels },
        template: {
          metadata: {
            labels: props.selectorLabels,
            annotations: nonEmpty(props.podAnnotations),
          },
          spec: {
            serviceAccountName: props.serviceAccountName,
            securityContext: nonEmpty(props.podSecurityContext),
            imagePullSecrets: list(props.imagePullSecrets)?.map((name) => ({ name })),
            nodeSelector: nonEmpty(props.nodeSelector),
            affinity: nonEmpty(props.affinity),
            tolerations: list(props.tolerations),
            containers: [
              {
                name: OPERATOR_CONTAINER_NAME,
                image: props.image,
                imagePullPolicy: props.imagePullPolicy ?? defaultImagePullPolicy(props.image),
                envFrom: [{ secretRef: { name: props.secretName } }],
                resources: props.resources
                  ? { requests: quantities(props.resources.requests), limits: quantities(props.resources.limits) }
                  : undefined,
                securityContext: { ...DEFAULT_OPERATOR_SECURITY_CONTEXT, ...props.securityContext },
                livenessProbe: health(props.livenessProbe),
                readinessProbe: health(props.readinessProbe ?? props.livenessProbe),
              },
            ],
          },
        },
      },
    });
    applyMetadata('CodeCanvasOperatorDeployment', this.apiObject, props.metadata);
  }
}

/**
 * What this project knows of the CodeCanvas operator chart's defaults, per chart version. Only versions whose
 * `values.yaml` has been read are listed (see test/fixtures/codecanvas-chart-<version>/charts/codecanvas-operator/).
 * For any other version the operator image is not known here and must be named in the config: it is never
 * guessed.
 */

/** A container image reference: `[registry/]repository[:tag][@sha256:digest]`, with a tag or a digest. */
export const IMAGE_REF = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
export const IMAGE_REF_RULE = 'must be a container image reference such as registry.example.com/path/codecanvas-operator:2025.1.2, with a tag or an @sha256: digest';

/** True when `ref` is an image reference with a tag or a digest. */
export function isImageRef(ref: string): boolean {
  return IMAGE_REF.test(ref) && (/@sha256:/.test(ref) || /:[^/]+$/.test(ref));
}

/** An image reference split as the operator chart's values take it (`image.registry`, `.repository`, `.tag`). */
export interface ImageParts {
  readonly registry: string;
  readonly repository: string;
  /** The tag, or `undefined` when the reference pins only a digest. */
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits an image reference; the first path part is a registry when it has a "." or ":" or is `localhost`. */
export function splitImageRef(ref: string): ImageParts {
  const [nameTag, digest] = ref.split('@');
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const tag = colon > slash ? nameTag.slice(colon + 1) : undefined;
  const name = colon > slash ? nameTag.slice(0, colon) : nameTag;
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    registry: hasRegistry ? first : '',
    repository: hasRegistry ? name.slice(first.length + 1) : name,
    tag,
    digest,
  };
}

/** Container resources as the chart's `resources` value takes them. */
export interface OperatorResources {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** The operator chart's defaults that the plain-manifest operator copies. */
export interface OperatorChartDefaults {
  /** `image.registry/image.repository:image.tag`. */
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  readonly replicas: number;
  readonly resources: OperatorResources;
  readonly livenessProbe: {
    readonly initialDelaySeconds: number;
    readonly timeoutSeconds: number;
    readonly successThreshold: number;
    readonly failureThreshold: number;
    readonly periodSeconds: number;
  };
  /** `autoscaling.*` defaults, used when autoscaling is switched on without them. */
  readonly autoscaling: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCPUUtilizationPercentage: number };
}

/** Defaults by operator chart version, from each version's values.yaml. */
export const OPERATOR_CHART_DEFAULTS: Readonly<Record<string, OperatorChartDefaults>> = {
  // codecanvas-operator 2025.1-RC.875 (subchart of the packaged codecanvas 2025.1-RC.875): a release candidate
  // whose image sits in JetBrains' nightly image path.
  '2025.1-RC.875': {
    image: 'registry.jetbrains.team/p/rdo/nightly-images/codecanvas-operator:2025.1-RC.875',
    imagePullPolicy: 'Always',
    replicas: 1,
    resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
    livenessProbe: { initialDelaySeconds: 30, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 3, periodSeconds: 3 },
    autoscaling: { minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
  },
};

/** The newest version in the table: its non-image defaults serve chart versions the table does not list. */
export const LATEST_KNOWN_OPERATOR_CHART = '2025.1-RC.875';

/** Defaults for `version`: its own when known, else the latest known version's without an image. */
export function operatorChartDefaults(version: string): { known: boolean; defaults: Omit<OperatorChartDefaults, 'image'> & { image?: string } } {
  const own = OPERATOR_CHART_DEFAULTS[version];
  if (own) return { known: true, defaults: own };
  const { image: _image, ...rest } = OPERATOR_CHART_DEFAULTS[LATEST_KNOWN_OPERATOR_CHART];
  return { known: false, defaults: rest };
}

/** The command that shows a chart version's values, for messages that ask the user to look the image up. */
export function showValuesCommand(repository: string, chart: string, version: string): string {
  return `helm show values ${repository}/${chart} --version ${version}`;
}

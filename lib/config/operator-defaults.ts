/**
 * What this project knows of the CodeCanvas operator chart's defaults, per chart version. Only versions whose
 * `values.yaml` has been read are listed (see test/fixtures/codecanvas-chart-<version>/charts/codecanvas-operator/).
 * For any other version the operator image is not known here and must be named in the config: it is never
 * guessed.
 */

export { IMAGE_REF, IMAGE_REF_RULE, isImageRef, splitImageRef } from '../util/image';
export type { ImageParts, OperatorResources } from '../util/image';
import type { OperatorResources } from '../util/image';

/**
 * The operator chart's defaults that the plain-manifest operator copies. Not its `image.pullPolicy` (Always) nor
 * its empty `securityContext`: those have secure defaults of their own in every mode (see CodeCanvasOperator).
 */
export interface OperatorChartDefaults {
  /** `image.registry/image.repository:image.tag`. */
  readonly image: string;
  readonly replicas: number;
  readonly resources: OperatorResources;
  readonly livenessProbe: {
    readonly initialDelaySeconds: number;
    readonly timeoutSeconds: number;
    readonly successThreshold: number;
    readonly failureThreshold: number;
    readonly periodSeconds: number;
  };
}

/** Defaults by operator chart version, from each version's values.yaml. */
export const OPERATOR_CHART_DEFAULTS: Readonly<Record<string, OperatorChartDefaults>> = {
  // codecanvas-operator 2025.1-RC.875 (subchart of the packaged codecanvas 2025.1-RC.875): a release candidate
  // whose image sits in JetBrains' nightly image path.
  '2025.1-RC.875': {
    image: 'registry.jetbrains.team/p/rdo/nightly-images/codecanvas-operator:2025.1-RC.875',
    replicas: 1,
    resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
    livenessProbe: { initialDelaySeconds: 30, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 3, periodSeconds: 3 },
  },
};

/** The operator chart versions this project knows the image of, for messages and descriptions. */
// Stryker disable next-line StringLiteral: OPERATOR_CHART_DEFAULTS lists one chart version, so the separator never shows
export const KNOWN_OPERATOR_CHARTS = Object.keys(OPERATOR_CHART_DEFAULTS).join(', ');

/** The newest version in the table: its non-image defaults serve chart versions the table does not list. */
export const LATEST_KNOWN_OPERATOR_CHART = '2025.1-RC.875';

/** Defaults for `version`: its own when known, else the latest known version's without an image. */
export function operatorChartDefaults(version: string): Omit<OperatorChartDefaults, 'image'> & { image?: string } {
  const own = OPERATOR_CHART_DEFAULTS[version];
  if (own) return own;
  const { image: _image, ...rest } = OPERATOR_CHART_DEFAULTS[LATEST_KNOWN_OPERATOR_CHART];
  return rest;
}

/** The command that shows a chart version's values, for messages that ask the user to look the image up. */
export function showValuesCommand(repository: string, chart: string, version: string): string {
  return `helm show values ${repository}/${chart} --version ${version}`;
}

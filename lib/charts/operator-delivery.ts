import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/config-types';
import { operatorAutoscalingRule, operatorImageTagRule } from '../config/delivery-rules';
import { operatorChartDefaults, showValuesCommand, splitImageRef } from '../config/operator-defaults';
import { ChartCoordinates, HelmChart, IHelmRenderer } from '../constructs/helm-chart';
import { CodeCanvasOperator } from '../constructs/codecanvas-operator';
import { DEFAULT_OPERATOR_SECURITY_CONTEXT } from '../constructs/codecanvas-operator-deployment';
import { defaultImagePullPolicy, pullPolicyForTag } from '../util/image';
import { OPERATOR_SECRET_NAME } from '../util/names';
import { deepMerge } from './deep-merge';

export interface OperatorDeliveryProps {
  readonly config: ResolvedConfig;
  /** Index of the cluster in `config.devEnvironmentClusters`. */
  readonly index: number;
  /** Namespace the operator runs in. */
  readonly namespace: string;
  readonly chart: ChartCoordinates;
  readonly renderer: IHelmRenderer;
}

/**
 * The operator of one dev-environment cluster. Argo CD renders charts without cluster access, and the operator
 * chart cannot render without Helm `lookup` (it checks that its target namespace exists), so in delivery.mode
 * argocd the operator becomes plain manifests (CodeCanvasOperator) with the chart version's defaults. Flux, k3s
 * and helm render against the cluster, so there the chart is installed as a release, with the typed settings as
 * its values and `operator.values` merged last. The secure defaults where the chart leaves a setting empty (the
 * container security context, `IfNotPresent` for a pinned image) are the same in every mode; only the readiness
 * probe, which the chart has no value for, is argocd's alone.
 */
export function deliverOperator(scope: Construct, props: OperatorDeliveryProps): CodeCanvasOperator | HelmChart {
  const { config, index, namespace, chart, renderer } = props;
  const cluster = config.devEnvironmentClusters[index];
  const operator = cluster.operator;
  if (renderer.kind === 'argocd') {
    const defaults = operatorChartDefaults(chart.version);
    // A missing image for an unknown chart version is a config problem reported by the config rules; the
    // construct is still built so that every other problem is found in the same run.
    const image = operator.image ?? defaults.image;
    if (!image) {
      scope.node.addValidation({
        validate: () => [
          `devEnvironmentClusters[${index}].operator.image: missing; is required for operator chart version ${chart.version} (its image is not known here): ` +
            `read image.registry, image.repository and image.tag from \`${showValuesCommand(chart.repository, chart.name, chart.version)}\``,
        ],
      });
    }
    return new CodeCanvasOperator(scope, 'Operator', {
      namespace,
      targetNamespace: cluster.namespace,
      secretName: OPERATOR_SECRET_NAME,
      instance: operator.releaseName,
      image: image ?? `image-unknown/${chart.name}:${chart.version}`,
      imagePullPolicy: operator.imagePullPolicy,
      imagePullSecrets: operator.imagePullSecrets,
      replicas: operator.replicas ?? defaults.replicas,
      resources: operator.resources ?? defaults.resources,
      livenessProbe: defaults.livenessProbe,
      autoscaling: operator.autoscaling,
      securityContext: operator.securityContext,
      podSecurityContext: operator.podSecurityContext,
      nodeSelector: operator.nodeSelector,
      tolerations: operator.tolerations,
      affinity: operator.affinity,
      podAnnotations: operator.podAnnotations,
    });
  }
  if (operator.image && !splitImageRef(operator.image).tag) {
    scope.node.addValidation({
      validate: () => [
        `devEnvironmentClusters[${index}].operator.image: is ${JSON.stringify(operator.image)}; ${operatorImageTagRule(config.delivery.mode)}`,
      ],
    });
  }
  if (operator.autoscaling) {
    scope.node.addValidation({
      validate: () => [
`devEnvironmentClusters[${index}].operator.autoscaling: ${operatorAutoscalingRule(config.delivery.mode)}`,
      ],
    });
  }
  return new HelmChart(scope, 'Operator', {
    chart,
    releaseName: operator.releaseName,
    namespace,
    values: deepMerge(deepMerge({ operator: { secret: { existingSecretName: OPERATOR_SECRET_NAME }, targetNamespace: cluster.namespace } }, typedValues(operator)), operator.values),
    renderer,
  });
}

/** The typed operator settings as the operator chart's values, with the same secure defaults as the plain manifests. */
function typedValues(operator: ResolvedConfig['devEnvironmentClusters'][number]['operator']): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const image: Record<string, unknown> = {};
  if (operator.image) {
    const parts = splitImageRef(operator.image);
    // The chart builds `registry/repository:tag`; a digest rides along in the tag.
    Object.assign(image, { registry: parts.registry, repository: parts.repository, tag: [parts.tag, parts.digest].filter(Boolean).join('@') });
  }
  // Without an image here the chart's own tag applies (a version), unless operator.values names another tag. Only
  // the string "latest" gives Always: a tag that is not a string gives IfNotPresent, as no tag does.
  const valuesTag = (operator.values.image as { tag?: unknown } | undefined)?.tag;
  image.pullPolicy = operator.imagePullPolicy ?? (operator.image ? defaultImagePullPolicy(operator.image) : pullPolicyForTag(valuesTag as string | undefined));
  if (operator.imagePullSecrets?.length) image.pullSecrets = operator.imagePullSecrets;
  values.image = image;
  // Stryker disable next-line ConditionalExpression: an undefined value is dropped when the values are written (Helm would see only a different key order)
  if (operator.replicas !== undefined) values.replicaCount = operator.replicas;
  // Stryker disable next-line ConditionalExpression: an undefined value is dropped when the values are written (Helm would see only a different key order)
  if (operator.resources) values.resources = operator.resources;
  values.securityContext = { ...DEFAULT_OPERATOR_SECURITY_CONTEXT, ...operator.securityContext };
  for (const key of ['podSecurityContext', 'nodeSelector', 'tolerations', 'affinity', 'podAnnotations'] as const) {
    // Stryker disable next-line ConditionalExpression: an undefined value is dropped when the values are written (Helm would see only a different key order)
    if (operator[key] !== undefined) values[key] = operator[key];
  }
  return values;
}

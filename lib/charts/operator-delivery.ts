import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/config-types';
import { operatorChartDefaults, showValuesCommand, splitImageRef } from '../config/operator-defaults';
import { ChartCoordinates, HelmChart, IHelmRenderer } from '../constructs/helm-chart';
import { CodeCanvasOperator } from '../constructs/codecanvas-operator';
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
 * its values and `operator.values` merged last.
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
      imagePullPolicy: operator.imagePullPolicy ?? defaults.imagePullPolicy,
      replicas: operator.replicas ?? defaults.replicas,
      resources: operator.resources ?? defaults.resources,
      livenessProbe: defaults.livenessProbe,
      autoscaling: operator.autoscaling,
    });
  }
  if (operator.image && !splitImageRef(operator.image).tag) {
    scope.node.addValidation({
      validate: () => [
        `devEnvironmentClusters[${index}].operator.image: is ${JSON.stringify(operator.image)}; needs a tag in delivery.mode ${config.delivery.mode} (the operator chart builds registry/repository:tag)`,
      ],
    });
  }
  if (operator.autoscaling) {
    scope.node.addValidation({
      validate: () => [
        `devEnvironmentClusters[${index}].operator.autoscaling: delivery.mode ${config.delivery.mode} installs the operator chart, whose HorizontalPodAutoscaler is autoscaling/v2beta1 (removed in Kubernetes 1.25); ` +
          'remove autoscaling and set replicas, or use delivery.mode argocd (plain manifests with autoscaling/v2)',
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

/** The typed operator settings as the operator chart's values. */
function typedValues(operator: ResolvedConfig['devEnvironmentClusters'][number]['operator']): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const image: Record<string, unknown> = {};
  if (operator.image) {
    const parts = splitImageRef(operator.image);
    // The chart builds `registry/repository:tag`; a digest rides along in the tag.
    Object.assign(image, { registry: parts.registry, repository: parts.repository, tag: [parts.tag, parts.digest].filter(Boolean).join('@') });
  }
  if (operator.imagePullPolicy) image.pullPolicy = operator.imagePullPolicy;
  if (Object.keys(image).length > 0) values.image = image;
  // Stryker disable next-line ConditionalExpression: an undefined value is dropped when the values are written (Helm would see only a different key order)
  if (operator.replicas !== undefined) values.replicaCount = operator.replicas;
  // Stryker disable next-line ConditionalExpression: an undefined value is dropped when the values are written (Helm would see only a different key order)
  if (operator.resources) values.resources = operator.resources;
  return values;
}

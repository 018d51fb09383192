import { HelmChart as K3sHelmChart } from '../../imports/k3s-helmcharts-helm.cattle.io';
import { HelmChart, IHelmRenderer, rejectValuesFrom } from '../constructs/helm-chart';
import { toYaml } from '../util/yaml';

/** Props of {@link K3sHelmChartRenderer}. */
export interface K3sHelmChartRendererProps {
  /**
   * Namespace of the HelmChart objects (the k3s/RKE2 helm-controller watches all namespaces; kube-system is the
   * convention).
   * @default 'kube-system'
   */
  readonly namespace?: string;
}

/**
 * Renders a HelmChart as a k3s/RKE2 `helm.cattle.io/v1` HelmChart that the embedded helm-controller installs.
 * @see https://docs.k3s.io/helm
 */
export class K3sHelmChartRenderer implements IHelmRenderer {
  readonly kind = 'k3s';

  constructor(private readonly props: K3sHelmChartRendererProps = {}) {}

  render(release: HelmChart<object>): void {
    rejectValuesFrom(release, this.kind);
    new K3sHelmChart(release, 'Resource', {
      metadata: { name: release.releaseName, namespace: this.props.namespace ?? 'kube-system' },
      spec: {
        chart: release.chartUrl,
        version: release.chart.version,
        targetNamespace: release.namespace,
        createNamespace: false,
        valuesContent: toYaml(release.values),
      },
    });
  }
}

import {
  HelmRelease,
  HelmReleaseSpecChartRefKind,
  HelmReleaseSpecValuesFromKind,
} from '../../imports/flux-helmreleases-helm.toolkit.fluxcd.io';
import { OciRepository, OciRepositorySpecLayerSelectorOperation } from '../../imports/flux-ocirepositories-source.toolkit.fluxcd.io';
import { HelmChart, IHelmRenderer } from '../constructs/helm-chart';
import { FLUX_DEFAULT_INTERVAL } from '../util/names';

export const HELM_CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** Props of {@link FluxRenderer}. */
export interface FluxRendererProps {
  /**
   * Reconciliation interval of the source and the release.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * Install and upgrade retries before Flux gives up (upgrades roll back on failure).
   * @default 3
   */
  readonly retries?: number;
  /**
   * How long Helm waits for an install or upgrade (every Deployment ready) before the release counts as failed and
   * is remediated (a failed install is uninstalled and retried, a failed upgrade rolled back). The CodeCanvas app's
   * startup probe alone allows about 2 minutes per container start (30 s, then 5 checks 20 s apart), after the image
   * pull and, on a cluster that scales up, a new node; Flux's default of 5 minutes would turn such a slow first
   * start into an uninstall and a retry.
   * @default '15m'
   */
  readonly timeout?: string;
}

/**
 * Renders a HelmChart for Flux: an OCIRepository (source.toolkit.fluxcd.io/v1) for the chart and a HelmRelease
 * (helm.toolkit.fluxcd.io/v2) that refers to it with `chartRef`, with install/upgrade remediation, `dependsOn`
 * for ordered releases and `valuesFrom` Secrets for values that must not be in Git.
 * @see https://fluxcd.io/flux/components/helm/helmreleases/
 */
export class FluxRenderer implements IHelmRenderer {
  readonly kind = 'flux';

  constructor(private readonly props: FluxRendererProps = {}) {}

  render(release: HelmChart<object>): void {
    const interval = this.props.interval ?? FLUX_DEFAULT_INTERVAL;
    const retries = this.props.retries ?? 3;
    const timeout = this.props.timeout ?? '15m';
    const source = new OciRepository(release, 'Source', {
      metadata: { name: release.releaseName, namespace: release.namespace },
      spec: {
        interval,
        url: release.chartUrl,
        ref: { tag: release.chart.version },
        layerSelector: { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, operation: OciRepositorySpecLayerSelectorOperation.COPY },
      },
    });
    const helmRelease = new HelmRelease(release, 'Resource', {
      metadata: { name: release.releaseName, namespace: release.namespace },
      spec: {
        interval,
        releaseName: release.releaseName,
        chartRef: { kind: HelmReleaseSpecChartRefKind.OCI_REPOSITORY, name: source.name, namespace: release.namespace },
        dependsOn: release.dependsOn.length > 0 ? release.dependsOn.map((d) => ({ name: d.releaseName, namespace: d.namespace })) : undefined,
        install: { timeout, remediation: { retries } },
        upgrade: { timeout, remediation: { retries, remediateLastFailure: true } },
        values: release.values,
        valuesFrom:
          release.valuesFrom.length > 0
            ? release.valuesFrom.map((v) => ({ kind: HelmReleaseSpecValuesFromKind.SECRET, name: v.secretName, valuesKey: v.key, targetPath: v.targetPath }))
            : undefined,
      },
    });
    helmRelease.node.addDependency(source);
  }
}

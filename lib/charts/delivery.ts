import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/config-types';
import { IHelmRenderer } from '../constructs/helm-chart';
import { ArgoCdRenderer } from '../renderers/argocd-renderer';
import { HelmCliRenderer } from '../renderers/helm-cli-renderer';
import { FluxRenderer } from '../renderers/flux-renderer';
import { K3sHelmChartRenderer } from '../renderers/k3s-helm-chart-renderer';
import { clusterReleaseApplicationName } from '../util/names';

/** The renderer for the configured delivery mode; `cluster` names Argo CD Applications of dev-environment clusters. */
export function rendererFor(
  config: ResolvedConfig,
  cluster?: { name: string; argocdDestinationServer?: string },
  hub?: Construct,
): IHelmRenderer {
  const delivery = config.delivery;
  switch (delivery.mode) {
    case 'argocd':
      return new ArgoCdRenderer({
        namespace: delivery.argocd.namespace,
        project: delivery.argocd.project,
        destinationServer: cluster?.argocdDestinationServer ?? delivery.argocd.destinationServer,
        applicationName: cluster ? (release) => clusterReleaseApplicationName(cluster.name, release.releaseName) : undefined,
        // A dev-environment cluster with its own destination is managed from the application cluster's Argo CD.
        hub: cluster?.argocdDestinationServer ? hub : undefined,
      });
    case 'helm':
      return new HelmCliRenderer();
    case 'flux':
      return new FluxRenderer({ interval: delivery.flux.interval });
    case 'k3s':
      return new K3sHelmChartRenderer();
  }
}

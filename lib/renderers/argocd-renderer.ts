import { Construct } from 'constructs';
import { Application } from '../../imports/argocd-argoproj.io';
import { HelmChart, IHelmRenderer, rejectValuesFrom } from '../constructs/helm-chart';
import { ARGOCD_DEFAULTS, ARGOCD_RESOURCES_FINALIZER, argocdRepoUrl } from '../util/names';

/** Props of {@link ArgoCdRenderer}. */
export interface ArgoCdRendererProps {
  /**
   * Namespace where Argo CD watches Applications.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Argo CD project of the Applications.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Cluster the release goes to, as registered in Argo CD.
   * @default 'https://kubernetes.default.svc'
   */
  readonly destinationServer?: string;
  /**
   * Application name.
   * @default - the release name
   */
  readonly applicationName?: (release: HelmChart<object>) => string;
  /**
   * Sync automatically, pruning and self-healing. Automated syncs also retry a failed sync (10 times, backoff
   * from 30s doubling up to 10m): a release whose namespace comes from another Application (a dev-environment
   * cluster managed from the hub, whose folder is synced by its own Application) converges without a manual sync.
   * @default true
   */
  readonly automated?: boolean;
  /**
   * Where the Application objects go. Argo CD only reads Applications in its own cluster, so when a remote
   * cluster is managed from a central ("hub") Argo CD, its Applications belong to the hub cluster's output.
   * @default - beside the release (Argo CD runs in the same cluster)
   */
  readonly hub?: Construct;
}

/** How an automated sync retries a failed sync: Argo CD otherwise waits for the next Git revision. */
const AUTOMATED_SYNC_RETRY = { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } };

/**
 * Renders a HelmChart as an Argo CD Application with an OCI Helm source and inline `valuesObject`. The release's
 * lookup-dependent fields become `ignoreDifferences` with the `RespectIgnoreDifferences=true` sync option.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
 */
export class ArgoCdRenderer implements IHelmRenderer {
  readonly kind = 'argocd';

  constructor(private readonly props: ArgoCdRendererProps = {}) {}

  render(release: HelmChart<object>): void {
    rejectValuesFrom(release, this.kind);
    // The repo-server renders without cluster access, so fields the chart keeps only through lookup come out new
    // on every render: compare without them, and (RespectIgnoreDifferences) leave the live values alone on sync.
    const ignoreDifferences = release.lookupDependentFields.map((f) => ({
      group: f.group,
      kind: f.kind,
      name: f.name,
      namespace: f.namespace ?? release.namespace,
      jsonPointers: [...f.jsonPointers],
    }));
    const syncOptions = ['CreateNamespace=false', 'ServerSideApply=true'];
    if (ignoreDifferences.length > 0) syncOptions.push('RespectIgnoreDifferences=true');
    const name = this.props.applicationName?.(release) ?? release.releaseName;
    new Application(this.props.hub ?? release, this.props.hub ? `Application-${name}` : 'Resource', {
      metadata: {
        name,
        namespace: this.props.namespace ?? ARGOCD_DEFAULTS.namespace,
        finalizers: [ARGOCD_RESOURCES_FINALIZER],
      },
      spec: {
        project: this.props.project ?? ARGOCD_DEFAULTS.project,
        source: {
          repoUrl: argocdRepoUrl(release.chart.repository),
          chart: release.chart.name,
          targetRevision: release.chart.version,
          helm: { releaseName: release.releaseName, valuesObject: release.values },
        },
        ignoreDifferences: ignoreDifferences.length > 0 ? ignoreDifferences : undefined,
        destination: { server: this.props.destinationServer ?? ARGOCD_DEFAULTS.destinationServer, namespace: release.namespace },
        syncPolicy: {
          automated: this.props.automated === false ? undefined : { prune: true, selfHeal: true },
          retry: this.props.automated === false ? undefined : AUTOMATED_SYNC_RETRY,
          syncOptions,
        },
      },
    });
  }
}

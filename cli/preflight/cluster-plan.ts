/**
 * What our output for a cluster contains and needs (namespaces, Secrets and who makes them, ingress, delivery, secret
 * source), derived from the config; the preflight checks run against this plan.
 */
import { clusterIngress } from '../../lib/charts/cluster-ingress';
import { writtenReleases } from '../../lib/charts/dev-environment-cluster-chart';
import { APPLICATION_CLUSTER, CHART_VALUES_SECRET_NAME } from '../../lib/charts/application-cluster-chart';
import { argocdRepoUrl, ARGOCD_CLUSTER_RELEASES, clusterReleaseApplicationName, JUMP_SECRET_NAME, OPERATOR_SECRET_NAME, RELAY_SECRET_NAME } from '../../lib/util/names';
import { ResolvedConfig } from '../../lib/config/schema';
import { applicationKeyVaultClientId, devKeyVaultClientId, keyVaultClientIdField, sealingCertificateFile } from '../../lib/charts/secret-source-for';

/** Who makes a Secret our output relies on. */
export type SecretProducer = 'output' | 'externalSecret' | 'sealedSecret';

export interface PlannedSecret {
  readonly namespace: string;
  readonly name: string;
  /** `output`: a plain Secret in our output; `externalSecret`/`sealedSecret`: the controller creates it. */
  readonly producer: SecretProducer;
}

export interface ClusterPlan {
  /** `application` or the dev-environment cluster's name. */
  readonly cluster: string;
  readonly kind: 'application' | 'devEnvironment';
  /** Namespaces our output creates, in order. */
  readonly namespaces: readonly string[];
  readonly secrets: readonly PlannedSecret[];
  /** Ingresses of this cluster's releases use the configured IngressClass and ClusterIssuer. */
  readonly ingress?: { readonly className: string; readonly clusterIssuer: string; readonly issuerInOutput: boolean };
  /** The CodeCanvas pods rely on the Workload Identity webhook (application cluster). */
  readonly workloadIdentity: boolean;
  /** StorageClasses and VolumeSnapshotClasses of disk.csi.azure.com (dev-environment clusters). */
  readonly azureDisk: boolean;
  /**
   * How the Helm releases in this cluster's output are delivered; undefined when the output holds no delivery
   * objects (no release enabled, or a dev-environment cluster whose Argo CD Applications go to the hub).
   */
  readonly delivery?: DeliveryPlan;
  readonly externalSecrets?: {
    readonly storeKind: 'SecretStore' | 'ClusterSecretStore';
    /** The ServiceAccounts our output creates for External Secrets Operator to log in to Key Vault as (one per store). */
    readonly readers: readonly KeyVaultReaderPlan[];
  };
  readonly sealedSecrets?: {
    readonly controllerNamespace: string;
    readonly controllerName: string;
    /** The certificate this cluster's output is sealed with: the config field and its value (relative to the config file). */
    readonly certificate: { readonly field: string; readonly file: string };
  };
}

/** A Key Vault reader ServiceAccount and the managed identity the config binds it to (Workload Identity annotations). */
export interface KeyVaultReaderPlan {
  readonly namespace: string;
  readonly name: string;
  readonly clientId: string;
  /** The config field the client ID comes from, for messages. */
  readonly clientIdField: string;
  readonly tenantId?: string;
}

/** One Argo CD Application of the output: where it deploys and where its chart comes from. */
export interface ArgoCdApplicationPlan {
  readonly name: string;
  readonly server: string;
  readonly namespace: string;
  readonly repoURL: string;
}

export type DeliveryPlan =
  | {
      readonly mode: 'argocd';
      readonly namespace: string;
      /** delivery.argocd.project: the AppProject every Application names. */
      readonly project: string;
      /** The Applications in this cluster's output (the project must allow their destinations and sources). */
      readonly applications: readonly ArgoCdApplicationPlan[];
      /** Dev-environment clusters managed from this cluster's Argo CD (argocdDestinationServer): must be registered. */
      readonly remoteClusters: readonly { readonly cluster: string; readonly server: string }[];
    }
  | { readonly mode: 'flux' | 'k3s' | 'helm' };

/** Thrown for a `--cluster` the config does not describe. */
export class UnknownClusterError extends Error {
  constructor(
    readonly cluster: string,
    readonly known: readonly string[],
  ) {
    super(`cluster ${JSON.stringify(cluster)} is not in the config; choose one of: ${known.join(', ')}`);
    this.name = 'UnknownClusterError';
  }
}

/** Cluster names `--cluster` accepts for a config. */
export function clusterNames(config: ResolvedConfig): string[] {
  return [APPLICATION_CLUSTER, ...config.devEnvironmentClusters.map((c) => c.name)];
}

/**
 * What our output for `cluster` contains and relies on, derived from the config the same way the charts build it
 * (application-cluster-chart.ts, dev-environment-cluster-chart.ts; a test keeps the two in step).
 */
export function planCluster(config: ResolvedConfig, cluster: string = APPLICATION_CLUSTER): ClusterPlan {
  const source = config.secrets.source;
  // Secrets without secret values are plain Secrets in the output whatever the source.
  const producerFor = (hasSecretValues: boolean): SecretProducer => {
    if (!hasSecretValues) return 'output';
    if (source === 'sealedSecrets') return 'sealedSecret';
    if (source === 'keyVault') return 'externalSecret';
    return 'output';
  };
  const argocd = config.delivery.argocd;
  const devApplications = (dev: ResolvedConfig['devEnvironmentClusters'][number]): ArgoCdApplicationPlan[] =>
    ARGOCD_CLUSTER_RELEASES.filter((r) => dev[r].enabled).map((r) => ({
      name: clusterReleaseApplicationName(dev.name, dev[r].releaseName),
      server: dev.argocdDestinationServer ?? argocd.destinationServer,
      namespace: dev.systemNamespace,
      repoURL: argocdRepoUrl(dev[r].chart.repository),
    }));
  const argoPlan = (applications: ArgoCdApplicationPlan[], remoteClusters: { cluster: string; server: string }[]): DeliveryPlan => ({
    mode: 'argocd',
    namespace: argocd.namespace,
    project: argocd.project,
    applications,
    remoteClusters,
  });
  const hubManaged = config.devEnvironmentClusters.filter((c) => c.argocdDestinationServer);
  const delivery: DeliveryPlan =
    config.delivery.mode === 'argocd'
      ? argoPlan(
          [
            { name: config.application.releaseName, server: argocd.destinationServer, namespace: config.namespace, repoURL: argocdRepoUrl(config.application.chart.repository) },
            ...hubManaged.flatMap(devApplications),
          ],
          hubManaged.map((c) => ({ cluster: c.name, server: c.argocdDestinationServer! })),
        )
      : { mode: config.delivery.mode };
  // The dev cluster's index (undefined for the application cluster, a name the config reserves: RESERVED_CLUSTER_NAMES):
  // its own identity and certificate, if set.
  const found = config.devEnvironmentClusters.findIndex((c) => c.name === cluster);
  const index = found < 0 ? undefined : found;
  const finish = (plan: Omit<ClusterPlan, 'externalSecrets' | 'sealedSecrets'>): ClusterPlan => {
    // All of a cluster's Secrets are in one namespace (the application namespace, or the dev cluster's system
    // namespace), so the Key Vault source makes one store there (a SecretStore, or the ClusterSecretStore) and one
    // reader ServiceAccount beside it.
    const external = plan.secrets.find((s) => s.producer === 'externalSecret');
    // An ExternalSecret means secrets.source keyVault, which the config refuses without secrets.keyVault.
    const keyVault = config.secrets.keyVault!;
    return {
      ...plan,
      externalSecrets: external
        ? {
            storeKind: keyVault.storeKind,
            readers: [
              {
                namespace: external.namespace,
                name: keyVault.serviceAccountName,
                clientId: index === undefined ? applicationKeyVaultClientId(config) : devKeyVaultClientId(config, config.devEnvironmentClusters[index]),
                clientIdField: keyVaultClientIdField(config, index),
                tenantId: keyVault.tenantId,
              },
            ],
          }
        : undefined,
      sealedSecrets: plan.secrets.some((s) => s.producer === 'sealedSecret')
        ? {
            // Stryker disable next-line OptionalChaining,LogicalOperator,StringLiteral: a SealedSecret means secrets.sealedSecrets, which the resolved config always fills.
            controllerNamespace: config.secrets.sealedSecrets?.controllerNamespace ?? 'kube-system',
            // Stryker disable next-line OptionalChaining,LogicalOperator,StringLiteral: as above.
            controllerName: config.secrets.sealedSecrets?.controllerName ?? 'sealed-secrets-controller',
            certificate: sealingCertificateFile(config, index),
          }
        : undefined,
    };
  };

  if (cluster === APPLICATION_CLUSTER) {
    const ns = config.namespace;
    const secrets: PlannedSecret[] = [
      { namespace: ns, name: config.database.secretName, producer: producerFor(true) },
      { namespace: ns, name: config.objectStorage.secretName, producer: producerFor(config.objectStorage.auth === 'accountKey') },
    ];
    if (config.delivery.mode === 'flux') secrets.push({ namespace: ns, name: CHART_VALUES_SECRET_NAME, producer: producerFor(true) });
    return finish({
      cluster,
      kind: 'application',
      namespaces: [ns],
      secrets,
      ingress: { className: config.ingress.className, clusterIssuer: config.ingress.clusterIssuer, issuerInOutput: !!config.ingress.letsEncrypt },
      workloadIdentity: true,
      azureDisk: false,
      // The CodeCanvas release; with Argo CD also the Applications of remote dev-environment clusters (the hub).
      delivery,
    });
  }

  const dev = config.devEnvironmentClusters.find((c) => c.name === cluster);
  if (!dev) throw new UnknownClusterError(cluster, clusterNames(config));
  const namespaces = [dev.namespace];
  const written = writtenReleases(dev); // jump and operator wait for their instance IDs
  const releases = [written.relay, written.jump, written.operator].filter(Boolean).length;
  if (releases > 0 && dev.systemNamespace !== dev.namespace) namespaces.push(dev.systemNamespace);
  // Each Secret belongs to a written release, so it is always in the system namespace.
  const system = dev.systemNamespace;
  const secrets: PlannedSecret[] = [];
  if (written.relay) secrets.push({ namespace: system, name: RELAY_SECRET_NAME, producer: producerFor(false) });
  if (written.jump) secrets.push({ namespace: system, name: JUMP_SECRET_NAME, producer: producerFor(true) });
  if (written.operator) secrets.push({ namespace: system, name: OPERATOR_SECRET_NAME, producer: producerFor(true) });
  return finish({
    cluster,
    kind: 'devEnvironment',
    namespaces,
    secrets,
    // The relay's Ingress uses this cluster's IngressClass and ClusterIssuer (per-cluster settings, defaulting to
    // the top-level ones); the cluster's output creates the issuer when its settings ask for Let's Encrypt.
    ingress: dev.relay.enabled ? devIngress(config, cluster) : undefined,
    workloadIdentity: false,
    azureDisk: true,
    // With argocdDestinationServer set, this cluster's Applications are in the application cluster's output (the
    // config refuses that field outside delivery.mode argocd: lib/config/mode-rules.ts).
    delivery:
      releases === 0 || dev.argocdDestinationServer
        ? undefined
        : delivery.mode === 'argocd'
          ? argoPlan(devApplications(dev), [])
          : delivery,
  });
}

function devIngress(config: ResolvedConfig, cluster: string): NonNullable<ClusterPlan['ingress']> {
  const ingress = clusterIngress(config, cluster);
  return { className: ingress.className, clusterIssuer: ingress.clusterIssuer, issuerInOutput: !!ingress.letsEncrypt };
}

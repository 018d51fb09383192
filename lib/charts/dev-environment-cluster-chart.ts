import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DevEnvironmentClusterConfig, ResolvedConfig } from '../config/schema';
import { HelmChart, IHelmRenderer } from '../constructs/helm-chart';
import { Namespace } from '../constructs/namespace';
import { AzureDiskStorageClass } from '../constructs/storage-class';
import { AzureDiskVolumeSnapshotClass } from '../constructs/volume-snapshot-class';
import { ISecretSource } from '../constructs/secret-source';
import { hostnames } from './codecanvas-values';
import { deepMerge } from './deep-merge';
import { clusterSecretRef } from './secret-names';
import {
  JUMP_SECRET_KEYS,
  JUMP_SECRET_NAME,
  OPERATOR_SECRET_KEYS,
  OPERATOR_SECRET_NAME,
  RELAY_SECRET_KEYS,
  RELAY_SECRET_NAME,
  COMMON_LABELS,
} from '../util/names';


/** The relay's host: configured, else the guide's gateway.<domain> for the first cluster, gateway-<name>.<domain> after. */
export function relayHostname(config: ResolvedConfig, index: number): string {
  const cluster = config.devEnvironmentClusters[index];
  return cluster.relay.hostname ?? (index === 0 ? hostnames(config.domain).gateway : `gateway-${cluster.name}.${config.domain}`);
}

export interface DevEnvironmentClusterChartProps {
  readonly config: ResolvedConfig;
  /** Index of this cluster in `config.devEnvironmentClusters`. */
  readonly index: number;
  readonly secretSource: ISecretSource;
  readonly renderer: IHelmRenderer;
}

/**
 * A dev-environment cluster: the dev-environment namespace, the guide's StorageClasses and VolumeSnapshotClasses,
 * and (when enabled) the relay, jump and operator releases in the system namespace with their Secrets.
 */
export class DevEnvironmentClusterChart extends Chart {
  readonly cluster: DevEnvironmentClusterConfig;

  constructor(scope: Construct, props: DevEnvironmentClusterChartProps) {
    const cluster = props.config.devEnvironmentClusters[props.index];
    super(scope, cluster.name, { labels: COMMON_LABELS, disableResourceNameHashes: true });
    this.cluster = cluster;
    const { config, index, secretSource, renderer } = props;
    const at = `devEnvironmentClusters[${index}]`;

    // The operator's target namespace must exist before the operator is installed.
    new Namespace(this, 'Namespace', { name: cluster.namespace });
    for (const sc of cluster.storageClasses) new AzureDiskStorageClass(this, `StorageClass-${sc.name}`, sc);
    for (const vsc of cluster.volumeSnapshotClasses) new AzureDiskVolumeSnapshotClass(this, `VolumeSnapshotClass-${vsc.name}`, vsc);

    const anyRelease = cluster.relay.enabled || cluster.jump.enabled || cluster.operator.enabled;
    if (!anyRelease) return;
    const system = cluster.systemNamespace === cluster.namespace ? undefined : new Namespace(this, 'SystemNamespace', { name: cluster.systemNamespace });
    const namespace = system?.name ?? cluster.namespace;
    const hosts = hostnames(config.domain);
    const chartOf = (release: DevEnvironmentClusterConfig['relay'], name: string) => ({
      repository: release.chart.repository,
      name: release.chart.name ?? name,
      version: release.chart.version,
    });

    if (cluster.relay.enabled) {
      const hostname = relayHostname(config, index);
      if (!cluster.relay.jwtPublicKey) {
        this.node.addValidation({
          validate: () => [`${at}.relay.jwtPublicKey: missing; is required when the relay is enabled (generate it with the keys command)`],
        });
      }
      secretSource.materialize(this, 'RelaySecret', {
        name: RELAY_SECRET_NAME,
        namespace,
        literals: { [RELAY_SECRET_KEYS.jwtPublicKey]: cluster.relay.jwtPublicKey ?? '' },
      });
      new HelmChart(this, 'Relay', {
        chart: chartOf(cluster.relay, 'codecanvas-relay'),
        releaseName: cluster.relay.releaseName,
        namespace,
        values: deepMerge(
          {
            application: {
              secret: { existingSecretName: RELAY_SECRET_NAME },
              ingress: {
                enabled: true,
                ingressClassName: config.ingress.className,
                annotations: { 'cert-manager.io/cluster-issuer': config.ingress.clusterIssuer },
                hostname,
                tls: [{ hosts: [hostname], secretName: `${cluster.relay.releaseName}-tls` }],
              },
            },
          },
          cluster.relay.values,
        ),
        renderer,
      });
    }

    if (cluster.jump.enabled) {
      if (!cluster.jump.instanceId) {
        this.node.addValidation({
          validate: () => [`${at}.jump.instanceId: missing; is required when the jump server is enabled (copy it from CodeCanvas)`],
        });
      }
      secretSource.materialize(this, 'JumpSecret', {
        name: JUMP_SECRET_NAME,
        namespace,
        literals: { [JUMP_SECRET_KEYS.instanceId]: cluster.jump.instanceId ?? '', [JUMP_SECRET_KEYS.canvasUrl]: `https://${hosts.main}` },
        secrets: {
          [JUMP_SECRET_KEYS.jwtPrivateKey]: clusterSecretRef(config, index, 'jumpJwtPrivateKey'),
          [JUMP_SECRET_KEYS.sshHostKey]: clusterSecretRef(config, index, 'jumpSshHostKey'),
        },
      });
      new HelmChart(this, 'Jump', {
        chart: chartOf(cluster.jump, 'codecanvas-jump'),
        releaseName: cluster.jump.releaseName,
        namespace,
        values: deepMerge({ application: { secret: { jump: { existingSecretName: JUMP_SECRET_NAME } } } }, cluster.jump.values),
        renderer,
      });
    }

    if (cluster.operator.enabled) {
      if (!cluster.operator.instanceId) {
        this.node.addValidation({
          validate: () => [`${at}.operator.instanceId: missing; is required when the operator is enabled (copy it from the Computing Platform connection)`],
        });
      }
      secretSource.materialize(this, 'OperatorSecret', {
        name: OPERATOR_SECRET_NAME,
        namespace,
        literals: { [OPERATOR_SECRET_KEYS.instanceId]: cluster.operator.instanceId ?? '', [OPERATOR_SECRET_KEYS.serverUrl]: `https://${hosts.compute}` },
        secrets: { [OPERATOR_SECRET_KEYS.jwtPrivateKey]: clusterSecretRef(config, index, 'operatorJwtPrivateKey') },
      });
      new HelmChart(this, 'Operator', {
        chart: chartOf(cluster.operator, 'codecanvas-operator'),
        releaseName: cluster.operator.releaseName,
        namespace,
        values: deepMerge(
          { operator: { secret: { existingSecretName: OPERATOR_SECRET_NAME }, targetNamespace: cluster.namespace } },
          cluster.operator.values,
        ),
        renderer,
      });
    }
  }
}

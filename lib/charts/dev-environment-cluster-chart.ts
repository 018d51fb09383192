import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { DevEnvironmentClusterConfig, ResolvedConfig } from '../config/config-types';
import { RELAY_PUBLIC_KEY_RULE } from '../config/delivery-rules';
import { LetsEncryptClusterIssuer } from '../constructs/lets-encrypt-cluster-issuer';
import { HelmChart, IHelmRenderer } from '../constructs/helm-chart';
import { Namespace } from '../constructs/namespace';
import { AzureDiskStorageClass } from '../constructs/azure-disk-storage-class';
import { AzureDiskVolumeSnapshotClass } from '../constructs/azure-disk-volume-snapshot-class';
import { ISecretSource } from '../constructs/secret-source';
import { clusterIngress } from './cluster-ingress';
import { deepMerge } from './deep-merge';
import { deliverOperator } from './operator-delivery';
import { clusterSecretRef } from './secret-names';
import { shellQuote } from '../util/shell';
import {
  JUMP_SECRET_KEYS,
  JUMP_SECRET_NAME,
  OPERATOR_SECRET_KEYS,
  OPERATOR_SECRET_NAME,
  RELAY_SECRET_KEYS,
  RELAY_SECRET_NAME,
  COMMON_LABELS,
  DEFAULT_CHART_NAMES,
  defaultRelayHost,
  helmFullname,
  hostnames,
} from '../util/names';


/** The relay's host: configured, else the guide's gateway.<domain> for the first cluster, gateway-<name>.<domain> after. */
export function relayHostname(config: ResolvedConfig, index: number): string {
  const cluster = config.devEnvironmentClusters[index];
  return cluster.relay.hostname ?? defaultRelayHost(config.domain, index, cluster.name);
}

/**
 * Which of a dev-environment cluster's releases synth writes: enabled ones, except jump and operator while their
 * instance IDs (issued by CodeCanvas in phase 2) are not set.
 */
export function writtenReleases(cluster: DevEnvironmentClusterConfig): { relay: boolean; jump: boolean; operator: boolean } {
  return {
    relay: cluster.relay.enabled,
    jump: cluster.jump.enabled && !!cluster.jump.instanceId,
    operator: cluster.operator.enabled && !!cluster.operator.instanceId,
  };
}

/** The chart's SSH port of the jump server (application.sshService.port). */
export const JUMP_SSH_PORT = 63101;

/** Where users reach a dev cluster's jump server over SSH, as configured by `jump.ssh`. */
export interface JumpSshEndpoint {
  /** The Service the chart creates: `<fullname>-ssh`. */
  readonly serviceName: string;
  readonly type: 'NodePort' | 'LoadBalancer';
  /** `host:port` as users type it, with `<...>` where only the live cluster knows (node IP, node port, LB IP). */
  readonly address: string;
  /** A command that prints the part only the live cluster knows. */
  readonly lookup: string;
}

export function jumpSshEndpoint(cluster: DevEnvironmentClusterConfig): JumpSshEndpoint {
  const release = cluster.jump.releaseName;
  const chart = cluster.jump.chart.name ?? DEFAULT_CHART_NAMES.jump;
  const fullname = helmFullname(release, chart, cluster.jump.values);
  const serviceName = `${fullname}-ssh`;
  const svc = `kubectl --context ${shellQuote(cluster.name)} -n ${shellQuote(cluster.systemNamespace)} get service ${shellQuote(serviceName)}`;
  const ssh = cluster.jump.ssh;
  if (ssh.type === 'NodePort') {
    return {
      serviceName,
      type: 'NodePort',
      address: '<node IP>:<node port>',
      lookup: `${svc} -o jsonpath='{.spec.ports[0].nodePort}'   # the node port (30000-32767); any node's address reachable by users`,
    };
  }
  return {
    serviceName,
    type: 'LoadBalancer',
    address: `${ssh.hostname ?? ssh.loadBalancerIP ?? `<${ssh.loadBalancer ?? 'internal'} load balancer IP>`}:${JUMP_SSH_PORT}`,
    lookup: `${svc} -o jsonpath='{.status.loadBalancer.ingress[0].ip}'   # the ${ssh.loadBalancer ?? 'internal'} load balancer address`,
  };
}

/** The chart's `application.sshService` values for `jump.ssh`. */
function sshServiceValues(cluster: DevEnvironmentClusterConfig): Record<string, unknown> {
  const ssh = cluster.jump.ssh;
  if (ssh.type === 'NodePort') return { type: 'NodePort' };
  const annotations: Record<string, string> = {};
  if ((ssh.loadBalancer ?? 'internal') === 'internal') annotations['service.beta.kubernetes.io/azure-load-balancer-internal'] = 'true';
  if (ssh.hostname) annotations['external-dns.alpha.kubernetes.io/hostname'] = ssh.hostname;
  return {
    type: 'LoadBalancer',
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(ssh.loadBalancerIP ? { loadBalancerIP: ssh.loadBalancerIP } : {}),
  };
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
 * and (when enabled) the relay, jump and operator releases in the system namespace with their Secrets. With the
 * relay, the cluster's own Let's Encrypt ClusterIssuer when its ingress settings ask for one.
 */
export class DevEnvironmentClusterChart extends Chart {
  readonly cluster: DevEnvironmentClusterConfig;
  /**
   * Releases that are enabled but left out because CodeCanvas has not issued their instance ID yet (phase 2 of
   * INSTALL.md), one sentence each, for the synth's warnings.
   */
  readonly skippedReleases: string[] = [];

  constructor(scope: Construct, props: DevEnvironmentClusterChartProps) {
    const cluster = props.config.devEnvironmentClusters[props.index];
    // Stryker disable next-line BooleanLiteral: every object of this chart sets metadata.name, so no name is ever hashed
    super(scope, cluster.name, { labels: COMMON_LABELS, disableResourceNameHashes: true });
    this.cluster = cluster;
    const { config, index, secretSource, renderer } = props;
    const at = `devEnvironmentClusters[${index}]`;

    // The operator's target namespace must exist before the operator is installed.
    new Namespace(this, 'Namespace', { name: cluster.namespace });
    for (const sc of cluster.storageClasses) new AzureDiskStorageClass(this, `StorageClass-${sc.name}`, sc);
    for (const vsc of cluster.volumeSnapshotClasses) new AzureDiskVolumeSnapshotClass(this, `VolumeSnapshotClass-${vsc.name}`, vsc);

    // A cluster may be declared before CodeCanvas has issued the jump and operator instance IDs: its prerequisites
    // and relay are written now, the releases that cannot be configured yet are left out and reported.
    const skip = (release: 'jump' | 'operator', what: string) =>
      this.skippedReleases.push(
        `${at}.${release} (${cluster.name}): release ${cluster[release].releaseName} left out: ${at}.${release}.instanceId is not set yet; ` +
          `create the ${what} in CodeCanvas (INSTALL.md phase 2), fill in the ID and synth again`,
      );
    const { jump: jumpReady, operator: operatorReady } = writtenReleases(cluster);
    if (cluster.jump.enabled && !jumpReady) skip('jump', 'jump server');
    if (cluster.operator.enabled && !operatorReady) skip('operator', 'Computing Platform connection');

    const anyRelease = cluster.relay.enabled || jumpReady || operatorReady;
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
      // The relay's Ingress names this cluster's ClusterIssuer: cert-manager in this cluster must find it here.
      const ingress = clusterIngress(config, cluster.name);
      if (ingress.letsEncrypt) {
        new LetsEncryptClusterIssuer(this, 'ClusterIssuer', {
          name: ingress.clusterIssuer,
          email: ingress.letsEncrypt.email,
          server: ingress.letsEncrypt.server,
          ingressClassName: ingress.className,
        });
      }
      const jwtPublicKey = cluster.relay.jwtPublicKey;
      if (jwtPublicKey) {
        secretSource.materialize(this, 'RelaySecret', {
          name: RELAY_SECRET_NAME,
          namespace,
          literals: { [RELAY_SECRET_KEYS.jwtPublicKey]: jwtPublicKey },
        });
      } else {
        // Synth refuses the config; no Secret with an empty key is built.
        this.node.addValidation({
          validate: () => [`${at}.relay.jwtPublicKey: ${RELAY_PUBLIC_KEY_RULE}`],
        });
      }
      new HelmChart(this, 'Relay', {
        chart: chartOf(cluster.relay, DEFAULT_CHART_NAMES.relay),
        releaseName: cluster.relay.releaseName,
        namespace,
        values: deepMerge(
          {
            application: {
              secret: { existingSecretName: RELAY_SECRET_NAME },
              ingress: {
                enabled: true,
                ingressClassName: ingress.className,
                annotations: { 'cert-manager.io/cluster-issuer': ingress.clusterIssuer },
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

    if (jumpReady) {
      secretSource.materialize(this, 'JumpSecret', {
        name: JUMP_SECRET_NAME,
        namespace,
        literals: { [JUMP_SECRET_KEYS.instanceId]: cluster.jump.instanceId!, [JUMP_SECRET_KEYS.canvasUrl]: `https://${hosts.main}` },
        secrets: {
          [JUMP_SECRET_KEYS.jwtPrivateKey]: clusterSecretRef(config, index, 'jumpJwtPrivateKey'),
          [JUMP_SECRET_KEYS.sshHostKey]: clusterSecretRef(config, index, 'jumpSshHostKey'),
        },
      });
      new HelmChart(this, 'Jump', {
        chart: chartOf(cluster.jump, DEFAULT_CHART_NAMES.jump),
        releaseName: cluster.jump.releaseName,
        namespace,
        values: deepMerge(
          { application: { secret: { jump: { existingSecretName: JUMP_SECRET_NAME } }, sshService: sshServiceValues(cluster) } },
          cluster.jump.values,
        ),
        renderer,
      });
    }

    if (operatorReady) {
      secretSource.materialize(this, 'OperatorSecret', {
        name: OPERATOR_SECRET_NAME,
        namespace,
        literals: { [OPERATOR_SECRET_KEYS.instanceId]: cluster.operator.instanceId!, [OPERATOR_SECRET_KEYS.serverUrl]: `https://${hosts.compute}` },
        secrets: { [OPERATOR_SECRET_KEYS.jwtPrivateKey]: clusterSecretRef(config, index, 'operatorJwtPrivateKey') },
      });
      // argocd: plain manifests (Argo CD cannot render the chart without Helm lookup); other modes: the chart.
      deliverOperator(this, { config, index, namespace, chart: chartOf(cluster.operator, DEFAULT_CHART_NAMES.operator), renderer });
    }
  }
}

/**
 * Limits of delivery.mode argocd: Argo CD's repo-server renders charts with `helm template` and no cluster access,
 * so Helm `lookup` returns nothing. Values overrides that would make a chart unrenderable there, or make it render
 * differently each time (a new random Secret value on every render, rolling the pods on every sync), and
 * settings that would be silently ignored, are reported here with the fix. Seen in the 2025.1-RC.875 charts.
 */
import { z } from 'zod';
import { DEFAULT_CHART_REPOSITORY, DEFAULT_CHART_VERSION } from './chart-defaults';
import { KNOWN_OPERATOR_CHARTS, OPERATOR_CHART_DEFAULTS, showValuesCommand } from './operator-defaults';
import { refuse } from './refuse';
import { ARGOCD_CLUSTER_RELEASES, DEFAULT_CHART_NAMES } from '../util/names';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Operator settings with a typed field; anything else in operator.values has no effect in argocd mode. */
export const TYPED_OPERATOR_FIELDS = [
  'image',
  'imagePullPolicy',
  'imagePullSecrets',
  'replicas',
  'resources',
  'autoscaling',
  'nodeSelector',
  'tolerations',
  'affinity',
  'podSecurityContext',
  'securityContext',
  'podAnnotations',
];

export function argocdRenderRules(config: Partial<Loose>, ctx: z.RefinementCtx): void {
  const delivery = isObject(config.delivery) ? config.delivery : {};
  if ((delivery.mode ?? 'argocd') !== 'argocd') return;

  const application = isObject(config.application) ? config.application : {};
  const values = isObject(application.values) ? application.values : {};
  if (isObject(values.operator) && values.operator.enabled === true) {
    refuse(
      ctx,
      ['application', 'values', 'operator', 'enabled'],
      true,
      'cannot be rendered by Argo CD: the bundled operator chart requires its target namespace through Helm lookup, which returns nothing in the repo-server, so every render fails; ' +
        'remove it and list the cluster under devEnvironmentClusters with operator.enabled: true (delivered as plain manifests)',
    );
  }
  const redis = isObject(values.redis) ? values.redis : {};
  const auth = isObject(redis.auth) ? redis.auth : {};
  if (redis.enabled !== false && auth.enabled === true && !auth.existingSecret && !auth.password) {
    refuse(
      ctx,
      ['application', 'values', 'redis', 'auth', 'enabled'],
      true,
      'would make Argo CD generate a new Redis password on every render (the chart keeps it only through Helm lookup), restarting the pods on every sync; ' +
        'set application.values.redis.auth.existingSecret to a Secret you create, or leave Redis auth off (chart default)',
    );
  }

  checkArgocdChartRepository(ctx, ['application', 'chart', 'repository'], application.chart);

  if (!Array.isArray(config.devEnvironmentClusters)) return; // already reported as not a list
  config.devEnvironmentClusters.forEach((cluster: unknown, index: number) => {
    if (!isObject(cluster)) return;
    // Only these charts are pulled by Argo CD.
    for (const release of ARGOCD_CLUSTER_RELEASES) {
      const r = cluster[release];
      if (isObject(r) && r.enabled === true) checkArgocdChartRepository(ctx, ['devEnvironmentClusters', index, release, 'chart', 'repository'], r.chart);
    }
    if (!isObject(cluster.operator) || cluster.operator.enabled !== true) return;
    const operator = cluster.operator;
    const at = ['devEnvironmentClusters', index, 'operator'];
    if (isObject(operator.values) && Object.keys(operator.values).length > 0) {
      refuse(
        ctx,
        [...at, 'values'],
        operator.values,
        `would be ignored (${Object.keys(operator.values).sort().join(', ')}): in delivery.mode argocd the operator is delivered as plain manifests, not its chart (Argo CD cannot render it: it needs Helm lookup); ` +
          `use the typed operator fields (${TYPED_OPERATOR_FIELDS.join(', ')}) instead`,
      );
    }
    const chart = isObject(operator.chart) ? operator.chart : {};
    const version = typeof chart.version === 'string' ? chart.version : DEFAULT_CHART_VERSION;
    if (operator.image === undefined && !OPERATOR_CHART_DEFAULTS[version]) {
      const repository = typeof chart.repository === 'string' ? chart.repository : DEFAULT_CHART_REPOSITORY;
      const name = typeof chart.name === 'string' ? chart.name : DEFAULT_CHART_NAMES.operator;
      refuse(
        ctx,
        [...at, 'image'],
        undefined,
        `is required in delivery.mode argocd for operator chart version ${version}: this project knows the operator image only for ${KNOWN_OPERATOR_CHARTS}; ` +
          `read image.registry, image.repository and image.tag from \`${showValuesCommand(repository, name, version)}\` and set image: <registry>/<repository>:<tag>`,
      );
    }
  });
}

/** An IPv4 host followed by a port, right after oci:// (OCI_URL admits no IPv6 literal). */
const OCI_IP_WITH_PORT = /^oci:\/\/\d{1,3}(?:\.\d{1,3}){3}:\d+\//;

/**
 * Argo CD 2.14's repo-server strips `oci://` and hands `helm pull` a scheme-less `IP:port/path`, which Helm refuses
 * ("invalid chart URL format"); a host name with a port, or an IP without one, is pulled. Measured with the real
 * repo-server (GITOPS-FACTS.md).
 */
function checkArgocdChartRepository(ctx: z.RefinementCtx, at: (string | number)[], chart: unknown): void {
  const repository = isObject(chart) ? chart.repository : undefined;
  if (typeof repository !== 'string' || !OCI_IP_WITH_PORT.test(repository)) return;
  refuse(
    ctx,
    at,
    repository,
    'cannot be pulled by Argo CD: its repo-server passes an IP address with a port to helm pull without the oci:// scheme, and Helm refuses it as an invalid chart URL; ' +
      'use a DNS name for the registry (host:port works), or the IP address on the default port 443',
  );
}

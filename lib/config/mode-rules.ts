/**
 * Settings the chosen delivery.mode never reads, refused so that none is silently ignored: the Argo CD settings
 * (delivery.argocd, a cluster's argocdDestinationServer) outside delivery.mode argocd, the Flux settings
 * (delivery.flux, gitops.flux) outside delivery.mode flux, gitops.argocd under delivery.mode flux, and an operator pod count next to the autoscaler that
 * owns it. A setting with a default counts as set when it differs from that default, so a config whose defaults
 * are already applied (a ResolvedConfig passed to the library) is judged like the file it came from. gitops as a
 * whole outside argocd and flux, and a secret source's settings under another source (the keys command still reads
 * them while switching sources), are warnings of the installation instead (CodeCanvasInstallation.warnings).
 */
import { z } from 'zod';
import { refuse } from './refuse';
import { ARGOCD_DEFAULTS, FLUX_DEFAULT_INTERVAL } from '../util/names';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The defaults of delivery.argocd, delivery.flux and gitops.flux (as in schema.ts). */
export const MODE_SETTING_DEFAULTS = {
  argocd: ARGOCD_DEFAULTS,
  flux: { interval: FLUX_DEFAULT_INTERVAL },
  gitopsFlux: { namespace: 'flux-system', dependsOn: [] as string[] },
};

/**
 * The fields of `section` that are set: present and, where a default exists, different from it. A field given as
 * undefined is not set: the schema has put its default there by now, or it has none (both stringify to undefined).
 */
function setFields(section: unknown, defaults: Loose): string[] {
  if (!isObject(section)) return [];
  return Object.keys(section).filter((key) => JSON.stringify(section[key]) !== JSON.stringify(defaults[key]));
}

export function unusedSettingRules(config: Partial<Loose>, ctx: z.RefinementCtx): void {
  const delivery = isObject(config.delivery) ? config.delivery : {};
  const mode = typeof delivery.mode === 'string' ? delivery.mode : 'argocd';
  // Stryker disable next-line ArrayDeclaration: a list of anything but mappings is skipped as the empty list is
  const clusters: unknown[] = Array.isArray(config.devEnvironmentClusters) ? config.devEnvironmentClusters : [];
  const notRead = (tool: string, what: string) =>
    `is read only with delivery.mode ${tool} (${what}); delivery.mode ${mode} never reads it: remove it, or set delivery.mode ${tool}`;

  if (mode !== 'argocd') {
    for (const key of setFields(delivery.argocd, MODE_SETTING_DEFAULTS.argocd)) {
      refuse(ctx, ['delivery', 'argocd', key], delivery.argocd[key], notRead('argocd', 'the Argo CD Applications'));
    }
    clusters.forEach((cluster, index) => {
      if (isObject(cluster) && cluster.argocdDestinationServer !== undefined) {
        refuse(ctx, ['devEnvironmentClusters', index, 'argocdDestinationServer'], cluster.argocdDestinationServer, notRead('argocd', 'a hub Argo CD deploys this cluster'));
      }
    });
  }
  if (mode !== 'flux') {
    for (const key of setFields(delivery.flux, MODE_SETTING_DEFAULTS.flux)) {
      refuse(ctx, ['delivery', 'flux', key], delivery.flux[key], notRead('flux', 'the Flux HelmReleases'));
    }
  }
  // Outside argocd and flux the whole gitops section is unused, which the installation warns about.
  const gitops = isObject(config.gitops) ? config.gitops : undefined;
  if (mode === 'argocd' && gitops) {
    for (const key of setFields(gitops.flux, MODE_SETTING_DEFAULTS.gitopsFlux)) {
      refuse(ctx, ['gitops', 'flux', key], gitops.flux[key], notRead('flux', 'the Flux bootstrap; the Argo CD bootstrap has no such setting'));
    }
  }
  if (mode === 'flux' && gitops) {
    for (const key of setFields(gitops.argocd, {})) {
      refuse(ctx, ['gitops', 'argocd', key], gitops.argocd[key], notRead('argocd', 'the Argo CD bootstrap; the Flux bootstrap has no such setting'));
    }
  }
  clusters.forEach((cluster, index) => {
    const operator = isObject(cluster) && isObject(cluster.operator) ? cluster.operator : undefined;
    if (operator?.enabled === true && operator.replicas !== undefined && operator.autoscaling !== undefined) {
      refuse(
        ctx,
        ['devEnvironmentClusters', index, 'operator', 'replicas'],
        operator.replicas,
        'would be ignored: with operator.autoscaling the HorizontalPodAutoscaler sets the pod count (between minReplicas and maxReplicas); remove replicas, or remove autoscaling',
      );
    }
  });
}

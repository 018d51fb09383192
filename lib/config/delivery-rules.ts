/**
 * Cross-field rules that only the built output used to reveal: a relay without its public key, the admin password
 * where the delivery mode can only carry it in plain text, operator settings the operator chart cannot take, an
 * autoscaler whose minimum is above its maximum, and two Argo CD Applications with one name. They run on the input
 * as written, next to the schema, so a config with several of these problems (and any other) gets every one in one
 * report; the keys command and preflight leave them out (keys writes the relay's key). The charts keep
 * their own checks for library users who build them from a hand-made config; the sentences are these.
 */
import type { z } from 'zod';
import { splitImageRef } from '../util/image';
import { ENV_PLAINTEXT_REMEDY } from '../util/secret-text';
import { maxReplicasProblem, OPERATOR_AUTOSCALING_DEFAULTS } from '../util/rules';
import { APPLICATION_CLUSTER, ARGOCD_CLUSTER_RELEASES, BOOTSTRAP_FOLDER, bootstrapObjectName, clusterReleaseApplicationName, DEFAULT_CHART_NAMES } from '../util/names';
import { formatPath } from './errors';
import { refuse } from './refuse';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Path = (string | number)[];

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

export const RELAY_PUBLIC_KEY_RULE = 'is required when the relay is enabled (generate it with the keys command)';

/** Why `mode` cannot take `localAdministrator.setPassword: true` with this secret source, or undefined. */
export function adminPasswordRule(mode: string, source: string, allowPlaintext: boolean): string | undefined {
  if (mode === 'flux') return undefined;
  if (source === 'keyVault') {
    return (
      `cannot be used with delivery.mode ${mode} and secrets.source keyVault: ${mode} can only pass the admin password inside the chart values, which cannot come from Key Vault; ` +
      'use delivery.mode flux (valuesFrom a Secret), or set setPassword: false and let the CodeCanvas application generate a password at its first start'
    );
  }
  if (allowPlaintext) return undefined;
  return (
    `would make delivery.mode ${mode} write the admin password in plain text into the chart values; ` +
    'set secrets.allowPlaintextSecrets: true to accept that, use delivery.mode flux (valuesFrom a Secret), or set setPassword: false'
  );
}

/** secrets.source env always writes secret values (the database password at least) into plain Secrets. */
export const ENV_PLAINTEXT_RULE =
  'must be true with secrets.source env, which writes the secret values (the database password, the master secret, the cluster keys) in plain text into Secrets of the output; ' +
  ENV_PLAINTEXT_REMEDY;

export const operatorImageTagRule = (mode: string) => `needs a tag in delivery.mode ${mode} (the operator chart builds registry/repository:tag)`;

export const operatorAutoscalingRule = (mode: string) =>
  `cannot be used with delivery.mode ${mode}: it installs the operator chart, whose HorizontalPodAutoscaler is autoscaling/v2beta1 (removed in Kubernetes 1.25); ` +
  'remove autoscaling and set replicas, or use delivery.mode argocd (plain manifests with autoscaling/v2)';

export function deliveryRules(config: Partial<Loose>, ctx: z.RefinementCtx): void {
  const delivery = isObject(config.delivery) ? config.delivery : {};
  const mode = typeof delivery.mode === 'string' ? delivery.mode : 'argocd';
  const secrets = isObject(config.secrets) ? config.secrets : {};
  const source = typeof secrets.source === 'string' ? secrets.source : 'keyVault';
  if (source === 'env' && secrets.allowPlaintextSecrets !== true) refuse(ctx, ['secrets', 'allowPlaintextSecrets'], secrets.allowPlaintextSecrets, ENV_PLAINTEXT_RULE);
  const admin = isObject(config.localAdministrator) ? config.localAdministrator : {};
  if (admin.setPassword === true) {
    const rule = adminPasswordRule(mode, source, secrets.allowPlaintextSecrets === true);
    if (rule) refuse(ctx, ['localAdministrator', 'setPassword'], true, rule);
  }
  // Stryker disable next-line ArrayDeclaration: a list of anything but mappings is skipped as the empty list is
  const clusters: unknown[] = Array.isArray(config.devEnvironmentClusters) ? config.devEnvironmentClusters : [];
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster)) return;
    const at: Path = ['devEnvironmentClusters', index];
    const relay = isObject(cluster.relay) ? cluster.relay : {};
    if (relay.enabled === true && relay.jwtPublicKey === undefined) refuse(ctx, [...at, 'relay', 'jwtPublicKey'], undefined, RELAY_PUBLIC_KEY_RULE);
    const operator = isObject(cluster.operator) ? cluster.operator : {};
    const autoscaling = isObject(operator.autoscaling) ? operator.autoscaling : {};
    const min = autoscaling.minReplicas ?? OPERATOR_AUTOSCALING_DEFAULTS.minReplicas;
    const max = autoscaling.maxReplicas ?? OPERATOR_AUTOSCALING_DEFAULTS.maxReplicas;
    const problem = maxReplicasProblem(min, max);
    if (problem) {
      refuse(ctx, [...at, 'operator', 'autoscaling', 'maxReplicas'], autoscaling.maxReplicas, `${problem}; maxReplicas is ${OPERATOR_AUTOSCALING_DEFAULTS.maxReplicas} when not set`);
    }
    if (mode === 'argocd' || operator.enabled !== true) return;
    if (typeof operator.image === 'string' && operator.image.includes('@') && !splitImageRef(operator.image).tag) {
      refuse(ctx, [...at, 'operator', 'image'], operator.image, operatorImageTagRule(mode));
    }
    if (operator.autoscaling !== undefined) refuse(ctx, [...at, 'operator', 'autoscaling'], operator.autoscaling, operatorAutoscalingRule(mode));
  });
  if (mode === 'argocd') applicationNameRules(config, clusters, ctx);
}

/**
 * Two Argo CD Applications with one name in one Argo CD would overwrite each other. The hub (the application
 * cluster's Argo CD) holds the application's release, the releases of every dev cluster registered in it
 * (argocdDestinationServer) as <cluster>-<release>, and with gitops the bootstrap's Applications; every other dev
 * cluster's own Argo CD holds its releases and its bootstrap. Each name is reported with the fields it comes from.
 */
function applicationNameRules(config: Partial<Loose>, clusters: unknown[], ctx: z.RefinementCtx): void {
  const gitops = config.gitops !== undefined && config.gitops !== null;
  const application = isObject(config.application) ? config.application : {};
  /** Argo CD instance -> Application name -> where it comes from (a field path and how the name is made). */
  const instances = new Map<string, Map<string, { path: Path; value: unknown; origin: string }>>();
  const add = (instance: string, name: string, path: Path, value: unknown, origin: string) => {
    const names = instances.get(instance) ?? new Map();
    instances.set(instance, names);
    const first = names.get(name);
    if (first) {
      refuse(ctx, path, value, `makes the Argo CD Application name ${JSON.stringify(name)} (${origin}), which ${first.origin} already has (${formatPath(first.path)}): Applications of one Argo CD need different names; rename one of them`);
    } else names.set(name, { path, value, origin });
  };
  // Stryker disable next-line StringLiteral: the hub's key in the map of Argo CD instances, never shown
  const hub = 'the application cluster';
  // The fixed names first, so that a collision is reported at the field the user chose.
  if (gitops) {
    add(hub, bootstrapObjectName(BOOTSTRAP_FOLDER), ['gitops'], undefined, 'the bootstrap');
    add(hub, bootstrapObjectName(APPLICATION_CLUSTER), ['gitops'], undefined, 'the application cluster folder');
  }
  const applicationRelease = DEFAULT_CHART_NAMES.application;
  // Stryker disable next-line ConditionalExpression: a releaseName that is not text (the schema refuses it) kept as the key clashes with nothing, as the default "codecanvas" clashes with nothing: every other name of the hub has a "-" (codecanvas-<folder>, <cluster>-<release>)
  add(hub, typeof application.releaseName === 'string' ? application.releaseName : applicationRelease, ['application', 'releaseName'], application.releaseName ?? applicationRelease, 'the application release');
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster) || typeof cluster.name !== 'string') return;
    const instance = cluster.argocdDestinationServer ? hub : `cluster ${cluster.name}`;
    if (gitops) {
      if (instance !== hub) add(instance, bootstrapObjectName(BOOTSTRAP_FOLDER), ['gitops'], undefined, 'the bootstrap');
      add(instance, bootstrapObjectName(cluster.name), ['devEnvironmentClusters', index, 'name'], cluster.name, `the folder of cluster ${cluster.name}`);
    }
    for (const release of ARGOCD_CLUSTER_RELEASES) {
      const r = isObject(cluster[release]) ? cluster[release] : {};
      if (r.enabled !== true) continue;
      const releaseName = typeof r.releaseName === 'string' ? r.releaseName : DEFAULT_CHART_NAMES[release];
      const path: Path = r.releaseName === undefined ? ['devEnvironmentClusters', index, 'name'] : ['devEnvironmentClusters', index, release, 'releaseName'];
      add(instance, clusterReleaseApplicationName(cluster.name, releaseName), path, r.releaseName ?? cluster.name, `the ${release} of cluster ${cluster.name}`);
    }
  });
}


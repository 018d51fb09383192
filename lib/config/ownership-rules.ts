/**
 * One owner per object, and none of the cluster's own: namespaces Kubernetes or the GitOps controller live in are
 * refused as CodeCanvas namespaces (the output declares its namespaces as Namespace objects, synced with prune),
 * and a name the config gives must not be a name another writer already uses: a Secret or ServiceAccount the
 * charts create, a cluster-scoped object another cluster folder writes to the same API server, or a Key Vault
 * secret (environment variable) another secret is read from. Each refusal names both fields.
 */
import { z } from 'zod';
import {
  clusterSecretKey,
  ClusterSecretName,
  codecanvasAppName,
  DEFAULT_CHART_NAMES,
  DEFAULT_KEY_VAULT_SERVICE_ACCOUNT,
  DEFAULT_KEY_VAULT_STORE_NAME,
  DEFAULT_SECRET_KEYS,
  GENERATED_KEYS_SECRET_NAME,
  helmFullname,
  OPERATOR_CHART_NAME,
  SecretName,
  trunc63,
} from '../util/names';
import { formatPath } from './errors';
import { inheritIngress } from './ingress-inheritance';
import { MODE_SETTING_DEFAULTS } from './mode-rules';
import { refuse } from './refuse';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Path = (string | number)[];

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown, fallback: string): string => (typeof x === 'string' ? x : fallback);

/** Namespaces that Kubernetes creates and needs; `kube-` is reserved for more of them. */
export const KUBERNETES_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

const clusterAt = (index: number, ...rest: Path): Path => ['devEnvironmentClusters', index, ...rest];

export function ownershipRules(config: Partial<Loose>, clusters: Loose[], source: string, ctx: z.RefinementCtx): void {
  namespaceRules(config, clusters, source, ctx);
  if (source === 'keyVault') serviceAccountRules(config, clusters, ctx);
  chartSecretRules(config, ctx);
  sameApiServerRules(config, clusters, source, ctx);
  sourceKeyRules(config, clusters, source, ctx);
  releaseNameRules(config, clusters, ctx);
}

/** Why `namespace` belongs to the cluster or its GitOps controller, or undefined. */
function foreignNamespace(config: Partial<Loose>, source: string, namespace: string): string | undefined {
  if ((KUBERNETES_NAMESPACES as readonly string[]).includes(namespace) || namespace.startsWith('kube-')) {
    return `is a namespace of Kubernetes itself (${KUBERNETES_NAMESPACES.join(', ')} and every kube-* name)`;
  }
  const delivery = isObject(config.delivery) ? config.delivery : {};
  const argocd = text(isObject(delivery.argocd) ? delivery.argocd.namespace : undefined, MODE_SETTING_DEFAULTS.argocd.namespace);
  if (namespace === argocd) return `is Argo CD's namespace (delivery.argocd.namespace, "${argocd}")`;
  const gitops = isObject(config.gitops) ? config.gitops : {};
  const flux = text(isObject(gitops.flux) ? gitops.flux.namespace : undefined, MODE_SETTING_DEFAULTS.gitopsFlux.namespace);
  if (namespace === flux) return `is the Flux controllers' namespace (gitops.flux.namespace, "${flux}")`;
  const secrets = isObject(config.secrets) ? config.secrets : {};
  if (source === 'sealedSecrets' && isObject(secrets.sealedSecrets) && namespace === secrets.sealedSecrets.controllerNamespace) {
    return `is the Sealed Secrets controller's namespace (secrets.sealedSecrets.controllerNamespace, "${namespace}")`;
  }
  return undefined;
}

function namespaceRules(config: Partial<Loose>, clusters: Loose[], source: string, ctx: z.RefinementCtx): void {
  const fields: [Path, unknown][] = [[['namespace'], config.namespace]];
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster)) return;
    fields.push([clusterAt(index, 'namespace'), cluster.namespace], [clusterAt(index, 'systemNamespace'), cluster.systemNamespace]);
  });
  for (const [path, namespace] of fields) {
    if (typeof namespace !== 'string') continue;
    const owner = foreignNamespace(config, source, namespace);
    if (!owner) continue;
    refuse(
      ctx,
      path,
      namespace,
      `${owner}: the output declares its namespaces as Namespace objects, synced with prune, so removing or renaming the installation would delete that namespace with everything in it; choose a namespace of CodeCanvas's own`,
    );
  }
}

/** `application.serviceAccount.name` in a release's chart values, when it is text (the callers take "" as none). */
function releaseServiceAccountValue(values: Loose): string | undefined {
  const own = isObject(values.application) && isObject(values.application.serviceAccount) ? values.application.serviceAccount.name : undefined;
  return typeof own === 'string' ? own : undefined;
}

/** The ServiceAccount a relay or jump chart creates: `application.serviceAccount.name` in its values, else its fullname. */
function releaseServiceAccount(release: Loose, defaultChart: string): string {
  const values = isObject(release.values) ? release.values : {};
  const own = releaseServiceAccountValue(values);
  if (own) return own;
  const chart = isObject(release.chart) ? release.chart : {};
  return helmFullname(text(release.releaseName, defaultChart), text(chart.name, defaultChart), values);
}

/**
 * The Key Vault reader ServiceAccount (ESO's login) must not be one a chart (or the operator's plain manifests)
 * creates in the same namespace.
 */
function serviceAccountRules(config: Partial<Loose>, clusters: Loose[], ctx: z.RefinementCtx): void {
  const keyVault = isObject(config.secrets) && isObject(config.secrets.keyVault) ? config.secrets.keyVault : undefined;
  if (!keyVault) return;
  const reader = text(keyVault.serviceAccountName, DEFAULT_KEY_VAULT_SERVICE_ACCOUNT);
  const at = ['secrets', 'keyVault', 'serviceAccountName'];
  const clash = (owner: string) =>
    refuse(
      ctx,
      at,
      reader,
      `is also ${owner}: one ServiceAccount with two owners (the chart and the Key Vault SecretStore would each rewrite its annotations and labels on every sync, and deleting one deletes the other's login); choose another name`,
    );
  // The chart values may rename the application's ServiceAccount (they are merged over the generated ones).
  const application = isObject(config.application) ? config.application : {};
  const renamed = isObject(application.values) ? releaseServiceAccountValue(application.values) : undefined;
  const workload = isObject(config.workloadIdentity) ? config.workloadIdentity.serviceAccountName : undefined;
  const [chartAccount, field] = renamed ? [renamed, 'application.values.application.serviceAccount.name'] : [workload, 'workloadIdentity.serviceAccountName'];
  if (reader === chartAccount) clash(`${field}, the ServiceAccount the application chart creates in the application namespace`);
  const mode = text(isObject(config.delivery) ? config.delivery.mode : undefined, 'argocd');
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster)) return;
    for (const release of ['relay', 'jump'] as const) {
      const r = cluster[release];
      if (!isObject(r) || r.enabled !== true) continue;
      if (releaseServiceAccount(r, DEFAULT_CHART_NAMES[release]) === reader) {
        clash(`the ServiceAccount the ${release} chart creates in ${formatPath(clusterAt(index, 'systemNamespace'))} (named after ${formatPath(clusterAt(index, release, 'releaseName'))})`);
      }
    }
    const operator = cluster.operator;
    if (isObject(operator) && operator.enabled === true) {
      const { name, from } = operatorServiceAccount(cluster, index, mode);
      if (name === reader) {
        clash(`the ServiceAccount of ${formatPath(clusterAt(index, 'operator'))} ("${name}", ${from}) in ${formatPath(clusterAt(index, 'systemNamespace'))}`);
      }
    }
  });
}

/**
 * The ServiceAccount the operator of a dev cluster runs as, `<fullname>-service-account`, and the fields its name
 * comes from. The operator chart's fullname is `fullnameOverride`, else `<nameOverride or chart name>-<target
 * namespace>` (not the release name, as the other charts); the plain manifests of delivery.mode argocd use the
 * chart's default (its values do not apply there).
 */
function operatorServiceAccount(cluster: Loose, index: number, mode: string): { name: string; from: string } {
  const operator: Loose = cluster.operator;
  const values = mode !== 'argocd' && isObject(operator.values) ? operator.values : {};
  const own = isObject(values.operator) ? values.operator.targetNamespace : undefined;
  const targetNamespace = typeof own === 'string' ? own : text(cluster.namespace, 'codecanvas-devenv');
  const override = text(values.fullnameOverride, '');
  const fullname = override ? trunc63(override) : trunc63(`${text(values.nameOverride, '') || OPERATOR_CHART_NAME}-${targetNamespace}`);
  const valuesAt = formatPath(clusterAt(index, 'operator', 'values'));
  const from = override
    ? `named after ${valuesAt}.fullnameOverride`
    : `named after ${typeof own === 'string' ? `${valuesAt}.operator.targetNamespace` : formatPath(clusterAt(index, 'namespace'))}`;
  return { name: `${fullname}-service-account`, from };
}

/** The Secrets the application chart writes itself in its namespace, each with where its name comes from. */
function chartSecrets(config: Partial<Loose>): Map<string, string> {
  const application = isObject(config.application) ? config.application : {};
  const values = isObject(application.values) ? application.values : {};
  const release = text(application.releaseName, DEFAULT_CHART_NAMES.application);
  const chart = text(isObject(application.chart) ? application.chart.name : undefined, DEFAULT_CHART_NAMES.application);
  const appName = codecanvasAppName(release, chart, values);
  const from = `derived from application.releaseName "${release}"`;
  const secrets = new Map<string, string>([
    ['spaceport-app-secret', 'the Secret the application chart writes its master secret and administrator into (spaceport-app-secret)'],
    [GENERATED_KEYS_SECRET_NAME, `the Secret \`keys --format sealed\` writes (${GENERATED_KEYS_SECRET_NAME})`],
  ]);
  for (const suffix of ['envs', 'database', 'redis', 'object-storage', 'audit-object-storage']) {
    secrets.set(trunc63(`${appName}-${suffix}`), `a Secret the application chart writes (<app>-${suffix}, ${from})`);
  }
  const redis = helmFullname(release, 'redis', isObject(values.redis) ? values.redis : {});
  secrets.set(redis, `the Redis subchart's Secret (${from})`);
  secrets.set(trunc63(`${redis}-svcbind`), `the Redis subchart's service-binding Secret (${from})`);
  return secrets;
}

/** Secrets this project writes in the application namespace must not be ones the chart writes there. */
function chartSecretRules(config: Partial<Loose>, ctx: z.RefinementCtx): void {
  const taken = chartSecrets(config);
  for (const field of ['database', 'objectStorage']) {
    const section = config[field];
    const name = isObject(section) ? section.secretName : undefined;
    if (typeof name !== 'string' || !taken.has(name)) continue;
    refuse(
      ctx,
      [field, 'secretName'],
      name,
      `is also ${taken.get(name)}: one Secret with two owners (each sync would overwrite the other's keys); choose another name`,
    );
  }
}

/** `https://Host:443/` and `https://host` are one API server. */
function apiServer(url: string): string {
  // Stryker disable next-line MethodExpression: only compared with other results of this function (messages show the URL as written), so upper case would make the same pairs equal
  return url.toLowerCase().replace(/\/+$/, '').replace(/:443$/, '');
}

/** A cluster-scoped object one cluster folder writes, and the field that names it. */
interface ClusterObject {
  readonly kind: string;
  readonly name: unknown;
  readonly path: Path;
}

/** The cluster-scoped objects a dev-environment cluster's folder writes. */
function devClusterObjects(config: Partial<Loose>, cluster: Loose, index: number, store: ClusterObject | undefined): ClusterObject[] {
  const objects: ClusterObject[] = [
    { kind: 'Namespace', name: text(cluster.namespace, 'codecanvas-devenv'), path: clusterAt(index, 'namespace') },
    { kind: 'Namespace', name: text(cluster.systemNamespace, 'codecanvas-system'), path: clusterAt(index, 'systemNamespace') },
  ];
  for (const [list, kind] of [['storageClasses', 'StorageClass'], ['volumeSnapshotClasses', 'VolumeSnapshotClass']] as const) {
    // A list left out has its default (the guide's names) by now; anything else is refused by the list's own rule.
    const items: unknown = cluster[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      if (isObject(item)) objects.push({ kind, name: item.name, path: clusterAt(index, list, i, 'name') });
    });
  }
  const relay = isObject(cluster.relay) ? cluster.relay : {};
  if (relay.enabled === true && isObject(config.ingress)) {
    const own = isObject(cluster.ingress) ? cluster.ingress : {};
    const ingress = inheritIngress<unknown>(config.ingress, own);
    if (ingress.letsEncrypt) {
      objects.push({ kind: 'ClusterIssuer', name: ingress.clusterIssuer, path: own.clusterIssuer === undefined ? ['ingress', 'clusterIssuer'] : clusterAt(index, 'ingress', 'clusterIssuer') });
    }
  }
  if (store) objects.push(store);
  return objects;
}

/**
 * Two cluster folders that Argo CD deploys to one API server (a dev cluster's argocdDestinationServer, or the
 * application cluster's delivery.argocd.destinationServer) must not write the same cluster-scoped object.
 *
 * Why only these folders. The rule can compare only API servers the config names, and the config names one only
 * where a hub Argo CD deploys a folder: `delivery.argocd.destinationServer` for the application folder and
 * `argocdDestinationServer` for a dev cluster (refused in every other mode, see mode-rules.ts). Everywhere else the
 * API server is the kube context the folder is applied with, chosen outside the config when the output is applied:
 * - delivery.mode helm: `install.sh` of each folder runs `kubectl apply` and `helm upgrade --install` with the
 *   folder's context (INSTALL.md names contexts after folders, `az aks get-credentials --context <folder>`);
 * - delivery.mode k3s: `kubectl --context <folder> apply -f <folder>/` (the HelmChart objects included);
 * - delivery.mode flux: `kubectl --context <folder> apply -f bootstrap/flux/<folder>/` once, then that cluster's
 *   own Flux syncs the folder (each Flux writes only to the API server it runs in);
 * - delivery.mode argocd without a hub (no argocdDestinationServer): `bootstrap/argocd/<folder>/` applied with the
 *   folder's context, and that cluster's own Argo CD deploys to `https://kubernetes.default.svc`, its own API server
 *   (the same URL in two clusters names two API servers, so it is not compared).
 * Folder names are unique, so the contexts are distinct names; whether two of them point at one API server is
 * decided by the kubeconfig of whoever applies the output, which no config rule can read. The conflict is still
 * possible there (two dev clusters with the default namespaces on one API server would write the same Namespaces,
 * StorageClasses and, in helm, k3s and flux, the same Helm releases in `codecanvas-system`); only INSTALL.md's "one
 * folder per cluster" guards against it. Nor can preflight tell, on a cluster, which folder an existing Namespace or
 * StorageClass came from: the output labels its objects `app.kubernetes.io/part-of: codecanvas`, not by folder.
 */
function sameApiServerRules(config: Partial<Loose>, clusters: Loose[], source: string, ctx: z.RefinementCtx): void {
  const delivery = isObject(config.delivery) ? config.delivery : {};
  if (text(delivery.mode, 'argocd') !== 'argocd') return;
  const keyVault = isObject(config.secrets) && isObject(config.secrets.keyVault) ? config.secrets.keyVault : {};
  const store: ClusterObject | undefined =
    source === 'keyVault' && keyVault.storeKind === 'ClusterSecretStore'
      ? { kind: 'ClusterSecretStore', name: text(keyVault.storeName, DEFAULT_KEY_VAULT_STORE_NAME), path: ['secrets', 'keyVault', 'storeName'] }
      : undefined;
  const argocd = isObject(delivery.argocd) ? delivery.argocd : {};
  const folders: { server: string; serverPath: Path; objects: ClusterObject[] }[] = [];
  const applicationObjects: ClusterObject[] = [{ kind: 'Namespace', name: config.namespace, path: ['namespace'] }];
  if (isObject(config.ingress) && isObject(config.ingress.letsEncrypt)) {
    applicationObjects.push({ kind: 'ClusterIssuer', name: config.ingress.clusterIssuer, path: ['ingress', 'clusterIssuer'] });
  }
  if (store) applicationObjects.push(store);
  folders.push({ server: text(argocd.destinationServer, MODE_SETTING_DEFAULTS.argocd.destinationServer), serverPath: ['delivery', 'argocd', 'destinationServer'], objects: applicationObjects });
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster) || typeof cluster.argocdDestinationServer !== 'string') return;
    folders.push({ server: cluster.argocdDestinationServer, serverPath: clusterAt(index, 'argocdDestinationServer'), objects: devClusterObjects(config, cluster, index, store) });
  });
  const owners = new Map<string, { path: Path; serverPath: Path }>();
  for (const folder of folders) {
    for (const object of folder.objects) {
      if (typeof object.name !== 'string') continue;
      const key = `${apiServer(folder.server)} ${object.kind} ${object.name}`;
      const first = owners.get(key);
      if (!first) {
        owners.set(key, { path: object.path, serverPath: folder.serverPath });
        continue;
      }
      // Two folders that write one object named by one field (the top-level ingress.clusterIssuer) are reported at the later folder's API server.
      const same = formatPath(first.path) === formatPath(object.path);
      const what = same
        ? `deploys ${object.kind} ${object.name} (${formatPath(object.path)}) to the API server that ${formatPath(first.serverPath)} also deploys it to`
        : `is the ${object.kind} that ${formatPath(first.path)} also writes, and ${formatPath(folder.serverPath)} and ${formatPath(first.serverPath)} are one API server (${folder.server})`;
      refuse(
        ctx,
        same ? folder.serverPath : object.path,
        same ? folder.server : object.name,
        `${what}: a cluster-scoped object with two owners (two Argo CD Applications would sync it, and pruning one deletes it for the other); give one of them another name, or deploy the two folders to different clusters`,
      );
    }
  }
}

/**
 * Every secret is read from its own key in the secret source: two secrets from one Key Vault secret (names that
 * differ only in case are one secret: Key Vault ignores case) or one environment variable would get one value.
 */
function sourceKeyRules(config: Partial<Loose>, clusters: Loose[], source: string, ctx: z.RefinementCtx): void {
  const secrets = isObject(config.secrets) ? config.secrets : {};
  const names = isObject(secrets.names) ? secrets.names : {};
  const keyVault = source === 'keyVault';
  const objectStorage = isObject(config.objectStorage) ? config.objectStorage : {};
  const admin = isObject(config.localAdministrator) ? config.localAdministrator : {};
  const used: Record<SecretName, boolean> = {
    databasePassword: true,
    masterSecret: true,
    storageAccountKey: objectStorage.auth === 'accountKey',
    adminPassword: admin.setPassword === true,
  };
  const keys: { key: string; field: string; path?: Path }[] = [];
  for (const [name, inUse] of Object.entries(used) as [SecretName, boolean][]) {
    if (!inUse) continue;
    const given = typeof names[name] === 'string';
    keys.push({
      key: given ? names[name] : DEFAULT_SECRET_KEYS[keyVault ? 'keyVault' : 'env'][name],
      field: `secrets.names.${name}${given ? '' : ' (default)'}`,
      path: given ? ['secrets', 'names', name] : undefined,
    });
  }
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster) || typeof cluster.name !== 'string') return;
    const read: [string, ClusterSecretName][] = [['jump', 'jumpJwtPrivateKey'], ['jump', 'jumpSshHostKey'], ['operator', 'operatorJwtPrivateKey']];
    for (const [release, secret] of read) {
      if (!isObject(cluster[release]) || cluster[release].enabled !== true) continue;
      keys.push({ key: clusterSecretKey(source as 'keyVault' | 'env' | 'sealedSecrets', cluster.name, secret), field: `the ${secret} of ${formatPath(clusterAt(index, 'name'))}` });
    }
  });
  const seen = new Map<string, (typeof keys)[number]>();
  for (const entry of keys) {
    const canonical = keyVault ? entry.key.toLowerCase() : entry.key;
    const first = seen.get(canonical);
    if (!first) {
      seen.set(canonical, entry);
      continue;
    }
    const [at, other] = entry.path ? [entry, first] : [first, entry];
    if (!at.path) continue; // two derived keys never meet: cluster names are unique
    const caseNote = keyVault && first.key !== entry.key ? '; Key Vault secret names ignore case' : '';
    refuse(
      ctx,
      at.path,
      at.key,
      `is also the source key of ${other.field} ("${other.key}"${caseNote}): two secrets read from one ${keyVault ? 'Key Vault secret' : 'environment variable'} get one value; give each secret its own key`,
    );
  }
}

/**
 * Helm releases of one dev-environment cluster share its system namespace, so their names must differ (one release
 * would replace the other's objects). In delivery.mode argocd the releases are Argo CD Applications, whose names
 * the Application-name rule checks (two releases of one name are two Applications of one name there).
 */
function releaseNameRules(config: Partial<Loose>, clusters: Loose[], ctx: z.RefinementCtx): void {
  if (text(isObject(config.delivery) ? config.delivery.mode : undefined, 'argocd') === 'argocd') return;
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster)) return;
    const seen = new Map<string, Path>();
    for (const release of ['relay', 'jump', 'operator'] as const) {
      const r = cluster[release];
      if (!isObject(r) || r.enabled !== true) continue;
      const name = text(r.releaseName, DEFAULT_CHART_NAMES[release]);
      const path = clusterAt(index, release, 'releaseName');
      const first = seen.get(name);
      if (first) {
        refuse(ctx, path, name, `is also ${formatPath(first)}: two Helm releases in one namespace (${formatPath(clusterAt(index, 'systemNamespace'))}) need different names, or one replaces the other's objects`);
      } else seen.set(name, path);
    }
  });
}

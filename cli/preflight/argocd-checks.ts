/**
 * Argo CD checks beyond its CRDs and namespace: the AppProject our Applications name must exist and allow their
 * destinations and chart sources, and dev-environment clusters managed from this (hub) Argo CD must be registered
 * in it (a cluster Secret with their server URL), or their Applications never sync.
 */
import { CheckResult, fail, pass } from './check-result';
import { ArgoCdApplicationPlan } from './cluster-plan';
import { ClusterReader } from './cluster-reader';
import { ARGOCD_IN_CLUSTER_SERVER } from '../../lib/util/names';

/** Argo CD's glob patterns for project destinations and sources: `*` matches anything (`/` included). */
export function argoGlobMatch(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return false;
  if (pattern.startsWith('!')) return false; // deny patterns never allow
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

const IN_CLUSTER = ARGOCD_IN_CLUSTER_SERVER;

export async function checkAppProject(
  reader: ClusterReader,
  argocdNamespace: string,
  project: string,
  applications: readonly ArgoCdApplicationPlan[],
): Promise<CheckResult> {
  const id = 'argocd-project';
  const title = `Argo CD AppProject ${project}`;
  const found = await reader.getAppProject(argocdNamespace, project);
  if (!found) {
    return fail(
      id,
      title,
      `AppProject ${argocdNamespace}/${project} not found: Argo CD refuses to sync Applications of a project that does not exist`,
      `Create it (argocd proj create ${project}), or set delivery.argocd.project to an existing project (kubectl get appprojects -n ${argocdNamespace}).`,
    );
  }
  // Stryker disable next-line ArrayDeclaration: a placeholder entry has none of the fields looked for, like no entry.
  const destinations = found.spec?.destinations ?? [];
  // Stryker disable next-line ArrayDeclaration: a placeholder pattern matches no chart repository either.
  const sources = found.spec?.sourceRepos ?? [];
  const badDestinations = applications.filter(
    (a) => !destinations.some((d) => (argoGlobMatch(d.server, a.server) || (a.server === IN_CLUSTER && d.name === 'in-cluster')) && argoGlobMatch(d.namespace ?? '*', a.namespace)),
  );
  const badSources = [...new Set(applications.map((a) => a.repoURL))].filter((repo) => !sources.some((s) => argoGlobMatch(s, repo)));
  if (badDestinations.length === 0 && badSources.length === 0) {
    return pass(id, title, `exists and allows the destinations and chart sources of ${applications.length} Application(s)`);
  }
  const problems = [
    ...badDestinations.map((a) => `destination ${a.server} namespace ${a.namespace} (Application ${a.name})`),
    ...badSources.map((r) => `source ${r}`),
  ];
  const fixes = [
    ...[...new Map(badDestinations.map((a) => [`${a.server} ${a.namespace}`, a])).values()].map((a) => `argocd proj add-destination ${project} ${a.server} ${a.namespace}`),
    ...badSources.map((r) => `argocd proj add-source ${project} ${r}`),
  ];
  return fail(id, title, `does not allow ${problems.join('; ')}`, `${fixes.join(' && ')} (or edit spec.destinations / spec.sourceRepos of the AppProject).`);
}

export async function checkHubRegistration(
  reader: ClusterReader,
  argocdNamespace: string,
  remote: readonly { readonly cluster: string; readonly server: string }[],
): Promise<CheckResult> {
  const id = 'argocd-clusters';
  const title = 'Dev-environment clusters registered in Argo CD';
  const registered = await reader.listArgoCdClusters(argocdNamespace);
  // Stryker disable next-line StringLiteral: any text that is not a server URL matches none, like ''.
  const norm = (u: string | undefined) => (u ?? '').replace(/\/+$/, '');
  const missing = remote.filter((r) => norm(r.server) !== IN_CLUSTER && !registered.some((c) => norm(c.server) === norm(r.server)));
  if (missing.length === 0) return pass(id, title, `${remote.map((r) => `${r.cluster} (${r.server})`).join(', ')} registered`);
  return fail(
    id,
    title,
    `no cluster Secret (label argocd.argoproj.io/secret-type=cluster) in ${argocdNamespace} has server ${missing.map((m) => `${m.server} (${m.cluster})`).join(', ')}: ` +
      'their Applications cannot sync',
    `Register each cluster in this Argo CD: ${missing.map((m) => `argocd cluster add <kube-context of ${m.cluster}> --name ${m.cluster}`).join(' && ')}; ` +
      'the server URL must equal devEnvironmentClusters[].argocdDestinationServer.',
  );
}

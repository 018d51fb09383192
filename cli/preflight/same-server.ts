/**
 * One API server, one cluster folder. INSTALL.md applies each folder with `kubectl --context <folder>`, so the
 * kubeconfig names a context after every folder. When the context of another folder reaches the API server this
 * run checks, both folders would be applied to one cluster: their cluster-scoped objects (Namespaces,
 * StorageClasses, ClusterRoles, the operator's ClusterRoleBinding) and any namespaced object they share by default
 * name would have two owners, and `prune` in one folder's sync would delete the other's. The config cannot see
 * this outside argocd mode (it names no API server); the kubeconfig can.
 */
import { CheckResult, fail, pass } from './check-result';

/** The server URL as kubectl compares it: scheme and host lower-case, no trailing slash, default port dropped. */
export function normalizeServer(server: string): string {
  try {
    const url = new URL(server);
    // URL leaves out the scheme's default port (https 443, http 80): `port` is empty for it.
    const port = url.port ? `:${url.port}` : '';
    return `${url.protocol}//${url.hostname.toLowerCase()}${port}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return server.trim().replace(/\/+$/, '').toLowerCase();
  }
}

/**
 * The check: fails when a context named after another output folder reaches the same API server as the context
 * being checked. `contextServers` maps each kubeconfig context to its cluster's server URL.
 */
export function sameServerCheck(
  cluster: string,
  folders: readonly string[],
  current: { readonly context: string; readonly server: string },
  contextServers: ReadonlyMap<string, string>,
): CheckResult {
  const id = 'one-folder-per-api-server';
  const title = 'one cluster folder per API server';
  const here = normalizeServer(current.server);
  const others = folders.filter((f) => f !== cluster && f !== current.context && contextServers.has(f) && normalizeServer(contextServers.get(f)!) === here);
  if (others.length === 0) {
    const named = folders.filter((f) => f !== cluster && contextServers.has(f));
    return pass(
      id,
      title,
      named.length === 0
        ? `no context of another output folder in the kubeconfig`
        : `the contexts of the other folders (${named.join(', ')}) reach other API servers than ${current.server}`,
    );
  }
  return fail(
    id,
    title,
    `folder ${cluster} (context ${current.context}) and folder${others.length > 1 ? 's' : ''} ${others.join(', ')} (context${others.length > 1 ? 's' : ''} of the same name) reach one API server, ${current.server}: ` +
      'their cluster-scoped objects and same-named namespaced objects would have two owners, and pruning one folder would delete the other\'s',
    `give each cluster folder its own cluster (devEnvironmentClusters[].name names the folder and its context), or correct the context ${others[0]} in the kubeconfig`,
  );
}

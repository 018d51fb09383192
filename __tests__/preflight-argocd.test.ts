// preflight's Argo CD checks: the AppProject our Applications name (does it allow their destinations and chart
// sources?) and the registration of remote dev-environment clusters in the hub Argo CD, with the exact messages.
import { argoGlobMatch, checkAppProject, checkHubRegistration } from '../cli/preflight/argocd-checks';
import type { AppProjectView, ArgoCdClusterView, ClusterReader } from '../cli/preflight/cluster-reader';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const REPO = 'public.registry.jetbrains.space/p/codecanvas/release-charts';

const withProject = (spec: AppProjectView['spec'] | 'none') =>
  ({
    getAppProject: async (namespace: string, name: string) => (spec === 'none' ? undefined : { metadata: { name, namespace }, spec }),
  }) as unknown as ClusterReader;

const app = (name: string, server: string, namespace: string, repoURL = REPO) => ({ name, server, namespace, repoURL });
const base = { id: 'argocd-project', title: 'Argo CD AppProject platform' };
const FIX_TAIL = ' (or edit spec.destinations / spec.sourceRepos of the AppProject).';

describe('checkAppProject', () => {
  test('a project that does not exist', async () => {
    expect(await checkAppProject(withProject('none'), 'argocd', 'platform', [app('a', IN_CLUSTER, 'cc')])).toEqual({
      ...base,
      status: 'fail',
      detail: 'AppProject argocd/platform not found: Argo CD refuses to sync Applications of a project that does not exist',
      fix: 'Create it (argocd proj create platform), or set delivery.argocd.project to an existing project (kubectl get appprojects -n argocd).',
    });
  });

  test('allowed: in-cluster by name, a destination without namespace allows every namespace, one matching source is enough', async () => {
    const reader = withProject({
      destinations: [{ name: 'in-cluster', namespace: 'cc' }, { server: 'https://dev.example:443' }],
      sourceRepos: ['other.example/*', 'public.registry.jetbrains.space/*'],
    });
    expect(await checkAppProject(reader, 'argocd', 'platform', [app('a', IN_CLUSTER, 'cc'), app('b', 'https://dev.example:443', 'anything')])).toEqual({
      ...base,
      status: 'pass',
      detail: 'exists and allows the destinations and chart sources of 2 Application(s)',
    });
  });

  test('destinations not allowed: each Application named, one fix per destination', async () => {
    // The in-cluster name only stands for the in-cluster server, and a namespace pattern must match too.
    const reader = withProject({ destinations: [{ name: 'in-cluster', namespace: 'cc' }, { server: '*', namespace: 'cc-*' }], sourceRepos: ['*'] });
    const r = await checkAppProject(reader, 'argocd', 'platform', [
      app('a', 'https://dev.example:443', 'cc'),
      app('b', 'https://dev.example:443', 'cc'),
      app('c', IN_CLUSTER, 'other'),
      app('d', IN_CLUSTER, 'cc-dev'),
    ]);
    expect(r).toEqual({
      ...base,
      status: 'fail',
      detail:
        'does not allow destination https://dev.example:443 namespace cc (Application a); destination https://dev.example:443 namespace cc (Application b); ' +
        `destination ${IN_CLUSTER} namespace other (Application c)`,
      fix: `argocd proj add-destination platform https://dev.example:443 cc && argocd proj add-destination platform ${IN_CLUSTER} other${FIX_TAIL}`,
    });
  });

  test('sources not allowed, alone: each repository once', async () => {
    const reader = withProject({ destinations: [{ server: '*', namespace: '*' }], sourceRepos: ['other.example/*'] });
    expect(await checkAppProject(reader, 'argocd', 'platform', [app('a', IN_CLUSTER, 'cc'), app('b', IN_CLUSTER, 'cc'), app('c', IN_CLUSTER, 'cc', 'x.example/charts')])).toEqual({
      ...base,
      status: 'fail',
      detail: `does not allow source ${REPO}; source x.example/charts`,
      fix: `argocd proj add-source platform ${REPO} && argocd proj add-source platform x.example/charts${FIX_TAIL}`,
    });
  });

  test('the in-cluster name stands only for a destination named in-cluster', async () => {
    const reader = withProject({ destinations: [{ name: 'other', namespace: 'cc' }], sourceRepos: ['*'] });
    expect((await checkAppProject(reader, 'argocd', 'platform', [app('a', IN_CLUSTER, 'cc')])).status).toBe('fail');
  });

  test('a project without a spec allows nothing', async () => {
    const r = await checkAppProject(withProject(undefined), 'argocd', 'platform', [app('a', IN_CLUSTER, 'cc')]);
    expect(r.detail).toBe(`does not allow destination ${IN_CLUSTER} namespace cc (Application a); source ${REPO}`);
  });
});

test('argoGlobMatch: a deny pattern never allows, even its own text; `!` elsewhere is literal; regex characters are literal', () => {
  expect(argoGlobMatch('!x', '!x')).toBe(false);
  expect(argoGlobMatch('x!', 'x!')).toBe(true);
  expect(argoGlobMatch('a.b', 'axb')).toBe(false);
  expect(argoGlobMatch('*.example', 'https://x.example')).toBe(true);
});

describe('checkHubRegistration', () => {
  const registered = (clusters: ArgoCdClusterView[]) => ({ listArgoCdClusters: async () => clusters }) as unknown as ClusterReader;
  const hub = { id: 'argocd-clusters', title: 'Dev-environment clusters registered in Argo CD' };

  test('registered: server URLs compared without trailing slashes; the in-cluster server needs no registration', async () => {
    const r = await checkHubRegistration(registered([{ name: 'a', server: 'https://a.example//' }, { name: 'none' }]), 'argocd', [
      { cluster: 'dev-a', server: 'https://a.example' },
      { cluster: 'local', server: `${IN_CLUSTER}/` },
    ]);
    expect(r).toEqual({ ...hub, status: 'pass', detail: `dev-a (https://a.example), local (${IN_CLUSTER}/) registered` });
  });

  test('missing: each cluster named, with how to register it', async () => {
    const r = await checkHubRegistration(registered([{ name: 'a', server: 'https://a.example' }]), 'argocd', [
      { cluster: 'dev-a', server: 'https://a.example/' },
      { cluster: 'dev-b', server: 'https://b.example' },
      { cluster: 'dev-c', server: 'https://c.example' },
    ]);
    expect(r).toEqual({
      ...hub,
      status: 'fail',
      detail:
        'no cluster Secret (label argocd.argoproj.io/secret-type=cluster) in argocd has server https://b.example (dev-b), https://c.example (dev-c): their Applications cannot sync',
      fix:
        'Register each cluster in this Argo CD: argocd cluster add <kube-context of dev-b> --name dev-b && argocd cluster add <kube-context of dev-c> --name dev-c; ' +
        'the server URL must equal devEnvironmentClusters[].argocdDestinationServer.',
    });
  });
});

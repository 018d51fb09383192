/**
 * Argo CD for the gitops tier: the real repo-server and application-controller (tools/build.sh gitops) run out of
 * cluster against a test kube-apiserver, as an install's pods would in it. What an install manifest would create
 * is created here: Argo CD's CRDs (from its own module), the `argocd` namespace, its ConfigMaps and Secret, the
 * `default` AppProject (which argocd-server, not started here, creates on first start) and one cluster Secret per
 * registered remote cluster (what `argocd cluster add` writes, with the test admin token).
 *
 * Out of cluster: ARGOCD_FAKE_IN_CLUSTER=true makes the controller build https://kubernetes.default.svc from
 * $KUBECONFIG. Every listener is on 127.0.0.1 (the controller's metrics listener is patched from 0.0.0.0 by
 * tools/argocd-metrics-loopback.patch). The Git server and registry CA is trusted the way argocd-tls-certs-cm
 * does it: a file per host name in ARGOCD_TLS_DATA_PATH. The repo-server execs the helm that Argo CD pins.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cluster, freePort, get, waitFor } from '../cluster/envtest';
import { Kube, KubeObject, Rig, TOOLS, until } from './rig';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ARGOCD_NS = 'argocd';
const partOf = { 'app.kubernetes.io/part-of': 'argocd' };

export interface ArgoCd {
  kube: Kube;
  /** Applications in the argocd namespace. */
  applications(): Promise<KubeObject[]>;
  /** Asks the controller to refresh every Application (`normal` or `hard`) and waits until it did. */
  refreshAll(kind: 'normal' | 'hard'): Promise<void>;
}

/** Registers `remote` in the hub's Argo CD as a cluster Secret (server URL, bearer token, CA). */
export async function registerCluster(hub: Kube, name: string, remote: Cluster): Promise<void> {
  const caData = fs.readFileSync(path.join(remote.dir, 'certs', 'apiserver.crt')).toString('base64');
  await hub.apply([
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `cluster-${name}`, namespace: ARGOCD_NS, labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
      type: 'Opaque',
      stringData: { name, server: remote.server, config: JSON.stringify({ bearerToken: remote.token, tlsClientConfig: { insecure: false, caData } }) },
    },
  ]);
}

/** Installs Argo CD's objects into `cluster` and starts its repo-server and application-controller. */
export async function startArgoCd(rig: Rig, cluster: Cluster, redis: string, name = 'argocd'): Promise<ArgoCd> {
  const kube = new Kube(cluster);
  await kube.applyCrds(fs.readdirSync(TOOLS.argocdCrds).filter((f) => f.endsWith('-crd.yaml')).map((f) => path.join(TOOLS.argocdCrds, f)));
  const cm = (n: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: ARGOCD_NS, labels: partOf }, data });
  await kube.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ARGOCD_NS } },
    cm('argocd-cm'),
    cm('argocd-cmd-params-cm'),
    cm('argocd-rbac-cm'),
    cm('argocd-tls-certs-cm'),
    cm('argocd-ssh-known-hosts-cm'),
    cm('argocd-gpg-keys-cm'),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'argocd-secret', namespace: ARGOCD_NS, labels: partOf }, type: 'Opaque', stringData: { 'server.secretkey': randomBytes(24).toString('hex') } },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'default', namespace: ARGOCD_NS },
      spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    },
  ]);

  const home = path.join(rig.dir, name);
  const tlsData = path.join(home, 'tls');
  for (const d of ['tls', 'ssh', 'gpg', 'plugins', 'tmp']) fs.mkdirSync(path.join(home, d), { recursive: true });
  fs.copyFileSync(rig.tls.ca, path.join(tlsData, 'localhost'));
  fs.writeFileSync(path.join(home, 'ssh', 'ssh_known_hosts'), '');
  // For a repository with credentials the repo-server runs git with GIT_ASKPASS=argocd and
  // ARGOCD_BINARY_NAME=argocd-git-ask-pass, so git calls `argocd` from PATH to fetch them over
  // ARGOCD_ASK_PASS_SOCK. The `argocd` here can only be that helper: it always sets the name itself.
  const askPassDir = path.join(home, 'bin');
  fs.mkdirSync(askPassDir);
  fs.writeFileSync(path.join(askPassDir, 'argocd'), `#!/bin/sh\nARGOCD_BINARY_NAME=argocd-git-ask-pass exec '${TOOLS.argocdRepoServer}' "$@"\n`, { mode: 0o755 });
  const env: NodeJS.ProcessEnv = {
    PATH: `${TOOLS.argocdHelmDir}:${askPassDir}:${process.env.PATH}`,
    HOME: home,
    TMPDIR: path.join(home, 'tmp'),
    ARGOCD_TLS_DATA_PATH: tlsData,
    ARGOCD_SSH_DATA_PATH: path.join(home, 'ssh'),
    ARGOCD_GNUPGHOME: path.join(home, 'gpg'),
    ARGOCD_GPG_ENABLED: 'false',
    ARGOCD_PLUGINSOCKFILEPATH: path.join(home, 'plugins'),
    ARGOCD_ASK_PASS_SOCK: path.join(home, 'ask-pass.sock'),
  };

  const [repoPort, repoMetrics, ctrlMetrics] = [await freePort(), await freePort(), await freePort()];
  const repo = rig.start(`${name}-repo-server`, TOOLS.argocdRepoServer, [
    '--address', '127.0.0.1', '--port', String(repoPort),
    '--metrics-address', '127.0.0.1', '--metrics-port', String(repoMetrics),
    '--disable-tls', '--redis', redis, '--loglevel', 'info',
  ], env);
  await waitFor('argocd-repo-server', Date.now() + 60_000, [repo.p], repo.log, async () => (await get(`http://127.0.0.1:${repoMetrics}/metrics`))[0] === 200);

  const ctrl = rig.start(`${name}-application-controller`, TOOLS.argocdController, [
    '--namespace', ARGOCD_NS,
    '--repo-server', `127.0.0.1:${repoPort}`, '--repo-server-plaintext',
    '--redis', redis,
    '--metrics-port', String(ctrlMetrics),
    // Refresh from Git every 10 s (180 s by default) so the phases converge quickly; no hard resync on a timer.
    '--app-resync', '10', '--app-hard-resync', '0',
    '--status-processors', '4', '--operation-processors', '4',
    '--loglevel', 'info',
  ], { ...env, ARGOCD_FAKE_IN_CLUSTER: 'true', KUBECONFIG: cluster.kubeconfig });
  await waitFor('argocd-application-controller', Date.now() + 60_000, [ctrl.p], ctrl.log, async () => (await get(`http://127.0.0.1:${ctrlMetrics}/metrics`))[0] === 200);

  const applications = async () => kube.list(`/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NS}/applications`);
  return {
    kube,
    applications,
    async refreshAll(kind) {
      for (const a of await applications()) {
        await kube.ok('PATCH', `/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NS}/applications/${a.metadata.name}`,
          { metadata: { annotations: { 'argocd.argoproj.io/refresh': kind } } }, 'application/merge-patch+json');
      }
      // The controller removes the annotation once it refreshed the Application.
      await until(`a ${kind} refresh of every Application`, 120_000, async () => {
        const apps = await applications();
        return apps.every((a) => !a.metadata.annotations?.['argocd.argoproj.io/refresh']) ? true : undefined;
      }, rig);
    },
  };
}

/** One line per Application: name, sync, health, operation phase (for failure messages). */
export function describeApps(apps: KubeObject[]): string {
  return apps
    .map((a: Json) => {
      const bad = (a.status?.resources ?? []).filter((r: Json) => r.status !== 'Synced').map((r: Json) => `${r.kind}/${r.name}:${r.status}`);
      const cond = (a.status?.conditions ?? []).map((c: Json) => `${c.type}: ${c.message}`).join('; ');
      return `${a.metadata.name}: sync=${a.status?.sync?.status} health=${a.status?.health?.status} op=${a.status?.operationState?.phase ?? '-'} ${a.status?.operationState?.message ?? ''}${bad.length ? ` outOfSync=[${bad.join(', ')}]` : ''}${cond ? ` conditions=[${cond}]` : ''}`;
    })
    .join('\n');
}

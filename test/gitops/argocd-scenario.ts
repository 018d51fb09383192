/**
 * Argo CD scenarios of the gitops tier, through the real Argo CD repo-server and application-controller, from the
 * bootstrap that INSTALL.md tells the user to apply, over INSTALL.md's phases:
 *   phase 1: the example config without any dev cluster's jump/operator IDs is synthesized, dist/ committed to the
 *            Git server, and the commands of INSTALL.md's phase 1 that change a cluster (the repository Secret of
 *            each Argo CD, `kubectl --context <cluster> apply -f bootstrap/argocd/<cluster>/`) run as printed,
 *            against a kubeconfig whose contexts are named after the output folders as INSTALL.md says;
 *   phase 3: the IDs filled in, synthesized again, committed;
 *   day 2:   application.replicas changed, committed.
 * Every cluster of the example has its own API server: the application cluster runs the hub Argo CD; a dev cluster
 * with devEnvironmentClusters[].argocdDestinationServer (pointed at its API server) is registered in the hub as an
 * Argo CD cluster Secret (what `argocd cluster add` writes) and synced from there; any other dev cluster runs its own
 * Argo CD. With gitops.argocd.repositorySecretName the Git server is private (HTTP Basic), so only the repository
 * Secret INSTALL.md creates lets each Argo CD clone.
 * Asserted: every Application (all of them, read from the output) reaches Synced at the committed revision (the
 * chart version for a Helm source), Healthy, nothing OutOfSync, its last sync Succeeded; it STAYS Synced over two
 * normal refreshes and a hard refresh with no automatic sync after the first (this catches a source block Argo CD
 * normalizes away, which re-syncs forever); the objects of each cluster's folder are created in sync-wave order
 * (read from the API servers' audit logs); every object of a cluster's folder and of the charts its Applications
 * render is on that cluster's API server and on no other; the day-2 change converges without any Secret or any pod
 * template changing.
 *
 * The chart comes from the rig's OCI registry (the packaged chart named by CODECANVAS_CHART), Git from the rig's
 * HTTPS Git server. STAND-IN: health that needs controllers absent here (cert-manager, External Secrets Operator,
 * kubelet, an ingress controller, the cloud's load balancers) is written by test/gitops/stand-in.ts; nothing else
 * is faked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { Cluster, kubernetesVersions, sleep, startCluster } from '../cluster/envtest';
import { ArgoCd, ARGOCD_NS, describeApps, registerCluster, startArgoCd } from './argocd';
import { auditArgs, createdInOrder, waveOf } from './audit';
import { atPhase, Phase, phase1Commands, synthAndCommit as commitOutput } from './phases';
import { CHART, describeGitops, GitCredentials, GitRepo, Kube, KubeObject, kubeconfigWithContexts, Rig, ROOT, run, until } from './rig';
import { startStandIn } from './stand-in';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERSION = kubernetesVersions()[0];
/** The application cluster's folder (and kube context, audit log and Argo CD name prefix). */
const APP = 'application';
/** Argo CD's name for the cluster it runs in. */
const IN_CLUSTER = 'https://kubernetes.default.svc';
/** The private repository's credentials: test values, handed to the INSTALL.md commands as GIT_USERNAME/GIT_TOKEN. */
const GIT_CREDENTIALS: GitCredentials = { username: 'gitops-tier', password: 'gitops-tier-read-token' };

/** The scenario for `example` (a file in examples/ with delivery.mode argocd). */
export function argocdScenario(example: string): void {
  const original = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', example), 'utf8')) as Json;
  const devs: { name: string; fromHub: boolean }[] = original.devEnvironmentClusters.map((d: Json) => ({ name: d.name, fromHub: d.argocdDestinationServer !== undefined }));
  const devNames = devs.map((d) => d.name);
  const names = [APP, ...devNames];
  const privateRepo = original.gitops.argocd?.repositorySecretName !== undefined;
  const fromHub = devs.filter((d) => d.fromHub).map((d) => `${d.name} (argocdDestinationServer)`);
  const own = devs.filter((d) => !d.fromHub).map((d) => d.name);
  const title =
    `Argo CD, ${example}: the hub Argo CD syncs the application cluster${fromHub.map((d) => ` and ${d}`).join('')}` +
    (own.length ? `; ${own.join(' and ')} ${own.length > 1 ? 'run their' : 'runs its'} own Argo CD` : '');

  describeGitops(title, ['argocdRepoServer', 'argocdController', 'argocdHelmDir', 'argocdCrds', 'miniredis', 'registry', 'helm'], () => {
    let rig: Rig;
    /** Each cluster's API server, by its folder name. */
    const clusters: Record<string, { cluster: Cluster; kube: Kube }> = {};
    const kubeOf = (name: string) => clusters[name].kube;
    /** The Argo CD instances: the cluster each runs in and the output folders whose Applications it holds. */
    const argos: { argo: ArgoCd; name: string; folders: string[] }[] = [];
    let git: GitRepo;
    let chartRepo: string;
    let chartVersion: string;
    let standIn: ReturnType<typeof startStandIn> | undefined;
    let lastSeen = '';

    /** The example, pointed at the rig: phase 1 without IDs, phase 3 with them, day 2 with 3 replicas. */
    function config(phase: Phase): Json {
      const c = structuredClone(original);
      const chart = { repository: chartRepo, version: chartVersion };
      c.application = { ...c.application, chart };
      c.gitops.repoURL = git.url;
      for (const d of c.devEnvironmentClusters) {
        if (d.argocdDestinationServer !== undefined) d.argocdDestinationServer = clusters[d.name].cluster.server;
        d.relay.chart = chart;
        d.jump.chart = chart;
      }
      return atPhase(c, phase);
    }

    /** Synthesizes `phase`, commits dist/, returns the commit and the output directory. */
    function synthAndCommit(phase: Phase): { commit: string; out: string } {
      return commitOutput(rig, git, config(phase), phase, 'dist', fakeSecretEnv(devNames));
    }

    /** Every object in `<out>/<folder>/*.yaml`. */
    function objectsIn(out: string, folder: string): KubeObject[] {
      const dir = path.join(out, folder);
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .flatMap((f) => (yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject[]).filter((d) => d?.kind));
    }

    /** Names of the Applications in `folders` of the output. */
    function applicationNames(out: string, folders: string[]): string[] {
      return [...new Set(folders.flatMap((f) => objectsIn(out, f).filter((d) => d.kind === 'Application').map((d) => d.metadata.name)))].sort();
    }

    /**
     * Waits until each Argo CD holds exactly the Applications of its folders and each is Synced at its revision
     * (`commit` for a Git folder, the chart version for a Helm chart), Healthy, nothing in it OutOfSync, its last
     * sync Succeeded (an Application whose folder a commit did not change is compared at the new commit but not
     * synced again).
     */
    async function converged(out: string, commit: string): Promise<void> {
      const revisionOf = (a: Json) => (a.spec.source.chart ? a.spec.source.targetRevision : commit);
      for (const { argo, name, folders } of argos) {
        const expected = applicationNames(out, folders);
        await until(`${name}: every Application Synced and Healthy at ${commit.slice(0, 8)}`, 420_000, async () => {
          const apps = await argo.applications();
          const ok =
            JSON.stringify(apps.map((a) => a.metadata.name).sort()) === JSON.stringify(expected) &&
            apps.every(
              (a: Json) =>
                a.status?.sync?.status === 'Synced' &&
                a.status?.sync?.revision === revisionOf(a) &&
                a.status?.health?.status === 'Healthy' &&
                a.status?.operationState?.phase === 'Succeeded' &&
                (a.status?.resources ?? []).every((r: Json) => r.status === 'Synced'),
            );
          if (ok) return true;
          lastSeen = `expected ${expected.join(', ')}\n${describeApps(apps)}`;
          return undefined;
        }, rig, 2000).catch((e) => {
          throw new Error(`${(e as Error).message}\n${lastSeen}\n--- stand-in errors: ${standIn?.errors.slice(-5).join('\n')}\n--- controller log:\n${rig.log(`argocd-${name}-application-controller`)}`);
        });
      }
    }

    const refreshAll = async (kind: 'normal' | 'hard') => {
      for (const { argo } of argos) await argo.refreshAll(kind);
    };
    const allApps = async () => (await Promise.all(argos.map(async ({ argo, name }) => (await argo.applications()).map((a) => ({ ...a, metadata: { ...a.metadata, name: `${name}/${a.metadata.name}` } }))))).flat();

    beforeAll(async () => {
      rig = new Rig();
      // The CRDs of what the output uses, as INSTALL.md's prerequisites would install them (Argo CD's come with it;
      // k3s' HelmChart CRD does not load on 1.29 and no Argo CD output uses it).
      const crds = fs
        .readdirSync(path.join(ROOT, 'crds'))
        .filter((f) => f.endsWith('.yaml') && !/^(argoproj\.io|helm\.cattle)/.test(f))
        .map((f) => path.join(ROOT, 'crds', f));
      for (const name of names) {
        const cluster = await startCluster({ version: VERSION, apiserverArgs: auditArgs(rig.dir, name) });
        rig.reapCluster(cluster);
        clusters[name] = { cluster, kube: new Kube(cluster) };
        await clusters[name].kube.applyCrds(crds);
      }
      // A ClusterIssuer the platform team installed itself (ingress.letsEncrypt false: INSTALL.md says it must exist).
      for (const d of original.devEnvironmentClusters as Json[]) {
        if (d.ingress?.letsEncrypt !== false) continue;
        await kubeOf(d.name).apply([{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: d.ingress.clusterIssuer }, spec: { selfSigned: {} } }]);
      }

      chartVersion = (yaml.load(run('tar', ['-xzOf', CHART!, 'codecanvas/Chart.yaml'])) as Json).version;
      git = await rig.startGit('platform', privateRepo ? GIT_CREDENTIALS : undefined);
      chartRepo = (await rig.startRegistry(CHART!)).http;
      const hubArgo = await startArgoCd(rig, clusters[APP].cluster, await rig.startRedis(`redis-${APP}`), `argocd-${APP}`);
      argos.push({ argo: hubArgo, name: APP, folders: [`bootstrap/argocd/${APP}`, APP] });
      for (const d of devs) {
        if (d.fromHub) {
          await registerCluster(kubeOf(APP), d.name, clusters[d.name].cluster);
          argos[0].folders.push(d.name);
        } else {
          const own = await startArgoCd(rig, clusters[d.name].cluster, await rig.startRedis(`redis-${d.name}`), `argocd-${d.name}`);
          argos.push({ argo: own, name: d.name, folders: [`bootstrap/argocd/${d.name}`, d.name] });
        }
      }
      standIn = startStandIn(names.map(kubeOf));
    }, 420_000);

    afterAll(async () => {
      await standIn?.stop();
      await rig?.stop();
      for (const { cluster } of Object.values(clusters)) await cluster.stop();
    });

    let phase1: { commit: string; out: string };

    test('phase 1: the commands INSTALL.md prints for phase 1 run as printed; every Application Synced and Healthy, nothing OutOfSync', async () => {
      phase1 = synthAndCommit('phase1');
      const commands = phase1Commands(fs.readFileSync(path.join(phase1.out, 'INSTALL.md'), 'utf8'));
      // Each Argo CD's bootstrap is applied in its own cluster; a dev cluster synced from the hub gets none.
      const applies = commands.filter((c) => / apply -f bootstrap\/argocd\//.test(c));
      expect(applies).toEqual(argos.map(({ name }) => `kubectl --context ${name} apply -f bootstrap/argocd/${name}/`));
      // A private repository: the Secret with its credentials in every Argo CD, before its bootstrap.
      const secretName = original.gitops.argocd?.repositorySecretName;
      const repoSecrets = commands.filter((c) => c.includes(`-n ${ARGOCD_NS} create secret generic ${secretName} `));
      expect(repoSecrets.map((c) => c.split(' ')[2])).toEqual(privateRepo ? argos.map(({ name }) => name) : []);
      const env = {
        PATH: `${path.dirname(clusters[APP].cluster.kubectl)}:${process.env.PATH}`,
        HOME: rig.dir,
        KUBECONFIG: kubeconfigWithContexts(rig, Object.fromEntries(names.map((n) => [n, clusters[n].cluster]))),
        GIT_USERNAME: GIT_CREDENTIALS.username,
        GIT_TOKEN: GIT_CREDENTIALS.password,
      };
      for (const c of commands) run('bash', ['-c', c], { cwd: path.join(git.work, 'dist'), env });

      const expected = ['codecanvas', 'codecanvas-application', 'codecanvas-bootstrap', ...devNames.flatMap((n) => [`codecanvas-${n}`, `${n}-codecanvas-relay`])];
      expect(argos.flatMap(({ folders }) => applicationNames(phase1.out, folders))).toEqual(expect.arrayContaining(expected));
      await converged(phase1.out, phase1.commit);
    });

    test('phase 1: each cluster folder was created in sync-wave order (audit logs)', () => {
      for (const name of names) {
        const objects = objectsIn(phase1.out, name);
        const order = createdInOrder(path.join(rig.dir, `${name}-audit.log`), objects);
        expect(objects.filter((o) => !order.includes(o)).map((o) => `${name}: ${o.kind}/${o.metadata.name}`)).toEqual([]);
        const waves = order.map(waveOf);
        expect(waves).toEqual([...waves].sort((a, b) => a - b));
        expect(new Set(waves).size).toBeGreaterThan(1);
      }
    });

    test('every Application stays Synced over two refreshes and a hard refresh, with no automatic sync after the first', async () => {
      const snapshot = async () =>
        Object.fromEntries(
          (await allApps()).map((a: Json) => [a.metadata.name, { history: (a.status?.history ?? []).length, started: a.status?.operationState?.startedAt, sync: a.status?.sync?.status }]),
        );
      const before = await snapshot();
      for (const v of Object.values(before) as { history: number }[]) expect(v.history).toBe(1);
      for (const kind of ['normal', 'normal', 'hard'] as const) {
        await refreshAll(kind);
        await sleep(5000); // room for a self-heal sync to start if the live state differed from Git
        expect(describeApps((await allApps()).filter((a: Json) => a.status?.sync?.status !== 'Synced'))).toBe('');
      }
      expect(await snapshot()).toEqual(before);
      process.stdout.write(`${title}: stayed Synced over two refreshes and a hard refresh: ${Object.keys(before).sort().join(', ')}\n`);
    });

    let phase3: { commit: string; out: string };

    test('phase 3: the IDs filled in, synthesized and committed, converge (jump Applications, operator Deployments)', async () => {
      phase3 = synthAndCommit('phase3');
      await refreshAll('normal');
      expect(argos.flatMap(({ folders }) => applicationNames(phase3.out, folders))).toEqual(expect.arrayContaining(devNames.map((n) => `${n}-codecanvas-jump`)));
      await converged(phase3.out, phase3.commit);
      for (const d of original.devEnvironmentClusters as Json[]) {
        const kube = kubeOf(d.name);
        expect((await kube.request('GET', '/apis/apps/v1/namespaces/codecanvas-system/deployments/codecanvas-operator-codecanvas-devenv')).status).toBe(200);
        // Each dev cluster's Key Vault reader logs in as that cluster's own identity.
        if (d.keyVault?.clientId) {
          const reader = await kube.ok('GET', '/api/v1/namespaces/codecanvas-system/serviceaccounts/codecanvas-key-vault-reader');
          expect(reader.metadata.annotations['azure.workload.identity/client-id']).toBe(d.keyVault.clientId);
        }
      }
    });

    test("each cluster's objects (its folder's and those of the charts its Applications render) are on its API server and on no other", async () => {
      const key = (o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) =>
        `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      const expected: Record<string, Set<string>> = Object.fromEntries(names.map((n) => [n, new Set<string>()]));
      const objects = new Map<string, KubeObject>();
      const add = (cluster: string, o: KubeObject) => {
        expected[cluster].add(key(o));
        objects.set(key(o), o);
      };
      for (const n of names) for (const o of objectsIn(phase3.out, n)) add(n, o);
      // The cluster an Application is for, by its name (not by its destination, which is what is checked): a dev
      // cluster's releases are `<cluster>-<release>`, its folder's Application `codecanvas-<cluster>`; the others
      // are for the cluster of the Argo CD holding them.
      const intended = (argo: string, app: string) => devNames.find((d) => app.startsWith(`${d}-`) || app === `codecanvas-${d}`) ?? argo;
      const misdirected: string[] = [];
      for (const { argo, name } of argos) {
        for (const a of (await argo.applications()) as Json[]) {
          const server = a.spec.destination.server;
          const target = server === IN_CLUSTER ? name : names.find((n) => clusters[n].cluster.server === server);
          const cluster = intended(name, a.metadata.name);
          if (target !== cluster) misdirected.push(`${name}/${a.metadata.name} syncs to ${target ?? server}, not ${cluster}`);
          for (const r of a.status.resources ?? []) {
            add(cluster, { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, metadata: { name: r.name, namespace: r.namespace } });
          }
        }
      }
      expect(misdirected).toEqual([]);
      const exists = async (kube: Kube, o: KubeObject) => {
        let url: string;
        try {
          url = await kube.pathOf(o);
        } catch {
          return false; // the kind is not served there (Argo CD's Applications in a cluster without Argo CD)
        }
        return (await kube.request('GET', url)).status === 200;
      };
      const wrong: string[] = [];
      for (const [k, o] of objects) {
        for (const n of names) {
          const present = await exists(kubeOf(n), o);
          if (present !== expected[n].has(k)) wrong.push(`${k} ${present ? 'is also on' : 'is missing on'} ${n}`);
        }
      }
      expect(wrong).toEqual([]);
      for (const n of names) expect(expected[n].size).toBeGreaterThan(0);
      process.stdout.write(`${title}: each cluster's objects on its own API server only: ${names.map((n) => `${n} ${expected[n].size}`).join(', ')} (of ${objects.size})\n`);
    });

    test('day 2: a replicas change converges without a Secret changing or another pod template changing', async () => {
      const state = async () => {
        const out: Record<string, string> = {};
        for (const n of names) {
          const k = kubeOf(n);
          for (const s of await k.list('/api/v1/secrets')) out[`${n} Secret ${s.metadata.namespace}/${s.metadata.name}`] = JSON.stringify(s.data ?? {});
          for (const kind of ['deployments', 'statefulsets']) {
            for (const o of await k.list(`/apis/apps/v1/${kind}`)) out[`${n} ${kind} ${o.metadata.namespace}/${o.metadata.name}`] = JSON.stringify(o.spec.template);
          }
        }
        return out;
      };
      // Secrets of the argocd namespace carry Argo CD's own state (cluster connections), not the installation's.
      const installation = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.includes(` ${ARGOCD_NS}/`)));
      const before = await state();
      const replicas = async () => (await kubeOf(APP).ok('GET', '/apis/apps/v1/namespaces/codecanvas/deployments/codecanvas-app')).spec.replicas;
      expect(await replicas()).toBe(2);
      const day2 = synthAndCommit('day2');
      await refreshAll('normal');
      await converged(day2.out, day2.commit);
      expect(await replicas()).toBe(3);
      expect(installation(await state())).toEqual(installation(before));
    });

    test('every process of the scenario listens on loopback only', () => {
      const apiServers = names.flatMap((n) => clusters[n].cluster.pids.map((pid) => ({ name: `${n} etcd/kube-apiserver`, pid })));
      const listeners = rig.listeners(apiServers);
      for (const { name } of argos) {
        expect(listeners.some((l) => l.name === `argocd-${name}-application-controller`)).toBe(true);
        expect(listeners.some((l) => l.name === `argocd-${name}-repo-server`)).toBe(true);
      }
      expect(listeners.filter((l) => !l.loopback)).toEqual([]);
    });
  });
}

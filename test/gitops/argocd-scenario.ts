/**
 * Argo CD scenarios of the gitops tier, through the real Argo CD repo-server and application-controller, from the
 * bootstrap that INSTALL.md tells the user to apply, over INSTALL.md's phases:
 *   phase 1: the example config (examples/aks.yaml) without jump/operator IDs is synthesized, dist/ committed to the
 *            Git server, `kubectl apply -f bootstrap/argocd/<cluster>/` run where INSTALL.md says;
 *   phase 3: the IDs filled in, synthesized again, committed;
 *   day 2:   application.replicas changed, committed.
 * Two topologies: `hub` (the dev cluster registered in the application cluster's Argo CD and synced from there,
 * devEnvironmentClusters[].argocdDestinationServer) and `own` (each cluster runs its own Argo CD).
 * Asserted: every Application (all of them, read from the output) reaches Synced at the committed revision (the
 * chart version for a Helm source), Healthy, nothing OutOfSync, its last sync Succeeded; it STAYS Synced over two
 * normal refreshes and a hard refresh with no automatic sync after the first (this catches a source block Argo CD
 * normalizes away, which re-syncs forever); the objects of each folder are created in sync-wave order (read from
 * the API servers' audit logs); the day-2 change converges without any Secret or any pod template changing.
 *
 * The chart comes from the rig's OCI registry (the packaged chart named by CODECANVAS_CHART), Git from the rig's
 * HTTPS Git server. STAND-IN: health that needs controllers absent here (cert-manager, External Secrets Operator,
 * kubelet, an ingress controller) is written by test/gitops/stand-in.ts; nothing else is faked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { Cluster, kubernetesVersions, sleep, startCluster } from '../cluster/envtest';
import { ArgoCd, ARGOCD_NS, describeApps, registerCluster, startArgoCd } from './argocd';
import { auditArgs, createdInOrder, waveOf } from './audit';
import { atPhase, Phase, synthAndCommit as commitOutput } from './phases';
import { CHART, describeGitops, GitRepo, Kube, KubeObject, Rig, ROOT, run, until } from './rig';
import { startStandIn } from './stand-in';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERSION = kubernetesVersions()[0];
const DEV = 'dev-westeurope';

export function argocdScenario(topology: 'hub' | 'own'): void {
  const title =
    topology === 'hub'
      ? 'Argo CD: the hub syncs the application cluster and a dev cluster registered as argocdDestinationServer'
      : 'Argo CD: the application cluster and a dev cluster each run their own Argo CD';
  describeGitops(title, ['argocdRepoServer', 'argocdController', 'argocdHelmDir', 'argocdCrds', 'miniredis', 'registry', 'helm'], () => {
    let rig: Rig;
    let hub: Cluster;
    let dev: Cluster;
    let hubKube: Kube;
    let devKube: Kube;
    /** The Argo CD instances and the output folders whose Applications each one holds. */
    const argos: { argo: ArgoCd; folders: string[] }[] = [];
    let git: GitRepo;
    let chartRepo: string;
    let chartVersion: string;
    let standIn: ReturnType<typeof startStandIn> | undefined;
    let lastSeen = '';

    /** examples/aks.yaml, pointed at the rig: phase 1 without IDs, phase 3 with them, day 2 with 3 replicas. */
    function config(phase: Phase): Json {
      const c = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8')) as Json;
      const chart = { repository: chartRepo, version: chartVersion };
      c.application.chart = chart;
      c.gitops.repoURL = git.url;
      const d = c.devEnvironmentClusters[0];
      if (topology === 'hub') d.argocdDestinationServer = dev.server;
      d.relay.chart = chart;
      d.jump.chart = chart;
      return atPhase(c, phase);
    }

    /** Synthesizes `phase`, commits dist/, returns the commit and the output directory. */
    function synthAndCommit(phase: Phase): { commit: string; out: string } {
      return commitOutput(rig, git, config(phase), phase, 'dist', fakeSecretEnv([DEV]));
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
      for (const { argo, folders } of argos) {
        const names = applicationNames(out, folders);
        await until(`every Application Synced and Healthy at ${commit.slice(0, 8)}`, 420_000, async () => {
          const apps = await argo.applications();
          const ok =
            JSON.stringify(apps.map((a) => a.metadata.name).sort()) === JSON.stringify(names) &&
            apps.every(
              (a: Json) =>
                a.status?.sync?.status === 'Synced' &&
                a.status?.sync?.revision === revisionOf(a) &&
                a.status?.health?.status === 'Healthy' &&
                a.status?.operationState?.phase === 'Succeeded' &&
                (a.status?.resources ?? []).every((r: Json) => r.status === 'Synced'),
            );
          if (ok) return true;
          lastSeen = `expected ${names.join(', ')}\n${describeApps(apps)}`;
          return undefined;
        }, rig, 2000).catch((e) => {
          throw new Error(`${(e as Error).message}\n${lastSeen}\n--- stand-in errors: ${standIn?.errors.slice(-5).join('\n')}\n--- controller log:\n${rig.log('argocd-application-controller')}`);
        });
      }
    }

    const refreshAll = async (kind: 'normal' | 'hard') => {
      for (const { argo } of argos) await argo.refreshAll(kind);
    };
    const allApps = async () => (await Promise.all(argos.map(({ argo }) => argo.applications()))).flat();

    beforeAll(async () => {
      rig = new Rig();
      hub = await startCluster({ version: VERSION, apiserverArgs: auditArgs(rig.dir, 'hub') });
      rig.reapCluster(hub);
      dev = await startCluster({ version: VERSION, apiserverArgs: auditArgs(rig.dir, 'dev') });
      rig.reapCluster(dev);
      hubKube = new Kube(hub);
      devKube = new Kube(dev);
      // The CRDs of what the output uses, as INSTALL.md's prerequisites would install them (Argo CD's come with it;
      // k3s' HelmChart CRD does not load on 1.29 and no Argo CD output uses it).
      const crds = fs
        .readdirSync(path.join(ROOT, 'crds'))
        .filter((f) => f.endsWith('.yaml') && !/^(argoproj\.io|helm\.cattle)/.test(f))
        .map((f) => path.join(ROOT, 'crds', f));
      await hubKube.applyCrds(crds);
      await devKube.applyCrds(crds);

      chartVersion = (yaml.load(run('tar', ['-xzOf', CHART!, 'codecanvas/Chart.yaml'])) as Json).version;
      git = await rig.startGit();
      chartRepo = (await rig.startRegistry(CHART!)).http;
      const hubArgo = await startArgoCd(rig, hub, await rig.startRedis('redis'));
      if (topology === 'hub') {
        await registerCluster(hubKube, DEV, dev);
        argos.push({ argo: hubArgo, folders: ['bootstrap/argocd/application', 'application', DEV] });
      } else {
        argos.push({ argo: hubArgo, folders: ['bootstrap/argocd/application', 'application'] });
        argos.push({ argo: await startArgoCd(rig, dev, await rig.startRedis('redis-dev'), 'argocd-dev'), folders: [`bootstrap/argocd/${DEV}`, DEV] });
      }
      standIn = startStandIn([hubKube, devKube]);
    }, 300_000);

    afterAll(async () => {
      await standIn?.stop();
      await rig?.stop();
      await dev?.stop();
      await hub?.stop();
    });

    let phase1: { commit: string; out: string };

    test('phase 1: the bootstrap INSTALL.md names converges; every Application Synced and Healthy, nothing OutOfSync', async () => {
      phase1 = synthAndCommit('phase1');
      const guide = fs.readFileSync(path.join(phase1.out, 'INSTALL.md'), 'utf8');
      const apply: [Cluster, string][] = [[hub, 'application']];
      if (topology === 'own') apply.push([dev, DEV]);
      for (const [cluster, folder] of apply) {
        expect(guide).toContain(`apply -f bootstrap/argocd/${folder}/`);
        run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'apply', '-f', `bootstrap/argocd/${folder}/`], { cwd: path.join(git.work, 'dist') });
      }
      expect(argos.flatMap(({ folders }) => applicationNames(phase1.out, folders)).sort()).toEqual(
        expect.arrayContaining(['codecanvas', 'codecanvas-application', 'codecanvas-bootstrap', `codecanvas-${DEV}`, `${DEV}-codecanvas-relay`]),
      );
      await converged(phase1.out, phase1.commit);
      // The dev cluster's folder landed in the dev cluster, not in the hub.
      expect((await devKube.request('GET', '/api/v1/namespaces/codecanvas-system/secrets/codecanvas-relay-secret')).status).toBe(200);
      expect((await hubKube.request('GET', '/api/v1/namespaces/codecanvas-system')).status).toBe(404);
    });

    test('phase 1: each folder was created in sync-wave order (audit logs)', () => {
      for (const [folder, auditLog] of [['application', 'hub'], [DEV, 'dev']] as const) {
        const objects = objectsIn(phase1.out, folder);
        const order = createdInOrder(path.join(rig.dir, `${auditLog}-audit.log`), objects);
        expect(objects.filter((o) => !order.includes(o)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
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

    test('phase 3: the IDs filled in, synthesized and committed, converge (jump Application, operator Deployment)', async () => {
      const phase3 = synthAndCommit('phase3');
      await refreshAll('normal');
      expect(argos.flatMap(({ folders }) => applicationNames(phase3.out, folders))).toContain(`${DEV}-codecanvas-jump`);
      await converged(phase3.out, phase3.commit);
      expect((await devKube.request('GET', '/apis/apps/v1/namespaces/codecanvas-system/deployments/codecanvas-operator-codecanvas-devenv')).status).toBe(200);
    });

    test('day 2: a replicas change converges without a Secret changing or another pod template changing', async () => {
      const state = async () => {
        const out: Record<string, string> = {};
        for (const [c, k] of [['hub', hubKube], ['dev', devKube]] as const) {
          for (const s of await k.list('/api/v1/secrets')) out[`${c} Secret ${s.metadata.namespace}/${s.metadata.name}`] = JSON.stringify(s.data ?? {});
          for (const kind of ['deployments', 'statefulsets']) {
            for (const o of await k.list(`/apis/apps/v1/${kind}`)) out[`${c} ${kind} ${o.metadata.namespace}/${o.metadata.name}`] = JSON.stringify(o.spec.template);
          }
        }
        return out;
      };
      // Secrets of the argocd namespace carry Argo CD's own state (cluster connections), not the installation's.
      const installation = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.includes(` ${ARGOCD_NS}/`)));
      const before = await state();
      const replicas = async () => (await hubKube.ok('GET', '/apis/apps/v1/namespaces/codecanvas/deployments/codecanvas-app')).spec.replicas;
      expect(await replicas()).toBe(2);
      const day2 = synthAndCommit('day2');
      await refreshAll('normal');
      await converged(day2.out, day2.commit);
      expect(await replicas()).toBe(3);
      expect(installation(await state())).toEqual(installation(before));
    });

    test('every process of the scenario listens on loopback only', () => {
      const apiServers = [hub, dev].flatMap((c, i) => c.pids.map((pid) => ({ name: `${i ? 'dev' : 'hub'} etcd/kube-apiserver`, pid })));
      const listeners = rig.listeners(apiServers);
      expect(listeners.some((l) => l.name.endsWith('application-controller'))).toBe(true);
      expect(listeners.some((l) => l.name.endsWith('repo-server'))).toBe(true);
      expect(listeners.filter((l) => !l.loopback)).toEqual([]);
    });
  });
}

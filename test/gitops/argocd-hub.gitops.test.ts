/**
 * Argo CD with a dev-environment cluster synced from the hub (devEnvironmentClusters[].argocdDestinationServer),
 * through the real Argo CD repo-server and application-controller, from the bootstrap that INSTALL.md tells the user
 * to apply, over INSTALL.md's phases:
 *   phase 1: the example config (examples/aks.yaml) without jump/operator IDs is synthesized, dist/ committed to the
 *            Git server, `kubectl apply -f bootstrap/argocd/application/` run on the hub;
 *   phase 3: the IDs filled in, synthesized again, committed;
 *   day 2:   application.replicas changed, committed.
 * Asserted: every Application (all of them, read from the output) reaches Synced with its operation Succeeded at
 * the committed revision, no resource OutOfSync, Healthy; it STAYS Synced over two normal refreshes and a hard refresh
 * with no automatic sync after the first (this catches a source block Argo CD normalizes away, which re-syncs
 * forever); the objects of each folder are created in sync-wave order (read from the API servers' audit logs); the
 * day-2 change converges without any Secret changing and without any other pod template changing.
 *
 * The chart comes from the rig's OCI registry (the packaged chart named by CODECANVAS_CHART), Git from the rig's
 * HTTPS Git server. STAND-IN: health that needs controllers absent here (cert-manager, External Secrets Operator,
 * kubelet, an ingress controller) is written by test/gitops/stand-in.ts; nothing else is faked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { parseConfig } from '../../lib/config/load';
import { writeOutput } from '../../lib/output/write';
import { synthesize } from '../../lib/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { Cluster, kubernetesVersions, sleep, startCluster } from '../cluster/envtest';
import { ArgoCd, ARGOCD_NS, describeApps, registerCluster, startArgoCd } from './argocd';
import { createdInOrder, waveOf } from './audit';
import { CHART, describeGitops, GitRepo, Kube, KubeObject, Rig, ROOT, run, until } from './rig';
import { startStandIn } from './stand-in';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERSION = kubernetesVersions()[0];
const DEV = 'dev-westeurope';

describeGitops(
  'Argo CD: the hub syncs the application cluster and a dev cluster registered as argocdDestinationServer',
  ['argocdRepoServer', 'argocdController', 'argocdHelmDir', 'argocdCrds', 'miniredis', 'registry', 'helm'],
  () => {
    let rig: Rig;
    let hub: Cluster;
    let dev: Cluster;
    let hubKube: Kube;
    let devKube: Kube;
    let argo: ArgoCd;
    let git: GitRepo;
    let chartRepo: string;
    let chartVersion: string;
    let standIn: ReturnType<typeof startStandIn> | undefined;

    /** examples/aks.yaml, pointed at the rig: phase 1 without IDs, phase 3 with them, day 2 with 3 replicas. */
    function config(phase: 'phase1' | 'phase3' | 'day2'): Json {
      const c = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8')) as Json;
      const chart = { repository: chartRepo, version: chartVersion };
      c.application.chart = chart;
      c.gitops.repoURL = git.url;
      const d = c.devEnvironmentClusters[0];
      d.argocdDestinationServer = dev.server;
      d.relay.chart = chart;
      d.jump.chart = chart;
      if (phase === 'phase1') {
        delete d.jump.instanceId;
        delete d.operator.instanceId;
      }
      if (phase === 'day2') c.application.replicas = 3;
      return c;
    }

    /** Synthesizes `phase`, commits dist/, returns the commit and the output's objects by folder. */
    function synthAndCommit(phase: 'phase1' | 'phase3' | 'day2'): { commit: string; out: string } {
      const raw = config(phase);
      const loaded = { config: parseConfig(raw, `${phase}.yaml`), source: `${phase}.yaml`, baseDir: path.join(ROOT, 'examples') };
      const out = path.join(rig.dir, `out-${phase}`);
      writeOutput(out, synthesize(loaded, { env: fakeSecretEnv([DEV]) }).files);
      return { commit: git.commit(`CodeCanvas: ${phase}`, 'dist', out), out };
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

    /** Names of every Application the output holds (bootstrap and folders). */
    function applicationNames(out: string): string[] {
      const names = new Set<string>();
      const walk = (dir: string): void => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.name.endsWith('.yaml')) for (const d of yaml.loadAll(fs.readFileSync(p, 'utf8')) as Json[]) if (d?.kind === 'Application') names.add(d.metadata.name);
        }
      };
      walk(out);
      return [...names].sort();
    }

    /**
     * Waits until exactly `names` exist and each is Synced at its revision (`commit` for a Git folder, the chart
     * version for a Helm chart), Healthy, nothing in it OutOfSync, its last sync operation Succeeded (an Application
     * whose folder a commit did not change is compared at the new commit but not synced again).
     */
    async function converged(names: string[], commit: string): Promise<KubeObject[]> {
      const revisionOf = (a: Json) => (a.spec.source.chart ? a.spec.source.targetRevision : commit);
      return until(`every Application Synced and Healthy at ${commit.slice(0, 8)}`, 420_000, async () => {
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
        if (ok) return apps;
        lastSeen = describeApps(apps);
        return undefined;
      }, rig, 2000).catch((e) => {
        throw new Error(`${(e as Error).message}\n${lastSeen}\n--- standIn errors: ${standIn?.errors.slice(-5).join('\n')}\n--- controller log:\n${rig.log('argocd-application-controller')}`);
      });
    }
    let lastSeen = '';

    beforeAll(async () => {
      rig = new Rig();
      const policy = path.join(rig.dir, 'audit-policy.yaml');
      fs.writeFileSync(policy, yaml.dump({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], rules: [{ level: 'Metadata', verbs: ['create'] }, { level: 'None' }] }));
      const audit = (name: string) => [`--audit-policy-file=${policy}`, `--audit-log-path=${path.join(rig.dir, `${name}-audit.log`)}`];
      hub = await startCluster({ version: VERSION, apiserverArgs: audit('hub') });
      dev = await startCluster({ version: VERSION, apiserverArgs: audit('dev') });
      for (const pid of [...hub.pids, ...dev.pids]) rig.reap(pid);
      hubKube = new Kube(hub);
      devKube = new Kube(dev);
      // The CRDs of what the output uses, as the prerequisites of INSTALL.md would install them (Argo CD's own come with it).
      const crds = fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml') && !/^(argoproj\.io|helm\.cattle)/.test(f)).map((f) => path.join(ROOT, 'crds', f));
      await hubKube.applyCrds(crds);
      await devKube.applyCrds(crds);

      chartVersion = (yaml.load(run('tar', ['-xzOf', CHART!, 'codecanvas/Chart.yaml'])) as Json).version;
      git = await rig.startGit();
      chartRepo = (await rig.startRegistry(CHART!)).http;
      const redis = await rig.startRedis();
      argo = await startArgoCd(rig, hub, redis);
      await registerCluster(hubKube, DEV, dev);
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
      expect(guide).toContain('kubectl apply -f bootstrap/argocd/application/');
      run(hub.kubectl, ['--kubeconfig', hub.kubeconfig, 'apply', '-f', 'bootstrap/argocd/application/'], { cwd: path.join(git.work, 'dist') });
      const names = applicationNames(phase1.out);
      expect(names).toEqual(expect.arrayContaining(['codecanvas', 'codecanvas-application', 'codecanvas-bootstrap', `codecanvas-${DEV}`, `${DEV}-codecanvas-relay`]));
      await converged(names, phase1.commit);
      // The dev cluster's folder landed in the dev cluster, not in the hub.
      expect((await devKube.request('GET', '/api/v1/namespaces/codecanvas-system/secrets/codecanvas-relay-secret')).status).toBe(200);
      expect((await hubKube.request('GET', '/api/v1/namespaces/codecanvas-system')).status).toBe(404);
    });

    test('phase 1: each folder was created in sync-wave order (audit logs)', () => {
      for (const [folder, auditLog] of [['application', 'hub'], [DEV, 'dev']] as const) {
        const objects = objectsIn(phase1.out, folder);
        const order = createdInOrder(path.join(rig.dir, `${auditLog}-audit.log`), objects);
        const missing = objects.filter((o) => !order.some((x) => x === o));
        expect(missing.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
        const waves = order.map(waveOf);
        expect(waves).toEqual([...waves].sort((a, b) => a - b));
        expect(new Set(waves).size).toBeGreaterThan(1);
      }
    });

    test('every Application stays Synced over two refreshes and a hard refresh, with no automatic sync after the first', async () => {
      const snapshot = async () =>
        Object.fromEntries(
          (await argo.applications()).map((a: Json) => [a.metadata.name, { history: (a.status?.history ?? []).length, started: a.status?.operationState?.startedAt, sync: a.status?.sync?.status }]),
        );
      const before = await snapshot();
      for (const v of Object.values(before) as { history: number }[]) expect(v.history).toBe(1);
      for (const kind of ['normal', 'normal', 'hard'] as const) {
        await argo.refreshAll(kind);
        await sleep(5000); // room for a self-heal sync to start if the live state differed from Git
        const apps = await argo.applications();
        expect(describeApps(apps.filter((a: Json) => a.status?.sync?.status !== 'Synced'))).toBe('');
      }
      expect(await snapshot()).toEqual(before);
    });

    test('phase 3: the IDs filled in, synthesized and committed, converge (jump Application, operator Deployment)', async () => {
      const phase3 = synthAndCommit('phase3');
      await argo.refreshAll('normal');
      const names = applicationNames(phase3.out);
      expect(names).toContain(`${DEV}-codecanvas-jump`);
      await converged(names, phase3.commit);
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
      const before = await state();
      const replicas = async () => (await hubKube.ok('GET', '/apis/apps/v1/namespaces/codecanvas/deployments/codecanvas-app')).spec.replicas;
      expect(await replicas()).toBe(2);
      const day2 = synthAndCommit('day2');
      await argo.refreshAll('normal');
      await converged(applicationNames(day2.out), day2.commit);
      expect(await replicas()).toBe(3);
      const after = await state();
      // Secrets of the argocd namespace carry Argo CD's own state (cluster connection cache), not the installation's.
      const mine = (k: string) => !k.includes(` ${ARGOCD_NS}/`);
      expect(Object.fromEntries(Object.entries(after).filter(([k]) => mine(k)))).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => mine(k))));
    });
  },
);

/**
 * Flux + Sealed Secrets on three clusters (examples/flux-sealed-secrets.yaml with a second dev-environment cluster:
 * the application cluster, dev-northeurope and dev-westus) through the real Flux source-controller,
 * kustomize-controller and helm-controller and the real sealed-secrets controller, one set per cluster, each
 * against its own API server, from the bootstrap INSTALL.md tells the user to apply (the `kubectl --context
 * <cluster> apply -f bootstrap/flux/<cluster>/` lines of its phase 1, run as printed against a kubeconfig whose
 * contexts are named after the output folders, after the Git credentials Secret it names in every cluster: the
 * repository is private, HTTP Basic), over INSTALL.md's phases:
 *   phase 1: the config without the dev clusters' jump/operator instance IDs (synth leaves those releases out) is
 *            synthesized, committed and bootstrapped;
 *   phase 3: the IDs filled in, synthesized again with the same CODECANVAS_SEALING_KEY, committed;
 *   day 2:   application.replicas changed, synthesized, committed.
 * Asserted: in phase 1 every Kustomization, GitRepository and OCIRepository Ready; the releases layer applied after
 * the prerequisites layer (kube-apiserver audit logs); the sealed-secrets controller unseals every SealedSecret into
 * the original values; every HelmRelease installs (Ready) and creates its objects. In phase 3 the new commit is
 * applied, the jump and operator HelmReleases are Ready and their SealedSecrets unsealed. On day 2 the change
 * converges (Deployment scaled) with no SealedSecret and no unsealed or other Secret changed (data and
 * resourceVersion; Helm's release records aside) and no pod template changed, except the app's `checksum/envs`
 * annotation, which the chart gets wrong at install and Helm's first upgrade corrects (the day-2 test says why).
 * Last, a second reconcile of every Kustomization and HelmRelease changes nothing (no new Helm release revision,
 * no object changed).
 *
 * Every cluster has its own sealing key pair, made for the run: the application cluster's certificate is
 * secrets.sealedSecrets.certificateFile, each dev cluster's its devEnvironmentClusters[].sealedSecrets.certificateFile,
 * and each sealed-secrets controller holds only its own cluster's key, so a SealedSecret sealed for another cluster
 * would stay sealed.
 * STAND-IN: health that needs controllers absent here (cert-manager, kubelet and the Deployment controller, which
 * Helm's wait looks at through ReplicaSets) is written by test/gitops/stand-in.ts; nothing else is faked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { Cluster, kubernetesVersions, startCluster } from '../cluster/envtest';
import { auditArgs, createdInOrder } from './audit';
import { FLUX_NS, startFlux, startSealedSecrets } from './flux';
import { atPhase, Phase, phase1Commands, synthAndCommit } from './phases';
import { CHART, describeGitops, GitCredentials, GitRepo, Kube, KubeObject, kubeconfigWithContexts, Rig, ROOT, run, until } from './rig';
import { startStandIn } from './stand-in';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERSION = kubernetesVersions()[0];
/** The application cluster's folder (and kube context, audit log name). */
const APP = 'application';
/** The example's dev cluster and a second one the test adds (a copy of the first under another name). */
const DEVS = ['dev-northeurope', 'dev-westus'];
const CLUSTERS = [APP, ...DEVS];
const GIT_PATH = 'clusters/codecanvas';
/** The same values, CODECANVAS_SEALING_KEY included, for every synth: sealing is deterministic across the phases. */
const ENV = fakeSecretEnv(DEVS);
/** The private repository's credentials (test values). */
const GIT_CREDENTIALS: GitCredentials = { username: 'gitops-tier', password: 'gitops-tier-read-token' };

const ready = (o: Json) => (o.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
const conditionOf = (o: Json) => (o.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.message ?? 'no Ready condition';

describeGitops(
  'Flux + Sealed Secrets on three clusters, a sealing key per cluster: the real controllers converge the output',
  ['sourceController', 'kustomizeController', 'helmController', 'sealedSecretsController', 'registry', 'helm'],
  () => {
    let rig: Rig;
    /** Each cluster's API server and sealing key pair, by its folder name. */
    const clusters: Record<string, { cluster: Cluster; kube: Kube; seal: { cert: string; key: string } }> = {};
    const kubeOf = (name: string) => clusters[name].kube;
    let git: GitRepo;
    let out: string;
    let standIn: ReturnType<typeof startStandIn> | undefined;
    let chart: { repository: string; version: string };

    const lists = {
      kustomizations: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${FLUX_NS}/kustomizations`,
      gitrepositories: `/apis/source.toolkit.fluxcd.io/v1/namespaces/${FLUX_NS}/gitrepositories`,
      ocirepositories: '/apis/source.toolkit.fluxcd.io/v1/ocirepositories',
      helmreleases: '/apis/helm.toolkit.fluxcd.io/v2/helmreleases',
      sealedsecrets: '/apis/bitnami.com/v1alpha1/sealedsecrets',
    };

    /** The example with a second dev cluster, pointed at the rig (HTTPS Git instead of SSH, no dependsOn on the
     * user's own infrastructure layer, each cluster's own certificate): phase 1 without the dev clusters'
     * jump/operator IDs, phase 3 with them, day 2 with 3 app replicas. */
    function config(phase: Phase): Json {
      const c = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml'), 'utf8')) as Json;
      const second = structuredClone(c.devEnvironmentClusters[0]);
      second.name = DEVS[1];
      for (const r of ['jump', 'operator']) delete second[r].instanceId; // its own IDs: atPhase gives them from phase 3 on
      c.devEnvironmentClusters.push(second);
      expect(c.devEnvironmentClusters.map((d: Json) => d.name)).toEqual(DEVS);
      c.application = { ...c.application, chart };
      c.secrets.sealedSecrets.certificateFile = clusters[APP].seal.cert;
      c.gitops.repoURL = git.url;
      delete c.gitops.flux.dependsOn;
      for (const d of c.devEnvironmentClusters) {
        for (const r of ['relay', 'jump', 'operator']) d[r].chart = chart;
        d.sealedSecrets = { certificateFile: clusters[d.name].seal.cert };
      }
      return atPhase(c, phase);
    }

    /** Synthesizes the phase's config and commits it where the bootstrap points. */
    const commitPhase = (phase: Phase) => synthAndCommit(rig, git, config(phase), phase, GIT_PATH, ENV);

    /** Asks Flux to reconcile `objs` now (the `reconcile.fluxcd.io/requestedAt` annotation `flux reconcile` sets). */
    async function requestReconcile(kube: Kube, objs: KubeObject[], at: string): Promise<void> {
      for (const o of objs) {
        await kube.ok('PATCH', await kube.pathOf(o), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } } }, 'application/merge-patch+json');
      }
    }

    /** Every HelmRelease of `kube` Ready at its current generation (after an install or an upgrade). */
    async function releasesReady(name: string, kube: Kube): Promise<Json[]> {
      return until(`${name}: every HelmRelease Ready`, 420_000, async () => {
        const hrs = await kube.list(lists.helmreleases);
        const bad = hrs.filter((o) => !ready(o) || o.status?.observedGeneration !== o.metadata.generation);
        if (hrs.length > 0 && bad.length === 0) return hrs;
        throw new Error(bad.map((o) => `HelmRelease ${o.metadata.namespace}/${o.metadata.name}: ${conditionOf(o)}`).join('\n') || 'none yet');
      }, rig, 3000);
    }

    /** After a commit: each cluster's GitRepository fetched it, every Kustomization applied it and is Ready, every
     * HelmRelease Ready at its generation. */
    async function converged(commit: string): Promise<void> {
      for (const [name, { kube }] of Object.entries(clusters)) {
        await requestReconcile(kube, await kube.list(lists.gitrepositories), new Date().toISOString());
        await until(`${name}: every Kustomization Ready at ${commit.slice(0, 8)}`, 300_000, async () => {
          const ks = await kube.list(lists.kustomizations);
          const bad = ks.filter((o) => !ready(o) || !String(o.status?.lastAppliedRevision).endsWith(commit));
          if (ks.length > 0 && bad.length === 0) {
            process.stdout.write(`flux ${name} at ${commit.slice(0, 8)}: Ready: ${ks.map((o) => `Kustomization/${o.metadata.name}`).sort().join(', ')}\n`);
            return true;
          }
          throw new Error(bad.map((o) => `Kustomization/${o.metadata.name} at ${o.status?.lastAppliedRevision}: ${conditionOf(o)}`).join('\n') || 'none yet');
        }, rig, 2000);
        await releasesReady(name, kube);
      }
    }

    /** Every SealedSecret of `kube` unsealed by the controller into a Secret with its keys; returns the Secrets. */
    async function unsealed(kube: Kube): Promise<Json[]> {
      const sealed = await kube.list(lists.sealedsecrets);
      const secrets = [];
      for (const s of sealed) {
        const secret = await until(`Secret ${s.metadata.namespace}/${s.metadata.name} unsealed`, 120_000, async () => {
          const r = await kube.request('GET', `/api/v1/namespaces/${s.metadata.namespace}/secrets/${s.metadata.name}`);
          return r.status === 200 ? r.body : undefined;
        }, rig);
        expect(Object.keys(secret.data).sort()).toEqual(Object.keys(s.spec.encryptedData).sort());
        expect(secret.metadata.ownerReferences?.[0]?.kind).toBe('SealedSecret');
        secrets.push(secret);
      }
      return secrets;
    }

    beforeAll(async () => {
      rig = new Rig();
      for (const name of CLUSTERS) {
        const cluster = await startCluster({ version: VERSION, apiserverArgs: auditArgs(rig.dir, name) });
        rig.reapCluster(cluster);
        // This cluster's sealing key pair (what its controller generates; kubeseal --fetch-cert returns the certificate).
        const seal = { cert: path.join(rig.dir, `${name}-seal.crt`), key: path.join(rig.dir, `${name}-seal.key`) };
        run('openssl', ['req', '-x509', '-newkey', 'rsa:4096', '-nodes', '-keyout', seal.key, '-out', seal.cert, '-days', '2', '-subj', `/O=sealed-secret/CN=${name}`]);
        clusters[name] = { cluster, kube: new Kube(cluster), seal };
      }
      // The prerequisites' CRDs (cert-manager, External Secrets, snapshots, Sealed Secrets); Flux brings its own.
      const crds = fs
        .readdirSync(path.join(ROOT, 'crds'))
        .filter((f) => f.endsWith('.yaml') && !/^(argoproj\.io|source\.toolkit|kustomize\.toolkit|helm\.toolkit|helm\.cattle)/.test(f))
        .map((f) => path.join(ROOT, 'crds', f));
      git = await rig.startGit('platform', GIT_CREDENTIALS);
      chart = { repository: (await rig.startRegistry(CHART!)).https, version: (yaml.load(run('tar', ['-xzOf', CHART!, 'codecanvas/Chart.yaml'])) as Json).version };
      for (const name of CLUSTERS) {
        const { cluster, kube, seal } = clusters[name];
        await kube.applyCrds(crds);
        await startFlux(rig, cluster, name);
        await startSealedSecrets(rig, cluster, name, seal.cert, seal.key);
      }
      standIn = startStandIn(CLUSTERS.map(kubeOf));
    }, 600_000);

    afterAll(async () => {
      await standIn?.stop();
      await rig?.stop();
      for (const c of Object.values(clusters)) await c.cluster.stop();
    });

    let phase1: { commit: string; out: string };
    /** Names of the HelmReleases in `<out>/<folder>/*.yaml`. */
    const releaseNames = (out: string, folder: string): string[] =>
      fs
        .readdirSync(path.join(out, folder))
        .filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(out, folder, f), 'utf8')) as Json[])
        .filter((d) => d?.kind === 'HelmRelease')
        .map((d) => d.metadata.name)
        .sort();

    test('phase 1 (no jump/operator IDs): the bootstrap converges on every cluster, every GitRepository, Kustomization and OCIRepository Ready', async () => {
      phase1 = commitPhase('phase1');
      out = phase1.out;
      for (const dev of DEVS) expect(releaseNames(out, dev).filter((n) => /jump|operator/.test(n))).toEqual([]);
      const guide = fs.readFileSync(path.join(out, 'INSTALL.md'), 'utf8');
      const secretName = /Secret `flux-system\/([^`]+)`/.exec(guide)![1];
      // The Git credentials Secret INSTALL.md asks for in every cluster (`flux create secret git`, a CLI the rig does
      // not have, writes these keys); over HTTPS it also carries the server's CA.
      for (const name of CLUSTERS) {
        expect(guide).toContain(`flux --context ${name} create secret git ${secretName} --namespace ${FLUX_NS} `);
        await kubeOf(name).apply([
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: FLUX_NS }, stringData: { ...GIT_CREDENTIALS, 'ca.crt': fs.readFileSync(rig.tls.ca, 'utf8') } },
        ]);
      }
      // Then the bootstrap of each cluster, as INSTALL.md prints it.
      const commands = phase1Commands(guide);
      expect(commands).toEqual(CLUSTERS.map((name) => `kubectl --context ${name} apply -f bootstrap/flux/${name}/`));
      const env = {
        PATH: `${path.dirname(clusters[APP].cluster.kubectl)}:${process.env.PATH}`,
        HOME: rig.dir,
        KUBECONFIG: kubeconfigWithContexts(rig, Object.fromEntries(CLUSTERS.map((n) => [n, clusters[n].cluster]))),
      };
      for (const c of commands) run('bash', ['-c', c], { cwd: path.join(git.work, GIT_PATH), env });
      for (const [name, { kube }] of Object.entries(clusters)) {
        await until(`${name}: every Flux source and Kustomization Ready`, 300_000, async () => {
          const objs = [...(await kube.list(lists.gitrepositories)), ...(await kube.list(lists.kustomizations)), ...(await kube.list(lists.ocirepositories))];
          const bad = objs.filter((o) => !ready(o));
          if (objs.length >= 4 && bad.length === 0 && objs.every((o) => o.kind !== 'Kustomization' || String(o.status?.lastAppliedRevision).endsWith(phase1.commit))) return true;
          throw new Error(bad.map((o) => `${o.kind}/${o.metadata.name}: ${conditionOf(o)}`).join('\n') || 'no objects yet');
        }, rig, 2000);
      }
    });

    test('the releases layer was applied after the prerequisites layer (audit logs)', () => {
      for (const folder of CLUSTERS) {
        const layer = (l: string) =>
          (yaml.load(fs.readFileSync(path.join(out, 'bootstrap', 'kustomize', folder, l, 'kustomization.yaml'), 'utf8')) as Json).resources.flatMap((r: string) =>
            (yaml.loadAll(fs.readFileSync(path.join(out, 'bootstrap', 'kustomize', folder, l, r), 'utf8')) as KubeObject[]).filter((d) => d?.kind),
          );
        const prerequisites = layer('prerequisites');
        const releases = layer('releases');
        const order = createdInOrder(path.join(rig.dir, `${folder}-audit.log`), [...prerequisites, ...releases], 'kustomize-controller');
        expect([...prerequisites, ...releases].filter((o) => !order.includes(o)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
        const lastPrerequisite = Math.max(...prerequisites.map((o: KubeObject) => order.indexOf(o)));
        const firstRelease = Math.min(...releases.map((o: KubeObject) => order.indexOf(o)));
        expect(lastPrerequisite).toBeLessThan(firstRelease);
      }
    });

    test("each cluster's sealed-secrets controller unseals every SealedSecret of its cluster, with its own key, into the original values", async () => {
      // In phase 1 only the application cluster has SealedSecrets (the dev clusters' come with the jump/operator IDs).
      expect((await unsealed(kubeOf(APP))).length).toBeGreaterThan(0);
      for (const dev of DEVS) await unsealed(kubeOf(dev));
      const db = await kubeOf(APP).ok('GET', '/api/v1/namespaces/codecanvas/secrets/codecanvas-db-secret-ext');
      expect(Buffer.from(db.data.DB_PASSWORD, 'base64').toString()).toBe(ENV.CODECANVAS_DB_PASSWORD);
    });

    test('every HelmRelease installs and creates its objects', async () => {
      for (const [name, { kube }] of Object.entries(clusters)) {
        const releases = await releasesReady(name, kube);
        for (const hr of releases) {
          const ns = hr.spec.storageNamespace ?? hr.metadata.namespace;
          const stored = (await kube.list(`/api/v1/namespaces/${ns}/secrets`)).filter((s) => s.type === 'helm.sh/release.v1' && s.metadata.labels?.name === (hr.spec.releaseName ?? hr.metadata.name));
          expect(stored.length).toBe(1);
        }
      }
      expect((await kubeOf(APP).request('GET', '/apis/apps/v1/namespaces/codecanvas/deployments/codecanvas-app')).status).toBe(200);
      for (const dev of DEVS) expect((await kubeOf(dev).request('GET', '/apis/apps/v1/namespaces/codecanvas-system/deployments')).body.items.length).toBeGreaterThan(0);
    });

    test("phase 3: the IDs filled in, synthesized and committed, converge (jump and operator HelmReleases Ready, their SealedSecrets unsealed by each cluster's own controller)", async () => {
      const before: Record<string, Set<string>> = {};
      for (const dev of DEVS) before[dev] = new Set((await kubeOf(dev).list(lists.sealedsecrets)).map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
      const phase3 = commitPhase('phase3');
      await converged(phase3.commit);
      for (const dev of DEVS) {
        const added = releaseNames(phase3.out, dev).filter((n) => !releaseNames(phase1.out, dev).includes(n));
        expect(added.some((n) => n.includes('jump'))).toBe(true);
        expect(added.some((n) => n.includes('operator'))).toBe(true);
        const kube = kubeOf(dev);
        const live = (await kube.list(lists.helmreleases)).map((o) => o.metadata.name);
        expect(live).toEqual(expect.arrayContaining(added));
        // The jump and operator SealedSecrets are new in phase 3 and unsealed by this cluster's controller, which
        // holds this cluster's key only: the values are this cluster's.
        const secrets = await unsealed(kube);
        const fresh = secrets.filter((s) => !before[dev].has(`${s.metadata.namespace}/${s.metadata.name}`));
        expect(fresh.length).toBeGreaterThan(0);
        const values = fresh.flatMap((s) => Object.values(s.data as Record<string, string>).map((v) => Buffer.from(v, 'base64').toString()));
        const prefix = dev.toUpperCase().replace(/-/g, '_');
        expect(values).toEqual(expect.arrayContaining([ENV[`${prefix}_JUMP_JWT_PRIVATE_KEY`], ENV[`${prefix}_OPERATOR_JWT_PRIVATE_KEY`]]));
        expect((await kube.request('GET', '/apis/apps/v1/namespaces/codecanvas-system/deployments/codecanvas-operator-codecanvas-devenv')).status).toBe(200);
      }
    });

    test('day 2: a replicas change converges without a SealedSecret, a Secret or another pod template changing', async () => {
      const state = async () => {
        const s: Record<string, string> = {};
        for (const [c, { kube }] of Object.entries(clusters)) {
          // Helm's release records change with every upgrade by design; every other Secret must stay as it was.
          for (const o of await kube.list('/api/v1/secrets')) {
            if (o.type !== 'helm.sh/release.v1') s[`${c} Secret ${o.metadata.namespace}/${o.metadata.name}`] = JSON.stringify([o.data ?? {}, o.metadata.resourceVersion]);
          }
          for (const o of await kube.list(lists.sealedsecrets)) s[`${c} SealedSecret ${o.metadata.namespace}/${o.metadata.name}`] = JSON.stringify([o.spec, o.metadata.generation]);
          for (const kind of ['deployments', 'statefulsets']) {
            for (const o of await kube.list(`/apis/apps/v1/${kind}`)) {
              const template = o.spec.template;
              // The chart hashes its rendered secret.envs.yaml into the app's `checksum/envs`. At install that render
              // draws its own random compute-service client secret (lookup finds no Secret yet), so the hash is not
              // the kept Secret's; Helm's first upgrade of the release (this one, for the application cluster) corrects it and
              // restarts the app once. The Secret itself must not change (compared above).
              if (c === APP && o.metadata.name === 'codecanvas-app') delete template.metadata?.annotations?.['checksum/envs'];
              s[`${c} ${kind} ${o.metadata.namespace}/${o.metadata.name}`] = JSON.stringify(template);
            }
          }
        }
        return s;
      };
      const replicas = async () => (await kubeOf(APP).ok('GET', '/apis/apps/v1/namespaces/codecanvas/deployments/codecanvas-app')).spec.replicas;
      expect(await replicas()).toBe(2);
      const before = await state();
      const day2 = commitPhase('day2');
      await converged(day2.commit);
      expect(await replicas()).toBe(3);
      expect(await state()).toEqual(before);
    });

    test('a second reconcile of every Kustomization and HelmRelease changes nothing', async () => {
      const state = async (kube: Kube) => {
        const s: Record<string, string> = {};
        for (const ns of ['codecanvas', 'codecanvas-system', 'codecanvas-devenv']) {
          for (const p of [`/api/v1/namespaces/${ns}/secrets`, `/api/v1/namespaces/${ns}/configmaps`, `/api/v1/namespaces/${ns}/services`]) {
            for (const o of await kube.list(p)) s[`${p}/${o.metadata.name}`] = JSON.stringify([o.data, o.spec]);
          }
          for (const o of await kube.list(`/apis/apps/v1/namespaces/${ns}/deployments`)) s[`deploy ${ns}/${o.metadata.name}`] = JSON.stringify(o.spec);
        }
        for (const o of await kube.list(lists.kustomizations)) s[`ks ${o.metadata.name}`] = o.status?.lastAppliedRevision;
        return s;
      };
      for (const [name, { kube }] of Object.entries(clusters)) {
        const before = await state(kube);
        const at = new Date().toISOString();
        await requestReconcile(kube, [...(await kube.list(lists.kustomizations)), ...(await kube.list(lists.helmreleases))], at);
        await until(`${name}: every Kustomization and HelmRelease handled the reconcile request`, 180_000, async () => {
          const now = [...(await kube.list(lists.kustomizations)), ...(await kube.list(lists.helmreleases))];
          return now.every((o) => o.status?.lastHandledReconcileAt === at && ready(o)) ? true : undefined;
        }, rig, 2000);
        expect(await state(kube)).toEqual(before);
      }
    });

    test('every process of the scenario listens on loopback only', () => {
      const apiServers = Object.entries(clusters).flatMap(([name, { cluster }]) => cluster.pids.map((pid) => ({ name: `${name} etcd/kube-apiserver`, pid })));
      const listeners = rig.listeners(apiServers);
      for (const c of ['source-controller', 'kustomize-controller', 'helm-controller', 'sealed-secrets']) expect(listeners.some((l) => l.name.endsWith(c))).toBe(true);
      expect(listeners.filter((l) => !l.loopback)).toEqual([]);
    });
  },
);

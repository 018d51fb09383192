/**
 * Flux + Sealed Secrets on two clusters (examples/flux-sealed-secrets.yaml) through the real Flux source-controller,
 * kustomize-controller and helm-controller and the real sealed-secrets controller, one set per cluster, from the
 * bootstrap INSTALL.md tells the user to apply (`kubectl apply -f bootstrap/flux/<cluster>/`, after the Git
 * credentials Secret it names).
 * Asserted: every Kustomization, GitRepository and OCIRepository Ready; the releases layer applied after the
 * prerequisites layer (kube-apiserver audit logs); the sealed-secrets controller unseals every SealedSecret into
 * the original values; every HelmRelease installs (Ready) and creates its objects; a second reconcile of every
 * Kustomization and HelmRelease changes nothing (no new Helm release revision, no object changed).
 *
 * The SealedSecrets are sealed with a key pair made for the run, which both controllers hold as their active key.
 * STAND-IN: health that needs controllers absent here (cert-manager, kubelet and the Deployment controller, which
 * Helm's wait looks at through ReplicaSets) is written by test/gitops/stand-in.ts; nothing else is faked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { parseConfig } from '../../lib/config/load';
import { writeOutput } from '../../lib/output/write';
import { synthesize } from '../../lib/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { Cluster, kubernetesVersions, startCluster } from '../cluster/envtest';
import { auditArgs, createdInOrder } from './audit';
import { FLUX_NS, startFlux, startSealedSecrets } from './flux';
import { CHART, describeGitops, GitRepo, Kube, KubeObject, Rig, ROOT, run, until } from './rig';
import { startStandIn } from './stand-in';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERSION = kubernetesVersions()[0];
const DEV = 'dev-northeurope';
const GIT_PATH = 'clusters/codecanvas';
const ENV = fakeSecretEnv([DEV]);

const ready = (o: Json) => (o.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
const conditionOf = (o: Json) => (o.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.message ?? 'no Ready condition';

describeGitops(
  'Flux + Sealed Secrets on two clusters: the real controllers converge the output',
  ['sourceController', 'kustomizeController', 'helmController', 'sealedSecretsController', 'registry', 'helm'],
  () => {
    let rig: Rig;
    const clusters: Record<'hub' | 'dev', { cluster: Cluster; kube: Kube; folder: string }> = {} as never;
    let git: GitRepo;
    let out: string;
    let standIn: ReturnType<typeof startStandIn> | undefined;

    const lists = {
      kustomizations: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${FLUX_NS}/kustomizations`,
      gitrepositories: `/apis/source.toolkit.fluxcd.io/v1/namespaces/${FLUX_NS}/gitrepositories`,
      ocirepositories: '/apis/source.toolkit.fluxcd.io/v1/ocirepositories',
      helmreleases: '/apis/helm.toolkit.fluxcd.io/v2/helmreleases',
      sealedsecrets: '/apis/bitnami.com/v1alpha1/sealedsecrets',
    };

    beforeAll(async () => {
      rig = new Rig();
      for (const [name, folder] of [['hub', 'application'], ['dev', DEV]] as const) {
        const cluster = await startCluster({ version: VERSION, apiserverArgs: auditArgs(rig.dir, name) });
        rig.reapCluster(cluster);
        clusters[name] = { cluster, kube: new Kube(cluster), folder };
      }
      // The prerequisites' CRDs (cert-manager, External Secrets, snapshots, Sealed Secrets); Flux brings its own.
      const crds = fs
        .readdirSync(path.join(ROOT, 'crds'))
        .filter((f) => f.endsWith('.yaml') && !/^(argoproj\.io|source\.toolkit|kustomize\.toolkit|helm\.toolkit|helm\.cattle)/.test(f))
        .map((f) => path.join(ROOT, 'crds', f));
      // The sealing key pair of this run.
      const seal = { cert: path.join(rig.dir, 'seal.crt'), key: path.join(rig.dir, 'seal.key') };
      run('openssl', ['req', '-x509', '-newkey', 'rsa:4096', '-nodes', '-keyout', seal.key, '-out', seal.cert, '-days', '2', '-subj', '/O=sealed-secret/CN=sealed-secret']);

      git = await rig.startGit();
      const chartRepo = (await rig.startRegistry(CHART!)).https;
      const chartVersion = (yaml.load(run('tar', ['-xzOf', CHART!, 'codecanvas/Chart.yaml'])) as Json).version;
      for (const name of ['hub', 'dev'] as const) {
        const { cluster, kube } = clusters[name];
        await kube.applyCrds(crds);
        await startFlux(rig, cluster, name);
        await startSealedSecrets(rig, cluster, name, seal.cert, seal.key);
      }
      standIn = startStandIn([clusters.hub.kube, clusters.dev.kube]);

      // The example, pointed at the rig (HTTPS Git instead of SSH, no dependsOn on the user's own infrastructure layer).
      const c = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml'), 'utf8')) as Json;
      const chart = { repository: chartRepo, version: chartVersion };
      c.application = { ...c.application, chart };
      c.secrets.sealedSecrets.certificateFile = seal.cert;
      c.gitops.repoURL = git.url;
      delete c.gitops.flux.dependsOn;
      for (const d of c.devEnvironmentClusters) for (const r of ['relay', 'jump', 'operator']) d[r].chart = chart;
      const loaded = { config: parseConfig(c, 'flux.yaml'), source: 'flux.yaml', baseDir: path.join(ROOT, 'examples') };
      out = path.join(rig.dir, 'out');
      writeOutput(out, synthesize(loaded, { env: ENV }).files);
      git.commit('CodeCanvas', GIT_PATH, out);
    }, 420_000);

    afterAll(async () => {
      await standIn?.stop();
      await rig?.stop();
      for (const c of Object.values(clusters)) await c.cluster.stop();
    });

    test('the bootstrap converges on both clusters: every GitRepository, Kustomization and OCIRepository Ready', async () => {
      const guide = fs.readFileSync(path.join(out, 'INSTALL.md'), 'utf8');
      const secretName = /Secret `flux-system\/([^`]+)`/.exec(guide)![1];
      for (const { cluster, kube, folder } of Object.values(clusters)) {
        expect(guide).toContain(`apply -f bootstrap/flux/${folder}/`);
        // The Git credentials Secret INSTALL.md asks for; over HTTPS it carries the server's CA.
        await kube.apply([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: FLUX_NS }, stringData: { 'ca.crt': fs.readFileSync(rig.tls.ca, 'utf8') } }]);
        run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'apply', '-f', `bootstrap/flux/${folder}/`], { cwd: path.join(git.work, GIT_PATH) });
      }
      for (const [name, { kube }] of Object.entries(clusters)) {
        await until(`${name}: every Flux source and Kustomization Ready`, 300_000, async () => {
          const objs = [...(await kube.list(lists.gitrepositories)), ...(await kube.list(lists.kustomizations)), ...(await kube.list(lists.ocirepositories))];
          const bad = objs.filter((o) => !ready(o));
          if (objs.length >= 4 && bad.length === 0) return true;
          throw new Error(bad.map((o) => `${o.kind}/${o.metadata.name}: ${conditionOf(o)}`).join('\n') || 'no objects yet');
        }, rig, 2000);
      }
    });

    test('the releases layer was applied after the prerequisites layer (audit logs)', () => {
      for (const [name, { folder }] of Object.entries(clusters)) {
        const layer = (l: string) =>
          (yaml.load(fs.readFileSync(path.join(out, 'bootstrap', 'kustomize', folder, l, 'kustomization.yaml'), 'utf8')) as Json).resources.flatMap((r: string) =>
            (yaml.loadAll(fs.readFileSync(path.join(out, 'bootstrap', 'kustomize', folder, l, r), 'utf8')) as KubeObject[]).filter((d) => d?.kind),
          );
        const prerequisites = layer('prerequisites');
        const releases = layer('releases');
        const order = createdInOrder(path.join(rig.dir, `${name}-audit.log`), [...prerequisites, ...releases], 'kustomize-controller');
        expect([...prerequisites, ...releases].filter((o) => !order.includes(o)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
        const lastPrerequisite = Math.max(...prerequisites.map((o: KubeObject) => order.indexOf(o)));
        const firstRelease = Math.min(...releases.map((o: KubeObject) => order.indexOf(o)));
        expect(lastPrerequisite).toBeLessThan(firstRelease);
      }
    });

    test('the sealed-secrets controller unseals every SealedSecret into the original values', async () => {
      for (const { kube } of Object.values(clusters)) {
        const sealed = await kube.list(lists.sealedsecrets);
        expect(sealed.length).toBeGreaterThan(0);
        for (const s of sealed) {
          const secret = await until(`Secret ${s.metadata.namespace}/${s.metadata.name} unsealed`, 120_000, async () => {
            const r = await kube.request('GET', `/api/v1/namespaces/${s.metadata.namespace}/secrets/${s.metadata.name}`);
            return r.status === 200 ? r.body : undefined;
          }, rig);
          expect(Object.keys(secret.data).sort()).toEqual(Object.keys(s.spec.encryptedData).sort());
          expect(secret.metadata.ownerReferences?.[0]?.kind).toBe('SealedSecret');
        }
      }
      const db = await clusters.hub.kube.ok('GET', '/api/v1/namespaces/codecanvas/secrets/codecanvas-db-secret-ext');
      expect(Buffer.from(db.data.DB_PASSWORD, 'base64').toString()).toBe(ENV.CODECANVAS_DB_PASSWORD);
    });

    test('every HelmRelease installs and creates its objects', async () => {
      for (const [name, { kube }] of Object.entries(clusters)) {
        const releases = await until(`${name}: every HelmRelease Ready`, 420_000, async () => {
          const hrs = await kube.list(lists.helmreleases);
          const bad = hrs.filter((o) => !ready(o));
          if (hrs.length > 0 && bad.length === 0) return hrs;
          throw new Error(bad.map((o) => `HelmRelease ${o.metadata.namespace}/${o.metadata.name}: ${conditionOf(o)}`).join('\n') || 'none yet');
        }, rig, 3000);
        for (const hr of releases) {
          const ns = hr.spec.storageNamespace ?? hr.metadata.namespace;
          const stored = (await kube.list(`/api/v1/namespaces/${ns}/secrets`)).filter((s) => s.type === 'helm.sh/release.v1' && s.metadata.labels?.name === (hr.spec.releaseName ?? hr.metadata.name));
          expect(stored.length).toBe(1);
        }
      }
      expect((await clusters.hub.kube.request('GET', '/apis/apps/v1/namespaces/codecanvas/deployments/codecanvas-app')).status).toBe(200);
      expect((await clusters.dev.kube.request('GET', '/apis/apps/v1/namespaces/codecanvas-system/deployments')).body.items.length).toBeGreaterThan(0);
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
        const objs = [...(await kube.list(lists.kustomizations)), ...(await kube.list(lists.helmreleases))];
        for (const o of objs) {
          await kube.ok('PATCH', await kube.pathOf(o), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } } }, 'application/merge-patch+json');
        }
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

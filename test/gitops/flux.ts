/**
 * Flux and the sealed-secrets controller for the gitops tier: the real source-controller, kustomize-controller and
 * helm-controller (tools/build.sh gitops) and the sealed-secrets controller (tools/build.sh sealed-secrets) run out
 * of cluster against a test kube-apiserver. Flux's CRDs come from the controllers' own module copies. Every listener
 * is on 127.0.0.1 (metrics, health, source-controller's artifact server, which the other two fetch from). The Git
 * server and registry CA is trusted through SSL_CERT_FILE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cluster, freePort, get, waitFor } from '../cluster/envtest';
import { Kube, Rig, TOOLS } from './rig';

export const FLUX_NS = 'flux-system';
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function fluxCrds(): string[] {
  const src = path.join(path.dirname(path.dirname(TOOLS.sourceController)), 'src');
  const out: string[] = [];
  for (const m of fs.readdirSync(src).filter((d) => d.startsWith('github.com_fluxcd_'))) {
    const dir = path.join(src, m, 'config', 'crd', 'bases');
    if (fs.existsSync(dir)) out.push(...fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)));
  }
  return out;
}

/** Installs Flux's CRDs and namespace into `cluster` and starts its three controllers. */
export async function startFlux(rig: Rig, cluster: Cluster, name: string): Promise<Kube> {
  const kube = new Kube(cluster);
  await kube.applyCrds(fluxCrds());
  await kube.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: FLUX_NS } }]);
  const env = { KUBECONFIG: cluster.kubeconfig, RUNTIME_NAMESPACE: FLUX_NS, SSL_CERT_FILE: rig.tls.ca, TMPDIR: rig.dir };
  const storage = await freePort();
  const common = async (): Promise<{ args: string[]; health: number }> => {
    const [metrics, health] = [await freePort(), await freePort()];
    return { args: [`--metrics-addr=127.0.0.1:${metrics}`, `--health-addr=127.0.0.1:${health}`, '--events-addr=', '--watch-all-namespaces=true', '--log-level=info'], health };
  };
  const start = async (what: string, bin: string, extra: string[]) => {
    const c = await common();
    const { p, log } = rig.start(`${name}-${what}`, bin, [...c.args, ...extra], env);
    await waitFor(`${name} ${what}`, Date.now() + 60_000, [p], log, async () => (await get(`http://127.0.0.1:${c.health}/readyz`))[0] === 200);
  };
  const storagePath = path.join(rig.dir, `${name}-artifacts`);
  fs.mkdirSync(storagePath);
  await start('source-controller', TOOLS.sourceController, [`--storage-path=${storagePath}`, `--storage-addr=127.0.0.1:${storage}`, `--storage-adv-addr=127.0.0.1:${storage}`]);
  await start('kustomize-controller', TOOLS.kustomizeController, []);
  await start('helm-controller', TOOLS.helmController, []);
  return kube;
}

/**
 * The sealed-secrets controller with `cert`/`key` as its active sealing key. It only knows in-cluster
 * configuration, so it runs in a private mount namespace (unshare) where the service-account directory holds the
 * test API server's token and CA, as test/cluster/sealed-secrets.cluster.test.ts does.
 */
export async function startSealedSecrets(rig: Rig, cluster: Cluster, name: string, cert: string, key: string): Promise<void> {
  const kube = new Kube(cluster);
  await kube.apply([
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sealed-secrets-key-gitops', namespace: 'kube-system', labels: { 'sealedsecrets.bitnami.com/sealed-secrets-key': 'active' } },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': fs.readFileSync(cert).toString('base64'), 'tls.key': fs.readFileSync(key).toString('base64') },
    },
  ]);
  const saDir = path.join(rig.dir, `${name}-serviceaccount`);
  fs.mkdirSync(saDir);
  fs.writeFileSync(path.join(saDir, 'token'), cluster.token);
  fs.copyFileSync(path.join(cluster.dir, 'certs', 'apiserver.crt'), path.join(saDir, 'ca.crt'));
  fs.writeFileSync(path.join(saDir, 'namespace'), 'kube-system');
  const [listen, metrics] = [await freePort(), await freePort()];
  const script = `mkdir -p ${SA_DIR} && mount --bind "$0" ${SA_DIR} && exec "$1" --listen-addr=127.0.0.1:${listen} --listen-metrics-addr=127.0.0.1:${metrics} --key-renew-period=0`;
  const { p, log } = rig.start(`${name}-sealed-secrets`, '/usr/bin/unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, saDir, TOOLS.sealedSecretsController], {
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: new URL(cluster.server).port,
    POD_NAMESPACE: 'kube-system',
  });
  await waitFor(`${name} sealed-secrets controller`, Date.now() + 60_000, [p], log, async () => (await get(`http://127.0.0.1:${listen}/healthz`))[0] === 200);
}

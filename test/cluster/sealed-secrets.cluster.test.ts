/**
 * Sealed Secrets for real: the SealedSecrets that synth seals in Node are unsealed by the actual bitnami tooling,
 * built by tools/build.sh from the pinned Go module:
 *   - the sealed-secrets controller, run out of cluster against the test API server with the test key pair as
 *     its active sealing key, turns them into Secrets with the original values;
 *   - `kubeseal --recovery-unseal` with the test private key decrypts them offline.
 * The controller only knows in-cluster configuration, so it runs in a private mount namespace (unshare) where the
 * service-account directory holds the test API server's token and CA.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigFile } from '../../lib/config/load';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { assetsFor, Cluster, kubernetesVersions, startCluster } from './envtest';
import { describeOrCannotRun, testOrCannotRun } from '../proof-gate';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(process.env.TOOLS_CACHE_DIR ?? path.join(ROOT, '.cache'), 'bin');
const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'sealed-secrets');
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const version = kubernetesVersions().slice(-1)[0];
const missing = [
  ...['etcd', 'kube-apiserver', 'kubectl'].map((b) => path.join(assetsFor(version), b)),
  path.join(BIN, 'controller'),
  path.join(BIN, 'kubeseal'),
].filter((f) => !fs.existsSync(f));
const canUnshare = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function kubectl(cluster: Cluster, args: string[], input?: string): string {
  const r = spawnSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args], { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

type Doc = { kind: string; metadata: { name: string; namespace: string }; spec: { encryptedData: Record<string, string> } };

describeOrCannotRun(missing.length > 0 ? `needs ${missing.join(', ')}: run bash tools/build.sh` : undefined, 'Sealed Secrets: the real controller and kubeseal unseal our output', () => {
  let cluster: Cluster;
  let work: string;
  let sealed: Doc[];
  let env: NodeJS.ProcessEnv;
  let expected: Map<string, Record<string, string>>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sealed-cluster-'));
    // The Flux + Sealed Secrets example, sealed with the test certificate instead of the example's.
    const loaded = loadConfigFile(path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml'));
    const config = { ...loaded.config, secrets: { ...loaded.config.secrets, sealedSecrets: { ...loaded.config.secrets.sealedSecrets!, certificateFile: path.join(FIXTURES, 'tls.crt') } } };
    env = fakeSecretEnv(config.devEnvironmentClusters.map((c) => c.name));
    const out = path.join(work, 'out');
    writeOutput(out, synthesize({ ...loaded, config }, { env }).files);
    const folders = fs.readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(out, e.name));
    // Cluster folders hold only files; dist/bootstrap/ (GitOps) holds folders and no SealedSecret.
    const docs = folders.flatMap((d) =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort()
        .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(d, f), 'utf8')) as Doc[]),
    );
    sealed = docs.filter((d) => d.kind === 'SealedSecret');
    // What each Secret must contain once unsealed: the literal config values plus the env values.
    const plain = synthesize({ ...loaded, config: { ...config, secrets: { ...config.secrets, source: 'env', allowPlaintextSecrets: true } } }, { env });
    expected = new Map();
    for (const file of plain.files.filter((f) => f.path.endsWith('.yaml') && !f.path.startsWith('helm/'))) {
      for (const d of yaml.loadAll(file.content) as Array<{ kind: string; metadata: { name: string; namespace: string }; data: Record<string, string> }>) {
        if (d.kind !== 'Secret') continue;
        expected.set(`${d.metadata.namespace}/${d.metadata.name}`, Object.fromEntries(Object.entries(d.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])));
      }
    }

    cluster = await startCluster({ version });
    kubectl(cluster, ['create', '-f', path.join(ROOT, 'crds', 'bitnami.com_sealedsecrets.yaml')]);
    kubectl(cluster, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/sealedsecrets.bitnami.com']);
    // The test key pair as the controller's active sealing key.
    kubectl(cluster, ['-n', 'kube-system', 'create', 'secret', 'tls', 'sealed-secrets-key-test', `--cert=${path.join(FIXTURES, 'tls.crt')}`, `--key=${path.join(FIXTURES, 'tls.key')}`]);
    kubectl(cluster, ['-n', 'kube-system', 'label', 'secret', 'sealed-secrets-key-test', 'sealedsecrets.bitnami.com/sealed-secrets-key=active']);
    // Namespaces and secrets are all this test needs (the releases would want the Flux CRDs).
    for (const d of folders) {
      for (const f of ['00-namespaces.yaml', '20-secrets.yaml']) if (fs.existsSync(path.join(d, f))) kubectl(cluster, ['apply', '-f', path.join(d, f)]);
    }
  });

  afterAll(async () => {
    await cluster?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('every Secret that carries a secret value is sealed, in both clusters', () => {
    expect(sealed.map((d) => `${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'codecanvas-system/codecanvas-jump-secret',
      'codecanvas-system/codecanvas-operator-secret',
      'codecanvas/codecanvas-chart-values',
      'codecanvas/codecanvas-db-secret-ext',
    ]);
  });

  test('kubeseal --recovery-unseal decrypts every SealedSecret to the original values', () => {
    for (const doc of sealed) {
      const r = spawnSync(path.join(BIN, 'kubeseal'), ['--recovery-unseal', '--recovery-private-key', path.join(FIXTURES, 'tls.key'), '-o', 'json'], {
        input: JSON.stringify(doc),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      const secret = JSON.parse(r.stdout) as { data: Record<string, string> };
      const values = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
      expect(values).toEqual(expected.get(`${doc.metadata.namespace}/${doc.metadata.name}`));
    }
  });

  testOrCannotRun(canUnshare ? undefined : 'unshare --mount is not permitted here (the controller reads its service account from a private mount)', 'the controller unseals them into Secrets in the cluster', async () => {
    const saDir = path.join(work, 'serviceaccount');
    fs.mkdirSync(saDir);
    fs.writeFileSync(path.join(saDir, 'token'), cluster.token);
    fs.copyFileSync(path.join(cluster.dir, 'certs', 'apiserver.crt'), path.join(saDir, 'ca.crt'));
    fs.writeFileSync(path.join(saDir, 'namespace'), 'kube-system');
    const port = new URL(cluster.server).port;
    const [listen, metrics] = [await freePort(), await freePort()];
    const script = `mkdir -p ${SA_DIR} && mount --bind "$0" ${SA_DIR} && exec "$1" --listen-addr=127.0.0.1:${listen} --listen-metrics-addr=127.0.0.1:${metrics} --key-renew-period=0`;
    const log = fs.openSync(path.join(work, 'controller.log'), 'w');
    const controller: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, saDir, path.join(BIN, 'controller')], {
      env: { ...process.env, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port, POD_NAMESPACE: 'kube-system' },
      stdio: ['ignore', log, log],
      detached: true,
    });
    try {
      const deadline = Date.now() + 90_000;
      const pending = new Set(sealed.map((d) => `${d.metadata.namespace}/${d.metadata.name}`));
      while (pending.size > 0 && Date.now() < deadline) {
        for (const key of [...pending]) {
          const [ns, name] = key.split('/');
          const r = spawnSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, '-n', ns, 'get', 'secret', name, '-o', 'json'], { encoding: 'utf8' });
          if (r.status !== 0) continue;
          const data = (JSON.parse(r.stdout) as { data: Record<string, string> }).data;
          expect(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))).toEqual(expected.get(key));
          pending.delete(key);
        }
        if (pending.size > 0) await new Promise((r) => setTimeout(r, 500));
      }
      if (pending.size > 0) {
        throw new Error(`not unsealed within 90 s: ${[...pending].join(', ')}\n${fs.readFileSync(path.join(work, 'controller.log'), 'utf8').slice(-3000)}`);
      }
    } finally {
      try {
        process.kill(-controller.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      fs.closeSync(log);
    }
  });
});



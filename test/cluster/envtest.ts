/**
 * envtest-style Kubernetes control plane for tests: a real etcd and
 * kube-apiserver on loopback (no kubelet, no controllers), started from a
 * KUBEBUILDER_ASSETS-style directory holding `etcd`, `kube-apiserver` and
 * `kubectl` (built by `bash tools/build.sh`, see tools/README.md).
 *
 *   const cluster = await startCluster({ assets: assetsFor('1.29') });
 *   try {
 *     execFileSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'get', 'ns']);
 *   } finally {
 *     await cluster.stop();
 *   }
 *
 * Uses Node built-ins only.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Cluster {
  /** Path of a kubeconfig (token auth, system:masters) for this cluster. */
  kubeconfig: string;
  /** Path of the kubectl binary matching the apiserver. */
  kubectl: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** Bearer token of the admin user (group system:masters). */
  token: string;
  /** Assets directory the binaries came from. */
  assets: string;
  /** Temp dir holding etcd data, certs, keys, logs and the kubeconfig. */
  dir: string;
  /** PIDs (process-group leaders) of etcd and kube-apiserver. */
  pids: number[];
  /** Kill etcd and kube-apiserver and remove `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Assets dir; default `assetsFor(version)`. */
  assets?: string;
  /** Kubernetes version (e.g. '1.29' or '1.29.15') used when `assets` is unset. */
  version?: string;
  /** Extra kube-apiserver flags, e.g. ['--feature-gates=Foo=true']. */
  apiserverArgs?: string[];
  /** How long to wait for etcd + /readyz; default 90 s. */
  timeoutMs?: number;
  /** Keep the temp dir (logs) after stop(); default: env ENVTEST_KEEP=1. */
  keep?: boolean;
}

/** Repo root: $ENVTEST_REPO_ROOT, else the nearest ancestor of this file holding tools/versions.env. */
function repoRoot(): string {
  if (process.env.ENVTEST_REPO_ROOT) return process.env.ENVTEST_REPO_ROOT;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'tools', 'versions.env'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

/** KEY=VALUE pairs of tools/versions.env (the pins tools/build.sh builds). */
export function pinnedVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  const text = fs.readFileSync(path.join(repoRoot(), 'tools', 'versions.env'), 'utf8');
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/** Kubernetes versions tools/build.sh builds, oldest first, e.g. ['1.29.15', '1.37.2']. */
export function kubernetesVersions(): string[] {
  return (pinnedVersions().K8S_VERSIONS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Assets dir for a Kubernetes version: $KUBEBUILDER_ASSETS if set, else
 * `.cache/assets/<version>` built by tools/build.sh ($TOOLS_CACHE_DIR overrides
 * `.cache`). `version` may be a full pin or a prefix ('1.29'); default: newest.
 */
export function assetsFor(version?: string): string {
  if (process.env.KUBEBUILDER_ASSETS) return process.env.KUBEBUILDER_ASSETS;
  const pinned = kubernetesVersions();
  const v = version ? version.replace(/^v/, '') : pinned[pinned.length - 1];
  const full = pinned.find((p) => p === v || p.startsWith(`${v}.`)) ?? v;
  if (!full) throw new Error('assetsFor: no Kubernetes version pinned in tools/versions.env');
  const cache = process.env.TOOLS_CACHE_DIR ?? path.join(repoRoot(), '.cache');
  return path.join(cache, 'assets', full);
}

// ---- process bookkeeping: nothing may outlive the test process -------------

const live = new Set<{ procs: ChildProcess[]; dir: string; keep: boolean }>();
/** Processes other fixtures started with startProcess (test/gitops): killed by PID on exit like ours. */
const tracked = new Set<ChildProcess>();
let handlersInstalled = false;

export function killGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  if (p.pid === undefined || p.exitCode !== null || p.signalCode !== null) return;
  try {
    process.kill(-p.pid, signal); // detached => own process group
  } catch {
    try {
      p.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function cleanupAllSync(): void {
  for (const p of tracked) killGroup(p, 'SIGKILL');
  tracked.clear();
  for (const c of live) {
    for (const p of c.procs) killGroup(p, 'SIGKILL');
    if (!c.keep) fs.rmSync(c.dir, { recursive: true, force: true });
  }
  live.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      cleanupAllSync();
      process.removeListener(sig, onSignal);
      // Let the default action (or other listeners) happen as if we weren't here.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

// ---- helpers ------------------------------------------------------------------

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** GET url; resolves [status, body], never rejects (status 0 on network error). */
export function get(url: string, headers: Record<string, string> = {}): Promise<[number, string]> {
  return new Promise((resolve) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { headers, rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve([res.statusCode ?? 0, body]));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve([0, '']));
  });
}

/** Poll until ok() or the deadline; fail early if a process exits. */
export async function waitFor(what: string, deadline: number, procs: ChildProcess[], log: string, ok: () => Promise<boolean>) {
  for (;;) {
    if (await ok()) return;
    const dead = procs.find((p) => p.exitCode !== null || p.signalCode !== null);
    if (dead) throw new Error(`${what}: ${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode}); log:\n${tail(log)}`);
    if (Date.now() > deadline) throw new Error(`${what}: timed out; log:\n${tail(log)}`);
    await sleep(250);
  }
}

/**
 * Starts `bin` detached (its own process group), stdout+stderr appended to `logFile`. With `track`, the process is
 * also killed by the exit/signal handlers if the test process ends without stopProcess (other fixtures use this).
 */
export function startProcess(
  bin: string,
  args: string[],
  logFile: string,
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; track?: boolean } = {},
): ChildProcess {
  if (!fs.existsSync(bin)) {
    throw new Error(`${bin} not found: run \`bash tools/build.sh\` or set KUBEBUILDER_ASSETS (see tools/README.md)`);
  }
  const fd = fs.openSync(logFile, 'a');
  try {
    const p = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd], env: opts.env, cwd: opts.cwd });
    p.on('error', () => undefined); // spawn failures surface through waitFor/exitCode
    p.unref(); // the test process may exit while we run; the 'exit' handler kills us
    if (opts.track) {
      installHandlers();
      tracked.add(p);
      p.once('exit', () => tracked.delete(p));
    }
    return p;
  } finally {
    fs.closeSync(fd);
  }
}

/** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when it exited. */
export async function stopProcess(p: ChildProcess, graceMs = 5000): Promise<void> {
  if (p.pid === undefined || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  killGroup(p, 'SIGTERM');
  const timer = setTimeout(() => killGroup(p, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// ---- the fixture --------------------------------------------------------------

/** Start etcd + kube-apiserver and wait until /readyz is ok. */
export async function startCluster(opts: StartOptions = {}): Promise<Cluster> {
  const assets = path.resolve(opts.assets ?? assetsFor(opts.version));
  const keep = opts.keep ?? process.env.ENVTEST_KEEP === '1';
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envtest-'));
  const entry = { procs: [] as ChildProcess[], dir, keep };
  installHandlers();
  live.add(entry);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const p of [...entry.procs].reverse()) await stopProcess(p); // apiserver, then etcd
    live.delete(entry);
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [clientPort, peerPort, securePort] = [await freePort(), await freePort(), await freePort()];

    // etcd: single member, loopback only, throwaway data.
    const etcdUrl = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const etcdLog = path.join(dir, 'etcd.log');
    const etcd = startProcess(
      path.join(assets, 'etcd'),
      [
        '--name=envtest',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=envtest=${peerUrl}`,
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      etcdLog,
    );
    entry.procs.push(etcd);
    await waitFor('etcd', deadline, [etcd], etcdLog, async () => {
      const [status, body] = await get(`${etcdUrl}/health`);
      return status === 200 && body.includes('"health":"true"');
    });

    // Credentials: static admin token, service-account signing key.
    const token = randomBytes(24).toString('hex');
    const tokenFile = path.join(dir, 'tokens.csv');
    fs.writeFileSync(tokenFile, `${token},envtest-admin,envtest-admin,"system:masters"\n`, { mode: 0o600 });
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const saPub = path.join(dir, 'sa.pub');
    const saKey = path.join(dir, 'sa.key');
    fs.writeFileSync(saPub, publicKey);
    fs.writeFileSync(saKey, privateKey, { mode: 0o600 });

    // kube-apiserver: generates a self-signed serving cert (+ CA) into --cert-dir.
    const certDir = path.join(dir, 'certs');
    const server = `https://127.0.0.1:${securePort}`;
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const apiserver = startProcess(
      path.join(assets, 'kube-apiserver'),
      [
        `--etcd-servers=${etcdUrl}`,
        `--cert-dir=${certDir}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // Nothing serves the `kubernetes` Service; 1.3x refuses a loopback IP in its endpoints.
        '--endpoint-reconciler-type=none',
        `--secure-port=${securePort}`,
        `--token-auth-file=${tokenFile}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${saPub}`,
        `--service-account-signing-key-file=${saKey}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        // No controller-manager creates "default" ServiceAccounts, so Pods would be rejected.
        '--disable-admission-plugins=ServiceAccount',
        ...(opts.apiserverArgs ?? []),
      ],
      apiLog,
    );
    entry.procs.push(apiserver);
    await waitFor('kube-apiserver', deadline, [etcd, apiserver], apiLog, async () => {
      const [status, body] = await get(`${server}/readyz`, { Authorization: `Bearer ${token}` });
      return status === 200 && body.trim() === 'ok';
    });

    // kubeconfig (JSON is YAML). The cert file holds the serving cert and its CA.
    const kubeconfig = path.join(dir, 'kubeconfig');
    const caData = fs.readFileSync(path.join(certDir, 'apiserver.crt')).toString('base64');
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'envtest', cluster: { server, 'certificate-authority-data': caData } }],
      users: [{ name: 'envtest-admin', user: { token } }],
      contexts: [{ name: 'envtest', context: { cluster: 'envtest', user: 'envtest-admin', namespace: 'default' } }],
      'current-context': 'envtest',
    };
    fs.writeFileSync(kubeconfig, JSON.stringify(config, null, 2), { mode: 0o600 });

    return { kubeconfig, kubectl: path.join(assets, 'kubectl'), server, token, assets, dir, pids: entry.procs.map((p) => p.pid!), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The outcome of one kubectl run against a test cluster. */
export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl against `cluster` (its own kubeconfig), with `input` on stdin; never throws. */
export function kubectl(cluster: Cluster, args: string[], input?: string): KubectlResult {
  const r = spawnSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stdout of a kubectl run that must succeed; otherwise throws with `what`, the exit code, stderr and stdout. */
export function ok(result: KubectlResult, what: string): string {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/**
 * What every gitops-tier scenario shares: where tools/build.sh put the controllers, why a scenario cannot run,
 * a throwaway CA for the loopback HTTPS servers, the Git server (git http-backend behind test/gitops/git-https-server.js),
 * the OCI registry (Debian's docker-registry) holding the packaged CodeCanvas chart and its relay/jump/operator
 * subcharts, Argo CD's Redis (miniredis), and a small REST client for the test kube-apiservers.
 *
 * Every process is started with envtest's startProcess (its own process group) and listens on 127.0.0.1 only;
 * `Rig.stop()` stops them by PID in reverse order. If the test process dies first (Jest killed), the reaper
 * (test/gitops/reaper.js) kills them, and the API servers registered with `reap`.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { Cluster, freePort, get, sleep, startProcess, stopProcess, waitFor } from '../cluster/envtest';

export const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.TOOLS_CACHE_DIR ? path.resolve(process.env.TOOLS_CACHE_DIR) : path.join(ROOT, '.cache');
const GITOPS_BIN = path.join(CACHE, 'gitops', 'bin');

/** The binaries tools/build.sh builds (`all` and `gitops` targets). */
export const TOOLS = {
  /** Symlinks to the one argocd binary: it dispatches on argv[0], so it is only ever started under these names. */
  argocdRepoServer: path.join(GITOPS_BIN, 'argocd-repo-server'),
  argocdController: path.join(GITOPS_BIN, 'argocd-application-controller'),
  /** Directory holding the helm that Argo CD's repo-server execs from PATH (the version Argo CD pins). */
  argocdHelmDir: path.join(CACHE, 'gitops', 'argocd-helm'),
  /** Argo CD's own CRDs, from the module copy the binary was built in. */
  argocdCrds: path.join(CACHE, 'gitops', 'src', 'github.com_argoproj_argo-cd_v2@v' + pin('ARGOCD_VERSION'), 'manifests', 'crds'),
  sourceController: path.join(GITOPS_BIN, 'source-controller'),
  kustomizeController: path.join(GITOPS_BIN, 'kustomize-controller'),
  helmController: path.join(GITOPS_BIN, 'helm-controller'),
  miniredis: path.join(GITOPS_BIN, 'miniredis'),
  registry: path.join(GITOPS_BIN, 'registry'),
  /** The project's helm (tools' pin): pushes the charts. */
  helm: path.join(CACHE, 'bin', 'helm'),
  helm4: path.join(CACHE, 'helm4', 'helm'),
  kubeseal: path.join(CACHE, 'bin', 'kubeseal'),
  sealedSecretsController: path.join(CACHE, 'bin', 'controller'),
};

function pin(key: string): string {
  const m = new RegExp(`^${key}=(.*)$`, 'm').exec(fs.readFileSync(path.join(ROOT, 'tools', 'versions.env'), 'utf8'));
  return m ? m[1].trim() : '';
}

/** The packaged CodeCanvas chart named by CODECANVAS_CHART (as .ci/run sets it). */
export const CHART = process.env.CODECANVAS_CHART ? path.resolve(process.env.CODECANVAS_CHART) : undefined;

/** Why a scenario needing `tools` cannot run here, or undefined. */
export function skipReason(tools: (keyof typeof TOOLS)[]): string | undefined {
  if (spawnSync('go', ['version']).status !== 0 && !fs.existsSync(TOOLS.argocdRepoServer)) return 'no Go toolchain to build the controllers (tools/build.sh gitops)';
  if (spawnSync('git', ['--version']).status !== 0) return 'no git (the Git server is git http-backend)';
  if (spawnSync('openssl', ['version']).status !== 0) return 'no openssl (makes the loopback CA)';
  if (!CHART) return 'CODECANVAS_CHART is not set: point it at the packaged CodeCanvas chart (.tgz from helm pull)';
  if (!fs.existsSync(CHART)) return `CODECANVAS_CHART=${CHART} does not exist`;
  const missing = tools.filter((t) => !fs.existsSync(TOOLS[t]));
  if (missing.length) return `not built: ${missing.map((t) => path.relative(CACHE, TOOLS[t])).join(', ')}: run bash tools/build.sh all gitops`;
  return undefined;
}

/** Declares the scenario's tests, or one skipped test naming the reason; under CI=true a missing piece fails. */
export function describeGitops(name: string, tools: (keyof typeof TOOLS)[], body: () => void): void {
  const reason = skipReason(tools);
  if (!reason) return describe(name, body);
  if (process.env.CI === 'true') test(name, () => { throw new Error(`gitops tier cannot run under CI=true: ${reason}`); });
  else test.skip(`${name}: ${reason}`, () => undefined);
}

/** Runs a command that must succeed; returns stdout. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}\n${(r.stdout ?? '').slice(0, 2000)}`);
  return r.stdout;
}

/** Like run(), but without blocking the event loop (the stand-in status writer keeps running meanwhile). */
export function runAsync(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${code}):\n${stderr}\n${stdout.slice(0, 2000)}`))));
  });
}

// ---- the rig: processes, TLS, Git, registry, redis ----------------------------------------------------------

export interface Tls {
  /** CA certificate (PEM file) every client of the rig trusts. */
  ca: string;
  /** Serving certificate for localhost and 127.0.0.1, and its key. */
  cert: string;
  key: string;
}

/** A throwaway CA and a serving certificate for `localhost` / 127.0.0.1 (openssl). */
export function makeTls(dir: string): Tls {
  fs.mkdirSync(dir, { recursive: true });
  const f = (n: string) => path.join(dir, n);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2',
    '-subj', '/CN=codecanvas gitops tier CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('tls.key'), '-out', f('tls.csr'), '-subj', '/CN=localhost']);
  fs.writeFileSync(f('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  run('openssl', ['x509', '-req', '-in', f('tls.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('tls.crt'), '-days', '2', '-extfile', f('ext.cnf')]);
  return { ca: f('ca.crt'), cert: f('tls.crt'), key: f('tls.key') };
}

export class Rig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
  readonly tls = makeTls(path.join(this.dir, 'tls'));
  private readonly procs: { name: string; p: ChildProcess; log: string }[] = [];
  private readonly pidFile = path.join(this.dir, 'pids');
  /** Kills everything in pidFile if the test process dies without stop() (test/gitops/reaper.js). */
  private readonly reaper = startReaper(this.pidFile, this.dir);

  /** Also kill the process group of `pid` if the test process dies. */
  reap(pid: number | undefined): void {
    if (pid) fs.appendFileSync(this.pidFile, `${pid}\n`);
  }

  /** Also kill an API server of this scenario (and remove its temp dir) if the test process dies. */
  reapCluster(cluster: Cluster): void {
    for (const pid of cluster.pids) this.reap(pid);
    fs.appendFileSync(this.pidFile, `${cluster.dir}\n`);
  }

  /** Starts a tracked process; its log is <dir>/<name>.log. */
  start(name: string, bin: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): { p: ChildProcess; log: string } {
    const log = path.join(this.dir, `${name}.log`);
    const p = startProcess(bin, args, log, { env: { PATH: process.env.PATH, HOME: this.dir, ...env }, cwd, track: true });
    this.reap(p.pid);
    this.procs.push({ name, p, log });
    return { p, log };
  }

  /** Fails if any started process has exited (with the tail of its log). */
  checkAlive(): void {
    for (const { name, p, log } of this.procs) {
      if (p.exitCode !== null || p.signalCode !== null) {
        throw new Error(`${name} exited (${p.exitCode ?? p.signalCode}):\n${tailOf(log, 40)}`);
      }
    }
  }

  /**
   * Every listening TCP socket held by a process of the rig (and by `extra` PIDs, e.g. the API servers), from
   * /proc: the process name, its address and whether that address is loopback.
   */
  listeners(extra: { name: string; pid: number }[] = []): { name: string; address: string; loopback: boolean }[] {
    const listening = new Map<string, { address: string; loopback: boolean }>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(table)) continue;
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
        const [hex, port] = f[1].split(':');
        listening.set(f[9], { address: `${hexAddress(hex)}:${parseInt(port, 16)}`, loopback: isLoopbackHex(hex) });
      }
    }
    const procs = [...this.procs.map(({ name, p }) => ({ name, pid: p.pid! })), ...extra];
    const out: { name: string; address: string; loopback: boolean }[] = [];
    for (const { name, pid } of procs) {
      let fds: string[] = [];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let target = '';
        try {
          target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        const l = inode ? listening.get(inode) : undefined;
        if (l) out.push({ name, ...l });
      }
    }
    return out;
  }

  log(name: string): string {
    return tailOf(path.join(this.dir, `${name}.log`), 60);
  }

  /** Stops every process by PID, newest first; keeps the logs when GITOPS_KEEP=1. */
  async stop(): Promise<void> {
    for (const { p } of [...this.procs].reverse()) await stopProcess(p);
    this.procs.length = 0;
    this.reaper.kill('SIGTERM');
    if (process.env.GITOPS_KEEP === '1') console.log(`gitops rig kept in ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * The Git server: a bare repository served over HTTPS; returns the repo URL and a work tree to commit from. With
   * `auth` the repository is private: every request must carry those credentials (HTTP Basic).
   */
  async startGit(repo = 'platform', auth?: GitCredentials): Promise<GitRepo> {
    const root = path.join(this.dir, 'git');
    const bare = path.join(root, `${repo}.git`);
    fs.mkdirSync(root, { recursive: true });
    run('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const work = path.join(this.dir, 'work');
    run('git', ['init', '-q', '-b', 'main', work]);
    const port = await freePort();
    const env = auth ? { GIT_SERVER_BASIC_AUTH: `${auth.username}:${auth.password}` } : {};
    const { p, log } = this.start('git-server', process.execPath, [path.join(__dirname, 'git-https-server.js'), String(port), root, this.tls.cert, this.tls.key], env);
    const url = `https://localhost:${port}/${repo}.git`;
    await waitFor('git server', Date.now() + 20_000, [p], log, async () => (await get(`${url}/info/refs?service=git-upload-pack`))[0] === (auth ? 401 : 200));
    return new GitRepo(url, bare, work);
  }

  /**
   * The OCI registry (Debian's docker-registry) holding the packaged chart and its relay, jump and operator
   * subcharts (each packaged as a chart of its own, as they are published). Two instances share one storage
   * directory: plain HTTP, which Helm 3 always uses for a registry on localhost (so the project's helm pushes there
   * and Argo CD's repo-server pulls there), and HTTPS with the rig's CA (for Flux). Returns both `oci://localhost:<port>/charts`.
   */
  async startRegistry(chartTgz: string): Promise<{ http: string; https: string }> {
    const storage = path.join(this.dir, 'registry');
    const serve = async (name: string, tls: boolean): Promise<string> => {
      const port = await freePort();
      const config = path.join(this.dir, `${name}.yml`);
      const http: Json = { addr: `127.0.0.1:${port}`, secret: 'gitops-tier' };
      if (tls) http.tls = { certificate: this.tls.cert, key: this.tls.key };
      fs.writeFileSync(config, yaml.dump({ version: 0.1, log: { level: 'warn' }, storage: { filesystem: { rootdirectory: storage } }, http }));
      const { p, log } = this.start(name, TOOLS.registry, ['serve', config]);
      await waitFor(name, Date.now() + 20_000, [p], log, async () => (await get(`${tls ? 'https' : 'http'}://127.0.0.1:${port}/v2/`))[0] === 200);
      return `oci://localhost:${port}/charts`;
    };
    const repos = { http: await serve('registry-http', false), https: await serve('registry-https', true) };
    const unpacked = path.join(this.dir, 'chart');
    fs.mkdirSync(unpacked);
    run('tar', ['-xzf', chartTgz, '-C', unpacked]);
    const home = path.join(this.dir, 'helm-home');
    const env = { ...process.env, HELM_CACHE_HOME: `${home}/cache`, HELM_CONFIG_HOME: `${home}/config`, HELM_DATA_HOME: `${home}/data` };
    const packaged = path.join(this.dir, 'packaged');
    for (const sub of ['codecanvas-relay', 'codecanvas-jump', 'codecanvas-operator']) {
      run(TOOLS.helm, ['package', path.join(unpacked, 'codecanvas', 'charts', sub), '--destination', packaged], { env });
    }
    for (const tgz of [chartTgz, ...fs.readdirSync(packaged).map((f) => path.join(packaged, f))]) {
      run(TOOLS.helm, ['push', tgz, repos.http, '--plain-http'], { env });
    }
    return repos;
  }

  /** Argo CD's cache: miniredis on 127.0.0.1; returns host:port. */
  async startRedis(name = 'redis'): Promise<string> {
    const port = await freePort();
    const addr = `127.0.0.1:${port}`;
    const { p, log } = this.start(name, TOOLS.miniredis, [addr]);
    await waitFor('redis', Date.now() + 10_000, [p], log, async () => fs.readFileSync(log, 'utf8').includes('listening'));
    return addr;
  }
}

/** HTTP Basic credentials of a private repository on the rig's Git server (test values, not secrets). */
export interface GitCredentials {
  username: string;
  password: string;
}

/**
 * A kubeconfig (in the rig's directory) with one context per cluster, named as given: INSTALL.md names each
 * cluster's context after its output folder (`kubectl --context <folder> ...`), so its commands run as printed.
 */
export function kubeconfigWithContexts(rig: Rig, contexts: Record<string, Cluster>): string {
  const entries = Object.entries(contexts);
  const caData = (c: Cluster) => fs.readFileSync(path.join(c.dir, 'certs', 'apiserver.crt')).toString('base64');
  const file = path.join(rig.dir, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: entries.map(([name, c]) => ({ name, cluster: { server: c.server, 'certificate-authority-data': caData(c) } })),
    users: entries.map(([name, c]) => ({ name, user: { token: c.token } })),
    contexts: entries.map(([name]) => ({ name, context: { cluster: name, user: name } })),
  };
  fs.writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

/** /proc/net/tcp{,6} addresses are 32-bit words in host (little-endian) byte order. */
function hexAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return `[${groups.join(':')}]`;
}

function isLoopbackHex(hex: string): boolean {
  const a = hexAddress(hex);
  return /^127\./.test(a) || a === '[0:0:0:0:0:0:0:1]' || /^\[0:0:0:0:0:ffff:7f/.test(a);
}

function startReaper(pidFile: string, dir: string): ChildProcess {
  const p = spawn(process.execPath, [path.join(__dirname, 'reaper.js'), String(process.pid), pidFile, dir], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH, GITOPS_KEEP: process.env.GITOPS_KEEP },
  });
  p.unref();
  return p;
}

function tailOf(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A repository on the rig's Git server and the work tree the test commits from. */
export class GitRepo {
  constructor(
    readonly url: string,
    readonly bare: string,
    readonly work: string,
  ) {}

  /** Replaces `dir` in the work tree with `from`, commits everything and pushes to the served repository; returns the commit. */
  commit(message: string, dir: string, from: string): string {
    const target = path.join(this.work, dir);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(from, target, { recursive: true });
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=gitops tier', '-c', 'user.email=gitops@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd: this.work }).trim();
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
    git('push', '-q', '-f', this.bare, 'HEAD:main');
    return git('rev-parse', 'HEAD');
  }
}

// ---- a small REST client for the test API servers ---------------------------------------------------------

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; uid?: string; resourceVersion?: string; annotations?: Record<string, string>; labels?: Record<string, string>; creationTimestamp?: string };
  [k: string]: Json;
}

export class Kube {
  private readonly ca: Buffer;
  constructor(readonly cluster: Cluster) {
    this.ca = fs.readFileSync(path.join(cluster.dir, 'certs', 'apiserver.crt'));
  }

  request(method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = https.request(
        `${this.cluster.server}${urlPath}`,
        {
          method,
          ca: this.ca,
          headers: { Authorization: `Bearer ${this.cluster.token}`, Accept: 'application/json', ...(data ? { 'Content-Type': contentType } : {}) },
          timeout: 30_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            let parsed: Json = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  async ok(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<Json> {
    const r = await this.request(method, urlPath, body, contentType);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${urlPath}: HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  }

  /** Items of a list path, e.g. /apis/apps/v1/deployments; [] when the API is not served. */
  async list(urlPath: string): Promise<KubeObject[]> {
    const r = await this.request('GET', urlPath);
    if (r.status !== 200) return [];
    // List items carry no apiVersion/kind of their own.
    const kind = String(r.body.kind).replace(/List$/, '');
    return (r.body.items as KubeObject[]).map((o) => ({ ...o, apiVersion: r.body.apiVersion, kind }));
  }

  /** Server-side apply of the objects in `docs` (YAML text or objects), as field manager `manager`. */
  async apply(docs: string | KubeObject[], manager = 'gitops-tier'): Promise<void> {
    const objects = typeof docs === 'string' ? (yaml.loadAll(docs) as KubeObject[]).filter((d) => d && d.kind) : docs;
    for (const o of objects) {
      const url = `${await this.pathOf(o)}?fieldManager=${manager}&force=true`;
      await this.ok('PATCH', url, o, 'application/apply-patch+yaml');
    }
  }

  private readonly resourceCache = new Map<string, { name: string; namespaced: boolean }>();

  /** REST path of an object (via discovery). */
  async pathOf(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): Promise<string> {
    const gv = o.apiVersion;
    const key = `${gv}/${o.kind}`;
    let res = this.resourceCache.get(key);
    if (!res) {
      const base = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
      const list = await this.ok('GET', base);
      for (const r of list.resources as Json[]) if (!r.name.includes('/')) this.resourceCache.set(`${gv}/${r.kind}`, { name: r.name, namespaced: r.namespaced });
      res = this.resourceCache.get(key);
      if (!res) throw new Error(`${key} is not served`);
    }
    const base = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
    const ns = res.namespaced ? `/namespaces/${o.metadata.namespace ?? 'default'}` : '';
    return `${base}${ns}/${res.name}/${o.metadata.name}`;
  }

  /**
   * Creates every CRD in the YAML files given (fields the API server does not know are dropped, as a client-side
   * `kubectl create` drops newer CRDs' selectableFields on Kubernetes 1.29, see README "Compatibility notes") and
   * waits until each is Established.
   */
  async applyCrds(files: string[]): Promise<void> {
    const crds: KubeObject[] = [];
    for (const f of files) crds.push(...(yaml.loadAll(fs.readFileSync(f, 'utf8')) as KubeObject[]).filter((d) => d?.kind === 'CustomResourceDefinition'));
    for (const c of crds) {
      const r = await this.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Ignore', c);
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating CRD ${c.metadata.name}: HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    }
    for (const c of crds) {
      for (let i = 0; ; i++) {
        const got = await this.ok('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`);
        if ((got.status?.conditions ?? []).some((x: Json) => x.type === 'Established' && x.status === 'True')) break;
        if (i > 100) throw new Error(`CRD ${c.metadata.name} not Established`);
        await sleep(100);
      }
    }
    this.resourceCache.clear();
  }
}

/** Polls `check` every `everyMs` until it returns a value (not undefined) or `timeoutMs` passes; `rig` processes must stay up. */
export async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, rig?: Rig, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    rig?.checkAlive();
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(everyMs);
  }
}

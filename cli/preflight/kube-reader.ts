/**
 * The preflight `ClusterReader` against a live API server, through @kubernetes/client-node.
 *
 * client-node is loaded here, at run time and only when a reader is created, never by the synth: it is an ES
 * module (v1), which Node >= 20.19 loads through `require`; older Node 20 releases fall back to `import()`.
 * Its rules (kubeconfig files, context choice, the message of each failure) are in kube-errors.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as k8s from '@kubernetes/client-node';
import { MAX_KUBECONFIG_BYTES, onPath, precheckKubeconfig } from './kubeconfig-precheck';
import {
  contextProblem,
  emptyKubeconfig,
  kubeconfigFiles,
  kubeconfigLoadError,
  missingPlugin,
  noKubeconfig,
  noKubeconfigFile,
  notFound,
  requestError,
  undefinedCluster,
  unescapeProxyPath,
} from './kube-errors';
import { readTextFile } from '../../lib/util/read-file';
import {
  AppProjectView,
  ArgoCdClusterView,
  ClusterReader,
  ConditionView,
  CrdView,
  NodeView,
  ObjectMetaView,
  ObjectView,
  VersionView,
} from './cluster-reader';

type ClientNode = typeof k8s;

export { KubeReaderError } from './kubeconfig-precheck';

let clientNode: Promise<ClientNode> | undefined;

/** Loads @kubernetes/client-node once, on first use. */
export function loadClientNode(): Promise<ClientNode> {
  clientNode ??= (async () => {
    try {
      return require('@kubernetes/client-node') as ClientNode; // eslint-disable-line @typescript-eslint/no-require-imports
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
      // Node < 20.19 cannot require an ES module; a real import() (not rewritten by the TypeScript compiler) can.
      const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<ClientNode>;
      return dynamicImport('@kubernetes/client-node');
    }
  })();
  return clientNode;
}

export interface KubeReaderOptions {
  /** A kubeconfig file (`--kubeconfig`); default: env KUBECONFIG (path list), else ~/.kube/config, else in-cluster. */
  readonly kubeconfig?: string;
  /** Context to use (`--context`); default: the kubeconfig's current-context. */
  readonly context?: string;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** A ClusterReader and what it talks to. */
export interface KubeClusterReader extends ClusterReader {
  readonly context: string;
  readonly server: string;
  /** Every context of the kubeconfig and its cluster's server URL (for the one-folder-per-API-server check). */
  readonly contextServers: ReadonlyMap<string, string>;
}

/** Loads the kubeconfig, selects the context and returns a reader for it. Throws KubeReaderError. */
export async function createKubeReader(options: KubeReaderOptions = {}): Promise<KubeClusterReader> {
  // File-level problems (empty file, missing credential plugin) first, with messages client-node cannot give.
  precheckKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() });
  const k = await loadClientNode();
  const kc = loadKubeConfig(k, options);
  return new ClientNodeReader(k, kc, options.timeoutMs ?? 30_000);
}

function loadKubeConfig(k: ClientNode, options: KubeReaderOptions): k8s.KubeConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const kc = new k.KubeConfig();
  const load = (target: k8s.KubeConfig, file: string) => {
    let text: string | undefined;
    try {
      text = readTextFile(file, MAX_KUBECONFIG_BYTES);
    } catch {
      text = undefined; // loadFromFile reports it below
    }
    const empty = emptyKubeconfig(file, text);
    if (empty) throw empty;
    try {
      target.loadFromFile(file);
    } catch (e) {
      throw kubeconfigLoadError(file, e);
    }
  };

  if (options.kubeconfig) {
    load(kc, path.resolve(cwd, options.kubeconfig));
  } else if (env.KUBECONFIG) {
    const files = kubeconfigFiles(env.KUBECONFIG, cwd);
    const existing = files.filter((f) => fs.existsSync(f));
    if (existing.length === 0) throw noKubeconfigFile(files);
    load(kc, existing[0]);
    for (const file of existing.slice(1)) {
      const more = new k.KubeConfig();
      load(more, file);
      kc.mergeConfig(more, true); // like kubectl: the first file's current-context wins
    }
  } else {
    const home = path.join(env.HOME || env.USERPROFILE || os.homedir(), '.kube', 'config');
    if (fs.existsSync(home)) load(kc, home);
    else if (env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
    else throw noKubeconfig(home);
  }

  const problem = contextProblem(kc.getContexts().map((c) => c.name), options.context, kc.getCurrentContext());
  if (problem) throw problem;
  if (options.context) kc.setCurrentContext(options.context);
  if (!kc.getCurrentCluster()) throw undefinedCluster(kc.getCurrentContext());
  // Entra ID AKS clusters authenticate through an exec plugin (kubelogin); without it every request would fail
  // with "spawn kubelogin ENOENT".
  const plugin = kc.getCurrentUser()?.exec?.command;
  if (plugin && !onPath(plugin, env, cwd)) {
    throw missingPlugin(kc.getCurrentContext(), plugin);
  }
  return kc;
}

class ClientNodeReader implements KubeClusterReader {
  readonly context: string;
  readonly server: string;
  readonly contextServers: ReadonlyMap<string, string>;
  private readonly core: k8s.CoreV1Api;
  private readonly version: k8s.VersionApi;
  private readonly networking: k8s.NetworkingV1Api;
  private readonly apiextensions: k8s.ApiextensionsV1Api;
  private readonly storage: k8s.StorageV1Api;
  private readonly admission: k8s.AdmissionregistrationV1Api;
  private readonly custom: k8s.CustomObjectsApi;
  private readonly options: k8s.ConfigurationOptions;
  private readonly textOptions: k8s.ConfigurationOptions;

  constructor(
    k: ClientNode,
    kc: k8s.KubeConfig,
    private readonly timeoutMs: number,
  ) {
    this.context = kc.getCurrentContext();
    this.server = kc.getCurrentCluster()?.server ?? '(unknown)';
    const servers = new Map<string, string>();
    for (const c of kc.getContexts()) {
      const server = kc.getCluster(c.cluster)?.server;
      if (server !== undefined) servers.set(c.name, server);
    }
    this.contextServers = servers;
    this.core = kc.makeApiClient(k.CoreV1Api);
    this.version = kc.makeApiClient(k.VersionApi);
    this.networking = kc.makeApiClient(k.NetworkingV1Api);
    this.apiextensions = kc.makeApiClient(k.ApiextensionsV1Api);
    this.storage = kc.makeApiClient(k.StorageV1Api);
    this.admission = kc.makeApiClient(k.AdmissionregistrationV1Api);
    this.custom = kc.makeApiClient(k.CustomObjectsApi);
    // Every request gets an abort signal, so an unreachable server fails the run instead of hanging it.
    const timeout: k8s.ObservableMiddleware = {
      pre: (ctx) => {
        ctx.setSignal(AbortSignal.timeout(this.timeoutMs));
        return new k.Observable(Promise.resolve(ctx));
      },
      post: (res) => new k.Observable(Promise.resolve(res)),
    };
    this.options = { middleware: [timeout], middlewareMergeStrategy: 'append' };
    // For the service proxy (the Sealed Secrets certificate): the generated client escapes the "/" of the proxied
    // path (proxy/v1%2Fcert.pem), which the controller would not find; and the controller answers
    // application/x-pem-file, which the client refuses to parse. The path is unescaped, the body read as text.
    const asText: k8s.ObservableMiddleware = {
      pre: (ctx) => {
        ctx.setUrl(unescapeProxyPath(ctx.getUrl()));
        return new k.Observable(Promise.resolve(ctx));
      },
      post: (res) => {
        res.headers['content-type'] = 'text/plain';
        return new k.Observable(Promise.resolve(res));
      },
    };
    this.textOptions = { middleware: [timeout, asText], middlewareMergeStrategy: 'append' };
  }

  /** Runs one request: 404 resolves to undefined, anything else throws a KubeReaderError naming the request. */
  private async call<T>(what: string, request: (options: k8s.ConfigurationOptions) => Promise<T>, options = this.options): Promise<T | undefined> {
    try {
      return await request(options);
    } catch (e) {
      const error = requestError(e, what, { context: this.context, server: this.server, timeoutMs: this.timeoutMs });
      if (error) throw error;
      return undefined;
    }
  }

  private async get<T>(what: string, request: (options: k8s.ConfigurationOptions) => Promise<T>): Promise<T> {
    const result = await this.call(what, request);
    if (result === undefined) throw notFound(what);
    return result;
  }

  async getVersion(): Promise<VersionView> {
    const v = await this.get('/version', (o) => this.version.getCode({}, o));
    return { gitVersion: v.gitVersion, major: v.major, minor: v.minor };
  }

  async listNodes(): Promise<NodeView[]> {
    const nodes: NodeView[] = [];
    let next: string | undefined;
    do {
      const page = await this.get('nodes', (o) => this.core.listNode({ limit: 500, _continue: next }, o));
      for (const n of page.items) {
        nodes.push({
          metadata: meta(n.metadata),
          spec: { unschedulable: n.spec?.unschedulable, taints: n.spec?.taints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect })) },
          status: { allocatable: n.status?.allocatable, capacity: n.status?.capacity },
        });
      }
      next = page.metadata?._continue || undefined;
    } while (next);
    return nodes;
  }

  async getIngressClass(name: string): Promise<ObjectView | undefined> {
    const ic = await this.call(`ingressclasses/${name}`, (o) => this.networking.readIngressClass({ name }, o));
    return ic && { metadata: meta(ic.metadata) };
  }

  async listIngressClasses(): Promise<string[]> {
    const list = await this.get('ingressclasses', (o) => this.networking.listIngressClass({}, o));
    return list.items.map((i) => i.metadata?.name ?? '').filter(Boolean).sort();
  }

  async getCrd(name: string): Promise<CrdView | undefined> {
    const crd = await this.call(`customresourcedefinitions/${name}`, (o) => this.apiextensions.readCustomResourceDefinition({ name }, o));
    return crd && { metadata: meta(crd.metadata), spec: { versions: crd.spec.versions.map((v) => ({ name: v.name, served: v.served })) } };
  }

  async getClusterIssuer(name: string): Promise<ObjectView | undefined> {
    const issuer = (await this.call(`clusterissuers.cert-manager.io/${name}`, (o) =>
      this.custom.getClusterCustomObject({ group: 'cert-manager.io', version: 'v1', plural: 'clusterissuers', name }, o),
    )) as { metadata?: k8s.V1ObjectMeta; status?: { conditions?: ConditionView[] } } | undefined;
    return issuer && { metadata: meta(issuer.metadata), status: { conditions: conditions(issuer.status?.conditions) } };
  }

  async getCsiDriver(name: string): Promise<ObjectView | undefined> {
    const driver = await this.call(`csidrivers/${name}`, (o) => this.storage.readCSIDriver({ name }, o));
    return driver && { metadata: meta(driver.metadata) };
  }

  async getNamespace(name: string): Promise<ObjectView | undefined> {
    const ns = await this.call(`namespaces/${name}`, (o) => this.core.readNamespace({ name }, o));
    return ns && { metadata: meta(ns.metadata), status: { phase: ns.status?.phase } };
  }

  async getSecret(namespace: string, name: string): Promise<ObjectView | undefined> {
    const secret = await this.call(`namespaces/${namespace}/secrets/${name}`, (o) => this.core.readNamespacedSecret({ name, namespace }, o));
    if (!secret) return undefined;
    // Metadata only, and only the annotation the checks read: kubectl's last-applied-configuration holds the data.
    const m = meta(secret.metadata);
    const managed = m.annotations?.['sealedsecrets.bitnami.com/managed'];
    return { metadata: { ...m, annotations: managed === undefined ? undefined : { 'sealedsecrets.bitnami.com/managed': managed } } };
  }

  async getService(namespace: string, name: string): Promise<ObjectView | undefined> {
    const svc = await this.call(`namespaces/${namespace}/services/${name}`, (o) => this.core.readNamespacedService({ name, namespace }, o));
    return svc && { metadata: meta(svc.metadata) };
  }

  async getServiceAccount(namespace: string, name: string): Promise<ObjectView | undefined> {
    const sa = await this.call(`namespaces/${namespace}/serviceaccounts/${name}`, (o) => this.core.readNamespacedServiceAccount({ name, namespace }, o));
    return sa && { metadata: meta(sa.metadata) };
  }

  async getSealedSecretsCertificate(namespace: string, service: string): Promise<string | undefined> {
    // What kubeseal --fetch-cert reads: the controller's /v1/cert.pem through the API server's service proxy,
    // scheme http, the Service's first port (by its name, as kubeseal picks it).
    const svc = await this.call(`namespaces/${namespace}/services/${service}`, (o) => this.core.readNamespacedService({ name: service, namespace }, o));
    if (!svc) return undefined;
    // A 404 here is the proxy's or the controller's answer (the Service exists), so it is an error, not "not found".
    const name = `http:${service}:${svc.spec?.ports?.[0]?.name ?? ''}`;
    const text = await this.call(
      `namespaces/${namespace}/services/${name}/proxy/v1/cert.pem`,
      (o) => this.core.connectGetNamespacedServiceProxyWithPath({ name, namespace, path: 'v1/cert.pem' }, o),
      this.textOptions,
    );
    if (text === undefined) throw notFound(`namespaces/${namespace}/services/${name}/proxy/v1/cert.pem`);
    return text;
  }

  async getMutatingWebhookConfiguration(name: string): Promise<ObjectView | undefined> {
    const hook = await this.call(`mutatingwebhookconfigurations/${name}`, (o) => this.admission.readMutatingWebhookConfiguration({ name }, o));
    return hook && { metadata: meta(hook.metadata) };
  }

  async getAppProject(namespace: string, name: string): Promise<AppProjectView | undefined> {
    const project = (await this.call(`namespaces/${namespace}/appprojects.argoproj.io/${name}`, (o) =>
      this.custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', plural: 'appprojects', namespace, name }, o),
    )) as { metadata?: k8s.V1ObjectMeta; spec?: AppProjectView['spec'] } | undefined;
    if (!project) return undefined;
    const spec = project.spec ?? {};
    return {
      metadata: meta(project.metadata),
      spec: {
        destinations: spec.destinations?.map((d) => ({ server: d.server, name: d.name, namespace: d.namespace })),
        sourceRepos: spec.sourceRepos ? [...spec.sourceRepos] : undefined,
      },
    };
  }

  async listArgoCdClusters(namespace: string): Promise<ArgoCdClusterView[]> {
    const list = await this.get(`namespaces/${namespace}/secrets?labelSelector=argocd.argoproj.io/secret-type=cluster`, (o) =>
      this.core.listNamespacedSecret({ namespace, labelSelector: 'argocd.argoproj.io/secret-type=cluster' }, o),
    );
    // Only the server URL leaves this function; the config (credentials) in the same Secret is dropped here.
    return list.items.map((s) => {
      const server = s.data?.server;
      return { name: s.metadata?.name ?? '', server: server === undefined ? undefined : Buffer.from(server, 'base64').toString('utf8') };
    });
  }
}

function meta(m: k8s.V1ObjectMeta | undefined): ObjectMetaView {
  return {
    name: m?.name,
    namespace: m?.namespace,
    labels: m?.labels,
    annotations: m?.annotations,
    ownerReferences: m?.ownerReferences?.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name })),
    deletionTimestamp: m?.deletionTimestamp,
  };
}

function conditions(list: readonly ConditionView[] | undefined): ConditionView[] | undefined {
  return list?.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message }));
}

/**
 * The live reader's rules (cli/preflight/kube-reader.ts), free of @kubernetes/client-node: which kubeconfig files
 * KUBECONFIG names, which context is used, how a failed load or request becomes one KubeReaderError the user can
 * act on, and the service-proxy path fix. The reader does the reading.
 */
import * as path from 'path';
import { GET_CREDENTIALS, KubeReaderError, missingPluginFix } from './kubeconfig-precheck';

/** The fix of a kubeconfig that is empty or cannot be loaded. */
const FETCH_CREDENTIALS = `fetch the cluster's credentials: ${GET_CREDENTIALS}`;

/** The kubeconfig files a KUBECONFIG path list names, resolved against `cwd` (empty entries skipped). */
export function kubeconfigFiles(list: string, cwd: string): string[] {
  return list
    .split(path.delimiter)
    .filter(Boolean)
    .map((f) => path.resolve(cwd, f));
}

/** The refusal of a KUBECONFIG whose files (`files`, as kubeconfigFiles named them) all do not exist. */
export function noKubeconfigFile(files: readonly string[]): KubeReaderError {
  return new KubeReaderError(`KUBECONFIG names no existing file (${files.join(path.delimiter)})`);
}

/** The refusal when no kubeconfig is named and `home` (~/.kube/config) does not exist outside a cluster. */
export function noKubeconfig(home: string): KubeReaderError {
  return new KubeReaderError(`no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create ${home}`);
}

/** The refusal of a kubeconfig file whose text (undefined when unreadable) is blank; undefined otherwise. */
export function emptyKubeconfig(file: string, text: string | undefined): KubeReaderError | undefined {
  return text !== undefined && text.trim() === '' ? new KubeReaderError(`kubeconfig ${file} is empty`, FETCH_CREDENTIALS) : undefined;
}

/** A kubeconfig file that client-node could not load (`e`, its error): missing, or why not. */
export function kubeconfigLoadError(file: string, e: unknown): KubeReaderError {
  const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be loaded: ${(e as Error).message}`;
  return new KubeReaderError(`kubeconfig ${file} ${reason}`, FETCH_CREDENTIALS);
}

/**
 * The context problem of a kubeconfig with `contexts`: `wanted` (--context) must be one of them; without it the
 * current context (`current`, '' when unset) must be set and be one of them. Undefined when there is none.
 */
export function contextProblem(contexts: readonly string[], wanted: string | undefined, current: string): KubeReaderError | undefined {
  const known = (lead: string) => (contexts.length > 0 ? `${lead}: ${contexts.join(', ')}` : 'it has no contexts');
  if (wanted) {
    return contexts.includes(wanted) ? undefined : new KubeReaderError(`context ${JSON.stringify(wanted)} is not in the kubeconfig; ${known('it has')}`);
  }
  if (!current || !contexts.includes(current)) {
    return new KubeReaderError(`the kubeconfig has no current-context; pass --context NAME (${known('one of')})`);
  }
  return undefined;
}

/** The refusal of a context whose cluster the kubeconfig does not define. */
export function undefinedCluster(context: string): KubeReaderError {
  return new KubeReaderError(`context ${context} names a cluster the kubeconfig does not define`);
}

/** The refusal of a context that logs in with credential plugin `plugin`, which is not on PATH. */
export function missingPlugin(context: string, plugin: string): KubeReaderError {
  return new KubeReaderError(`context ${context} logs in with the credential plugin ${plugin}, which is not installed (not found on PATH)`, missingPluginFix(plugin));
}

/** An error of the API client carrying the server's answer. */
interface ApiErrorLike {
  code: number;
  body?: unknown;
  message: string;
}

/** Whether `e` is the API client's error for an HTTP answer (a numeric `code` and a `body`). */
export function isApiError(e: unknown): e is ApiErrorLike {
  return typeof e === 'object' && e !== null && typeof (e as ApiErrorLike).code === 'number' && 'body' in e;
}

/** The server's message in an error body (a Status object, or its JSON text); a body that is not JSON, trimmed to 200 characters. */
export function apiMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 200) || undefined;
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Where a request went: the context, its API server, and the per-request timeout. */
export interface RequestTarget {
  readonly context: string;
  readonly server: string;
  readonly timeoutMs: number;
}

/**
 * A failed request for `what` as the KubeReaderError that names it and says what to do; undefined for HTTP 404
 * (not found, which the caller decides about). HTTP errors name the code (401 and 403 say why); a timeout, a
 * missing credential plugin and an unreachable server each say what to check.
 */
export function requestError(e: unknown, what: string, target: RequestTarget): KubeReaderError | undefined {
  if (isApiError(e)) {
    if (e.code === 404) return undefined;
    const detail = apiMessage(e.body);
    const hint =
      e.code === 401
        ? `: the credentials of context ${target.context} were rejected (log in again or refresh the kubeconfig)`
        : e.code === 403
          ? `: the user of context ${target.context} may not read it${detail ? ` (${detail})` : ''}`
          : detail
            ? `: ${detail}`
            : '';
    return new KubeReaderError(`GET ${what} failed with HTTP ${e.code}${hint}`);
  }
  const err = e as Error & { code?: string; type?: string };
  if (err.name === 'AbortError' || err.name === 'TimeoutError' || err.type === 'aborted') {
    return new KubeReaderError(
      `no answer from the API server ${target.server} (context ${target.context}) within ${target.timeoutMs / 1000}s`,
      'check the network path to it (VPN, private cluster, authorized IP ranges: az aks show --query apiServerAccessProfile), or raise --timeout',
    );
  }
  const spawn = /spawn (\S+) ENOENT/.exec(err.message);
  if (spawn) return missingPlugin(target.context, spawn[1]);
  return new KubeReaderError(
    `cannot reach the API server ${target.server} (context ${target.context}): ${err.message.split('\n')[0]}`,
    'check the network path to it (VPN; a private AKS cluster is reachable only from its virtual network) and that the kubeconfig is current: ' + GET_CREDENTIALS,
  );
}

/** The refusal of a request for `what` that answered 404 where the object must exist. */
export function notFound(what: string): KubeReaderError {
  return new KubeReaderError(`GET ${what}: not found (HTTP 404)`);
}

const PROXY = '/proxy/';

/**
 * A service-proxy URL with the proxied path unescaped: the generated client escapes its "/" (proxy/v1%2Fcert.pem),
 * which the proxied server would not find. Other URLs are returned as they are.
 */
export function unescapeProxyPath(url: string): string {
  const at = url.indexOf(PROXY) + PROXY.length;
  return at >= PROXY.length ? url.slice(0, at) + url.slice(at).replace(/%2F/gi, '/') : url;
}

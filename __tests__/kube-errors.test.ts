// The live preflight reader's rules, called directly (cli/preflight/kube-errors.ts): which kubeconfig files KUBECONFIG
// names, which context is used, and the message and fix of each failure, exactly. The reader itself talks to a real
// API server in the cluster tier; this pins every branch of its rules without one.
import * as path from 'path';
import { GET_CREDENTIALS, KubeReaderError, missingPluginFix } from '../cli/preflight/kubeconfig-precheck';
import {
  apiMessage,
  contextProblem,
  emptyKubeconfig,
  isApiError,
  kubeconfigFiles,
  kubeconfigLoadError,
  missingPlugin,
  noKubeconfig,
  noKubeconfigFile,
  notFound,
  requestError,
  undefinedCluster,
  unescapeProxyPath,
} from '../cli/preflight/kube-errors';

const FETCH = `fetch the cluster's credentials: ${GET_CREDENTIALS}`;

/** message and fix of an error that must be a KubeReaderError. */
function said(e: unknown): { message: string; fix?: string } {
  expect(e).toBeInstanceOf(KubeReaderError);
  const k = e as KubeReaderError;
  return { message: k.message, fix: k.fix };
}

describe('kubeconfig files', () => {
  it('KUBECONFIG is a path list: each entry resolved against the working folder, empty ones skipped', () => {
    const d = path.delimiter;
    expect(kubeconfigFiles(`a.yaml${d}${d}/abs/b.yaml${d}`, '/w')).toEqual([path.resolve('/w', 'a.yaml'), path.resolve('/abs/b.yaml')]);
    expect(kubeconfigFiles('', '/w')).toEqual([]);
    expect(said(noKubeconfigFile(['/w/a', '/w/b']))).toEqual({ message: `KUBECONFIG names no existing file (/w/a${d}/w/b)`, fix: undefined });
    expect(said(noKubeconfig('/home/u/.kube/config')).message).toBe('no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create /home/u/.kube/config');
  });

  it('a blank file is refused with the fix; an unreadable one (no text) is left to the loader', () => {
    expect(said(emptyKubeconfig('/k', ''))).toEqual({ message: 'kubeconfig /k is empty', fix: FETCH });
    expect(said(emptyKubeconfig('/k', ' \n\t\n'))).toEqual({ message: 'kubeconfig /k is empty', fix: FETCH });
    expect(emptyKubeconfig('/k', undefined)).toBeUndefined();
    expect(emptyKubeconfig('/k', 'apiVersion: v1\n')).toBeUndefined();
  });

  it('a file the loader refuses: missing, or why it cannot be loaded', () => {
    expect(said(kubeconfigLoadError('/k', Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })))).toEqual({ message: 'kubeconfig /k does not exist', fix: FETCH });
    expect(said(kubeconfigLoadError('/k', Object.assign(new Error('bad yaml'), { code: 'EOTHER' })))).toEqual({ message: 'kubeconfig /k cannot be loaded: bad yaml', fix: FETCH });
    expect(said(kubeconfigLoadError('/k', new Error('bad yaml'))).message).toBe('kubeconfig /k cannot be loaded: bad yaml');
  });
});

describe('context', () => {
  it('--context must name one of the contexts; it wins over the current one', () => {
    expect(contextProblem(['a', 'b'], 'b', '')).toBeUndefined();
    expect(contextProblem(['a', 'b'], 'b', 'x')).toBeUndefined();
    expect(said(contextProblem(['a', 'b'], 'c', 'a'))).toEqual({ message: 'context "c" is not in the kubeconfig; it has: a, b', fix: undefined });
    expect(said(contextProblem([], 'c', '')).message).toBe('context "c" is not in the kubeconfig; it has no contexts');
  });

  it('without --context the current context must be set and exist', () => {
    expect(contextProblem(['a', 'b'], undefined, 'a')).toBeUndefined();
    expect(contextProblem(['a'], '', 'a')).toBeUndefined();
    expect(said(contextProblem(['a', 'b'], undefined, '')).message).toBe('the kubeconfig has no current-context; pass --context NAME (one of: a, b)');
    expect(said(contextProblem(['a', 'b'], undefined, 'gone')).message).toBe('the kubeconfig has no current-context; pass --context NAME (one of: a, b)');
    expect(said(contextProblem([], undefined, '')).message).toBe('the kubeconfig has no current-context; pass --context NAME (it has no contexts)');
  });

  it('names a context without its cluster, or without its credential plugin (with the plugin\'s fix)', () => {
    expect(said(undefinedCluster('prod')).message).toBe('context prod names a cluster the kubeconfig does not define');
    expect(said(missingPlugin('prod', '/usr/bin/kubelogin'))).toEqual({
      message: 'context prod logs in with the credential plugin /usr/bin/kubelogin, which is not installed (not found on PATH)',
      fix: missingPluginFix('/usr/bin/kubelogin'),
    });
  });
});

describe('API errors', () => {
  it('an API error has a numeric code and a body', () => {
    expect(isApiError({ code: 403, body: undefined, message: 'x' })).toBe(true);
    expect(isApiError({ code: '403', body: '', message: 'x' })).toBe(false);
    expect(isApiError({ code: 403, message: 'x' })).toBe(false);
    expect(isApiError(null)).toBe(false);
    expect(isApiError('code 403 body')).toBe(false);
    expect(isApiError(undefined)).toBe(false);
  });

  it('the server\'s message comes from a Status object or its JSON; other text is trimmed to 200 characters', () => {
    expect(apiMessage({ message: 'forbidden: x' })).toBe('forbidden: x');
    expect(apiMessage('{"kind":"Status","message":"forbidden: y"}')).toBe('forbidden: y');
    expect(apiMessage('{"message":3}')).toBeUndefined();
    expect(apiMessage({ reason: 'Forbidden' })).toBeUndefined();
    expect(apiMessage(undefined)).toBeUndefined();
    expect(apiMessage(`  <html>${'x'.repeat(300)}  `)).toBe(`<html>${'x'.repeat(194)}`);
    expect(apiMessage('   ')).toBeUndefined();
  });
});

describe('request errors', () => {
  const at = { context: 'prod', server: 'https://api.example.com', timeoutMs: 2500 };
  const api = (code: number, body?: unknown) => ({ code, body, message: `HTTP ${code}` });

  it('404 is not found, left to the caller', () => {
    expect(requestError(api(404, { message: 'nope' }), 'namespaces/x', at)).toBeUndefined();
    expect(said(notFound('namespaces/x')).message).toBe('GET namespaces/x: not found (HTTP 404)');
  });

  it('401 and 403 say why; other codes give the server\'s message when there is one', () => {
    expect(said(requestError(api(401, { message: 'Unauthorized' }), 'nodes', at))).toEqual({
      message: 'GET nodes failed with HTTP 401: the credentials of context prod were rejected (log in again or refresh the kubeconfig)',
      fix: undefined,
    });
    expect(said(requestError(api(403, { message: 'nodes is forbidden' }), 'nodes', at)).message).toBe(
      'GET nodes failed with HTTP 403: the user of context prod may not read it (nodes is forbidden)',
    );
    expect(said(requestError(api(403, {}), 'nodes', at)).message).toBe('GET nodes failed with HTTP 403: the user of context prod may not read it');
    expect(said(requestError(api(500, '{"message":"etcd down"}'), '/version', at)).message).toBe('GET /version failed with HTTP 500: etcd down');
    expect(said(requestError(api(500, undefined), '/version', at)).message).toBe('GET /version failed with HTTP 500');
  });

  it('a timeout names the server, the context and the seconds, and what to check', () => {
    const fix = 'check the network path to it (VPN, private cluster, authorized IP ranges: az aks show --query apiServerAccessProfile), or raise --timeout';
    const message = 'no answer from the API server https://api.example.com (context prod) within 2.5s';
    for (const e of [Object.assign(new Error('aborted'), { name: 'AbortError' }), Object.assign(new Error('t'), { name: 'TimeoutError' }), Object.assign(new Error('x'), { type: 'aborted' })]) {
      expect(said(requestError(e, 'nodes', at))).toEqual({ message, fix });
    }
  });

  it('a credential plugin that cannot be started is named with its fix', () => {
    expect(said(requestError(new Error('spawn kubelogin ENOENT'), 'nodes', at))).toEqual({
      message: 'context prod logs in with the credential plugin kubelogin, which is not installed (not found on PATH)',
      fix: missingPluginFix('kubelogin'),
    });
  });

  it('anything else: the server cannot be reached, with the first line of the reason', () => {
    expect(said(requestError(new Error('connect ECONNREFUSED 10.0.0.1:443\n    at x'), 'nodes', at))).toEqual({
      message: 'cannot reach the API server https://api.example.com (context prod): connect ECONNREFUSED 10.0.0.1:443',
      fix: `check the network path to it (VPN; a private AKS cluster is reachable only from its virtual network) and that the kubeconfig is current: ${GET_CREDENTIALS}`,
    });
  });
});

describe('service proxy path', () => {
  it('unescapes the "/" of the proxied path only, in any case', () => {
    expect(unescapeProxyPath('https://h/api/v1/namespaces/k/services/http:s:/proxy/v1%2Fcert.pem')).toBe('https://h/api/v1/namespaces/k/services/http:s:/proxy/v1/cert.pem');
    expect(unescapeProxyPath('https://h/a%2Fb/proxy/x%2fy%2Fz')).toBe('https://h/a%2Fb/proxy/x/y/z');
    expect(unescapeProxyPath('https://h/api/v1/namespaces/a%2Fb')).toBe('https://h/api/v1/namespaces/a%2Fb');
    expect(unescapeProxyPath('/proxy/a%2Fb')).toBe('/proxy/a/b');
  });
});

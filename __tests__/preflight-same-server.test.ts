// preflight's one-folder-per-API-server check: INSTALL.md applies each output folder with `kubectl --context
// <folder>`, so a context named after another folder that reaches the same API server means two folders would own
// one cluster's objects.
import { normalizeServer, sameServerCheck } from '../cli/preflight/same-server';

describe('sameServerCheck', () => {
  const folders = ['application', 'dev-a', 'dev-b'];

  test('passes when every other folder context reaches another server', () => {
    const r = sameServerCheck('dev-a', folders, { context: 'dev-a', server: 'https://a:6443' }, new Map([
      ['application', 'https://app:6443'],
      ['dev-a', 'https://a:6443'],
      ['dev-b', 'https://b:6443'],
    ]));
    expect(r.status).toBe('pass');
    expect(r.detail).toBe('the contexts of the other folders (application, dev-b) reach other API servers than https://a:6443');
  });

  test('passes, saying so, when the kubeconfig has no context named after another folder', () => {
    const r = sameServerCheck('application', folders, { context: 'admin', server: 'https://app:6443' }, new Map([['admin', 'https://app:6443']]));
    expect(r).toMatchObject({ status: 'pass', detail: 'no context of another output folder in the kubeconfig' });
  });

  test('fails naming both folders, the context and the server, with a fix', () => {
    const r = sameServerCheck('dev-a', folders, { context: 'dev-a', server: 'https://shared:6443' }, new Map([
      ['application', 'https://app:6443'],
      ['dev-a', 'https://shared:6443'],
      ['dev-b', 'https://SHARED:6443/'],
    ]));
    expect(r.status).toBe('fail');
    expect(r.id).toBe('one-folder-per-api-server');
    expect(r.detail).toBe(
      'folder dev-a (context dev-a) and folder dev-b (context of the same name) reach one API server, https://shared:6443: ' +
        "their cluster-scoped objects and same-named namespaced objects would have two owners, and pruning one folder would delete the other's",
    );
    expect(r.fix).toContain('correct the context dev-b in the kubeconfig');
  });

  test('a context with another name that reaches the same server is checked too (the run may not use the folder name)', () => {
    const r = sameServerCheck('application', folders, { context: 'admin@app', server: 'https://one:443' }, new Map([
      ['admin@app', 'https://one:443'],
      ['application', 'https://one'],
      ['dev-a', 'https://one:443'],
      ['dev-b', 'https://two'],
    ]));
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/^folder application \(context admin@app\) and folder dev-a \(context of the same name\) reach one API server/);
  });

  test('normalizeServer: case of scheme and host, default port and trailing slash do not matter; path and other ports do', () => {
    expect(normalizeServer('HTTPS://Api.Example:443/')).toBe('https://api.example');
    expect(normalizeServer('http://h:80')).toBe('http://h');
    expect(normalizeServer('https://h:6443')).toBe('https://h:6443');
    expect(normalizeServer('https://h/k8s/clusters/c-1/')).toBe('https://h/k8s/clusters/c-1');
    expect(normalizeServer('https://h/k8s/clusters/c-1')).not.toBe(normalizeServer('https://h/k8s/clusters/c-2'));
    expect(normalizeServer(' not a url/ ')).toBe('not a url');
    // Every trailing slash goes, and only trailing ones.
    expect(normalizeServer('https://h:8443/k8s/c-1//')).toBe('https://h:8443/k8s/c-1');
    expect(normalizeServer('https://h:80')).toBe('https://h:80');
    expect(normalizeServer('http://h:443')).toBe('http://h:443');
    expect(normalizeServer('Cluster/One//')).toBe('cluster/one');
  });

  test('fails naming every other folder on the same server, in the plural', () => {
    const r = sameServerCheck('application', folders, { context: 'application', server: 'https://one:6443' }, new Map([
      ['application', 'https://one:6443'],
      ['dev-a', 'https://one:6443'],
      ['dev-b', 'https://ONE:6443/'],
    ]));
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/^folder application \(context application\) and folders dev-a, dev-b \(contexts of the same name\) reach one API server, https:\/\/one:6443: /);
    expect(r.fix).toContain('or correct the context dev-a in the kubeconfig');
  });

  test('the context this run uses is not counted as another folder, even when it is named after one', () => {
    // preflight for dev-a run with the context named dev-b: that context is the one being checked, not a second owner.
    const r = sameServerCheck('dev-a', folders, { context: 'dev-b', server: 'https://b:6443' }, new Map([
      ['application', 'https://app:6443'],
      ['dev-b', 'https://b:6443'],
    ]));
    expect(r.status).toBe('pass');
  });
});


// The kubeconfig pre-check of preflight (read before @kubernetes/client-node loads): which files it reads, in
// kubectl's order, which context and user it looks at, and how a missing credential plugin is found and named.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KubeReaderError, missingPluginFix, onPath, precheckKubeconfig } from '../cli/preflight/kubeconfig-precheck';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-precheck-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a new file under the test folder and returns its path. */
function file(name: string, content: string): string {
  const f = path.join(dir, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, content);
  return f;
}

/** A kubeconfig whose contexts each use their own user, logging in with `plugins[context]` (a token when absent). */
function kubeconfig(current: string | undefined, plugins: Record<string, string | undefined>): string {
  const names = Object.keys(plugins);
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    users: names.map((n) => ({ name: `user-${n}`, user: plugins[n] ? { exec: { command: plugins[n] } } : { token: 't' } })),
    contexts: names.map((n) => ({ name: n, context: { cluster: 'c', user: `user-${n}` } })),
    ...(current ? { 'current-context': current } : {}),
  });
}

/** The KubeReaderError `fn` throws. */
function refusal(fn: () => void): KubeReaderError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KubeReaderError);
    expect((e as Error).name).toBe('KubeReaderError');
    return e as KubeReaderError;
  }
  throw new Error('expected a KubeReaderError');
}

const NOT_INSTALLED = (context: string, plugin: string) =>
  `context ${context} logs in with the credential plugin ${plugin}, which is not installed (not found on PATH)`;

describe('the fix for a missing credential plugin', () => {
  test('kubelogin, by name or path: how to install it and convert the kubeconfig', () => {
    const fix =
      'install kubelogin (az aks install-cli installs kubectl and kubelogin; or see https://azure.github.io/kubelogin/) and make sure it is on PATH, then kubelogin convert-kubeconfig -l azurecli';
    expect(missingPluginFix('kubelogin')).toBe(fix);
    expect(missingPluginFix('/usr/local/bin/kubelogin')).toBe(fix);
  });

  test('any other plugin: by its file name', () => {
    expect(missingPluginFix('/opt/google/gke-gcloud-auth-plugin')).toBe(
      'install gke-gcloud-auth-plugin and put it on PATH, or correct users[].user.exec.command in the kubeconfig',
    );
  });
});

describe('onPath', () => {
  const a = fs.mkdtempSync(path.join(dir, 'a-'));
  const b = fs.mkdtempSync(path.join(dir, 'b-'));
  fs.writeFileSync(path.join(b, 'tool'), '#!/bin/sh\n', { mode: 0o755 });

  test('a name is looked up in every PATH entry (empty entries skipped)', () => {
    expect(onPath('tool', { PATH: ['', a, b].join(path.delimiter) }, dir)).toBe(true);
    expect(onPath('tool', { PATH: a }, dir)).toBe(false);
    expect(onPath('tool', {}, dir)).toBe(false);
    // An empty entry is not the working folder, neither the given one nor the process's (jest runs in the repository).
    expect(onPath('tool', { PATH: ['', a].join(path.delimiter) }, b)).toBe(false);
    expect(fs.existsSync('package.json')).toBe(true);
    expect(onPath('package.json', { PATH: ['', a].join(path.delimiter) }, dir)).toBe(false);
  });

  test('a path is resolved against the working folder, not looked up in PATH', () => {
    expect(onPath(`${path.basename(b)}/tool`, { PATH: '' }, dir)).toBe(true);
    expect(onPath(path.join(b, 'tool'), { PATH: '' }, '/')).toBe(true);
    expect(onPath(`${path.basename(a)}/tool`, { PATH: b }, dir)).toBe(false);
  });
});

describe('which kubeconfig files are read, as kubectl reads them', () => {
  const empty = file('empty.yaml', '  \n');
  const plugin = file('plugin.yaml', kubeconfig('aks', { aks: 'no-such-plugin' }));

  test('--kubeconfig first, then every existing file of KUBECONFIG, then ~/.kube/config', () => {
    expect(refusal(() => precheckKubeconfig({ kubeconfig: 'empty.yaml', env: { KUBECONFIG: plugin }, cwd: dir })).message).toBe(`kubeconfig ${empty} is empty`);
    // KUBECONFIG: missing files are left out, relative ones resolved against the working folder.
    const e = refusal(() => precheckKubeconfig({ env: { KUBECONFIG: [path.join(dir, 'missing'), '', 'plugin.yaml'].join(path.delimiter), PATH: '' }, cwd: dir }));
    expect(e.message).toBe(NOT_INSTALLED('aks', 'no-such-plugin'));
    const home = fs.mkdtempSync(path.join(dir, 'home-'));
    fs.mkdirSync(path.join(home, '.kube'));
    fs.writeFileSync(path.join(home, '.kube', 'config'), '');
    expect(refusal(() => precheckKubeconfig({ env: { HOME: home }, cwd: dir })).message).toBe(`kubeconfig ${path.join(home, '.kube', 'config')} is empty`);
    expect(refusal(() => precheckKubeconfig({ env: { USERPROFILE: home }, cwd: dir })).message).toBe(`kubeconfig ${path.join(home, '.kube', 'config')} is empty`);
    // No file at all: client-node reports that.
    expect(precheckKubeconfig({ env: { HOME: path.join(dir, 'nobody') }, cwd: dir })).toBeUndefined();
  });

  test('a kubeconfig that is not a regular file is refused here, with the fix; a missing one is left to client-node', () => {
    const e = refusal(() => precheckKubeconfig({ kubeconfig: dir, env: {}, cwd: dir }));
    expect(e.message).toBe(`kubeconfig ${dir} is a folder; only a regular file can be read`);
    expect(e.fix).toBe('pass --kubeconfig FILE naming the kubeconfig file');
    expect(precheckKubeconfig({ kubeconfig: path.join(dir, 'missing'), env: {}, cwd: dir })).toBeUndefined();
  });

  test('YAML that is not a kubeconfig is left to client-node', () => {
    for (const text of ['a: [\n', 'just text\n', '- 1\n', '~\n', 'null\n']) {
      expect(precheckKubeconfig({ kubeconfig: file('odd.yaml', text), env: {}, cwd: dir })).toBeUndefined();
    }
  });
});

describe('which context and user are checked', () => {
  test('the current context of the first file that has one, across files; --context overrides it', () => {
    const first = file('first.yaml', kubeconfig(undefined, { other: 'missing-other' }));
    const second = file('second.yaml', kubeconfig('aks', { aks: 'missing-aks' }));
    const env = { KUBECONFIG: [first, second].join(path.delimiter), PATH: '' };
    expect(refusal(() => precheckKubeconfig({ env, cwd: dir })).message).toBe(NOT_INSTALLED('aks', 'missing-aks'));
    expect(refusal(() => precheckKubeconfig({ context: 'other', env, cwd: dir })).message).toBe(NOT_INSTALLED('other', 'missing-other'));
    // A context that is nowhere, or no current context at all: nothing to check here.
    expect(precheckKubeconfig({ context: 'nowhere', env, cwd: dir })).toBeUndefined();
    expect(precheckKubeconfig({ kubeconfig: first, env: { PATH: '' }, cwd: dir })).toBeUndefined();
  });

  test("only the context's own user: another user's missing plugin does not matter", () => {
    const f = file('two-users.yaml', kubeconfig('token', { token: undefined, entra: 'kubelogin' }));
    expect(precheckKubeconfig({ kubeconfig: f, env: { PATH: '' }, cwd: dir })).toBeUndefined();
    expect(refusal(() => precheckKubeconfig({ kubeconfig: f, context: 'entra', env: { PATH: '' }, cwd: dir })).message).toBe(NOT_INSTALLED('entra', 'kubelogin'));
  });

  test('a context or user entry without its body names no plugin', () => {
    const bare = (doc: object) => file('bare.yaml', yaml.dump({ 'current-context': 'aks', ...doc }));
    expect(precheckKubeconfig({ kubeconfig: bare({ contexts: [{ name: 'aks' }], users: [{ name: 'u', user: { exec: { command: 'x' } } }] }), env: { PATH: '' }, cwd: dir })).toBeUndefined();
    expect(precheckKubeconfig({ kubeconfig: bare({ contexts: [{ name: 'aks', context: { user: 'u' } }], users: [{ name: 'u' }] }), env: { PATH: '' }, cwd: dir })).toBeUndefined();
  });
});

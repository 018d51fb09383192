// The GitOps bootstrap (config `gitops`): what a user applies by hand once per Argo CD or Flux instance, after
// which every cluster folder comes from Git. Checked for function: every cluster folder is synced exactly once,
// to the right cluster, every path resolves inside the output, Flux layers are ordered with dependsOn, and the
// objects validate against the pinned CRDs.
import * as path from 'path';
import * as yaml from 'js-yaml';
import { LoadedConfig, loadConfigFile, parseConfig } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { formatProblems, knownCustomResources, validateManifests } from '../cli/validate/manifest-schemas';
import { exampleConfig, fakeSecretEnv, ROOT, testChart, withField } from './helpers';

type Doc = Record<string, any>;
const EXAMPLES = path.join(ROOT, 'examples');
const loadedOf = (raw: unknown): LoadedConfig => ({ config: parseConfig(raw, 'test.yaml'), source: 'test.yaml', baseDir: EXAMPLES });

function output(loaded: LoadedConfig) {
  const files = synthesize(loaded, { env: fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name)) }).files;
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const bootstrap = (folder: string): Doc[] => yaml.loadAll(byPath.get(`bootstrap/${folder}/bootstrap.yaml`) ?? '') as Doc[];
  const clusterFolders = [...new Set(files.map((f) => f.path.split('/')).filter((p) => p.length === 2 && p[0] !== 'helm').map((p) => p[0]))].sort();
  return { files, byPath, bootstrap, clusterFolders };
}

/** The repository path (gitops.path + '/' + rel) back to a path relative to the output directory. */
const outRel = (loaded: LoadedConfig, repoPath: string) => {
  const prefix = `${loaded.config.gitops!.path}/`;
  const p = repoPath.replace(/^\.\//, '');
  expect(p.startsWith(prefix)).toBe(true);
  return p.slice(prefix.length);
};

// Each test synthesizes what it asserts (not the describe block): mutation testing then knows which tests reach the
// constructs, instead of running every test of this file for each of them (CONTRIBUTING, "Mutation testing").
describe('Argo CD bootstrap (examples/three-clusters.yaml)', () => {
  const build = () => {
    const loaded = loadConfigFile(path.join(EXAMPLES, 'three-clusters.yaml'));
    const out = output(loaded);
    return { loaded, out, hub: out.bootstrap('argocd/application'), west: out.bootstrap('argocd/dev-westeurope') };
  };

  test('one bootstrap per Argo CD: the hub and the dev cluster that runs its own', () => {
    const { out } = build();
    expect(out.files.filter((f) => f.path.startsWith('bootstrap/')).map((f) => f.path)).toEqual([
      'bootstrap/argocd/application/bootstrap.yaml',
      'bootstrap/argocd/dev-westeurope/bootstrap.yaml',
    ]);
  });

  test('every cluster folder is synced by exactly one Application, to its own cluster', () => {
    const { loaded, out, hub, west } = build();
    const apps = [...hub, ...west].filter((d) => d.metadata.name !== 'codecanvas-bootstrap');
    const synced = apps.map((a) => [outRel(loaded, a.spec.source.path), a.spec.destination.server]).sort();
    expect(synced).toEqual([
      ['application', 'https://kubernetes.default.svc'],
      ['dev-eastus', 'https://dev-eastus-dns-4f2a1b3c.hcp.eastus.azmk8s.io:443'],
      ['dev-westeurope', 'https://kubernetes.default.svc'],
    ]);
    expect(synced.map(([folder]) => folder)).toEqual(out.clusterFolders);
    for (const a of apps) {
      expect(a.spec.source.repoURL).toBe('https://github.com/example-org/canvas-platform.git');
      expect(a.spec.source.targetRevision).toBe('main');
      expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(a.metadata.namespace).toBe('argocd');
    }
    // the dev-eastus folder goes through the hub, as its releases do (in application/30-releases.yaml)
    expect(hub.map((d) => d.metadata.name).sort()).toEqual(['codecanvas-application', 'codecanvas-bootstrap', 'codecanvas-dev-eastus']);
  });

  test('each bootstrap syncs its own folder too, so later changes to it come from Git', () => {
    const { loaded, hub, west } = build();
    for (const [folder, docs] of [['argocd/application', hub], ['argocd/dev-westeurope', west]] as const) {
      const self = docs.find((d) => d.metadata.name === 'codecanvas-bootstrap')!;
      expect(outRel(loaded, self.spec.source.path)).toBe(`bootstrap/${folder}`);
      expect(self.spec.destination.server).toBe('https://kubernetes.default.svc');
    }
  });

  test('no resources finalizer: deleting a bootstrap Application leaves the installation alone', () => {
    const { hub, west } = build();
    expect([...hub, ...west].every((d) => d.metadata.finalizers === undefined)).toBe(true);
  });
});

describe('Flux bootstrap (examples/flux-sealed-secrets.yaml)', () => {
  const build = () => {
    const loaded = loadConfigFile(path.join(EXAMPLES, 'flux-sealed-secrets.yaml'));
    return { loaded, out: output(loaded) };
  };

  test('one bootstrap per cluster (each runs its own Flux)', () => {
    const { out } = build();
    expect(out.files.filter((f) => /^bootstrap\/flux\/[^/]+\/bootstrap\.yaml$/.test(f.path)).map((f) => f.path)).toEqual(
      out.clusterFolders.map((c) => `bootstrap/flux/${c}/bootstrap.yaml`),
    );
  });

  test.each(['application', 'dev-northeurope'])('%s: the layers cover every file of the folder once, in dependsOn order', (cluster) => {
    const { loaded, out } = build();
    const docs = out.bootstrap(`flux/${cluster}`);
    const repo = docs.find((d) => d.kind === 'GitRepository')!;
    expect(repo.spec).toEqual({
      url: 'ssh://git@github.com/example-org/canvas-gitops.git',
      ref: { branch: 'main' },
      interval: '10m',
      secretRef: { name: 'canvas-gitops-deploy-key' },
    });
    const kustomizations = docs.filter((d) => d.kind === 'Kustomization');
    for (const k of kustomizations) expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: repo.metadata.name });
    const byName = new Map(kustomizations.map((k) => [k.metadata.name, k]));
    const prerequisites = byName.get(`codecanvas-${cluster}-prerequisites`)!;
    const releases = byName.get(`codecanvas-${cluster}-releases`)!;
    expect(prerequisites.spec.dependsOn).toEqual([{ name: 'infrastructure-controllers' }]);
    expect(prerequisites.spec.wait).toBe(true);
    expect(releases.spec.dependsOn).toEqual([{ name: prerequisites.metadata.name }]);
    expect(outRel(loaded, byName.get('codecanvas-bootstrap')!.spec.path)).toBe(`bootstrap/flux/${cluster}`);

    // Follow each layer's path to its kustomization.yaml and its resources to the cluster folder's files.
    const covered: string[] = [];
    for (const layer of [prerequisites, releases]) {
      const dir = outRel(loaded, layer.spec.path);
      const k = yaml.load(out.byPath.get(`${dir}/kustomization.yaml`)!) as Doc;
      for (const r of k.resources) {
        const file = path.posix.normalize(path.posix.join(dir, r));
        expect(out.byPath.has(file)).toBe(true);
        covered.push(file);
      }
    }
    const folderFiles = out.files.filter((f) => f.path.startsWith(`${cluster}/`)).map((f) => f.path);
    expect(covered.sort()).toEqual(folderFiles.sort());
    // releases only in the releases layer
    const releasesLayer = yaml.load(out.byPath.get(`${outRel(loaded, releases.spec.path)}/kustomization.yaml`)!) as Doc;
    expect(releasesLayer.resources).toEqual([`../../../../${cluster}/30-releases.yaml`]);
  });

  test('the bootstrap folder holds only what kubectl applies (layer files live outside it)', () => {
    const { out } = build();
    const inFolder = out.files.filter((f) => f.path.startsWith('bootstrap/flux/')).map((f) => f.path);
    expect(inFolder.every((p) => /^bootstrap\/flux\/[^/]+\/bootstrap\.yaml$/.test(p))).toBe(true);
  });

  test('a cluster without releases gets only the prerequisites layer', () => {
    const raw = withField(withField(withField(exampleConfig(), 'delivery', { mode: 'flux' }), 'gitops', { repoURL: 'https://git.example.com/p.git' }), 'devEnvironmentClusters.0.relay', { enabled: false });
    raw.devEnvironmentClusters[0].jump = { enabled: false };
    raw.devEnvironmentClusters[0].operator = { enabled: false };
    const l = loadedOf(raw);
    const docs = output(l).bootstrap('flux/dev-westeurope');
    expect(docs.filter((d) => d.kind === 'Kustomization').map((d) => d.metadata.name).sort()).toEqual([
      'codecanvas-bootstrap',
      'codecanvas-dev-westeurope-prerequisites',
    ]);
    const prerequisites = docs.find((d) => d.metadata.name === 'codecanvas-dev-westeurope-prerequisites')!;
    expect(prerequisites.spec.dependsOn).toBeUndefined();
    expect(prerequisites.spec.path).toBe('./dist/bootstrap/kustomize/dev-westeurope/prerequisites');
  });
});

describe('bootstrap details', () => {
  test('Flux: each layer\'s kustomization.yaml says what reads it; only the prerequisites layer waits for readiness', () => {
    const raw = withField(withField(exampleConfig(), 'delivery', { mode: 'flux' }), 'gitops', { repoURL: 'https://git.example.com/p.git' });
    const out = output(loadedOf(raw));
    expect(out.byPath.get('bootstrap/kustomize/dev-westeurope/releases/kustomization.yaml')).toBe(
      '# Flux layer "releases" of dev-westeurope/, generated by codecanvas-cdk8s: the Kustomization codecanvas-dev-westeurope-releases\n' +
        '# reads these files. Not for kubectl apply.\n' +
        'apiVersion: kustomize.config.k8s.io/v1beta1\n' +
        'kind: Kustomization\n' +
        'resources:\n' +
        '  - ../../../../dev-westeurope/30-releases.yaml\n',
    );
    const docs = out.bootstrap('flux/dev-westeurope');
    const byName = new Map(docs.filter((d) => d.kind === 'Kustomization').map((d) => [d.metadata.name, d]));
    expect(byName.get('codecanvas-dev-westeurope-prerequisites')!.spec.wait).toBe(true);
    expect(byName.get('codecanvas-dev-westeurope-releases')!.spec).not.toHaveProperty('wait');
  });

  test('Argo CD: the application folder goes to delivery.argocd.destinationServer; the bootstrap itself to the Argo CD\'s own cluster', () => {
    const raw = withField(exampleConfig(), 'delivery.argocd.destinationServer', 'https://hub-api.example.com:443');
    const hub = output(loadedOf(raw)).bootstrap('argocd/application');
    const destination = (name: string) => hub.find((d) => d.kind === 'Application' && d.metadata.name === name)!.spec.destination.server;
    expect(destination('codecanvas-application')).toBe('https://hub-api.example.com:443');
    expect(destination('codecanvas-bootstrap')).toBe('https://kubernetes.default.svc');
  });
});

describe('bootstrap objects against the pinned CRDs', () => {
  const examples = ['aks.yaml', 'flux-sealed-secrets.yaml', 'three-clusters.yaml'];

  test('the Flux Kustomization and GitRepository CRDs are pinned', () => {
    const kinds = knownCustomResources().map((c) => `${c.group}/${c.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['kustomize.toolkit.fluxcd.io/Kustomization', 'source.toolkit.fluxcd.io/GitRepository']));
  });

  test.each(examples)('%s: every bootstrap object validates', (file) => {
    const out = output(loadConfigFile(path.join(EXAMPLES, file)));
    const docs = out.files.filter((f) => /^bootstrap\/(argocd|flux)\//.test(f.path)).flatMap((f) => yaml.loadAll(f.content) as Doc[]);
    expect(docs.length).toBeGreaterThan(0);
    expect(formatProblems(validateManifests(docs))).toBe('');
  });

  test('the validator bites on the new kinds', () => {
    const bad = [
      { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x', namespace: 'flux-system' }, spec: { interval: '1m', prune: true, sourceRef: { kind: 'GitRepository', name: 'x' }, dependOn: [] } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'x', namespace: 'flux-system' }, spec: { interval: '1m', url: 'git@github.com:a/b.git' } },
    ];
    const problems = formatProblems(validateManifests(bad));
    expect(problems).toMatch(/dependOn/);
    expect(problems).toMatch(/url/);
  });
});

describe('gitops config', () => {
  test('without gitops no bootstrap is written', () => {
    const raw = exampleConfig();
    delete raw.gitops;
    expect(output(loadedOf(raw)).files.some((f) => f.path.startsWith('bootstrap/'))).toBe(false);
  });

  test('gitops with delivery.mode helm or k3s writes no bootstrap and says so', () => {
    for (const mode of ['helm', 'k3s']) {
      const l = loadedOf(withField(exampleConfig(), 'delivery', { mode }));
      const result = synthesize(l, { env: fakeSecretEnv(['dev-westeurope']) });
      expect(result.files.some((f) => f.path.startsWith('bootstrap/'))).toBe(false);
      expect(result.warnings).toContainEqual(`gitops: not used with delivery.mode ${mode} (no bootstrap written); Argo CD or Flux delivery syncs the folders from Git`);
    }
  });

  test.each([
    ['gitops.repoURL', 'git@github.com:org/repo.git', /https:\/\/ or ssh:\/\//],
    ['gitops.path', '../outside', /relative path/],
    ['gitops.path', '/abs', /relative path/],
    ['gitops.revision', 'has space', /branch name/],
    ['bootstrap cluster name', 'bootstrap', /reserved/],
  ])('%s %j is rejected', (field, value, rule) => {
    const raw = field === 'bootstrap cluster name' ? withField(exampleConfig(), 'devEnvironmentClusters.0.name', value) : withField(exampleConfig(), field, value);
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(rule);
  });

  test('gitops.path may be nested', () => {
    const l = loadedOf(withField(exampleConfig(), 'gitops.path', 'clusters/prod/codecanvas'));
    const app = output(l).bootstrap('argocd/application').find((d) => d.metadata.name === 'codecanvas-application')!;
    expect(app.spec.source.path).toBe('clusters/prod/codecanvas/application');
  });
});

describe('the CLI with a Flux bootstrap (kustomization.yaml files are not objects)', () => {
  const { main } = require('../cli/main');
  const run = async (argv: string[], env: NodeJS.ProcessEnv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), env, cwd: ROOT });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
  const config = path.join(EXAMPLES, 'flux-sealed-secrets.yaml');
  const env = fakeSecretEnv(['dev-northeurope']);

  test('validate passes', async () => {
    const r = await run(['validate', '--config', config], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('diff of a changed layer file names the file, and no diff after synth', async () => {
    const out = path.join(require('fs').mkdtempSync(path.join(require('os').tmpdir(), 'cc-flux-')), 'out');
    expect((await run(['synth', '--config', config, '--out', out], env)).code).toBe(0);
    const file = path.join(out, 'bootstrap', 'kustomize', 'application', 'releases', 'kustomization.yaml');
    require('fs').appendFileSync(file, '  - ../../../../extra.yaml\n');
    const r = await run(['diff', '--config', config, '--out', out], env);
    expect(r.code).toBe(3); // safe changes only: a plain file differs
    expect(r.stdout).toMatch(/^bootstrap\/\n  ~ kustomize\/application\/releases\/kustomization.yaml \(changed\)$/m);
  });
});

describe('bootstrap constructs: argument errors name the field and the value', () => {
  const { GitFolderApplication } = require('../lib/constructs/git-folder-application');
  const { FluxGitRepository } = require('../lib/constructs/flux-git-repository');
  const { FluxGitKustomization } = require('../lib/constructs/flux-git-kustomization');

  test('GitFolderApplication', () => {
    const chart = testChart();
    const ok = { name: 'x', repoURL: 'https://git.example.com/r.git', revision: 'main', path: 'dist/application' };
    expect(() => new GitFolderApplication(chart, 'a', { ...ok, repoURL: 'git@host:r.git' })).toThrow('GitFolderApplication: repoURL "git@host:r.git" must be an https:// or ssh:// Git URL');
    expect(() => new GitFolderApplication(chart, 'b', { ...ok, path: '../x' })).toThrow('GitFolderApplication: path "../x"');
    expect(() => new GitFolderApplication(chart, 'c', { ...ok, name: 'Bad_Name' })).toThrow(/GitFolderApplication: name "Bad_Name"/);
    const app = new GitFolderApplication(chart, 'd', ok);
    expect(app.apiObject.toJson().spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
  });

  test('FluxGitRepository and FluxGitKustomization', () => {
    const chart = testChart();
    const ok = { name: 'r', namespace: 'flux-system', url: 'https://git.example.com/r.git', branch: 'main', interval: '1m' };
    expect(() => new FluxGitRepository(chart, 'a', { ...ok, url: 'git@host:r.git' })).toThrow('FluxGitRepository: url "git@host:r.git"');
    const source = new FluxGitRepository(chart, 'b', ok);
    expect(() => new FluxGitKustomization(chart, 'k1', { name: 'k', source, path: 'dist/x', interval: '1m' })).toThrow('FluxGitKustomization: path "dist/x" must start with ./');
    expect(() => new FluxGitKustomization(chart, 'k2', { name: 'k', source, path: './x', interval: '1m', dependsOn: ['Bad'] })).toThrow(/FluxGitKustomization: dependsOn "Bad"/);
    const k = new FluxGitKustomization(chart, 'k3', { name: 'k', source, path: './x', interval: '1m' });
    expect(k.apiObject.toJson().metadata.namespace).toBe('flux-system');
    expect(k.apiObject.toJson().spec.dependsOn).toBeUndefined();
  });

  const SUBDOMAIN = 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters';
  const LABEL = 'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

  const appOk = { name: 'x', repoURL: 'https://git.example.com/r.git', revision: 'main', path: 'dist/application' };
  test.each([
    [{ name: 'Bad_Name' }, `GitFolderApplication: name "Bad_Name" ${SUBDOMAIN}`],
    [{ repoURL: 'xhttps://git.example.com/r.git' }, 'GitFolderApplication: repoURL "xhttps://git.example.com/r.git" must be an https:// or ssh:// Git URL'],
    [{ repoURL: 'https://git.example.com/r.git and more' }, 'GitFolderApplication: repoURL "https://git.example.com/r.git and more" must be an https:// or ssh:// Git URL'],
    [{ repoURL: 'http://git.example.com/r.git' }, 'GitFolderApplication: repoURL "http://git.example.com/r.git" must be an https:// or ssh:// Git URL'],
    [{ path: '/dist/application' }, 'GitFolderApplication: path "/dist/application" must be relative to the repository root'],
    [{ destinationServer: 'https://admin:s3cret@api.example.com' }, 'Argo CD keeps a cluster\'s credentials in its cluster Secret'],
    [{ path: 'dist/../../outside' }, 'GitFolderApplication: path "dist/../../outside" must be relative to the repository root'],
  ])('GitFolderApplication rejects %j', (bad, message) => {
    expect(() => new GitFolderApplication(testChart(), 'a', { ...appOk, ...bad })).toThrow(message);
  });

  test('GitFolderApplication: defaults (namespace argocd, project default, in-cluster server) and every option in the output', () => {
    const plain = new GitFolderApplication(testChart(), 'a', { ...appOk, repoURL: 'ssh://git@git.example.com/r.git', path: 'dist/' });
    expect(plain.apiObject.toJson()).toMatchObject({
      metadata: { name: 'x', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'ssh://git@git.example.com/r.git', targetRevision: 'main', path: 'dist/' },
        destination: { server: 'https://kubernetes.default.svc' },
      },
    });
    expect(plain.apiObject.toJson().spec.source).not.toHaveProperty('directory');
    // Self-healing sync that retries a failed sync with backoff, as the installation's own Applications do.
    expect(plain.apiObject.toJson().spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
    });
    const custom = new GitFolderApplication(testChart(), 'a', { ...appOk, namespace: 'gitops', project: 'platform', destinationServer: 'https://api.example.com:443' });
    expect(custom.apiObject.toJson()).toMatchObject({
      metadata: { name: 'x', namespace: 'gitops' },
      spec: { project: 'platform', destination: { server: 'https://api.example.com:443' } },
    });
  });

  const repoOk = { name: 'r', namespace: 'flux-system', url: 'https://git.example.com/r.git', branch: 'main', interval: '1m' };
  test.each([
    [{ name: 'Repo' }, `FluxGitRepository: name "Repo" ${SUBDOMAIN}`],
    [{ namespace: 'flux.system' }, `FluxGitRepository: namespace "flux.system" ${LABEL}`],
    [{ url: 'xhttps://git.example.com/r.git' }, 'FluxGitRepository: url "xhttps://git.example.com/r.git" must be an http(s):// or ssh:// URL (the CRD\'s pattern)'],
    [{ url: 'https://git.example.com/r.git and more' }, 'FluxGitRepository: url "https://git.example.com/r.git and more" must be an http(s):// or ssh:// URL (the CRD\'s pattern)'],
  ])('FluxGitRepository rejects %j', (bad, message) => {
    expect(() => new FluxGitRepository(testChart(), 'r', { ...repoOk, ...bad })).toThrow(message);
  });

  test('FluxGitRepository: the URL schemes the CRD allows, and the credentials Secret only when given', () => {
    for (const url of ['http://git.example.com/r.git', 'https://git.example.com/r.git', 'ssh://git@git.example.com/r.git']) {
      const repo = new FluxGitRepository(testChart(), 'r', { ...repoOk, url });
      expect(repo.apiObject.toJson()).toEqual({
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'r', namespace: 'flux-system' },
        spec: { url, ref: { branch: 'main' }, interval: '1m' },
      });
    }
    const withSecret = new FluxGitRepository(testChart(), 'r', { ...repoOk, secretName: 'deploy-key' });
    expect(withSecret.apiObject.toJson().spec.secretRef).toEqual({ name: 'deploy-key' });
  });

  test.each([
    [{ name: 'K' }, `FluxGitKustomization: name "K" ${SUBDOMAIN}`],
    [{ path: './../outside' }, 'FluxGitKustomization: path "./../outside" must start with ./ and stay inside the repository'],
    [{ path: './dist/../..' }, 'FluxGitKustomization: path "./dist/../.." must start with ./ and stay inside the repository'],
  ])('FluxGitKustomization rejects %j', (bad, message) => {
    const chart = testChart();
    const source = new FluxGitRepository(chart, 'r', repoOk);
    expect(() => new FluxGitKustomization(chart, 'k', { name: 'k', source, path: './dist', interval: '1m', ...bad })).toThrow(message);
  });

  test('FluxGitKustomization: prunes, reads its source, waits and depends only when asked', () => {
    const chart = testChart();
    const source = new FluxGitRepository(chart, 'r', repoOk);
    const plain = new FluxGitKustomization(chart, 'k1', { name: 'k', source, path: './dist..x/a..b', interval: '1m' });
    expect(plain.apiObject.toJson()).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'k', namespace: 'flux-system' },
      spec: { interval: '1m', path: './dist..x/a..b', prune: true, sourceRef: { kind: 'GitRepository', name: 'r' } },
    });
    const waiting = new FluxGitKustomization(chart, 'k2', { name: 'k2', source, path: './dist', interval: '1m', wait: true, dependsOn: ['infra'] });
    expect(waiting.apiObject.toJson().spec).toMatchObject({ wait: true, dependsOn: [{ name: 'infra' }] });
    const notWaiting = new FluxGitKustomization(chart, 'k3', { name: 'k3', source, path: './dist', interval: '1m', wait: false, dependsOn: [] });
    expect(notWaiting.apiObject.toJson().spec.wait).toBeUndefined();
    expect(notWaiting.apiObject.toJson().spec.dependsOn).toBeUndefined();
  });
});

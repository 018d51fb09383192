/**
 * The output against a real kube-apiserver (test/cluster/envtest.ts), for every Kubernetes version that
 * tools/build.sh built: every dist/<cluster> folder and every cluster folder of every example is
 *   1. applied for real with `kubectl apply -f DIR` on a fresh API server, one pass, exactly as users run it,
 *      which proves the file order (Namespaces before what lives in them);
 *   2. server-side dry-run applied with strict field validation (no conflicts, nothing unknown);
 *   3. applied a second time, which must change nothing;
 *   4. read back and compared with what was synthesized (server defaults aside).
 * The dry-run follows the first apply because the API server refuses namespaced objects in a namespace that does
 * not exist yet even in dry-run mode, so a dry-run of a folder that creates its own namespaces cannot come first
 * on a fresh cluster; the first cluster-scoped wave files are dry-run before anything else instead.
 * The API server enforces what schemas cannot: name formats, scope, CRD structural rules, strict field validation.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigFile } from '../../lib/config/load';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { assetsFor, Cluster, kubectl, kubernetesVersions, ok, startCluster } from './envtest';
import { describeEachOrCannotRun, testEachOrCannotRun } from '../proof-gate';
import { fakeSecretEnv } from '../../__tests__/helpers';

const ROOT = path.resolve(__dirname, '..', '..');

/** Namespaces that the output expects to exist already (where Argo CD and Flux run). */
const PREREQUISITE_NAMESPACES = ['argocd', 'flux-system'];

interface Target {
  /** Label, such as `dist/application` or `examples/flux-sealed-secrets.yaml: dev-northeurope`. */
  readonly name: string;
  readonly dir: string;
}

/**
 * The folders a user applies with `kubectl apply -f`: every cluster folder, and each GitOps bootstrap folder
 * (`bootstrap/argocd/<cluster>`, `bootstrap/flux/<cluster>`); not helm/ nor the Flux layers' kustomization files.
 */
function manifestFolders(outdir: string): string[] {
  const dirs = (d: string) =>
    fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
  const bootstrap = ['argocd', 'flux'].flatMap((tool) => dirs(path.join(outdir, 'bootstrap', tool)).map((c) => `bootstrap/${tool}/${c}`));
  return [...dirs(outdir).filter((e) => e !== 'helm' && e !== 'bootstrap'), ...bootstrap];
}

/** dist/ as committed, plus every other example synthesized into a temp dir (the embedded example is dist/). */
function targets(): Target[] {
  const out: Target[] = manifestFolders(path.join(ROOT, 'dist')).map((c) => ({ name: `dist/${c}`, dir: path.join(ROOT, 'dist', c) }));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-examples-'));
  for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml') && f !== 'aks.yaml').sort()) {
    const loaded = loadConfigFile(path.join(ROOT, 'examples', file));
    const outdir = path.join(tmp, file.replace(/\.yaml$/, ''));
    writeOutput(outdir, synthesize(loaded, { env: fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name)) }).files);
    for (const c of manifestFolders(outdir)) out.push({ name: `examples/${file}: ${c}`, dir: path.join(outdir, c) });
  }
  return out;
}

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };

/** Every synthesized value must be on the server as synthesized (the server may add defaults and metadata). */
function mismatches(expected: unknown, actual: unknown, at: string): string[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return [`${at}: missing on the server`];
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) => mismatches(v, (actual as Record<string, unknown>)[k], `${at}.${k}`));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
    return expected.flatMap((v, i) => mismatches(v, actual[i], `${at}[${i}]`));
  }
  return expected === actual ? [] : [`${at}: server has ${JSON.stringify(actual)}, synthesized ${JSON.stringify(expected)}`];
}

/**
 * Installs crds/ one file at a time, as a cluster admin would with `kubectl create`. Some pinned upstream CRDs are
 * newer than the oldest Kubernetes we test: on 1.29 the API server drops `selectableFields` (a 1.30+ field, ESO
 * 2.x) and refuses k3s helm-controller's CRD, whose CEL rules use a function 1.29 lacks. Those refusals are
 * logged; only the k3s delivery mode needs that CRD, and no example uses it.
 */
function installCrds(cluster: Cluster, version: string): void {
  const refused: string[] = [];
  for (const file of fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml')).sort()) {
    const r = kubectl(cluster, ['create', '--validate=false', '-f', path.join(ROOT, 'crds', file)]);
    if (r.code !== 0) refused.push(`${file}: ${r.stderr.trim()}`);
  }
  if (refused.length > 0) process.stderr.write(`Kubernetes ${version} refused CRDs:\n${refused.join('\n')}\n`);
  ok(kubectl(cluster, ['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']), 'waiting for the CRDs');
}

const versions = kubernetesVersions().filter((v) => ['etcd', 'kube-apiserver', 'kubectl'].every((b) => fs.existsSync(path.join(assetsFor(v), b))));
const allTargets = versions.length > 0 ? targets() : [];

describeEachOrCannotRun(versions, 'no envtest binaries: run `bash tools/build.sh` (or set KUBEBUILDER_ASSETS)', (v) => `Kubernetes ${v}`, (version) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ version });
    installCrds(cluster, version);
    for (const ns of PREREQUISITE_NAMESPACES) ok(kubectl(cluster, ['create', 'namespace', ns]), `creating namespace ${ns}`);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  testEachOrCannotRun(allTargets, 'no cluster folders in dist/ or examples/: run npm run synth', (t) => `${t.name}: dry-run, apply in one pass, re-apply unchanged, read back`, (target) => {
    const files = fs.readdirSync(target.dir).filter((f) => f.endsWith('.yaml')).sort();
    const expected = files.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(target.dir, f), 'utf8')) as Obj[]);

    for (const file of files.filter((f) => /^(00|10)-/.test(f))) {
      ok(kubectl(cluster, ['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', path.join(target.dir, file)]), `dry-run of ${file}`);
    }

    const first = ok(kubectl(cluster, ['apply', '--validate=strict', '-f', target.dir]), 'kubectl apply -f');
    expect(first.trim().split('\n')).toHaveLength(expected.length);

    ok(kubectl(cluster, ['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', target.dir]), 'server-side dry-run');

    const second = ok(kubectl(cluster, ['apply', '--validate=strict', '-f', target.dir]), 'second kubectl apply -f');
    expect(second.trim().split('\n').filter((line) => !line.endsWith(' unchanged'))).toEqual([]);

    const live = JSON.parse(ok(kubectl(cluster, ['get', '-f', target.dir, '-o', 'json']), 'kubectl get -f')) as { items: Obj[] };
    const key = (o: Obj) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const byKey = new Map(live.items.map((o) => [key(o), o]));
    const problems = expected.flatMap((o) => (byKey.has(key(o)) ? mismatches(o, byKey.get(key(o)), key(o)) : [`${key(o)}: not found on the server`]));
    expect(problems).toEqual([]);
  });

  test('the API server rejects what the schemas only warn about (the check bites)', () => {
    const bad = [
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'Bad_Name' }, provisioner: 'disk.csi.azure.com' },
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'typo' }, spec: { acme: { server: 'https://x', privateKeySecretRef: { name: 'k' }, solverz: [] } } },
    ];
    for (const doc of bad) {
      const r = kubectl(cluster, ['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', '-'], yaml.dump(doc));
      expect(r.code).not.toBe(0);
    }
  });
});

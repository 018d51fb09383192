/**
 * Renders every Argo CD Application with a Helm source exactly as Argo CD's repo-server does, twice, and checks
 * that the renders succeed and that Argo CD would see no difference between them.
 *
 * What is mirrored (argoproj/argo-cd, reposerver/repository/repository.go `helmTemplate` and util/helm/cmd.go
 * `Cmd.template`, read at commit 0001e1f327ec9d8085c1361ec769d48ea66b244e):
 *   helm template <chart dir> --name-template <spec.source.helm.releaseName>
 *        --namespace <spec.destination.namespace>
 *        --kube-version <destination's version as semver, here the lowest supported Kubernetes, 1.29.x>
 *        --values <temp file holding spec.source.helm.valuesObject as YAML>   (Argo CD's "ExtraValues" file)
 *        --api-versions <v> ...   (every group/version and group/version/Kind the destination serves, as
 *                                  argo.APIResourcesToStrings(resources, true) lists them: here read from the
 *                                  test API server's discovery)
 *        --include-crds           (Argo CD passes it unless spec.source.helm.skipCrds)
 *   with XDG_CACHE_HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and HELM_CONFIG_HOME pointing into a fresh helm home, and
 *   no cluster access: KUBECONFIG=/nonexistent, so Helm `lookup` returns nothing, as in the repo-server.
 * Not mirrored, because the generated Applications do not use them: --set/--set-string/--set-file
 * (helm.parameters, fileParameters), valueFiles, skipSchemaValidation, skipTests, helm.namespace/kubeVersion/
 * apiVersions overrides. The chart is not pulled from the registry: the packaged chart named by CODECANVAS_CHART
 * is unpacked, the app chart is its root and relay/jump/operator are its subcharts under charts/ (the package
 * carries its dependencies, so Argo CD's `helm dependency build` fallback is never needed).
 *
 * Then, as Argo CD's diff does (util/argo/normalizers/diff_normalizer.go `ignoreNormalizer`): every field that
 * differs between the two renders must be removed by the Application's ignoreDifferences (jsonPointers: an RFC
 * 6901 `remove` on objects matching group and kind by glob, name and namespace when given; then empty objects
 * and lists are dropped), the Application must sync with RespectIgnoreDifferences=true so that a sync keeps the
 * live values, and every ignoreDifferences rule must point at a field that exists (a stale name would silently
 * ignore nothing). Finally the rendered objects are server-side dry-run against the API server.
 *
 * Inputs: every example's output (examples/*.yaml; only Argo CD ones hold Applications) and a multi-cluster
 * config with a non-default release name and a hub Argo CD.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigFile, LoadedConfig, parseConfig } from '../../lib/config/load';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { CHART, chartSkipReason, HELM, run } from './chart-fixture';
import { Cluster, kubernetesVersions, startCluster } from './envtest';
import { cannotRun } from '../proof-gate';

const ROOT = path.resolve(__dirname, '..', '..');
/** The lowest Kubernetes version the project supports (tools/versions.env lists it first). */
const LOWEST = kubernetesVersions()[0];

const skipReason = chartSkipReason(LOWEST);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: Json };
  [k: string]: Json;
}
interface IgnoreRule {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}
interface ArgoApplication {
  metadata: { name: string };
  spec: {
    source: { chart?: string; helm?: { releaseName?: string; valuesObject?: Json } };
    destination: { namespace: string };
    ignoreDifferences?: IgnoreRule[];
    syncPolicy?: { syncOptions?: string[] };
  };
}

// ---- Argo CD's ignoreDifferences semantics (the subset the generated Applications use) ---------------------

/** RFC 6901: "/a/b~1c" -> ["a", "b/c"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer ${JSON.stringify(pointer)} must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function hasPointer(doc: Json, tokens: string[]): boolean {
  let at = doc;
  for (const t of tokens) {
    if (at === null || typeof at !== 'object' || !(t in at)) return false;
    at = at[t];
  }
  return true;
}

/** A JSON-patch `remove`; like Argo CD, a missing path is not an error (the patch is skipped). */
function removePointer(doc: Json, tokens: string[]): void {
  if (tokens.length === 0 || !hasPointer(doc, tokens)) return;
  let at = doc;
  for (const t of tokens.slice(0, -1)) at = at[t];
  const last = tokens[tokens.length - 1];
  if (Array.isArray(at)) at.splice(Number(last), 1);
  else delete at[last];
}

/** Argo CD's `removeEmptyObjects`: drop empty maps and lists, recursively (values inside lists are kept). */
function removeEmptyObjects(obj: Record<string, Json>): void {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (Array.isArray(v)) {
      const cleaned = v.filter((item) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          removeEmptyObjects(item);
          return Object.keys(item).length > 0;
        }
        return true;
      });
      obj[key] = cleaned;
      if (cleaned.length === 0) delete obj[key];
    } else if (v && typeof v === 'object') {
      removeEmptyObjects(v);
      if (Object.keys(v).length === 0) delete obj[key];
    }
  }
}

/** Argo CD's glob match for group and kind (`*` wildcard; otherwise exact). */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function ruleMatches(rule: IgnoreRule, obj: K8sObject): boolean {
  return (
    globMatch(rule.group ?? '', groupOf(obj.apiVersion)) &&
    globMatch(rule.kind, obj.kind) &&
    (!rule.name || rule.name === obj.metadata.name) &&
    (!rule.namespace || rule.namespace === (obj.metadata.namespace ?? ''))
  );
}

/** The object as Argo CD compares it: every matching rule's pointers removed, then empty objects dropped. */
export function normalize(obj: K8sObject, rules: readonly IgnoreRule[]): K8sObject {
  const copy = JSON.parse(JSON.stringify(obj));
  const matching = rules.filter((r) => ruleMatches(r, obj));
  if (matching.length === 0) return copy;
  for (const rule of matching) {
    if (rule.jqPathExpressions?.length || rule.managedFieldsManagers?.length) {
      throw new Error(`ignoreDifferences rule ${JSON.stringify(rule)}: only jsonPointers are implemented by this test`);
    }
    for (const p of rule.jsonPointers ?? []) removePointer(copy, parsePointer(p));
  }
  removeEmptyObjects(copy);
  return copy;
}

/** JSON pointers of the leaves where `a` and `b` differ. */
function differingPointers(a: Json, b: Json, at = ''): string[] {
  if (a === b) return [];
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [at || '/'];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].sort().flatMap((k) => differingPointers(a[k], b[k], `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

// ---- rendering ------------------------------------------------------------------------------------------------

interface Input {
  readonly name: string;
  readonly loaded: LoadedConfig;
}

function inputs(): Input[] {
  const out: Input[] = fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: `examples/${f}`, loaded: loadConfigFile(path.join(ROOT, 'examples', f)) }));
  // Several clusters, one managed from a hub Argo CD, a release name that is not the chart name and an
  // application.name (so the chart's app objects are `canvas-codecanvas-web...`), and the bundled relay and jump.
  const example = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8')) as Json;
  const multi = {
    ...example,
    application: { ...example.application, releaseName: 'canvas', values: { application: { name: 'web' } } },
    relay: { enabled: true },
    jump: { enabled: true },
    devEnvironmentClusters: [
      example.devEnvironmentClusters[0],
      { ...example.devEnvironmentClusters[0], name: 'dev-eastus', relay: { ...example.devEnvironmentClusters[0].relay, hostname: 'relay-eastus.codecanvas.example.com' } },
      {
        name: 'dev-remote',
        namespace: 'remote-envs',
        systemNamespace: 'remote-system',
        argocdDestinationServer: 'https://remote.example.com:6443',
        operator: { enabled: true, instanceId: 'remote', image: 'registry.example.com/codecanvas-operator:1.0' },
        jump: { enabled: true, instanceId: 'jump-remote', releaseName: 'jump' },
      },
    ],
  };
  out.push({ name: 'multi-cluster config', loaded: { config: parseConfig(multi, 'multi.yaml'), source: 'multi.yaml', baseDir: path.join(ROOT, 'examples') } });
  return out;
}

/** Every Application in an output directory, with the file it came from. */
function applicationsIn(outdir: string): { file: string; app: ArgoApplication }[] {
  const found: { file: string; app: ArgoApplication }[] = [];
  for (const dir of fs.readdirSync(outdir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'helm')) {
    for (const f of fs.readdirSync(path.join(outdir, dir.name)).filter((n) => n.endsWith('.yaml')).sort()) {
      const file = path.join(outdir, dir.name, f);
      for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8')) as Json[]) {
        if (doc?.kind === 'Application' && doc.apiVersion === 'argoproj.io/v1alpha1' && doc.spec?.source?.chart) {
          found.push({ file: `${dir.name}/${f}`, app: doc });
        }
      }
    }
  }
  return found;
}

/** The API server's discovery as argo.APIResourcesToStrings(resources, true) lists it: "g/v" and "g/v/Kind". */
function apiVersionsOf(cluster: Cluster): string[] {
  const get = (p: string) => JSON.parse(run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'get', '--raw', p], `GET ${p}`));
  const groupVersions = [
    ...get('/api').versions,
    ...get('/apis').groups.flatMap((g: Json) => g.versions.map((v: Json) => v.groupVersion)),
  ] as string[];
  const out = new Set<string>();
  for (const gv of groupVersions) {
    const list = get(gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`);
    for (const r of list.resources as Json[]) {
      if (r.name.includes('/')) continue; // subresources
      out.add(gv);
      out.add(`${gv}/${r.kind}`);
    }
  }
  return [...out].sort();
}

if (skipReason) {
  cannotRun('Argo CD-style rendering', skipReason);
} else {
  describe(`Argo CD renders every generated Helm Application (Kubernetes ${LOWEST}, no cluster access)`, () => {
    let cluster: Cluster;
    let work: string;
    let chartRoot: string;
    let apiVersions: string[];
    let kubeVersion: string;
    const cases: { input: string; file: string; app: ArgoApplication }[] = [];

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-render-'));
      fs.mkdirSync(path.join(work, 'chart'));
      run('tar', ['-xzf', CHART!, '-C', path.join(work, 'chart')], 'unpacking the chart');
      chartRoot = path.join(work, 'chart', 'codecanvas');
      cluster = await startCluster({ version: LOWEST });
      apiVersions = apiVersionsOf(cluster);
      const version = JSON.parse(run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'get', '--raw', '/version'], 'GET /version'));
      kubeVersion = version.gitVersion.replace(/^v/, '').replace(/[-+].*$/, '');
      for (const input of inputs()) {
        const outdir = path.join(work, 'out', input.name.replace(/[^a-z0-9.-]+/gi, '_'));
        writeOutput(outdir, synthesize(input.loaded, { env: fakeSecretEnv(input.loaded.config.devEnvironmentClusters.map((c) => c.name)) }).files);
        for (const found of applicationsIn(outdir)) cases.push({ input: input.name, ...found });
      }
    });

    afterAll(async () => {
      await cluster?.stop();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    /** One render as the repo-server runs it. */
    const render = (app: ArgoApplication, n: number): { text: string; objects: K8sObject[] } => {
      const chart = app.spec.source.chart!;
      const chartDir = chart === 'codecanvas' ? chartRoot : path.join(chartRoot, 'charts', chart);
      if (!fs.existsSync(chartDir)) throw new Error(`chart ${chart} is not in ${CHART}`);
      const home = fs.mkdtempSync(path.join(work, 'helm-home-'));
      const valuesFile = path.join(work, `${app.metadata.name}.${n}.values.yaml`);
      fs.writeFileSync(valuesFile, yaml.dump(app.spec.source.helm?.valuesObject ?? {}));
      const args = ['template', chartDir, '--name-template', app.spec.source.helm?.releaseName ?? app.metadata.name];
      args.push('--namespace', app.spec.destination.namespace, '--kube-version', kubeVersion, '--values', valuesFile);
      for (const v of apiVersions) args.push('--api-versions', v);
      args.push('--include-crds');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        KUBECONFIG: '/nonexistent',
        XDG_CACHE_HOME: `${home}/cache`,
        XDG_CONFIG_HOME: `${home}/config`,
        XDG_DATA_HOME: `${home}/data`,
        HELM_CONFIG_HOME: `${home}/config`,
      };
      const text = run(HELM, args, `helm template of Application ${app.metadata.name}`, { env });
      const objects = (yaml.loadAll(text) as Json[]).filter((d) => d && typeof d === 'object' && d.kind);
      return { text, objects };
    };

    const key = (o: K8sObject) => `${groupOf(o.apiVersion)}/${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

    test('the examples and the multi-cluster config hold Helm Applications (the chart, relay and jump)', () => {
      const charts = new Set(cases.map((c) => c.app.spec.source.chart));
      expect([...charts].sort()).toEqual(['codecanvas', 'codecanvas-jump', 'codecanvas-relay']);
      expect(cases.some((c) => c.input === 'multi-cluster config' && c.file.startsWith('application/') && c.app.metadata.name === 'dev-remote-jump')).toBe(true);
    });

    test('every render succeeds, twice; what differs is ignored by the Application, which respects it on sync; then a server-side dry-run', () => {
      const report: string[] = [];
      const namespaces = new Set<string>();
      for (const { input, file, app } of cases) {
        const where = `${input}: ${file}: Application ${app.metadata.name}`;
        const first = render(app, 1);
        const second = render(app, 2);
        const rules = app.spec.ignoreDifferences ?? [];
        const byKey = (objs: K8sObject[]) => new Map(objs.map((o) => [key(o), o]));
        const a = byKey(first.objects);
        const b = byKey(second.objects);
        expect([...a.keys()].sort()).toEqual([...b.keys()].sort());

        let differs = false;
        for (const [k, objA] of a) {
          const objB = b.get(k)!;
          const raw = differingPointers(objA, objB);
          if (raw.length === 0) continue;
          differs = true;
          const left = differingPointers(normalize(objA, rules), normalize(objB, rules));
          report.push(`${where}: ${k} differs at ${raw.join(', ')}${left.length ? `; NOT ignored: ${left.join(', ')}` : ' (ignored)'}`);
          expect({ where, object: k, notIgnored: left }).toEqual({ where, object: k, notIgnored: [] });
        }
        if (differs || rules.length > 0) expect({ where, syncOptions: app.spec.syncPolicy?.syncOptions }).toEqual({ where, syncOptions: expect.arrayContaining(['RespectIgnoreDifferences=true']) });
        // No stale rule: each one names an object that is rendered and a field that exists in it.
        for (const rule of rules) {
          const targets = first.objects.filter((o) => ruleMatches(rule, o));
          expect({ where, rule, matches: targets.length }).toEqual({ where, rule, matches: 1 });
          for (const p of rule.jsonPointers ?? []) expect({ where, pointer: p, exists: hasPointer(targets[0], parsePointer(p)) }).toEqual({ where, pointer: p, exists: true });
        }

        namespaces.add(app.spec.destination.namespace);
        for (const ns of namespaces) {
          spawnSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, 'create', 'namespace', ns], { encoding: 'utf8' });
        }
        const rendered = path.join(work, `${app.metadata.name}.rendered.yaml`);
        fs.writeFileSync(rendered, first.text);
        run(
          cluster.kubectl,
          ['--kubeconfig', cluster.kubeconfig, 'apply', '--server-side', '--dry-run=server', '--validate=strict', '-n', app.spec.destination.namespace, '-f', rendered],
          `server-side dry-run of ${where}`,
        );
      }
      // The app chart is the one that differs: the client secret and the pod annotation that hashes it.
      expect(report.some((r) => r.includes('/Secret') && r.includes('CODECANVAS_COMPUTESERVICE_CLIENT_SECRET') && r.endsWith('(ignored)'))).toBe(true);
      expect(report.some((r) => r.includes('apps/Deployment') && r.includes('checksum~1envs') && r.endsWith('(ignored)'))).toBe(true);
      console.log(`Argo CD-style renders of ${cases.length} Applications:\n${report.join('\n')}`);
    });

    test('without the ignoreDifferences the two renders would differ (the check bites)', () => {
      const app = cases.find((c) => c.app.spec.source.chart === 'codecanvas')!.app;
      const first = render(app, 3).objects;
      const second = render(app, 4).objects;
      const secret = (objs: K8sObject[]) => objs.find((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-envs'))!;
      expect(differingPointers(secret(first), secret(second))).toEqual(['/data/CODECANVAS_COMPUTESERVICE_CLIENT_SECRET']);
      expect(differingPointers(normalize(secret(first), []), normalize(secret(second), []))).not.toEqual([]);
      expect(differingPointers(normalize(secret(first), app.spec.ignoreDifferences!), normalize(secret(second), app.spec.ignoreDifferences!))).toEqual([]);
    });
  });
}

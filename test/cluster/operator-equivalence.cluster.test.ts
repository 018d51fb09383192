/**
 * The operator's plain manifests (delivery.mode argocd, lib/constructs/codecanvas-operator.ts) against the real
 * operator chart. The subchart inside CODECANVAS_CHART is rendered with `helm template --dry-run=server` against
 * a test API server on which the target namespace exists (the chart's lookup guard then passes), with the values
 * the Helm delivery modes give it for the same config; our objects come from the same config in argocd mode.
 * They must agree semantically: the same kinds, names and namespaces; the same RBAC rules, role references and
 * subjects; in the Deployment the same replicas, selector, service account, image pull secrets, pod security
 * context, node selector, tolerations, affinity and, per container, image, imagePullPolicy, args, env, envFrom,
 * ports, probes, resources, security context and volume mounts; the same HPA bounds and targets. Ignored: Helm's
 * own labels (helm.sh/chart, app.kubernetes.io/managed-by, app.kubernetes.io/version), our
 * `argocd.argoproj.io/sync-wave` apply-order annotation, and the chart's `rollme` pod annotation, a random string
 * drawn on every render that our manifests leave out on purpose (with Argo CD it would restart the operator on
 * every sync). Our objects are also server-side dry-run against the same API server.
 *
 * Our hardening defaults where the chart leaves a setting empty, compared separately:
 * - the container `securityContext` (DEFAULT_OPERATOR_SECURITY_CONTEXT) and `imagePullPolicy: IfNotPresent` for
 *   a pinned image: the chart takes both as values, and the Helm modes pass them, so the comparison above covers
 *   them; that they are ours and not the chart's is shown by rendering the chart with only the values it requires
 *   (securityContext empty, pull policy Always);
 * - the readiness probe: the chart has no value for one, so only our manifests have it; it must be the liveness
 *   probe's endpoint and timings, and is left out of the comparison above.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { LoadedConfig, parseConfig } from '../../lib/config/load';
import { synthesize } from '../../cli/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { CHART, chartSkipReason, HELM, run } from './chart-fixture';
import { Cluster, kubernetesVersions, startCluster } from './envtest';
import { cannotRun } from '../proof-gate';
import { DEFAULT_OPERATOR_SECURITY_CONTEXT } from '../../lib/constructs/codecanvas-operator-deployment';

const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = kubernetesVersions()[0];

const skipReason = chartSkipReason(VERSION);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Our apply-order annotation (lib/constructs/sync-wave.ts); not part of the chart's objects. */
const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const HELM_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/version'];

/** The fields compared, per kind; everything the brief of this equivalence names. */
function semantic(o: Json): Json {
  const id = { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace ?? null };
  const sortRules = (rules: Json[]) =>
    (rules ?? [])
      .map((r) => ({ apiGroups: [...r.apiGroups].sort(), resources: [...r.resources].sort(), verbs: [...r.verbs].sort() }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  switch (o.kind) {
    case 'ServiceAccount': {
      const annotations = { ...(o.metadata.annotations ?? {}) };
      delete annotations[SYNC_WAVE_ANNOTATION];
      return { ...id, annotations };
    }
    case 'Role':
    case 'ClusterRole':
      return { ...id, rules: sortRules(o.rules) };
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return { ...id, roleRef: o.roleRef, subjects: o.subjects };
    case 'Deployment': {
      const pod = o.spec.template.spec;
      const annotations = { ...(o.spec.template.metadata.annotations ?? {}) };
      delete annotations.rollme;
      const orNull = (x: Json) => (x && Object.keys(x).length ? x : null);
      return {
        ...id,
        replicas: o.spec.replicas ?? null,
        selector: o.spec.selector,
        podLabels: o.spec.template.metadata.labels,
        podAnnotations: annotations,
        serviceAccountName: pod.serviceAccountName,
        imagePullSecrets: pod.imagePullSecrets ?? [],
        podSecurityContext: orNull(pod.securityContext),
        nodeSelector: orNull(pod.nodeSelector),
        tolerations: pod.tolerations ?? [],
        affinity: orNull(pod.affinity),
        volumes: pod.volumes ?? [],
        containers: pod.containers.map((c: Json) => ({
          name: c.name,
          image: c.image,
          imagePullPolicy: c.imagePullPolicy,
          command: c.command ?? [],
          args: c.args ?? [],
          env: c.env ?? [],
          envFrom: c.envFrom ?? [],
          ports: c.ports ?? [],
          livenessProbe: c.livenessProbe ?? null,
          // Ours only (the chart has no value for it): checked on its own, see readinessProbes().
          readinessProbe: null,
          startupProbe: c.startupProbe ?? null,
          resources: c.resources ?? {},
          volumeMounts: c.volumeMounts ?? [],
          securityContext: orNull(c.securityContext),
        })),
      };
    }
    case 'HorizontalPodAutoscaler': {
      // The chart writes autoscaling/v2beta1 (targetAverageUtilization), we write autoscaling/v2 (target.averageUtilization).
      const metrics = (o.spec.metrics ?? []).map((m: Json) => ({
        resource: m.resource.name,
        averageUtilization: m.resource.targetAverageUtilization ?? m.resource.target?.averageUtilization,
      }));
      return { ...id, target: { kind: o.spec.scaleTargetRef.kind, name: o.spec.scaleTargetRef.name }, min: o.spec.minReplicas, max: o.spec.maxReplicas, metrics };
    }
    default:
      return { ...id, unexpected: true };
  }
}

function labelsWithoutHelm(o: Json): Record<string, string> {
  const labels = { ...(o.metadata.labels ?? {}) };
  for (const l of HELM_LABELS) delete labels[l];
  return labels;
}

const containersOf = (objects: Json[]): Json[] => objects.filter((o) => o.kind === 'Deployment').flatMap((o) => o.spec.template.spec.containers);

const byId = (a: Json, b: Json) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`);

/** The example, argocd or helm delivery, env secrets, with one dev-environment cluster whose operator is `operator`. */
function configWith(mode: 'argocd' | 'helm', operator: Json): LoadedConfig {
  const example = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8')) as Json;
  const raw = {
    ...example,
    secrets: { source: 'env', allowPlaintextSecrets: true },
    delivery: { mode },
    devEnvironmentClusters: [{ name: 'dev', namespace: 'dev-envs', systemNamespace: 'dev-system', operator: { enabled: true, instanceId: 'op', ...operator } }],
  };
  return { config: parseConfig(raw, 'equivalence.yaml'), source: 'equivalence.yaml', baseDir: ROOT };
}

const CASES: { name: string; operator: Json; extraChartValues?: Json }[] = [
  // The chart version's defaults: the image comes from the project's table for 2025.1-RC.875.
  { name: 'defaults of chart 2025.1-RC.875', operator: { chart: { version: '2025.1-RC.875' } } },
  {
    name: 'typed settings (image, pull policy, replicas, resources)',
    operator: {
      chart: { version: '2025.1-RC.875' },
      releaseName: 'operator',
      image: 'registry.example.com:5000/team/codecanvas-operator:1.2.3',
      imagePullPolicy: 'IfNotPresent',
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    },
  },
  {
    // The chart's placement and pod settings, each typed in the config; the Helm modes pass them as the chart's values.
    name: 'placement and hardening settings',
    operator: {
      chart: { version: '2025.1-RC.875' },
      nodeSelector: { 'kubernetes.azure.com/mode': 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }],
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['westeurope-1'] }] } }],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'codecanvas-operator' } } } },
          ],
        },
      },
      imagePullSecrets: ['mirror-credentials'],
      podSecurityContext: { fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: { readOnlyRootFilesystem: true, runAsUser: 1001 },
      podAnnotations: { 'example.com/team': 'platform' },
    },
  },
  {
    // Autoscaling is argocd-only in the config (the chart's HPA is autoscaling/v2beta1); the chart is rendered
    // with the equivalent autoscaling values to compare bounds and targets.
    name: 'autoscaling',
    operator: { chart: { version: '2025.1-RC.875' }, autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 85 } },
    extraChartValues: { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 85 } },
  },
];

if (skipReason) {
  cannotRun('operator equivalence', skipReason);
} else {
  describe(`the operator's plain manifests match the real operator chart (Kubernetes ${VERSION})`, () => {
    let cluster: Cluster;
    let work: string;
    let subchart: string;
    const kubectl = (args: string[], what: string, input?: string) => run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args], what, { input });

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-equivalence-'));
      run('tar', ['-xzf', CHART!, '-C', work], 'unpacking the chart');
      subchart = path.join(work, 'codecanvas', 'charts', 'codecanvas-operator');
      cluster = await startCluster({ version: VERSION });
      for (const ns of ['dev-envs', 'dev-system']) kubectl(['create', 'namespace', ns], `creating namespace ${ns}`);
    });

    afterAll(async () => {
      await cluster?.stop();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    test.each(CASES)('$name', ({ name, operator, extraChartValues }) => {
      // Ours: the argocd output of the dev cluster, the operator's objects only.
      const argocd = configWith('argocd', operator);
      const files = synthesize(argocd, { env: fakeSecretEnv(['dev']) }).files.filter((f) => f.path.startsWith('dev/'));
      const ours = files
        .flatMap((f) => (yaml.loadAll(f.content) as Json[]).filter(Boolean))
        .filter((o) => o.metadata?.labels?.['app.kubernetes.io/name'] === 'codecanvas-operator');

      // The chart's: the values the helm delivery mode writes for the same config, rendered against the server.
      const { autoscaling: _argocdOnly, ...helmOperator } = operator;
      const helm = configWith('helm', helmOperator);
      const release = helm.config.devEnvironmentClusters[0].operator.releaseName;
      const valuesFile = synthesize(helm, { env: fakeSecretEnv(['dev']) }).files.find((f) => f.path === `helm/dev/${release}.values.yaml`);
      expect(valuesFile).toBeDefined();
      const values = { ...(yaml.load(valuesFile!.content) as Json), ...(extraChartValues ?? {}) };
      const valuesPath = path.join(work, `${name.replace(/\W+/g, '-')}.values.yaml`);
      fs.writeFileSync(valuesPath, yaml.dump(values));
      const text = run(
        HELM,
        ['template', release, subchart, '--namespace', 'dev-system', '--values', valuesPath, '--dry-run=server', '--kubeconfig', cluster.kubeconfig],
        'helm template of the operator subchart',
      );
      const theirs = (yaml.loadAll(text) as Json[]).filter(Boolean);

      expect(ours.map(semantic).sort(byId)).toEqual(theirs.map(semantic).sort(byId));
      // The readiness probe: ours mirrors the liveness probe; the chart renders none.
      expect(containersOf(ours).map((c) => c.readinessProbe)).toEqual(containersOf(ours).map((c) => c.livenessProbe));
      expect(containersOf(theirs).map((c) => c.readinessProbe ?? null)).toEqual([null]);
      // Labels: ours carry the chart's (without Helm's own) plus the installation's common labels.
      const theirsByName = new Map(theirs.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
      for (const o of ours) expect(labelsWithoutHelm(o)).toMatchObject(labelsWithoutHelm(theirsByName.get(`${o.kind}/${o.metadata.name}`)));

      // Ours are accepted by the API server as they are (the HPA in autoscaling/v2, which the chart's is not).
      kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', '-'], `server-side dry-run of our operator (${name})`, ours.map((o) => yaml.dump(o)).join('---\n'));
    });

    test('the hardening defaults are ours: the chart on its own renders no security context, Always and no readiness probe', () => {
      const valuesPath = path.join(work, 'chart-only.values.yaml');
      fs.writeFileSync(valuesPath, yaml.dump({ operator: { secret: { existingSecretName: 'codecanvas-operator-secret' }, targetNamespace: 'dev-envs' } }));
      const text = run(
        HELM,
        ['template', 'codecanvas-operator', subchart, '--namespace', 'dev-system', '--values', valuesPath, '--dry-run=server', '--kubeconfig', cluster.kubeconfig],
        'helm template of the operator subchart with its own defaults',
      );
      const [chartOnly] = containersOf((yaml.loadAll(text) as Json[]).filter(Boolean));
      expect({ securityContext: chartOnly.securityContext ?? {}, imagePullPolicy: chartOnly.imagePullPolicy, readinessProbe: chartOnly.readinessProbe ?? null }).toEqual({
        securityContext: {},
        imagePullPolicy: 'Always',
        readinessProbe: null,
      });
      const files = synthesize(configWith('argocd', { chart: { version: '2025.1-RC.875' } }), { env: fakeSecretEnv(['dev']) }).files.filter((f) => f.path.startsWith('dev/'));
      const [oursOnly] = containersOf(files.flatMap((f) => (yaml.loadAll(f.content) as Json[]).filter(Boolean)));
      expect(oursOnly.securityContext).toEqual(DEFAULT_OPERATOR_SECURITY_CONTEXT);
      expect(oursOnly.imagePullPolicy).toBe('IfNotPresent');
      expect(oursOnly.readinessProbe).toEqual(oursOnly.livenessProbe);
    });
  });
}

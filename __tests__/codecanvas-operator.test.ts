// The operator as plain manifests (delivery.mode argocd) and how the other modes keep the chart: names as the
// operator chart builds them, RBAC, the Deployment's container, autoscaling, argument errors, the tree-wide
// namespace check, the image table, and the typed settings as chart values. The equivalence with the real chart
// is proven in the cluster tier (test/cluster/operator-equivalence.cluster.test.ts).
import * as yaml from 'js-yaml';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { parseConfig, checkConfig } from '../lib/config/load';
import { ConfigError, formatIssue } from '../lib/config/errors';
import { OPERATOR_CHART_DEFAULTS, splitImageRef, isImageRef } from '../lib/config/operator-defaults';
import { CodeCanvasOperator } from '../lib/constructs/codecanvas-operator';
import { CodeCanvasOperatorDeployment, DEFAULT_OPERATOR_SECURITY_CONTEXT } from '../lib/constructs/codecanvas-operator-deployment';
import { CodeCanvasOperatorRbac } from '../lib/constructs/codecanvas-operator-rbac';
import { Namespace } from '../lib/constructs/namespace';
import { synthesize } from '../cli/synth';
import { deliverOperator } from '../lib/charts/operator-delivery';
import { rendererFor } from '../lib/charts/delivery';
import { DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE } from '../lib/util/rules';
import { validateManifests, formatProblems } from '../cli/validate/manifest-schemas';
import { exampleConfig, fakeSecretEnv, testChart, withField } from './helpers';

type Doc = Record<string, any>;

const RC_IMAGE = OPERATOR_CHART_DEFAULTS['2025.1-RC.875'].image;

function operatorChart(props: Partial<ConstructorParameters<typeof CodeCanvasOperator>[2]> = {}, declareTarget = true) {
  const chart = testChart();
  if (declareTarget) new Namespace(chart, 'Target', { name: 'dev-envs' });
  const operator = new CodeCanvasOperator(chart, 'Operator', {
    namespace: 'dev-system',
    targetNamespace: 'dev-envs',
    secretName: 'codecanvas-operator-secret',
    image: RC_IMAGE,
    ...props,
  });
  return { chart, operator };
}

const docs = (chart: Chart): Doc[] => Testing.synth(chart) as Doc[];
const one = (all: Doc[], kind: string) => {
  const found = all.filter((d) => d.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('CodeCanvasOperator', () => {
  test('renders the objects of the operator chart, with its names', () => {
    const all = docs(operatorChart().chart).filter((d) => d.kind !== 'Namespace');
    expect(all.map((d) => `${d.kind} ${d.metadata.namespace ?? '-'}/${d.metadata.name}`).sort()).toEqual([
      'ClusterRole -/codecanvas-operator-dev-envs-cluster-role',
      'ClusterRoleBinding -/codecanvas-operator-dev-envs-cluster-rolebinding',
      'Deployment dev-system/codecanvas-operator-dev-envs',
      'Role dev-envs/codecanvas-operator-dev-envs-service-role',
      'RoleBinding dev-envs/codecanvas-operator-dev-envs-service-rolebinding',
      'ServiceAccount dev-system/codecanvas-operator-dev-envs-service-account',
    ]);
  });

  test('a long target namespace is cut to 63 characters without a trailing "-", as Helm\'s trunc/trimSuffix', () => {
    // "codecanvas-operator-" is 20 characters: with a 44-character namespace ending in "-x", character 63 is "-".
    const ns = `${'a'.repeat(42)}-x`;
    const chart = testChart();
    new Namespace(chart, 'Target', { name: ns });
    const op = new CodeCanvasOperator(chart, 'Operator', { namespace: 'sys', targetNamespace: ns, secretName: 's', image: RC_IMAGE });
    expect(op.fullname).toBe(`codecanvas-operator-${'a'.repeat(42)}`);
    expect(op.fullname.length).toBe(62);
  });

  test('the Role grants the dev-environment verbs in the target namespace only, bound to the operator\'s ServiceAccount', () => {
    const all = docs(operatorChart().chart);
    const role = one(all, 'Role');
    expect(role.metadata.namespace).toBe('dev-envs');
    const jobs = role.rules.find((r: Doc) => r.resources.includes('jobs'));
    expect(jobs).toEqual({ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'watch', 'list', 'create', 'delete'] });
    expect(role.rules.find((r: Doc) => r.resources.includes('volumesnapshots')).verbs).toContain('create');
    const binding = one(all, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'codecanvas-operator-dev-envs-service-account', namespace: 'dev-system' }]);
    const clusterRole = one(all, 'ClusterRole');
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules.flatMap((r: Doc) => r.verbs)).not.toContain('create');
    expect(one(all, 'ClusterRoleBinding').subjects).toEqual(binding.subjects);
  });

  test('the Deployment runs the image with the Secret as envFrom, the health probe, and no random annotation', () => {
    const deployment = one(docs(operatorChart().chart), 'Deployment');
    const pod = deployment.spec.template;
    const [container] = pod.spec.containers;
    expect(container.image).toBe(RC_IMAGE);
    // A tag-pinned image: the node's copy is the right one (the chart's Always would need the registry on every start).
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.envFrom).toEqual([{ secretRef: { name: 'codecanvas-operator-secret' } }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(pod.spec.serviceAccountName).toBe('codecanvas-operator-dev-envs-service-account');
    expect(pod.metadata.annotations).toBeUndefined();
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector.matchLabels).toEqual(pod.metadata.labels);
    expect(pod.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'codecanvas-operator', 'app.kubernetes.io/instance': 'codecanvas-operator' });
    // Deterministic: the same input gives the same output, byte for byte.
    expect(JSON.stringify(docs(operatorChart().chart))).toBe(JSON.stringify(docs(operatorChart().chart)));
  });

  test('settings reach the container; the instance label follows the release name', () => {
    const deployment = one(
      docs(operatorChart({ instance: 'op', imagePullPolicy: 'IfNotPresent', replicas: 3, resources: { requests: { cpu: '250m' } } }).chart),
      'Deployment',
    );
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('op');
    expect(deployment.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m' } });
  });

  test('autoscaling: an autoscaling/v2 HPA on the Deployment, which then leaves replicas to it', () => {
    const all = docs(operatorChart({ replicas: 4, autoscaling: { maxReplicas: 6, targetMemoryUtilizationPercentage: 90 } }).chart);
    const hpa = one(all, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'codecanvas-operator-dev-envs' });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([1, 6]);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 90 } } },
    ]);
    expect(one(all, 'Deployment').spec.replicas).toBeUndefined();
    expect(docs(operatorChart().chart).some((d) => d.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  test.each([
    [{ image: 'registry.example.com/operator' }, /CodeCanvasOperatorDeployment: image "registry.example.com\/operator" must be a container image reference/],
    [{ image: 'Registry.example.com/Op:1' }, /image "Registry.example.com\/Op:1"/],
    [{ replicas: 0 }, /CodeCanvasOperator: replicas 0 must be an integer >= 1/],
    [{ targetNamespace: 'Dev' }, /CodeCanvasOperator: targetNamespace "Dev" must be a DNS-1123 label/],
    [{ autoscaling: { minReplicas: 4, maxReplicas: 2 } }, /HorizontalPodAutoscaler: maxReplicas 2 must be at least minReplicas \(4\)/],
  ])('argument errors name the field and value: %j', (props, message) => {
    expect(() => operatorChart(props as never)).toThrow(message);
  });

  test('the target namespace must be a Namespace of the same chart (the chart checks it with lookup at install)', () => {
    const { chart } = operatorChart({}, false);
    const errors = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(errors).toEqual([expect.stringContaining('targetNamespace "dev-envs" is not a Namespace of chart')]);
    expect(operatorChart().chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
  });
});

describe('CodeCanvasOperator: defaults and checks', () => {
  test('without livenessProbe the container gets the chart\'s probe timings', () => {
    const [container] = one(docs(operatorChart().chart), 'Deployment').spec.template.spec.containers;
    expect(container.livenessProbe).toEqual({
      httpGet: { path: '/health', port: 8080 },
      initialDelaySeconds: 30,
      timeoutSeconds: 3,
      successThreshold: 1,
      failureThreshold: 3,
      periodSeconds: 3,
    });
  });

  test.each([
    [{ namespace: 'dev.system' }, `CodeCanvasOperator: namespace "dev.system" ${DNS1123_LABEL_RULE}`],
    [{ instance: 'op.release' }, `CodeCanvasOperator: instance "op.release" ${DNS1123_LABEL_RULE}`],
  ])('%j is refused with the construct, field, value and rule', (props, message) => {
    expect(() => operatorChart(props)).toThrow(message);
  });

  test('the missing target namespace is reported with the operator\'s path, the chart and what to do', () => {
    const { chart } = operatorChart({}, false);
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      `CodeCanvasOperator ${chart.node.id}/Operator: targetNamespace "dev-envs" is not a Namespace of chart ${chart.node.id}; ` +
        'the operator\'s Role and RoleBinding live there, so declare the Namespace in the same chart',
    ]);
  });

  // Objects that look like the target namespace in one respect but are not the core Namespace of that name.
  test.each<[string, (chart: Chart) => void]>([
    ['a Namespace of another name', (c) => new Namespace(c, 'Other', { name: 'other' })],
    ['a v1 object of another kind with that name', (c) => new ApiObject(c, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dev-envs' } })],
    ['a Namespace kind of another API group', (c) => new ApiObject(c, 'Crd', { apiVersion: 'example.com/v1', kind: 'Namespace', metadata: { name: 'dev-envs' } })],
    ['a construct that only describes the Namespace without creating it', (c) => Object.assign(new Construct(c, 'Ref'), { apiVersion: 'v1', kind: 'Namespace', name: 'dev-envs' })],
  ])('%s does not count as the target namespace', (_what, decoy) => {
    const { chart } = operatorChart({}, false);
    decoy(chart);
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([expect.stringContaining('targetNamespace "dev-envs" is not a Namespace of chart')]);
  });
});

describe('CodeCanvasOperatorDeployment', () => {
  const PROBE = { initialDelaySeconds: 5, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 4, periodSeconds: 7 };
  const deploymentProps = (over: Record<string, unknown> = {}) => ({
    name: 'op',
    namespace: 'sys',
    selectorLabels: { app: 'op' },
    serviceAccountName: 'op-sa',
    secretName: 'op-secret',
    image: 'r.example.com/op:1',
    livenessProbe: PROBE,
    ...over,
  });
  const deployment = (over: Record<string, unknown> = {}) => {
    const chart = testChart();
    new CodeCanvasOperatorDeployment(chart, 'D', deploymentProps(over) as never);
    return one(docs(chart), 'Deployment');
  };

  test.each([
    [{ name: 'Op_1' }, `CodeCanvasOperatorDeployment: name "Op_1" ${DNS1123_SUBDOMAIN_RULE}`],
    [{ namespace: 'sys.ops' }, `CodeCanvasOperatorDeployment: namespace "sys.ops" ${DNS1123_LABEL_RULE}`],
    [{ secretName: 'Op_Secret' }, `CodeCanvasOperatorDeployment: secretName "Op_Secret" ${DNS1123_SUBDOMAIN_RULE}`],
    [{ serviceAccountName: 'Op_SA' }, `CodeCanvasOperatorDeployment: serviceAccountName "Op_SA" ${DNS1123_SUBDOMAIN_RULE}`],
    [{ replicas: -1 }, 'CodeCanvasOperatorDeployment: replicas -1 must be an integer >= 0'],
    [{ replicas: 1.5 }, 'CodeCanvasOperatorDeployment: replicas 1.5 must be an integer >= 0'],
    [{ selectorLabels: {} }, 'CodeCanvasOperatorDeployment: selectorLabels must not be empty'],
  ])('%j is refused with the construct, field, value and rule', (over, message) => {
    expect(() => deployment(over)).toThrow(message);
  });

  test('replicas 0 is kept (a scaled-down operator); unset replicas are left to the API server', () => {
    expect(deployment({ replicas: 0 }).spec.replicas).toBe(0);
    expect(deployment().spec.replicas).toBeUndefined();
  });

  test('the probe timings, selector and labels reach the object', () => {
    const d = deployment();
    expect(d.metadata).toEqual({ name: 'op', namespace: 'sys', labels: { app: 'op' } });
    expect(d.spec.selector.matchLabels).toEqual({ app: 'op' });
    expect(d.spec.template.metadata).toEqual({ labels: { app: 'op' } });
    const [container] = d.spec.template.spec.containers;
    expect(container).toMatchObject({
      name: 'codecanvas-operator',
      image: 'r.example.com/op:1',
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: { ...PROBE, httpGet: { path: '/health', port: 8080 } },
      readinessProbe: { ...PROBE, httpGet: { path: '/health', port: 8080 } },
    });
    expect(container.resources).toBeUndefined();
  });

  test('secure defaults where the chart leaves them empty: hardened container, readiness probe, IfNotPresent for a pinned image', () => {
    const d = deployment();
    const [container] = d.spec.template.spec.containers;
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.readinessProbe).toEqual(container.livenessProbe);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    // Nothing the chart leaves empty appears empty here either.
    for (const key of ['securityContext', 'imagePullSecrets', 'nodeSelector', 'affinity', 'tolerations']) expect(d.spec.template.spec[key]).toBeUndefined();
  });

  test('the pull policy: Always for :latest, IfNotPresent for a digest or another tag, and a policy given wins', () => {
    const policy = (over: Record<string, unknown>) => deployment(over).spec.template.spec.containers[0].imagePullPolicy;
    expect(policy({ image: 'r.example.com/op:latest' })).toBe('Always');
    expect(policy({ image: `r.example.com/op:latest@sha256:${'a'.repeat(64)}` })).toBe('IfNotPresent');
    expect(policy({ image: `r.example.com/op@sha256:${'a'.repeat(64)}` })).toBe('IfNotPresent');
    expect(policy({ image: 'r.example.com/op:latest', imagePullPolicy: 'Never' })).toBe('Never');
  });

  test('securityContext: each field given replaces the default\'s, the rest stay; a readiness probe of its own', () => {
    const READY = { ...PROBE, initialDelaySeconds: 1 };
    const [container] = deployment({ securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }, readinessProbe: READY })
      .spec.template.spec.containers;
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.readinessProbe).toEqual({ ...READY, httpGet: { path: '/health', port: 8080 } });
    expect(container.livenessProbe).toEqual({ ...PROBE, httpGet: { path: '/health', port: 8080 } });
  });

  test('placement and pod settings reach the pod spec; empty ones are left out', () => {
    const tolerations = [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }];
    const affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'op' } } } }] } };
    const spec = deployment({ nodeSelector: { pool: 'system' }, tolerations, affinity, imagePullSecrets: ['mirror'], podSecurityContext: { fsGroup: 2000 } }).spec.template.spec;
    expect(spec).toMatchObject({ nodeSelector: { pool: 'system' }, tolerations, affinity, imagePullSecrets: [{ name: 'mirror' }], securityContext: { fsGroup: 2000 } });
    const empty = deployment({ nodeSelector: {}, tolerations: [], affinity: {}, imagePullSecrets: [], podSecurityContext: {} }).spec.template.spec;
    for (const key of ['securityContext', 'imagePullSecrets', 'nodeSelector', 'affinity', 'tolerations']) expect(empty[key]).toBeUndefined();
  });

  test('an image pull secret that is not a Secret name is refused, naming the field and value', () => {
    expect(() => deployment({ imagePullSecrets: ['ok', 'Not_OK'] })).toThrow(`CodeCanvasOperatorDeployment: imagePullSecrets "Not_OK" ${DNS1123_SUBDOMAIN_RULE}`);
  });

  test('pod annotations are set when given; an empty map sets none', () => {
    expect(deployment({ podAnnotations: { 'example.com/a': 'b' } }).spec.template.metadata).toEqual({ labels: { app: 'op' }, annotations: { 'example.com/a': 'b' } });
    expect(deployment({ podAnnotations: {} }).spec.template.metadata).toEqual({ labels: { app: 'op' } });
  });

  test('resources: only the quantities given appear', () => {
    const [container] = deployment({ resources: { requests: { memory: '512Mi' }, limits: { cpu: '2' } } }).spec.template.spec.containers;
    expect(container.resources).toEqual({ requests: { memory: '512Mi' }, limits: { cpu: '2' } });
    expect(Object.keys(container.resources.requests)).toEqual(['memory']);
    expect(Object.keys(container.resources.limits)).toEqual(['cpu']);
  });
});

describe('CodeCanvasOperatorRbac', () => {
  const rbac = (over: Record<string, unknown>) =>
    new CodeCanvasOperatorRbac(testChart(), 'R', { namePrefix: 'op', targetNamespace: 'dev-envs', serviceAccount: { name: 'sa', namespace: 'sys' }, ...over });

  test.each([
    [{ targetNamespace: 'dev.envs' }, `CodeCanvasOperatorRbac: targetNamespace "dev.envs" ${DNS1123_LABEL_RULE}`],
    [{ namePrefix: 'Op' }, `CodeCanvasOperatorRbac: namePrefix "Op" ${DNS1123_SUBDOMAIN_RULE}, counting the "-cluster-rolebinding" it appends`],
  ])('%j is refused with the construct, field, value and rule', (over, message) => {
    expect(() => rbac(over)).toThrow(message);
  });

  test('the permissions are those of the operator chart\'s service-rbac.yaml: the Role in the target namespace, the ClusterRole read-only', () => {
    const r = rbac({});
    const all = docs(Chart.of(r));
    expect(one(all, 'Role').rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['list'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
    ]);
    expect(one(all, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: ['get', 'list'] },
    ]);
    expect(all.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.namespace ?? '-'}/${d.metadata.name}`)).toEqual([
      'rbac.authorization.k8s.io/v1 Role dev-envs/op-service-role',
      'rbac.authorization.k8s.io/v1 RoleBinding dev-envs/op-service-rolebinding',
      'rbac.authorization.k8s.io/v1 ClusterRole -/op-cluster-role',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding -/op-cluster-rolebinding',
    ]);
    for (const [binding, role] of [['RoleBinding', 'Role'], ['ClusterRoleBinding', 'ClusterRole']]) {
      expect(one(all, binding)).toMatchObject({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role, name: one(all, role).metadata.name },
        subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'sys' }],
      });
    }
  });

  test('namePrefix: a subdomain on its own that the suffix makes too long is refused; one character less is accepted', () => {
    const long = 'a'.repeat(234);
    expect(() => rbac({ namePrefix: long })).toThrow(
      `CodeCanvasOperatorRbac: namePrefix "${long}" ${DNS1123_SUBDOMAIN_RULE}, counting the "-cluster-rolebinding" it appends`,
    );
    expect(rbac({ namePrefix: 'a'.repeat(233) }).clusterRoleBinding.name).toHaveLength(253);
  });
});

describe('image references', () => {
  test.each([
    ['registry.jetbrains.team/p/rdo/nightly-images/codecanvas-operator:2025.1-RC.875', { registry: 'registry.jetbrains.team', repository: 'p/rdo/nightly-images/codecanvas-operator', tag: '2025.1-RC.875' }],
    ['localhost:5000/op:1', { registry: 'localhost:5000', repository: 'op', tag: '1' }],
    ['team/op:1', { registry: '', repository: 'team/op', tag: '1' }],
    [`r.io/op@sha256:${'a'.repeat(64)}`, { registry: 'r.io', repository: 'op', tag: undefined, digest: `sha256:${'a'.repeat(64)}` }],
    // Neither a registry nor a tag: all of it is the repository.
    [`op@sha256:${'a'.repeat(64)}`, { registry: '', repository: 'op', tag: undefined, digest: `sha256:${'a'.repeat(64)}` }],
    ['op:1', { registry: '', repository: 'op', tag: '1' }],
    // A "." in a single path part does not make it a registry; localhost without a port does.
    ['my.op:1', { registry: '', repository: 'my.op', tag: '1' }],
    ['localhost/op:1', { registry: 'localhost', repository: 'op', tag: '1' }],
    // A one-letter host with a port; a host with capitals (only the repository must be lower case).
    ['h:5000/op:1', { registry: 'h:5000', repository: 'op', tag: '1' }],
    ['Registry.example.com/op:1', { registry: 'Registry.example.com', repository: 'op', tag: '1' }],
    // Separators inside a path part: ".", "_", "__" and runs of "-", in the first part and in later ones.
    ['code_canvas--op:1', { registry: '', repository: 'code_canvas--op', tag: '1' }],
    ['r.io/team/code.canvas:1', { registry: 'r.io', repository: 'team/code.canvas', tag: '1' }],
    ['r.io/team/code__canvas---op:1', { registry: 'r.io', repository: 'team/code__canvas---op', tag: '1' }],
  ])('%s splits into the chart\'s image values', (ref, parts) => {
    expect(isImageRef(ref)).toBe(true);
    expect(splitImageRef(ref)).toEqual({ digest: undefined, ...parts });
  });
  // (a registry port is not a tag: localhost:5000/op is unpinned)
  test.each(['op', 'r.io/op', 'r.io/Op:1', 'r.io/op:', 'localhost:5000/op'])('%s is not a pinned image reference', (ref) => expect(isImageRef(ref)).toBe(false));
});

describe('the dev-environment chart delivers the operator per mode', () => {
  const base = () => withField(exampleConfig(), 'devEnvironmentClusters.0.operator.image', undefined);
  const synth = (raw: Doc) => {
    const config = parseConfig(raw, 'test.yaml');
    return synthesize({ config, source: 'test.yaml', baseDir: '.' }, { env: fakeSecretEnv(['dev-westeurope']) }).files;
  };
  const objects = (files: readonly { path: string; content: string }[], dir: string): Doc[] =>
    files.filter((f) => f.path.startsWith(`${dir}/`) && f.path.endsWith('.yaml')).flatMap((f) => (yaml.loadAll(f.content) as Doc[]).filter(Boolean));

  test('argocd: plain manifests in the cluster folder, no operator Application, image from the chart version\'s table', () => {
    const files = synth(withField(base(), 'devEnvironmentClusters.0.operator.chart', { version: '2025.1-RC.875' }));
    const all = objects(files, 'dev-westeurope');
    expect(all.filter((d) => d.kind === 'Application').map((d) => d.spec.source.chart)).not.toContain('codecanvas-operator');
    const deployment = all.find((d) => d.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe(RC_IMAGE);
    expect(deployment.metadata.namespace).toBe('codecanvas-system');
    expect(all.find((d) => d.kind === 'Role')!.metadata.namespace).toBe('codecanvas-devenv');
    // Valid against the Kubernetes schemas, like every other object.
    expect(formatProblems(validateManifests(all))).toBe('');
    // In apply order: RBAC and ServiceAccount before the Deployment.
    const fileOf = (kind: string) => files.find((f) => f.path.startsWith('dev-westeurope/') && (yaml.loadAll(f.content) as Doc[]).some((d) => d?.kind === kind))!.path;
    expect([fileOf('ClusterRole'), fileOf('ServiceAccount'), fileOf('Role'), fileOf('Deployment')]).toEqual([
      'dev-westeurope/10-cluster-resources.yaml',
      'dev-westeurope/20-secrets.yaml',
      'dev-westeurope/20-secrets.yaml',
      'dev-westeurope/30-releases.yaml',
    ]);
  });

  test('argocd: a chart version whose image is unknown needs operator.image, and the error says how to find it', () => {
    const messages = checkConfig(base()).map(formatIssue);
    expect(messages).toEqual([
      'devEnvironmentClusters[0].operator.image: is required in delivery.mode argocd for operator chart version 2025.1.2: this project knows the operator image only for 2025.1-RC.875; ' +
        'read image.registry, image.repository and image.tag from `helm show values oci://public.registry.jetbrains.space/p/codecanvas/release-charts/codecanvas-operator --version 2025.1.2` and set image: <registry>/<repository>:<tag>',
    ]);
    // Other modes install the chart, whose own default image applies.
    expect(checkConfig(withField(base(), 'delivery.mode', 'flux'))).toEqual([]);
  });

  test('helm modes: the chart release, with the typed settings as its values and operator.values last', () => {
    let raw = withField(base(), 'delivery', { mode: 'helm' });
    raw = withField(raw, 'secrets', { source: 'env', allowPlaintextSecrets: true });
    raw = withField(raw, 'devEnvironmentClusters.0.operator', {
      enabled: true,
      instanceId: 'x',
      image: 'registry.example.com:5000/team/op:1.2',
      imagePullPolicy: 'IfNotPresent',
      replicas: 2,
      resources: { limits: { memory: '2Gi' } },
      values: { replicaCount: 3, podAnnotations: { a: 'b' } },
    });
    const files = synth(raw);
    expect(objects(files, 'dev-westeurope').some((d) => d.kind === 'Deployment')).toBe(false);
    const values = yaml.load(files.find((f) => f.path === 'helm/dev-westeurope/codecanvas-operator.values.yaml')!.content) as Doc;
    expect(values).toEqual({
      operator: { secret: { existingSecretName: 'codecanvas-operator-secret' }, targetNamespace: 'codecanvas-devenv' },
      image: { registry: 'registry.example.com:5000', repository: 'team/op', tag: '1.2', pullPolicy: 'IfNotPresent' },
      replicaCount: 3,
      resources: { limits: { memory: '2Gi' } },
      securityContext: DEFAULT_OPERATOR_SECURITY_CONTEXT,
      podAnnotations: { a: 'b' },
    });
  });

  test('argocd: the typed settings shape the Deployment; unset ones take the chart version\'s defaults', () => {
    const rc = withField(base(), 'devEnvironmentClusters.0.operator.chart', { version: '2025.1-RC.875' });
    const deploymentOf = (raw: Doc) => objects(synth(raw), 'dev-westeurope').find((d) => d.kind === 'Deployment')!;
    let raw = withField(rc, 'devEnvironmentClusters.0.operator.imagePullPolicy', 'IfNotPresent');
    raw = withField(raw, 'devEnvironmentClusters.0.operator.replicas', 2);
    const set = deploymentOf(withField(raw, 'devEnvironmentClusters.0.operator.resources', { limits: { memory: '2Gi' } }));
    expect(set.spec.replicas).toBe(2);
    expect(set.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(set.spec.template.spec.containers[0].resources).toEqual({ limits: { memory: '2Gi' } });
    const defaults = deploymentOf(rc);
    expect(defaults.spec.replicas).toBe(1);
    expect(defaults.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(defaults.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
    // The chart version's probe timings (its values.yaml), on the liveness and the readiness probe.
    const timings = { initialDelaySeconds: 30, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 3, periodSeconds: 3 };
    expect(defaults.spec.template.spec.containers[0].livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, ...timings });
    expect(defaults.spec.template.spec.containers[0].readinessProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, ...timings });
  });

  test('argocd: the placement and hardening settings of the config shape the Deployment, and it stays valid Kubernetes', () => {
    let raw = withField(base(), 'devEnvironmentClusters.0.operator.chart', { version: '2025.1-RC.875' });
    const settings = {
      nodeSelector: { 'kubernetes.azure.com/mode': 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['1'] }] } }] } },
      imagePullSecrets: ['mirror-credentials'],
      podSecurityContext: { fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: { readOnlyRootFilesystem: true },
      podAnnotations: { 'example.com/team': 'platform' },
    };
    for (const [key, value] of Object.entries(settings)) raw = withField(raw, `devEnvironmentClusters.0.operator.${key}`, value);
    const all = objects(synth(raw), 'dev-westeurope');
    const deployment = all.find((d) => d.kind === 'Deployment')!;
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations).toEqual(settings.podAnnotations);
    expect(pod.spec).toMatchObject({
      nodeSelector: settings.nodeSelector,
      tolerations: settings.tolerations,
      affinity: settings.affinity,
      imagePullSecrets: [{ name: 'mirror-credentials' }],
      securityContext: settings.podSecurityContext,
    });
    expect(pod.spec.containers[0].securityContext).toEqual({ ...DEFAULT_OPERATOR_SECURITY_CONTEXT, readOnlyRootFilesystem: true });
    expect(pod.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(formatProblems(validateManifests(all))).toBe('');
  });

  test('config: the pod settings are typed; a misspelt or mistyped field is refused, not dropped', () => {
    const at = 'devEnvironmentClusters.0.operator';
    const messages = (key: string, value: unknown) => checkConfig(withField(exampleConfig(), `${at}.${key}`, value)).map(formatIssue);
    expect(messages('securityContext', { runAsNonroot: true })).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.securityContext.*runAsNonroot/)]);
    expect(messages('tolerations', [{ key: 'a', effect: 'NoSchedul' }])).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.tolerations\[0\]\.effect: is "NoSchedul"/)]);
    expect(messages('affinity', { nodeAffinity: { requiredDuringScheduling: {} } })).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.affinity\.nodeAffinity.*requiredDuringScheduling/)]);
    expect(messages('imagePullSecrets', ['Mirror_Credentials'])).toEqual([`devEnvironmentClusters[0].operator.imagePullSecrets[0]: is "Mirror_Credentials"; ${DNS1123_SUBDOMAIN_RULE}`]);
    expect(messages('podSecurityContext', { fsGroup: -1 })).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.podSecurityContext\.fsGroup: is -1; must be an integer >= 0/)]);
    expect(messages('nodeSelector', { pool: 1 })).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.nodeSelector\.pool: is 1/)]);
  });

  test('config: the pod settings\' numbers and lists are refused in words: integers, IDs, weights, an empty topology key, no node terms', () => {
    const at = 'devEnvironmentClusters.0.operator';
    const messages = (key: string, value: unknown) => checkConfig(withField(exampleConfig(), `${at}.${key}`, value)).map(formatIssue);
    const path = `devEnvironmentClusters[0].operator`;
    expect(messages('tolerations', [{ key: 'a', effect: 'NoExecute', tolerationSeconds: 1.5 }])).toEqual([`${path}.tolerations[0].tolerationSeconds: is 1.5; must be an integer`]);
    // An ID that is no integer gets the same words as a negative one.
    expect(messages('podSecurityContext', { runAsUser: 1.5 })).toEqual([`${path}.podSecurityContext.runAsUser: is 1.5; must be an integer >= 0`]);
    const preferred = (weight: number) => ({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, preference: {} }] } });
    for (const weight of [1.5, 0, 101]) {
      expect(messages('affinity', preferred(weight))).toEqual([
        `${path}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: is ${weight}; must be an integer from 1 to 100`,
      ]);
    }
    expect(messages('affinity', preferred(1))).toEqual([]);
    expect(messages('affinity', preferred(100))).toEqual([]);
    const term = { weight: 1, podAffinityTerm: { topologyKey: '' } };
    expect(messages('affinity', { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term] } })).toEqual([
      `${path}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: is ""; must not be empty`,
    ]);
    expect(messages('affinity', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } })).toEqual([
      `${path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: is a list; must list at least one term`,
    ]);
  });

  test('argocd, used as a library: a chart version without a known image is reported on the scope, and the Deployment names a placeholder image', () => {
    const config = parseConfig(withField(base(), 'devEnvironmentClusters.0.operator.chart', { version: '2025.1-RC.875' }), 'test.yaml');
    const chart = testChart();
    new Namespace(chart, 'Target', { name: 'codecanvas-devenv' });
    const coordinates = { repository: 'oci://registry.example.com/charts', name: 'codecanvas-operator', version: '2025.9.9' };
    deliverOperator(chart, { config, index: 0, namespace: 'codecanvas-system', chart: coordinates, renderer: rendererFor(config) });
    expect(chart.node.validate()).toEqual([
      'devEnvironmentClusters[0].operator.image: missing; is required for operator chart version 2025.9.9 (its image is not known here): ' +
        'read image.registry, image.repository and image.tag from `helm show values oci://registry.example.com/charts/codecanvas-operator --version 2025.9.9`',
    ]);
    // Synth refuses the chart; the object itself (as a library user may inspect it) names what is missing.
    const deployment = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).find((o) => o.kind === 'Deployment')!;
    expect(deployment.toJson().spec.template.spec.containers[0].image).toBe('image-unknown/codecanvas-operator:2025.9.9');
  });

  test('helm modes, used as a library: an image without a tag and autoscaling are reported on the scope, naming the field and the mode', () => {
    // The config rules refuse both; a config made by hand and passed to the chart gets the same sentences from it.
    const valid = parseConfig(withField(base(), 'delivery', { mode: 'flux' }), 'test.yaml');
    const digest = `sha256:${'b'.repeat(64)}`;
    const operator = { ...valid.devEnvironmentClusters[0].operator, image: `registry.example.com/team/op@${digest}`, autoscaling: { maxReplicas: 3 } };
    const config = { ...valid, devEnvironmentClusters: [{ ...valid.devEnvironmentClusters[0], operator }] } as typeof valid;
    const chart = Testing.chart();
    const coordinates = { repository: 'oci://registry.example.com/charts', name: 'codecanvas-operator', version: '2025.1.2' };
    deliverOperator(chart, { config, index: 0, namespace: 'codecanvas-system', chart: coordinates, renderer: rendererFor(config) });
    expect(chart.node.validate()).toEqual([
      `devEnvironmentClusters[0].operator.image: is "registry.example.com/team/op@${digest}"; needs a tag in delivery.mode flux (the operator chart builds registry/repository:tag)`,
      expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.autoscaling: cannot be used with delivery\.mode flux: it installs the operator chart, whose HorizontalPodAutoscaler is autoscaling\/v2beta1/),
    ]);
    // A tagged image and no autoscaling: nothing to report.
    const fine = { ...valid, devEnvironmentClusters: [{ ...valid.devEnvironmentClusters[0], operator: { ...operator, image: 'registry.example.com/team/op:1.2', autoscaling: undefined } }] } as typeof valid;
    const ok = Testing.chart();
    deliverOperator(ok, { config: fine, index: 0, namespace: 'codecanvas-system', chart: coordinates, renderer: rendererFor(fine) });
    expect(ok.node.validate()).toEqual([]);
  });

  const helmValues = (operator: Doc, mode = 'helm') => {
    let raw = withField(base(), 'delivery', { mode });
    raw = withField(raw, 'secrets', { source: 'env', allowPlaintextSecrets: true });
    raw = withField(raw, 'devEnvironmentClusters.0.operator', { enabled: true, instanceId: 'x', ...operator });
    return yaml.load(synth(raw).find((f) => f.path === 'helm/dev-westeurope/codecanvas-operator.values.yaml')!.content) as Doc;
  };
  // What every operator release gets: its Secret and namespace, and the secure defaults the chart leaves empty.
  const ours = {
    operator: { secret: { existingSecretName: 'codecanvas-operator-secret' }, targetNamespace: 'codecanvas-devenv' },
    image: { pullPolicy: 'IfNotPresent' },
    securityContext: DEFAULT_OPERATOR_SECURITY_CONTEXT,
  };

  test('helm modes: the secure defaults, then only the typed settings that are set become values', () => {
    const none = helmValues({});
    expect(none).toEqual(ours);
    expect(Object.keys(none)).toEqual(['operator', 'image', 'securityContext']);
    expect(helmValues({ replicas: 2 })).toEqual({ ...ours, replicaCount: 2 });
    expect(helmValues({ imagePullPolicy: 'Never' })).toEqual({ ...ours, image: { pullPolicy: 'Never' } });
    expect(helmValues({ resources: { requests: { cpu: '250m' } } })).toEqual({ ...ours, resources: { requests: { cpu: '250m' } } });
    // An empty list of pull secrets sets none (the chart's own default stays).
    expect(helmValues({ imagePullSecrets: [] }).image).toStrictEqual({ pullPolicy: 'IfNotPresent' });
  });

  test('helm modes: the placement and hardening settings become the chart\'s values of the same names', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['system'] }] }] } } };
    const values = helmValues({
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }],
      affinity,
      imagePullSecrets: ['mirror-credentials'],
      podSecurityContext: { fsGroup: 2000 },
      securityContext: { readOnlyRootFilesystem: true, runAsUser: 1001 },
      podAnnotations: { 'example.com/team': 'platform' },
    });
    expect(values).toEqual({
      ...ours,
      image: { pullPolicy: 'IfNotPresent', pullSecrets: ['mirror-credentials'] },
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }],
      affinity,
      podSecurityContext: { fsGroup: 2000 },
      // Each field given replaces the default's; the others stay.
      securityContext: { ...DEFAULT_OPERATOR_SECURITY_CONTEXT, readOnlyRootFilesystem: true, runAsUser: 1001 },
      podAnnotations: { 'example.com/team': 'platform' },
    });
  });

  test('helm modes: the pull policy follows the tag: Always for latest (also a latest tag in operator.values), else IfNotPresent', () => {
    expect(helmValues({ image: 'registry.example.com/op:latest' }).image.pullPolicy).toBe('Always');
    expect(helmValues({ image: 'registry.example.com/op:1.0' }).image.pullPolicy).toBe('IfNotPresent');
    expect(helmValues({ values: { image: { tag: 'latest' } } }).image).toEqual({ pullPolicy: 'Always', tag: 'latest' });
    expect(helmValues({ values: { image: { tag: '2025.1.2' } } }).image.pullPolicy).toBe('IfNotPresent');
  });

  test('helm modes: a digest rides along in the tag; an image pinned only by digest is refused (the chart needs a tag)', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(helmValues({ image: `registry.example.com/team/op:1.2@${digest}` }).image).toEqual({
      registry: 'registry.example.com',
      repository: 'team/op',
      tag: `1.2@${digest}`,
      pullPolicy: 'IfNotPresent',
    });
    let raw = withField(base(), 'delivery', { mode: 'flux' });
    raw = withField(raw, 'devEnvironmentClusters.0.operator.image', `registry.example.com/team/op@${digest}`);
    expect(() => synth(raw)).toThrow(ConfigError);
    expect(() => synth(raw)).toThrow(
      /devEnvironmentClusters\[0\]\.operator\.image: is "registry\.example\.com\/team\/op@sha256:a+\.\.\."; needs a tag in delivery\.mode flux \(the operator chart builds registry\/repository:tag\)/,
    );
  });

  test('helm modes: autoscaling is refused (the chart\'s HPA is autoscaling/v2beta1, gone since Kubernetes 1.25)', () => {
    const raw = withField(withField(base(), 'delivery', { mode: 'flux' }), 'devEnvironmentClusters.0.operator.autoscaling', { maxReplicas: 3 });
    expect(() => synth(raw)).toThrow(ConfigError);
    expect(() => synth(raw)).toThrow(
      'devEnvironmentClusters[0].operator.autoscaling: is an object; cannot be used with delivery.mode flux: it installs the operator chart, whose HorizontalPodAutoscaler is autoscaling/v2beta1 (removed in Kubernetes 1.25); ' +
        'remove autoscaling and set replicas, or use delivery.mode argocd (plain manifests with autoscaling/v2)',
    );
  });
});

/**
 * Dangling references per cluster: every ClusterIssuer, IngressClass, Secret, Namespace (and secret store, service
 * account, chart source) that an object of a cluster's output names must be created by the same cluster's output,
 * or be declared by the config as existing in that cluster (which `preflight` checks there). Works on the written
 * output (the files of a synth), so it checks what a user applies, not what the constructs meant.
 */
// Only plain names and a type from outside the validator: it must not reuse the rule code of what it checks (the
// charts' reading of the config), or a wrong rule there would be wrong here too and go unnoticed.
import type { ResolvedConfig } from '../../lib/config/schema';
import { APPLICATION_CLUSTER } from '../../lib/util/names';
import { readYaml, readYamlDocuments } from './read-yaml';

type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; spec?: any; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a reference points at; `namespace` is empty for cluster-scoped kinds. */
interface Target {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

interface Reference extends Target {
  /** The cluster the referenced object must be in. */
  readonly cluster: string;
  /** Who refers: `<file>: <Kind> <ns>/<name> <field>`. */
  readonly from: string;
}

const key = (cluster: string, t: Target) => `${cluster}|${t.kind}|${t.namespace}|${t.name}`;

/** What the config says exists in each cluster already (and `preflight` checks), per cluster name. */
export function declaredExternals(config: ResolvedConfig): Map<string, Target[]> {
  const out = new Map<string, Target[]>();
  const clusters = [APPLICATION_CLUSTER, ...config.devEnvironmentClusters.map((c) => c.name)];
  for (const cluster of clusters) {
    const ingress = declaredIngress(config, cluster);
    const list: Target[] = [{ kind: 'IngressClass', namespace: '', name: ingress.className }];
    if (!ingress.issuerCreated) list.push({ kind: 'ClusterIssuer', namespace: '', name: ingress.clusterIssuer });
    if (config.delivery.mode === 'argocd') list.push({ kind: 'Namespace', namespace: '', name: config.delivery.argocd.namespace });
    if (config.delivery.mode === 'k3s') list.push({ kind: 'Namespace', namespace: '', name: 'kube-system' });
    out.set(cluster, list);
  }
  return out;
}

/**
 * The validator's own reading of the config reference's ingress fields (not the charts' code): a dev-environment
 * cluster's `ingress.className` and `ingress.clusterIssuer` default to the top-level ones; its `letsEncrypt`
 * defaults to the top-level `ingress.letsEncrypt` when it keeps the top-level ClusterIssuer, else to false; false
 * means the issuer exists already. The output creates the ClusterIssuer exactly when letsEncrypt is set.
 */
function declaredIngress(config: ResolvedConfig, cluster: string): { className: string; clusterIssuer: string; issuerCreated: boolean } {
  const top = config.ingress;
  // Stryker disable next-line ConditionalExpression,OptionalChaining: a dev cluster is never named application (config rule), and every cluster asked about is in the config
  const dev = cluster === APPLICATION_CLUSTER ? undefined : config.devEnvironmentClusters.find((c) => c.name === cluster)?.ingress;
  const clusterIssuer = dev?.clusterIssuer ?? top.clusterIssuer;
  let letsEncrypt: unknown = top.letsEncrypt;
  if (dev?.letsEncrypt !== undefined) letsEncrypt = dev.letsEncrypt;
  else if (clusterIssuer !== top.clusterIssuer) letsEncrypt = false;
  return { className: dev?.className ?? top.className, clusterIssuer, issuerCreated: Boolean(letsEncrypt) };
}

/**
 * Every reference in the output `files` (paths relative to the output directory) that nothing in its cluster
 * creates and the config does not declare, as one message each.
 */
export function danglingReferences(files: readonly { path: string; content: string }[], config: ResolvedConfig): string[] {
  const created = new Set<string>();
  const refs: Reference[] = [];
  // Stryker disable next-line MethodExpression: a cluster without a server maps from undefined, and the server looked up is always a string
  const devByServer = new Map(config.devEnvironmentClusters.filter((c) => c.argocdDestinationServer).map((c) => [c.argocdDestinationServer!, c.name]));
  const clusterNames = new Set([APPLICATION_CLUSTER, ...config.devEnvironmentClusters.map((c) => c.name)]);

  for (const file of files) {
    const parts = file.path.split('/');
    if (parts.length === 2 && clusterNames.has(parts[0]) && /\.ya?ml$/.test(parts[1])) {
      const cluster = parts[0];
      // Stryker disable next-line ConditionalExpression: a scalar document has no kind, metadata or spec, so it creates and refers to nothing
      for (const doc of (readYamlDocuments(file.content) as Doc[]).filter((d) => d && typeof d === 'object')) {
        collect(cluster, file.path, doc, created, refs, devByServer);
      }
    } else if (parts[0] === 'helm' && parts.length === 3 && parts[2].endsWith('.values.yaml')) {
      const cluster = parts[1];
      // Stryker disable next-line StringLiteral: any text without a helm upgrade line gives the same empty namespace
      const script = files.find((f) => f.path === `helm/${cluster}/install.sh`)?.content ?? '';
      const namespace = helmNamespace(script, parts[2]);
      valueRefs(readYaml(file.content), namespace, cluster, file.path, refs);
    }
  }
  for (const [cluster, list] of declaredExternals(config)) for (const t of list) created.add(key(cluster, t));

  return refs
    .filter((r) => !created.has(key(r.cluster, r)))
    .map(
      (r) =>
        `${r.cluster}: ${r.from} refers to ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}, which ${r.cluster}/ does not create and the config does not declare as existing there`,
    )
    .filter((m, i, all) => all.indexOf(m) === i)
    .sort();
}

/** The namespace of the `helm upgrade -n NS ... -f FILE` command in an install script. */
function helmNamespace(script: string, valuesFile: string): string {
  const blocks = script.split(/\n(?=helm upgrade)/);
  // install.sh single-quotes every word (names are DNS labels, so no quote is ever escaped inside one).
  const block = blocks.find((b) => b.includes(`-f ${valuesFile}`) || b.includes(`-f '${valuesFile}'`));
  // Stryker disable next-line StringLiteral: any text without a helm upgrade line gives the same empty namespace
  return /helm upgrade -n '?([^\s']+)'?/.exec(block ?? '')?.[1] ?? '';
}

function collect(cluster: string, file: string, doc: Doc, created: Set<string>, refs: Reference[], devByServer: Map<string, string>): void {
  const kind = doc.kind ?? '';
  const name = doc.metadata?.name ?? '';
  const namespace = doc.metadata?.namespace ?? '';
  const from = (field: string) => `${file}: ${kind} ${namespace ? `${namespace}/` : ''}${name} ${field}`;
  const ref = (t: Target, field: string, where = cluster) => refs.push({ ...t, cluster: where, from: from(field) });

  created.add(key(cluster, { kind, namespace, name }));
  if (namespace) ref({ kind: 'Namespace', namespace: '', name: namespace }, 'metadata.namespace');
  const spec = doc.spec ?? {};

  switch (kind) {
    case 'ExternalSecret':
      created.add(key(cluster, { kind: 'Secret', namespace, name: spec.target?.name ?? name }));
      if (spec.secretStoreRef?.name) {
        const storeKind = spec.secretStoreRef.kind ?? 'SecretStore';
        ref({ kind: storeKind, namespace: storeKind === 'ClusterSecretStore' ? '' : namespace, name: spec.secretStoreRef.name }, 'spec.secretStoreRef');
      }
      break;
    case 'SealedSecret':
      created.add(key(cluster, { kind: 'Secret', namespace, name: spec.template?.metadata?.name ?? name }));
      break;
    case 'SecretStore':
    case 'ClusterSecretStore': {
      const sa = spec.provider?.azurekv?.serviceAccountRef;
      if (sa?.name) ref({ kind: 'ServiceAccount', namespace: sa.namespace ?? namespace, name: sa.name }, 'spec.provider.azurekv.serviceAccountRef');
      break;
    }
    case 'ClusterIssuer':
      // Stryker disable next-line ArrayDeclaration: a string solver has no http01, like none at all
      for (const [i, solver] of (spec.acme?.solvers ?? []).entries()) {
        const ic = solver?.http01?.ingress?.ingressClassName;
        if (ic) ref({ kind: 'IngressClass', namespace: '', name: ic }, `spec.acme.solvers[${i}].http01.ingress.ingressClassName`);
      }
      break;
    case 'HelmRelease':
      if (spec.chartRef?.name) ref({ kind: spec.chartRef.kind, namespace: spec.chartRef.namespace ?? namespace, name: spec.chartRef.name }, 'spec.chartRef');
      for (const [i, v] of (spec.valuesFrom ?? []).entries()) {
        ref({ kind: v.kind ?? 'Secret', namespace, name: v.name }, `spec.valuesFrom[${i}]`);
      }
      valueRefs(spec.values, namespace, cluster, from('spec.values'), refs);
      break;
    case 'Application': {
      // Stryker disable next-line StringLiteral: no dev cluster's server is any fixed text the mutant could pick
      const server: string = spec.destination?.server ?? '';
      const target = devByServer.get(server) ?? cluster;
      const values = spec.source?.helm?.valuesObject;
      if (values) {
        const ns = spec.destination?.namespace ?? '';
        if (ns) ref({ kind: 'Namespace', namespace: '', name: ns }, 'spec.destination.namespace', target);
        valueRefs(values, ns, target, from('spec.source.helm.valuesObject'), refs);
      }
      break;
    }
    case 'HelmChart':
      if (doc.apiVersion?.startsWith('helm.cattle.io/')) {
        const ns = spec.targetNamespace ?? '';
        if (ns) ref({ kind: 'Namespace', namespace: '', name: ns }, 'spec.targetNamespace');
        valueRefs(spec.valuesContent ? readYaml(spec.valuesContent) : {}, ns, cluster, from('spec.valuesContent'), refs);
      }
      break;
  }
}

/**
 * References inside Helm chart values, by the keys the CodeCanvas charts use: `existingSecretName` (a Secret in
 * the release namespace), `ingressClassName`, the `cert-manager.io/cluster-issuer` annotation and the operator's
 * `targetNamespace`.
 */
function valueRefs(values: unknown, namespace: string, cluster: string, from: string, refs: Reference[]): void {
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`));
    // Stryker disable next-line ConditionalExpression: Object.entries of a number or boolean is empty, and a string's characters match no key
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const here = at ? `${at}.${k}` : k;
      const push = (kind: string, ns: string) => refs.push({ kind, namespace: ns, name: x as string, cluster, from: `${from} ${here}` });
      if (typeof x === 'string' && x) {
        if (k === 'existingSecretName') push('Secret', namespace);
        else if (k === 'ingressClassName') push('IngressClass', '');
        else if (k === 'cert-manager.io/cluster-issuer') push('ClusterIssuer', '');
        else if (k === 'targetNamespace') push('Namespace', '');
      } else walk(x, here);
    }
  };
  walk(values, '');
}

// The dangling-reference check (cli/validate/references.ts) on output files written here and a config holding only
// the fields the check reads: each kind's references with their exact messages, what creates what, which files are
// read, the helm mode's install script, and what the config declares per cluster. (references.test.ts runs it on
// real synth output.)
import type { ResolvedConfig } from '../lib/config/schema';
import { danglingReferences, declaredExternals } from '../cli/validate/references';

type Ingress = { className?: string; clusterIssuer?: string; letsEncrypt?: unknown };
const configOf = (over: { mode?: string; ingress?: Ingress; dev?: { name: string; ingress?: Ingress; argocdDestinationServer?: string }[] } = {}) =>
  ({
    ingress: { className: 'nginx', clusterIssuer: 'le-prod', letsEncrypt: { email: 'a@example.com' }, ...over.ingress },
    delivery: { mode: over.mode ?? 'helm', argocd: { namespace: 'argo' } },
    devEnvironmentClusters: over.dev ?? [{ name: 'dev1', argocdDestinationServer: 'https://dev1.example.com:443' }, { name: 'dev2' }],
  }) as unknown as ResolvedConfig;

const NOT_THERE = (cluster: string) => `which ${cluster}/ does not create and the config does not declare as existing there`;
const msg = (cluster: string, from: string, target: string) => `${cluster}: ${from} refers to ${target}, ${NOT_THERE(cluster)}`;
const file = (path: string, ...docs: unknown[]) => ({ path, content: docs.map((d) => JSON.stringify(d)).join('\n---\n') });
const dangling = (files: { path: string; content: string }[], config = configOf()) => danglingReferences(files, config);
const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('declaredExternals: what each cluster has already, by the config', () => {
  const declared = (config: ResolvedConfig) => Object.fromEntries([...declaredExternals(config)].map(([c, l]) => [c, l.map((t) => `${t.kind} ${t.namespace}/${t.name}`)]));

  test('the application cluster and each dev cluster, in order; the issuer is created where letsEncrypt is set', () => {
    const config = configOf({ dev: [{ name: 'dev1' }, { name: 'dev2', ingress: { className: 'internal', clusterIssuer: 'corp' } }] });
    expect([...declaredExternals(config).keys()]).toEqual(['application', 'dev1', 'dev2']);
    expect(declared(config)).toEqual({ application: ['IngressClass /nginx'], dev1: ['IngressClass /nginx'], dev2: ['IngressClass /internal', 'ClusterIssuer /corp'] });
  });

  test.each([
    ['no letsEncrypt: the issuer must exist', { letsEncrypt: undefined }, undefined, ['IngressClass /nginx', 'ClusterIssuer /le-prod']],
    ['letsEncrypt false', { letsEncrypt: false }, undefined, ['IngressClass /nginx', 'ClusterIssuer /le-prod']],
    ['a dev cluster turns letsEncrypt off', {}, { letsEncrypt: false }, ['IngressClass /nginx', 'ClusterIssuer /le-prod']],
    ['a dev cluster turns it on with its own issuer', { letsEncrypt: undefined }, { clusterIssuer: 'own', letsEncrypt: { email: 'x' } }, ['IngressClass /nginx']],
    ['the top-level issuer named again keeps letsEncrypt', {}, { clusterIssuer: 'le-prod' }, ['IngressClass /nginx']],
    ['another issuer drops it', {}, { clusterIssuer: 'other' }, ['IngressClass /nginx', 'ClusterIssuer /other']],
    ['own class, inherited issuer', {}, { className: 'traefik' }, ['IngressClass /traefik']],
  ])('dev cluster: %s', (_, top, dev, expected) => {
    const config = configOf({ ingress: top, dev: [{ name: 'd', ingress: dev }] });
    expect(declared(config).d).toEqual(expected);
  });

  test.each([
    ['argocd', ['IngressClass /nginx', 'Namespace /argo']],
    ['k3s', ['IngressClass /nginx', 'Namespace /kube-system']],
    ['helm', ['IngressClass /nginx']],
    ['flux', ['IngressClass /nginx']],
  ])('delivery mode %s', (mode, expected) => {
    const config = configOf({ mode, dev: [] });
    expect(declared(config)).toEqual({ application: expected });
  });

  test('the ClusterIssuer comes before the Namespace', () => {
    expect(declared(configOf({ mode: 'argocd', ingress: { letsEncrypt: undefined }, dev: [] })).application).toEqual([
      'IngressClass /nginx',
      'ClusterIssuer /le-prod',
      'Namespace /argo',
    ]);
  });
});

describe('danglingReferences: each kind of reference', () => {
  test('metadata.namespace: satisfied by a Namespace of the same cluster only', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns1' } };
    const ref = msg('application', 'application/a.yaml: ConfigMap ns1/c metadata.namespace', 'Namespace ns1');
    expect(dangling([file('application/a.yaml', cm)])).toEqual([ref]);
    expect(dangling([file('application/a.yaml', cm), file('application/0.yaml', ns('ns1'))])).toEqual([]);
    expect(dangling([file('application/a.yaml', cm), file('dev1/0.yaml', ns('ns1'))])).toEqual([ref]);
    expect(dangling([file('application/a.yaml', { kind: 'ConfigMap', metadata: { name: 'c' } })])).toEqual([]);
  });

  test('ExternalSecret: its store (namespaced or cluster), and the Secret it creates', () => {
    const es = (ref: unknown, target?: string) => ({ kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'n' }, spec: { secretStoreRef: ref, ...(target ? { target: { name: target } } : {}) } });
    const files = (...docs: unknown[]) => [file('dev1/x.yaml', ns('n'), ...docs)];
    expect(dangling(files(es({ name: 'store' })))).toEqual([msg('dev1', 'dev1/x.yaml: ExternalSecret n/es spec.secretStoreRef', 'SecretStore n/store')]);
    expect(dangling(files(es({ name: 'store', kind: 'ClusterSecretStore' })))).toEqual([msg('dev1', 'dev1/x.yaml: ExternalSecret n/es spec.secretStoreRef', 'ClusterSecretStore store')]);
    expect(dangling(files(es({ name: 'store' }), { kind: 'SecretStore', metadata: { name: 'store', namespace: 'n' } }))).toEqual([]);
    expect(dangling(files(es({ name: 'store', kind: 'ClusterSecretStore' }), { kind: 'ClusterSecretStore', metadata: { name: 'store' } }))).toEqual([]);
    expect(dangling(files(es({}), es(undefined)))).toEqual([]);
    // The Secret it makes: target.name, else its own name.
    const reader = (name: string) => ({ kind: 'HelmRelease', metadata: { name: 'r', namespace: 'n' }, spec: { valuesFrom: [{ name }] } });
    expect(dangling(files(es({}, 'made'), reader('made')))).toEqual([]);
    expect(dangling(files(es({}), reader('es')))).toEqual([]);
    expect(dangling(files(es({}, 'made'), reader('es')))).toEqual([msg('dev1', 'dev1/x.yaml: HelmRelease n/r spec.valuesFrom[0]', 'Secret n/es')]);
  });

  test('SealedSecret: creates the Secret of its template\'s name, else its own', () => {
    const reader = { kind: 'HelmRelease', metadata: { name: 'r', namespace: 'n' }, spec: { valuesFrom: [{ name: 'a' }, { name: 'b' }] } };
    const sealed = (name: string, template?: string) => ({ kind: 'SealedSecret', metadata: { name, namespace: 'n' }, spec: template ? { template: { metadata: { name: template } } } : {} });
    expect(dangling([file('dev2/s.yaml', ns('n'), reader, sealed('a'), sealed('x', 'b'))])).toEqual([]);
    expect(dangling([file('dev2/s.yaml', ns('n'), reader, sealed('a'), sealed('b', 'x'))])).toEqual([msg('dev2', 'dev2/s.yaml: HelmRelease n/r spec.valuesFrom[1]', 'Secret n/b')]);
  });

  test('SecretStore and ClusterSecretStore: the service account of the Azure Key Vault provider', () => {
    const store = (kind: string, namespace: string | undefined, sa: unknown) => ({ kind, metadata: { name: 'st', ...(namespace ? { namespace } : {}) }, spec: { provider: { azurekv: { serviceAccountRef: sa } } } });
    const from = 'spec.provider.azurekv.serviceAccountRef';
    expect(dangling([file('application/s.yaml', ns('n'), store('SecretStore', 'n', { name: 'sa' }))])).toEqual([
      msg('application', `application/s.yaml: SecretStore n/st ${from}`, 'ServiceAccount n/sa'),
    ]);
    expect(dangling([file('application/s.yaml', ns('n'), store('SecretStore', 'n', { name: 'sa', namespace: 'other' }))])).toEqual([
      msg('application', `application/s.yaml: SecretStore n/st ${from}`, 'ServiceAccount other/sa'),
    ]);
    expect(dangling([file('application/s.yaml', store('ClusterSecretStore', undefined, { name: 'sa', namespace: 'o' }))])).toEqual([
      msg('application', `application/s.yaml: ClusterSecretStore st ${from}`, 'ServiceAccount o/sa'),
    ]);
    expect(dangling([file('application/s.yaml', ns('n'), store('SecretStore', 'n', { name: 'sa' }), { kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'n' } })])).toEqual([]);
    expect(dangling([file('application/s.yaml', ns('n'), store('SecretStore', 'n', {}), store('SecretStore', 'n', undefined))])).toEqual([]);
  });

  test('ClusterIssuer: the ingress class of each HTTP-01 solver, by index', () => {
    const issuer = { kind: 'ClusterIssuer', metadata: { name: 'le' }, spec: { acme: { solvers: [{ http01: { ingress: { ingressClassName: 'a' } } }, { dns01: {} }, null, { http01: { ingress: { ingressClassName: 'nginx' } } }, { http01: { ingress: { ingressClassName: 'b' } } }] } } };
    expect(dangling([file('dev2/i.yaml', issuer)])).toEqual([
      msg('dev2', 'dev2/i.yaml: ClusterIssuer le spec.acme.solvers[0].http01.ingress.ingressClassName', 'IngressClass a'),
      msg('dev2', 'dev2/i.yaml: ClusterIssuer le spec.acme.solvers[4].http01.ingress.ingressClassName', 'IngressClass b'),
    ]);
    expect(dangling([file('dev2/i.yaml', { kind: 'ClusterIssuer', metadata: { name: 'le' }, spec: {} })])).toEqual([]);
  });

  test('HelmRelease: chart source, valuesFrom (Secret unless said), and references in its values', () => {
    const hr = (spec: unknown) => ({ kind: 'HelmRelease', metadata: { name: 'r', namespace: 'n' }, spec });
    const at = (field: string) => `application/h.yaml: HelmRelease n/r ${field}`;
    expect(
      dangling([
        file(
          'application/h.yaml',
          ns('n'),
          hr({
            chartRef: { kind: 'OCIRepository', name: 'repo' },
            valuesFrom: [{ name: 'v' }, { kind: 'ConfigMap', name: 'cm' }],
            values: { db: { existingSecretName: 'db' }, list: [{ ingressClassName: 'x' }] },
          }),
        ),
      ]),
    ).toEqual([
      msg('application', at('spec.chartRef'), 'OCIRepository n/repo'),
      msg('application', at('spec.values db.existingSecretName'), 'Secret n/db'),
      msg('application', at('spec.values list[0].ingressClassName'), 'IngressClass x'),
      msg('application', at('spec.valuesFrom[0]'), 'Secret n/v'),
      msg('application', at('spec.valuesFrom[1]'), 'ConfigMap n/cm'),
    ]);
    expect(dangling([file('application/h.yaml', ns('n'), hr({ chartRef: { kind: 'HelmChart', name: 'c', namespace: 'flux-system' } }))])).toEqual([
      msg('application', at('spec.chartRef'), 'HelmChart flux-system/c'),
    ]);
    expect(dangling([file('application/h.yaml', ns('n'), hr({ chartRef: { kind: 'OCIRepository' } }), hr(undefined))])).toEqual([]);
  });

  test('Application: its values and destination namespace, in the cluster its destination server names', () => {
    const app = (destination: unknown, valuesObject?: unknown) => ({
      kind: 'Application',
      metadata: { name: 'app', namespace: 'argo' },
      spec: { destination, source: { helm: valuesObject === undefined ? {} : { valuesObject } } },
    });
    const values = { ingress: { annotations: { 'cert-manager.io/cluster-issuer': 'ci' } }, existingSecretName: 's' };
    const at = (field: string) => `application/apps.yaml: Application argo/app ${field}`;
    const apps = (...docs: unknown[]) => [file('application/apps.yaml', ns('argo'), ...docs)];
    expect(dangling(apps(app({ server: 'https://dev1.example.com:443', namespace: 'rel' }, values)))).toEqual([
      msg('dev1', at('spec.destination.namespace'), 'Namespace rel'),
      msg('dev1', at('spec.source.helm.valuesObject existingSecretName'), 'Secret rel/s'),
      msg('dev1', at('spec.source.helm.valuesObject ingress.annotations.cert-manager.io/cluster-issuer'), 'ClusterIssuer ci'),
    ]);
    // Created in the target cluster's folder: satisfied there.
    expect(
      dangling([
        ...apps(app({ server: 'https://dev1.example.com:443', namespace: 'rel' }, values)),
        file('dev1/x.yaml', ns('rel'), { kind: 'Secret', metadata: { name: 's', namespace: 'rel' } }, { kind: 'ClusterIssuer', metadata: { name: 'ci' } }),
      ]),
    ).toEqual([]);
    expect(dangling(apps(app({ server: 'https://kubernetes.default.svc', namespace: 'rel' }, { targetNamespace: 't' })))).toEqual([
      msg('application', at('spec.destination.namespace'), 'Namespace rel'),
      msg('application', at('spec.source.helm.valuesObject targetNamespace'), 'Namespace t'),
    ]);
    expect(dangling(apps(app({}, { existingSecretName: 's' })))).toEqual([msg('application', at('spec.source.helm.valuesObject existingSecretName'), 'Secret s')]);
    expect(dangling(apps(app({ namespace: 'rel' }), app(undefined)))).toEqual([]);
  });

  test('HelmChart (k3s): target namespace and the values in valuesContent; another group\'s HelmChart is not read', () => {
    const chart = (apiVersion: string, spec: unknown) => ({ apiVersion, kind: 'HelmChart', metadata: { name: 'hc', namespace: 'kube-system' }, spec });
    const at = (field: string) => `dev2/k.yaml: HelmChart kube-system/hc ${field}`;
    const k3s = configOf({ mode: 'k3s' });
    expect(dangling([file('dev2/k.yaml', chart('helm.cattle.io/v1', { targetNamespace: 't', valuesContent: 'a:\n  existingSecretName: s\n' }))], k3s)).toEqual([
      msg('dev2', at('spec.targetNamespace'), 'Namespace t'),
      msg('dev2', at('spec.valuesContent a.existingSecretName'), 'Secret t/s'),
    ]);
    expect(dangling([file('dev2/k.yaml', chart('helm.cattle.io/v1', {}))], k3s)).toEqual([]);
    expect(dangling([file('dev2/k.yaml', chart('source.toolkit.fluxcd.io/v1', { targetNamespace: 't' }))], k3s)).toEqual([]);
    expect(dangling([file('dev2/k.yaml', { kind: 'HelmChart', metadata: { name: 'hc', namespace: 'kube-system' }, spec: { targetNamespace: 't' } })], k3s)).toEqual([]);
  });

  test('values: every key the charts use, empty and non-string values skipped', () => {
    const hr = { kind: 'HelmRelease', metadata: { name: 'r', namespace: 'n' }, spec: { values: {
      a: { existingSecretName: '' },
      b: { ingressClassName: 5 },
      c: [[{ targetNamespace: 'tn' }]],
      d: { 'cert-manager.io/cluster-issuer': 'ci', other: 'x' },
      e: { ingressClassName: 'ic' },
      f: null,
      g: [null, true, 0],
    } } };
    expect(dangling([file('dev1/v.yaml', ns('n'), hr)])).toEqual([
      msg('dev1', 'dev1/v.yaml: HelmRelease n/r spec.values c[0][0].targetNamespace', 'Namespace tn'),
      msg('dev1', 'dev1/v.yaml: HelmRelease n/r spec.values d.cert-manager.io/cluster-issuer', 'ClusterIssuer ci'),
      msg('dev1', 'dev1/v.yaml: HelmRelease n/r spec.values e.ingressClassName', 'IngressClass ic'),
    ]);
  });
});

describe('danglingReferences: which files, the helm mode, and the list', () => {
  const cm = (namespace: string) => ({ kind: 'ConfigMap', metadata: { name: 'c', namespace } });

  test('objects missing the fields a reference is read from: no reference, and no failure', () => {
    const docs = [
      { kind: 'Thing' },
      { kind: 'SealedSecret', metadata: { name: 's', namespace: 'n' }, spec: { template: {} } },
      { kind: 'SecretStore', metadata: { name: 'a', namespace: 'n' }, spec: {} },
      { kind: 'SecretStore', metadata: { name: 'b', namespace: 'n' }, spec: { provider: { aws: {} } } },
      { kind: 'ClusterIssuer', metadata: { name: 'i' }, spec: { acme: { solvers: [{ http01: {} }] } } },
      { kind: 'Application', metadata: { name: 'a1', namespace: 'n' }, spec: {} },
      { kind: 'Application', metadata: { name: 'a2', namespace: 'n' }, spec: { source: {} } },
      { kind: 'HelmRelease', metadata: { name: 'r', namespace: 'n' }, spec: { valuesFrom: [{ name: 's' }] } },
    ];
    expect(dangling([file('application/m.yaml', ns('n'), ...docs)])).toEqual([]);
    // An Application with values but no destination: its references are in no namespace.
    const app = { kind: 'Application', metadata: { name: 'a3', namespace: 'n' }, spec: { source: { helm: { valuesObject: { existingSecretName: 'x' } } } } };
    expect(dangling([file('application/m.yaml', ns('n'), app)])).toEqual([
      msg('application', 'application/m.yaml: Application n/a3 spec.source.helm.valuesObject existingSecretName', 'Secret x'),
    ]);
  });

  test('only <cluster>/<file>.yaml or .yml of a cluster of the config; other documents than objects skipped', () => {
    expect(dangling([file('application/a.yml', cm('x'))])).toEqual([msg('application', 'application/a.yml: ConfigMap x/c metadata.namespace', 'Namespace x')]);
    for (const path of ['application/a.json', 'application/a.yaml.bak', 'application/sub/a.yaml', 'application/sub.yaml/a.yaml', 'prod/a.yaml', 'a.yaml', 'bootstrap/a.yaml']) {
      expect(dangling([file(path, cm('x'))])).toEqual([]);
    }
    expect(dangling([{ path: 'application/a.yaml', content: '---\n5\n---\n"x"\n---\n' }])).toEqual([]);
  });

  test('an object without kind or name is still named in its message (both left empty)', () => {
    expect(dangling([file('application/a.yaml', { metadata: { namespace: 'x' } })])).toEqual([msg('application', 'application/a.yaml:  x/ metadata.namespace', 'Namespace x')]);
  });

  test('helm/<cluster>/<release>.values.yaml: in the namespace its install.sh line gives', () => {
    // As install.sh writes each command: over several lines, the -f on the second.
    const script = [
      '#!/bin/sh',
      'set -eu',
      "helm upgrade -n 'first' --wait --install \\",
      "  -f 'a.values.yaml' \\",
      "  'a' \\",
      "  'oci://example.com/a' \\",
      "  --version '1'",
      'helm upgrade -n second --wait --install \\',
      '  -f b.values.yaml \\',
      '  b oci://example.com/b --version 1',
      "helm upgrade -n 'third' --wait --install \\",
      "  -f 'c.values.yaml.other' \\",
      "  'c' 'oci://example.com/c' --version '1'",
    ].join('\n');
    const values = (name: string) => ({ path: `helm/dev1/${name}.values.yaml`, content: 'existingSecretName: s\n' });
    const files = [{ path: 'helm/dev1/install.sh', content: script }, values('a'), values('b'), values('c'), { path: 'helm/dev2/d.values.yaml', content: 'existingSecretName: s\n' }];
    expect(dangling(files)).toEqual([
      msg('dev1', 'helm/dev1/a.values.yaml existingSecretName', 'Secret first/s'),
      msg('dev1', 'helm/dev1/b.values.yaml existingSecretName', 'Secret second/s'),
      msg('dev1', 'helm/dev1/c.values.yaml existingSecretName', 'Secret s'),
      msg('dev2', 'helm/dev2/d.values.yaml existingSecretName', 'Secret s'),
    ]);
    for (const path of ['helm/dev1/a.yaml', 'helm/dev1/sub/a.values.yaml', 'helm/a.values.yaml', 'other/dev1/a.values.yaml']) {
      expect(dangling([{ path: 'helm/dev1/install.sh', content: script }, { path, content: 'existingSecretName: s\n' }])).toEqual([]);
    }
  });

  test('each message once, sorted', () => {
    const twice = [file('dev2/b.yaml', cm('z'), cm('z'), cm('y')), file('application/a.yaml', cm('x'))];
    expect(dangling(twice)).toEqual([
      msg('application', 'application/a.yaml: ConfigMap x/c metadata.namespace', 'Namespace x'),
      msg('dev2', 'dev2/b.yaml: ConfigMap y/c metadata.namespace', 'Namespace y'),
      msg('dev2', 'dev2/b.yaml: ConfigMap z/c metadata.namespace', 'Namespace z'),
    ]);
  });

  test('what the config declares satisfies references in that cluster only', () => {
    const issuer = (ic: string) => ({ kind: 'ClusterIssuer', metadata: { name: 'i' }, spec: { acme: { solvers: [{ http01: { ingress: { ingressClassName: ic } } }] } } });
    const config = configOf({ dev: [{ name: 'dev1', ingress: { className: 'internal' } }] });
    expect(dangling([file('application/i.yaml', issuer('nginx')), file('dev1/i.yaml', issuer('internal'))], config)).toEqual([]);
    expect(dangling([file('application/i.yaml', issuer('internal'))], config)).toEqual([
      msg('application', 'application/i.yaml: ClusterIssuer i spec.acme.solvers[0].http01.ingress.ingressClassName', 'IngressClass internal'),
    ]);
  });
});

// validateManifests at its edges: versions a CRD does not have, kinds with no schema, metadata that is not an object,
// label and annotation keys, and the one-line format of each problem.
import { formatProblems, validateManifests } from '../cli/validate/manifest-schemas';

// A Secret: a core kind of the output (cli/validate/core-kinds.ts bundles only those).
const configMap = (metadata: unknown) => ({ apiVersion: 'v1', kind: 'Secret', metadata, stringData: { a: 'b' } });
const messages = (doc: unknown) => validateManifests([doc]).map((p) => `${p.path}: ${p.message}`);

test('a version the CRD does not define, and a kind nobody defines', () => {
  expect(messages({ apiVersion: 'argoproj.io/v9', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' } })).toEqual([
    '/apiVersion: argoproj.io/v9 is not a version of Application (the CRD defines v1alpha1)',
  ]);
  expect(messages({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
    '/kind: no schema known for example.com/v1 Widget: neither a core kind of the output (kubernetes-models, listed in cli/validate/core-kinds.ts) nor a CRD in crds/',
  ]);
});

test('metadata: required as an object; label and annotation keys as Kubernetes qualified names', () => {
  expect(messages(configMap(undefined))).toContain('/metadata: is required (an object with at least name)');
  expect(messages(configMap('name'))).toContain('/metadata: is required (an object with at least name)');
  const keys = messages(
    configMap({
      name: 'c',
      namespace: 'n',
      labels: { 'a/b/c': 'x', 'Bad_Prefix/name': 'x', [`ok/${'n'.repeat(64)}`]: 'x', 'ok/-x': 'x', 'example.com/fine': 'x', plain: 'x' },
    }),
  );
  expect(keys.filter((m) => m.startsWith('/metadata/labels'))).toEqual([
    '/metadata/labels/a~1b~1c: key "a/b/c": must be [prefix/]name with at most one "/"',
    '/metadata/labels/Bad_Prefix~1name: key "Bad_Prefix/name": prefix must be an RFC 1123 subdomain',
    `/metadata/labels/ok~1${'n'.repeat(64)}: key "ok/${'n'.repeat(64)}": name part must be 1-63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric`,
    '/metadata/labels/ok~1-x: key "ok/-x": name part must be 1-63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric',
  ]);
});

test('formatProblems: file and document when known, (unnamed) and / when not', () => {
  expect(
    formatProblems([
      { file: 'app/a.yaml', doc: 2, kind: 'ConfigMap', name: 'c', path: '/data', message: 'm1' },
      { file: 'app/b.yaml', kind: 'Secret', name: '', path: '', message: 'm2' },
      { kind: 'Service', name: 's', path: '/spec', message: 'm3' },
    ] as Parameters<typeof formatProblems>[0]),
  ).toBe(['app/a.yaml#2: ConfigMap/c /data: m1', 'app/b.yaml: Secret/(unnamed) /: m2', 'Service/s /spec: m3'].join('\n'));
});

// The output contract a user relies on: file names in apply order, objects ordered so dependencies come first,
// YAML without folding or anchors, the install script, and a writer that never leaves half an output behind.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ApiObject, Chart } from 'cdk8s';
import { chartFiles, isManifestPath } from '../cli/output/layout';
import { InstallStep } from '../lib/constructs/install-step';
import { OutputFile } from '../lib/constructs/output-file';
import { writeOutput } from '../cli/output/write';
import { toYaml, toYamlStream } from '../lib/util/yaml';
import { setSyncWave, SyncWave, waveFileName } from '../lib/constructs/sync-wave';
import { testApp, testChart } from './helpers';

const obj = (chart: Chart, kind: string, name: string, wave: SyncWave | undefined, namespace?: string) => {
  const o = new ApiObject(chart, `${kind}-${namespace ?? ''}-${name}`, { apiVersion: 'v1', kind, metadata: { name, namespace } });
  if (wave !== undefined) setSyncWave(o, wave);
  return o;
};
const kindsIn = (content: string) => (yaml.loadAll(content) as { kind: string; metadata: { name: string; namespace?: string } }[]).map((d) => `${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}`);

describe('chartFiles', () => {
  test('one file per sync wave, named so that name order is apply order', () => {
    const chart = new Chart(testApp(), 'dev');
    obj(chart, 'HelmChart', 'r', SyncWave.RELEASES, 'kube-system');
    obj(chart, 'Secret', 's', SyncWave.SECRETS, 'ns');
    obj(chart, 'StorageClass', 'sc', SyncWave.CLUSTER_RESOURCES);
    obj(chart, 'Namespace', 'ns', SyncWave.NAMESPACES);
    expect(chartFiles(chart).map((f) => f.path)).toEqual(['dev/00-namespaces.yaml', 'dev/10-cluster-resources.yaml', 'dev/20-secrets.yaml', 'dev/30-releases.yaml']);
    expect(['NAMESPACES', 'CLUSTER_RESOURCES', 'SECRETS', 'RELEASES'].map((w) => waveFileName(SyncWave[w as keyof typeof SyncWave]))).toEqual([
      '00-namespaces', '10-cluster-resources', '20-secrets', '30-releases',
    ]);
    expect(() => waveFileName(7)).toThrow('no output file for sync wave 7');
  });

  test('within a file: kinds others depend on first, then namespace, then name; unknown kinds last', () => {
    const chart = new Chart(testApp(), 'c');
    obj(chart, 'ExternalSecret', 'b', SyncWave.SECRETS, 'ns1');
    obj(chart, 'Zeta', 'z', SyncWave.SECRETS, 'ns1');
    obj(chart, 'Alpha', 'a', SyncWave.SECRETS, 'ns1');
    obj(chart, 'Secret', 'b', SyncWave.SECRETS, 'ns2');
    obj(chart, 'Secret', 'a', SyncWave.SECRETS, 'ns2');
    obj(chart, 'Secret', 'z', SyncWave.SECRETS, 'ns1');
    obj(chart, 'SecretStore', 'st', SyncWave.SECRETS, 'ns1');
    obj(chart, 'ServiceAccount', 'sa', SyncWave.SECRETS, 'ns1');
    obj(chart, 'SealedSecret', 'x', SyncWave.SECRETS, 'ns1');
    const [file] = chartFiles(chart);
    expect(kindsIn(file.content)).toEqual([
      'ServiceAccount ns1/sa', 'SecretStore ns1/st', 'Secret ns1/z', 'Secret ns2/a', 'Secret ns2/b', 'SealedSecret ns1/x', 'ExternalSecret ns1/b',
      'Alpha ns1/a', 'Zeta ns1/z',
    ]);
    expect(file.content.startsWith('---\n')).toBe(true);
  });

  test('the full kind order within one file: prerequisites first, unknown kinds after, alphabetically', () => {
    const order = ['Namespace', 'StorageClass', 'VolumeSnapshotClass', 'ClusterIssuer', 'ServiceAccount', 'ClusterSecretStore', 'SecretStore', 'Secret',
      'SealedSecret', 'ExternalSecret', 'OCIRepository', 'HelmRelease', 'HelmChart', 'Application', 'AaaUnknown', 'ZzzUnknown'];
    const chart = new Chart(testApp(), 'c');
    for (const kind of [...order].reverse()) obj(chart, kind, 'x', SyncWave.SECRETS, 'ns');
    expect(kindsIn(chartFiles(chart)[0].content).map((k) => k.split(' ')[0])).toEqual(order);
  });

  test('cluster-scoped objects of one kind are ordered by name', () => {
    const chart = new Chart(testApp(), 'c');
    for (const name of ['m', 'a', 'z', 'b', 'k']) obj(chart, 'StorageClass', name, SyncWave.CLUSTER_RESOURCES);
    expect(kindsIn(chartFiles(chart)[0].content)).toEqual(['StorageClass /a', 'StorageClass /b', 'StorageClass /k', 'StorageClass /m', 'StorageClass /z']);
  });

  test('objects of a chart nested inside are that chart\'s, not the outer one\'s', () => {
    const outer = new Chart(testApp(), 'outer');
    const inner = new Chart(outer, 'inner');
    obj(outer, 'Namespace', 'mine', SyncWave.NAMESPACES);
    obj(inner, 'Namespace', 'theirs', SyncWave.NAMESPACES);
    expect(kindsIn(chartFiles(outer)[0].content)).toEqual(['Namespace /mine']);
  });

  test('an object without a sync wave is an error naming chart, kind and name', () => {
    const chart = new Chart(testApp(), 'app');
    obj(chart, 'ConfigMap', 'orphan', undefined, 'ns');
    expect(() => chartFiles(chart)).toThrow('app: ConfigMap orphan has no argocd.argoproj.io/sync-wave annotation');
  });

  test('a wave annotation that is not an integer is an error too', () => {
    const chart = new Chart(testApp(), 'app');
    obj(chart, 'ConfigMap', 'odd', undefined, 'ns').metadata.addAnnotation('argocd.argoproj.io/sync-wave', '1.5');
    expect(() => chartFiles(chart)).toThrow(/ConfigMap odd has no/);
  });

  test('objects of another chart are not included; output files and the install script are', () => {
    const app = testApp();
    const mine = new Chart(app, 'mine');
    const other = new Chart(app, 'other');
    obj(mine, 'Namespace', 'a', SyncWave.NAMESPACES);
    obj(other, 'Namespace', 'b', SyncWave.NAMESPACES);
    new OutputFile(mine, 'f', { path: 'helm/mine/x.values.yaml', content: 'x: 1\n' });
    new InstallStep(mine, 's1', { comment: 'first', command: 'helm upgrade one' });
    new InstallStep(mine, 's2', { comment: 'second', command: 'helm upgrade two' });
    const files = chartFiles(mine);
    expect(files.map((f) => f.path)).toEqual(['mine/00-namespaces.yaml', 'helm/mine/x.values.yaml', 'helm/mine/install.sh']);
    expect(kindsIn(files[0].content)).toEqual(['Namespace /a']);
    expect(files[1]).toEqual({ path: 'helm/mine/x.values.yaml', content: 'x: 1\n', executable: false });
    const script = files[2];
    expect(script.executable).toBe(true);
    expect(script.content).toBe(
      [
        '#!/usr/bin/env bash',
        "# Installs the mine cluster's part of CodeCanvas, generated by codecanvas-cdk8s. Run it with the",
        '# kube context of that cluster selected; it applies the manifests first, then the Helm releases.',
        'set -euo pipefail',
        'cd "$(dirname "$0")"',
        '',
        'kubectl apply -f ../../mine/',
        '',
        '# first',
        'helm upgrade one',
        '',
        '# second',
        'helm upgrade two',
        '',
      ].join('\n'),
    );
  });

  test('no install steps: no install script', () => {
    const chart = new Chart(testApp(), 'c');
    obj(chart, 'Namespace', 'a', SyncWave.NAMESPACES);
    expect(chartFiles(chart).map((f) => f.path)).toEqual(['c/00-namespaces.yaml']);
  });
});

describe('OutputFile', () => {
  test.each(['/etc/passwd', '../outside', 'helm/../../x'])('rejects %j: it would leave the output directory', (p) => {
    expect(() => new OutputFile(testChart(), 'f', { path: p, content: '' })).toThrow(`OutputFile: path ${JSON.stringify(p)} must be relative and stay inside the output directory`);
  });
  test('a name that merely contains dots is fine; executable defaults to false', () => {
    const f = new OutputFile(testChart(), 'f', { path: 'helm/c/..values..yaml', content: 'x', executable: true });
    expect(f.executable).toBe(true);
    expect(new OutputFile(testChart(), 'g', { path: 'a/b', content: '' }).executable).toBe(false);
  });
});

describe('YAML', () => {
  test('long strings are not folded, shared objects are repeated (no anchors), keys keep their order, quotes are double', () => {
    const long = 'x'.repeat(200);
    const shared = { a: 1 };
    const text = toYaml({ z: long, b: shared, a: shared, q: 'yes', m: '012' });
    expect(text).toBe(`z: ${long}\nb:\n  a: 1\na:\n  a: 1\nq: "yes"\nm: "012"\n`);
    expect(text).not.toMatch(/[&*]ref/);
  });
  test('a stream starts every document with ---', () => {
    expect(toYamlStream([{ a: 1 }, { b: 2 }])).toBe('---\na: 1\n---\nb: 2\n');
    expect(toYamlStream([])).toBe('');
  });
});

describe('writeOutput', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cc-write-'));

  test('replaces what synth wrote with exactly the files, with modes, keeps files synth did not write, and leaves no staging folders', () => {
    const parent = tmp();
    const out = path.join(parent, 'dist');
    // Issue 14: a file synth wrote earlier (every object labelled managed-by codecanvas-cdk8s) goes; a user's file stays.
    fs.mkdirSync(path.join(out, 'stale'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stale', 'old.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n  labels:\n    app.kubernetes.io/managed-by: codecanvas-cdk8s\n');
    fs.mkdirSync(path.join(out, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(out, 'notes', 'README.md'), 'mine');
    const result = writeOutput(out, [
      { path: 'a/00-namespaces.yaml', content: 'ns' },
      { path: 'a/10-cluster-resources.yaml', content: 'cr' },
      { path: 'helm/a/install.sh', content: '#!/bin/sh\n', executable: true },
    ]);
    expect(fs.readdirSync(out).sort()).toEqual(['a', 'helm', 'notes']);
    expect(result.kept).toEqual(['notes/README.md']);
    expect(fs.readFileSync(path.join(out, 'notes', 'README.md'), 'utf8')).toBe('mine');
    expect(fs.readFileSync(path.join(out, 'a', '00-namespaces.yaml'), 'utf8')).toBe('ns');
    expect(fs.statSync(path.join(out, 'helm', 'a', 'install.sh')).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(out, 'a', '10-cluster-resources.yaml')).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a failed write keeps the previous output and removes the staging folder', () => {
    const parent = tmp();
    const out = path.join(parent, 'dist');
    writeOutput(out, [{ path: 'keep.yaml', content: 'v1' }]);
    // A file and a folder of the same name: the second write fails part-way.
    expect(() => writeOutput(out, [{ path: 'x', content: '1' }, { path: 'x/y', content: '2' }])).toThrow();
    expect(fs.readFileSync(path.join(out, 'keep.yaml'), 'utf8')).toBe('v1');
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test.each([0o000, 0o077])('file modes do not depend on the umask (%o): 0644, scripts 0755', (umask) => {
    const previous = process.umask(umask);
    try {
      const out = path.join(tmp(), 'dist');
      writeOutput(out, [{ path: 'a.yaml', content: 'a' }, { path: 'helm/install.sh', content: '#!/bin/sh\n', executable: true }]);
      const mode = (p: string) => fs.statSync(path.join(out, p)).mode & 0o777;
      expect([mode('a.yaml'), mode('helm/install.sh')]).toEqual([umask === 0 ? 0o644 : 0o600, 0o755]);
    } finally {
      process.umask(previous);
    }
  });

  test('creates missing parent folders', () => {
    const out = path.join(tmp(), 'deep', 'er', 'dist');
    writeOutput(out, [{ path: 'f', content: 'c' }]);
    expect(fs.readFileSync(path.join(out, 'f'), 'utf8')).toBe('c');
  });
});

describe('layout details', () => {
  test('Flux GitRepository and Kustomization come after HelmChart and before Application', () => {
    const chart = new Chart(testApp(), 'c');
    for (const kind of ['Application', 'Kustomization', 'GitRepository', 'HelmChart', 'Aaa']) obj(chart, kind, 'x', SyncWave.RELEASES, 'ns');
    expect(kindsIn(chartFiles(chart)[0].content).map((k) => k.split(' ')[0])).toEqual(['HelmChart', 'GitRepository', 'Kustomization', 'Application', 'Aaa']);
  });

  test('only .yaml files outside helm/ and bootstrap/kustomize/ hold manifests', () => {
    expect(['dev/00-namespaces.yaml', 'helm/dev/x.values.yaml', 'bootstrap/kustomize/a/kustomization.yaml', 'dev/notes.md', 'gitops/helm/a.yaml'].map(isManifestPath)).toEqual([
      true, false, false, false, true,
    ]);
  });

  test.each(['-a', 'a-', 'a_b', 'A', 'a.b', 'x-'])('install.sh refuses the cluster name %j: not a DNS-1123 label', (name) => {
    const chart = new Chart(testApp(), name);
    new InstallStep(chart, 's', { comment: 'c', command: 'true' });
    expect(() => chartFiles(chart)).toThrow(`install.sh: cluster name ${JSON.stringify(name)} must be a DNS-1123 label`);
  });

  test.each(['a', 'a-b', '0a9'])('install.sh accepts the cluster name %j', (name) => {
    const chart = new Chart(testApp(), name);
    new InstallStep(chart, 's', { comment: 'c', command: 'true' });
    expect(chartFiles(chart).map((f) => f.path)).toEqual([`helm/${name}/install.sh`]);
  });

  test('non-printable or non-ASCII characters in a step comment become "?"', () => {
    const chart = new Chart(testApp(), 'c');
    new InstallStep(chart, 's', { comment: 'café ✓\tend', command: 'true' });
    expect(chartFiles(chart)[0].content).toContain('\n# caf? ??end\ntrue\n');
  });
});

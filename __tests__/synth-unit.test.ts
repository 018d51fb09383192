// cli/synth.ts called in-process (the CLI tests run it in a child process): SynthError's message, the validation
// problems it collects, the service accounts INSTALL.md's federated-credential table lists, the cluster folders a
// GitOps bootstrap syncs, the order of the output files and how the output names the config file.
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Construct, Node } from 'constructs';
import { parseConfig } from '../lib/config/load';
import { keyVaultReaderPurpose } from '../cli/output/install-guide';
import type { Manifest, OutputEntry } from '../cli/output/layout';
import { clusterFolders, federatedServiceAccounts, synthesize, SynthError, validationErrors } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, ROOT, testApp, thrown } from './helpers';

const loadedAt = (source: string, raw: Record<string, any> = exampleConfig()) => ({ config: parseConfig(raw, source), source, baseDir: ROOT });
const env = fakeSecretEnv(['dev-westeurope']);

describe('SynthError', () => {
  test('one problem: "1 problem found", the config file first, the problem on its own "  - " line; named SynthError', () => {
    const e = new SynthError(['application: env variable CC_DB_PASSWORD is not set'], 'prod.yaml');
    expect(e.message).toBe('prod.yaml: synth failed: 1 problem found\n  - application: env variable CC_DB_PASSWORD is not set');
    expect(e.name).toBe('SynthError');
    expect(`${e}`).toMatch(/^SynthError: prod\.yaml: synth failed/);
    expect(e).toBeInstanceOf(Error);
  });

  test('several problems: "N problems found", one "  - " line each, in order; without a source no prefix', () => {
    const e = new SynthError(['first', 'second']);
    expect(e.message).toBe('synth failed: 2 problems found\n  - first\n  - second');
    expect(e.problems).toEqual(['first', 'second']);
  });
});

describe('validationErrors', () => {
  test('every construct\'s problems, each message once, in tree order', () => {
    const app = testApp();
    const problem = (id: string, messages: string[]) => new Construct(app, id).node.addValidation({ validate: () => messages });
    problem('a', ['shared problem', 'only a']);
    problem('b', ['shared problem']);
    problem('c', ['only c', 'only c']);
    expect(validationErrors(app)).toEqual(['shared problem', 'only a', 'only c']);
  });
});

describe('federatedServiceAccounts (INSTALL.md\'s federated-credential table)', () => {
  const sa = (name: string, annotations?: Record<string, string>, kind = 'ServiceAccount'): Manifest =>
    ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'external-secrets', ...(annotations ? { annotations } : {}) } }) as Manifest;
  const CLIENT_ID = '11111111-2222-4333-8444-555555555555';

  test('only ServiceAccounts with the azure.workload.identity/client-id annotation, each with its cluster, namespace, name, client ID and purpose', () => {
    const chart = new Chart(testApp(), 'dev-westeurope');
    const manifests = [
      sa('no-annotations'),
      sa('other-annotation', { 'example.com/owner': 'team' }),
      sa('not-a-service-account', { 'azure.workload.identity/client-id': CLIENT_ID }, 'ConfigMap'),
      sa('codecanvas-key-vault-reader', { 'azure.workload.identity/client-id': CLIENT_ID }),
    ];
    expect(federatedServiceAccounts(chart, manifests)).toEqual([
      {
        cluster: 'dev-westeurope',
        namespace: 'external-secrets',
        name: 'codecanvas-key-vault-reader',
        clientId: CLIENT_ID,
        purpose: keyVaultReaderPurpose('dev-westeurope'),
      },
    ]);
  });
});

describe('clusterFolders (what a GitOps bootstrap syncs)', () => {
  const entries = (...paths: string[]): OutputEntry[] => paths.map((p) => ({ path: p, content: '' }));

  test('the files directly in each cluster folder, sorted, folders in the order first seen; not helm/, not deeper paths', () => {
    const files = entries(
      'dev-westeurope/30-releases.yaml',
      'dev-westeurope/00-namespaces.yaml',
      'helm/dev-westeurope/codecanvas.values.yaml',
      'helm/install.sh',
      'application/10-cluster-resources.yaml',
      'application/nested/20-secrets.yaml',
      'dev-westeurope/10-cluster-resources.yaml',
    );
    expect(clusterFolders(files)).toEqual([
      { cluster: 'dev-westeurope', files: ['00-namespaces.yaml', '10-cluster-resources.yaml', '30-releases.yaml'] },
      { cluster: 'application', files: ['10-cluster-resources.yaml'] },
    ]);
  });

  test('no cluster files, no folders', () => {
    expect(clusterFolders(entries('INSTALL.md', 'helm/application/install.sh'))).toEqual([]);
  });
});

describe('synthesize', () => {
  test('the output files are sorted by path (INSTALL.md, application/, bootstrap/, dev-westeurope/)', () => {
    const paths = synthesize(loadedAt('test.yaml'), { env }).files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths[0]).toBe('INSTALL.md');
    expect(paths.map((p) => p.split('/')[0])).toEqual([
      'INSTALL.md',
      ...Array(4).fill('application'),
      'bootstrap',
      'bootstrap',
      ...Array(4).fill('dev-westeurope'),
    ]);
  });

  test('INSTALL.md names a config inside the package by its relative path, one outside it by its file name only', () => {
    const guideOf = (source: string) => synthesize(loadedAt(source), { env }).files.find((f) => f.path === 'INSTALL.md')!.content;
    expect(guideOf(path.join(ROOT, 'examples', 'aks.yaml'))).toContain('Generated by codecanvas-cdk8s from `examples/aks.yaml`.');
    const outside = guideOf(path.join(os.tmpdir(), 'team-a', 'codecanvas.yaml'));
    expect(outside).toContain('Generated by codecanvas-cdk8s from `codecanvas.yaml`.');
    expect(outside).not.toContain('team-a');
  });

  test('a problem of a GitOps bootstrap object refuses the synthesis, naming the config; no bootstrap file is handed to the writer', () => {
    // No bootstrap object has a rule of its own yet: one is added to each bootstrap chart (cdk8s ids bootstrap-<tool>-<cluster>).
    const validate = Node.prototype.validate;
    const spy = jest.spyOn(Node.prototype, 'validate').mockImplementation(function (this: Node) {
      return [...validate.call(this), ...(this.id.startsWith('bootstrap-') ? [`${this.id}: refused`] : [])];
    });
    const handed: string[] = [];
    try {
      const e = thrown(() => synthesize(loadedAt('test.yaml'), { env, onFiles: (files) => handed.push(...files.map((f) => f.path)) }));
      expect(e).toBeInstanceOf(SynthError);
      expect(e.message).toBe(
        'test.yaml: synth failed: 2 problems found\n  - bootstrap-argocd-application: refused\n  - bootstrap-argocd-dev-westeurope: refused',
      );
    } finally {
      spy.mockRestore();
    }
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.filter((p) => p.startsWith('bootstrap/'))).toEqual([]);
  });
});


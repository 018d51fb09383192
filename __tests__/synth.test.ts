import * as path from 'path';
import * as yaml from 'js-yaml';
import { loadConfigFile } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { codecanvasValues } from '../lib/charts/codecanvas-values';
import { parseConfig } from '../lib/config/load';
import { ROOT, exampleConfig, readTree, withField } from './helpers';

const EXAMPLE = path.join(ROOT, 'examples', 'aks.yaml');

describe('the example installation', () => {
  // Built inside each test that asserts on it (not at describe scope), so mutation testing can attribute coverage.
  const example = () => {
    const result = synthesize(loadConfigFile(EXAMPLE));
    const files = Object.fromEntries(result.files.map((f) => [f.path, f.content]));
    const manifests = Object.fromEntries(Object.entries(files).filter(([p]) => /^[^/]+\/[^/]+\.yaml$/.test(p) && !p.startsWith('helm/')));
    return { result, files, manifests };
  };

  // The one whole-output golden: the committed dist/ (reviewed in every change that alters it; CI also checks that
  // `npm run synth` and `npx cdk8s synth` reproduce it). The rules the output follows are asserted one by one below.
  test('the committed dist/ is what the code synthesizes now', () => {
    const { files } = example();
    expect(readTree(path.join(ROOT, 'dist'))).toEqual(files);
  });

  test('two synths are byte-identical', () => {
    const { result } = example();
    expect(synthesize(loadConfigFile(EXAMPLE)).files).toEqual(result.files);
  });

  test('one folder per cluster, files named so that name order is apply order', () => {
    const { files } = example();
    expect(Object.keys(files)).toEqual([
      'INSTALL.md',
      'application/00-namespaces.yaml',
      'application/10-cluster-resources.yaml',
      'application/20-secrets.yaml',
      'application/30-releases.yaml',
      'bootstrap/argocd/application/bootstrap.yaml',
      'bootstrap/argocd/dev-westeurope/bootstrap.yaml',
      'dev-westeurope/00-namespaces.yaml',
      'dev-westeurope/10-cluster-resources.yaml',
      'dev-westeurope/20-secrets.yaml',
      'dev-westeurope/30-releases.yaml',
    ]);
  });

  test('sync waves agree with the files, and namespaces come first', () => {
    const { manifests } = example();
    const waveOfFile: Record<string, string> = { '00-namespaces': '-2', '10-cluster-resources': '-1', '20-secrets': '0', '30-releases': '1' };
    for (const [file, content] of Object.entries(manifests)) {
      const expected = waveOfFile[path.basename(file, '.yaml')];
      for (const doc of yaml.loadAll(content) as any[]) {
        expect(`${file}: ${doc.kind}/${doc.metadata.name} wave ${doc.metadata.annotations['argocd.argoproj.io/sync-wave']}`).toBe(
          `${file}: ${doc.kind}/${doc.metadata.name} wave ${expected}`,
        );
        if (doc.kind === 'Namespace') expect(file).toMatch(/00-namespaces/);
      }
    }
  });

  test('object names carry no hash suffix', () => {
    const { manifests } = example();
    const names = Object.values(manifests).flatMap((c) => (yaml.loadAll(c) as any[]).map((d) => d.metadata.name as string));
    expect(names.filter((n) => /-[0-9a-f]{8}$/.test(n))).toEqual([]);
  });

  test('no plain Secret carries a secret key, and no chart values carry the master secret or a password', () => {
    const { files, manifests } = example();
    const docs = Object.values(manifests).flatMap((c) => yaml.loadAll(c) as any[]);
    const secretKeys = /PASSWORD|MASTER_SECRET|ACCOUNT_KEY|PRIVATE_KEY|SSH_HOST_KEY/;
    for (const doc of docs.filter((d) => d.kind === 'Secret')) {
      expect(Object.keys({ ...doc.stringData, ...doc.data }).filter((k) => secretKeys.test(k))).toEqual([]);
    }
    const all = Object.values(files).join('\n');
    expect(all).not.toMatch(/masterSecret:|\bpassword:/);
  });
});

describe('the chart values', () => {
  test('the guide\'s custom.values.yaml, key for key and in its order', () => {
    const config = parseConfig(withField(exampleConfig(), 'database.sslMode', undefined));
    const values = codecanvasValues(config);
    const guide = {
      application: {
        replicaCount: 2,
        serviceAccount: { name: 'codecanvas', annotations: { 'azure.workload.identity/client-id': '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc' } },
        podLabels: { 'azure.workload.identity/use': 'true' },
        ingress: {
          annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
          ingressClassName: 'nginx',
          hostname: 'codecanvas.example.com',
          computeHostname: 'computeservice.codecanvas.example.com',
          tlsEnabled: true,
        },
        config: { codecanvas: { bootstrap: { relay: { enabled: false }, jump: { enabled: false } }, licenseAgreementAccepted: true } },
        secret: {
          objectStorage: { type: 'azure', existingSecretName: 'codecanvas-objectstorage-secret-ext' },
          postgresql: { existingSecretName: 'codecanvas-db-secret-ext' },
          codecanvas: { localAdministrator: { firstName: 'Admin', lastName: 'Admin', username: 'admin', email: 'admin@example.com' } },
        },
      },
      jump: { enabled: false },
      relay: { enabled: false },
    };
    expect(values).toEqual(guide);
    expect(yaml.dump(values)).toBe(yaml.dump(guide));
  });

  test('application.values is deep-merged last', () => {
    const config = parseConfig(withField(exampleConfig(), 'application.values', { application: { replicaCount: 3, resources: { limits: { cpu: '4' } } } }));
    const values = codecanvasValues(config) as any;
    expect(values.application.replicaCount).toBe(3);
    expect(values.application.resources).toEqual({ limits: { cpu: '4' } });
    expect(values.application.ingress.hostname).toBe('codecanvas.example.com');
  });
});

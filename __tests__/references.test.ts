// Each cluster folder of the output must be complete on its own: every ClusterIssuer, IngressClass, Secret and
// Namespace that one of its objects (or one of the chart values it delivers) names is created in the same folder,
// or the config declares it as existing in that cluster (preflight checks those there).
import * as fs from 'fs';
import * as path from 'path';
import { LoadedConfig, loadConfigFile, parseConfig } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { clusterIngress } from '../lib/charts/cluster-ingress';
import { danglingReferences, declaredExternals } from '../cli/validate/references';
import { exampleConfig, fakeSecretEnv, ROOT, withField } from './helpers';

const EXAMPLES = path.join(ROOT, 'examples');
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();

const loadedOf = (raw: unknown): LoadedConfig => ({ config: parseConfig(raw, 'test.yaml'), source: 'test.yaml', baseDir: EXAMPLES });

function synthOf(loaded: LoadedConfig) {
  return synthesize(loaded, { env: fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name)) });
}

describe('no dangling references in any cluster folder', () => {
  test.each(exampleFiles)('examples/%s', (file) => {
    const loaded = loadConfigFile(path.join(EXAMPLES, file));
    expect(danglingReferences(synthOf(loaded).files, loaded.config)).toEqual([]);
  });

  test('the committed dist/ (embedded example)', () => {
    const loaded = loadConfigFile(path.join(EXAMPLES, 'aks.yaml'));
    const files: { path: string; content: string }[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else files.push({ path: path.relative(path.join(ROOT, 'dist'), full).split(path.sep).join('/'), content: fs.readFileSync(full, 'utf8') });
      }
    };
    walk(path.join(ROOT, 'dist'));
    expect(danglingReferences(files, loaded.config)).toEqual([]);
  });

  test('a dev-environment cluster managed from the hub Argo CD: its release values are checked against its own folder', () => {
    const config = withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev-westeurope.hcp.westeurope.azmk8s.io:443');
    const loaded = loadedOf(config);
    expect(danglingReferences(synthOf(loaded).files, loaded.config)).toEqual([]);
  });
});

describe('the check bites', () => {
  const loaded = loadConfigFile(path.join(EXAMPLES, 'aks.yaml'));
  const files = synthOf(loaded).files;
  const without = (pathPart: string, pattern: RegExp) =>
    files.map((f) => (f.path.startsWith(pathPart) ? { ...f, content: f.content.split(/^---$/m).filter((d) => !pattern.test(d)).join('---') } : f));

  test('a relay Ingress issuer that the dev cluster does not have', () => {
    const problems = danglingReferences(without('dev-westeurope/', /kind: ClusterIssuer/), loaded.config);
    expect(problems).toEqual([expect.stringMatching(/^dev-westeurope: .*cert-manager\.io\/cluster-issuer refers to ClusterIssuer letsencrypt-prod, which dev-westeurope\/ does not create/)]);
  });

  test('a Secret that a release reads but nothing creates', () => {
    const problems = danglingReferences(without('dev-westeurope/', /name: codecanvas-relay-secret/), loaded.config);
    expect(problems).toEqual([expect.stringContaining('refers to Secret codecanvas-system/codecanvas-relay-secret')]);
  });

  test('a namespace that nothing creates', () => {
    const problems = danglingReferences(without('application/', /kind: Namespace/), loaded.config);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith('application: ') && p.includes('refers to Namespace codecanvas,'))).toBe(true);
  });

  test('an ingress class the cluster does not declare', () => {
    const config = loadedOf(withField(exampleConfig(), 'application.values', { application: { ingress: { ingressClassName: 'traefik' } } }));
    const problems = danglingReferences(synthOf(config).files, config.config);
    expect(problems).toContainEqual(expect.stringMatching(/^application: .*ingressClassName refers to IngressClass traefik,/));
  });
});

describe('validate reports dangling references', () => {
  const { main } = require('../cli/main');
  test('an ingress class in the chart values that the cluster does not declare fails validate, naming it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'cc-ref-')), 'codecanvas.yaml');
    const raw = withField(exampleConfig(), 'application.values', { application: { ingress: { ingressClassName: 'traefik' } } });
    fs.writeFileSync(file, require('js-yaml').dump(raw));
    const err: string[] = [];
    const code = await main(['validate', '--config', file], { stdout: () => undefined, stderr: (s: string) => err.push(s), env: {}, cwd: ROOT });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/application: .*ingressClassName refers to IngressClass traefik, which application\/ does not create/);
  });
});

describe('what the config declares as existing: the validator\'s own reading of the ingress defaults', () => {
  const LE = { email: 'ops@example.com', server: 'staging' };
  const dev = (ingress: unknown) => parseConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.ingress', ingress));
  test.each([
    ['inherits everything: the issuer is created there too', undefined, ['IngressClass nginx']],
    ['own IngressClass only', { className: 'internal' }, ['IngressClass internal']],
    ['own ClusterIssuer: letsEncrypt not inherited, the issuer must exist', { clusterIssuer: 'corp-ca' }, ['IngressClass nginx', 'ClusterIssuer corp-ca']],
    ['letsEncrypt false: the top-level issuer must exist there', { letsEncrypt: false }, ['IngressClass nginx', 'ClusterIssuer letsencrypt-prod']],
    ['own ClusterIssuer with its own letsEncrypt: created there', { clusterIssuer: 'le-staging', letsEncrypt: LE }, ['IngressClass nginx']],
    ['the top-level issuer named again: letsEncrypt still inherited', { clusterIssuer: 'letsencrypt-prod' }, ['IngressClass nginx']],
  ])('%s', (_, ingress, expected) => {
    const config = dev(ingress);
    const name = config.devEnvironmentClusters[0].name;
    const declared = declaredExternals(config).get(name)!.filter((t) => t.kind !== 'Namespace');
    expect(declared.map((t) => `${t.kind} ${t.name}`)).toEqual(expected);
    // The validator has its own copy of this rule; it must agree with the charts' (what synth creates).
    const charts = clusterIngress(config, name);
    expect(declared.map((t) => `${t.kind} ${t.name}`)).toEqual([`IngressClass ${charts.className}`, ...(charts.letsEncrypt ? [] : [`ClusterIssuer ${charts.clusterIssuer}`])]);
  });
});

// INSTALL.md is a runbook a user follows: every command it gives must point at something the output has, every
// host it asks to look up must be served, and the phases must say where each ID comes from and where it goes.
import * as path from 'path';
import { LoadedConfig, loadConfigFile, parseConfig } from '../lib/config/load';
import { hostnames } from '../lib/util/names';
import { relayHostname } from '../lib/charts/dev-environment-cluster-chart';
import { synthesize } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, ROOT, withField } from './helpers';

const EXAMPLES = path.join(ROOT, 'examples');
const examples = ['aks.yaml', 'flux-sealed-secrets.yaml', 'kubectl-helm.yaml', 'three-clusters.yaml'];
const loadedOf = (raw: unknown): LoadedConfig => ({ config: parseConfig(raw, 'test.yaml'), source: 'test.yaml', baseDir: EXAMPLES });

function guideOf(loaded: LoadedConfig) {
  const files = synthesize(loaded, { env: fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name)) }).files;
  const guide = files.find((f) => f.path === 'INSTALL.md')!.content;
  const paths = new Set(files.map((f) => f.path));
  const dirs = new Set(files.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join('/'))));
  return { guide, paths, dirs };
}

describe.each(examples)('INSTALL.md of examples/%s', (file) => {
  const loaded = loadConfigFile(path.join(EXAMPLES, file));
  const { guide, paths, dirs } = guideOf(loaded);

  test('every install.sh it names is generated', () => {
    const scripts = [...guide.matchAll(/\.\/(helm\/[^/\s`]+\/install\.sh)/g)].map((m) => m[1]);
    // With helm delivery the application cluster is installed through its install.sh, so the guide names one.
    if (loaded.config.delivery.mode === 'helm') expect(scripts).toContain('helm/application/install.sh');
    for (const s of scripts) expect(paths).toContain(s);
  });

  test('every folder it applies with kubectl exists in the output', () => {
    const applied = [...guide.matchAll(/kubectl (?:--context \S+ )?apply -f ([^\s`]+)\//g)].map((m) => m[1]);
    expect(applied.length).toBeGreaterThan(0);
    for (const d of applied) expect(dirs).toContain(d);
  });

  test('it looks up only hosts that something serves', () => {
    const c = loaded.config;
    const served = new Set([hostnames(c.domain).main, hostnames(c.domain).compute]);
    if (c.relay.enabled) served.add(hostnames(c.domain).gateway);
    c.devEnvironmentClusters.forEach((d, i) => d.relay.enabled && served.add(relayHostname(c, i)));
    const looked = [...guide.matchAll(/nslookup (\S+)/g)].map((m) => m[1]);
    expect(looked).toContain(hostnames(c.domain).main);
    for (const h of looked) expect(served).toContain(h);
  });

  test('federated credential subjects are real service accounts, never a <namespace> placeholder', () => {
    const subjects = [...guide.matchAll(/`(system:serviceaccount:[^`]+)`/g)].map((m) => m[1]);
    expect(subjects.length).toBeGreaterThan(0);
    for (const s of subjects) expect(s).toMatch(/^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/);
  });

  test('it never sends the user to release notes that no tool prints', () => {
    expect(guide).not.toMatch(/release notes/);
  });
});

describe('the phases (examples/three-clusters.yaml)', () => {
  const loaded = loadConfigFile(path.join(EXAMPLES, 'three-clusters.yaml'));
  const { guide } = guideOf(loaded);

  test('phase 1, 2, 3 in that order', () => {
    const at = (s: string) => guide.indexOf(s);
    expect(at('## Phase 1')).toBeGreaterThan(0);
    expect(at('## Phase 2')).toBeGreaterThan(at('## Phase 1'));
    expect(at('## Phase 3')).toBeGreaterThan(at('## Phase 2'));
  });

  test('it says which cluster still waits for its IDs', () => {
    expect(guide).toMatch(/Current state: `dev-eastus` has no instance IDs yet/);
    expect(guide).toContain('`devEnvironmentClusters[1].jump.instanceId` (not set yet)');
    expect(guide).toContain('`devEnvironmentClusters[1].operator.instanceId` (not set yet)');
    expect(guide).toContain('jump: { instanceId: "<jump server ID from phase 2>" }');
  });

  test('phase 2 gives the exact URLs, namespaces and public key files per cluster', () => {
    expect(guide).toContain('URL `https://gateway-dev-eastus.canvas.example.net`');
    expect(guide).toContain('Name `dev-eastus`, Kubernetes namespace `codecanvas-devenv`');
    expect(guide).toContain('`public-keys/dev-eastus.operator-jwt.pub.pem`');
    expect(guide).toContain('`public-keys/dev-westeurope.jump-ssh-host.pub`');
    expect(guide).toContain('Key Vault secret `dev-westeurope-relay-jwt-private-key`');
  });

  test('the jump endpoint is the real one, in the text and in the diagram', () => {
    expect(guide).toContain('SSH address `ssh-westeurope.canvas.example.net:63101`');
    expect(guide).toContain('users -->|"SSH ssh-westeurope.canvas.example.net:63101 (LoadBalancer)"| dev0jump');
    expect(guide).toContain('users -->|"SSH &lt;node IP&gt;:&lt;node port&gt; (NodePort)"| dev1jump');
    expect(guide).not.toContain('SSH 63101|');
  });

  test('per-cluster prerequisites name each cluster\'s own ingress class and issuer, and how it is reached by Argo CD', () => {
    const east = guide.slice(guide.indexOf('### Dev-environment cluster `dev-eastus`'), guide.indexOf('### Workload Identity'));
    expect(east).toContain('IngressClass `traefik`');
    expect(east).toContain('ClusterIssuer `platform-issuer` (not created by this output');
    expect(east).toContain('Registered in the hub Argo CD');
    for (const item of ['Kubernetes 1.29', 'disk.csi.azure.com', 'snapshot controller', 'cert-manager', 'DNS for the relay', 'External Secrets Operator']) {
      expect(east).toContain(item);
    }
    const west = guide.slice(guide.indexOf('### Dev-environment cluster `dev-westeurope`'), guide.indexOf('### Dev-environment cluster `dev-eastus`'));
    expect(west).toContain('ClusterIssuer `letsencrypt-staging` is in `dev-westeurope/`');
    expect(west).toContain('Argo CD in this cluster');
  });

  test('a federated credential per cluster for its Key Vault reader', () => {
    expect(guide).toContain('| `dev-westeurope` | `system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader` |');
    expect(guide).toContain('| `application` | `system:serviceaccount:codecanvas:codecanvas` |');
  });

  test('the bootstrap is the only thing applied by hand', () => {
    expect(guide).toContain('kubectl --context application apply -f bootstrap/argocd/application/');
    expect(guide).toContain('apply -f bootstrap/argocd/dev-westeurope/');
    expect(guide).toContain('Argo CD applies the change from Git; nothing to run by hand.');
  });
});

describe('phase 3 names what its synth reads, per secret source', () => {
  const phase3 = (raw: unknown) => {
    const { guide } = guideOf(loadedOf(raw));
    return guide.slice(guide.indexOf('## Phase 3'), guide.indexOf('```bash', guide.indexOf('## Phase 3')));
  };

  test('sealedSecrets: the environment of each dev cluster\'s jump and operator keys, and where `keys --format sealed` left them', () => {
    const raw = { ...exampleConfig(), secrets: { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'sealed-secrets-cert.pem' } }, delivery: { mode: 'flux' } };
    const text = phase3(withField(withField(raw, 'devEnvironmentClusters.0.keyVault', undefined), 'devEnvironmentClusters.0.systemNamespace', 'dev-system'));
    expect(text).toContain('Synth writes the jump and operator Secrets now, from its environment, as in phase 1 (`set -a; . <keys folder>/secrets.env; . <keys folder>/sealing-key.env; set +a`');
    expect(text).toContain('`DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`, `DEV_WESTEUROPE_JUMP_SSH_HOST_KEY`, `DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY`');
    expect(text).toContain("`kubectl --context dev-westeurope -n dev-system get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d`");
  });

  test('env: the environment, without the sealed read-back; Key Vault: nothing (synth does not read the keys)', () => {
    const env = phase3({ ...exampleConfig(), secrets: { source: 'env', allowPlaintextSecrets: true } });
    expect(env).toContain('(`set -a; . <keys folder>/secrets.env; set +a`, with `CODECANVAS_DB_PASSWORD`): `DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`');
    expect(env).not.toContain('codecanvas-generated-keys');
    expect(phase3(exampleConfig())).not.toContain('from its environment');
  });
});

describe('the admin password, per delivery mode, from what the chart does', () => {
  test('not set: the chart stores an empty password in spaceport-app-secret and generates none', () => {
    const { guide } = guideOf(loadConfigFile(path.join(EXAMPLES, 'aks.yaml')));
    expect(guide).toContain('The chart does not generate one');
    expect(guide).toContain("kubectl --context application -n codecanvas get secret spaceport-app-secret -o jsonpath='{.data.appSecret}' | base64 -d");
  });

  test('not set, Key Vault with Argo CD: setting it needs flux, not the plaintext opt-in (which Key Vault cannot use)', () => {
    const { guide } = guideOf(loadConfigFile(path.join(EXAMPLES, 'aks.yaml')));
    const paragraph = guide.split('\n').find((l) => l.includes('No password was set'))!;
    expect(paragraph).toContain('logs deploy/codecanvas-app');
    expect(paragraph).toContain('that needs delivery.mode flux');
    expect(paragraph).not.toContain('allowPlaintextSecrets');
    const raw = withField(exampleConfig(), 'localAdministrator.setPassword', true);
    expect(() => guideOf(loadedOf(raw))).toThrow(/localAdministrator\.setPassword: is true; cannot be used with delivery\.mode argocd and secrets\.source keyVault: .*cannot come from Key Vault/);
  });

  test('flux with setPassword: from the chart-values Secret', () => {
    const { guide } = guideOf(loadConfigFile(path.join(EXAMPLES, 'flux-sealed-secrets.yaml')));
    expect(guide).toContain('Flux passes it from Secret `codecanvas/codecanvas-chart-values` (key `adminPassword`)');
  });

  test('helm with setPassword under the opt-in: from the chart values', () => {
    const raw = withField(withField(withField(exampleConfig(), 'delivery', { mode: 'helm' }), 'secrets', { source: 'env', allowPlaintextSecrets: true }), 'localAdministrator.setPassword', true);
    delete raw.gitops;
    const { guide } = guideOf(loadedOf(raw));
    expect(guide).toContain('written into the chart values under the plaintext opt-in');
    expect(guide).toContain('./helm/application/install.sh');
  });
});

describe('helm mode without dev releases', () => {
  test('a dev cluster without releases is applied with kubectl, not an install.sh that does not exist', () => {
    const { guide, paths } = guideOf(loadConfigFile(path.join(EXAMPLES, 'kubectl-helm.yaml')));
    expect(paths.has('helm/dev-local/install.sh')).toBe(false);
    expect(guide).not.toContain('helm/dev-local/install.sh');
    expect(guide).toContain('apply -f dev-local/');
    expect(guide).not.toMatch(/nslookup gateway/);
    // Phase 1 promises only what the cluster's folder holds: no relay, jump server or operator.
    expect(guide).toContain('as far as the output goes now (its namespaces, StorageClasses and VolumeSnapshotClasses):');
    expect(guide).not.toMatch(/as far as the output goes now \([^)]*relay/);
  });
});

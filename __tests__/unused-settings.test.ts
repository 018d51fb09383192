// No setting is silently ignored: what the chosen delivery.mode never reads is a config error (lib/config/mode-rules.ts);
// what only the library construct leaves undone (the GitOps bootstrap) or a secret source does not read is a
// warning of the installation (CodeCanvasInstallation.warnings), which synth and validate print.
import { App } from 'cdk8s';
import { checkConfig, parseConfig } from '../lib/config/load';
import { formatIssue } from '../lib/config/errors';
import { CodeCanvasInstallation } from '../lib/codecanvas-installation';
import { synthesize } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, withField } from './helpers';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const messages = (raw: unknown): string[] => checkConfig(raw).map(formatIssue);

/** The example in another delivery mode (Flux needs no gitops changes; helm and k3s warn about gitops). */
function inMode(mode: string, raw: Raw = exampleConfig()): Raw {
  return withField(raw, 'delivery', { mode });
}

const HUB = 'https://dev-westeurope.example.com:443';

describe('settings of another delivery mode are refused, naming the field, the value, the mode that reads it', () => {
  test.each(['flux', 'helm', 'k3s'])('argocdDestinationServer with delivery.mode %s', (mode) => {
    const raw = withField(inMode(mode), 'devEnvironmentClusters.0.argocdDestinationServer', HUB);
    expect(messages(raw)).toEqual([
      `devEnvironmentClusters[0].argocdDestinationServer: is "${HUB}"; is read only with delivery.mode argocd (a hub Argo CD deploys this cluster); ` +
        `delivery.mode ${mode} never reads it: remove it, or set delivery.mode argocd`,
    ]);
    expect(messages(withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', HUB))).toEqual([]);
  });

  test('a delivery.mode that is not text is its own problem; the settings are judged as in argocd, the default', () => {
    const raw = withField(withField(exampleConfig(), 'delivery', { mode: 7, argocd: { namespace: 'gitops' } }), 'devEnvironmentClusters.0.argocdDestinationServer', HUB);
    expect(messages(raw)).toEqual([expect.stringMatching(/^delivery\.mode: is 7; must be /)]);
  });

  test('delivery.argocd outside argocd: each field that differs from its default; the defaults written out are fine', () => {
    const raw = withField(inMode('flux'), 'delivery.argocd', { namespace: 'gitops', project: 'default', destinationServer: 'https://kubernetes.default.svc' });
    expect(messages(raw)).toEqual([
      'delivery.argocd.namespace: is "gitops"; is read only with delivery.mode argocd (the Argo CD Applications); delivery.mode flux never reads it: remove it, or set delivery.mode argocd',
    ]);
    expect(messages(withField(inMode('flux'), 'delivery.argocd', { namespace: 'argocd', project: 'default' }))).toEqual([]);
    expect(messages(withField(inMode('k3s'), 'delivery.argocd.project', 'platform'))).toEqual([
      'delivery.argocd.project: is "platform"; is read only with delivery.mode argocd (the Argo CD Applications); delivery.mode k3s never reads it: remove it, or set delivery.mode argocd',
    ]);
  });

  test('delivery.flux outside flux', () => {
    expect(messages(withField(exampleConfig(), 'delivery.flux', { interval: '5m' }))).toEqual([
      'delivery.flux.interval: is "5m"; is read only with delivery.mode flux (the Flux HelmReleases); delivery.mode argocd never reads it: remove it, or set delivery.mode flux',
    ]);
    expect(messages(withField(exampleConfig(), 'delivery.flux', { interval: '10m' }))).toEqual([]);
    expect(messages(withField(inMode('flux'), 'delivery.flux', { interval: '5m' }))).toEqual([]);
  });

  test('gitops.flux with delivery.mode argocd (the Argo CD bootstrap has no such setting)', () => {
    const raw = withField(exampleConfig(), 'gitops.flux', { secretName: 'git-credentials', dependsOn: ['infra'], namespace: 'flux-system' });
    expect(messages(raw)).toEqual([
      'gitops.flux.secretName: is "git-credentials"; is read only with delivery.mode flux (the Flux bootstrap; the Argo CD bootstrap has no such setting); delivery.mode argocd never reads it: remove it, or set delivery.mode flux',
      'gitops.flux.dependsOn: is a list; is read only with delivery.mode flux (the Flux bootstrap; the Argo CD bootstrap has no such setting); delivery.mode argocd never reads it: remove it, or set delivery.mode flux',
    ]);
    expect(messages(withField(inMode('flux'), 'gitops.flux', { secretName: 'git-credentials', dependsOn: ['infra'] }))).toEqual([]);
  });

  test('a config with every default applied (the library takes a ResolvedConfig) is judged like the file it came from', () => {
    const resolved = parseConfig(inMode('flux'));
    expect(resolved.delivery.argocd.namespace).toBe('argocd');
    expect(messages(resolved)).toEqual([]);
    expect(messages(parseConfig(exampleConfig()))).toEqual([]);
  });

  test('a field whose value is undefined (an object from a library caller) is not set', () => {
    expect(messages(withField(inMode('flux'), 'delivery.argocd', { namespace: undefined, project: undefined }))).toEqual([]);
    expect(messages(withField(exampleConfig(), 'delivery.flux', { interval: undefined }))).toEqual([]);
    expect(messages(withField(inMode('flux'), 'delivery.argocd', { namespace: undefined, nmespace: 'gitops' }))).toEqual([
      'delivery.argocd.nmespace: is "gitops"; is not a known field; did you mean namespace?',
    ]);
    expect(messages(withField(exampleConfig(), 'gitops.flux', { secretName: undefined }))).toEqual([]);
  });

  test('operator.replicas next to operator.autoscaling would be ignored: refused', () => {
    const raw = withField(withField(exampleConfig(), 'devEnvironmentClusters.0.operator.replicas', 2), 'devEnvironmentClusters.0.operator.autoscaling', { maxReplicas: 4 });
    expect(messages(raw)).toEqual([
      'devEnvironmentClusters[0].operator.replicas: is 2; would be ignored: with operator.autoscaling the HorizontalPodAutoscaler sets the pod count (between minReplicas and maxReplicas); remove replicas, or remove autoscaling',
    ]);
    // A disabled operator is not delivered at all.
    expect(messages(withField(raw, 'devEnvironmentClusters.0.operator.enabled', false))).toEqual([]);
  });
});

describe('warnings of the installation: what the library or the secret source leaves unused', () => {
  const BOOTSTRAP =
    'gitops: not written by CodeCanvasInstallation: the Argo CD Applications that sync the cluster folders from Git (bootstrap/) are written only by the codecanvas-cdk8s synth command; run it for them, or apply your own';

  const installation = (raw: Raw) => new CodeCanvasInstallation(new App(), 'CodeCanvas', { config: raw as never, env: fakeSecretEnv(['dev-westeurope']) });

  test('gitops through the library: a warning, since the construct writes no bootstrap; the command writes it and does not warn', () => {
    expect(installation(exampleConfig()).warnings).toContain(BOOTSTRAP);
    expect(installation(withField(exampleConfig(), 'gitops', undefined)).warnings).not.toContain(BOOTSTRAP);
    expect(installation(inMode('flux')).warnings).toContain(BOOTSTRAP.replace('Argo CD Applications', 'Flux GitRepository and Kustomizations'));
    // helm and k3s write no bootstrap at all: only the warning that gitops is unused.
    for (const mode of ['helm', 'k3s']) {
      expect(installation(inMode(mode)).warnings.filter((w) => w.startsWith('gitops:'))).toEqual([
        `gitops: not used with delivery.mode ${mode} (no bootstrap written); Argo CD or Flux delivery syncs the folders from Git`,
      ]);
    }
    const result = synthesize({ config: parseConfig(exampleConfig()), source: 'test.yaml', baseDir: '.' }, { env: fakeSecretEnv(['dev-westeurope']) });
    expect(result.files.some((f) => f.path.startsWith('bootstrap/'))).toBe(true);
    expect(result.warnings).not.toContain(BOOTSTRAP);
  });

  test('another secret source\'s section: a warning (keys still reads it while switching sources), not an error', () => {
    const env = withField(withField(exampleConfig(), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true);
    expect(messages(env)).toEqual([]);
    expect(installation(env).warnings).toContain(
      'secrets.keyVault: not used by synth with secrets.source env (only `keys --format keyvault` reads it); remove it once you no longer switch sources',
    );
    const sealed = withField(exampleConfig(), 'secrets.sealedSecrets', { certificateFile: 'sealed-secrets-cert.pem' });
    expect(installation(sealed).warnings).toContain(
      'secrets.sealedSecrets: not used by synth with secrets.source keyVault (only `keys --format sealed` reads it); remove it once you no longer switch sources',
    );
    expect(installation(exampleConfig()).warnings.filter((w) => w.startsWith('secrets.'))).toEqual([]);
  });

  test('the source key of a secret the installation does not read: a warning', () => {
    let raw = withField(exampleConfig(), 'secrets.names', { storageAccountKey: 'storage-key', adminPassword: 'admin-password' });
    expect(installation(raw).warnings.filter((w) => w.startsWith('secrets.names'))).toEqual([
      'secrets.names.storageAccountKey: not used: objectStorage.auth is workloadIdentity, so no storage account key is read',
      'secrets.names.adminPassword: not used: localAdministrator.setPassword is false, so the CodeCanvas application generates the password at its first start and none is read',
    ]);
    // (setPassword: true cannot be delivered by argocd with Key Vault: that is a config error, see delivery-rules.)
    raw = withField(raw, 'objectStorage.auth', 'accountKey');
    expect(installation(raw).warnings.filter((w) => w.startsWith('secrets.names'))).toEqual([
      'secrets.names.adminPassword: not used: localAdministrator.setPassword is false, so the CodeCanvas application generates the password at its first start and none is read',
    ]);
  });
});

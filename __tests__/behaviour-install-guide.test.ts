// INSTALL.md tells a user what to prepare and what to apply where. The committed dist/ covers one combination
// (Argo CD + Key Vault); these tests pin what changes with the delivery mode, the secret source and the options.
import { parseConfig } from '../lib/config/load';
import { installGuide } from '../lib/output/install-guide';
import { exampleConfig, withField } from './helpers';

const guide = (config: Record<string, any>) => installGuide(parseConfig(config), 'examples/test.yaml');
const env = (c: Record<string, any>) => withField(withField(withField(c, 'secrets.keyVault', undefined), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true);
const sealed = (c: Record<string, any>) =>
  withField(withField(withField(c, 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', { certificateFile: 'cert.pem' });
const allReleases = (c: Record<string, any>) =>
  withField(withField(withField(withField(c, 'devEnvironmentClusters.0.jump', { enabled: true, instanceId: 'j' }), 'devEnvironmentClusters.0.operator', { enabled: true, instanceId: 'o' }), 'devEnvironmentClusters.0.relay.enabled', true), 'devEnvironmentClusters.0.systemNamespace', 'cc-sys');

describe('what to apply, per delivery mode', () => {
  test('argocd: apply each cluster folder; prerequisites name Argo CD\'s namespace and project', () => {
    const text = guide(withField(exampleConfig(), 'delivery', { mode: 'argocd', argocd: { namespace: 'gitops', project: 'cc' } }));
    expect(text).toContain('- Argo CD watching namespace `gitops`, project `cc`.');
    expect(text).toContain('## 1. Application cluster\n\nApply the folder to this cluster (or have an Argo CD Application sync `application/` into it).\n```bash\nkubectl apply -f application/\n```');
    expect(text).toContain('## 2. Dev-environment cluster `dev-westeurope`');
    expect(text).toContain('## 3. Verify');
    expect(text).not.toMatch(/Flux|helm-controller/);
  });
  test('argocd with a remote dev cluster: its Applications live in the application cluster\'s folder', () => {
    const text = guide(withField(exampleConfig(), 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:6443'));
    expect(text).toContain(
      'Apply the folder to this cluster (or have an Argo CD Application sync `dev-westeurope/` into it). Its Applications are in `application/30-releases.yaml` and deploy to https://dev.example.com:6443 from the application cluster\'s Argo CD.',
    );
  });
  test('helm: run each cluster\'s install script', () => {
    const text = guide(withField(exampleConfig(), 'delivery', { mode: 'helm' }));
    expect(text).toContain('```bash\n./helm/application/install.sh   # kubectl apply -f application/, then the helm upgrade commands\n```');
    expect(text).toContain('./helm/dev-westeurope/install.sh');
    expect(text).not.toContain('Argo CD watching');
  });
  test.each([
    ['flux', '- Flux (source-controller and helm-controller) in each cluster.'],
    ['k3s', '- The k3s/RKE2 embedded helm-controller.'],
  ])('%s: its controller as a prerequisite; apply each folder', (mode, prerequisite) => {
    const text = guide(withField(exampleConfig(), 'delivery', { mode }));
    expect(text).toContain(prerequisite);
    expect(text).toContain('```bash\nkubectl apply -f application/   # or let Flux apply this folder with a Kustomization\n```');
  });
});

describe('which secrets must exist, per source', () => {
  test('keyVault: the vault, every secret name, and the identity that reads them', () => {
    const text = guide(allReleases(exampleConfig()));
    expect(text).toContain(
      '- External Secrets Operator in every cluster, and these secrets in Key Vault `https://codecanvas-kv.vault.azure.net/`: `codecanvas-db-password`, `codecanvas-master-secret`, `dev-westeurope-jump-jwt-private-key`, `dev-westeurope-jump-ssh-host-key`, `dev-westeurope-operator-jwt-private-key`',
    );
    expect(text).toMatch(/- The Key Vault identity \(client ID `[0-9a-f-]{36}`\) needs \*Key Vault Secrets User\* and a federated credential for `system:serviceaccount:<namespace>:codecanvas-key-vault-reader`/);
  });
  test('env: the variables, and the default names', () => {
    const text = guide(withField(withField(env(exampleConfig()), 'objectStorage.auth', 'accountKey'), 'localAdministrator.setPassword', true));
    expect(text).toContain(
      '- Plain Secrets were written from the environment variables `CODECANVAS_DB_PASSWORD`, `CODECANVAS_MASTER_SECRET`, `CODECANVAS_STORAGE_ACCOUNT_KEY`, `CODECANVAS_ADMIN_PASSWORD`, `DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`, `DEV_WESTEUROPE_JUMP_SSH_HOST_KEY`, `DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY` (default names: CODECANVAS_DB_PASSWORD, CODECANVAS_MASTER_SECRET, CODECANVAS_STORAGE_ACCOUNT_KEY, CODECANVAS_ADMIN_PASSWORD).',
    );
  });
  test('sealedSecrets: the controller, and the variables that were sealed', () => {
    const text = guide(allReleases(sealed(exampleConfig())));
    expect(text).toContain(
      '- The sealed-secrets controller in every cluster (its certificate sealed this output). Sealed at synth time from: `CODECANVAS_DB_PASSWORD`, `CODECANVAS_MASTER_SECRET`, `DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`, `DEV_WESTEUROPE_JUMP_SSH_HOST_KEY`, `DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY`.',
    );
  });
});

describe('login and overview', () => {
  test('the admin logs in with the chart\'s generated password, or (setPassword) with the one the user set', () => {
    const generated = guide(exampleConfig());
    expect(generated).toMatch(/and log in as `[^`]+` with the password the chart generated \(see the release notes printed after install\)\./);
    const set = guide(withField(sealed(exampleConfig()), 'localAdministrator.setPassword', true));
    expect(set).toMatch(/and log in as `[^`]+`\.\n/);
  });
  test('the diagram shows each dev cluster\'s enabled components, their Secrets and host names', () => {
    const none = guide(withField(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.relay.enabled', false), 'devEnvironmentClusters.0.jump', { enabled: false }), 'devEnvironmentClusters.0.operator', { enabled: false }));
    expect(none).not.toMatch(/dev0op|dev0relay|dev0jump/);
    const text = guide(allReleases(exampleConfig()));
    const domain = exampleConfig().domain;
    for (const line of [
      '  subgraph dev0["dev-environment cluster dev-westeurope"]',
      '    dev0op["operator (cc-sys)"]',
      '    dev0ops[/"Secret codecanvas-operator-secret"/]',
      '    dev0relay["relay"]',
      '    dev0jump["jump server"]',
      `  dev0op -->|"https://computeservice.${domain}"| cc`,
      `  users -->|"gateway.${domain}"| dev0relay`,
      '  users -->|SSH 63101| dev0jump',
      '  dev0js --> dev0jump',
      '  dev0jump --> dev0ws',
      '  dev0rs --> dev0relay',
      '  dev0relay --> dev0ws',
      '  dev0op --> dev0ws',
      '  dev0ops --> dev0op',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });
});

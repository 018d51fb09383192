// Issue 22: clusters differ. A dev cluster reads Key Vault as its own identity, each identity is granted exactly
// the secrets its cluster reads, and every GitOps instance gets the runbook step that creates its Git credential.
// (The per-cluster Sealed Secrets certificate is tested in sealed-secrets.test.ts.)
import { Testing } from 'cdk8s';
import { checkConfig, parseConfig } from '../lib/config/load';
import { CodeCanvasInstallation } from '../lib/codecanvas-installation';
import type { CodeCanvasConfig } from '../lib/config/config-types';
import { installGuide } from '../cli/output/install-guide';
import { KeyVaultSecretSource } from '../lib/secrets/key-vault-secret-source';
import { synthesize } from '../cli/synth';
import { exampleConfig, testApp, withField } from './helpers';

const APP_ID = '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc';
const HUB_ID = '11111111-2222-4333-8444-555555555555';
const RELAY_KEY = exampleConfig().devEnvironmentClusters[0].relay.jwtPublicKey;

/** The platform team of the issue: the example's cluster with its own identity and Argo CD, plus one synced by the hub. */
function threeClusters(ids = true): Record<string, any> {
  const c = exampleConfig();
  const own = c.devEnvironmentClusters[0];
  own.keyVault = { clientId: HUB_ID };
  if (!ids) {
    delete own.jump.instanceId;
    delete own.operator.instanceId;
  }
  c.devEnvironmentClusters.push({
    name: 'dev-shared',
    argocdDestinationServer: 'https://dev-shared.example.com:6443',
    relay: { enabled: true, jwtPublicKey: RELAY_KEY },
    jump: { enabled: true, ...(ids ? { instanceId: 'jump-shared' } : {}) },
    operator: { enabled: true, image: own.operator.image, ...(ids ? { instanceId: 'op-shared' } : {}) },
  });
  return c;
}

const readers = (config: Record<string, any>) => {
  const installation = new CodeCanvasInstallation(testApp(), 'cc', { config: config as CodeCanvasConfig });
  return {
    installation,
    annotations: Object.fromEntries(
      installation.charts.map((chart) => [
        chart.node.id,
        Testing.synth(chart)
          .filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'codecanvas-key-vault-reader')
          .map((o) => o.metadata.annotations['azure.workload.identity/client-id']),
      ]),
    ),
  };
};

describe('a dev cluster\'s own Key Vault identity (devEnvironmentClusters[].keyVault.clientId)', () => {
  test('its reader ServiceAccount logs in as the cluster\'s identity; a cluster without one shares the application\'s, with a warning', () => {
    const { installation, annotations } = readers(threeClusters());
    expect(annotations).toEqual({ application: [APP_ID], 'dev-westeurope': [HUB_ID], 'dev-shared': [APP_ID] });
    const warnings = installation.warnings.filter((w) => w.includes('keyVault.clientId'));
    expect(warnings).toEqual([
      expect.stringMatching(/^devEnvironmentClusters\[1\]\.keyVault\.clientId: not set: the Key Vault reader of dev-shared logs in as workloadIdentity\.clientId \(the application's identity, which also holds Storage Blob Data Contributor\), client ID 6f1c2f3e-.*least privilege/),
    ]);
  });

  test('the installation\'s Key Vault identity (secrets.keyVault.clientId) is the default before the application\'s', () => {
    const shared = '99999999-2222-4333-8444-555555555555';
    const { installation, annotations } = readers(withField(threeClusters(), 'secrets.keyVault.clientId', shared));
    expect(annotations).toEqual({ application: [shared], 'dev-westeurope': [HUB_ID], 'dev-shared': [shared] });
    expect(installation.warnings.filter((w) => w.includes('keyVault.clientId'))).toEqual([expect.stringContaining('logs in as secrets.keyVault.clientId, client ID 99999999-')]);
  });

  test('a cluster with only its jump server or only its operator still reads Key Vault: the warning for it', () => {
    for (const release of ['jump', 'operator'] as const) {
      const c = threeClusters();
      c.devEnvironmentClusters[1][release] = { enabled: false };
      expect(readers(c).installation.warnings.filter((w) => w.includes('keyVault.clientId'))).toEqual([expect.stringMatching(/^devEnvironmentClusters\[1\]\.keyVault\.clientId: not set: the Key Vault reader of dev-shared logs in as workloadIdentity\.clientId /)]);
    }
  });

  test('a cluster without jump server and operator reads nothing from Key Vault: no warning for it', () => {
    const c = threeClusters();
    c.devEnvironmentClusters[1].jump = { enabled: false };
    c.devEnvironmentClusters[1].operator = { enabled: false };
    expect(readers(c).installation.warnings.filter((w) => w.includes('keyVault.clientId'))).toEqual([]);
  });

  test('a cluster\'s keyVault or sealedSecrets section under another source is a warning, not silence', () => {
    const c = withField(withField(withField(threeClusters(), 'secrets.keyVault', undefined), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true);
    const warnings = parseWarnings(c);
    expect(warnings).toContain('devEnvironmentClusters[0].keyVault: not used with secrets.source env; remove it, or set secrets.source keyVault');
  });

  test('a secret source given to the library serves every cluster (the per-cluster settings are not read then)', () => {
    const given = new KeyVaultSecretSource({ vaultUrl: 'https://other-kv.vault.azure.net/', clientId: '77777777-2222-4333-8444-555555555555' });
    const installation = new CodeCanvasInstallation(testApp(), 'cc', { config: threeClusters() as CodeCanvasConfig, secretSource: given });
    const ids = installation.charts.flatMap((chart) =>
      Testing.synth(chart)
        .filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'codecanvas-key-vault-reader')
        .map((o) => o.metadata.annotations['azure.workload.identity/client-id']),
    );
    expect(ids).toEqual(['77777777-2222-4333-8444-555555555555', '77777777-2222-4333-8444-555555555555', '77777777-2222-4333-8444-555555555555']);
  });

  test('the clientId must be a GUID', () => {
    const problems = checkConfig(withField(threeClusters(), 'devEnvironmentClusters.0.keyVault.clientId', 'hub'));
    expect(problems.map((p) => p.path)).toContain('devEnvironmentClusters[0].keyVault.clientId');
  });
});

function parseWarnings(config: Record<string, any>): string[] {
  const env = { CODECANVAS_DB_PASSWORD: 'x', CODECANVAS_MASTER_SECRET: Buffer.alloc(32, 7).toString('base64') };
  return new CodeCanvasInstallation(testApp(), 'cc', { config: config as CodeCanvasConfig, env }).warnings;
}

describe('INSTALL.md, phase 1, before any instance ID exists', () => {
  const guide = installGuide(parseConfig(threeClusters(false)), 'codecanvas.yaml');
  const rows = guide.split('\n').filter((l) => l.includes('system:serviceaccount:'));

  test('lists the federated credential of every dev cluster that reads Key Vault, with that cluster\'s identity', () => {
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\| `dev-westeurope` \| `system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader` \| `11111111-2222-4333-8444-555555555555` \| Key Vault/),
        expect.stringMatching(/^\| `dev-shared` \| `system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader` \| `6f1c2f3e-8a4b-4c5d-9e0f-123456789abc` \| Key Vault/),
      ]),
    );
    // ... before phase 1, with the prerequisites
    expect(guide.indexOf('`dev-shared` | `system:serviceaccount:')).toBeLessThan(guide.indexOf('## Phase 1'));
    expect(guide).toContain('logging in as managed identity `11111111-2222-4333-8444-555555555555`: its federated credential and role assignments are below.');
    expect(guide).toContain('(shared with the application: set `devEnvironmentClusters[1].keyVault.clientId` to give this cluster its own)');
  });

  test('the synthesized output does not list a reader twice once the IDs are set', () => {
    const files = synthesize({ config: parseConfig(threeClusters()), source: 'c.yaml', baseDir: '.' }).files;
    const text = files.find((f) => f.path === 'INSTALL.md')!.content;
    const devRows = text.split('\n').filter((l) => /^\| `dev-(westeurope|shared)` \| `system:serviceaccount:/.test(l));
    expect(devRows).toHaveLength(2);
  });

  test('grants Key Vault Secrets User per identity and secret, never on the whole vault', () => {
    const grants = guide.split('\n').filter((l) => l.startsWith('az role assignment create'));
    const grant = (id: string, secret: string) => `az role assignment create --role "Key Vault Secrets User" --assignee ${id} --scope "$VAULT_ID/secrets/${secret}"`;
    expect(guide).toContain('VAULT_ID="$(az keyvault show --name codecanvas-kv --query id -o tsv)"');
    expect(grants).toEqual([
      grant(APP_ID, 'codecanvas-db-password'),
      grant(APP_ID, 'codecanvas-master-secret'),
      grant(HUB_ID, 'dev-westeurope-jump-jwt-private-key'),
      grant(HUB_ID, 'dev-westeurope-jump-ssh-host-key'),
      grant(HUB_ID, 'dev-westeurope-operator-jwt-private-key'),
      grant(APP_ID, 'dev-shared-jump-jwt-private-key'),
      grant(APP_ID, 'dev-shared-jump-ssh-host-key'),
      grant(APP_ID, 'dev-shared-operator-jwt-private-key'),
    ]);
    expect(guide).not.toMatch(/--scope "\$VAULT_ID"(\s|$)/);
  });
});

describe('Git credentials per GitOps instance', () => {
  const token = '--from-literal=username="$GIT_USERNAME" --from-literal=password="$GIT_TOKEN"';

  test('argocd: the hub and each dev cluster with its own Argo CD create the repository Secret; a hub-synced cluster needs none', () => {
    const text = installGuide(parseConfig(withField(threeClusters(false), 'gitops.argocd', { repositorySecretName: 'platform-repo' })), 'c.yaml');
    for (const cluster of ['application', 'dev-westeurope']) {
      expect(text).toContain(
        `kubectl --context ${cluster} -n argocd create secret generic platform-repo --from-literal=type=git --from-literal=url=https://github.com/example-org/codecanvas-platform.git \\\n  ${token}\n` +
          `kubectl --context ${cluster} -n argocd label secret platform-repo argocd.argoproj.io/secret-type=repository`,
      );
    }
    expect(text).not.toContain('--context dev-shared -n argocd create secret');
    // the application cluster's Secret comes before its bootstrap
    expect(text.indexOf('--context application -n argocd create secret')).toBeLessThan(text.indexOf('kubectl --context application apply -f bootstrap/argocd/application/'));
    expect(text).toContain('reads the repository with Secret `argocd/platform-repo` (`gitops.argocd.repositorySecretName`)');
  });

  test('argocd without a Secret name: a public repository, and how to declare a private one', () => {
    const text = installGuide(parseConfig(threeClusters(false)), 'c.yaml');
    expect(text).not.toContain('create secret');
    expect(text).toContain('For a private one set `gitops.argocd.repositorySecretName`');
  });

  test('flux: every cluster\'s GitRepository reads gitops.flux.secretName, so every cluster gets the step; an ssh URL takes a deploy key', () => {
    let c = withField(threeClusters(false), 'delivery', { mode: 'flux' });
    c = withField(c, 'devEnvironmentClusters.1.argocdDestinationServer', undefined);
    c = withField(c, 'gitops.flux', { secretName: 'platform-git' });
    c = withField(c, 'gitops.repoURL', 'ssh://git@github.com/example-org/codecanvas-platform.git');
    const text = installGuide(parseConfig(c), 'c.yaml');
    for (const cluster of ['application', 'dev-westeurope', 'dev-shared']) {
      expect(text).toContain(
        `flux --context ${cluster} create secret git platform-git --namespace flux-system --url=ssh://git@github.com/example-org/codecanvas-platform.git \\\n  --private-key-file="$GIT_DEPLOY_KEY_FILE"`,
      );
    }
  });

  test('gitops.argocd is refused with delivery.mode flux (never silently ignored)', () => {
    let c = withField(threeClusters(false), 'delivery', { mode: 'flux' });
    c = withField(c, 'devEnvironmentClusters.1.argocdDestinationServer', undefined);
    const problems = checkConfig(withField(c, 'gitops.argocd', { repositorySecretName: 'x' }));
    expect(problems).toEqual([expect.objectContaining({ path: 'gitops.argocd.repositorySecretName', rule: 'is read only with delivery.mode argocd (the Argo CD bootstrap; the Flux bootstrap has no such setting); delivery.mode flux never reads it: remove it, or set delivery.mode argocd' })]);
  });
});

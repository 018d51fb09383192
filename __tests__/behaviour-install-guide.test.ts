// INSTALL.md tells a user what to prepare and what to apply where. The committed dist/ covers one combination
// (Argo CD + Key Vault); these tests pin what changes with the delivery mode, the secret source and the options.
// Since issue 11 it is a phased runbook (phase 1 the application cluster, 2 the CodeCanvas UI, 3 IDs, synth,
// commit) with a GitOps bootstrap when the config has a `gitops` section (the example has one).
import * as path from 'path';
import { checkConfig, loadConfigFile, parseConfig } from '../lib/config/load';
import { installGuide } from '../cli/output/install-guide';
import { synthesize } from '../cli/synth';
import { exampleConfig, fakeSecretEnv, ROOT, withField } from './helpers';

const guide = (config: Record<string, any>) => installGuide(parseConfig(config), 'examples/test.yaml');
const noGitops = (c: Record<string, any>) => withField(c, 'gitops', undefined);
/** A section of the guide: from its heading to the next heading of the same level. */
const section = (text: string, heading: string) => {
  const start = text.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0];
  const end = text.indexOf(`\n${level} `, start + heading.length);
  return text.slice(start, end < 0 ? undefined : end);
};
const env = (c: Record<string, any>) => withField(withField(withField(c, 'secrets.keyVault', undefined), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true);
const sealed = (c: Record<string, any>) =>
  withField(withField(withField(c, 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', { certificateFile: 'cert.pem' });
const allReleases = (c: Record<string, any>) =>
  // (the operator keeps the example's image: argocd mode needs it for a chart version whose image is not known)
  withField(withField(withField(withField(withField(withField(c, 'devEnvironmentClusters.0.jump.enabled', true), 'devEnvironmentClusters.0.jump.instanceId', 'j'), 'devEnvironmentClusters.0.operator.enabled', true), 'devEnvironmentClusters.0.operator.instanceId', 'o'), 'devEnvironmentClusters.0.relay.enabled', true), 'devEnvironmentClusters.0.systemNamespace', 'cc-sys');

describe('what to apply, per delivery mode', () => {
  test('argocd: bootstrap once per cluster from Git (or apply each cluster folder); prerequisites name Argo CD\'s namespace and project', () => {
    const text = guide(withField(exampleConfig(), 'delivery', { mode: 'argocd', argocd: { namespace: 'gitops', project: 'cc' } }));
    // Each cluster's prerequisites name where Argo CD watches.
    for (const heading of ['### Application cluster', '### Dev-environment cluster `dev-westeurope`']) {
      expect(section(text, heading)).toContain('- Argo CD in this cluster, watching Applications in namespace `gitops`, project `cc`.');
    }
    expect(section(text, '## Phase 1: the application cluster')).toContain(
      'Commit this output to `https://github.com/example-org/codecanvas-platform.git` at `dist/` on branch `main` and push. Then, once, in the application cluster:\n\n```bash\nkubectl --context application apply -f bootstrap/argocd/application/\n```\n\nThe repository is read without credentials (public). For a private one set `gitops.argocd.repositorySecretName`: this runbook then creates that Secret in every Argo CD.\n\nEverything after comes from Git: Argo CD applies `application/` and keeps it in sync.',
    );
    expect(text).toContain('- `dev-westeurope`: `kubectl --context dev-westeurope apply -f bootstrap/argocd/dev-westeurope/` once (this cluster\'s own Argo CD); Argo CD syncs `dev-westeurope/` from Git.');
    for (const heading of ['## Phase 1: the application cluster', '## Phase 2: in CodeCanvas', '## Phase 3: fill in the IDs, synthesize, commit']) expect(text).toContain(`\n${heading}\n`);
    expect(text).not.toMatch(/Flux|helm-controller/);
    // Without a gitops section: apply each cluster folder.
    const plain = guide(noGitops(withField(exampleConfig(), 'delivery', { mode: 'argocd', argocd: { namespace: 'gitops', project: 'cc' } })));
    expect(section(plain, '## Phase 1: the application cluster')).toContain('`kubectl --context application apply -f application/`.');
    expect(plain).toContain('- `dev-westeurope`: `kubectl --context dev-westeurope apply -f dev-westeurope/`.\n');
    expect(plain).not.toContain('bootstrap/');
  });
  test('argocd with a remote dev cluster: registered in the hub, which syncs its folder (without gitops: its Applications live in the application cluster\'s folder)', () => {
    const remote = (c: Record<string, any>) => withField(c, 'devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com:6443');
    const text = guide(remote(exampleConfig()));
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).toContain(
      '- Registered in the hub Argo CD (application cluster) as `https://dev.example.com:6443` (`argocd cluster add dev-westeurope`); no Argo CD needed in this cluster.',
    );
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).not.toContain('Argo CD in this cluster');
    expect(text).toContain(
      '- `dev-westeurope`: register the cluster in the hub Argo CD as `https://dev.example.com:6443` (`argocd cluster add dev-westeurope`); the hub\'s bootstrap syncs `dev-westeurope/` from Git.',
    );
    expect(text).not.toContain('bootstrap/argocd/dev-westeurope/');
    expect(guide(noGitops(remote(exampleConfig())))).toContain(
      '- `dev-westeurope`: `kubectl --context dev-westeurope apply -f dev-westeurope/`. Its Argo CD Applications are in `application/30-releases.yaml` and deploy to https://dev.example.com:6443 from the hub.',
    );
  });
  test('helm: run each cluster\'s install script', () => {
    const text = guide(withField(exampleConfig(), 'delivery', { mode: 'helm' }));
    expect(section(text, '## Phase 1: the application cluster')).toContain(
      '`./helm/application/install.sh` with the application kube context (kubectl apply -f application/, then the helm upgrade commands).',
    );
    expect(text).toContain('- `dev-westeurope`: `./helm/dev-westeurope/install.sh` with the dev-westeurope kube context (kubectl apply -f dev-westeurope/, then the helm upgrade commands).');
    expect(section(text, '### Application cluster')).toContain('- Helm 3.8 or later on the machine that runs install.sh.');
    expect(text).not.toContain('Argo CD in this cluster');
    expect(text).not.toContain('bootstrap/');
  });
  test.each([
    ['flux', '- Flux (source-controller, helm-controller, kustomize-controller) in namespace `flux-system`.'],
    ['k3s', '- The k3s/RKE2 embedded helm-controller.'],
  ])('%s: its controller as a prerequisite in every cluster; apply each folder (flux with gitops: its bootstrap)', (mode, prerequisite) => {
    const text = guide(withField(exampleConfig(), 'delivery', { mode }));
    for (const heading of ['### Application cluster', '### Dev-environment cluster `dev-westeurope`']) expect(section(text, heading)).toContain(prerequisite);
    expect(text).not.toContain('Argo CD in this cluster');
    const phase1 = section(text, '## Phase 1: the application cluster');
    if (mode === 'flux') {
      expect(phase1).toContain('```bash\nkubectl --context application apply -f bootstrap/flux/application/\n```\n\nThe repository is read without credentials (public). For a private one set `gitops.flux.secretName`: this runbook then creates that Secret in every cluster.\n\nEverything after comes from Git: Flux applies `application/` and keeps it in sync.');
      expect(section(guide(noGitops(withField(exampleConfig(), 'delivery', { mode }))), '## Phase 1: the application cluster')).toContain('`kubectl --context application apply -f application/`.');
    } else {
      expect(phase1).toContain('`kubectl --context application apply -f application/`.');
      expect(text).toContain('- `dev-westeurope`: `kubectl --context dev-westeurope apply -f dev-westeurope/`.\n');
    }
  });
});

describe('which secrets must exist, per source', () => {
  test('keyVault: the vault, every secret name, and the identity that reads them (a federated credential per cluster and reader)', () => {
    const text = guide(allReleases(exampleConfig()));
    expect(section(text, '### Application cluster')).toContain(
      '- External Secrets Operator, and these secrets in Key Vault `https://codecanvas-kv.vault.azure.net/`: `codecanvas-db-password`, `codecanvas-master-secret`, `dev-westeurope-jump-jwt-private-key`, `dev-westeurope-jump-ssh-host-key`, `dev-westeurope-operator-jwt-private-key`',
    );
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).toContain('- External Secrets Operator (the jump and operator Secrets come from Key Vault), logging in as managed identity `2d7e9a41-5b3c-4f6d-8e1a-0c9b8a7f6e5d`: its federated credential and role assignments are below.');
    expect(text).toMatch(/- The application's Key Vault identity \(client ID `[0-9a-f-]{36}`\) has \*Key Vault Secrets User\* on the application's secrets \(federated credentials and role assignments: below\)\./);
    // The federated credentials are listed with real subjects, one per cluster and reader service account: synth
    // passes the readers it built to the guide, so check the INSTALL.md synth writes.
    const loaded = { ...loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml')), config: parseConfig(allReleases(exampleConfig())) };
    const written = synthesize(loaded, { env: fakeSecretEnv(['dev-westeurope']) }).files.find((f) => f.path === 'INSTALL.md')!.content;
    const rows = written.split('\n').filter((l) => l.includes('codecanvas-key-vault-reader'));
    expect(rows).toEqual([
      expect.stringMatching(/^\| `application` \| `system:serviceaccount:codecanvas:codecanvas-key-vault-reader` \| `[0-9a-f-]{36}` \| Key Vault/),
      expect.stringMatching(/^\| `dev-westeurope` \| `system:serviceaccount:cc-sys:codecanvas-key-vault-reader` \| `[0-9a-f-]{36}` \| Key Vault/),
    ]);
  });
  test('env: the variables, and the default names', () => {
    const text = guide(withField(withField(env(exampleConfig()), 'objectStorage.auth', 'accountKey'), 'localAdministrator.setPassword', true));
    expect(text).toContain(
      '- Plain Secrets were written from the environment variables `CODECANVAS_DB_PASSWORD`, `CODECANVAS_MASTER_SECRET`, `CODECANVAS_STORAGE_ACCOUNT_KEY`, `CODECANVAS_ADMIN_PASSWORD`, `DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`, `DEV_WESTEUROPE_JUMP_SSH_HOST_KEY`, `DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY` (default names: CODECANVAS_DB_PASSWORD, CODECANVAS_MASTER_SECRET, CODECANVAS_STORAGE_ACCOUNT_KEY, CODECANVAS_ADMIN_PASSWORD).',
    );
  });
  test('sealedSecrets: the controller in every cluster, and the variables that were sealed', () => {
    const text = guide(allReleases(sealed(exampleConfig())));
    expect(section(text, '### Application cluster')).toContain(
      '- The sealed-secrets controller; this cluster\'s Secrets are sealed with `cert.pem` (`secrets.sealedSecrets.certificateFile`), its certificate: `kubeseal --context application --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > cert.pem` before synth.\n- Sealed at synth time from: `CODECANVAS_DB_PASSWORD`, `CODECANVAS_MASTER_SECRET`, `DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`, `DEV_WESTEUROPE_JUMP_SSH_HOST_KEY`, `DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY`.',
    );
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).toContain('- The sealed-secrets controller; this cluster\'s Secrets are sealed with `cert.pem` (`secrets.sealedSecrets.certificateFile`), its certificate: `kubeseal --context dev-westeurope --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > cert.pem` before synth. This cluster shares that file with the application cluster, so its controller must hold the same key pair');
  });
});

describe('login and overview', () => {
  test('the admin logs in without a set password (found in the app log; no release notes exist), or (setPassword) with the one the user set', () => {
    // Issue 11: the chart has no NOTES.txt, so "release notes printed after install" was wrong for every mode.
    const generated = guide(exampleConfig());
    expect(generated).toContain('Open https://codecanvas.example.com and log in as `admin`. No password was set (`localAdministrator.setPassword: false`). The chart does not generate one and prints no notes (it has no NOTES.txt)');
    expect(generated).toContain('Look for the generated password in the first application pod\'s log (`kubectl --context application -n codecanvas logs deploy/codecanvas-app | grep -i password`');
    expect(generated).not.toContain('release notes');
    const set = guide(withField(withField(sealed(exampleConfig()), 'localAdministrator.setPassword', true), 'secrets.allowPlaintextSecrets', true));
    expect(set).toContain(
      'Open https://codecanvas.example.com and log in as `admin`. The password is the secret source\'s `CODECANVAS_ADMIN_PASSWORD`, written into the chart values under the plaintext opt-in; the chart stores it in Secret `spaceport-app-secret`; read it back with `kubectl --context application -n codecanvas get secret spaceport-app-secret -o jsonpath=\'{.data.appSecret}\' | base64 -d`',
    );
    expect(set).not.toContain('No password was set');
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
      '    dev0rs[/"Secret codecanvas-relay-secret"/]',
      '    dev0jump["jump server"]',
      '    dev0js[/"Secret codecanvas-jump-secret"/]',
      `  dev0op -->|"https://computeservice.${domain}"| cc`,
      `  users -->|"https://gateway.${domain}"| dev0relay`,
      // Issue 11: the jump server is reached on a NodePort by default (the chart's Service), not on a fixed port.
      '  users -->|"SSH &lt;node IP&gt;:&lt;node port&gt; (NodePort)"| dev0jump',
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

describe('which phases and steps appear, per dev cluster', () => {
  const bare = (c: Record<string, any>, i = 0) =>
    withField(withField(withField(c, `devEnvironmentClusters.${i}.relay.enabled`, false), `devEnvironmentClusters.${i}.jump`, { enabled: false }), `devEnvironmentClusters.${i}.operator`, { enabled: false });
  test('no dev cluster: no current state, nothing for dev clusters in phase 1, no phase 2 or 3', () => {
    const text = guide(withField(exampleConfig(), 'devEnvironmentClusters', []));
    expect(text).not.toContain('Current state:');
    expect(text).not.toContain('Each dev-environment cluster can be installed');
    expect(text).not.toContain('No dev-environment cluster has');
    expect(text).not.toContain('## Phase 2');
  });
  test('a dev cluster with no relay, jump server or operator: phase 1 only, and the guide says there is nothing to create or fill in', () => {
    const text = guide(bare(exampleConfig()));
    expect(text).toContain('Current state: every dev-environment cluster has its instance IDs; this output installs everything (phase 3 done).');
    expect(text).toContain('Each dev-environment cluster can be installed in phase 1 as far as the output goes now (its namespaces, StorageClasses and VolumeSnapshotClasses):');
    expect(text).toContain('No dev-environment cluster has a relay, jump server or operator enabled, so there is nothing to create in CodeCanvas (phase 2) or fill in (phase 3).');
    expect(text).not.toContain('## Phase 2');
    expect(text).not.toContain('## Phase 3');
    // Without a jump server or operator it needs no secrets controller.
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).not.toContain('External Secrets Operator');
  });
  test('phase 1 names only the parts some dev cluster has: the relay when one is on, each release of phase 3 that one has', () => {
    const intro = (c: Record<string, any>) => guide(c).split('\n').find((l) => l.startsWith('Each dev-environment cluster can be installed in phase 1'));
    const phase1 = (parts: string) => `Each dev-environment cluster can be installed in phase 1 as far as the output goes now (${parts}):`;
    const off = (c: Record<string, any>, what: 'relay' | 'jump' | 'operator') =>
      what === 'relay' ? withField(c, 'devEnvironmentClusters.0.relay.enabled', false) : withField(c, `devEnvironmentClusters.0.${what}`, { enabled: false });
    const only = (what: 'relay' | 'jump' | 'operator') => (['relay', 'jump', 'operator'] as const).filter((w) => w !== what).reduce(off, exampleConfig());
    expect(intro(only('relay'))).toBe(phase1('its namespaces, StorageClasses, VolumeSnapshotClasses and relay'));
    expect(intro(only('jump'))).toBe(phase1('its namespaces, StorageClasses and VolumeSnapshotClasses; its jump server once its ID is in the config, phase 3'));
    expect(intro(only('operator'))).toBe(phase1('its namespaces, StorageClasses and VolumeSnapshotClasses; its operator once its ID is in the config, phase 3'));
    // The parts of two clusters add up: one with the relay and operator, the other with the jump server.
    const split = withField(off(exampleConfig(), 'jump'), 'devEnvironmentClusters.1', { name: 'dev-b', jump: { enabled: true, instanceId: 'j' } });
    expect(intro(split)).toBe(phase1('its namespaces, StorageClasses, VolumeSnapshotClasses and relay; its jump server and operator once their IDs are in the config, phase 3'));
  });
  test('a second, bare dev cluster next to a full one: phase 2 says there is nothing to create for it; phase 3 and the checks leave it out', () => {
    const text = guide(withField(exampleConfig(), 'devEnvironmentClusters.1', { name: 'dev-b' }));
    expect(section(text, '## Phase 2: in CodeCanvas')).toContain(
      '`dev-b` has no relay, jump server or operator enabled: nothing to create for it in CodeCanvas (a Computing Platform connection needs its operator).',
    );
    expect(section(text, '## Phase 2: in CodeCanvas')).not.toContain('### `dev-b`');
    expect(text).toContain('a Computing Platform connection needs its operator).\n\n## Phase 3: fill in the IDs, synthesize, commit\n');
    const phase3 = section(text, '## Phase 3: fill in the IDs, synthesize, commit');
    expect(phase3).toContain('devEnvironmentClusters:\n  - name: "dev-westeurope"\n    jump: { instanceId: "jump-dev-westeurope" }\n    operator: { instanceId: "platform-dev-westeurope" }\n```');
    expect(phase3).toContain('# dev-westeurope\nkubectl --context dev-westeurope -n codecanvas-system get pods\n');
    expect(phase3).not.toContain('# dev-b');
    expect(phase3).not.toContain('`dev-b`: The operator');
    expect(phase3).toContain('`dev-westeurope`: The operator is part of this folder');
  });
  test('three dev clusters, two with a NodePort jump server and one with only the relay: the plural, and only the first two read keys', () => {
    // (the relay-only cluster reads no secret: its key pair's public half is in the config, its private half goes into CodeCanvas in phase 2)
    const relayOnly = { name: 'dev-c', relay: { ...exampleConfig().devEnvironmentClusters[0].relay, hostname: 'gateway-c.codecanvas.example.com' } };
    const three = withField(withField(exampleConfig(), 'devEnvironmentClusters.1', { name: 'dev-b', jump: { enabled: true } }), 'devEnvironmentClusters.2', relayOnly);
    const nodePort = 'in CodeCanvas, set the SSH address of the jump server of `dev-westeurope` and `dev-b` to a node address users can reach';
    expect(section(guide(three), '## Phase 3: fill in the IDs, synthesize, commit')).toContain(`Now the jump Services exist: ${nodePort}`);
    // Key Vault: a federated credential for the reader of each cluster with a jump server or operator, none for dev-c.
    const readers = guide(three).split('\n').filter((l) => l.includes('codecanvas-key-vault-reader'));
    expect(readers.map((l) => l.split(' | ')[0])).toEqual(['| `dev-westeurope`', '| `dev-b`']);
    // Sealed Secrets: synth reads their keys from the environment; only those two clusters have them to read back.
    const get = (cluster: string) => `\`kubectl --context ${cluster} -n codecanvas-system get secret codecanvas-generated-keys -o jsonpath='{.data.<KEY>}' | base64 -d\``;
    expect(section(guide(sealed(three)), '## Phase 3: fill in the IDs, synthesize, commit')).toContain(
      '`DEV_B_JUMP_JWT_PRIVATE_KEY`, `DEV_B_JUMP_SSH_HOST_KEY`. With `keys --format sealed`, read them back from each dev cluster\'s Secret `codecanvas-generated-keys` into the variables of the same names: ' +
        `${get('dev-westeurope')}, ${get('dev-b')}.\n`,
    );
  });
  test('the environment as secret source, a dev cluster with only the relay: phase 3 has no keys to put in the environment', () => {
    const relayOnly = env(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.jump', { enabled: false }), 'devEnvironmentClusters.0.operator', { enabled: false }));
    const phase3 = section(guide(relayOnly), '## Phase 3: fill in the IDs, synthesize, commit');
    expect(phase3).toContain('codecanvas-cdk8s synth --config examples/test.yaml --out dist');
    expect(phase3).not.toContain('Synth writes');
    expect(section(guide(env(exampleConfig())), '## Phase 3: fill in the IDs, synthesize, commit')).toContain(
      'Synth writes the jump and operator Secrets now, from its environment, as in phase 1 (`set -a; . <keys folder>/secrets.env; set +a`, with `CODECANVAS_DB_PASSWORD`): `DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY`, `DEV_WESTEUROPE_JUMP_SSH_HOST_KEY`, `DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY`.\n',
    );
  });
  test('operator only, ID pending: one connection step (no relay or jump server named), its placeholder in phase 3, only the pods to check', () => {
    const text = guide(withField(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.relay.enabled', false), 'devEnvironmentClusters.0.jump', { enabled: false }), 'devEnvironmentClusters.0.operator.instanceId', undefined));
    expect(text).toContain(
      'Current state: `dev-westeurope` has no instance IDs yet, so this output leaves out its jump server and/or operator (synth printed one warning per release left out). Do phase 2 and 3 for it.',
    );
    const phase2 = section(text, '## Phase 2: in CodeCanvas');
    expect(phase2).toContain('### `dev-westeurope`\n\n1. **Computing Platform connection**: Administration → Computing Platforms → New connection. Name `dev-westeurope`, Kubernetes namespace `codecanvas-devenv` created above. Save, then open the connection.');
    expect(phase2).not.toMatch(/Relay server|Jump server/);
    const phase3 = section(text, '## Phase 3: fill in the IDs, synthesize, commit');
    expect(phase3).toContain('devEnvironmentClusters:\n  - name: "dev-westeurope"\n    operator: { instanceId: "<connection instance ID from phase 2>" }\n```');
    expect(phase3).toContain('# dev-westeurope\nkubectl --context dev-westeurope -n codecanvas-system get pods\n```');
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).toContain('- External Secrets Operator (the jump and operator Secrets come from Key Vault), logging in as managed identity `2d7e9a41-5b3c-4f6d-8e1a-0c9b8a7f6e5d`: its federated credential and role assignments are below.');
  });
  test('jump server only, ID pending: its step and placeholder, no connection step; relay and operator together number 1 and 2', () => {
    const jumpOnly = withField(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.relay.enabled', false), 'devEnvironmentClusters.0.operator', { enabled: false }), 'devEnvironmentClusters.0.jump.instanceId', undefined);
    const text = guide(jumpOnly);
    expect(text).toContain('Current state: `dev-westeurope` has no instance IDs yet');
    const phase2 = section(text, '## Phase 2: in CodeCanvas');
    expect(phase2).toContain('### `dev-westeurope`\n\n1. **Jump server**: SSH address `<node IP>:<node port>`');
    expect(phase2).not.toContain('Computing Platform connection**');
    const phase3 = section(text, '## Phase 3: fill in the IDs, synthesize, commit');
    expect(phase3).toContain('devEnvironmentClusters:\n  - name: "dev-westeurope"\n    jump: { instanceId: "<jump server ID from phase 2>" }\n```');
    expect(section(text, '### Dev-environment cluster `dev-westeurope`')).toContain('- External Secrets Operator (the jump and operator Secrets come from Key Vault), logging in as managed identity `2d7e9a41-5b3c-4f6d-8e1a-0c9b8a7f6e5d`: its federated credential and role assignments are below.');
    const relayAndOperator = guide(withField(exampleConfig(), 'devEnvironmentClusters.0.jump', { enabled: false }));
    expect(relayAndOperator).toContain('\n2. **Computing Platform connection**: Administration → Computing Platforms → New connection. Name `dev-westeurope`, Kubernetes namespace `codecanvas-devenv`, the relay server created above.');
    expect(relayAndOperator).not.toContain('Nothing to create');
    expect(guide(exampleConfig())).toContain('Kubernetes namespace `codecanvas-devenv`, the relay server and the jump server created above.');
  });
  test('pending instance IDs: the current state names every cluster without them (singular and plural), for a missing jump or operator ID', () => {
    const noOperatorId = guide(withField(exampleConfig(), 'devEnvironmentClusters.0.operator.instanceId', undefined));
    expect(noOperatorId).toContain('Current state: `dev-westeurope` has no instance IDs yet, so this output leaves out its jump server and/or operator');
    const noJumpId = guide(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.instanceId', undefined));
    expect(noJumpId).toContain('Current state: `dev-westeurope` has no instance IDs yet, so this output leaves out its jump server and/or operator');
    const two = withField(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.instanceId', undefined), 'devEnvironmentClusters.1', { name: 'dev-b', jump: { enabled: true } });
    expect(guide(two)).toContain('Current state: `dev-westeurope`, `dev-b` have no instance IDs yet, so this output leaves out its jump server and/or operator');
  });
  test('jump SSH through a LoadBalancer: internal by default, public when set, with the ExternalDNS name when given', () => {
    const lb = (ssh: Record<string, any>) => section(guide(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.ssh', ssh)), '### Dev-environment cluster `dev-westeurope`');
    expect(lb({ type: 'LoadBalancer' })).toContain('- Jump SSH through an internal Azure load balancer on port 63101.\n');
    expect(lb({ type: 'LoadBalancer', loadBalancer: 'public', hostname: 'ssh.example.com' })).toContain(
      '- Jump SSH through a public Azure load balancer on port 63101; ExternalDNS publishes `ssh.example.com`.\n',
    );
  });
  test('the relay enabled on the application cluster: its DNS name is a prerequisite and is checked in phase 1', () => {
    const text = guide(withField(exampleConfig(), 'relay.enabled', true));
    expect(section(text, '### Application cluster')).toContain(
      '- DNS (ExternalDNS or records) for `codecanvas.example.com` and `computeservice.codecanvas.example.com` and `gateway.codecanvas.example.com` (the bundled relay), pointing at that ingress controller.',
    );
    expect(section(text, '## Phase 1: the application cluster')).toContain('nslookup computeservice.codecanvas.example.com\nnslookup gateway.codecanvas.example.com\n```');
    const off = guide(exampleConfig());
    expect(section(off, '### Application cluster')).toContain('- DNS (ExternalDNS or records) for `codecanvas.example.com` and `computeservice.codecanvas.example.com`, pointing at that ingress controller.');
    expect(section(off, '## Phase 1: the application cluster')).toContain('nslookup computeservice.codecanvas.example.com\n```');
  });
});

describe('mode-specific lines', () => {
  test('flux with gitops: the Git credentials Secret and the Kustomizations waited for; argocd never mentions them', () => {
    const gitopsFlux = (c: Record<string, any>) => withField(c, 'gitops.flux', { secretName: 'git-creds', dependsOn: ['cert-manager', 'eso'] });
    const flux = section(guide(gitopsFlux(withField(exampleConfig(), 'delivery', { mode: 'flux' }))), '## Phase 1: the application cluster');
    expect(flux).toContain('flux --context application create secret git git-creds --namespace flux-system --url=https://github.com/example-org/codecanvas-platform.git \\\n  --username="$GIT_USERNAME" --password="$GIT_TOKEN"\nkubectl --context application apply -f bootstrap/flux/application/');
    expect(flux).toContain('Every cluster\'s GitRepository reads the repository with Secret `flux-system/git-creds` (`gitops.flux.secretName`)');
    expect(flux).toContain('The prerequisites layer waits for the Flux Kustomizations `cert-manager`, `eso` (cert-manager, secrets controller).');
    // With argocd the Flux-only settings are refused rather than ignored (lib/config/mode-rules.ts), and the guide never mentions Flux's.
    expect(checkConfig(gitopsFlux(exampleConfig())).map((i) => i.path)).toEqual(['gitops.flux.secretName', 'gitops.flux.dependsOn']);
    const argocd = guide(exampleConfig());
    expect(argocd).not.toContain('Flux reads the repository');
    expect(argocd).not.toContain('prerequisites layer waits');
  });
  test.each(['k3s', 'helm'])('%s with a gitops section (unused, a warning): no Git credential to create, even with gitops.flux.secretName', (mode) => {
    const text = guide(withField(withField(exampleConfig(), 'delivery', { mode }), 'gitops.flux', { secretName: 'git-creds' }));
    expect(text).toContain('Each dev-environment cluster can be installed in phase 1 as far as the output goes now (its namespaces, StorageClasses, VolumeSnapshotClasses and relay; its jump server and operator once their IDs are in the config, phase 3):\n');
    expect(text).not.toContain('Git credential');
    expect(text).not.toContain('create secret');
  });
  test('without a set password, the guide says where setPassword takes it from: in flux mode a Secret', () => {
    expect(guide(withField(exampleConfig(), 'delivery', { mode: 'flux' }))).toContain('before the first install so the password is one you chose (Flux reads it from a Secret).');
    expect(guide(exampleConfig())).toContain('(with Key Vault secrets that needs delivery.mode flux: argocd can pass it only inside the chart values, which cannot come from Key Vault).');
  });
  test('a release name without the chart name: the app Deployment is <release>-codecanvas-app in the login hint and the Argo CD note', () => {
    const text = guide(withField(exampleConfig(), 'application.releaseName', 'cc'));
    expect(text).toContain('(`kubectl --context application -n codecanvas logs deploy/cc-codecanvas-app | grep -i password`;');
    expect(text).toContain('in Secret `cc-codecanvas-app-envs` on every render');
    expect(text).toContain('kubectl --context application -n codecanvas rollout restart deployment cc-codecanvas-app\n');
  });
  test('helm: a dev cluster with some Helm release gets install.sh; one with none is applied with kubectl', () => {
    const helm = (c: Record<string, any>) => withField(c, 'delivery', { mode: 'helm' });
    const relayOnly = withField(withField(exampleConfig(), 'devEnvironmentClusters.0.jump', { enabled: false }), 'devEnvironmentClusters.0.operator', { enabled: false });
    expect(guide(helm(relayOnly))).toContain('- `dev-westeurope`: `./helm/dev-westeurope/install.sh` with the dev-westeurope kube context (kubectl apply -f dev-westeurope/, then the helm upgrade commands).');
    const none = withField(withField(relayOnly, 'devEnvironmentClusters.0.relay.enabled', false), 'gitops', undefined);
    expect(guide(helm(none))).toContain('- `dev-westeurope`: `kubectl --context dev-westeurope apply -f dev-westeurope/` (no Helm release in this cluster yet, so no install.sh).');
  });
  test('flux without gitops: a dev cluster is applied with kubectl (no hub); an Argo CD destination server is refused, not ignored', () => {
    const flux = withField(withField(exampleConfig(), 'gitops', undefined), 'delivery', { mode: 'flux' });
    const text = guide(flux);
    expect(text).toContain('- `dev-westeurope`: `kubectl --context dev-westeurope apply -f dev-westeurope/`.\n');
    expect(text).not.toContain('from the hub');
    expect(checkConfig(withField(flux, 'devEnvironmentClusters.0.argocdDestinationServer', 'https://d.example.com:6443')).map((i) => i.path)).toEqual([
      'devEnvironmentClusters[0].argocdDestinationServer',
    ]);
  });
  test('the federated credentials table: the application\'s Blob Storage account only with Workload Identity, plus the readers synth passes', () => {
    const header = '| cluster | subject | managed identity (client ID) | for |\n| --- | --- | --- | --- |\n';
    const wi = guide(exampleConfig());
    // (the dev cluster's Key Vault reader comes from the config: its credential belongs to phase 1, before the output has the reader)
    const devReader = '| `dev-westeurope` | `system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader` | `2d7e9a41-5b3c-4f6d-8e1a-0c9b8a7f6e5d` | Key Vault (External Secrets Operator reads this cluster\'s jump and operator secrets with it) |\n';
    expect(wi).toMatch(/\| --- \| --- \| --- \| --- \|\n\| `application` \| `system:serviceaccount:codecanvas:codecanvas` \| `[0-9a-f-]{36}` \| Blob Storage \(the CodeCanvas application; the chart creates the service account\) \|\n\| `dev-westeurope`/);
    const key = guide(withField(exampleConfig(), 'objectStorage.auth', 'accountKey'));
    expect(key).toContain(`${header}${devReader}\n\`\`\`bash`);
    expect(guide(withField(env(withField(exampleConfig(), 'objectStorage.auth', 'accountKey')), 'secrets.allowPlaintextSecrets', true))).toContain(`${header}\n\`\`\`bash`);
  });
  test('a reader in the config is left out of the table only when synth passed the same one: same cluster, namespace and name', () => {
    const config = parseConfig(withField(exampleConfig(), 'objectStorage.auth', 'accountKey'));
    const other = { cluster: 'dev-westeurope', clientId: '11111111-2222-4333-8444-555555555555', purpose: 'Key Vault (something else)' };
    const serviceAccounts = [
      { ...other, namespace: 'tools', name: 'codecanvas-key-vault-reader' },
      { ...other, namespace: 'codecanvas-system', name: 'tools-reader' },
    ];
    const rows = installGuide(config, 'c.yaml', { serviceAccounts }).split('\n').filter((l) => l.startsWith('| `dev-westeurope`'));
    expect(rows.map((l) => l.split(' | ')[1])).toEqual([
      '`system:serviceaccount:tools:codecanvas-key-vault-reader`',
      '`system:serviceaccount:codecanvas-system:tools-reader`',
      '`system:serviceaccount:codecanvas-system:codecanvas-key-vault-reader`',
    ]);
  });
});

describe('the command INSTALL.md tells users to run', () => {
  // The package name is not published on the npm registry: `npx codecanvas-cdk8s` outside the clone would fetch and
  // run whatever someone publishes under it, with the user's secrets in its environment.
  test.each(['aks.yaml', 'flux-sealed-secrets.yaml', 'three-clusters.yaml'])('examples/%s: installed from the package file of this version, never run through npx', (file) => {
    const loaded = loadConfigFile(path.join(ROOT, 'examples', file));
    const text = synthesize(loaded, { env: fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name)) }).files.find((f) => f.path === 'INSTALL.md')!.content;
    const version = JSON.parse(require('fs').readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(text).toContain(`\`npm install -g ./codecanvas-cdk8s-${version}.tgz\``);
    expect(text).not.toMatch(/npx codecanvas-cdk8s (synth|keys|diff|validate|preflight|plan|upgrade-check)/);
    expect(text).toMatch(/^codecanvas-cdk8s synth --config /m);
  });

  test('the install line is left out when the guide is made without a tool version (the library function alone)', () => {
    expect(guide(exampleConfig())).not.toContain('npm install -g');
  });
});

describe('the vendor guide\'s steps and every command per cluster', () => {
  test.each([['aks.yaml'], ['three-clusters.yaml'], ['flux-sealed-secrets.yaml']])('examples/%s: every kubectl command names its cluster\'s context', (file) => {
    const loaded = loadConfigFile(path.join(ROOT, 'examples', file));
    const text = synthesize(loaded, { env: fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name)) }).files.find((f) => f.path === 'INSTALL.md')!.content;
    const clusters = ['application', ...loaded.config.devEnvironmentClusters.map((c) => c.name)];
    const commands = text.match(/kubectl [^`\n]*/g) ?? [];
    expect(commands.length).toBeGreaterThan(2);
    for (const command of commands) {
      const context = /--context (\S+)/.exec(command)?.[1];
      expect({ command, context: context !== undefined && clusters.includes(context) }).toEqual({ command, context: true });
    }
    expect(text).toContain(`\`az aks get-credentials --resource-group <resource group> --name <AKS cluster> --context <folder>\``);
  });

  test('the vendor guide\'s requirements: PostgreSQL versions, the master secret, OIDC issuer and Workload Identity, activation', () => {
    const text = guide(exampleConfig());
    expect(text).toContain('Azure Database for PostgreSQL 12.2 to 15.12');
    expect(text).toMatch(/master secret .*losing it loses access to all of that data/s);
    expect(text).toContain('--enable-oidc-issuer --enable-workload-identity');
    expect(text).toMatch(/Then activate the instance/);
    // A dev cluster that reads nothing from Key Vault runs no federated pod: no Workload Identity step for it.
    const envText = guide(env(exampleConfig()));
    expect(section(envText, '### Dev-environment cluster `dev-westeurope`')).not.toContain('--enable-workload-identity');
  });

  test('a NodePort jump server: phase 2 asks for no address that cannot exist yet; phase 3 says where to set the real one', () => {
    const text = guide(withField(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.instanceId', undefined), 'devEnvironmentClusters.0.operator.instanceId', undefined));
    const phase2 = section(text, '## Phase 2: in CodeCanvas');
    expect(phase2).toMatch(/the node port is only known once phase 3 creates the Service `codecanvas-system\/codecanvas-jump-ssh`, so enter a provisional address now/);
    const phase3 = section(text, '## Phase 3: fill in the IDs, synthesize, commit');
    expect(phase3).toContain('Now the jump Service exists: in CodeCanvas, set the SSH address of the jump server of `dev-westeurope`');
    // With a LoadBalancer and a host name the address is known in phase 2, and nothing is left to correct.
    const lb = guide(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.ssh', { type: 'LoadBalancer', hostname: 'ssh.dev.example.com' }));
    expect(section(lb, '## Phase 2: in CodeCanvas')).toContain('SSH address `ssh.dev.example.com:63101`');
    expect(lb).not.toContain('set the SSH address of the jump server');
  });
});

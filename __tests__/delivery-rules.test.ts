// The rules that only the built output used to reveal, now config rules: the exact lines, and where they do not apply.
import { formatIssue } from '../lib/config/errors';
import { checkConfig } from '../lib/config/load';
import { ENV_PLAINTEXT_REMEDY } from '../lib/util/secret-text';
import { exampleConfig, withField } from './helpers';

const messages = (raw: unknown, options = {}) => checkConfig(raw, undefined, options).map(formatIssue);
const KEY = exampleConfig().devEnvironmentClusters[0].relay.jwtPublicKey as string;
const set = (raw: Record<string, any>, ...fields: [string, unknown][]) => fields.reduce((c, [f, v]) => withField(c, f, v), raw);

describe('Argo CD Application names, per Argo CD instance', () => {
  test('a dev cluster with its own Argo CD: its relay and jump server with one release name clash there', () => {
    expect(messages(set(exampleConfig(), ['devEnvironmentClusters.0.jump.releaseName', 'codecanvas-relay']))).toEqual([
      'devEnvironmentClusters[0].jump.releaseName: is "codecanvas-relay"; makes the Argo CD Application name "dev-westeurope-codecanvas-relay" (the jump of cluster dev-westeurope), ' +
        'which the relay of cluster dev-westeurope already has (devEnvironmentClusters[0].name): Applications of one Argo CD need different names; rename one of them',
    ]);
  });

  test('a release named like the cluster\'s bootstrap Application clashes in that cluster\'s Argo CD', () => {
    expect(messages(set(exampleConfig(), ['devEnvironmentClusters.0.name', 'codecanvas'], ['devEnvironmentClusters.0.relay.releaseName', 'bootstrap']))).toEqual([
      'devEnvironmentClusters[0].relay.releaseName: is "bootstrap"; makes the Argo CD Application name "codecanvas-bootstrap" (the relay of cluster codecanvas), ' +
        'which the bootstrap already has (gitops): Applications of one Argo CD need different names; rename one of them',
    ]);
    // Without gitops there is no bootstrap, so no clash.
    expect(messages(set(exampleConfig(), ['devEnvironmentClusters.0.name', 'codecanvas'], ['devEnvironmentClusters.0.relay.releaseName', 'bootstrap'], ['gitops', undefined]))).toEqual([]);
    // Nor with an empty gitops: (YAML null), which is its own problem.
    const emptyGitops = set(exampleConfig(), ['devEnvironmentClusters.0.name', 'codecanvas'], ['devEnvironmentClusters.0.relay.releaseName', 'bootstrap'], ['gitops', null]);
    expect(messages(emptyGitops)).toEqual([expect.stringMatching(/^gitops: is null; /)]);
  });

  test('with gitops, the hub holds the bootstrap and the application cluster folder\'s Applications; without, it does not', () => {
    expect(messages(set(exampleConfig(), ['application.releaseName', 'codecanvas-application']))).toEqual([
      'application.releaseName: is "codecanvas-application"; makes the Argo CD Application name "codecanvas-application" (the application release), ' +
        'which the application cluster folder already has (gitops): Applications of one Argo CD need different names; rename one of them',
    ]);
    for (const name of ['codecanvas-application', 'codecanvas-bootstrap']) {
      expect(messages(set(exampleConfig(), ['application.releaseName', name], ['gitops', undefined]))).toEqual([]);
    }
  });

  test('two dev clusters with their own Argo CDs may repeat names; registered in the hub they may not', () => {
    const two = (hub: boolean) =>
      set(exampleConfig(), [
        'devEnvironmentClusters',
        [
          { name: 'dev', argocdDestinationServer: hub ? 'https://a.example.com' : undefined, relay: { enabled: true, releaseName: 'b-relay', jwtPublicKey: KEY } },
          { name: 'dev-b', argocdDestinationServer: hub ? 'https://b.example.com' : undefined, relay: { enabled: true, releaseName: 'relay', hostname: 'relay-b.codecanvas.example.com', jwtPublicKey: KEY } },
        ],
      ]);
    expect(messages(two(false))).toEqual([]);
    expect(messages(two(true))).toEqual([
      'devEnvironmentClusters[1].relay.releaseName: is "relay"; makes the Argo CD Application name "dev-b-relay" (the relay of cluster dev-b), ' +
        'which the relay of cluster dev already has (devEnvironmentClusters[0].relay.releaseName): Applications of one Argo CD need different names; rename one of them',
    ]);
  });

  test('a dev cluster registered in the hub: its folder\'s bootstrap Application is one of the hub\'s names', () => {
    const raw = set(exampleConfig(), ['application.releaseName', 'codecanvas-dev'], ['devEnvironmentClusters.0.name', 'dev'], ['devEnvironmentClusters.0.argocdDestinationServer', 'https://dev.example.com']);
    expect(messages(raw)).toEqual([
      'devEnvironmentClusters[0].name: is "dev"; makes the Argo CD Application name "codecanvas-dev" (the folder of cluster dev), ' +
        'which the application release already has (application.releaseName): Applications of one Argo CD need different names; rename one of them',
    ]);
    // In its own Argo CD the folder's Application meets no application release.
    expect(messages(set(raw, ['devEnvironmentClusters.0.argocdDestinationServer', undefined]))).toEqual([]);
  });

  test('clusters without a name make no Application names (the missing name is the problem reported)', () => {
    const nameless = set(exampleConfig(), ['devEnvironmentClusters.1', { ...exampleConfig().devEnvironmentClusters[0] }]);
    for (const [a, b] of [[undefined, undefined], ['https://a.example.com', 'https://b.example.com']]) {
      let raw = set(nameless, ['devEnvironmentClusters.0.name', undefined], ['devEnvironmentClusters.1.name', undefined]);
      raw = set(raw, ['devEnvironmentClusters.0.argocdDestinationServer', a], ['devEnvironmentClusters.1.argocdDestinationServer', b]);
      expect(messages(raw)).toEqual(['devEnvironmentClusters[0].name: is required', 'devEnvironmentClusters[1].name: is required']);
    }
  });

  test('the operator is plain manifests in argocd mode: its release name makes no Application', () => {
    expect(messages(set(exampleConfig(), ['devEnvironmentClusters.0.operator.releaseName', 'codecanvas-relay']))).toEqual([]);
  });

  test('other delivery modes have no Applications', () => {
    const flux = set(exampleConfig(), ['delivery', { mode: 'flux' }], ['application.releaseName', 'codecanvas-bootstrap'], ['devEnvironmentClusters.0.operator.image', undefined]);
    expect(messages(flux)).toEqual([]);
  });
});

describe('what the delivery mode can carry', () => {
  test('setPassword: Key Vault needs flux; env and sealed need the opt-in outside flux', () => {
    const raw = set(exampleConfig(), ['localAdministrator.setPassword', true]);
    expect(messages(raw)).toEqual([expect.stringMatching(/^localAdministrator\.setPassword: is true; cannot be used with delivery\.mode argocd and secrets\.source keyVault: /)]);
    const sealed = set(raw, ['secrets', { source: 'sealedSecrets', sealedSecrets: { certificateFile: 'examples/sealed-secrets-cert.pem' } }]);
    expect(messages(sealed)).toEqual([
      'localAdministrator.setPassword: is true; would make delivery.mode argocd write the admin password in plain text into the chart values; ' +
        'set secrets.allowPlaintextSecrets: true to accept that, use delivery.mode flux (valuesFrom a Secret), or set setPassword: false',
    ]);
    expect(messages(set(sealed, ['secrets.allowPlaintextSecrets', true]))).toEqual([]);
    expect(messages(set(raw, ['delivery', { mode: 'flux' }], ['devEnvironmentClusters.0.operator.image', undefined]))).toEqual([]);
  });

  test('without delivery.mode and secrets.source their defaults apply: argocd and keyVault, with the whole rule', () => {
    const raw = set(exampleConfig(), ['localAdministrator.setPassword', true], ['delivery', undefined], ['secrets.source', undefined]);
    expect(messages(raw)).toEqual([
      'localAdministrator.setPassword: is true; cannot be used with delivery.mode argocd and secrets.source keyVault: argocd can only pass the admin password inside the chart values, which cannot come from Key Vault; ' +
        'use delivery.mode flux (valuesFrom a Secret), or set setPassword: false and let the CodeCanvas application generate a password at its first start',
    ]);
  });

  test('the operator chart (Helm modes) takes no autoscaling and needs an image tag; a disabled operator is not checked', () => {
    const digest = `registry.example.com/op@sha256:${'a'.repeat(64)}`;
    const helm = set(exampleConfig(), ['delivery', { mode: 'k3s' }], ['devEnvironmentClusters.0.operator.image', digest], ['devEnvironmentClusters.0.operator.autoscaling', { maxReplicas: 2 }]);
    expect(messages(helm)).toEqual([
      `devEnvironmentClusters[0].operator.image: is "${digest.slice(0, 77)}..."; needs a tag in delivery.mode k3s (the operator chart builds registry/repository:tag)`,
      'devEnvironmentClusters[0].operator.autoscaling: is an object; cannot be used with delivery.mode k3s: it installs the operator chart, whose HorizontalPodAutoscaler is autoscaling/v2beta1 (removed in Kubernetes 1.25); ' +
        'remove autoscaling and set replicas, or use delivery.mode argocd (plain manifests with autoscaling/v2)',
    ]);
    expect(messages(set(helm, ['devEnvironmentClusters.0.operator.enabled', false]))).toEqual([]);
    // An image that is no reference at all has the image rule alone: without a digest, the tag is that rule's to ask for.
    const notAnImage = set(helm, ['devEnvironmentClusters.0.operator.image', 'Not An Image'], ['devEnvironmentClusters.0.operator.autoscaling', undefined]);
    expect(messages(notAnImage)).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.image: is "Not An Image"; must be /)]);
  });

  test('autoscaling minReplicas above maxReplicas, written or by default', () => {
    const at = 'devEnvironmentClusters.0.operator.autoscaling';
    expect(messages(set(exampleConfig(), [at, { minReplicas: 3, maxReplicas: 3 }]))).toEqual([]);
    expect(messages(set(exampleConfig(), [at, { minReplicas: 4, maxReplicas: 3 }]))).toEqual([
      'devEnvironmentClusters[0].operator.autoscaling.maxReplicas: is 3; must be at least minReplicas (4); maxReplicas is 3 when not set',
    ]);
    expect(messages(set(exampleConfig(), [at, { minReplicas: 4 }]))).toEqual([
      'devEnvironmentClusters[0].operator.autoscaling.maxReplicas: missing; must be at least minReplicas (4); maxReplicas is 3 when not set',
    ]);
    expect(messages(set(exampleConfig(), [at, { maxReplicas: 1 }]))).toEqual([]);
  });

  test('secrets.source env needs the plain-text opt-in, which the rule names with what env writes', () => {
    const env = set(exampleConfig(), ['secrets', { source: 'env' }]);
    expect(messages(env)).toEqual([
      'secrets.allowPlaintextSecrets: missing; must be true with secrets.source env, which writes the secret values (the database password, the master secret, the cluster keys) in plain text into Secrets of the output; ' +
        ENV_PLAINTEXT_REMEDY,
    ]);
    expect(messages(set(env, ['secrets.allowPlaintextSecrets', true]))).toEqual([]);
  });

  test('keys and preflight leave these rules out', () => {
    const raw = set(exampleConfig(), ['devEnvironmentClusters.0.relay.jwtPublicKey', undefined], ['secrets', { source: 'env' }]);
    expect(messages(raw)).toHaveLength(2);
    expect(messages(raw, { outputRules: false })).toEqual([]);
  });
});

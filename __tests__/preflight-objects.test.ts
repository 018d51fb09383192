// preflight's checks of the objects our output creates or relies on (namespaces, the Argo CD namespace, the Sealed
// Secrets controller, Secrets and who owns them): each outcome with the exact detail and fix the user reads.
import { checkArgoCdNamespace, checkNamespace, checkSealedSecretsController, checkSecret, ClusterReader, CheckResult, summarize } from '../cli/preflight/checks';
import type { ObjectView } from '../cli/preflight/cluster-reader';

/** A reader that holds `objects` by `kind/namespace/name` (namespace empty for cluster-scoped ones). */
function reader(objects: Record<string, ObjectView>): ClusterReader {
  const get = (key: string) => async () => objects[key];
  return {
    getNamespace: (name: string) => get(`Namespace//${name}`)(),
    getService: (namespace: string, name: string) => get(`Service/${namespace}/${name}`)(),
    getSecret: (namespace: string, name: string) => get(`Secret/${namespace}/${name}`)(),
  } as unknown as ClusterReader;
}

const live: ObjectView = { metadata: { name: 'x' } } as ObjectView;
const deleting: ObjectView = { metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } } as ObjectView;
const terminating: ObjectView = { metadata: { name: 'x' }, status: { phase: 'Terminating' } } as ObjectView;
const active: ObjectView = { metadata: { name: 'x' }, status: { phase: 'Active' } } as ObjectView;
const ownedBy = (kind: string, name: string, annotations?: Record<string, string>): ObjectView =>
  ({ metadata: { name: 'x', ownerReferences: [{ kind: 'Other', name: 'o' }, { kind, name }], ...(annotations ? { annotations } : {}) } }) as unknown as ObjectView;

describe('namespaces', () => {
  test('a namespace of our output: missing is fine, existing is fine, being deleted is not', async () => {
    const title = 'Namespace codecanvas';
    const id = 'namespace:codecanvas';
    expect(await checkNamespace(reader({}), 'codecanvas')).toEqual({ id, title, status: 'pass', detail: 'not there yet; our output creates it' });
    expect(await checkNamespace(reader({ 'Namespace//codecanvas': active }), 'codecanvas')).toEqual({ id, title, status: 'pass', detail: 'exists' });
    for (const ns of [deleting, terminating]) {
      expect(await checkNamespace(reader({ 'Namespace//codecanvas': ns }), 'codecanvas')).toEqual({
        id,
        title,
        status: 'fail',
        detail: 'namespace codecanvas is being deleted (Terminating)',
        fix: 'Wait until kubectl get namespace codecanvas no longer finds it (check its finalizers), then apply the output.',
      });
    }
  });

  test("Argo CD's namespace must exist and not be going away", async () => {
    const base = { id: 'argocd-namespace', title: 'Argo CD namespace gitops' };
    const fix =
      'Install Argo CD into namespace gitops (kubectl create namespace gitops && kubectl apply -n gitops --server-side -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml), or set delivery.argocd.namespace to the namespace Argo CD watches.';
    expect(await checkArgoCdNamespace(reader({}), 'gitops')).toEqual({ ...base, status: 'fail', detail: 'namespace gitops not found: our Application objects go there', fix });
    expect(await checkArgoCdNamespace(reader({ 'Namespace//gitops': terminating }), 'gitops')).toEqual({ ...base, status: 'fail', detail: 'namespace gitops is being deleted (Terminating)', fix });
    expect(await checkArgoCdNamespace(reader({ 'Namespace//gitops': live }), 'gitops')).toEqual({ ...base, status: 'pass', detail: 'exists' });
  });
});

test('the Sealed Secrets controller is found by its Service', async () => {
  const base = { id: 'sealed-secrets-controller', title: 'Sealed Secrets controller' };
  expect(await checkSealedSecretsController(reader({ 'Service/kube-system/sealed': live }), 'kube-system', 'sealed')).toEqual({
    ...base,
    status: 'pass',
    detail: 'Service kube-system/sealed exists',
  });
  expect(await checkSealedSecretsController(reader({}), 'kube-system', 'sealed')).toEqual({
    ...base,
    status: 'fail',
    detail: 'Service kube-system/sealed not found: nothing unseals our SealedSecrets',
    fix:
      'Install the controller (helm upgrade --install sealed-secrets sealed-secrets/sealed-secrets --namespace kube-system --set fullnameOverride=sealed), ' +
      'or set secrets.sealedSecrets.controllerNamespace / controllerName to where it runs; the sealing certificate in the config must come from this controller (kubeseal --fetch-cert).',
  });
});

describe('Secrets, by who writes them', () => {
  const base = { id: 'secret:cc/db', title: 'Secret cc/db' };
  const check = (producer: 'output' | 'externalSecret' | 'sealedSecret', existing?: ObjectView) =>
    checkSecret(reader(existing ? { 'Secret/cc/db': existing } : {}), { namespace: 'cc', name: 'db', producer });

  test('a plain Secret of our output', async () => {
    expect(await check('output')).toEqual({ ...base, status: 'pass', detail: 'not there yet; our output creates it' });
    expect(await check('output', live)).toEqual({ ...base, status: 'pass', detail: 'exists; our output replaces it' });
    expect(await check('output', ownedBy('Deployment', 'd'))).toEqual({ ...base, status: 'pass', detail: 'exists; our output replaces it' });
    for (const kind of ['ExternalSecret', 'SealedSecret']) {
      expect(await check('output', ownedBy(kind, 'old'))).toEqual({
        ...base,
        status: 'warn',
        detail: `exists and is owned by ${kind} old, which will overwrite the plain Secret in our output`,
        fix: `Delete ${kind} cc/old (kubectl delete ${kind.toLowerCase()} -n cc old) before applying, or switch secrets.source back to the source that manages it.`,
      });
    }
  });

  test('a Secret an ExternalSecret of our output writes', async () => {
    expect(await check('externalSecret')).toEqual({ ...base, status: 'pass', detail: 'not there yet; External Secrets Operator creates it from ExternalSecret cc/db in our output' });
    expect(await check('externalSecret', ownedBy('ExternalSecret', 'db'))).toEqual({ ...base, status: 'pass', detail: 'exists, managed by ExternalSecret db' });
    expect(await check('externalSecret', ownedBy('ExternalSecret', 'other'))).toEqual({
      ...base,
      status: 'fail',
      detail: 'exists and is owned by another ExternalSecret (other); External Secrets Operator will refuse to write it for ExternalSecret db',
      fix: 'Delete ExternalSecret cc/other (kubectl delete externalsecret -n cc other), or rename the Secret in the config (database.secretName / objectStorage.secretName).',
    });
    expect(await check('externalSecret', live)).toEqual({
      ...base,
      status: 'warn',
      detail:
        'exists and is not managed by an ExternalSecret (e.g. created by hand as in the install guide); External Secrets Operator takes it over and replaces its data with the Key Vault values',
      fix: 'Make sure Key Vault holds every value (or back it up: kubectl get secret -n cc db -o yaml > db.backup.yaml) before applying the output.',
    });
  });

  test('a Secret a SealedSecret of our output unseals into', async () => {
    expect(await check('sealedSecret')).toEqual({ ...base, status: 'pass', detail: 'not there yet; the Sealed Secrets controller creates it from SealedSecret cc/db in our output' });
    expect(await check('sealedSecret', ownedBy('SealedSecret', 'db'))).toEqual({ ...base, status: 'pass', detail: 'exists, managed by SealedSecret db' });
    expect(await check('sealedSecret', ownedBy('Job', 'j', { 'sealedsecrets.bitnami.com/managed': 'true' }))).toEqual({
      ...base,
      status: 'pass',
      detail: 'exists and is annotated sealedsecrets.bitnami.com/managed=true; the controller takes it over',
    });
    for (const existing of [live, ownedBy('Job', 'j', { 'sealedsecrets.bitnami.com/managed': 'false' })]) {
      expect(await check('sealedSecret', existing)).toEqual({
        ...base,
        status: 'fail',
        detail: 'exists and is not managed by a SealedSecret: the Sealed Secrets controller refuses to overwrite it ("already exists and is not managed by SealedSecret")',
        fix: 'Let the controller take it over: kubectl annotate secret -n cc db sealedsecrets.bitnami.com/managed=true (or delete it) before applying the output.',
      });
    }
  });
});

test('summarize counts each status', () => {
  const r = (status: CheckResult['status']) => ({ id: 'i', title: 't', status, detail: 'd' }) as CheckResult;
  expect(summarize([r('pass'), r('fail'), r('warn'), r('warn'), r('pass'), r('pass')])).toEqual({ pass: 3, fail: 1, warn: 2 });
  expect(summarize([])).toEqual({ pass: 0, fail: 0, warn: 0 });
});

/** Checks of objects the output creates or relies on: namespaces, the Argo CD namespace, Secrets and their owners. */
import { CheckResult, fail, isTerminating, pass, warn } from './check-result';
import { PlannedSecret } from './cluster-plan';
import { ClusterReader, ObjectView } from './cluster-reader';

export async function checkNamespace(reader: ClusterReader, name: string): Promise<CheckResult> {
  const id = `namespace:${name}`;
  const title = `Namespace ${name}`;
  const ns = await reader.getNamespace(name);
  if (!ns) return pass(id, title, `not there yet; our output creates it`);
  if (isTerminating(ns)) {
    return fail(id, title, `namespace ${name} is being deleted (Terminating)`, `Wait until kubectl get namespace ${name} no longer finds it (check its finalizers), then apply the output.`);
  }
  return pass(id, title, `exists`);
}

export async function checkArgoCdNamespace(reader: ClusterReader, name: string): Promise<CheckResult> {
  const id = 'argocd-namespace';
  const title = `Argo CD namespace ${name}`;
  const ns = await reader.getNamespace(name);
  const fix = `Install Argo CD into namespace ${name} (kubectl create namespace ${name} && kubectl apply -n ${name} --server-side -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml), or set delivery.argocd.namespace to the namespace Argo CD watches.`;
  if (!ns) return fail(id, title, `namespace ${name} not found: our Application objects go there`, fix);
  if (isTerminating(ns)) return fail(id, title, `namespace ${name} is being deleted (Terminating)`, fix);
  return pass(id, title, 'exists');
}

export async function checkSealedSecretsController(reader: ClusterReader, namespace: string, name: string): Promise<CheckResult> {
  const id = 'sealed-secrets-controller';
  const title = 'Sealed Secrets controller';
  if (await reader.getService(namespace, name)) return pass(id, title, `Service ${namespace}/${name} exists`);
  return fail(
    id,
    title,
    `Service ${namespace}/${name} not found: nothing unseals our SealedSecrets`,
    `Install the controller (helm upgrade --install sealed-secrets sealed-secrets/sealed-secrets --namespace ${namespace} --set fullnameOverride=${name}), ` +
      'or set secrets.sealedSecrets.controllerNamespace / controllerName to where it runs; the sealing certificate in the config must come from this controller (kubeseal --fetch-cert).',
  );
}

// Stryker disable next-line ArrayDeclaration: a placeholder entry has none of the fields looked for, like no entry.
const owner = (obj: ObjectView, kind: string) => (obj.metadata.ownerReferences ?? []).find((o) => o.kind === kind);

export async function checkSecret(reader: ClusterReader, secret: PlannedSecret): Promise<CheckResult> {
  const { namespace, name, producer } = secret;
  const id = `secret:${namespace}/${name}`;
  const title = `Secret ${namespace}/${name}`;
  const existing = await reader.getSecret(namespace, name);
  switch (producer) {
    case 'output': {
      if (!existing) return pass(id, title, 'not there yet; our output creates it');
      const controller = owner(existing, 'ExternalSecret') ?? owner(existing, 'SealedSecret');
      if (controller) {
        return warn(
          id,
          title,
          `exists and is owned by ${controller.kind} ${controller.name}, which will overwrite the plain Secret in our output`,
          `Delete ${controller.kind} ${namespace}/${controller.name} (kubectl delete ${controller.kind.toLowerCase()} -n ${namespace} ${controller.name}) before applying, or switch secrets.source back to the source that manages it.`,
        );
      }
      return pass(id, title, 'exists; our output replaces it');
    }
    case 'externalSecret': {
      if (!existing) return pass(id, title, `not there yet; External Secrets Operator creates it from ExternalSecret ${namespace}/${name} in our output`);
      const es = owner(existing, 'ExternalSecret');
      if (es?.name === name) return pass(id, title, `exists, managed by ExternalSecret ${name}`);
      if (es) {
        return fail(
          id,
          title,
          `exists and is owned by another ExternalSecret (${es.name}); External Secrets Operator will refuse to write it for ExternalSecret ${name}`,
          `Delete ExternalSecret ${namespace}/${es.name} (kubectl delete externalsecret -n ${namespace} ${es.name}), or rename the Secret in the config (database.secretName / objectStorage.secretName).`,
        );
      }
      return warn(
        id,
        title,
        'exists and is not managed by an ExternalSecret (e.g. created by hand as in the install guide); External Secrets Operator takes it over and replaces its data with the Key Vault values',
        `Make sure Key Vault holds every value (or back it up: kubectl get secret -n ${namespace} ${name} -o yaml > ${name}.backup.yaml) before applying the output.`,
      );
    }
    case 'sealedSecret': {
      if (!existing) return pass(id, title, `not there yet; the Sealed Secrets controller creates it from SealedSecret ${namespace}/${name} in our output`);
      const ss = owner(existing, 'SealedSecret');
      if (ss) return pass(id, title, `exists, managed by SealedSecret ${ss.name}`);
      if (existing.metadata.annotations?.['sealedsecrets.bitnami.com/managed'] === 'true') {
        return pass(id, title, 'exists and is annotated sealedsecrets.bitnami.com/managed=true; the controller takes it over');
      }
      return fail(
        id,
        title,
        'exists and is not managed by a SealedSecret: the Sealed Secrets controller refuses to overwrite it ("already exists and is not managed by SealedSecret")',
        `Let the controller take it over: kubectl annotate secret -n ${namespace} ${name} sealedsecrets.bitnami.com/managed=true (or delete it) before applying the output.`,
      );
    }
  }
}

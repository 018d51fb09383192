/**
 * Checks of what binds a cluster to its secrets: the Key Vault reader ServiceAccount's Workload Identity client ID,
 * and the Sealed Secrets controller's certificate against the one the cluster's output is sealed with.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { MAX_CERTIFICATE_BYTES } from '../../lib/config/load';
import { parseSealingCertificate } from '../../lib/secrets/seal';
import { readTextFile, UnreadableFileError } from '../../lib/util/read-file';
import { shellQuote } from '../../lib/util/shell';
import { APPLICATION_CLUSTER } from '../../lib/util/names';
import { CheckResult, fail, pass } from './check-result';
import { ClusterPlan, KeyVaultReaderPlan } from './cluster-plan';
import { ClusterReader } from './cluster-reader';

export const CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
export const TENANT_ID_ANNOTATION = 'azure.workload.identity/tenant-id';

/**
 * The Key Vault reader ServiceAccount of `cluster`: when it exists, its Workload Identity annotations must name the
 * identity the config gives this cluster (the federated credential and the Key Vault role assignments are for that
 * identity); when it does not, our output creates it so.
 */
export async function checkKeyVaultReader(reader: ClusterReader, cluster: string, sa: KeyVaultReaderPlan): Promise<CheckResult> {
  const at = `${sa.namespace}/${sa.name}`;
  const id = `key-vault-reader:${at}`;
  const title = `Key Vault reader ServiceAccount ${at}`;
  const existing = await reader.getServiceAccount(sa.namespace, sa.name);
  const wanted = `${CLIENT_ID_ANNOTATION} ${sa.clientId} (${sa.clientIdField})`;
  if (!existing) return pass(id, title, `cluster ${cluster}: not there yet; our output creates it annotated ${wanted}`);
  const annotations = existing.metadata.annotations ?? {};
  const differences: string[] = [];
  const live = annotations[CLIENT_ID_ANNOTATION];
  if (live !== sa.clientId) {
    differences.push(
      live === undefined
        ? `has no ${CLIENT_ID_ANNOTATION} annotation, but ${sa.clientIdField} is ${sa.clientId}`
        : `is annotated ${CLIENT_ID_ANNOTATION} ${live}, but ${sa.clientIdField} is ${sa.clientId}`,
    );
  }
  const liveTenant = annotations[TENANT_ID_ANNOTATION];
  if (sa.tenantId !== undefined && liveTenant !== sa.tenantId) {
    differences.push(
      liveTenant === undefined
        ? `has no ${TENANT_ID_ANNOTATION} annotation, but secrets.keyVault.tenantId is ${sa.tenantId}`
        : `is annotated ${TENANT_ID_ANNOTATION} ${liveTenant}, but secrets.keyVault.tenantId is ${sa.tenantId}`,
    );
  }
  if (differences.length === 0) return pass(id, title, `cluster ${cluster}: annotated ${wanted}`);
  const subject = `system:serviceaccount:${sa.namespace}:${sa.name}`;
  return fail(
    id,
    title,
    `cluster ${cluster}: ServiceAccount ${at} ${differences.join('; and ')}: External Secrets Operator logs in to Key Vault as the identity ` +
      'the live annotation names until the output is applied',
    `If ${sa.clientIdField} is the identity this cluster should use, give it a federated credential for ${subject} with this cluster's OIDC issuer ` +
      `and Key Vault Secrets User on the secrets INSTALL.md lists for ${cluster}, then apply the output (it sets the annotation); ` +
      `if the live annotation is right, set ${sa.clientIdField} to ${live ?? '<its client ID>'} and synthesize again.`,
  );
}

/** SHA-256 of a certificate's public key (its DER SubjectPublicKeyInfo), hex: what sealing depends on. */
export function publicKeyFingerprint(certificatePem: string): string {
  const key = parseSealingCertificate(certificatePem).publicKey;
  return crypto.createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * The certificate this cluster's output is sealed with (`plan.sealedSecrets.certificate`, relative to `baseDir`)
 * against the one its controller serves at /v1/cert.pem (as `kubeseal --fetch-cert` reads it). Compared: the RSA
 * public keys (SHA-256 of the DER SubjectPublicKeyInfo), since sealing uses only the public key.
 */
export async function checkSealingCertificate(
  reader: ClusterReader,
  cluster: string,
  sealed: NonNullable<ClusterPlan['sealedSecrets']>,
  baseDir: string,
): Promise<CheckResult> {
  const id = 'sealed-secrets-certificate';
  const title = 'Sealed Secrets certificate';
  const { field, file } = sealed.certificate;
  const service = `${sealed.controllerNamespace}/${sealed.controllerName}`;
  const fetch =
    `kubeseal --context ${shellQuote(cluster)} --controller-namespace ${shellQuote(sealed.controllerNamespace)} ` +
    `--controller-name ${shellQuote(sealed.controllerName)} --fetch-cert > ${shellQuote(file)}`;
  const own = field.startsWith('devEnvironmentClusters[') || cluster === APPLICATION_CLUSTER ? '' : ` (or into a file of its own, named in devEnvironmentClusters[].sealedSecrets.certificateFile of ${cluster})`;
  const refetch = `Fetch this cluster's certificate: ${fetch}${own}, then synthesize again and commit.`;
  let configured: string;
  try {
    configured = readTextFile(path.resolve(baseDir, file), MAX_CERTIFICATE_BYTES);
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: readTextFile throws nothing but UnreadableFileError (lib/util/read-file.ts), so the rethrow is never taken.
    if (!(e instanceof UnreadableFileError)) throw e;
    return fail(id, title, `cluster ${cluster}: ${field} ${file} ${e.reason}`, refetch);
  }
  let mine: string;
  try {
    mine = publicKeyFingerprint(configured);
  } catch (e) {
    return fail(id, title, `cluster ${cluster}: ${field} ${file} ${(e as Error).message}`, refetch);
  }
  const served = await reader.getSealedSecretsCertificate(sealed.controllerNamespace, sealed.controllerName);
  if (served === undefined) {
    return fail(id, title, `cluster ${cluster}: Service ${service} not found, so its certificate cannot be compared with ${field}`, `Install the controller or correct secrets.sealedSecrets.controllerNamespace / controllerName, then: ${refetch}`);
  }
  let theirs: string;
  try {
    theirs = publicKeyFingerprint(served);
  } catch (e) {
    return fail(id, title, `cluster ${cluster}: the controller ${service} serves at /v1/cert.pem what ${(e as Error).message}`, `Check the controller's logs (kubectl --context ${cluster} -n ${sealed.controllerNamespace} logs deploy/${sealed.controllerName}).`);
  }
  if (mine === theirs) return pass(id, title, `cluster ${cluster}: ${field} (${file}) has the public key the controller ${service} serves (SHA-256 ${mine})`);
  return fail(
    id,
    title,
    `cluster ${cluster}: ${field} (${file}) holds a different public key than the controller ${service} serves at /v1/cert.pem ` +
      `(SHA-256 of the public key: configured ${mine}, controller ${theirs}): this controller cannot unseal what synth seals for ${cluster}, ` +
      'unless it still holds the configured key from before a key renewal',
    refetch,
  );
}

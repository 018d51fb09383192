import * as path from 'path';
import type { ResolvedConfig } from '../config/config-types';
import { EnvSecretSource } from '../secrets/env-secret-source';
import { KeyVaultSecretSource } from '../secrets/key-vault-secret-source';
import { SealedSecretSource } from '../secrets/sealed-secret-source';
import { SEALING_KEY_ENV } from '../secrets/seal';
import { ISecretSource } from '../constructs/secret-source';
import { ConfigError } from '../config/errors';
import { MAX_CERTIFICATE_BYTES, readConfigText } from '../config/load';
import { readSealingKey, sealingKeyIssue } from './secret-variables';

/** A dev-environment cluster of the config. */
type DevCluster = ResolvedConfig['devEnvironmentClusters'][number];

/**
 * Client ID of the identity a dev-environment cluster's Key Vault reader logs in as: the cluster's own
 * (`devEnvironmentClusters[].keyVault.clientId`), else the installation's Key Vault identity, else the application's.
 */
export function devKeyVaultClientId(config: ResolvedConfig, cluster: DevCluster): string {
  return cluster.keyVault?.clientId ?? applicationKeyVaultClientId(config);
}

/** Client ID of the identity the application cluster's Key Vault reader logs in as. */
export function applicationKeyVaultClientId(config: ResolvedConfig): string {
  return config.secrets.keyVault?.clientId ?? config.workloadIdentity.clientId;
}

/**
 * The config field that sets the client ID of a cluster's Key Vault reader (see {@link devKeyVaultClientId}): with
 * `index`, that dev-environment cluster's; without, the application cluster's.
 */
export function keyVaultClientIdField(config: ResolvedConfig, index?: number): string {
  if (index !== undefined && config.devEnvironmentClusters[index].keyVault !== undefined) return `devEnvironmentClusters[${index}].keyVault.clientId`;
  return config.secrets.keyVault?.clientId !== undefined ? 'secrets.keyVault.clientId' : 'workloadIdentity.clientId';
}

/** The config field and path of the Sealed Secrets certificate a cluster seals with (its own, else the top-level one). */
export function sealingCertificateFile(config: ResolvedConfig, index?: number): { field: string; file: string } {
  const own = index === undefined ? undefined : config.devEnvironmentClusters[index].sealedSecrets?.certificateFile;
  return own !== undefined
    ? { field: `devEnvironmentClusters[${index}].sealedSecrets.certificateFile`, file: own }
    : { field: 'secrets.sealedSecrets.certificateFile', file: config.secrets.sealedSecrets!.certificateFile };
}

/**
 * Whether dev-environment cluster `index` needs a source of its own: its own Key Vault identity or Sealed Secrets
 * certificate under the matching source. Otherwise it shares the installation's.
 */
export function hasOwnSecretSource(config: ResolvedConfig, index: number): boolean {
  const cluster = config.devEnvironmentClusters[index];
  return (
    (config.secrets.source === 'keyVault' && cluster.keyVault !== undefined) ||
    (config.secrets.source === 'sealedSecrets' && cluster.sealedSecrets !== undefined)
  );
}

/**
 * The secret source the config asks for: the application cluster's, or with `cluster` (an index into
 * devEnvironmentClusters) that dev-environment cluster's, with its own Key Vault identity and Sealed Secrets
 * certificate where it sets them. Relative paths (the sealing certificate) resolve against `baseDir`; `source` names
 * the config in error messages.
 */
export function secretSourceFor(config: ResolvedConfig, baseDir: string, env: NodeJS.ProcessEnv, source = 'config', cluster?: number): ISecretSource {
  const secrets = config.secrets;
  switch (secrets.source) {
    case 'keyVault': {
      const kv = secrets.keyVault!;
      return new KeyVaultSecretSource({
        vaultUrl: kv.vaultUrl,
        clientId: cluster === undefined ? applicationKeyVaultClientId(config) : devKeyVaultClientId(config, config.devEnvironmentClusters[cluster]),
        tenantId: kv.tenantId,
        storeKind: kv.storeKind,
        storeName: kv.storeName,
        serviceAccountName: kv.serviceAccountName,
        refreshInterval: kv.refreshInterval,
      });
    }
    case 'env':
      return new EnvSecretSource({ env, allowPlaintext: secrets.allowPlaintextSecrets });
    case 'sealedSecrets': {
      const sealed = secrets.sealedSecrets!;
      const { field, file } = sealingCertificateFile(config, cluster);
      const certFile = path.resolve(baseDir, file);
      const certificate = readConfigText(source, field, file, MAX_CERTIFICATE_BYTES, certFile);
      const keyText = env[SEALING_KEY_ENV];
      let sealingKey: Buffer | undefined;
      if (keyText !== undefined && keyText !== '') {
        const parsed = readSealingKey(keyText);
        if (typeof parsed === 'string') {
          throw new ConfigError(source, [sealingKeyIssue(parsed)]);
        }
        sealingKey = parsed;
      }
      try {
        return new SealedSecretSource({ certificate, scope: sealed.scope, env, sealingKey });
      } catch (e) {
        throw new ConfigError(source, [
          // Stryker disable next-line Regex: every SealedSecretSource error starts with its class name, so the prefix also matches without "^"
          { path: field, value: file, rule: (e as Error).message.replace(/^SealedSecretSource: [^:]+: /, '') },
        ]);
      }
    }
  }
}

import * as path from 'path';
import type { ResolvedConfig } from '../config/config-types';
import { EnvSecretSource } from '../secrets/env-secret-source';
import { KeyVaultSecretSource } from '../secrets/key-vault-secret-source';
import { SealedSecretSource } from '../secrets/sealed-secret-source';
import { parseSealingKey, SEALING_KEY_ENV } from '../secrets/seal';
import { ISecretSource } from '../constructs/secret-source';
import { ConfigError } from '../config/errors';
import { MAX_CERTIFICATE_BYTES, readConfigText } from '../config/load';

/**
 * The secret source the config asks for. Relative paths (the sealing certificate) resolve against `baseDir`;
 * `source` names the config in error messages.
 */
export function secretSourceFor(config: ResolvedConfig, baseDir: string, env: NodeJS.ProcessEnv, source = 'config'): ISecretSource {
  const secrets = config.secrets;
  switch (secrets.source) {
    case 'keyVault': {
      const kv = secrets.keyVault!;
      return new KeyVaultSecretSource({
        vaultUrl: kv.vaultUrl,
        clientId: kv.clientId ?? config.workloadIdentity.clientId,
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
      const certFile = path.resolve(baseDir, sealed.certificateFile);
      const certificate = readConfigText(source, 'secrets.sealedSecrets.certificateFile', sealed.certificateFile, MAX_CERTIFICATE_BYTES, certFile);
      const keyText = env[SEALING_KEY_ENV];
      let sealingKey: Buffer | undefined;
      if (keyText !== undefined && keyText !== '') {
        const parsed = parseSealingKey(keyText);
        if (typeof parsed === 'string') {
          throw new ConfigError(source, [{ path: `environment variable ${SEALING_KEY_ENV}`, value: '(hidden)', rule: parsed }]);
        }
        sealingKey = parsed;
      }
      try {
        return new SealedSecretSource({ certificate, scope: sealed.scope, env, sealingKey });
      } catch (e) {
        throw new ConfigError(source, [
          // Stryker disable next-line Regex: every SealedSecretSource error starts with its class name, so the prefix also matches without "^"
          { path: 'secrets.sealedSecrets.certificateFile', value: sealed.certificateFile, rule: (e as Error).message.replace(/^SealedSecretSource: [^:]+: /, '') },
        ]);
      }
    }
  }
}

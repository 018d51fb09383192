/**
 * The files a keys run writes: the private files of its format, public.yaml, the public keys for CodeCanvas, and
 * for a sealedSecrets source the sealing key. The format's inputs are checked before any key is made.
 */
import { LoadedConfig } from '../../lib/config/load';
import { ResolvedConfig } from '../../lib/config/schema';
import { envFile, keyVaultFiles, keyVaultName, SealedOptions, sealedFiles, sealedTargets } from './formats';
import { KeyMaterial, privateSecrets } from './generate';
import { KeysFile } from './keys-files';
import { KeysFormat } from './options';
import { publicKeyFiles, publicYaml } from './public-keys';
import { sealingKeyFile } from './sealing-key';

/** A format whose inputs were checked. */
export interface PreparedFormat {
  /** The Key Vault of the keyvault format. */
  readonly vault?: string;
  /** Every file the run writes for `material`. */
  readonly files: (material: KeyMaterial) => KeysFile[];
}

/**
 * Checks the inputs of `format` (the vault name; the sealed format reads the controller certificates through
 * `io.cwd` and the config's folder) and returns what renders its files from the generated material.
 */
export function prepareFormat(
  format: KeysFormat,
  loaded: LoadedConfig,
  options: SealedOptions & { readonly vaultName?: string },
  io: { readonly stderr: (s: string) => void; readonly cwd: string },
  clusters: readonly ResolvedConfig['devEnvironmentClusters'][number][],
): PreparedFormat {
  const config = loaded.config;
  const secretsOf = (material: KeyMaterial) => privateSecrets(material, { includeMasterSecret: !options.skipMasterSecret });
  const withPublic = (render: (material: KeyMaterial) => KeysFile[]) => (material: KeyMaterial): KeysFile[] => {
    const files = [...render(material), { name: 'public.yaml', content: publicYaml(loaded, material), mode: 0o644 }, ...publicKeyFiles(material)];
    // Sealed Secrets: the key that makes synth's sealing reproducible for its holder only (cli/keys/sealing-key.ts).
    if (config.secrets.source === 'sealedSecrets' && !options.skipMasterSecret) files.push(sealingKeyFile());
    return files;
  };
  switch (format) {
    case 'keyvault': {
      const vault = keyVaultName(config, options.vaultName);
      return { vault, files: withPublic((material) => keyVaultFiles(config, secretsOf(material), vault)) };
    }
    case 'env':
      return { files: withPublic((material) => [{ name: 'secrets.env', content: envFile(config, secretsOf(material)), mode: 0o600 }]) };
    case 'sealed': {
      const targets = sealedTargets(loaded, options, io, clusters);
      return { files: withPublic((material) => sealedFiles(config, targets, secretsOf(material))) };
    }
  }
}

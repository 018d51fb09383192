/**
 * Names of the generated key material. They moved to lib/util/names.ts, the one module for the installation's
 * names (charts, output and constructs read them too); re-exported here for the keys command.
 */
export {
  CLUSTER_SECRET_NAMES,
  envVarName,
  GENERATED_KEYS_SECRET_NAME,
  JUMP_SECRET_KEYS,
  JUMP_SECRET_NAME,
  keyVaultSecretName,
  OPERATOR_SECRET_KEYS,
  OPERATOR_SECRET_NAME,
  PUBLIC_KEY_FIELDS,
  RELAY_SECRET_KEYS,
  RELAY_SECRET_NAME,
} from '../util/names';
export type { GeneratedSecretName } from '../util/names';

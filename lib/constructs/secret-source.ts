import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A check that a secret value must pass where the value is visible at synth time (env, sealed). */
export interface ValueRule {
  /** Whether `value` passes. */
  readonly test: (value: string) => boolean;
  /** Phrased to follow the field: "must be ...". */
  readonly rule: string;
}

/** A value that comes from the secret source rather than from the config. */
export interface SecretReference {
  /** Its key in the source: a Key Vault secret name, or an environment variable name. */
  readonly key: string;
  /** The config field that names it, for messages (e.g. `secrets.names.databasePassword`). */
  readonly field: string;
  /**
   * Extra check of the value, run by sources that see values.
   * @default - no check beyond being set
   */
  readonly check?: ValueRule;
}

/** A Kubernetes Secret to make exist: some entries are plain config, others come from the source. */
export interface SecretSpec {
  /** Secret name. */
  readonly name: string;
  /** Secret namespace. */
  readonly namespace: string;
  /**
   * Non-secret entries (host names, account names), written as they are.
   * @default - none
   */
  readonly literals?: Readonly<Record<string, string>>;
  /**
   * Entries whose values the source supplies.
   * @default - none
   */
  readonly secrets?: Readonly<Record<string, SecretReference>>;
  /**
   * What the values are for, in the message when a source cannot read one: for values that end up somewhere
   * other than a Secret of this name (the chart values of a Helm release, for instance).
   * @default - `key <entry> of Secret <namespace>/<name>`
   */
  readonly purpose?: string;
}

/** The kinds of secret source this library has. */
export type SecretSourceKind = 'env' | 'keyVault' | 'sealedSecrets';

/**
 * Where secret values come from, and how a Secret gets into the cluster without (or, with an explicit
 * opt-in, with) its values in the output.
 */
export interface ISecretSource {
  /** Which kind of source this is, for messages and mode-specific decisions. */
  readonly kind: SecretSourceKind;
  /**
   * Creates the object that makes `spec.name` exist in `spec.namespace` under `scope`, with construct id `id`:
   * a Secret, an ExternalSecret or a SealedSecret.
   */
  materialize(scope: Construct, id: string, spec: SecretSpec): ApiObject;
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { plainSecret } from './plain-secret';
import { ISecretSource, SecretSpec } from '../constructs/secret-source';
import { hiddenTextProblem } from '../util/hidden-text';
import { ENV_PLAINTEXT_REMEDY, SAFE_ALTERNATIVES } from '../util/secret-text';

/** Props of {@link EnvSecretSource}. */
export interface EnvSecretSourceProps {
  /**
   * Where values are read.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The explicit opt-in to write secret values in plain text into the output. Without it, every Secret that
   * carries a value fails validation, naming the field and the safe alternatives.
   * @default false
   */
  readonly allowPlaintext?: boolean;
}

/** A field whose value was written in plain text (reported as a warning by the synth). */
export interface PlaintextField {
  /** The config field that names the value. */
  readonly field: string;
  /** The Secret it was written into, as `<namespace>/<name>`. */
  readonly secret: string;
}

/**
 * Why a secret value read from the environment is not what it looks like (the rule of config strings,
 * lib/util/hidden-text.ts), or undefined. A PEM keeps its line breaks; any other value is one line. The sentence
 * names characters by code point and position, never the value.
 */
export function secretValueTextProblem(value: string): string | undefined {
  return hiddenTextProblem(value, /-----BEGIN [A-Z0-9 ]+-----/.test(value) ? 'lines' : 'line', 'secret value');
}

export { SAFE_ALTERNATIVES };

/**
 * Secret values from environment variables at synth time, written as plain Secrets. Missing variables and
 * values that break a rule are reported together by synth validation.
 */
export class EnvSecretSource implements ISecretSource {
  readonly kind = 'env' as const;
  /** Every secret field written in plain text so far. */
  readonly plaintextFields: PlaintextField[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly allowPlaintext: boolean;

  constructor(props: EnvSecretSourceProps = {}) {
    this.env = props.env ?? process.env;
    this.allowPlaintext = props.allowPlaintext ?? false;
  }

  /**
   * Reads every value of `spec` from the environment; reports problems as validation errors of `scope`.
   * Returns the entries, with an empty string for values that could not be read.
   */
  readValues(scope: Construct, spec: SecretSpec): Record<string, string> {
    const data: Record<string, string> = { ...spec.literals };
    const problems: string[] = [];
    for (const [entry, ref] of Object.entries(spec.secrets ?? {})) {
      const value = this.env[ref.key];
      if (value === undefined || value === '') {
        problems.push(`${ref.field}: environment variable ${ref.key} is not set (needed for ${spec.purpose ?? `key ${entry} of Secret ${spec.namespace}/${spec.name}`})`);
        data[entry] = '';
      } else {
        const hidden = secretValueTextProblem(value);
        if (hidden) problems.push(`${ref.field}: the value of environment variable ${ref.key} ${hidden}`);
        if (ref.check && !ref.check.test(value)) {
          problems.push(`${ref.field}: the value of environment variable ${ref.key} ${ref.check.rule}`);
        }
        data[entry] = value;
      }
    }
    scope.node.addValidation({ validate: () => problems });
    return data;
  }

  materialize(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    const data = this.readValues(scope, spec);
    const secretFields = Object.values(spec.secrets ?? {}).map((ref) => ref.field);
    if (secretFields.length > 0) {
      if (this.allowPlaintext) {
        for (const field of secretFields) this.plaintextFields.push({ field, secret: `${spec.namespace}/${spec.name}` });
      } else {
        scope.node.addValidation({
          validate: () => [
            `${secretFields.join(', ')}: secrets.source env would write the value in plain text into Secret ${spec.namespace}/${spec.name}; ${ENV_PLAINTEXT_REMEDY}`,
          ],
        });
      }
    }
    return plainSecret(scope, id, spec.name, spec.namespace, data);
  }
}

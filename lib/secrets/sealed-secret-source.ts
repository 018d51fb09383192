import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SealedSecret } from '../../imports/sealed-secrets-bitnami.com';
import { EnvSecretSource } from './env-secret-source';
import { parseSealingCertificate, scopeAnnotations, sealSecretData, SealingKey, SealingScope } from './seal';
import { assertNoProblem, DEFAULT_SEALING_SCOPE, sealingScopeProblem } from '../util/rules';
import { plainSecret } from './plain-secret';
import { ISecretSource, SecretSpec } from '../constructs/secret-source';
import { ArgumentError } from '../util/argument-error';

/** Props of {@link SealedSecretSource}. */
export interface SealedSecretSourceProps {
  /** PEM of the sealed-secrets controller's certificate (`kubeseal --fetch-cert`). */
  readonly certificate: string;
  /**
   * Sealing scope: strict binds each value to the Secret's namespace and name, namespace-wide to the namespace,
   * cluster-wide to nothing.
   * @default 'strict'
   */
  readonly scope?: SealingScope;
  /**
   * Where values are read (the same variables as the env source).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The sealing key (`CODECANVAS_SEALING_KEY`, see `seal.ts`): with it the output is deterministic for its
   * holder; without it every synth seals with fresh random keys (the output churns).
   * @default undefined (random sealing)
   */
  readonly sealingKey?: Buffer;
}

/** The config field that names the certificate, for messages. */
export const CERTIFICATE_FIELD = 'secrets.sealedSecrets.certificateFile';

/**
 * Secret values from environment variables at synth time, encrypted with the sealed-secrets controller's
 * certificate into `SealedSecret` objects (bitnami.com/v1alpha1). Every entry is sealed, literals included, so
 * the Secret the controller creates is exactly the one the other sources would create. With a sealing key,
 * sealing is deterministic (see `seal.ts`): the same values, certificate and key give byte-identical output.
 */
export class SealedSecretSource implements ISecretSource {
  readonly kind = 'sealedSecrets' as const;
  /** The sealing scope every SealedSecret is sealed with. */
  readonly scope: SealingScope;
  private readonly key: SealingKey;
  private readonly reader: EnvSecretSource;
  private readonly sealingKey?: Buffer;
  /** Whether the same inputs give byte-identical SealedSecrets (a sealing key is set). */
  readonly deterministic: boolean;

  constructor(props: SealedSecretSourceProps) {
    const scope = props.scope ?? DEFAULT_SEALING_SCOPE;
    assertNoProblem('SealedSecretSource', 'scope', scope, sealingScopeProblem(scope));
    try {
      this.key = parseSealingCertificate(props.certificate);
    } catch (e) {
      throw new ArgumentError(
        `SealedSecretSource: ${CERTIFICATE_FIELD}: the certificate ${describePem(props.certificate)} ${(e as Error).message}; ` +
          'it must be the sealed-secrets controller\'s PEM certificate (kubeseal --fetch-cert > cert.pem)',
      );
    }
    this.scope = scope;
    this.sealingKey = props.sealingKey;
    this.deterministic = props.sealingKey !== undefined;
    this.reader = new EnvSecretSource({ env: props.env });
  }

  materialize(scope: Construct, id: string, spec: SecretSpec): ApiObject {
    // Nothing secret in it (host names, account names, public keys): a plain Secret stays reviewable in Git,
    // as with the Key Vault source.
    if (Object.keys(spec.secrets ?? {}).length === 0) return plainSecret(scope, id, spec.name, spec.namespace, { ...spec.literals });
    const data = this.reader.readValues(scope, spec);
    const annotations = scopeAnnotations(this.scope);
    const hasAnnotations = Object.keys(annotations).length > 0;
    const obj = new SealedSecret(scope, id, {
      metadata: { name: spec.name, namespace: spec.namespace, ...(hasAnnotations ? { annotations } : {}) },
      spec: {
        encryptedData: sealSecretData(this.key, { namespace: spec.namespace, name: spec.name, scope: this.scope }, data, { sealingKey: this.sealingKey }),
        template: {
          metadata: { name: spec.name, namespace: spec.namespace, ...(hasAnnotations ? { annotations: { ...annotations } } : {}) },
          type: 'Opaque',
        },
      },
    });
    return obj;
  }
}

/**
 * What the certificate text looks like, without quoting it: only a PEM header line (never secret) is shown. A path
 * that names the wrong file (a dotenv file, a private key) must not print its first characters into a CI log.
 */
function describePem(text: unknown): string {
  if (typeof text !== 'string') return `(${typeof text})`;
  const first = text.trim().split('\n')[0].trim();
  if (first === '') return '(empty)';
  if (/^-----BEGIN [A-Z0-9 ]{1,60}-----$/.test(first)) return JSON.stringify(first);
  return `(${text.length} characters, not starting with a PEM header)`;
}

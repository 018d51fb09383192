import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertLabel, assertNoProblem, assertSubdomain, DEFAULT_POSTGRES_PORT, portProblem } from '../util/rules';
import { ISecretSource, SecretReference } from './secret-source';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';

import { DEFAULT_DATABASE_SECRET_NAME } from '../util/names';
import { ArgumentError } from '../util/argument-error';

export { DEFAULT_DATABASE_SECRET_NAME };

export interface DatabaseSecretProps extends ConstructMetadataProps {
  /** Namespace of the CodeCanvas application. */
  readonly namespace: string;
  /**
   * Secret name; the chart reads it through `application.secret.postgresql.existingSecretName`.
   * @default 'codecanvas-db-secret-ext'
   */
  readonly name?: string;
  /** PostgreSQL host (`DB_HOST`). */
  readonly host: string;
  /**
   * PostgreSQL port (`DB_PORT`).
   * @default 5432
   */
  readonly port?: number;
  /** Database name (`DB_NAME`). */
  readonly database: string;
  /** Database user (`DB_USERNAME`). */
  readonly username: string;
  /** The password (`DB_PASSWORD`), from the secret source. */
  readonly password: SecretReference;
  /**
   * The CodeCanvas master secret, added as `CODECANVAS_MASTER_SECRET`: the app loads this Secret with `envFrom`
   * and that variable overrides the Helm value, so the master secret never has to sit in chart values.
   * @default - not added
   */
  readonly masterSecret?: SecretReference;
  /** How the Secret reaches the cluster. */
  readonly source: ISecretSource;
}

/**
 * The PostgreSQL Secret of the guide's `codecanvas-db-secret.yaml`: keys DB_HOST, DB_PORT, DB_NAME, DB_USERNAME,
 * DB_PASSWORD. The secret source decides the object: a Secret, an ExternalSecret or a SealedSecret.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/
 */
export class DatabaseSecret extends Resource {
  /** The namespace of the Secret. */
  readonly namespace: string;
  /** The object the secret source created (construct id `Resource`): a Secret, an ExternalSecret or a SealedSecret. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DatabaseSecretProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_DATABASE_SECRET_NAME;
    this.namespace = props.namespace;
    assertSubdomain('DatabaseSecret', 'name', name);
    assertLabel('DatabaseSecret', 'namespace', props.namespace);
    const port = props.port ?? DEFAULT_POSTGRES_PORT;
    assertNoProblem('DatabaseSecret', 'port', port, portProblem(port));
    for (const [field, value] of [['host', props.host], ['database', props.database], ['username', props.username]] as const) {
      if (!value) throw new ArgumentError(`DatabaseSecret: ${field} ${JSON.stringify(value)} must not be empty`);
    }
    const secrets: Record<string, SecretReference> = { DB_PASSWORD: props.password };
    if (props.masterSecret) secrets.CODECANVAS_MASTER_SECRET = props.masterSecret;
    this.apiObject = props.source.materialize(this, 'Resource', {
      name,
      namespace: props.namespace,
      literals: { DB_HOST: props.host, DB_PORT: String(port), DB_NAME: props.database, DB_USERNAME: props.username },
      secrets,
    });
    applyMetadata('DatabaseSecret', this.apiObject, props.metadata);
  }
}

import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/config-types';
import { adminPasswordRule } from '../config/delivery-rules';
import { LetsEncryptClusterIssuer } from '../constructs/lets-encrypt-cluster-issuer';
import { DatabaseSecret } from '../constructs/database-secret';
import { HelmChart, IHelmRenderer, ValuesFromSecret } from '../constructs/helm-chart';
import { Namespace } from '../constructs/namespace';
import { ObjectStorageSecret } from '../constructs/object-storage-secret';
import { EnvSecretSource } from '../secrets/env-secret-source';
import { ISecretSource, SecretReference } from '../constructs/secret-source';
import { codecanvasLookupDependentFields } from './codecanvas-lookup-fields';
import { CodeCanvasChartValues, codecanvasValues } from './codecanvas-values';
import { secretRef } from './secret-names';
import { APPLICATION_CLUSTER, CHART_VALUES_SECRET_NAME, COMMON_LABELS, DEFAULT_CHART_NAMES } from '../util/names';

// Re-exported for existing importers; the names live in lib/util/names.ts.
export { APPLICATION_CLUSTER, CHART_VALUES_SECRET_NAME, COMMON_LABELS };

export interface ApplicationClusterChartProps {
  readonly config: ResolvedConfig;
  readonly secretSource: ISecretSource;
  readonly renderer: IHelmRenderer;
  /** Where plaintext values for chart values are read (admin password with the opt-in). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Everything the guide applies to the CodeCanvas application cluster: the namespace, the ClusterIssuer (when
 * asked for), the database and object-storage Secrets, and the CodeCanvas release.
 */
export class ApplicationClusterChart extends Chart {
  readonly release: HelmChart<CodeCanvasChartValues>;
  /** Fields written into the output in plain text under the opt-in (for the synth's warning). */
  readonly plaintextFields: string[] = [];

  constructor(scope: Construct, props: ApplicationClusterChartProps) {
    // Stryker disable next-line BooleanLiteral: every object here is created with an explicit name, so no name is ever generated (hashed or not)
    super(scope, APPLICATION_CLUSTER, { labels: COMMON_LABELS, disableResourceNameHashes: true });
    const { config, secretSource } = props;
    const namespace = new Namespace(this, 'Namespace', { name: config.namespace });

    if (config.ingress.letsEncrypt) {
      new LetsEncryptClusterIssuer(this, 'ClusterIssuer', {
        name: config.ingress.clusterIssuer,
        email: config.ingress.letsEncrypt.email,
        server: config.ingress.letsEncrypt.server,
        ingressClassName: config.ingress.className,
      });
    }

    const flux = props.renderer.kind === 'flux';
    const masterSecret = secretRef(config, 'masterSecret');
    new DatabaseSecret(this, 'DatabaseSecret', {
      namespace: namespace.name,
      name: config.database.secretName,
      host: config.database.host,
      port: config.database.port,
      database: config.database.name,
      username: config.database.username,
      password: secretRef(config, 'databasePassword'),
      // Flux passes the master secret through valuesFrom; every other renderer through the env override.
      masterSecret: flux ? undefined : masterSecret,
      source: secretSource,
    });
    new ObjectStorageSecret(this, 'ObjectStorageSecret', {
      namespace: namespace.name,
      name: config.objectStorage.secretName,
      accountName: config.objectStorage.accountName,
      container: config.objectStorage.container,
      endpoint: config.objectStorage.endpoint,
      accountKey: config.objectStorage.auth === 'accountKey' ? secretRef(config, 'storageAccountKey') : undefined,
      source: secretSource,
    });

    const valuesFrom: ValuesFromSecret[] = [];
    let adminPassword: string | undefined;
    if (flux) {
      const secrets: Record<string, SecretReference> = { masterSecret };
      valuesFrom.push({ secretName: CHART_VALUES_SECRET_NAME, key: 'masterSecret', targetPath: 'application.secret.codecanvas.masterSecret' });
      if (config.localAdministrator.setPassword) {
        secrets.adminPassword = secretRef(config, 'adminPassword');
        valuesFrom.push({
          secretName: CHART_VALUES_SECRET_NAME,
          key: 'adminPassword',
          targetPath: 'application.secret.codecanvas.localAdministrator.password',
        });
      }
      secretSource.materialize(this, 'ChartValuesSecret', { name: CHART_VALUES_SECRET_NAME, namespace: namespace.name, secrets });
    } else if (config.localAdministrator.setPassword) {
      adminPassword = this.plaintextAdminPassword(config, props.env ?? process.env);
    }

    const chart = config.application.chart;
    const values = codecanvasValues(config, { adminPassword });
    this.release = new HelmChart<CodeCanvasChartValues>(this, 'CodeCanvas', {
      chart: { repository: chart.repository, name: chart.name ?? DEFAULT_CHART_NAMES.application, version: chart.version },
      releaseName: config.application.releaseName,
      namespace: namespace.name,
      values,
      valuesFrom,
      lookupDependentFields: codecanvasLookupDependentFields(config.application.releaseName, namespace.name, chart.name ?? DEFAULT_CHART_NAMES.application, values),
      renderer: props.renderer,
    });
  }

  /** The admin password for renderers that can only carry it inside the values, under the plaintext opt-in. */
  private plaintextAdminPassword(config: ResolvedConfig, env: NodeJS.ProcessEnv): string | undefined {
    // The config rules refuse these combinations; a hand-made config passed to this chart gets the same sentence.
    const refused = adminPasswordRule(config.delivery.mode, config.secrets.source, config.secrets.allowPlaintextSecrets);
    if (refused) {
      this.node.addValidation({ validate: () => [`localAdministrator.setPassword: is true; ${refused}`] });
      return undefined;
    }
    const ref = secretRef(config, 'adminPassword');
    // Only readValues is used: it reads the variable; the plaintext opt-in (checked above) matters only to materialize.
    const reader = new EnvSecretSource({ env });
    const value = reader.readValues(this, {
      // Stryker disable next-line StringLiteral: no Secret is written here, and purpose replaces the name in readValues' only message
      name: 'chart-values',
      namespace: config.namespace,
      secrets: { password: ref },
      purpose: `the local administrator password in the chart values of release ${config.application.releaseName}`,
    }).password;
    this.plaintextFields.push(`${ref.field} (chart values of release ${config.application.releaseName})`);
    return value;
  }
}

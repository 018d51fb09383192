import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationClusterChart } from './charts/application-cluster-chart';
import { rendererFor } from './charts/delivery';
import { DevEnvironmentClusterChart } from './charts/dev-environment-cluster-chart';
import { devKeyVaultClientId, hasOwnSecretSource, keyVaultClientIdField, secretSourceFor } from './charts/secret-source-for';
import { secretVariableIssues } from './charts/secret-variables';
import { ConfigError, ConfigIssue, formatIssue } from './config/errors';
import { parseConfig } from './config/load';
import { findSecretValues } from './config/secret-rules';
import type { CodeCanvasConfig, ResolvedConfig } from './config/config-types';
import { ISecretSource } from './constructs/secret-source';
import { applySyncWaves } from './constructs/sync-wave';
import { EnvSecretSource } from './secrets/env-secret-source';
import { SEALING_KEY_ENV } from './secrets/seal';
import { SealedSecretSource } from './secrets/sealed-secret-source';

/** Props of {@link CodeCanvasInstallation}. */
export interface CodeCanvasInstallationProps {
  /**
   * The installation, as in a `codecanvas.yaml` file (see docs/configuration.md). It is validated here:
   * every broken rule is reported at once in a `ConfigError`. The result of `loadConfigFile` or `parseConfig`
   * can be passed as well.
   */
  readonly config: CodeCanvasConfig | ResolvedConfig;
  /**
   * Folder that relative paths in the config (the sealing certificate) resolve against.
   * @default - the current working directory
   */
  readonly baseDir?: string;
  /**
   * How error messages name the config, such as its file name.
   * @default 'config'
   */
  readonly source?: string;
  /**
   * Where the env and sealedSecrets secret sources (and the admin password under the plaintext opt-in) read values.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Where secret values come from and how Secrets reach the clusters. When given, every cluster uses it (a dev
   * cluster's own `keyVault.clientId` or `sealedSecrets.certificateFile` is then not read).
   * @default - the source `config.secrets` describes; a dev cluster with its own Key Vault identity or Sealed
   * Secrets certificate gets a source of its own
   */
  readonly secretSource?: ISecretSource;
  /**
   * Whether to annotate every object with its Argo CD sync wave (`argocd.argoproj.io/sync-wave`): Namespaces
   * first, then cluster-scoped prerequisites, Secrets, and releases (`applySyncWaves`). The output writer of the
   * `codecanvas-cdk8s` command needs them; a plain `cdk8s synth` does not. With `false` no object gets one (neither
   * the constructs nor the Helm renderers set waves themselves).
   * @default true
   */
  readonly syncWaves?: boolean;
}

/**
 * A whole CodeCanvas installation on Azure AKS: one cdk8s `Chart` per cluster, the application cluster's chart
 * (id `application`) and one per dev-environment cluster (id = the cluster's name), added under this construct,
 * so an existing cdk8s app can hold CodeCanvas next to its own charts and synthesize it with `cdk8s synth`.
 * `delivery.mode: helm` is the exception: its values files and `install.sh` are written only by the
 * `codecanvas-cdk8s synth` command, so `app.synth()` refuses it (a validation error per chart) instead of writing
 * manifests without them.
 *
 * @example
 * const app = new App();
 * new CodeCanvasInstallation(app, 'CodeCanvas', loadConfigFile('codecanvas.yaml'));
 * app.synth();
 */
export class CodeCanvasInstallation extends Construct {
  /** The validated config with every default applied. */
  readonly config: ResolvedConfig;
  /** The application cluster's chart. */
  readonly application: Chart;
  /** One chart per dev-environment cluster, in config order. */
  readonly devEnvironments: readonly Chart[];
  /** Every chart of the installation: the application cluster first. */
  readonly charts: readonly Chart[];
  /** The secret source the Secrets were materialized with (the application cluster's; see `secretSource` of the props). */
  readonly secretSource: ISecretSource;
  private readonly applicationChart: ApplicationClusterChart;
  private readonly devEnvironmentCharts: readonly DevEnvironmentClusterChart[];

  constructor(scope: Construct, id: string, props: CodeCanvasInstallationProps) {
    super(scope, id);
    const source = props.source ?? 'config';
    const env = props.env ?? process.env;
    // Without a source of the caller's, the config's reads environment variables: reported with the config's problems.
    this.config = parseConfig(props.config, source, props.secretSource ? {} : { moreIssues: (raw) => secretVariableIssues(raw, env) });
    const config = this.config;
    // Every cluster's own source is built up front, so that an unreadable certificate of each is reported at once.
    const baseDir = props.baseDir ?? process.cwd();
    const sources = secretSourcesFor(config, props.secretSource, baseDir, env, source);
    this.secretSource = sources.application;
    this.applicationChart = new ApplicationClusterChart(this, {
      config,
      secretSource: this.secretSource,
      renderer: rendererFor(config),
      env,
    });
    this.application = this.applicationChart;
    this.devEnvironmentCharts = config.devEnvironmentClusters.map(
      (cluster, index) =>
        new DevEnvironmentClusterChart(this, {
          config,
          index,
          secretSource: sources.clusters[index],
          renderer: rendererFor(config, cluster, this.applicationChart),
        }),
    );
    this.devEnvironments = this.devEnvironmentCharts;
    this.charts = [this.application, ...this.devEnvironments];
    if (props.syncWaves ?? true) {
      for (const chart of this.charts) applySyncWaves(chart);
    }
  }

  /**
   * Fields written into the output in plain text under the `secrets.allowPlaintextSecrets` opt-in, for warnings:
   * env-sourced Secrets, the admin password in chart values, and known chart secrets set in free-form `values`.
   */
  get plaintextFields(): string[] {
    const source = this.secretSource;
    const config = this.config;
    const inValues = findSecretValues(config.application.values, ['application', 'values']);
    config.devEnvironmentClusters.forEach((cluster, index) => {
      for (const release of ['relay', 'jump', 'operator'] as const) {
        inValues.push(...findSecretValues(cluster[release].values, ['devEnvironmentClusters', index, release, 'values']));
      }
    });
    return [
      ...(source instanceof EnvSecretSource ? source.plaintextFields.map((p) => `${p.field} (Secret ${p.secret})`) : []),
      ...this.applicationChart.plaintextFields,
      ...inValues.map((issue) => `${issue.path} (chart values)`),
    ];
  }

  /**
   * What a user should read before committing the output, one sentence each: plaintext fields written under the
   * opt-in, releases left out because their instance IDs are not set yet, a `gitops` section that the delivery
   * mode does not use or that this construct does not write (the bootstrap is the `codecanvas-cdk8s` command's),
   * and secret settings the chosen source does not read. Read them after constructing: nothing else reports them
   * under a plain `cdk8s synth`.
   */
  get warnings(): string[] {
    const mode = this.config.delivery.mode;
    const gitopsUnused =
      this.config.gitops && mode !== 'argocd' && mode !== 'flux'
        ? [`gitops: not used with delivery.mode ${mode} (no bootstrap written); Argo CD or Flux delivery syncs the folders from Git`]
        : [];
    const bootstrap = bootstrapNotWrittenWarning(this.config);
    return [
      ...gitopsUnused,
      ...(bootstrap ? [bootstrap] : []),
      ...unusedSecretSettings(this.config),
      ...this.plaintextFields.map((field) => `${field} is written in plain text into the output (secrets.allowPlaintextSecrets: true)`),
      ...this.devEnvironmentCharts.flatMap((d) => d.skippedReleases),
    ];
  }

  /**
   * Other things a user should know about the output, one sentence each: SealedSecrets sealed without a sealing
   * key (so every synth changes them).
   */
  get notes(): string[] {
    const source = this.secretSource;
    return source instanceof SealedSecretSource && !source.deterministic
      ? [
          `${SEALING_KEY_ENV} is not set: SealedSecrets are sealed with fresh random keys, so every synth changes them (the output churns). ` +
            'Generate a sealing key once with `codecanvas-cdk8s keys` and keep it in the environment of every synth, outside Git.',
        ]
      : [];
  }
}

/**
 * The secret source of each chart: `given` for all, or the config's, where a dev cluster with its own Key Vault
 * identity or Sealed Secrets certificate gets a source of its own. The config problems of all of them (an
 * unreadable certificate per cluster) come in one ConfigError.
 */
function secretSourcesFor(
  config: ResolvedConfig,
  given: ISecretSource | undefined,
  baseDir: string,
  env: NodeJS.ProcessEnv,
  source: string,
): { application: ISecretSource; clusters: ISecretSource[] } {
  if (given) return { application: given, clusters: config.devEnvironmentClusters.map(() => given) };
  // Keyed by the line the report shows: a problem every source meets (a malformed sealing key) is shown once.
  const issues = new Map<string, ConfigIssue>();
  const add = (found: readonly ConfigIssue[]) => {
    for (const issue of found) issues.set(formatIssue(issue), issue);
  };
  const attempt = (cluster?: number): ISecretSource | undefined => {
    try {
      return secretSourceFor(config, baseDir, env, source, cluster);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      add(e.issues);
      return undefined;
    }
  };
  const application = attempt();
  const clusters = config.devEnvironmentClusters.map((_, index) => (hasOwnSecretSource(config, index) ? attempt(index) : application));
  if (issues.size > 0) {
    // The variables the sources would read are reported in the same run as the certificate or sealing key.
    add(secretVariableIssues(config, env));
    throw new ConfigError(source, [...issues.values()]);
  }
  return { application: application!, clusters: clusters as ISecretSource[] };
}

/**
 * A `gitops` section under delivery.mode argocd or flux asks for the GitOps bootstrap (dist/bootstrap/), which only
 * the `codecanvas-cdk8s` command writes, not this construct: the warning a library user gets for it.
 */
export function bootstrapNotWrittenWarning(config: ResolvedConfig): string | undefined {
  const mode = config.delivery.mode;
  if (!config.gitops || (mode !== 'argocd' && mode !== 'flux')) return undefined;
  return (
    `gitops: not written by CodeCanvasInstallation: the ${mode === 'argocd' ? 'Argo CD Applications' : 'Flux GitRepository and Kustomizations'} ` +
    'that sync the cluster folders from Git (bootstrap/) are written only by the codecanvas-cdk8s synth command; run it for them, or apply your own'
  );
}

/**
 * Secret settings the chosen source does not read, one sentence each: another source's section (kept for the
 * `keys` command while switching sources, so a warning, not an error), and the source key of a secret the
 * installation does not use.
 */
function unusedSecretSettings(config: ResolvedConfig): string[] {
  const secrets = config.secrets;
  const out: string[] = [];
  const sections = { keyVault: secrets.keyVault, sealedSecrets: secrets.sealedSecrets } as const;
  for (const [source, section] of Object.entries(sections)) {
    if (section && secrets.source !== source) {
      out.push(`secrets.${source}: not used by synth with secrets.source ${secrets.source} (only \`keys --format ${source === 'keyVault' ? 'keyvault' : 'sealed'}\` reads it); remove it once you no longer switch sources`);
    }
  }
  config.devEnvironmentClusters.forEach((cluster, index) => {
    const at = `devEnvironmentClusters[${index}]`;
    for (const section of ['keyVault', 'sealedSecrets'] as const) {
      if (cluster[section] !== undefined && secrets.source !== section) {
        out.push(`${at}.${section}: not used with secrets.source ${secrets.source}; remove it, or set secrets.source ${section}`);
      }
    }
    if (secrets.source === 'keyVault' && cluster.keyVault === undefined && (cluster.jump.enabled || cluster.operator.enabled)) {
      const field = keyVaultClientIdField(config);
      const shared = field === 'workloadIdentity.clientId' ? `${field} (the application's identity, which also holds Storage Blob Data Contributor)` : field;
      out.push(
        `${at}.keyVault.clientId: not set: the Key Vault reader of ${cluster.name} logs in as ${shared}, client ID ${devKeyVaultClientId(config, cluster)}, ` +
          'which also reads the application\'s secrets; give the cluster its own managed identity (least privilege, see docs/secrets.md)',
      );
    }
  });
  if (secrets.names.storageAccountKey !== undefined && config.objectStorage.auth !== 'accountKey') {
    out.push(`secrets.names.storageAccountKey: not used: objectStorage.auth is ${config.objectStorage.auth}, so no storage account key is read`);
  }
  if (secrets.names.adminPassword !== undefined && !config.localAdministrator.setPassword) {
    out.push('secrets.names.adminPassword: not used: localAdministrator.setPassword is false, so the CodeCanvas application generates the password at its first start and none is read');
  }
  return out;
}

import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { LoadedConfig } from '../lib/config/load';
import { bootstrapNotWrittenWarning, CodeCanvasInstallation } from '../lib/codecanvas-installation';
import { writesOutputFiles } from '../lib/constructs/output-file';
import { ISecretSource } from '../lib/constructs/secret-source';
import { BootstrapChart, bootstrapPlan, ClusterFolder } from './output/bootstrap-chart';
import { withFastRender } from './output/fast-render';
import { bootstrapFiles, Manifest, OutputEntry, renderChart } from './output/layout';
import { FederatedServiceAccount, installGuide, keyVaultReaderPurpose } from './output/install-guide';
import { packageRoot, packageVersion } from '../lib/paths';
import { ArgumentError } from '../lib/util/argument-error';
import { HELM_FOLDER } from '../lib/util/names';
import * as path from 'path';

/** Problems found while building the output (missing env variables, plaintext without opt-in, ...). */
export class SynthError extends Error {
  constructor(
    readonly problems: readonly string[],
    /** The config file the problems come from, named in the message. */
    readonly source?: string,
  ) {
    super(
      `${source ? `${source}: ` : ''}synth failed: ${problems.length} problem${problems.length === 1 ? '' : 's'} found\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'SynthError';
  }
}

export interface SynthOptions {
  /** Where env-sourced secret values are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Called with each cluster's files, then each GitOps bootstrap's, as soon as they are rendered, before the rest is
   * (the command's writer starts writing them then); each of them is in the result's `files`, INSTALL.md is not
   * handed over. Nothing is called when synth fails before rendering.
   */
  readonly onFiles?: (files: readonly OutputEntry[]) => void;
}

export interface Installation {
  readonly app: App;
  readonly installation: CodeCanvasInstallation;
  readonly application: Chart;
  readonly devEnvironments: readonly Chart[];
}

export interface SynthResult {
  readonly files: readonly OutputEntry[];
  /**
   * One sentence each: fields written in plain text under the `allowPlaintextSecrets` opt-in, and releases left
   * out because their instance IDs are not set yet.
   */
  readonly warnings: readonly string[];
  /** Other things the user should know about the output (such as sealing without a sealing key). */
  readonly notes?: readonly string[];
}

/** Builds the construct tree of an installation: a `CodeCanvasInstallation` (one cdk8s Chart per cluster) in a new App. */
export function buildInstallation(
  loaded: LoadedConfig,
  options: SynthOptions = {},
): Installation & { warnings: () => string[]; secretSource: ISecretSource } {
  // No outdir: cdk8s never writes this App; the command's writer puts every file on disk, the values files and install
  // scripts included (cli/output/layout.ts).
  const app = new App();
  writesOutputFiles(app);
  const installation = new CodeCanvasInstallation(app, 'CodeCanvas', {
    config: loaded.config,
    baseDir: loaded.baseDir,
    source: loaded.source,
    env: options.env ?? process.env,
  });
  return {
    app,
    installation,
    application: installation.application,
    devEnvironments: installation.devEnvironments,
    warnings: () => installation.warnings,
    secretSource: installation.secretSource,
  };
}

/**
 * The service accounts of a chart's output that log in to Azure with Workload Identity (Key Vault readers), read
 * from its objects as chartFiles rendered them (each object is rendered once). Exported for its unit test.
 */
export function federatedServiceAccounts(chart: Chart, manifests: readonly Manifest[]): FederatedServiceAccount[] {
  return manifests
    .filter((o) => o.kind === 'ServiceAccount')
    .map((o) => o as { metadata: { name: string; namespace: string; annotations?: Record<string, string> } })
    .filter((o) => o.metadata.annotations?.['azure.workload.identity/client-id'])
    .map((o) => ({
      cluster: chart.node.id,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      clientId: o.metadata.annotations!['azure.workload.identity/client-id'],
      purpose: keyVaultReaderPurpose(chart.node.id),
    }));
}

/** The GitOps bootstraps (config `gitops`) for the cluster folders in `clusterFiles`. */
function bootstrapCharts(app: App, config: LoadedConfig['config'], clusterFiles: readonly OutputEntry[]): BootstrapChart[] {
  const gitops = config.gitops;
  if (!gitops) return [];
  return bootstrapPlan(config, clusterFolders(clusterFiles)).map((b) => new BootstrapChart(app, { config: { ...config, gitops }, ...b }));
}

/**
 * The cluster folders of the output, in the order first seen, each with the files directly in it, sorted: what a
 * GitOps bootstrap syncs. helm/ (values files and install scripts, for delivery.mode helm) and deeper paths are not
 * cluster folders. Exported for its unit test.
 */
export function clusterFolders(files: readonly OutputEntry[]): ClusterFolder[] {
  const folders = files
    .map((f) => f.path.split('/'))
    .filter((parts) => parts.length === 2 && parts[0] !== HELM_FOLDER)
    .reduce((map, [cluster, file]) => map.set(cluster, [...(map.get(cluster) ?? []), file]), new Map<string, string[]>());
  return [...folders.entries()].map(([cluster, inFolder]) => ({ cluster, files: inFolder.sort() }));
}

/** Every validation error in the tree, each prefixed with its construct path. */
export function validationErrors(app: IConstruct): string[] {
  return app.node
    .findAll()
    .flatMap((c) => c.node.validate())
    .filter((message, index, all) => all.indexOf(message) === index);
}

/**
 * Synthesizes an installation into output files, in memory. Throws SynthError with every problem found. Objects are
 * rendered with cdk8s's resolve replaced by an equal but cheaper one for the run (output/fast-render.ts).
 */
export function synthesize(loaded: LoadedConfig, options: SynthOptions = {}): SynthResult {
  return withFastRender(() => synthesizeFiles(loaded, options));
}

function synthesizeFiles(loaded: LoadedConfig, options: SynthOptions): SynthResult {
  const installation = argumentChecked(loaded, () => buildInstallation(loaded, options));
  const problems = validationErrors(installation.app);
  if (problems.length > 0) throw new SynthError(problems, loaded.source);
  // Only the files and the service accounts are kept of each rendered chart, not its objects as JSON.
  const rendered = installation.installation.charts.map((chart) => {
    const { files, manifests } = renderChart(chart);
    options.onFiles?.(files);
    return { files, serviceAccounts: federatedServiceAccounts(chart, manifests) };
  });
  const clusterFiles = rendered.flatMap((r) => r.files);
  const bootstrap = argumentChecked(loaded, () => bootstrapCharts(installation.app, loaded.config, clusterFiles));
  const bootstrapProblems = bootstrap.flatMap((b) => validationErrors(b));
  if (bootstrapProblems.length > 0) throw new SynthError(bootstrapProblems, loaded.source);
  const bootstrapOutput = bootstrap.flatMap((b) => {
    const files = bootstrapFiles(b, b.folder);
    options.onFiles?.(files);
    return files;
  });
  const guide = { path: 'INSTALL.md', content: installGuide(loaded.config, displayPath(loaded.source), { serviceAccounts: rendered.flatMap((r) => r.serviceAccounts), toolVersion: packageVersion() }) };
  // By path, as code units. No two files share a path (cluster names are unique and none is a reserved folder), so the
  // comparison never needs to return 0.
  // Stryker disable next-line EqualityOperator: paths are unique, so `<=` orders them as `<` does
  const files = [...clusterFiles, ...bootstrapOutput, guide].sort((a, b) => (a.path < b.path ? -1 : 1));
  // This function writes the bootstrap, so the library's warning that it is not written does not apply.
  const warnings = installation.warnings().filter((w) => w !== bootstrapNotWrittenWarning(loaded.config));
  return { files, warnings, notes: installation.installation.notes };
}

/**
 * `build()`, with a construct's argument check (an ArgumentError: construct, field, value and rule) reported as a
 * problem of the input. Every other error (a TypeError, an error of cdk8s or the file system) is a bug and goes on
 * to the CLI's last-resort handler: the config rules are meant to refuse every input that a construct would.
 */
function argumentChecked<T>(loaded: LoadedConfig, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ArgumentError) throw new SynthError([e.message], loaded.source);
    throw e;
  }
}

/** How output files name the config: relative to the package when inside it, else its file name (stable across machines). */
function displayPath(source: string): string {
  const rel = path.relative(packageRoot(), path.resolve(source));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.basename(source) : rel.split(path.sep).join('/');
}
